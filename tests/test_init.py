"""`briefgen init NAME`: a new pack that passes `check`, never written over an existing folder."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.errors import UsageProblem
from briefgen.pack.scaffold import create_pack

FILES = ["numbers.yaml", "pack.yaml", "people.yaml", "positions.yaml", "quotes.yaml", "summits.yaml"]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_creates_a_pack_that_passes_check(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(cli, ["init", "apec-2027"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == ("created facts/apec-2027/ (pack.yaml, numbers.yaml, quotes.yaml, people.yaml, "
                             "positions.yaml, summits.yaml)\n")
    assert sorted(p.name for p in (in_tmp / "facts" / "apec-2027").iterdir()) == FILES
    check = runner.invoke(cli, ["check", "apec-2027"], catch_exceptions=False)
    assert check.exit_code == 0
    assert check.stderr == ""
    assert check.stdout.splitlines() == [
        ("facts/apec-2027/pack.yaml:13: sources: unchecked: source 'example-source': no --sources folder given; "
         "excerpts not checked against the text (0 excerpts)"),
        "facts/apec-2027: 1 record, 0 excerpts, 0 problems, 0 warnings, 1 source unchecked",
    ]


def test_init_pack_is_named_and_dated(runner: CliRunner, in_tmp: Path) -> None:
    runner.invoke(cli, ["init", "apec-2027"], catch_exceptions=False)
    listed = runner.invoke(cli, ["list", "apec-2027", "--json", "--kind", "sources"], catch_exceptions=False)
    assert listed.exit_code == 0
    assert '"published": "' + date.today().isoformat() + '"' in listed.stdout
    text = (in_tmp / "facts" / "apec-2027" / "pack.yaml").read_text(encoding="utf-8")
    assert re.search(r"^id: apec-2027 ", text, re.MULTILINE)


def test_init_refuses_an_existing_folder_and_leaves_it_alone(runner: CliRunner, in_tmp: Path) -> None:
    folder = in_tmp / "facts" / "apec-2027"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("editor's notes", encoding="utf-8")
    result = runner.invoke(cli, ["init", "apec-2027"])
    assert result.exit_code == 2
    assert result.stderr == "Error: facts/apec-2027: already exists; choose another name\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "editor's notes"


def test_init_twice_refuses_the_second_time(runner: CliRunner, in_tmp: Path) -> None:
    assert runner.invoke(cli, ["init", "apec-2027"]).exit_code == 0
    before = (in_tmp / "facts" / "apec-2027" / "pack.yaml").read_bytes()
    assert runner.invoke(cli, ["init", "apec-2027"]).exit_code == 2
    assert (in_tmp / "facts" / "apec-2027" / "pack.yaml").read_bytes() == before


@pytest.mark.parametrize("name", ["APEC", "apec_2027", "apec 2027", "../apec", ""])
def test_init_refuses_a_name_that_is_not_an_id(runner: CliRunner, in_tmp: Path, name: str) -> None:
    result = runner.invoke(cli, ["init", name])
    assert result.exit_code == 2
    assert result.stderr == f"Error: '{name}' is not a valid pack id (lowercase letters, digits and '-')\n"
    assert not (in_tmp / "facts").exists() or list((in_tmp / "facts").iterdir()) == []


def test_init_leaves_no_staging_folder(in_tmp: Path) -> None:
    create_pack("apec-2027", in_tmp / "facts", date(2027, 11, 1))
    assert [p.name for p in (in_tmp / "facts").iterdir()] == ["apec-2027"]


def test_create_pack_raises_usage_problem_for_an_existing_folder(in_tmp: Path) -> None:
    create_pack("apec-2027", in_tmp / "facts")
    with pytest.raises(UsageProblem):
        create_pack("apec-2027", in_tmp / "facts")


def uncomment_example(text: str) -> str:
    """The commented example record of a scaffold file, as live YAML."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# - id:"))
    body = [line[2:] for line in lines[start:] if line.startswith("# ")]
    return "\n".join(body) + "\n"


def test_init_examples_are_valid_records_once_uncommented(runner: CliRunner, in_tmp: Path) -> None:
    """The examples in the comments teach the format: they must not rot."""
    # A past day: `check` warns of a verified_on in the future (the examples are verified "today").
    create_pack("apec-2027", in_tmp / "facts", date(2025, 11, 1))
    folder = in_tmp / "facts" / "apec-2027"
    for name in ("people.yaml", "quotes.yaml", "positions.yaml", "summits.yaml"):
        (folder / name).write_text(uncomment_example((folder / name).read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(cli, ["check", "apec-2027"])
    assert result.stderr == ""
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "facts/apec-2027: 5 records, 3 excerpts, 0 problems, 0 warnings, 1 source unchecked")
