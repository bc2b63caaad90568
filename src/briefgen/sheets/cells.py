"""Read a workbook's cells as text, each with its sheet and coordinate, refusing mangled ones.

Cells are read with their exact coordinate and type, a formula as a formula (xlsxread.py, which
reads as openpyxl does; python-calamine would give a formula's cached value, empty in a file no
spreadsheet has recalculated, and every number as a float). An `.ods` file is converted to
`.xlsx` by LibreOffice first (a boolean then arrives as the formula `=TRUE()`).

A cell that a spreadsheet retyped is refused with what happened, never guessed back: a date
where text was expected, a time (`1:30`), a boolean, a formula, a number that lost digits.
A real date cell in a date column becomes its ISO date; a whole-number cell a plain number.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from briefgen.errors import ToolMissing, UsageProblem

MAX_UNPACKED = 512 * 1024 * 1024  # a workbook inflating past this is refused (a zip bomb)
MAX_ROWS = 500_000
MAX_COLUMNS = 200
CONVERT_TIMEOUT = 120
DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")


@dataclass(frozen=True)
class CellProblem:
    """One problem, printed `FILE.xlsx: numbers!D7: value: message`."""

    file: str
    sheet: str
    ref: str
    field: str
    message: str
    severity: str = "error"

    def render(self) -> str:
        if not self.sheet:
            return f"{self.file}: {self.message}"
        where = f"{self.sheet}!{self.ref}" if self.ref else self.sheet
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return (
            f"{self.file}: {where}: {self.field}: {tag}{self.message}"
            if self.field
            else f"{self.file}: {where}: {tag}{self.message}"
        )


@dataclass
class Row:
    """One row: its number and the texts of its cells by header (None: empty)."""

    number: int
    texts: dict[str, str | None]
    letters: dict[str, str]  # header -> column letter, shared by the sheet's rows

    def text(self, header: str) -> str | None:
        return self.texts.get(header)

    def ref(self, header: str) -> str:
        return f"{self.letters.get(header, 'A')}{self.number}"


@dataclass
class Sheet:
    name: str
    headers: dict[str, str]  # header -> column letter
    rows: list[Row] = field(default_factory=list)


def open_workbook(path: Path, display: str) -> tuple[dict[str, Sheet], list[CellProblem]]:
    """Every sheet's rows as text (empty rows left out), and the problems of cells that cannot be
    read; a file that is no workbook raises UsageProblem."""
    if not path.is_file():
        raise UsageProblem(
            f"{display}: no such file" if not path.exists() else f"{display}: not a regular file"
        )
    suffix = path.suffix.lower()
    if suffix == ".ods":
        with tempfile.TemporaryDirectory(prefix="briefgen-ods-") as tmp:
            converted = _ods_to_xlsx(path, Path(tmp), display)
            return _read_xlsx(converted, display)
    if suffix != ".xlsx":
        raise UsageProblem(f"{display}: import reads FILE.xlsx or FILE.ods")
    return _read_xlsx(path, display)


def _ods_to_xlsx(path: Path, work: Path, display: str) -> Path:
    from briefgen.render.pdf import find_soffice

    soffice = find_soffice()
    _check_zip(path, display)
    source = work / "in.ods"
    shutil.copyfile(path, source)  # never hand LibreOffice the user's path itself (a link, odd names)
    command = [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(work / "out"),
        str(source),
    ]
    try:
        subprocess.run(
            command,
            capture_output=True,
            timeout=CONVERT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
            env={"HOME": str(work), "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolMissing(f"{display}: LibreOffice did not convert it within {CONVERT_TIMEOUT} s") from exc
    except OSError as exc:
        raise ToolMissing(
            f"{display}: cannot run LibreOffice ({exc.strerror}); save the sheet as .xlsx"
        ) from exc
    out = work / "out" / "in.xlsx"
    if not out.is_file():
        raise UsageProblem(f"{display}: LibreOffice could not read it as a spreadsheet")
    return out


def _check_zip(path: Path, display: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise UsageProblem(
                    f"{display}: unpacks to more than {MAX_UNPACKED >> 20} MB; not a pack's workbook"
                )
    except zipfile.BadZipFile as exc:
        raise UsageProblem(f"{display}: not a spreadsheet file (not a zip archive)") from exc


def _read_xlsx(path: Path, display: str) -> tuple[dict[str, Sheet], list[CellProblem]]:
    from openpyxl.utils import get_column_letter

    from briefgen.sheets.xlsxread import open_cells

    _check_zip(path, display)
    sheets: dict[str, Sheet] = {}
    problems: list[CellProblem] = []
    try:
        book = open_cells(str(path))
        for title, part in book.sheets:
            sheet = Sheet(title, {})
            header_row: dict[int, str] = {}
            letters: dict[int, str] = {}
            for y, row in book.rows(part):
                if y > MAX_ROWS:
                    problems.append(CellProblem(display, title, f"A{y}", "", f"more than {MAX_ROWS} rows"))
                    break
                if y == 1:
                    header_row = {x: h for x, value, _ in row if x <= MAX_COLUMNS and (h := _header(value))}
                    letters = {x: get_column_letter(x) for x in header_row}
                    for x, h in header_row.items():
                        if h in sheet.headers:  # two columns for one field: which one holds it?
                            problems.append(
                                CellProblem(
                                    display,
                                    title,
                                    f"{letters[x]}1",
                                    h,
                                    f"a second column "
                                    f"named '{h}' (the first is {sheet.headers[h]}); keep one",
                                )
                            )
                        else:
                            sheet.headers[h] = letters[x]
                    continue
                texts: dict[str, str | None] = {}
                mangled = False
                for x, value, kind in row:
                    header = header_row.get(x)
                    if header is None:
                        if value not in (None, ""):
                            ref = f"{get_column_letter(x)}{y}" if x <= 16384 else f"?{y}"
                            problems.append(
                                CellProblem(
                                    display,
                                    title,
                                    ref,
                                    "",
                                    "a value in a column without a header; give the column "
                                    "a field name or clear it",
                                )
                            )
                        continue
                    if type(value) is str and kind == "s":  # the usual cell: text
                        texts[header] = value if value.strip() else None
                        continue
                    text, problem = cell_text(value, kind, header in DATE_FIELDS)
                    if problem is not None:
                        problems.append(CellProblem(display, title, f"{letters[x]}{y}", header, problem))
                        mangled = True
                    texts[header] = text
                if mangled or any(text is not None for text in texts.values()):
                    sheet.rows.append(Row(y, texts, sheet.headers))
            sheets[title] = sheet
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise UsageProblem(f"{display}: cannot be read as an .xlsx workbook ({type(exc).__name__})") from exc
    except Exception as exc:
        from lxml import etree

        if isinstance(exc, etree.LxmlError):
            raise UsageProblem(f"{display}: cannot be read as an .xlsx workbook (damaged XML)") from exc
        raise
    return sheets, problems


DATE_FIELDS = ("as_of", "verified_on", "said_on", "published")


def _header(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def cell_text(value: Any, data_type: str, date_column: bool) -> tuple[str | None, str | None]:
    """(text, None) for a usable cell, (None, why) for one a spreadsheet mangled."""
    if value is None:
        return None, None
    if data_type == "f" or (isinstance(value, str) and data_type != "s" and value.startswith("=")):
        formula = str(value)
        if formula.upper().replace(" ", "") in ("=TRUE()", "=FALSE()"):
            return None, (
                f"the cell holds the boolean {formula[1:-2].upper()}, not text (a spreadsheet turned "
                "the text into a boolean); format the cell as Text and type the value again"
            )
        return None, (
            f"the cell holds a formula ({_short(formula)}), whose value a spreadsheet computes and "
            "may not have saved; type the value itself"
        )
    if isinstance(value, bool):
        return None, (
            f"the cell holds the boolean {'TRUE' if value else 'FALSE'}, not text (a spreadsheet "
            "turned the text into a boolean); format the cell as Text and type the value again"
        )
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        has_time = isinstance(value, datetime) and value.time() != time(0)
        if date_column and not has_time:
            return day.isoformat(), None
        if isinstance(value, datetime) and has_time:
            return None, (
                f"the cell holds a date and time ({value.isoformat(sep=' ')}); "
                "type the text in a cell formatted as Text"
            )
        return None, (
            f"a spreadsheet turned the text into a date ({day.isoformat()}); format the cell as Text "
            "and type the value again"
        )
    if isinstance(value, time | timedelta):
        shown = value.isoformat() if isinstance(value, time) else str(value)
        return None, (
            f"a spreadsheet turned the text into a time ({shown}), as it does with '1:30'; format the "
            "cell as Text and type the value again"
        )
    if isinstance(value, int):
        return _plain_integer(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None, "the cell holds no number a pack can use (NaN or infinity)"
        shown = repr(value)
        if value.is_integer() and abs(value) < 10**15:
            return str(int(value)), None
        digits = len(shown.lstrip("-").replace(".", "").lstrip("0"))
        if "e" in shown or digits > 15:
            return None, (
                f"the number {shown} has more digits than a spreadsheet keeps (15); digits may have "
                "been lost: format the cell as Text and type the value again"
            )
        return shown, None
    if data_type == "e":
        return None, f"the cell holds the spreadsheet error {value}; type the value itself"
    if isinstance(value, str):
        return (value if value.strip() else None), None
    return None, f"the cell holds a {type(value).__name__}, not text"


def _plain_integer(value: int) -> tuple[str | None, str | None]:
    if abs(value) >= 10**15:
        return None, (
            f"the number {value} has more digits than a spreadsheet keeps (15); digits may have been "
            "lost: format the cell as Text and type the value again"
        )
    return str(value), None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def text_problem(header: str, kind: str, text: str) -> str | None:
    """A text a spreadsheet user typed that reads two ways: refused before any YAML is written."""
    from briefgen.pack.fields import GROUPED_RE

    stripped = text.strip()
    if kind == "value" and GROUPED_RE.match(stripped):
        vi, en = _readings(stripped)
        both = " or ".join(dict.fromkeys(x for x in (vi, en) if x))
        return (
            f"'{stripped}' is ambiguous: {vi or 'no number'} in Vietnamese, {en or 'no number'} in English "
            f"(a spreadsheet or an editor wrote a group separator); type the plain number without "
            f"separators ({both})"
        )
    if kind == "date":
        m = DMY.match(stripped)
        if m is not None:
            a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if a > 12 and b <= 12:
                hint = f"write it as {year}-{b:02d}-{a:02d}"
            elif b > 12 and a <= 12:
                hint = f"write it as {year}-{a:02d}-{b:02d}"
            else:
                hint = "it reads as day/month or month/day: write it as YYYY-MM-DD"
            return f"'{stripped}' is a date typed as day/month/year; a pack's dates are ISO: {hint}"
    return None


def _readings(text: str) -> tuple[str | None, str | None]:
    """How a Vietnamese and an English reader read `2.500` / `2,500` (None: not a number to them)."""
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("-")
    group_vi, group_en = ".", ","

    def read(group: str) -> str | None:
        decimal = "," if group == "." else "."
        if decimal in body:
            if body.count(decimal) > 1 or group in body:
                return None
            return sign + body.replace(decimal, ".").rstrip("0").rstrip(".")
        return sign + body.replace(group, "")

    return read(group_vi), read(group_en)
