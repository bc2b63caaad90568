"""Helpers for the spreadsheet tests: export, edit a cell with openpyxl, import, diff the YAML."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from briefgen.cli import cli

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "facts" / "hanoi-convention"
SHEETS_PACK = Path(__file__).parent / "packs" / "sheets"
PACK_FILES = ("pack.yaml", "numbers.yaml", "quotes.yaml", "people.yaml", "positions.yaml", "summits.yaml")


def copy_pack(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def snapshot(pack: Path) -> dict[str, bytes]:
    return {name: (pack / name).read_bytes() for name in PACK_FILES if (pack / name).exists()}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export(pack: Path, xlsx: Path) -> None:
    result = run("export", str(pack), "--to", str(xlsx))
    assert result.exit_code == 0, result.output


def find_row(sheet: Any, key: dict[str, str]) -> int:
    headers = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):
        if all(sheet.cell(row=row, column=headers[h]).value == v for h, v in key.items()):
            return row
    raise KeyError(key)


def header_columns(sheet: Any) -> dict[str, int]:
    return {c.value: c.column for c in sheet[1] if c.value}


def edit(xlsx: Path, sheet_name: str, key: dict[str, str] | None, values: dict[str, Any]) -> str:
    """Set cells of the row matching `key` (a new row when None); returns the row's number."""
    book = openpyxl.load_workbook(xlsx)
    sheet = book[sheet_name]
    row = find_row(sheet, key) if key is not None else sheet.max_row + 1
    columns = header_columns(sheet)
    for header, value in values.items():
        cell = sheet.cell(row=row, column=columns[header])
        cell.value = value
    book.save(xlsx)
    return str(row)


def delete_row(xlsx: Path, sheet_name: str, key: dict[str, str]) -> None:
    book = openpyxl.load_workbook(xlsx)
    sheet = book[sheet_name]
    sheet.delete_rows(find_row(sheet, key))
    book.save(xlsx)


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The diff's removed and added lines, without context."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
