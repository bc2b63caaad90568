"""What each record said when the workbook was exported, so import can tell who changed what.

The export keeps a hidden sheet, `_export`, with a fingerprint (a hash of the cells) of every
record. On import a row whose cells still match it was not touched by the desk, so the record is
left as the YAML has it now, even if someone changed the YAML since; a row the desk changed is
applied only if the YAML record is still as exported, and otherwise is a conflict. Without that
sheet (a workbook from elsewhere) the sheet simply wins.
"""

from __future__ import annotations

import hashlib

from briefgen.sheets.cells import Sheet
from briefgen.sheets.layout import Column, list_columns
from briefgen.sheets.table import Cells, Record, clean_text

EXPORT_SHEET = "_export"
COLUMNS = ("type", "id", "fingerprint")


def _norm(column: Column, text: str | None) -> str:
    if text is None:
        return ""
    return clean_text(text) if column.kind == "text" else text.strip()


def fingerprint(
    kind: str,
    columns: tuple[Column, ...],
    cells: Cells,
    lists: dict[str, list[Cells]],
    languages: tuple[str, ...],
) -> str:
    """A short hash of a record's cells and of its list items, in order."""
    parts = [_norm(c, cells.get(c.header)) for c in columns]
    for sheet in ("evidence", "points"):
        item_columns = list_columns(sheet, languages)[1 if sheet == "points" else 2 :]
        for item in lists.get(sheet, []):
            parts.append(sheet)
            parts += [_norm(c, item.get(c.header)) for c in item_columns]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def record_fingerprint(record: Record, columns: tuple[Column, ...], languages: tuple[str, ...]) -> str:
    lists = {name: [i.cells for i in items] for name, items in record.lists.items()}
    return fingerprint(record.kind, columns, record.cells, lists, languages)


def read_fingerprints(sheet: Sheet | None) -> dict[tuple[str, str], str] | None:
    """(kind, id) -> fingerprint at export; None when the workbook has no usable `_export` sheet."""
    if sheet is None or set(COLUMNS) - set(sheet.headers):
        return None
    out: dict[tuple[str, str], str] = {}
    for row in sheet.rows:
        kind, rid, value = (row.text(h) for h in COLUMNS)
        if kind and rid and value:
            out[(kind.strip(), rid.strip())] = value.strip()
    return out
