"""A workbook that cannot be imported: every problem at its cell, all at once, exit 2, nothing written."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sheetsutil import SHEETS_PACK, copy_pack, edit, export, header_columns, run, snapshot

LOST = "has more digits than a spreadsheet keeps (15); digits may have been lost: format the cell as Text and " \
       "type the value again"
RETYPE = "format the cell as Text and type the value again"


@pytest.fixture
def workbook(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    pack = copy_pack(SHEETS_PACK, tmp_path / "pack")
    export(pack, tmp_path / "s.xlsx")
    return pack, tmp_path / "s.xlsx", snapshot(pack)


def refused(workbook: tuple[Path, Path, dict[str, bytes]]) -> list[str]:
    pack, xlsx, before = workbook
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 2, result.output
    assert snapshot(pack) == before
    prefix = f"{xlsx}: "
    lines = result.stderr.splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line[len(prefix):] for line in lines]


# (header, what a spreadsheet left in the cell, the message) for numbers/delegates (row 2)
MANGLED: list[tuple[str, Any, str]] = [
    ("value", "2.500", "numbers!C2: value: '2.500' is ambiguous: 2500 in Vietnamese, 2.5 in English (a spreadsheet "
                       "or an editor wrote a group separator); type the plain number without separators (2500 or 2.5)"),
    ("value", "1.234.567", "numbers!C2: value: '1.234.567' is ambiguous: 1234567 in Vietnamese, no number in English "
                           "(a spreadsheet or an editor wrote a group separator); type the plain number without "
                           "separators (1234567)"),
    ("as_of", "26/10/2025", "numbers!J2: as_of: '26/10/2025' is a date typed as day/month/year; a pack's dates are "
                            "ISO: write it as 2025-10-26"),
    ("as_of", "05/10/2025", "numbers!J2: as_of: '05/10/2025' is a date typed as day/month/year; a pack's dates are "
                            "ISO: it reads as day/month or month/day: write it as YYYY-MM-DD"),
    ("status", True, "numbers!B2: status: the cell holds the boolean TRUE, not text (a spreadsheet turned the text "
                     f"into a boolean); {RETYPE}"),
    ("value", datetime.time(1, 30), "numbers!C2: value: a spreadsheet turned the text into a time (01:30:00), as it "
                                    f"does with '1:30'; {RETYPE}"),
    ("value", "=2000+500", "numbers!C2: value: the cell holds a formula (=2000+500), whose value a spreadsheet "
                           "computes and may not have saved; type the value itself"),
    ("value", 1234567.123456789, f"numbers!C2: value: the number 1234567.123456789 {LOST}"),
    ("value", 12345678901234567890, f"numbers!C2: value: the number 1.234567890123457e+19 {LOST}"),
    ("value", datetime.date(2025, 10, 5), "numbers!C2: value: a spreadsheet turned the text into a date "
                                          f"(2025-10-05); {RETYPE}"),
    ("verified_on", datetime.datetime(2025, 3, 15, 9, 30), "numbers!N2: verified_on: the cell holds a date and time "
                                                           "(2025-03-15 09:30:00); type the text in a cell formatted "
                                                           "as Text"),
]


@pytest.mark.parametrize(("header", "value", "message"), MANGLED, ids=[m[2].split(": ")[2][:30] for m in MANGLED])
def test_a_mangled_cell_is_refused_saying_what_happened(workbook: tuple[Path, Path, dict[str, bytes]], header: str,
                                                        value: Any, message: str) -> None:
    edit(workbook[1], "numbers", {"id": "delegates"}, {header: value})
    assert refused(workbook) == [message]


@pytest.mark.parametrize(("header", "value", "line"), [
    ("verified_on", datetime.datetime(2025, 3, 16), "+  verified_on: 2025-03-16"),
    ("value", 2600.0, "+  value: 2600"),
    ("value", 6.5, "+  value: 6.5"),
    ("priority", 2, "+  priority: 2"),
])
def test_a_real_date_cell_becomes_iso_and_a_whole_number_a_plain_number(
        workbook: tuple[Path, Path, dict[str, bytes]], header: str, value: Any, line: str) -> None:
    from sheetsutil import changed_lines

    pack, xlsx, before = workbook
    edit(xlsx, "numbers", {"id": "delegates"}, {header: value})
    result = run("import", str(xlsx), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert changed_lines(before["numbers.yaml"], snapshot(pack)["numbers.yaml"])[1] == line


def test_every_problem_is_reported_at_once(workbook: tuple[Path, Path, dict[str, bytes]]) -> None:
    xlsx = workbook[1]
    edit(xlsx, "numbers", {"id": "delegates"}, {"value": "2.500", "status": "approved"})
    edit(xlsx, "quotes", {"id": "q-smith"}, {"speaker": "nobody"})
    edit(xlsx, "numbers", {"id": "budget"}, {"label.en": None})
    edit(xlsx, "evidence", {"id": "q-minh"}, {"source": "no-such-source"})
    edit(xlsx, "summits", None, {"status": "unverified", "name.vi": "Không có mã", "name.en": "No id", "year": "2020"})
    assert refused(workbook) == [
        "numbers!B2: status: 'approved' is not one of verified, unverified, disputed",
        "numbers!C2: value: '2.500' is ambiguous: 2500 in Vietnamese, 2.5 in English (a spreadsheet or an editor "
        "wrote a group separator); type the plain number without separators (2500 or 2.5)",
        "numbers!I3: label: missing language 'en'",
        "quotes!C3: speaker: unknown person 'nobody' (not in people.yaml)",
        "summits!A4: id: a row without an id; give the record an id, or clear the row",
        "evidence!C3: evidence.source: unknown source 'no-such-source'",
    ]


def test_the_sheets_shape_is_checked(workbook: tuple[Path, Path, dict[str, bytes]]) -> None:
    xlsx = workbook[1]
    book = openpyxl.load_workbook(xlsx)
    numbers = book["numbers"]
    numbers.cell(row=1, column=header_columns(numbers)["status"], value="staus")
    del book["points"]
    quotes = book["quotes"]
    quotes.cell(row=3, column=1, value="q-minh")
    people = book["people"]
    people.cell(row=1, column=people.max_column + 1, value="title.en")
    book.save(xlsx)
    assert refused(workbook) == [
        "numbers: status: column missing; a cleared column would lose every value in it: restore the column",
        "numbers!B1: staus: unknown column (columns: id, status, value, approx, unit.vi, unit.en, currency, label.vi, "
        "label.en, as_of, measure, parts, verified_by, verified_on, priority, note)",
        "quotes: id: record 'q-smith' (quotes.yaml line 16) has no row; import with --allow-delete to remove it, or "
        "restore the row",
        "quotes!A3: id: duplicate id 'q-minh' (first in row 2)",
        "people!G1: title.en: a second column named 'title.en' (the first is E); keep one",
        "points: sheet missing; export the pack again, or restore it",
    ]


def test_a_file_that_is_no_workbook_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_text("not a zip")
    result = run("import", str(tmp_path / "bad.xlsx"), "--into", str(SHEETS_PACK))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}/bad.xlsx: not a spreadsheet file (not a zip archive)\n"
