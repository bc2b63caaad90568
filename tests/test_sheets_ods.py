"""LibreOffice Calc as a desk's client: the export converted to .ods, edited, imported."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sheetsutil import HANOI, changed_lines, copy_pack, export, run, snapshot

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: .ods import untested")


def to_ods(xlsx: Path, work: Path) -> Path:
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(work / 'lo').as_uri()}",
                    "--convert-to", "ods", "--outdir", str(work), str(xlsx)], check=True, capture_output=True,
                   timeout=180, env={"HOME": str(work), "PATH": "/usr/bin:/bin"})
    return xlsx.with_suffix(".ods")


def edit_ods(ods: Path, old: str, new: str) -> None:
    """Change one cell's text in content.xml, as Calc saves it (the cell found by its unique text)."""
    content = read_content(ods)
    assert content.count(old) == 1, old
    write_content(ods, content.replace(old, new))


def read_content(ods: Path) -> str:
    with zipfile.ZipFile(ods) as archive:
        return archive.read("content.xml").decode()


def write_content(ods: Path, content: str) -> None:
    with zipfile.ZipFile(ods) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def test_an_ods_edited_in_calc_comes_back_as_the_minimal_change(tmp_path: Path) -> None:
    pack = copy_pack(HANOI, tmp_path / "pack")
    before = snapshot(pack)
    export(pack, tmp_path / "h.xlsx")
    ods = to_ods(tmp_path / "h.xlsx", tmp_path)
    unchanged = run("import", str(ods), "--into", str(pack))
    assert unchanged.exit_code == 0, unchanged.output
    assert unchanged.stdout == "no changes\n"
    edit_ods(ods, "<text:p>signed at the plenary session itself</text:p>", "<text:p>signed at the plenary</text:p>")
    result = run("import", str(ods), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "numbers/signatories-at-plenary: changed label.en"
    after = snapshot(pack)
    assert changed_lines(before["numbers.yaml"], after["numbers.yaml"]) == [
        '-    en: "signed at the plenary session itself"', '+    en: "signed at the plenary"']
    assert "# --- Signatories ---" in after["numbers.yaml"].decode()


def test_a_boolean_that_went_through_calc_is_refused(tmp_path: Path) -> None:
    """Calc stores a boolean from Excel as the formula `=TRUE()`: refused as the boolean it is."""
    from sheetsutil import edit

    pack = copy_pack(HANOI, tmp_path / "pack")
    before = snapshot(pack)
    export(pack, tmp_path / "h.xlsx")
    edit(tmp_path / "h.xlsx", "numbers", {"id": "signatories-total"}, {"status": True})
    ods = to_ods(tmp_path / "h.xlsx", tmp_path)
    assert 'table:formula="of:=TRUE()"' in read_content(ods)  # how Calc stores it
    result = run("import", str(ods), "--into", str(pack))
    assert result.exit_code == 2
    assert result.stderr == (f"{ods}: numbers!B2: status: the cell holds the boolean TRUE, not text (a spreadsheet "
                             "turned the text into a boolean); format the cell as Text and type the value again\n")
    assert snapshot(pack) == before
