"""The small things a new user meets in the first hour: a mistyped pack name, counts, leftovers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

VALID = Path(__file__).parent / "packs" / "valid"


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("hanoi-summit", "apec-2027"):
        shutil.copytree(VALID, tmp_path / "facts" / name)
    (tmp_path / "facts" / "notes").mkdir()  # a folder without pack.yaml is not a pack
    monkeypatch.chdir(tmp_path)
    return tmp_path / "facts"


def test_a_mistyped_pack_name_suggests_the_closest_and_lists_the_packs(runner: CliRunner, facts: Path) -> None:
    result = runner.invoke(cli, ["check", "hanoi-sumit"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: hanoi-sumit: no such pack (no folder 'hanoi-sumit', no 'facts/hanoi-sumit'); "
                             "did you mean 'hanoi-summit'; packs under facts/: apec-2027, hanoi-summit\n")


def test_an_unknown_pack_name_lists_the_packs_without_a_guess(runner: CliRunner, facts: Path) -> None:
    result = runner.invoke(cli, ["build", "zzz"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: zzz: no such pack (no folder 'zzz', no 'facts/zzz'); "
                             "packs under facts/: apec-2027, hanoi-summit\n")


def test_check_counts_one_record_in_the_singular(runner: CliRunner, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init", "solo"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["check", "solo"])
    assert result.stdout.splitlines()[-1] == ("facts/solo: 1 record, 0 excerpts, 0 problems, 0 warnings, "
                                              "1 source unchecked")


def test_a_build_leaves_no_lock_file_behind(runner: CliRunner, facts: Path) -> None:
    result = runner.invoke(cli, ["build", "hanoi-summit", "--lang", "vi", "--format", "md"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (facts.parent / "out").iterdir()) == [".briefgen-manifest.json",
                                                                       "mekong-forum.vi.audit.json",
                                                                       "mekong-forum.vi.md"]  # its id
