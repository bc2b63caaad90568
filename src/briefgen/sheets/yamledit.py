"""Edits placed into a YAML file's text by position: only the characters that must change do.

Why not a YAML round trip: even a comment-preserving one (ruamel.yaml) re-indents, re-wraps
and re-quotes what it did not need to touch. Here the file is never re-serialised: a changed
scalar is replaced where it stands (in its own quoting style), a new field or list item is
inserted as new lines, a removed one deletes its lines. Everything else, comments and blank
lines included, stays byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, SequenceNode

from briefgen.pack.yamlio import SCALARS, YamlNode

# A value written without quotes only when no YAML reader could take it for anything but text
# (`NO`, `yes`, `012`, `1:30` are quoted; briefgen reads them as text, other tools may not).
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
WRAP = 96

Value = str | dict[str, str] | list[str] | list[dict[str, str]]


class CannotPlace(Exception):
    """The file's shape leaves no safe place for an edit (the caller rewrites the record)."""


@dataclass
class Edits:
    """Replacements of character ranges of one text, applied together (ranges never overlap)."""

    text: str
    changes: list[tuple[int, int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def replace(self, start: int, end: int, new: str) -> None:
        self.changes.append((start, end, len(self.changes), new))

    def line_start(self, line: int) -> int:
        """Offset of a 0-based line; one past the last line is the end of the text."""
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_start(line + 1)].rstrip("\n")

    def delete_lines(self, first: int, last: int) -> None:
        self.replace(self.line_start(first), self.line_start(last + 1), "")

    def insert_lines(self, before: int, lines: list[str]) -> None:
        at = self.line_start(before)
        prefix = "" if at == 0 or self.text[at - 1] == "\n" else "\n"
        self.replace(at, at, prefix + "".join(f"{x}\n" for x in lines))

    def apply(self) -> str:
        """The text with every change: inserts at one place keep their order, before a deletion there."""
        parts: list[str] = []
        pos = 0
        for start, end, _, new in sorted(self.changes, key=lambda c: (c[0], c[1], c[2])):
            if start < pos:
                raise CannotPlace("overlapping edits")
            parts += [self.text[pos:start], new]
            pos = end
        parts.append(self.text[pos:])
        return "".join(parts)


def start_of(node: YamlNode) -> tuple[int, int, int]:
    """(index, 0-based line, column) where a node starts; every node read from a file has marks."""
    mark = node.start_mark
    assert mark is not None
    return int(mark.index), int(mark.line), int(mark.column)


def end_of(node: YamlNode) -> int:
    mark = node.end_mark
    assert mark is not None
    return int(mark.index)


def scalar_span(text: str, node: YamlNode) -> tuple[int, int]:
    """The characters of a scalar as written; a block scalar (`>-`) without its trailing breaks."""
    start, end = start_of(node)[0], end_of(node)
    if isinstance(node, SCALARS) and node.style in ("|", ">"):
        end = start + len(text[start:end].rstrip())
    return start, end


def end_index(text: str, node: YamlNode) -> int:
    """Where a node's last character is written (a block collection ends with its last child)."""
    if isinstance(node, SCALARS):
        return scalar_span(text, node)[1]
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return end_index(text, last[1] if isinstance(last, tuple) else last)
    return end_of(node)


def last_line(text: str, node: YamlNode) -> int:
    """The 0-based line holding a node's last character."""
    return text.count("\n", 0, max(end_index(text, node) - 1, start_of(node)[0]))


def owns_lines(edits: Edits, first: int, start_col: int, last: int, end: int) -> bool:
    """Whether lines first..last hold only this entry (nothing but indentation or '- ' before it,
    nothing but a comment after it), so deleting or rewriting them touches nothing else."""
    head = edits.line_text(first)[:start_col]
    tail = edits.text[end : edits.line_start(last + 1)].strip()
    return (head.strip() == "" or re.fullmatch(r"\s*(- +)+", head) is not None) and (
        tail == "" or tail.startswith("#")
    )


def render_scalar(text: str, kind: str, style: str | None = None, indent: int = 0) -> str:
    """One value as YAML: plain for ids and codes, double quotes for text, or the style it had."""
    if style in ("|", ">"):
        return _block(text, indent)
    if style == "'" and "\n" not in text and text == text.strip():
        return "'" + text.replace("'", "''") + "'"
    if kind != "text" and style in (None, "") and _PLAIN.match(text) and not _ambiguous_plain(text):
        return text
    return double_quoted(text)


def _ambiguous_plain(text: str) -> bool:
    return (
        text.lower() in _YAML11_WORDS
        or re.fullmatch(r"0[0-9]+", text) is not None
        or (re.fullmatch(r"[0-9]+([._][0-9]+)*", text) is not None and "_" in text)
    )


def double_quoted(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


def _block(text: str, indent: int) -> str:
    """A folded block (`>-`) wrapped at spaces: it reads back as the same one-line text."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > WRAP - indent:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    if not text or any(not line or line != line.strip() for line in lines):
        return double_quoted(text)  # a text a folded block cannot hold as is
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in lines)


def render_entry(
    name: str, value: Value, kind: str, indent: int, flow: bool = False, kinds: dict[str, str] | None = None
) -> list[str]:
    """A field as YAML lines at `indent` (a new field, or one rewritten whole): block style, or
    one flow line when the field was written that way (`unit: {vi: ..., en: ...}`)."""
    pad = " " * indent
    if isinstance(value, str):
        return [f"{pad}{name}: {render_scalar(value, kind)}"]
    if isinstance(value, dict):
        if flow:
            return [
                f"{pad}{name}: {{" + ", ".join(f"{k}: {double_quoted(v)}" for k, v in value.items()) + "}"
            ]
        return [f"{pad}{name}:", *(f"{pad}  {lang}: {double_quoted(text)}" for lang, text in value.items())]
    if all(isinstance(x, str) for x in value):
        if flow:
            return [f"{pad}{name}: [" + ", ".join(render_scalar(str(x), "id") for x in value) + "]"]
        return [f"{pad}{name}:", *(f"{pad}  - {render_scalar(str(x), 'id')}" for x in value)]
    lines = [f"{pad}{name}:"]
    for item in value:
        assert isinstance(item, dict)
        lines += render_item(item, indent + 2, kinds or {})
    return lines


def render_item(item: dict[str, str], dash: int, kinds: dict[str, str]) -> list[str]:
    """One list item (`- source: ...` / `- vi: ...`), its keys aligned after the dash."""
    lines = []
    for n, (key, text) in enumerate(item.items()):
        lead = " " * dash + "- " if n == 0 else " " * (dash + 2)
        lines.append(f"{lead}{key}: {render_scalar(text, kinds.get(key, 'text'))}")
    return lines
