"""Word briefings, read back through python-docx and their XML."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from packgen import number, quote, write_pack

from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hanoi_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hanoi")
    shutil.copytree(REPO / "facts" / "hanoi-convention", root / "hanoi")
    result = CliRunner().invoke(cli, ["build", str(root / "hanoi"), "--format", "docx,md", "--out",
                                      str(root / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {lang: root / "out" / f"hanoi-convention.{lang}.docx" for lang in ("vi", "en")}


def paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_page_is_a4_portrait(hanoi_docs: dict[str, Path]) -> None:
    section = Document(str(hanoi_docs["vi"])).sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_sections_use_built_in_styles(hanoi_docs: dict[str, Path]) -> None:
    paras = paragraphs(hanoi_docs["vi"])
    assert paras[0][0] == "Title"
    assert paras[0][1].startswith("Lễ mở ký Công ước")
    headings = [text for style, text in paras if style == "Heading 1"]
    assert headings == ["Số liệu chính", "Phát biểu", "Lập trường các nước", "Các hội nghị quốc tế từng đăng cai"]
    styles = {style for style, _ in paras}
    assert {"Title", "Heading 1", "List Bullet", "Quote"} <= styles
    # Same records in Markdown and Word: every bullet lead of the .md is in the .docx.
    md = hanoi_docs["vi"].with_suffix(".md").read_text(encoding="utf-8")
    md_numbers = [line for line in md.splitlines() if line.startswith("- **")]
    bullets = [text for style, text in paras if style == "List Bullet"]
    assert len(md_numbers) == len(bullets)


def test_one_font_covering_vietnamese_in_all_four_slots(hanoi_docs: dict[str, Path]) -> None:
    doc = Document(str(hanoi_docs["vi"]))
    rfonts = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert rfonts is not None
    assert {slot: rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "ascii": "Liberation Sans", "hAnsi": "Liberation Sans", "eastAsia": "Liberation Sans", "cs": "Liberation Sans"}
    for name in ("Normal", "Title", "Heading 1", "List Bullet", "Quote"):
        style_fonts = doc.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert style_fonts is not None and style_fonts.get(qn("w:eastAsia")) == "Liberation Sans", name
        assert not any(attr.lower().endswith("theme") for attr in style_fonts.attrib), name


@pytest.mark.parametrize(("lang", "tag"), [("vi", "vi-VN"), ("en", "en-GB")])
def test_every_run_carries_the_language_tag(hanoi_docs: dict[str, Path], lang: str, tag: str) -> None:
    doc = Document(str(hanoi_docs[lang]))
    runs = list(doc.element.body.iter(qn("w:r")))
    assert runs
    for run in runs:
        lang_el = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        assert lang_el is not None and lang_el.get(qn("w:val")) == tag
    assert doc.core_properties.language == tag


def test_every_printed_fact_has_a_source_comment(hanoi_docs: dict[str, Path]) -> None:
    doc = Document(str(hanoi_docs["vi"]))
    facts = [p for p in doc.paragraphs if p.style.name in ("List Bullet", "Quote")]
    compact = [p for p in doc.paragraphs if p.style.name == "Normal" and " · " in p.text]  # the summits, one run
    comments = list(doc.comments)
    assert len(comments) == len(facts) + len(compact) > 10
    # One comment for the compact summits paragraph, with each summit's source in turn.
    assert [c.text.count("Kiểm chứng: ") for c in comments][-len(compact):] == [p.text.count(" · ") + 1 for p in compact]
    first = comments[0].text
    # The seed articles name no outlet: the source is named by its title, never by a placeholder.
    assert "Nguồn: Họp báo bế mạc Lễ mở ký Công ước Hà Nội, ngày 26/10/2025" in first
    assert "unknown" not in first
    assert "Trích: “" in first and "72 quốc gia" in first
    assert "Kiểm chứng: briefgen fact desk, ngày 22/11/2026" in first
    assert comments[0].author == "briefgen"


def test_no_comments_option(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm", "five")])
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--format", "docx", "--no-comments",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "demo.vi.docx") as z:
        assert not any(n.startswith("word/comments") for n in z.namelist())
    assert "5 — năm" in [p.text for p in Document(str(tmp_path / "out" / "demo.vi.docx")).paragraphs][3]


def test_core_properties_are_fixed(hanoi_docs: dict[str, Path]) -> None:
    props = Document(str(hanoi_docs["en"])).core_properties
    assert props.author == "briefgen"
    assert props.title.startswith("Signing ceremony of the United Nations Convention against Cybercrime")
    assert props.created.date().isoformat() == "2025-10-26"
    assert props.modified.date().isoformat() == "2025-10-26"


def test_zip_entries_have_fixed_dates(hanoi_docs: dict[str, Path]) -> None:
    with zipfile.ZipFile(hanoi_docs["vi"]) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_no_private_markers_survive(hanoi_docs: dict[str, Path]) -> None:
    with zipfile.ZipFile(hanoi_docs["vi"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "\ue000" not in xml and "\ue001" not in xml
    assert "{{" not in xml and "{%" not in xml


HOSTILE = "*sao* _gạch_ # | [x](y) <b>đậm</b> & {{ b.title }} {% if %}"


def test_hostile_text_prints_literally_in_word(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", quotes=[quote("q", HOSTILE, HOSTILE, kind="paraphrase")])
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--format", "docx", "--out",
                                      str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(tmp_path / "out" / "demo.vi.docx")).paragraphs]
    assert f"Trần Thị Minh, Bộ trưởng: {HOSTILE}" in texts


def test_editor_template_restyles_without_code(tmp_path: Path) -> None:
    """An editor changes the template's Heading 1 font size in Word: the briefing follows."""
    from docx.shared import Pt

    tpl = Document(str(REPO / "templates" / "briefing.docx"))
    tpl.styles["Heading 1"].font.size = Pt(15)
    (tmp_path / "tpl").mkdir()
    buf = io.BytesIO()
    tpl.save(buf)
    (tmp_path / "tpl" / "briefing.docx").write_bytes(buf.getvalue())
    write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm", "five")])
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--format", "docx,md", "--template",
                                      str(tmp_path / "tpl"), "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = Document(str(tmp_path / "out" / "demo.en.docx"))
    assert out.styles["Heading 1"].font.size == Pt(15)
    # The folder has no Markdown template: the built-in one is used.
    assert (tmp_path / "out" / "demo.en.md").read_text(encoding="utf-8").startswith("# Test brief")
