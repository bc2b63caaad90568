"""A streaming reader of an .xlsx file's cells: (row, column, value, type), as openpyxl reads them.

Why not openpyxl's own reader: it builds an object per cell (and parses each inline string
through its serialisation classes), seconds for the 200k cells of a 10k-record pack. This
reads the same parts the same way (its `parse_cell` is the model: a formula is `=...` with
type `f`, a number with a date format a datetime, a boolean a bool, an error its text with
type `e`), using openpyxl's own date-format and serial-date helpers, in one pass of lxml's
iterparse per sheet, never expanding entities or fetching anything.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)\Z")

CellValue = tuple[int, Any, str]  # column (1-based), value, type


def _parser_args() -> dict[str, Any]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _tree(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(**_parser_args())
    with archive.open(name) as handle:
        return etree.parse(handle, parser).getroot()


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _text(node: Any) -> str:
    """The text of a string item: its `t` runs, not the phonetic (`rPh`) ones."""
    if node is None:
        return ""
    return "".join(t.text or "" for t in node.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh")


class XlsxCells:
    """The sheets of one workbook, read on demand, in workbook order."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.archive = archive
        book = _tree(archive, "xl/workbook.xml")
        rels = _tree(archive, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
        pr = book.find(f"{MAIN}workbookPr")
        self.epoch = (
            CALENDAR_MAC_1904
            if pr is not None and pr.get("date1904") in ("1", "true")
            else CALENDAR_WINDOWS_1900
        )
        self.sheets: list[tuple[str, str]] = []
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{REL}id"), "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            self.sheets.append((sheet.get("name", ""), path))
        names = set(archive.namelist())
        self.shared = (
            [_text(si) for si in _tree(archive, "xl/sharedStrings.xml").iter(f"{MAIN}si")]
            if "xl/sharedStrings.xml" in names
            else []
        )
        self.dates: set[int] = set()
        self.deltas: set[int] = set()
        if "xl/styles.xml" in names:
            styles = _tree(archive, "xl/styles.xml")
            formats = dict(BUILTIN_FORMATS)
            for fmt in styles.iter(f"{MAIN}numFmt"):
                formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            xfs = styles.find(f"{MAIN}cellXfs")
            for n, xf in enumerate(xfs if xfs is not None else []):
                code = formats.get(int(xf.get("numFmtId", "0")), "General")
                if is_date_format(code):
                    self.dates.add(n)
                    if is_timedelta_format(code):
                        self.deltas.add(n)

    def rows(self, path: str) -> Iterator[tuple[int, list[CellValue]]]:
        """Each row that holds cells: its number and its cells, in file order."""
        from lxml import etree

        if path not in self.archive.namelist():
            return
        with self.archive.open(path) as handle:
            yield from self._rows(
                etree.iterparse(handle, events=("end",), tag=f"{MAIN}row", **_parser_args())
            )

    def _rows(self, events: Any) -> Iterator[tuple[int, list[CellValue]]]:
        # One loop with the tag tests inline: at 200k cells a function call per cell is measurable.
        c_tag, f_tag, v_tag, is_tag, t_tag = f"{MAIN}c", f"{MAIN}f", f"{MAIN}v", f"{MAIN}is", f"{MAIN}t"
        last_row = 0
        for _, row in events:
            number = int(row.get("r") or last_row + 1)
            last_row = number
            cells: list[CellValue] = []
            column = 0
            for c in row:
                if c.tag != c_tag:
                    continue
                ref = c.get("r")
                m = _REF.match(ref) if ref else None
                column = _column(m.group(1)) if m else column + 1
                kind = c.get("t", "n")
                raw: str | None = None
                value: Any = None
                for child in c:
                    tag = child.tag
                    if tag == f_tag:
                        kind, value = "f", "=" + (child.text or "")
                        break
                    if tag == v_tag:
                        raw = child.text
                    elif tag == is_tag and kind == "inlineStr":
                        one = len(child) == 1 and child[0].tag == t_tag
                        kind, value = "s", (child[0].text or "") if one else _text(child)
                if kind not in ("f", "s") or (kind == "s" and value is None):
                    value, kind = self._value(kind, raw, c)
                if value is not None:
                    cells.append((column, value, kind))
            row.clear()
            parent = row.getparent()
            while row.getprevious() is not None:  # keep memory flat: drop the rows already read
                del parent[0]
            if cells:
                yield number, cells

    def _value(self, kind: str, raw: str | None, c: Any) -> tuple[Any, str]:
        from openpyxl.utils.datetime import from_excel

        if not raw:
            return None, kind
        if kind == "s":
            index = int(raw)
            return (self.shared[index] if 0 <= index < len(self.shared) else ""), "s"
        if kind == "b":
            return raw.strip() not in ("0", "false"), "b"
        if kind in ("str", "e"):
            return raw, "s" if kind == "str" else "e"
        if kind == "d":
            return datetime.fromisoformat(raw.rstrip("Z")), "d"
        try:
            number: int | float = int(raw) if re.fullmatch(r"-?[0-9]+", raw) else float(raw)
        except ValueError:
            return raw, "e"
        style = int(c.get("s", "0") or 0)
        if style in self.dates:
            try:
                return from_excel(number, self.epoch, timedelta=style in self.deltas), "d"
            except (OverflowError, ValueError):
                return "#VALUE!", "e"
        return number, "n"


def open_cells(handle: IO[bytes] | str) -> XlsxCells:
    return XlsxCells(zipfile.ZipFile(handle))
