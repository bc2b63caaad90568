"""`briefgen build --format pdf`: one page as LibreOffice lays it out, Liberation Sans only, same bytes twice.

LibreOffice starts cost seconds each, so the Hanoi briefings (vi and en, all four
sections) are built twice per module and every read-only test looks at those files.
"""
from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from briefgen import i18n
from briefgen.briefing.sections import REASON_FIT
from briefgen.cli import cli
from briefgen.fitting import estimate as fitting
from briefgen.fitting.search import fit_briefing
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.pack.model import SECTIONS
from briefgen.render import pdf as pdf_module
from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir

HANOI = Path(__file__).resolve().parents[1] / "facts" / "hanoi-convention"
ALL_SECTIONS = ",".join(SECTIONS)
LANGS = ("vi", "en")

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: PDF tests need it "
           "(sudo apt-get install libreoffice-writer-nogui fonts-liberation2)")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def font_names(pdf: bytes) -> set[str]:
    """Base names of every font the pages use (subset tags like 'BAAAAA+' removed), descendants included."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            for f in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                names.add(str(f["/BaseFont"]).lstrip("/").split("+")[-1])
                if "/FontDescriptor" in f:
                    descriptor = f["/FontDescriptor"].get_object()
                    names.add(str(descriptor["/FontName"]).lstrip("/").split("+")[-1])
                    embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
                    assert embedded, f"{f['/BaseFont']} is not embedded"
    return names


@pytest.fixture(scope="module")
def hanoi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's Hanoi pack, so a test never reads a pack being edited."""
    folder = tmp_path_factory.mktemp("packs") / "hanoi-convention"
    shutil.copytree(HANOI, folder)
    return folder


@pytest.fixture(scope="module")
def twice(hanoi: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Result, Path, Path]]:
    """The Hanoi briefings with all four sections, built as PDF into two folders."""
    first, second = tmp_path_factory.mktemp("out1"), tmp_path_factory.mktemp("out2")
    results = [run("build", str(hanoi), "--format", "pdf", "--sections", ALL_SECTIONS, "--out", str(out))
               for out in (first, second)]
    for result in results:
        assert result.exit_code == 0, result.output
    yield results[0], first, second


@needs_soffice
def test_build_pdf_writes_only_the_pdfs(twice: tuple[Result, Path, Path]) -> None:
    result, out, _ = twice
    assert files_in(out) == ["hanoi-convention.en.audit.json", "hanoi-convention.en.pdf",
                             "hanoi-convention.vi.audit.json", "hanoi-convention.vi.pdf"]
    assert any(line.startswith(f"wrote {out / 'hanoi-convention.vi.pdf'}: ") for line in result.stdout.splitlines())


@needs_soffice
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_one_page_with_every_section_heading(twice: tuple[Result, Path, Path], lang: str) -> None:
    _, out, _ = twice
    reader = PdfReader(out / f"hanoi-convention.{lang}.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for key in SECTIONS:
        assert i18n.label(lang, key) in text, f"heading of {key} missing"


@needs_soffice
def test_pdf_text_keeps_vietnamese_diacritics(twice: tuple[Result, Path, Path]) -> None:
    _, out, _ = twice
    text = PdfReader(out / "hanoi-convention.vi.pdf").pages[0].extract_text()
    assert "Công ước" in text
    assert "Hà Nội" in text
    assert "Liên Hợp Quốc" in text


@needs_soffice
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_embeds_liberation_sans_only(twice: tuple[Result, Path, Path], lang: str) -> None:
    _, out, _ = twice
    names = font_names((out / f"hanoi-convention.{lang}.pdf").read_bytes())
    assert names, "no fonts found"
    assert all(re.fullmatch(r"LiberationSans(-Bold|-Italic|-BoldItalic)?", n) for n in names), names
    assert not any("DejaVu" in n or "OpenSymbol" in n for n in names)


@needs_soffice
def test_two_builds_give_identical_pdfs(twice: tuple[Result, Path, Path]) -> None:
    _, first, second = twice
    for lang in LANGS:
        name = f"hanoi-convention.{lang}.pdf"
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@needs_soffice
def test_verify_pages_checks_with_libreoffice_and_writes_no_pdf(hanoi: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    converted: list[list[str]] = []
    real = pdf_module._convert

    def recording(soffice: str, work: Path, profile: Path, docx_files: dict[str, bytes],
                  timeout: int) -> dict[str, bytes]:
        converted.append(sorted(docx_files))
        return real(soffice, work, profile, docx_files, timeout)

    monkeypatch.setattr(pdf_module, "_convert", recording)
    result = run("build", str(hanoi), "--format", "md,docx", "--verify-pages", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert converted == [["hanoi-convention.en.docx", "hanoi-convention.vi.docx"]]  # both in one start
    assert files_in(tmp_path / "out") == ["hanoi-convention.en.audit.json", "hanoi-convention.en.docx",
                                          "hanoi-convention.en.md", "hanoi-convention.vi.audit.json",
                                          "hanoi-convention.vi.docx", "hanoi-convention.vi.md"]


@needs_soffice
def test_briefing_libreoffice_needs_two_pages_for_leaves_out_more_and_says_so(
        hanoi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An estimate allowed 10% more than the page: it calls a briefing one page that is not.
    monkeypatch.setattr(fitting, "SAFETY", 1.10)
    layout = fitting.layout_for(default_template_dir() / DOCX_TEMPLATE)
    pack, _ = load_pack(locate_pack(str(hanoi)))
    assert pack is not None
    estimated = fit_briefing(pack, "vi", SECTIONS, False, layout).briefing
    assert fitting.fits(estimated, layout)
    assert fitting.estimate_height(estimated, layout) > layout.height * 1.03  # surely two pages
    by_estimate = {f"{x.kind}/{x.record_id}" for x in estimated.left_out if x.reason == REASON_FIT}

    result = run("build", str(hanoi), "--lang", "vi", "--format", "pdf", "--sections", ALL_SECTIONS,
                 "--out", str(tmp_path / "out"), "--verbose")
    assert result.exit_code == 0, result.output
    assert re.search(r"^hanoi-convention\.vi: LibreOffice needed 2 pages; leaving out \d+ more records? and "
                     r"laying it out again$", result.stderr, re.MULTILINE), result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith(f"  left out, {REASON_FIT}: "))
    reported = set(line.split(": ", 1)[1].split(", "))
    assert by_estimate < reported
    assert len(PdfReader(tmp_path / "out" / "hanoi-convention.vi.pdf").pages) == 1


@pytest.mark.parametrize("options", [["--format", "pdf"], ["--format", "md", "--verify-pages"]])
def test_missing_libreoffice_is_one_line_error_and_nothing_is_written(
        hanoi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("build", str(hanoi), *options, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        ("Error: no LibreOffice: 'soffice' is not on PATH, and --format pdf and --verify-pages need it; "
         "install it: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 (Debian/Ubuntu)")]
    assert result.stdout == ""
    assert files_in(tmp_path / "out") == []
