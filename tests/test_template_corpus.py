"""One page for any template: restyled copies of the Word template, built in both languages,
each Word file counted by LibreOffice (the `--format docx` promise, not only `--format pdf`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from templategen import RESTYLES, restyled

from briefgen.cli import cli

ROOT = Path(__file__).resolve().parents[1]
# Restyles whose estimate cannot be trusted (a style or font it cannot resolve): the build
# has LibreOffice confirm the page, and says so.
CONFIRMED = {"no-quote", "no-list-bullet-2", "no-sources", "font-not-installed"}

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: counting pages needs a real layout engine "
           "(sudo apt-get install libreoffice-writer-nogui fonts-liberation2)")


@needs_soffice
def test_every_restyled_template_gives_one_page_in_both_languages(tmp_path: Path) -> None:
    from briefgen.render.pdf import convert_to_pdf, page_count

    assert len(RESTYLES) >= 8
    docx: dict[str, bytes] = {}
    for name in RESTYLES:
        folder = restyled(tmp_path / "templates", name)
        out = tmp_path / "out" / name
        result = CliRunner().invoke(cli, ["build", str(ROOT / "facts" / "hanoi-convention"), "--template",
                                          str(folder), "--format", "docx", "--out", str(out)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, (name, result.output)
        confirmed = "LibreOffice confirmed one page for hanoi-convention.en, hanoi-convention.vi" in result.stderr
        assert confirmed == (name in CONFIRMED), (name, result.stderr)
        for lang in ("vi", "en"):
            docx[f"{name}.{lang}.docx"] = (out / f"hanoi-convention.{lang}.docx").read_bytes()
    pdfs = convert_to_pdf(docx)  # one LibreOffice start for every file
    pages = {name: page_count(pdfs[name.replace(".docx", ".pdf")]) for name in docx}
    assert pages == dict.fromkeys(docx, 1)


def test_without_libreoffice_a_doubtful_estimate_says_the_page_count_is_unconfirmed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = restyled(tmp_path / "templates", "no-quote")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr("briefgen.template_check.installed_fonts", lambda: None)
    result = CliRunner().invoke(cli, ["build", str(ROOT / "facts" / "hanoi-convention"), "--template", str(folder),
                                      "--format", "md,docx", "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("warning: one page is unconfirmed for hanoi-convention.en, hanoi-convention.vi: style id 'Quote' is not "
            "defined in the template; install LibreOffice (or build with --format pdf) to have it checked"
            ) in result.stderr.splitlines()
