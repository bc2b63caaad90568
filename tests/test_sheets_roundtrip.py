"""export -> import: an unchanged workbook changes no byte; an edit changes only its record's lines."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from packgen import number, position, quote, summit, write_pack
from sheetsutil import HANOI, SHEETS_PACK, changed_lines, copy_pack, delete_row, edit, export, run, snapshot


def generated_pack(folder: Path) -> Path:
    """A pack from packgen (PyYAML's own style) with every optional field filled somewhere."""
    return write_pack(
        folder,
        numbers=[number("n1", "2500", "có 2.500 mục", "2,500 items", approx="about", measure="items",
                        unit={"vi": "mục", "en": "items"}, note="ghi chú"),
                 number("n2", "6.6", "6,6 triệu", "6.6 million", currency="USD", parts=["n3"]),
                 number("n3", "6.6", "6,6", "6.6", currency="USD")],
        quotes=[quote("q1", "Xin chào các bạn", "Hello friends", context={"vi": "tại hội nghị", "en": "at the meeting"})],
        positions=[position("p1", "VN", "Việt Nam ủng hộ", "Viet Nam supports",
                            name={"vi": "Việt Nam", "en": "Viet Nam"},
                            points=[{"vi": "Một", "en": "One"}, {"vi": "Hai", "en": "Two"}])],
        summits=[summit("s1", 2006, "Hội nghị APEC", "APEC meeting", short="APEC", city={"vi": "Hà Nội", "en": "Hanoi"})],
        people=[{"id": "minh", "name": "Trần Thị Minh", "title": {"vi": "Bộ trưởng", "en": "Minister"}, "country": "VN"},
                {"id": "an", "name": {"vi": "An", "en": "Ann"}, "title": {"vi": "Ông", "en": "Mr"}}],
    )


@pytest.mark.parametrize("source", ["hanoi", "sheets", "generated"])
def test_an_unchanged_export_imports_without_changing_a_byte(tmp_path: Path, source: str) -> None:
    if source == "generated":
        pack = generated_pack(tmp_path / "pack")
    else:
        pack = copy_pack(HANOI if source == "hanoi" else SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    export(pack, tmp_path / "pack.xlsx")
    result = run("import", str(tmp_path / "pack.xlsx"), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout == "no changes\n"
    assert snapshot(pack) == before


def test_the_same_pack_always_gives_the_same_bytes(tmp_path: Path) -> None:
    export(HANOI, tmp_path / "a.xlsx")
    export(HANOI, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_the_workbook_keeps_every_cell_text_and_offers_dropdowns(tmp_path: Path) -> None:
    export(SHEETS_PACK, tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["how to use", "numbers", "quotes", "people", "positions", "summits", "sources",
                               "evidence", "points", "_export"]
    assert book["_export"].sheet_state == "hidden"  # what each record said at export (fingerprint.py)
    numbers = book["numbers"]
    assert [c.value for c in numbers[1]] == [
        "id", "status", "value", "approx", "unit.vi", "unit.en", "currency", "label.vi", "label.en", "as_of",
        "measure", "parts", "verified_by", "verified_on", "priority", "note"]
    assert numbers.freeze_panes == "B2"
    budget = numbers["A3"].row
    assert numbers.cell(budget, 3).value == "6600000" and numbers.cell(budget, 3).data_type == "s"
    assert numbers.cell(budget, 16).value == "=SUM(A1:A2) is text, not a formula"
    assert numbers.cell(budget, 16).data_type == "s"  # a string cell, not a formula
    assert numbers.cell(budget, 12).value == "budget-a, budget-b"
    assert all(c.number_format == "@" for row in numbers.iter_rows() for c in row if c.value is not None)
    assert numbers.column_dimensions["C"].number_format == "@"  # rows a desk adds are text too
    lists = {str(v.sqref): v.formula1 for v in numbers.data_validations.dataValidation}
    assert lists["B2:B1048576"] == '"verified,unverified,disputed"'
    assert lists["D2:D1048576"] == '"exact,more_than,at_least,nearly,about"'
    assert "USD" in lists["G2:G1048576"]
    assert book["summits"]["E3"].value == "012"  # `short: "012"` keeps its zero
    assert book["positions"]["C2"].value == "NO"  # Norway stays a country
    help_text = [c.value for c in book["how to use"]["A"] if c.value]
    assert help_text[0] == "Cách dùng bảng tính này" and "How to use this workbook" in help_text
    with zipfile.ZipFile(tmp_path / "s.xlsx") as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")


def test_a_changed_value_changes_that_line_only(tmp_path: Path) -> None:
    pack = copy_pack(HANOI, tmp_path / "pack")
    before = snapshot(pack)
    export(pack, tmp_path / "h.xlsx")
    edit(tmp_path / "h.xlsx", "numbers", {"id": "signatories-total"}, {"value": "73"})
    result = run("import", str(tmp_path / "h.xlsx"), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["numbers/signatories-total: changed value", "  value: 72 → 73",
                                              "1 record(s): 1 changed"]
    after = snapshot(pack)
    assert changed_lines(before["numbers.yaml"], after["numbers.yaml"]) == ["-  value: 72", "+  value: 73"]
    assert {n for n in before if before[n] != after[n]} == {"numbers.yaml"}


def test_edits_keep_each_fields_style_and_the_comments(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    edit(xlsx, "numbers", {"id": "budget"}, {"label.en": "total budget", "approx": "about", "note": None})
    edit(xlsx, "numbers", {"id": "delegates"}, {"note": "A shorter note."})
    edit(xlsx, "numbers", {"id": "budget-a"}, {"label.vi": "phần A's"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "numbers/delegates: changed note",
        "  note: Folded note that runs over two lines. → A shorter note.",
        "numbers/budget: changed approx, label.en, note",
        "  approx: (empty) → about",
        "  label.en: budget → total budget",
        "  note: =SUM(A1:A2) is text, not a formula → (empty)",
        "numbers/budget-a: changed label.vi",
        "  label.vi: phần A → phần A's",
        "3 record(s): 3 changed",
        f"wrote {pack}/numbers.yaml"]
    assert changed_lines(before["numbers.yaml"], snapshot(pack)["numbers.yaml"]) == [
        "-    Folded note that runs over",
        "-    two lines.",
        "+    A shorter note.",
        "+  approx: about",
        '-  label: {vi: "ngân sách", en: "budget"}',
        '+  label: {vi: "ngân sách", en: "total budget"}',
        '-  note: "=SUM(A1:A2) is text, not a formula"',
        "-    vi: 'phần A'",
        "+    vi: 'phần A''s'",
    ]
    assert "# Numbers, with comments the import must keep." in (pack / "numbers.yaml").read_text()
    assert run("check", str(pack)).exit_code == 0


def test_a_new_row_appends_a_record_and_its_evidence(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    edit(xlsx, "summits", None, {"id": "asean-2020", "status": "unverified", "name.vi": "Hội nghị ASEAN",
                                 "name.en": "ASEAN Summit", "year": "2020"})
    edit(xlsx, "evidence", None, {"type": "summits", "id": "asean-2020", "source": "vi-news",
                                  "excerpt": "Hội nghị cấp cao ASEAN"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "summits/asean-2020: added"
    after = snapshot(pack)["summits.yaml"]
    assert after.startswith(before["summits.yaml"])
    assert after[len(before["summits.yaml"]):].decode() == (
        "\n"
        "- id: asean-2020\n"
        "  name:\n"
        '    vi: "Hội nghị ASEAN"\n'
        '    en: "ASEAN Summit"\n'
        "  year: 2020\n"
        "  status: unverified\n"
        "  evidence:\n"
        "    - source: vi-news\n"
        '      excerpt: "Hội nghị cấp cao ASEAN"\n')


def test_a_deleted_row_needs_allow_delete(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    delete_row(xlsx, "quotes", {"id": "q-smith"})
    refused = run("import", str(xlsx), "--into", str(pack))
    assert refused.exit_code == 2
    assert refused.stderr == (f"{xlsx}: quotes: id: record 'q-smith' (quotes.yaml line 16) has no row; import with "
                              "--allow-delete to remove it, or restore the row\n")
    assert snapshot(pack) == before
    done = run("import", str(xlsx), "--into", str(pack), "--allow-delete")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == "quotes/q-smith: removed"
    assert snapshot(pack)["quotes.yaml"] == before["quotes.yaml"][:before["quotes.yaml"].index(b"- id: q-smith")]


def test_an_evidence_row_inserted_in_the_middle_adds_only_its_lines(tmp_path: Path) -> None:
    pack = copy_pack(HANOI, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "h.xlsx"
    export(pack, xlsx)
    book = openpyxl.load_workbook(xlsx)
    sheet = book["evidence"]
    sheet.insert_rows(3)  # between the two evidence items of numbers/signatories-total
    for column, value in enumerate(["numbers", "signatories-total", "s001-opening-day", "72 quốc gia"], start=1):
        sheet.cell(row=3, column=column, value=value)
    book.save(xlsx)
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert changed_lines(before["numbers.yaml"], snapshot(pack)["numbers.yaml"]) == [
        "+    - source: s001-opening-day", '+      excerpt: "72 quốc gia"']


def test_points_people_and_sources_edit_in_place(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    edit(xlsx, "points", {"points.en": "Data sharing"}, {"points.en": "Sharing data"})
    edit(xlsx, "people", {"id": "minh"}, {"name.vi": "Trần T. Minh", "name.en": "Trần T. Minh"})
    edit(xlsx, "people", {"id": "smith"}, {"name.en": "J. Smith"})
    edit(xlsx, "sources", {"id": "en-news"}, {"outlet": "Sample Wire Service", "url": "https://example.org/en"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    after = snapshot(pack)
    assert changed_lines(before["positions.yaml"], after["positions.yaml"]) == [
        '-    - {vi: "Chia sẻ dữ liệu", en: "Data sharing"}', '+    - {vi: "Chia sẻ dữ liệu", en: "Sharing data"}']
    assert changed_lines(before["people.yaml"], after["people.yaml"]) == [
        '-  name: "Trần Thị Minh"', '+  name: "Trần T. Minh"', '-    en: "John Smith"', '+    en: "J. Smith"']
    assert changed_lines(before["pack.yaml"], after["pack.yaml"]) == [
        "-    outlet: Sample Wire", '+    outlet: "Sample Wire Service"', '+    url: "https://example.org/en"']


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    before = snapshot(pack)
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    edit(xlsx, "quotes", {"id": "q-smith"}, {"status": "verified", "verified_by": "Lan Anh",
                                             "verified_on": "2025-03-16"})
    result = run("import", str(xlsx), "--into", str(pack), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["quotes/q-smith: changed status, verified_by, verified_on",
                                          "  status: unverified → verified",
                                          "  verified_by: (empty) → Lan Anh",
                                          "  verified_on: (empty) → 2025-03-16",
                                          "1 record(s): 1 changed", "dry run: nothing written"]
    assert snapshot(pack) == before


def test_export_never_overwrites_a_workbook_without_force(tmp_path: Path) -> None:
    xlsx = tmp_path / "s.xlsx"
    export(SHEETS_PACK, xlsx)
    edit(xlsx, "quotes", {"id": "q-smith"}, {"status": "verified"})
    edited = xlsx.read_bytes()
    refused = run("export", str(SHEETS_PACK), "--to", str(xlsx))
    assert refused.exit_code == 2
    assert xlsx.read_bytes() == edited
    forced = run("export", str(SHEETS_PACK), "--to", str(xlsx), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "s.xlsx.~1~").read_bytes() == edited


def test_a_change_made_to_the_yaml_after_the_export_is_not_undone(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    numbers = pack / "numbers.yaml"
    numbers.write_text(numbers.read_text(encoding="utf-8").replace("value: 2500", "value: 2600")
                       + "\n- id: late\n  value: 1\n  label: {vi: \"muộn\", en: \"late\"}\n  as_of: 2025-03-14\n"
                         "  status: unverified\n", encoding="utf-8")
    edited = numbers.read_bytes()
    edit(xlsx, "quotes", {"id": "q-smith"}, {"said_on": "2025-03-15"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "quotes/q-smith: changed said_on"
    assert numbers.read_bytes() == edited  # 2600 kept, `late` kept: the desk touched neither


def test_a_record_changed_in_the_sheet_and_in_the_yaml_is_a_conflict(tmp_path: Path) -> None:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    xlsx = tmp_path / "s.xlsx"
    export(pack, xlsx)
    numbers = pack / "numbers.yaml"
    numbers.write_text(numbers.read_text(encoding="utf-8").replace("value: 2500", "value: 2600"), encoding="utf-8")
    before = snapshot(pack)
    edit(xlsx, "numbers", {"id": "delegates"}, {"priority": "2"})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 2
    assert result.stderr == (f"{xlsx}: numbers!A2: id: changed in the sheet and in numbers.yaml since the export; "
                             "export again and make the sheet's change there\n")
    assert snapshot(pack) == before


def test_the_change_list_names_each_record_and_each_field() -> None:
    from briefgen.pack.changes import RecordChange, describe_changes

    long = "x" * 150
    assert describe_changes([
        RecordChange("numbers", "a", "added"),
        RecordChange("quotes", "b", "changed", ("text", "evidence"), (("text", "cũ", long), ("evidence", "1 item", "2 items"))),
        RecordChange("sources", "c", "removed"),
    ]) == ["numbers/a: added", "quotes/b: changed text, evidence", f"  text: cũ → {'x' * 99}…",
           "  evidence: 1 item → 2 items", "sources/c: removed", "3 record(s): 1 added, 1 changed, 1 removed"]
    assert describe_changes([]) == ["no changes"]
