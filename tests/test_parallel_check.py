"""`check` of a large pack in parts, on two cores, prints exactly what the single pass prints.

A large pack is checked in parts (pack/check_parts.py: numbers.yaml and summits.yaml; quotes,
people and positions), each read by a worker of `parallel_map`, and merged. Every comparison here runs one
pack three ways, text and JSON: the single pass (`load_pack`, `check_pack`), the parts in forked
workers, and the parts one after the other in this process (the merge alone, without forks).

A generated pack (benchmarks/generate.py) is spoiled in every file at once: findings whose order
depends on the file and line (several on one line), tone spellings first seen in pack.yaml, in
numbers.yaml (the first part) or in quotes.yaml (the second) and written otherwise in later
files of either part (summits.yaml, after the second part's files, too), texts holding words of
both kinds, unreadable sources, and structural errors in either part.
"""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from benchscripts import benchmark_script
from click.testing import CliRunner, Result

import briefgen.pack.check_parts
from briefgen import report
from briefgen._speed import parallel
from briefgen.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="checking parts on two cores needs os.fork")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
WAYS = ("one pass", "forked parts", "parts here")


def _generate() -> Any:
    return benchmark_script("generate")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    _generate().make_pack(root / "pack", 400, seed=3, sources_dir=root / "sources")
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
    # Tone spellings first seen in pack.yaml (Hoà), numbers.yaml (thủy: the flow record), quotes.yaml
    # (khoẻ), each written otherwise later, in either part, and both kinds in one text.
    edit("quotes.yaml", (r'(\n  text: ")(\S)', r"\1Rằng \2", 6), (r'(context: \{vi: ")', r"\1hoà giải ", 3),
         (r'(context: \{vi: ")', "\\1\u200bthuỷ ", 5), (r'(context: \{vi: ")', r"\1sức khoẻ ", 4),
         (r'(context: \{vi: ")', r"\1thủy, Khỏe ", 7))
    edit("positions.yaml", (r'(summary:\n    vi: ")', r"\1thuỷ lợi, hòa ", 4),
         (r'(summary:\n    vi: ")', r"\1hòa, sức khỏe và hoà ", 3))
    edit("people.yaml", (r'(title:\n    vi: ")', r"\1Khỏe, thuỷ ", 7))
    edit("summits.yaml", (r'(name:\n    vi: ")', r"\1Vieät Nam ", 5), (r'(name:\n    vi: ")', r"\1khỏe, thuỷ ", 6))
    (root / "sources" / "bench-400-s3-00003.txt").write_text("changed", encoding="utf-8")  # sha256 differs
    # A source without a file: 'unchecked', counting the excerpts both processes hold.
    edit("pack.yaml", (r'\n    file: "bench-400-s3-00002.txt"', "", 1), (r'(place: \{vi: ")', r"\1Hoà Lạc, ", 1))
    (pack / "notes.yml").write_text("x: 1\n", encoding="utf-8")
    if broken == "numbers":
        edit("numbers.yaml", (r"(\n  as_of: )2025", r"\g<1>2O25", 30), (r"(source: )src-0000(\d)", r"\1nope-\2", 9))
    elif broken == "quotes":
        edit("quotes.yaml", (r"(speaker: )person-(\d)", r"\1ghost-\2", 11))
    elif broken == "positions":  # a reference problem (an unknown country) in the second part's last file
        edit("positions.yaml", (r'(country: ")[A-Z]{2}"', r'\1UK"', 6))
    elif broken == "yaml":
        edit("summits.yaml", (r"\n- id: summit-5\n", "\n- id: summit-5\n bad: [\n", 1))
    elif broken == "pack":
        edit("pack.yaml", (r"\ndate: 2025-10-26", "\ndate: someday", 1))


def _invoke(args: list[str], monkeypatch: pytest.MonkeyPatch, way: str) -> Result:
    """`briefgen check ARGS` the given way (see `WAYS`)."""
    with monkeypatch.context() as patch:
        patch.setattr(os, "cpu_count", lambda: 2)
        patch.setattr(report, "PARTS_FROM_BYTES", 1 << 60 if way == "one pass" else 0)
        if way == "parts here":
            patch.setattr(parallel, "parallel_map", lambda func, items, least=2: map(func, items))
        return CliRunner().invoke(cli, ["check", *args])


def _check(args: list[str], monkeypatch: pytest.MonkeyPatch, way: str) -> tuple[int, str, str]:
    result = _invoke(args, monkeypatch, way)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _three_ways(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    one, forked, here = (_check(args, monkeypatch, way) for way in WAYS)
    assert forked == one
    assert here == one
    return one


@pytest.mark.parametrize("broken", [None, "numbers", "quotes", "positions", "yaml", "pack"])  # yaml: summits
@pytest.mark.parametrize("with_sources", [True, False])
@pytest.mark.parametrize("as_json", [False, True])
def test_a_check_in_parts_prints_what_one_pass_prints(generated: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, broken: str | None,
                                                      with_sources: bool, as_json: bool) -> None:
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    _spoil(root, broken)
    monkeypatch.chdir(root)
    args = ["pack"] + (["--sources", "sources"] if with_sources else []) + (["--json"] if as_json else [])
    code, out, err = _three_ways(args, monkeypatch)
    assert code == (2 if broken else 1)
    if not as_json and broken is None:
        output = out + err
        # The spoiling reached every file, and cross-file tone findings name the file of the first spelling.
        for file in ("numbers", "quotes", "people", "positions", "summits"):
            assert f"pack/{file}.yaml:" in output
        tone = r"pack/{}.yaml:\d+: {}: warning: ‘{}’ here and ‘{}’ at pack/{}.yaml:\d+ "
        for found in [("numbers", "label.vi", "hòa", "Hoà", "pack"),
                      ("positions", "summary.vi", "hòa", "Hoà", "pack"),
                      ("quotes", "context.vi", "thuỷ", "thủy", "numbers"),
                      ("positions", "summary.vi", "thuỷ", "thủy", "numbers"),
                      ("people", "title.vi", "thuỷ", "thủy", "numbers"),
                      ("quotes", "context.vi", "Khỏe", "khoẻ", "quotes"),
                      ("positions", "summary.vi", "khỏe", "khoẻ", "quotes"),
                      ("people", "title.vi", "Khỏe", "khoẻ", "quotes"),
                      ("summits", "name.vi", "khỏe", "khoẻ", "quotes"),
                      ("summits", "name.vi", "thuỷ", "thủy", "numbers")]:
            assert re.search(tone.format(*found), output), found
        assert not with_sources or re.search(r"unchecked: source 'src-00002': source has no file; its excerpts "
                                             r"cannot be checked \(\d+ excerpts\)", output)


@pytest.mark.parametrize("pack", sorted(p.name for p in (ROOT / "tests" / "packs").iterdir()
                                        if (p / "pack.yaml").is_file()))
@pytest.mark.parametrize("as_json", [False, True])
def test_the_test_packs_check_the_same_in_parts(pack: str, as_json: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ROOT / "tests" / "packs" / pack
    monkeypatch.chdir(folder.parent)
    sources = ["--sources", f"{pack}/sources"] if (folder / "sources").is_dir() else []
    _three_ways([pack, *sources] + (["--json"] if as_json else []), monkeypatch)


_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"


def _move_tone(word: str) -> str:
    """The word with its tone mark on its next vowel (hòa → hoà, toàn → toàn̄ → toan̄...): the same
    word, to the lint, with the mark elsewhere."""
    nfd = unicodedata.normalize("NFD", word)
    tone = next((c for c in nfd if c in _TONE_MARKS), None)
    bare = nfd.replace(tone, "") if tone else nfd
    vowels = [n for n, c in enumerate(bare) if c.lower() in "aeiouy"]
    if tone is None or len(vowels) < 2:
        return word
    at = nfd.index(tone) - 1  # the letter (or mark) the tone follows
    after = next((n for n in vowels if n > at), vowels[0])
    end = after + 1
    while end < len(bare) and unicodedata.combining(bare[end]):
        end += 1  # after the vowel's own marks (ơ, â): where a tone mark goes in NFD
    return unicodedata.normalize("NFC", bare[:end] + tone + bare[end:])


def _move_tones(text: str, every: int, offset: int) -> str:
    """Every `every`-th word with a tone mark (counting from `offset`) written with the mark moved."""
    seen = [offset]

    def one(m: re.Match[str]) -> str:
        if not any(c in _TONE_MARKS for c in unicodedata.normalize("NFD", m.group())):
            return m.group()
        seen[0] += 1
        return _move_tone(m.group()) if seen[0] % every == 0 else m.group()

    return re.sub(r"[^\W\d_]+", one, text)


@pytest.mark.parametrize("spoiled", [False, True])
@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared source texts (../shared/seeds) are not here")
def test_the_hanoi_pack_checks_the_same_in_parts(spoiled: bool, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The real pack as it is (clean), and with tone marks moved in every file: its own words, its
    own first spellings in each file."""
    pack = tmp_path / "hanoi"
    shutil.copytree(ROOT / "facts" / "hanoi-convention", pack)
    if spoiled:
        for n, path in enumerate(sorted(pack.glob("*.yaml"))):
            path.write_text(_move_tones(path.read_text(encoding="utf-8"), 2 + n % 3, n), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for as_json in (False, True):
        code, out, err = _three_ways(["hanoi", "--sources", str(SEEDS)] + (["--json"] if as_json else []),
                                     monkeypatch)
        assert code == (1 if spoiled else 0)
        if spoiled and not as_json:
            assert re.search(r"hanoi/(quotes|positions|summits|people).yaml:\d+: \S+: warning: ‘\w+’ here and "
                             r"‘\w+’ at hanoi/numbers.yaml", out + err)


def test_the_parts_are_forked(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the tests above: with the threshold at 0 the parts really run in forked workers."""
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.chdir(generated)
    assert _check(["pack", "--sources", "sources"], monkeypatch, "forked parts")[0] == 0
    assert len(forked) == 2


def _in_the_second_part(action: Any) -> Any:
    real = briefgen.pack.check_parts.check_part

    def check_part(location: Any, start: Any, part: int, **options: Any) -> Any:
        if part == 1:
            action()
        return real(location, start, part, **options)

    return check_part


def test_a_worker_that_dies_is_a_one_line_error(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefgen.pack.check_parts, "check_part", _in_the_second_part(lambda: os._exit(9)))
    monkeypatch.chdir(generated)
    code, out, err = _check(["pack", "--sources", "sources"], monkeypatch, "forked parts")
    assert code == 2  # WorkerFailed's exit status
    assert err.splitlines() == ["Error: a worker process ended without its result (killed, or out of memory?); "
                                "stopped: nothing was written or checked"]
    assert out == ""


def test_an_error_in_a_worker_is_the_error_one_pass_gives(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never a result with a part missing: what a part raises is raised as if it ran here."""
    from briefgen.errors import UsageProblem

    def refuse() -> None:
        raise UsageProblem("refused in the worker")

    def explode() -> None:
        raise RuntimeError("boom in the worker")

    monkeypatch.chdir(generated)
    monkeypatch.setattr(briefgen.pack.check_parts, "check_part", _in_the_second_part(refuse))
    code, out, err = _check(["pack", "--sources", "sources"], monkeypatch, "forked parts")
    assert (code, out, err) == (2, "", "Error: refused in the worker\n")
    monkeypatch.setattr(briefgen.pack.check_parts, "check_part", _in_the_second_part(explode))
    result = _invoke(["pack", "--sources", "sources"], monkeypatch, "forked parts")
    assert isinstance(result.exception, RuntimeError) and "boom in the worker" in str(result.exception)
    assert "0 problems" not in result.stdout
