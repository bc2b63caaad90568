"""`check` on two cores (parallel.py) prints exactly what the single-process check prints.

A generated pack (benchmarks/generate.py) is spoiled in several files at once: findings whose
order depends on the file and line (several on one line), tone spellings first seen in
numbers.yaml (read by the worker) and repeated otherwise in later files, unreadable sources,
and structural errors on either side. Each is checked both ways, text and JSON.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen._speed.check_split
from briefgen.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the parallel check needs os.fork")

ROOT = Path(__file__).resolve().parents[1]


def _generate() -> object:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    _generate().make_pack(root / "pack", 400, seed=3, sources_dir=root / "sources")  # type: ignore[attr-defined]
    return root


def _every(pattern: str, repl: str, text: str, every: int) -> str:
    """`re.sub`, but only on every `every`-th match."""
    seen = [0]

    def one(m: re.Match[str]) -> str:
        seen[0] += 1
        return m.expand(repl) if seen[0] % every == 0 else m.group()

    return re.sub(pattern, one, text)


def _spoil(root: Path, broken: str | None) -> None:
    pack = root / "pack"

    def edit(name: str, *subs: tuple[str, str, int]) -> None:
        text = (pack / name).read_text(encoding="utf-8")
        for pattern, repl, every in subs:
            text = _every(pattern, repl, text, every)
        (pack / name).write_text(text, encoding="utf-8")

    flow = ('- {id: flow-rec, value: 5, label: {vi: "thủy điện hoà", en: "hydro"}, as_of: 2025-10-26, '
            'status: verified, verified_by: "a", verified_on: 2025-10-27, evidence: [{source: src-00001, '
            'excerpt: "không có"}, {source: src-00002, excerpt: "hai 5"}]}\n\n')
    text = (pack / "numbers.yaml").read_text(encoding="utf-8")
    (pack / "numbers.yaml").write_text(text.replace("\n- id: ", "\n" + flow + "- id: ", 1), encoding="utf-8")
    edit("numbers.yaml", (r'(excerpt: ")Đại diện', r"\1Đai diện", 5), (r"(\n  value: )(\d)", r"\g<1>9\2", 7),
         (r'(label:\n    vi: ")', r"\1hòa bình và ", 4), (r"(\n  approx: )about", r"\1more_than", 3),
         (r'(en: ")(\w)', "\\1\u0430\\2", 9))
    edit("quotes.yaml", (r'(\n  text: ")(\S)', r"\1Rằng \2", 6), (r'(context: \{vi: ")', r"\1hoà giải ", 3),
         (r'(context: \{vi: ")', "\\1\u200bthuỷ ", 5))
    edit("positions.yaml", (r'(summary:\n    vi: ")', r"\1thuỷ lợi, hòa ", 4))
    edit("summits.yaml", (r'(name:\n    vi: ")', r"\1Vieät Nam ", 5))
    (root / "sources" / "bench-400-s3-00003.txt").write_text("changed", encoding="utf-8")  # sha256 differs
    # A source without a file: 'unchecked', counting the excerpts both processes hold.
    edit("pack.yaml", (r'\n    file: "bench-400-s3-00002.txt"', "", 1))
    (pack / "notes.yml").write_text("x: 1\n", encoding="utf-8")
    if broken == "numbers":
        edit("numbers.yaml", (r"(\n  as_of: )2025", r"\g<1>2O25", 30), (r"(source: )src-0000(\d)", r"\1nope-\2", 9))
    elif broken == "quotes":
        edit("quotes.yaml", (r"(speaker: )person-(\d)", r"\1ghost-\2", 11))
    elif broken == "yaml":
        edit("summits.yaml", (r"\n- id: summit-5\n", "\n- id: summit-5\n bad: [\n", 1))
    elif broken == "pack":
        edit("pack.yaml", (r"\ndate: 2025-10-26", "\ndate: someday", 1))


def _check(args: list[str], monkeypatch: pytest.MonkeyPatch, parallel: bool) -> tuple[int, str, str]:
    monkeypatch.setattr(briefgen._speed.check_split, "PARALLEL_FROM_BYTES", 0 if parallel else 1 << 60)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("broken", [None, "numbers", "quotes", "yaml", "pack"])
@pytest.mark.parametrize("with_sources", [True, False])
@pytest.mark.parametrize("as_json", [False, True])
def test_parallel_check_prints_what_one_process_prints(generated: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, broken: str | None,
                                                       with_sources: bool, as_json: bool) -> None:
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    _spoil(root, broken)
    monkeypatch.chdir(root)
    args = ["pack"] + (["--sources", "sources"] if with_sources else []) + (["--json"] if as_json else [])
    one = _check(args, monkeypatch, parallel=False)
    two = _check(args, monkeypatch, parallel=True)
    assert two == one
    expected_exit = 2 if broken else 1
    assert one[0] == expected_exit
    if not as_json and broken is None:
        output = one[1] + one[2]
        # The spoiling reached both processes' files, and cross-file tone findings name numbers.yaml.
        for file in ("numbers", "quotes", "positions", "summits"):
            assert f"pack/{file}.yaml:" in output
        assert re.search(r"pack/positions.yaml:\d+: summary.vi: warning: ‘thuỷ’ here and ‘thủy’ at "
                         r"pack/numbers.yaml:\d+", output)
        assert not with_sources or re.search(r"unchecked: source 'src-00002': source has no file; its excerpts cannot be checked "
                         r"\(\d+ excerpts\)", output)


def test_the_parallel_path_is_taken(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the test above: with the threshold at 0 the worker really runs."""
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.chdir(generated)
    assert _check(["pack", "--sources", "sources"], monkeypatch, parallel=True)[0] == 0
    assert len(forked) == 1


def test_a_failing_worker_is_an_error_not_missing_findings(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom in the worker")

    monkeypatch.setattr(briefgen._speed.check_split, "_worker_files", explode)
    monkeypatch.chdir(generated)
    code, out, err = _check(["pack", "--sources", "sources"], monkeypatch, parallel=True)
    assert code == 2
    assert "worker process failed" in err and "boom in the worker" in err
    assert "0 problems" not in out


def test_a_worker_that_dies_is_an_error(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*args: object, **kwargs: object) -> object:
        os._exit(9)

    monkeypatch.setattr(briefgen._speed.check_split, "_worker_files", die)
    monkeypatch.chdir(generated)
    code, _out, err = _check(["pack", "--sources", "sources"], monkeypatch, parallel=True)
    assert code == 2
    assert "worker process ended without its findings" in err
