"""Read one pack file as YAML *text*: strict encoding, no implicit typing, no anchors.

Why so strict: editors paste from Word, web pages and legacy Vietnamese tools.
A YAML 1.1 loader silently turns `NO` (Norway) into False, `012` into 10 and
`1:30` into 90; an anchor can hide a billion-laugh bomb. Here every scalar stays
a string with its position, and the schema layer (`schema.py`) gives it a type.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from briefgen.findings import Issue, issue
from briefgen.pack.lint import ENCODING_NAMES, legacy_vietnamese_bytes
from briefgen.pack.yaml_messages import MAX_DEPTH, TOO_DEEP, Refused, size_text, surrogate_message, yaml_issue

MAX_FILE_BYTES = 64 * 1024 * 1024
_STANDARD_TAGS = {ScalarEvent: "tag:yaml.org,2002:str", SequenceStartEvent: "tag:yaml.org,2002:seq",
                  MappingStartEvent: "tag:yaml.org,2002:map"}
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")

# C0 controls except tab/newline/CR, DEL, C1 controls, and the noncharacters Word rejects.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# libyaml refuses a raw control character outright (and reads U+0085 as a line break), so the
# file is parsed with a noncharacter the file does not use in its place, and the original is put
# back into the scalar that holds it: the schema then names the field, as for a "\x07" escape.
_STAND_INS = [chr(c) for c in range(0xFDD0, 0xFDF0)]

# A scalar of the tree: on the usual path libyaml's ScalarEvent itself (it already holds the
# value, style and marks; one more object per scalar cost a tenth of reading a large file), and
# PyYAML's ScalarNode on the pure-Python fallback (`_PyTextLoader`). Both are accepted everywhere;
# only `.tag` differs (None or "!" on an event), and nothing past this module reads it.
Scalar: TypeAlias = ScalarNode | ScalarEvent
YamlNode: TypeAlias = Node | ScalarEvent
SCALARS = (ScalarNode, ScalarEvent)


def line_of(node: YamlNode) -> int:
    """The 1-based line a node starts on; every node read from a file has its marks."""
    mark = node.start_mark
    assert mark is not None
    return mark.line + 1


class _Checks(Composer):
    """PyYAML's composer, refusing anchors, aliases, tags and deep nesting as it goes.

    Used for the rare file libyaml cannot compose (a surrogate escape); `_compose_events`
    applies the same refusals to every other file.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        _check_event(event)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise Refused(problem=TOO_DEEP,
                               problem_mark=event.start_mark)
            node: Node | None = super().compose_node(parent, index)
            return node
        finally:
            self.depth -= 1


class _TextLoader(_Checks, CParser, BaseResolver):
    """libyaml's fast parser with PyYAML's composer, so anchors stay visible.

    BaseResolver has no implicit resolvers: every scalar is tagged `str`.
    """

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        BaseResolver.__init__(self)


class _PyTextLoader(_Checks, Parser, Scanner, Reader, BaseResolver):
    """The same in pure Python, for the one thing libyaml refuses outright: a `\\uD800` escape.

    PyYAML reads it as a lone surrogate, so the schema can name the field and column
    instead of the whole file failing to parse.
    """

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)


def control_char_issue(text: str) -> tuple[int, str] | None:
    """Position (0-based) and description of the first character Word cannot hold, if any."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return m.start(), describe_unholdable(m.group())


def describe_unholdable(ch: str) -> str:
    """'control character U+0007', 'noncharacter U+FFFF', 'lone surrogate U+D800'."""
    code = ord(ch)
    what = ("noncharacter" if code in (0xFFFE, 0xFFFF) else "lone surrogate" if 0xD800 <= code <= 0xDFFF
            else "control character")
    return f"{what} U+{code:04X}"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Issue], dict[int, str]]:
    """Bytes -> str, refusing what would silently corrupt Vietnamese text.

    Raw control characters come back replaced by a stand-in, with a map from their offset to
    the original character (see `_restore_controls`).
    """

    def bad(line: int, message: str) -> tuple[None, list[Issue], dict[int, str]]:
        return None, [issue("structure", file, line, "", message)], {}

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bad(1, "file is UTF-16 encoded; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark (Notepad) carries no meaning: accept it
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:400]
        if len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
            return bad(1, "file looks like UTF-16 without a byte order mark (a NUL byte after every letter); "
                          "save it as UTF-8")
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return bad(line, f"NUL byte at column {col}; a pack file must be UTF-8 text (is this a binary file?)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        where = f"not valid UTF-8 (byte 0x{data[exc.start]:02X} at column {col})"
        legacy = legacy_vietnamese_bytes(data)
        if legacy is not None:
            name = ENCODING_NAMES[legacy[0]]
            return bad(line, f"{where}: it looks like Vietnamese in the legacy {name} encoding "
                             f"(‘{legacy[1]}’); convert the file to Unicode UTF-8")
        return bad(line, f"{where}; if this is Vietnamese in a legacy encoding (TCVN3/ABC, VNI), "
                         "convert it to Unicode UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = {m.start(): m.group() for m in CONTROL.finditer(text)}
    stand_in = _stand_in(text)
    if controls and stand_in:
        text = CONTROL.sub(stand_in, text)
        return text, [], controls
    if controls:  # the file uses every stand-in: report the characters for the file
        return None, _control_issues(text, controls, file), {}
    return text, [], {}


def _stand_in(text: str) -> str:
    return next((c for c in _STAND_INS if c not in text), "")


def _restore_controls(root: YamlNode, controls: dict[int, str], stand_in: str) -> dict[int, str]:
    """Put each raw control character back into the scalar that holds it; returns those in no scalar."""
    left = dict(controls)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, SCALARS):
            start, end = node.start_mark, node.end_mark
            assert start is not None and end is not None
            inside = [i for i in left if start.index <= i < end.index]
            if inside and node.value.count(stand_in) == len(inside):
                pieces = node.value.split(stand_in)
                chars = [left.pop(i) for i in sorted(inside)]
                node.value = "".join(p + c for p, c in zip(pieces, chars + [""], strict=True))
        elif isinstance(node.value, list):
            for item in node.value:
                stack.extend(item if isinstance(item, tuple) else (item,))
    return left


def _control_issues(text: str, controls: dict[int, str], file: str) -> list[Issue]:
    """One issue per line for raw control characters outside any value (comments, indentation)."""
    issues: list[Issue] = []
    for offset in sorted(controls):
        line, col = _line_col(text, offset)
        if issues and issues[-1].line == line:
            continue
        message = f"{describe_unholdable(controls[offset])} at column {col}; remove it"
        issues.append(issue("structure", file, line, "", message))
    return issues


def read_yaml(path: Path, file: str, on_item: Callable[[YamlNode], None] | None = None
              ) -> tuple[YamlNode | None, list[Issue]]:
    """Parse one file into a node tree with line marks.

    Returns (None, []) for a missing, empty or comment-only file (no records),
    (None, issues) when the file cannot be used, and (tree, issues) when it can be
    read but holds a stray control character.
    """
    def bad(message: str) -> tuple[None, list[Issue]]:
        return None, [issue("structure", file, 1, "", message)]

    try:
        if not path.exists() and not path.is_symlink():
            return None, []
        if path.is_dir():
            return bad("is a folder, expected a YAML file")
        if not path.is_file():  # a dangling link, a device (/dev/zero), a pipe: reading could hang
            return bad("is not a regular file (a broken link, a device or a pipe); "
                       "a pack file must be a text file")
        # Read one byte past the cap rather than trusting stat(): the file may grow while read.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return bad(f"cannot read file: {exc.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return bad(f"file is over the size limit for a pack file ({size_text(MAX_FILE_BYTES)}); "
                   "split it or remove what does not belong in a pack")
    text, issues, controls = decode_text(data, file)
    if text is None:
        return None, issues
    try:
        # Items of a top-level list go to `on_item` as they are read, unless raw control
        # characters must first be put back into the whole tree.
        streamable = not controls and not _SURROGATE_ESCAPE.search(text)
        node = _compose(_TextLoader, text, on_item if streamable else None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if not (exc.problem == "found invalid Unicode character escape code" and mark is not None
                and surrogate_message(text, mark.index)):
            return None, [yaml_issue(exc, file, text)]
        try:
            node = _compose(_PyTextLoader, text)
        except (yaml.YAMLError, ValueError):  # a second problem in the file: report libyaml's first one
            return None, [yaml_issue(exc, file, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return None, [issue("structure", file, 1, "", f"YAML error: {exc}")]
    # Control characters in no value (a comment, the indentation) are reported for the file; the
    # tree is still read, so problems in its fields are reported too.
    if controls:
        stand_in = text[min(controls)]
        controls = controls if node is None else _restore_controls(node, controls, stand_in)
    stray = _control_issues(text, controls, file)
    if isinstance(node, SCALARS) and not node.style and node.value in ("", "~", "null", "Null", "NULL"):
        return None, stray  # a document holding nothing (`---` alone, `~`): like an empty file
    return node, stray


def _compose(loader_class: Callable[[str], Any], text: str, on_item: Callable[[YamlNode], None] | None = None
             ) -> YamlNode | None:
    loader = loader_class(text)
    try:
        if loader_class is _TextLoader:
            return _compose_events(loader, on_item)
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _check_event(event: Any) -> None:
    """Refuse an alias, an anchor or a tag: a pack's values are plain text, typed by their field."""
    if isinstance(event, AliasEvent):
        raise Refused(problem="aliases (*name) are not allowed in a pack; write the value out",
                       problem_mark=event.start_mark)
    if getattr(event, "anchor", None):
        raise Refused(problem="anchors (&name) are not allowed in a pack; write the value out",
                       problem_mark=event.start_mark)
    tag = getattr(event, "tag", None)
    if tag not in (None, "!", _STANDARD_TAGS.get(type(event))):
        shown = tag.replace("tag:yaml.org,2002:", "!!") if isinstance(tag, str) else tag
        raise Refused(problem=f"tags such as '{shown}' are not allowed in a pack; briefgen reads every value "
                               "as text and types it by its field: remove the tag",
                       problem_mark=event.start_mark)


def _compose_events(loader: Any, on_item: Callable[[YamlNode], None] | None = None) -> YamlNode | None:
    """PyYAML's composition, as one loop over libyaml's events.

    Why not `Composer`: for packs of thousands of records its recursion and per-node method
    calls cost more than parsing itself. The result is PyYAML's node tree, except that each
    scalar is its own ScalarEvent (see `Scalar`), with the same refusals: anchors, aliases,
    tags, nesting past MAX_DEPTH, and a second document. With `on_item`, each item of a
    top-level list is handed over as soon as it is complete instead of being kept: the list
    comes back empty.
    """
    get = loader.get_event
    get()  # StreamStartEvent
    event = get()
    if isinstance(event, StreamEndEvent):
        return None
    document = event
    root: YamlNode | None = None
    stack: list[list[Any]] = []  # [node, key awaiting its value]
    str_tag, seq_tag, map_tag = _STANDARD_TAGS[ScalarEvent], _STANDARD_TAGS[SequenceStartEvent], \
        _STANDARD_TAGS[MappingStartEvent]
    node: YamlNode
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor or event.tag not in (None, "!", str_tag):
                _check_event(event)
            node = event
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor or event.tag not in (None, "!", _STANDARD_TAGS[kind]):
                _check_event(event)
            if len(stack) >= MAX_DEPTH:
                raise Refused(problem=TOO_DEEP,
                               problem_mark=event.start_mark)
            made = (MappingNode(map_tag, [], event.start_mark, None, flow_style=event.flow_style)
                    if kind is MappingStartEvent else
                    SequenceNode(seq_tag, [], event.start_mark, None, flow_style=event.flow_style))
            stack.append([made, None])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        elif kind is DocumentEndEvent:
            break
        else:  # an alias
            _check_event(event)
        if not stack:
            root = node
            continue
        top = stack[-1]
        parent = top[0]
        if isinstance(parent, SequenceNode):
            if on_item is not None and len(stack) == 1:
                on_item(node)
            else:
                parent.value.append(node)
        elif top[1] is None:
            top[1] = node
        else:
            parent.value.append((top[1], node))
            top[1] = None
    event = get()
    if not isinstance(event, StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", event.start_mark)
    return root
