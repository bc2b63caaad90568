"""`briefgen build` through the CLI: files written, records left out and why, options, exit codes."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from packgen import number, position, quote, summit, write_pack

from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_pack(
        tmp_path / "demo",
        numbers=[number("delegates", "2500", "đại biểu tham dự", "delegates attending", priority=1, approx="more_than",
                        unit={"vi": "đại biểu", "en": "delegates"}),
                 number("rumour", "99", "con số chưa rõ", "unclear figure", status="unverified"),
                 number("fight", "119", "con số tranh cãi", "disputed figure", status="disputed", note="004 differs")],
        quotes=[quote("q1", "Đây là bước tiến quan trọng.", "This is an important step forward.", priority=2)],
        positions=[position("p-fr", "FR", "Ủng hộ hợp tác.", "Supports cooperation.")],
        summits=[summit("apec", 2017, "Tuần lễ Cấp cao APEC", "APEC Economic Leaders' Week", short="APEC")],
        presets={"default": ["numbers", "quotes", "positions", "summits"], "short": ["numbers"]},
    )


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_writes_markdown_and_word_for_each_language(demo: Path) -> None:
    result = run("build", "demo")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (demo.parent / "out").iterdir() if not p.name.startswith("."))
    assert names == ["demo.en.audit.json", "demo.en.docx", "demo.en.md",
                     "demo.vi.audit.json", "demo.vi.docx", "demo.vi.md"]
    assert result.stdout.splitlines() == [
        "wrote out/demo.en.docx: 4 printed; left out 1 disputed, 1 unverified",
        "wrote out/demo.en.md: 4 printed; left out 1 disputed, 1 unverified",
        "wrote out/demo.vi.docx: 4 printed; left out 1 disputed, 1 unverified",
        "wrote out/demo.vi.md: 4 printed; left out 1 disputed, 1 unverified",
        "wrote out/demo.en.audit.json (audit record)",
        "wrote out/demo.vi.audit.json (audit record)"]


def test_build_reports_every_record_left_out_with_its_reason_when_verbose(demo: Path) -> None:
    result = run("build", "demo", "--lang", "vi", "--format", "md,docx", "--verbose")
    assert result.stdout.splitlines() == [
        "wrote out/demo.vi.docx: 4 printed; left out 1 disputed, 1 unverified",
        "wrote out/demo.vi.md: 4 printed; left out 1 disputed, 1 unverified",
        "  left out, not verified (unverified; --include-unverified prints it, marked): numbers/rumour",
        "  left out, not verified (disputed; never printed): numbers/fight",  # once per briefing, not per file
        "wrote out/demo.vi.audit.json (audit record)"]


def test_build_json_report_holds_every_record_printed_and_left_out(demo: Path) -> None:
    import json

    result = run("build", "demo", "--lang", "en", "--format", "md", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["files"] == [{
        "path": "out/demo.en.md", "briefing": "demo.en",
        "printed": ["numbers/delegates", "quotes/q1", "positions/p-fr", "summits/apec"],
        "left_out": [
            {"record": "numbers/rumour", "reason": "not verified (unverified; --include-unverified prints it, marked)"},
            {"record": "numbers/fight", "reason": "not verified (disputed; never printed)"}]}]
    assert report["notes"] == []


def test_each_file_gets_its_own_report_with_a_template_and_every_language(demo: Path) -> None:
    """With --lang all and --template the en and vi reports were swapped (the files were right): each
    report line is now made from its own file, never paired with a path by position."""
    import json
    import shutil

    from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir

    (demo.parent / "tpl").mkdir()
    shutil.copy(default_template_dir() / DOCX_TEMPLATE, demo.parent / "tpl" / DOCX_TEMPLATE)
    result = run("build", "demo", "--template", "tpl", "--format", "md,docx", "--lang", "all", "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == ["demo.en.docx", "demo.en.md", "demo.vi.docx", "demo.vi.md"]
    assert all(Path(f["path"]).name.startswith(f["briefing"] + ".") for f in files)


def test_a_briefing_with_no_record_to_print_exits_1_and_writes_nothing(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "fresh").exit_code == 0
    result = run("build", "fresh")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: fresh.vi: no record would print, so nothing was written: its one record is unverified (verify "
        "them in the pack, or build with --include-unverified to print them marked)"]
    assert not (tmp_path / "out").exists()
    write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm mục", "five items")])
    result = run("build", "demo", "--sections", "quotes")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("none of its 1 records can print: 1 not in the chosen sections (quotes)")


def test_sections_not_chosen_are_reported_and_not_printed(demo: Path) -> None:
    result = run("build", "demo", "--lang", "en", "--format", "md", "--sections", "numbers,summits", "-v")
    assert result.exit_code == 0
    assert "  left out, not in the chosen sections: quotes/q1, positions/p-fr" in result.stdout.splitlines()
    text = (demo.parent / "out" / "demo.en.md").read_text(encoding="utf-8")
    assert "## Key numbers" in text and "## Summits hosted" in text
    assert "## Quotes" not in text and "## Country positions" not in text
    assert text.index("## Key numbers") < text.index("## Summits hosted")


def test_preset_chooses_the_sections(demo: Path) -> None:
    result = run("build", "demo", "--lang", "en", "--format", "md", "--preset", "short")
    assert result.exit_code == 0
    text = (demo.parent / "out" / "demo.en.md").read_text(encoding="utf-8")
    assert "## Key numbers" in text and "## Quotes" not in text


def test_unverified_records_print_only_when_asked_and_marked(demo: Path) -> None:
    run("build", "demo", "--lang", "vi", "--format", "md")
    plain = (demo.parent / "out" / "demo.vi.md").read_text(encoding="utf-8")
    assert "con số chưa rõ" not in plain
    result = run("build", "demo", "--lang", "vi", "--format", "md", "--include-unverified")
    assert result.exit_code == 0
    marked = (demo.parent / "out" / "demo.vi.md").read_text(encoding="utf-8")
    # A style of its own (bold italic), not the bold of every entry's lead.
    assert "- **99** — con số chưa rõ ***(chưa kiểm chứng)***" in marked


def test_the_unverified_mark_has_its_own_character_style_in_word(demo: Path) -> None:
    from docx import Document

    result = run("build", "demo", "--lang", "vi", "--format", "docx", "--include-unverified")
    assert result.exit_code == 0
    doc = Document(str(demo.parent / "out" / "demo.vi.docx"))
    flagged = [r for p in doc.paragraphs for r in p.runs if "chưa kiểm chứng" in r.text]
    assert flagged and all(r.style.name == "Unverified" for r in flagged)
    style = doc.styles["Unverified"]
    assert style.font.bold and str(style.font.color.rgb) == "C00000"
    plain = [r for p in doc.paragraphs for r in p.runs if r.text.strip() and "chưa kiểm chứng" not in r.text]
    assert all(r.style.name != "Unverified" for r in plain)


def test_disputed_records_never_print_even_with_include_unverified(demo: Path) -> None:
    run("build", "demo", "--format", "md", "--include-unverified")
    for lang in ("vi", "en"):
        text = (demo.parent / "out" / f"demo.{lang}.md").read_text(encoding="utf-8")
        assert "119" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "Error: --lang fr: pack 'demo' has no 'fr' text (its languages: vi, en)"),
        (["--sections", "numbers,weather"],
         "Error: --sections numbers,weather: unknown value 'weather' (choose from numbers, quotes, positions, summits)"),
        (["--preset", "long"], "Error: --preset long: pack 'demo' has no such preset (presets: default, short)"),
        (["--format", "md,odt"], "Error: --format md,odt: unknown value 'odt' (choose from md, docx, pdf, html)"),
        (["--sections", "numbers", "--preset", "short"], "Error: --sections and --preset: choose one"),
        (["--template", "no-such-folder"], "Error: --template no-such-folder: no such folder"),
        (["--out", "demo"], "Error: --out demo: is inside the pack folder demo; briefgen never writes into a pack"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(demo: Path, args: list[str], message: str) -> None:
    before = snapshot(demo.parent / "out")
    result = run("build", "demo", *args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [message]
    assert "Traceback" not in result.output
    assert snapshot(demo.parent / "out") == before


def test_out_folder_that_is_a_file_is_refused(demo: Path) -> None:
    (demo.parent / "afile").write_text("x")
    result = run("build", "demo", "--out", "afile")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --out afile: is a file, not a folder"


def test_two_builds_give_byte_identical_files(demo: Path, tmp_path: Path) -> None:
    assert run("build", "demo", "--out", "a").exit_code == 0
    assert run("build", "demo", "--out", "b").exit_code == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a == b
    assert {"demo.vi.docx", "demo.en.docx", "demo.vi.md", "demo.en.md"} <= set(a)


def test_an_edited_output_is_not_overwritten_without_force(demo: Path, tmp_path: Path) -> None:
    assert run("build", "demo").exit_code == 0
    edited = tmp_path / "out" / "demo.vi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nGhi chú của biên tập viên.\n", encoding="utf-8")
    before = snapshot(tmp_path / "out")
    result = run("build", "demo")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: out/demo.vi.md: changed since briefgen wrote it (or not written by briefgen); "
        "not overwritten: use --force to replace it"]
    assert snapshot(tmp_path / "out") == before  # nothing else was written either
    forced = run("build", "demo", "--force")
    assert forced.exit_code == 0
    assert "Ghi chú của biên tập viên." not in edited.read_text(encoding="utf-8")


def test_a_file_briefgen_did_not_write_is_not_overwritten(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "demo.en.md").write_text("someone else's file\n")
    result = run("build", "demo", "--lang", "en", "--format", "md")
    assert result.exit_code == 1
    assert (tmp_path / "out" / "demo.en.md").read_text() == "someone else's file\n"


def test_rebuilding_unchanged_outputs_is_allowed(demo: Path) -> None:
    assert run("build", "demo").exit_code == 0
    assert run("build", "demo").exit_code == 0


def test_a_structural_problem_stops_the_build_with_exit_2(demo: Path, tmp_path: Path) -> None:
    numbers = demo / "numbers.yaml"
    numbers.write_text(numbers.read_text(encoding="utf-8").replace("as_of:", "as_off:", 1), encoding="utf-8")
    result = run("build", "demo")
    assert result.exit_code == 2
    assert "demo/numbers.yaml:" in result.stderr and "as_off: unknown field; did you mean 'as_of'?" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_consistency_finding_is_a_warning_and_the_build_goes_on(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path / "demo", numbers=[
        number("total", "10", "tổng", "total", parts=["a", "b"]),
        number("a", "4", "phần a", "part a"), number("b", "5", "phần b", "part b")])
    result = run("build", "demo", "--format", "md")
    assert result.exit_code == 0
    assert "demo/numbers.yaml:1: parts: warning: parts add up to 9, not 10 (a 4 + b 5)" in result.stderr


def test_several_packs_and_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path / "facts" / "one", pack_id="one", numbers=[number("n", "1", "một", "one")])
    write_pack(tmp_path / "facts" / "two", pack_id="two", numbers=[number("n", "2", "hai", "two")])
    result = run("build", "one", "two", "--format", "md", "--lang", "en")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == ["one.en.md", "two.en.md"]
    result = run("build", "--all", "--format", "md", "--lang", "vi")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.vi.md")) == ["one.vi.md", "two.vi.md"]


def test_build_without_a_pack_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert "give at least one PACK, or --all" in result.output


@pytest.mark.parametrize("count", [2, 4])  # 4: the batch path, with workers
def test_two_packs_with_one_id_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    monkeypatch.chdir(tmp_path)
    for n in range(count):
        write_pack(tmp_path / "facts" / f"p{n}", pack_id="same" if n in (0, count - 1) else f"other{n}",
                   numbers=[number("n", str(n + 1), "số", "number")])
    result = run("build", *[f"p{n}" for n in range(count)], "--format", "md", "--lang", "en")
    assert result.exit_code == 2
    assert f"facts/p0 and facts/p{count - 1}: both packs have the id 'same'" in result.output
    assert not (tmp_path / "out").exists()


def test_a_batch_with_pdf_keeps_what_the_page_check_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers drop the pack from what they send back unless pages are checked; --verify-pages needs it."""
    import shutil

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    monkeypatch.chdir(tmp_path)
    for n in range(3):
        write_pack(tmp_path / "facts" / f"p{n}", pack_id=f"p{n}", numbers=[number("n", str(n + 1), "số", "number")])
    result = run("build", "p0", "p1", "p2", "--format", "docx", "--lang", "en", "--verify-pages")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["p0.en.docx", "p1.en.docx", "p2.en.docx"]
