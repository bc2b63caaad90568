"""What the workbook asks for: per sheet, each record's cells and list items, in sheet order.

Problems of the workbook's shape are found here (a missing sheet or column, an unknown
column, a row without an id, an id twice, an item of a record that has no row), each naming
its sheet and cell, as are the texts that read two ways (`2.500`, `26/10/2025`). A cell with
a problem counts as unchanged, so one mistake is reported once, not again by the check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.sheets.cells import CellProblem, Row, Sheet, text_problem
from briefgen.sheets.layout import (
    CHECKED_KINDS,
    LIST_SHEETS,
    RECORD_SHEETS,
    Column,
    list_columns,
    record_sheets,
)
from briefgen.sheets.table import Cells, YamlFile


@dataclass
class Wanted:
    """One record as the sheet has it."""

    row: Row
    cells: Cells
    lists: dict[str, list[tuple[Row, Cells]]] = field(default_factory=dict)


@dataclass
class Intended:
    records: dict[str, dict[str, Wanted]]  # sheet -> id -> record, in sheet order
    problems: list[CellProblem]
    bad_cells: set[tuple[str, str]]  # (sheet, ref) of cells already reported


def read_intended(
    sheets: dict[str, Sheet],
    tables: dict[str, YamlFile],
    languages: tuple[str, ...],
    display: str,
    problems: list[CellProblem],
) -> Intended:
    specs = record_sheets(languages)
    bad = {(p.sheet, p.ref) for p in problems}
    out = Intended({name: {} for name in RECORD_SHEETS}, problems, bad)

    def problem(sheet: str, ref: str, fld: str, message: str) -> None:
        problems.append(CellProblem(display, sheet, ref, fld, message))
        bad.add((sheet, ref))

    usable: dict[str, bool] = {}
    for name in RECORD_SHEETS + LIST_SHEETS:
        columns = specs[name].columns if name in specs else list_columns(name, languages)
        usable[name] = _headers(sheets.get(name), name, columns, display, problems)
    for name in RECORD_SHEETS:
        if not usable[name]:
            continue
        columns = specs[name].columns
        old = {r.id: r for r in tables[name].records}
        for row in sheets[name].rows:
            rid = row.text("id")
            if rid is None:
                problem(
                    name, row.ref("id"), "id", "a row without an id; give the record an id, or clear the row"
                )
                continue
            rid = rid.strip()
            if rid in out.records[name]:
                problem(
                    name,
                    row.ref("id"),
                    "id",
                    f"duplicate id '{rid}' (first in row {out.records[name][rid].row.number})",
                )
                continue
            out.records[name][rid] = Wanted(
                row, _cells(name, row, columns, old[rid].cells if rid in old else None, out, display)
            )
    for name in LIST_SHEETS:
        if not usable[name]:
            continue
        columns = list_columns(name, languages)
        for row in sheets[name].rows:
            kind = "positions" if name == "points" else (row.text("type") or "").strip()
            rid = (row.text("id") or "").strip()
            if kind not in CHECKED_KINDS:
                problem(
                    name,
                    row.ref("type"),
                    "type",
                    f"'{kind}' is not one of {', '.join(CHECKED_KINDS)}"
                    if kind
                    else "empty; say which sheet the record is on",
                )
                continue
            target = out.records[kind].get(rid) if usable[kind] else None
            if target is None:
                if usable[kind]:
                    problem(
                        name,
                        row.ref("id"),
                        "id",
                        f"no {kind} record '{rid}' (no row on sheet {kind})"
                        if rid
                        else "empty; give the id of the record the item belongs to",
                    )
                continue
            item = _cells(name, row, columns[1:] if name == "points" else columns[2:], None, out, display)
            target.lists.setdefault(name, []).append((row, item))
    return out


def _headers(
    sheet: Sheet | None, name: str, columns: tuple[Column, ...], display: str, problems: list[CellProblem]
) -> bool:
    """Whether the sheet has exactly the expected columns (in any order)."""
    if sheet is None:
        problems.append(
            CellProblem(display, name, "", "", "sheet missing; export the pack again, or restore it")
        )
        return False
    expected = [c.header for c in columns]
    ok = True
    for header, letter in sheet.headers.items():
        if header not in expected:
            problems.append(
                CellProblem(
                    display, name, f"{letter}1", header, f"unknown column (columns: {', '.join(expected)})"
                )
            )
            ok = False
    for header in expected:
        if header not in sheet.headers:
            problems.append(
                CellProblem(
                    display,
                    name,
                    "",
                    header,
                    "column missing; a cleared column would lose every value in it: restore the column",
                )
            )
            ok = False
    return ok


def _cells(
    sheet: str, row: Row, columns: tuple[Column, ...], old: Cells | None, out: Intended, display: str
) -> Cells:
    """The row's texts by header; a cell with a problem keeps the YAML's text (or stays empty)."""
    cells: Cells = {}
    for column in columns:
        ref = row.ref(column.header)
        text = row.text(column.header)
        if text is not None:
            why = text_problem(column.header, column.kind, text)
            if why is not None:
                out.problems.append(CellProblem(display, sheet, ref, column.header, why))
                out.bad_cells.add((sheet, ref))
        if (sheet, ref) in out.bad_cells:
            text = old.get(column.header) if old is not None else None
        cells[column.header] = text
    return cells
