"""Edges of the YAML edits and of reading workbooks: odd file shapes, other writers' files."""
from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sheetsutil import HANOI, SHEETS_PACK, changed_lines, copy_pack, edit, export, run, snapshot

from briefgen.sheets.xlsxread import open_cells


def test_the_streaming_reader_reads_what_openpyxl_reads(tmp_path: Path) -> None:
    """Every cell of an export edited with each kind of value openpyxl can write."""
    xlsx = tmp_path / "h.xlsx"
    export(HANOI, xlsx)
    edit(xlsx, "numbers", {"id": "signatories-total"}, {
        "value": 72.5, "approx": True, "as_of": datetime.date(2025, 10, 26), "note": datetime.time(1, 30),
        "priority": 3, "measure": "=1+1", "verified_on": datetime.datetime(2025, 1, 2, 3, 4)})
    book = openpyxl.load_workbook(xlsx, read_only=True)
    expected = {ws.title: [(c.row, c.column, c.value, c.data_type) for row in ws.iter_rows() for c in row
                           if getattr(c, "value", None) is not None] for ws in book.worksheets}
    cells = open_cells(str(xlsx))
    got = {title: [(y, x, value, "s" if kind == "s" else kind) for y, row in cells.rows(part)
                   for x, value, kind in row] for title, part in cells.sheets}
    assert got == expected


def test_a_pack_file_with_crlf_line_ends_keeps_them(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    path = pack / "summits.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    export(pack, tmp_path / "s.xlsx")
    edit(tmp_path / "s.xlsx", "summits", {"id": "apec-2006"}, {"priority": "2"})
    assert run("import", str(tmp_path / "s.xlsx"), "--into", str(pack)).exit_code == 0
    after = path.read_bytes()
    assert after == before.replace(b"priority: 3\r\n", b"priority: 2\r\n")


def test_a_record_written_as_one_flow_mapping_is_rewritten_whole(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    (pack / "people.yaml").write_text('# people\n- {id: minh, name: "Trần Thị Minh", title: {vi: "Bộ trưởng", '
                                      'en: "Minister"}}\n- id: smith\n  name: "John Smith"\n'
                                      '  title: {vi: "Đại sứ", en: "Ambassador"}\n', encoding="utf-8")
    (pack / "quotes.yaml").write_text("", encoding="utf-8")
    export(pack, tmp_path / "s.xlsx")
    edit(tmp_path / "s.xlsx", "people", {"id": "minh"}, {"country": "VN"})
    result = run("import", str(tmp_path / "s.xlsx"), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert (pack / "people.yaml").read_text(encoding="utf-8") == (
        '# people\n- id: minh\n  name: "Trần Thị Minh"\n  title:\n    vi: "Bộ trưởng"\n    en: "Minister"\n'
        '  country: VN\n- id: smith\n  name: "John Smith"\n  title: {vi: "Đại sứ", en: "Ambassador"}\n')


def test_records_added_to_a_missing_file_and_a_new_source(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    (pack / "summits.yaml").unlink()
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    edit(xlsx, "summits", None, {"id": "asem-5", "status": "unverified", "name.vi": "ASEM 5", "name.en": "ASEM 5",
                                 "year": "2004"})
    edit(xlsx, "sources", None, {"id": "wire", "title": "Wire copy", "outlet": "Wire", "published": "2025-03-14",
                                 "lang": "en"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert (pack / "summits.yaml").read_text(encoding="utf-8") == (
        '- id: asem-5\n  name:\n    vi: "ASEM 5"\n    en: "ASEM 5"\n  year: 2004\n  status: unverified\n')
    assert changed_lines(before["pack.yaml"], snapshot(pack)["pack.yaml"]) == [
        "+  - id: wire", '+    title: "Wire copy"', '+    outlet: "Wire"', "+    published: 2025-03-14",
        "+    lang: en"]
    assert run("check", str(pack)).exit_code == 0


def test_an_entity_in_a_workbook_is_not_expanded(tmp_path: Path) -> None:
    """A hostile sheet XML with a DTD entity: read without expanding it (no billion laughs, no file read)."""
    xlsx = tmp_path / "s.xlsx"
    export(SHEETS_PACK, xlsx)
    with zipfile.ZipFile(xlsx) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    sheet = parts["xl/worksheets/sheet3.xml"].decode()  # quotes
    sheet = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/hostname">]>' + \
        sheet.replace("Chúng tôi sẵn sàng hợp tác</t>", "&secret;</t>", 1)
    parts["xl/worksheets/sheet3.xml"] = sheet.encode()
    with zipfile.ZipFile(xlsx, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    result = run("import", str(xlsx), "--into", str(pack), "--dry-run")
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "\0"
    assert hostname not in result.output
    assert result.exit_code == 2  # the quote's text is now empty: a required field


@pytest.mark.parametrize("name", ["notes.txt", "sheet.xls"])
def test_import_reads_only_xlsx_and_ods(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"x")
    result = run("import", str(tmp_path / name), "--into", str(SHEETS_PACK))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / name}: import reads FILE.xlsx or FILE.ods\n"
