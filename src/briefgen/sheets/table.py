"""A pack's YAML as the workbook sees it: per record, the text of every cell, and its nodes.

Export writes these texts; import compares the sheet's cells with them and keeps the nodes
to know which characters of the file to edit. Texts are read as the pack's loader reads them
(NFC, whitespace folded), so a cell equals its YAML value exactly when the pack means the same.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from yaml.nodes import MappingNode, SequenceNode

from briefgen.errors import UsageProblem
from briefgen.pack.fields import GROUPED_RE, is_null
from briefgen.pack.location import PackLocation
from briefgen.pack.yamlio import SCALARS, Scalar, YamlNode, read_yaml
from briefgen.sheets.layout import CHECKED_KINDS, Column, SheetSpec, list_columns, record_sheets

Cells = dict[str, str | None]  # header -> text (None: empty)


def clean_text(raw: str) -> str:
    """A text as the pack's loader reads it (`Fields._clean`): NFC, whitespace runs folded, trimmed."""
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    return " ".join(raw.split())


@dataclass
class Item:
    """One item of a list field (an evidence item, a point): its cells and its node."""

    cells: Cells
    node: YamlNode


@dataclass
class Record:
    """One record of a YAML file: its cells, its mapping node and its fields' nodes."""

    kind: str
    id: str
    node: MappingNode
    entries: dict[str, tuple[Scalar, YamlNode]]
    cells: Cells
    lists: dict[str, list[Item]] = field(default_factory=dict)


@dataclass
class YamlFile:
    """One pack file as text, the sequence of records it holds (None: no list yet), and them."""

    name: str
    path: Path
    text: str
    bom: bool
    crlf: bool
    sequence: SequenceNode | None
    records: list[Record]


def read_text(path: Path) -> tuple[str, bool, bool]:
    """The file's text with '\\n' line ends (as the YAML marks count them), and how it was stored."""
    try:
        data = path.read_bytes() if path.is_file() else b""
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot read the file ({exc.strerror})") from exc
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3 if bom else 0 :].decode("utf-8")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def scalar_text(node: YamlNode | None, kind: str) -> str | None:
    """A scalar's cell text: None for nothing, folded text for text columns, else as written."""
    if node is None or is_null(node) or not isinstance(node, SCALARS):
        return None
    value: str = node.value
    return clean_text(value) if kind == "text" else value.strip()


def _localized_text(node: YamlNode | None, lang: str) -> str | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, SCALARS) and key.value == lang:
                return scalar_text(value, "text")
        return None
    if isinstance(node, SCALARS):  # people.name written as one text for every language
        return scalar_text(node, "text")
    return None


def field_cells(spec: SheetSpec, entries: dict[str, tuple[Scalar, YamlNode]]) -> Cells:
    cells: Cells = {}
    for f in spec.fields:
        node = entries[f.name][1] if f.name in entries else None
        for column in f.columns:
            if column.lang is not None:
                cells[column.header] = _localized_text(node, column.lang)
            elif f.shape == "ids":
                items = node.value if isinstance(node, SequenceNode) else []
                got = [scalar_text(i, "id") for i in items]
                cells[column.header] = ", ".join(x for x in got if x) or None
            else:
                cells[column.header] = scalar_text(node, column.kind)
    return cells


def entries_of(node: MappingNode) -> dict[str, tuple[Scalar, YamlNode]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, SCALARS)}


def _items(
    kind: str, entries: dict[str, tuple[Scalar, YamlNode]], languages: tuple[str, ...]
) -> dict[str, list[Item]]:
    lists: dict[str, list[Item]] = {}
    if kind in CHECKED_KINDS:
        node = entries.get("evidence", (None, None))[1]
        out = []
        for item in node.value if isinstance(node, SequenceNode) else []:
            sub = entries_of(item) if isinstance(item, MappingNode) else {}
            cells = {
                c.header: scalar_text(sub.get(c.field, (None, None))[1], c.kind)
                for c in list_columns("evidence", languages)[2:]
            }
            out.append(Item(cells, item))
        lists["evidence"] = out
    if kind == "positions":
        node = entries.get("points", (None, None))[1]
        columns = list_columns("points", languages)[1:]
        lists["points"] = [
            Item({c.header: _localized_text(item, c.lang or "") for c in columns}, item)
            for item in (node.value if isinstance(node, SequenceNode) else [])
        ]
    return lists


def read_file(location: PackLocation, spec: SheetSpec, languages: tuple[str, ...]) -> YamlFile:
    """One record file (or pack.yaml's `sources`) as records with their cells."""
    path = location.path / spec.file
    text, bom, crlf = read_text(path)
    root, issues = read_yaml(path, location.file(spec.file))
    if any(i.severity == "error" for i in issues):
        from briefgen.errors import ValidationFailed

        raise ValidationFailed(issues)
    sequence: YamlNode | None = root
    if spec.name == "sources":
        sequence = entries_of(root).get("sources", (None, None))[1] if isinstance(root, MappingNode) else None
    records = []
    if isinstance(sequence, SequenceNode):
        for node in sequence.value:
            if not isinstance(node, MappingNode):
                continue
            entries = entries_of(node)
            rid = scalar_text(entries.get("id", (None, None))[1], "id") or ""
            records.append(
                Record(
                    spec.name,
                    rid,
                    node,
                    entries,
                    field_cells(spec, entries),
                    _items(spec.name, entries, languages),
                )
            )
    return YamlFile(
        spec.file, path, text, bom, crlf, sequence if isinstance(sequence, SequenceNode) else None, records
    )


def read_tables(location: PackLocation, languages: tuple[str, ...]) -> dict[str, YamlFile]:
    """Every sheet's YAML file, by sheet name (sources: pack.yaml)."""
    return {name: read_file(location, spec, languages) for name, spec in record_sheets(languages).items()}


def same(column: Column, old: str | None, new: str | None) -> bool:
    """Whether a cell says what the YAML says: the test for 'unchanged' everywhere.

    Texts are compared as the loader reads them (NFC, whitespace folded); a value as a number
    (`6.60` is `6.6`); a list of ids item by item.
    """
    if old is None or new is None:
        return old is None and new is None
    if column.kind == "text":
        return clean_text(old) == clean_text(new)
    if column.kind == "value":
        if GROUPED_RE.match(new.strip()) and new.strip() != old.strip():
            return False  # `2.500` typed over `2.5`: 2500 to a Vietnamese reader, never "the same"
        try:
            return Decimal(old.strip()) == Decimal(new.strip()) or old.strip() == new.strip()
        except InvalidOperation:
            return old.strip() == new.strip()
    if column.kind == "ids":
        return split_ids(old) == split_ids(new)
    return old.strip() == new.strip()


def split_ids(text: str) -> list[str]:
    """A `parts` cell: ids separated by commas, spaces or line breaks."""
    return [x for x in text.replace(",", " ").split() if x]


__all__ = ["Cells", "Item", "Record", "YamlFile", "read_tables", "record_sheets", "same", "split_ids"]
