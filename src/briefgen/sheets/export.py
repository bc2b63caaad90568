"""`briefgen export`: a pack's records as one workbook, every cell text, deterministic bytes.

Every column is formatted as Text (`@`), the cells and the whole column, so a spreadsheet in a
Vietnamese locale cannot read `2.500` as 2500, `05/10/2025` as a date or `012` as 12, in the
rows exported and in rows a desk adds. A text starting with `=` is stored as a string, never a
formula. Dropdowns offer the allowed values. The zip is rewritten with fixed timestamps, so the
same pack always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from briefgen.errors import UsageProblem
from briefgen.pack.location import PackLocation
from briefgen.sheets.fingerprint import COLUMNS as FINGERPRINT_COLUMNS
from briefgen.sheets.fingerprint import EXPORT_SHEET, record_fingerprint
from briefgen.sheets.layout import (
    COMMON_CURRENCIES,
    HELP_SHEET,
    LIST_SHEETS,
    RECORD_SHEETS,
    Column,
    dropdowns,
    list_columns,
    record_sheets,
)
from briefgen.sheets.table import Cells, YamlFile, read_tables

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
MAX_CELL = 32767  # Excel's limit on the characters of one cell
MAX_WIDTH = 60

HELP = {
    "vi": [
        "Cách dùng bảng tính này",
        (
            "Mỗi trang tính là một loại bản ghi của gói dữ kiện (numbers, quotes, people, "
            "positions, summits, sources); evidence và points là các danh sách thuộc một bản ghi "
            "(cột type và id cho biết bản ghi nào)."
        ),
        "Sửa ô, thêm hàng cho bản ghi mới. Xóa một hàng chỉ có hiệu lực khi nhập với --allow-delete.",
        "Duyệt bản ghi: đặt status là verified, điền verified_by và verified_on (YYYY-MM-DD).",
        (
            "Mọi ô đều là văn bản: giữ nguyên định dạng Text. Viết số không có dấu phân cách "
            "(2500, 6.6), ngày theo dạng YYYY-MM-DD. Không dùng công thức."
        ),
        "Nhập lại: briefgen import TỆP.xlsx --into GÓI --dry-run để xem thay đổi, rồi bỏ --dry-run.",
    ],
    "en": [
        "How to use this workbook",
        (
            "Each sheet is one kind of record of the fact pack (numbers, quotes, people, positions, "
            "summits, sources); evidence and points are lists that belong to a record (the type and "
            "id columns say which)."
        ),
        "Edit cells; add a row for a new record. A deleted row removes it only with import --allow-delete.",
        "To approve a record: set status to verified and fill verified_by and verified_on (YYYY-MM-DD).",
        (
            "Every cell is text: keep the Text format. Write numbers without separators (2500, 6.6) "
            "and dates as YYYY-MM-DD. Do not use formulas."
        ),
        (
            "Bring it back: briefgen import FILE.xlsx --into PACK --dry-run to see the changes, "
            "then without --dry-run."
        ),
    ],
}


def export_pack(location: PackLocation, target: Path, force: bool) -> Path | None:
    """Write the workbook to `target`; returns the copy kept of a file it replaced (with --force)."""
    from briefgen.io.atomic import atomic_write
    from briefgen.pack.loading import require_pack

    if target.suffix.lower() != ".xlsx":
        raise UsageProblem(f"--to {target}: export writes an Excel workbook; name it FILE.xlsx")
    if target.is_dir():
        raise UsageProblem(f"--to {target}: is a folder")
    from briefgen.pack.loading import gc_paused

    pack, _ = require_pack(location)
    with gc_paused():  # hundreds of thousands of small objects, none in a cycle (see loading.py)
        data = workbook_bytes(location, pack.pack.languages)
    if target.exists() and target.read_bytes() == data:
        return None
    kept = None
    if target.exists():
        if not force:
            raise UsageProblem(
                f"--to {target}: the file exists (a desk may have edited it); not overwritten: "
                "import it first, or use --force (a copy of it is kept)"
            )
        kept = _backup(target)
    if not target.parent.is_dir():
        raise UsageProblem(f"--to {target}: no folder {target.parent}")
    atomic_write(target, data)
    return kept


def run_export(pack_arg: str, target: str, force: bool) -> list[str]:
    """`briefgen export`: the lines it prints."""
    from briefgen.pack.location import locate_pack

    kept = export_pack(locate_pack(pack_arg), Path(target), force)
    return ([f"kept the previous workbook as {kept}"] if kept is not None else []) + [f"wrote {target}"]


def _backup(target: Path) -> Path:
    n = 1
    while (copy := target.with_name(f"{target.name}.~{n}~")).exists():
        n += 1
    copy.write_bytes(target.read_bytes())
    return copy


def workbook_bytes(location: PackLocation, languages: tuple[str, ...]) -> bytes:
    """The workbook of the pack's YAML as it is on disk."""
    from openpyxl import Workbook

    tables = read_tables(location, languages)
    specs = record_sheets(languages)
    currencies = tuple(
        sorted(
            {c for r in tables["numbers"].records if (c := r.cells.get("currency"))} | set(COMMON_CURRENCIES)
        )
    )
    choices = dropdowns(languages, currencies)
    book = Workbook()
    first = book.active
    assert first is not None and not isinstance(first, str)
    _help_sheet(first, languages)
    rows: dict[str, tuple[bytes, str]] = {}  # sheet's part name -> its data rows, its dimension
    for name in RECORD_SHEETS:
        sheet = book.create_sheet(name)
        rows[_part(book, sheet)] = _table(
            sheet, specs[name].columns, [r.cells for r in tables[name].records], choices
        )
    for name in LIST_SHEETS:
        sheet = book.create_sheet(name)
        rows[_part(book, sheet)] = _table(
            sheet, list_columns(name, languages), list_rows(name, tables), choices
        )
    hidden = book.create_sheet(EXPORT_SHEET)
    rows[_part(book, hidden)] = _export_sheet(hidden, tables, languages)
    book.properties.creator = "briefgen"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), rows)


def _export_sheet(
    sheet: Worksheet, tables: dict[str, YamlFile], languages: tuple[str, ...]
) -> tuple[bytes, str]:
    """The hidden sheet of fingerprints (see fingerprint.py): what each record said at export."""
    specs = record_sheets(languages)
    rows: list[Cells] = [
        {"type": name, "id": r.id, "fingerprint": record_fingerprint(r, specs[name].columns, languages)}
        for name in RECORD_SHEETS
        for r in tables[name].records
    ]
    columns = tuple(Column(h, h, "id") for h in FINGERPRINT_COLUMNS)
    xml = _table(sheet, columns, rows, {})
    sheet.sheet_state = "hidden"
    return xml


def _part(book: Workbook, sheet: Worksheet) -> str:
    """The zip entry openpyxl writes a worksheet to: sheets are numbered in workbook order."""
    return f"xl/worksheets/sheet{book.worksheets.index(sheet) + 1}.xml"  # type: ignore[arg-type]


def list_rows(sheet: str, tables: dict[str, YamlFile]) -> list[Cells]:
    """The rows of a list sheet: each record's items in order, records in file order."""
    rows: list[Cells] = []
    kinds = ("numbers", "quotes", "positions", "summits") if sheet == "evidence" else ("positions",)
    for kind in kinds:
        for record in tables[kind].records:
            for item in record.lists.get(sheet, []):
                head: Cells = {"type": kind, "id": record.id} if sheet == "evidence" else {"id": record.id}
                rows.append({**head, **item.cells})
    return rows


def _help_sheet(sheet: Worksheet, languages: tuple[str, ...]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = HELP_SHEET
    row = 1
    for lang in [x for x in languages if x in HELP] or ["en"]:
        for n, line in enumerate(HELP[lang]):
            cell = sheet.cell(row=row, column=1, value=line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if n == 0:
                cell.font = Font(bold=True)
            row += 1
        row += 1
    sheet.column_dimensions["A"].width = 100


def _table(
    sheet: Worksheet,
    columns: tuple[Column, ...],
    rows: list[Cells],
    choices: dict[str, tuple[tuple[str, ...], bool]],
) -> tuple[bytes, str]:
    """The header, column formats, widths and dropdowns through openpyxl; returns the data rows
    as sheet XML (and the sheet's dimension), which `_fixed_zip` puts in.

    Why the rows are not openpyxl cells: at 10k records openpyxl spent seconds per 100k cells
    on cell objects and styles; here each cell is one string (inline text, the Text style).
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    letters = [get_column_letter(x) for x in range(1, len(columns) + 1)]
    for x, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=x, value=column.header)
        cell.font = bold
        cell.number_format = "@"
    widths = [len(c.header) for c in columns]
    for letter in letters:
        sheet.column_dimensions[letter].number_format = "@"  # rows a desk adds are Text too
    text_style = sheet.column_dimensions["A"].style_id
    out: list[str] = []
    for y, cells in enumerate(rows, start=2):
        out.append(f'<row r="{y}">')
        for x, column in enumerate(columns):
            text = cells.get(column.header)
            if text is None:
                continue
            if len(text) > MAX_CELL:
                raise UsageProblem(
                    f"{column.header}: a text of {len(text)} characters does not fit in a "
                    f"spreadsheet cell (at most {MAX_CELL})"
                )
            # A text cell (inline string): "=SUM(A1)" stays a text, never a formula.
            out.append(
                f'<c r="{letters[x]}{y}" s="{text_style}" t="inlineStr"><is><t xml:space="preserve">'
                f"{escape(text)}</t></is></c>"
            )
            widths[x] = max(widths[x], min(len(text), MAX_WIDTH))
        out.append("</row>")
    for x, column in enumerate(columns):
        letter = letters[x]
        sheet.column_dimensions[letter].width = min(widths[x] + 2, MAX_WIDTH)
        if column.header in choices:
            values, strict = choices[column.header]
            if values:
                check = DataValidation(
                    type="list",
                    formula1='"' + ",".join(values) + '"',
                    allow_blank=True,
                    showErrorMessage=strict,
                    errorStyle="stop" if strict else "warning",
                )
                check.add(f"{letter}2:{letter}1048576")
                sheet.add_data_validation(check)
    sheet.freeze_panes = "B2"
    return "".join(out).encode("utf-8"), f"A1:{letters[-1]}{len(rows) + 1}"


def _fixed_zip(data: bytes, rows: dict[str, tuple[bytes, str]]) -> bytes:
    """The same zip with the data rows put in, and every entry dated FIXED_TIME (openpyxl stamps
    the time of saving)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            body = source.read(info.filename)
            if info.filename in rows:
                xml, dimension = rows[info.filename]
                body = re.sub(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), body, count=1
                )
                body = body.replace(b"</sheetData>", xml + b"</sheetData>", 1)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            target.writestr(fixed, body)
    return out.getvalue()
