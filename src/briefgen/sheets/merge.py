"""Turn what the sheet wants into edits of the YAML texts, and the per-record change list.

Each changed field is edited where it stands (see `yamledit.py`); a new field goes after the
field before it in FORMAT.md's order; list items are matched by content (difflib), so an
item inserted in the middle adds its lines only. Where a file's shape leaves no safe place
(a record written as one `{...}` flow mapping), that one record is rewritten whole.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from yaml.nodes import MappingNode, SequenceNode

from briefgen.pack.changes import RecordChange
from briefgen.pack.fields import is_null
from briefgen.pack.schema import RECORDS, SOURCE
from briefgen.pack.yamlio import SCALARS, Scalar, YamlNode
from briefgen.sheets.intended import Wanted
from briefgen.sheets.layout import Column, Field, SheetSpec, list_columns
from briefgen.sheets.table import Cells, Item, Record, YamlFile, clean_text, entries_of, same, split_ids
from briefgen.sheets.yamledit import (
    CannotPlace,
    Edits,
    Value,
    end_index,
    end_of,
    last_line,
    owns_lines,
    render_entry,
    render_item,
    render_scalar,
    scalar_span,
    start_of,
)


def line(node: YamlNode) -> int:
    return start_of(node)[1]


def col(node: YamlNode) -> int:
    return start_of(node)[2]


LIST_FIELDS = {"evidence": ("numbers", "quotes", "positions", "summits"), "points": ("positions",)}
ITEM_KINDS = {"source": "id", "excerpt": "text"}


def value_of(f: Field, cells: Cells, was_plain: bool = False) -> Value | None:
    """A field's value from its cells: text, {lang: text}, or a list of ids; None when empty."""
    if f.shape == "scalar":
        text = cells.get(f.columns[0].header)
        if text is None:
            return None
        return clean_text(text) if f.columns[0].kind == "text" else text.strip()
    if f.shape == "ids":
        text = cells.get(f.columns[0].header)
        return split_ids(text) or None if text is not None else None
    got = {c.lang or "": clean_text(t) for c in f.columns if (t := cells.get(c.header)) is not None}
    if not got:
        return None
    if f.shape == "name" and was_plain and len(got) == len(f.columns) and len(set(got.values())) == 1:
        return next(iter(got.values()))
    return got


def item_value(columns: tuple[Column, ...], cells: Cells) -> dict[str, str]:
    out = {}
    for c in columns:
        text = cells.get(c.header)
        if text is not None:
            out[c.lang or c.field] = clean_text(text) if c.kind == "text" else text.strip()
    return out


def _key(columns: tuple[Column, ...], cells: Cells) -> tuple[str, ...]:
    return tuple("" if (t := cells.get(c.header)) is None else clean_text(t) for c in columns)


def _items(n: int) -> str:
    return f"{n} item{'' if n == 1 else 's'}"


class FilePlan:
    """The edits of one YAML file and the changes they make."""

    def __init__(self, spec: SheetSpec, file: YamlFile, languages: tuple[str, ...]) -> None:
        self.spec = spec
        self.file = file
        self.languages = languages
        self.edits = Edits(file.text)
        self.changes: list[RecordChange] = []
        self.appended = 0
        self.order = SOURCE.names if spec.name == "sources" else RECORDS[spec.name].names
        self.list_columns = {
            name: list_columns(name, languages)[1 if name == "points" else 2 :]
            for name, kinds in LIST_FIELDS.items()
            if spec.name in kinds
        }

    # --- one record ---------------------------------------------------------------------------

    def update(self, record: Record, wanted: Wanted) -> None:
        changed: list[str] = []
        values: list[tuple[str, str | None, str | None]] = []
        mark = len(self.edits.changes)
        try:
            for f in self.spec.fields:
                headers = [
                    c.header for c in f.columns if not same(c, record.cells[c.header], wanted.cells[c.header])
                ]
                if headers:
                    changed += headers
                    values += [(h, record.cells[h], wanted.cells[h]) for h in headers]
                    self._field(record, f, wanted.cells)
            for name, columns in self.list_columns.items():
                new = [cells for _, cells in wanted.lists.get(name, [])]
                if [_key(columns, i.cells) for i in record.lists.get(name, [])] != [
                    _key(columns, c) for c in new
                ]:
                    changed.append(name)
                    values.append((name, _items(len(record.lists.get(name, []))), _items(len(new))))
                    self._list(record, name, columns, new)
        except CannotPlace:
            del self.edits.changes[mark:]
            self._rewrite(record, wanted)
        if changed:
            self.changes.append(
                RecordChange(self.spec.name, record.id, "changed", tuple(changed), tuple(values))
            )

    def _field(self, record: Record, f: Field, cells: Cells) -> None:
        entry = record.entries.get(f.name)
        plain = entry is not None and isinstance(entry[1], SCALARS) and not is_null(entry[1])
        value = value_of(f, cells, was_plain=plain or entry is None)
        kind = f.columns[0].kind
        if entry is None:
            if value is not None:
                self._insert(record, f.name, render_entry(f.name, value, kind, col(record.node)))
            return
        key, node = entry
        if value is None:
            self._delete_entry(key, node)
        elif isinstance(value, str) and isinstance(node, SCALARS) and not is_null(node):
            self._scalar(node, value, kind, col(key) + 2)
        elif (
            isinstance(value, dict)
            and isinstance(node, MappingNode)
            and set(value) == {k.value for k, _ in node.value if isinstance(k, SCALARS)}
        ):
            for k, v in node.value:
                if isinstance(v, SCALARS) and clean_text(v.value) != value[k.value]:
                    self._scalar(v, value[k.value], "text", col(k) + 2)
        else:
            flow = bool(getattr(node, "flow_style", False))
            self._replace_entry(key, node, render_entry(f.name, value, kind, col(key), flow))

    def _scalar(self, node: Scalar, text: str, kind: str, indent: int) -> None:
        start, end = scalar_span(self.edits.text, node)
        self.edits.replace(start, end, render_scalar(text, kind, node.style or None, indent))

    def _lines_of(self, key: YamlNode, node: YamlNode) -> tuple[int, int]:
        first = line(key)
        last = last_line(self.edits.text, node)
        if not owns_lines(self.edits, first, col(key), last, end_index(self.edits.text, node)):
            raise CannotPlace(f"line {first + 1} holds more than this field")
        if self.edits.line_text(first)[: col(key)].strip():  # `- key:` : the item's first line
            raise CannotPlace(f"line {first + 1} starts the record")
        return first, last

    def _delete_entry(self, key: YamlNode, node: YamlNode) -> None:
        first, last = self._lines_of(key, node)
        self.edits.delete_lines(first, last)

    def _replace_entry(self, key: YamlNode, node: YamlNode, lines: list[str]) -> None:
        first, last = self._lines_of(key, node)
        self.edits.replace(
            self.edits.line_start(first), self.edits.line_start(last + 1), "".join(f"{x}\n" for x in lines)
        )

    def _insert(self, record: Record, name: str, lines: list[str]) -> None:
        """New lines after the field that precedes `name` in FORMAT.md's order (else after the first)."""
        if getattr(record.node, "flow_style", False):
            raise CannotPlace("a flow mapping")
        before = self.order[: self.order.index(name)]
        present = [e for e in record.entries.values() if e[0].value in before] or [
            next(iter(record.entries.values()))
        ]
        anchor = max(present, key=lambda e: end_of(e[1]))
        line = last_line(self.edits.text, anchor[1])
        end = end_index(self.edits.text, anchor[1])
        tail = self.edits.text[end : self.edits.line_start(line + 1)].strip()
        if tail and not tail.startswith("#"):
            raise CannotPlace("the line goes on after the field")
        self.edits.insert_lines(line + 1, lines)

    # --- list fields (evidence, points) -------------------------------------------------------------

    def _list(self, record: Record, name: str, columns: tuple[Column, ...], new: list[Cells]) -> None:
        entry = record.entries.get(name)
        values = [item_value(columns, c) for c in new]
        kinds = ITEM_KINDS
        if entry is None:
            if values:
                self._insert(record, name, render_entry(name, values, "text", col(record.node), kinds=kinds))
            return
        key, node = entry
        if not values:
            self._delete_entry(key, node)
            return
        old = record.lists.get(name, [])
        if not isinstance(node, SequenceNode) or node.flow_style or not old:
            self._replace_entry(key, node, render_entry(name, values, "text", col(key), kinds=kinds))
            return
        dash = col(old[0].node) - 2
        old_keys = [_key(columns, i.cells) for i in old]
        new_keys = [_key(columns, c) for c in new]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for item, cells in zip(old[i1:i2], new[j1:j2]):
                    self._item(item, columns, cells, dash)
                continue
            lines = [x for v in values[j1:j2] for x in render_item(v, dash, kinds)]
            if i1 == i2:  # an insert: before the item at i1, or after the last one
                at = line(old[i1].node) if i1 < len(old) else last_line(self.edits.text, old[-1].node) + 1
                self.edits.insert_lines(at, lines)
            else:
                first = self._item_lines(old[i1])[0]
                last = self._item_lines(old[i2 - 1])[1]
                self.edits.replace(
                    self.edits.line_start(first),
                    self.edits.line_start(last + 1),
                    "".join(f"{x}\n" for x in lines),
                )

    def _item_lines(self, item: Item) -> tuple[int, int]:
        first = line(item.node)
        last = last_line(self.edits.text, item.node)
        if not owns_lines(self.edits, first, col(item.node), last, end_index(self.edits.text, item.node)):
            raise CannotPlace("an item shares its lines")
        return first, last

    def _item(self, item: Item, columns: tuple[Column, ...], cells: Cells, dash: int) -> None:
        """One item changed in place: its changed scalars replaced, or the item rewritten."""
        node = item.node
        sub = entries_of(node) if isinstance(node, MappingNode) else {}
        wanted = item_value(columns, cells)
        names = [c.lang or c.field for c in columns]
        scalars = {
            n: sub[n] for n in names if n in sub and isinstance(sub[n][1], SCALARS) and not is_null(sub[n][1])
        }
        if set(scalars) == set(wanted) and len(sub) == len(scalars):
            for column in columns:
                n = column.lang or column.field
                if not same(column, item.cells[column.header], cells[column.header]):
                    k, v = scalars[n]
                    assert isinstance(v, SCALARS)
                    self._scalar(v, wanted[n], ITEM_KINDS.get(n, "text"), col(k) + 2)
            return
        first, last = self._item_lines(item)
        self.edits.replace(
            self.edits.line_start(first),
            self.edits.line_start(last + 1),
            "".join(f"{x}\n" for x in render_item(wanted, dash, ITEM_KINDS)),
        )

    # --- whole records -------------------------------------------------------------------------------

    def record_lines(self, wanted: Wanted, dash: int) -> list[str]:
        """A record written whole, fields in FORMAT.md's order, as `- id: ...` at `dash`."""
        fields = {f.name: f for f in self.spec.fields}
        lines: list[str] = []
        for name in self.order:
            if name in fields:
                value = value_of(fields[name], wanted.cells, was_plain=True)
                if value is not None:
                    lines += render_entry(name, value, fields[name].columns[0].kind, dash + 2)
            elif name in self.list_columns:
                values = [item_value(self.list_columns[name], c) for _, c in wanted.lists.get(name, [])]
                if values:
                    lines += render_entry(name, values, "text", dash + 2, kinds=ITEM_KINDS)
        if lines:
            lines[0] = " " * dash + "- " + lines[0][dash + 2 :]
        return lines

    def _rewrite(self, record: Record, wanted: Wanted) -> None:
        first = line(record.node)
        last = last_line(self.edits.text, record.node)
        if not owns_lines(self.edits, first, col(record.node), last, end_index(self.edits.text, record.node)):
            raise CannotPlace(f"{self.file.name}: record '{record.id}' shares its lines with another")
        dash = col(record.node) - 2
        self.edits.replace(
            self.edits.line_start(first),
            self.edits.line_start(last + 1),
            "".join(f"{x}\n" for x in self.record_lines(wanted, max(dash, 0))),
        )

    def remove(self, record: Record) -> None:
        first = line(record.node)
        last = last_line(self.edits.text, record.node)
        if not owns_lines(self.edits, first, col(record.node), last, end_index(self.edits.text, record.node)):
            raise CannotPlace(f"{self.file.name}: record '{record.id}' shares its lines with another")
        if (
            (first == 0 or self._blank(first - 1))
            and last + 1 < len(self.edits.starts)
            and self._blank(last + 1)
        ):
            last += 1  # the blank line that separated it from the next record
        self.edits.delete_lines(first, last)
        self.changes.append(RecordChange(self.spec.name, record.id, "removed"))

    def _blank(self, n: int) -> bool:
        return self.edits.line_text(n).strip() == ""

    def add(self, rid: str, wanted: Wanted) -> None:
        """A new record after the last one (a blank line between records; sources stay together)."""
        sequence = self.file.sequence
        records = self.file.records
        if sequence is not None and records and not sequence.flow_style:
            dash = col(records[0].node) - 2
            lines = self.record_lines(wanted, dash)
            at = last_line(self.edits.text, records[-1].node) + 1
            self.edits.insert_lines(at, ([] if self.spec.name == "sources" else [""]) + lines)
        elif self.spec.name == "sources":
            raise CannotPlace("pack.yaml has no list of sources to add to; add the first source in pack.yaml")
        else:  # no records yet: a missing or empty file, comments only, or `[]`
            if sequence is not None and not self.appended:  # `[]`: the list is written out from here on
                self.edits.replace(start_of(sequence)[0], end_of(sequence), "")
            text = self.edits.text
            lead = "\n" if self.appended or text.strip("[] \n") else ""
            self.edits.replace(
                len(text),
                len(text),
                ("" if not text or text.endswith("\n") else "\n") * (not self.appended)
                + lead
                + "".join(f"{x}\n" for x in self.record_lines(wanted, 0)),
            )
            self.appended += 1
        self.changes.append(RecordChange(self.spec.name, rid, "added"))

    def text(self) -> str:
        return self.edits.apply()
