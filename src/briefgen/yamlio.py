"""Read one pack file as YAML *text*: strict encoding, no implicit typing, no anchors.

Why so strict: editors paste from Word, web pages and legacy Vietnamese tools.
A YAML 1.1 loader silently turns `NO` (Norway) into False, `012` into 10 and
`1:30` into 90; an anchor can hide a billion-laugh bomb. Here every scalar stays
a string with its position, and the schema layer (`schema.py`) gives it a type.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import Node
from yaml.resolver import BaseResolver

from briefgen.errors import Issue

MAX_FILE_BYTES = 64 * 1024 * 1024

# C0 controls except tab/newline/CR, DEL, C1 controls, and the noncharacters Word rejects.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class _Refused(yaml.MarkedYAMLError):
    pass


class _TextLoader(Composer, CParser, BaseResolver):  # type: ignore[misc]
    """libyaml's fast parser with PyYAML's composer, so anchors stay visible.

    BaseResolver has no implicit resolvers: every scalar is tagged `str`.
    """

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        BaseResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(problem="aliases (*name) are not allowed in a pack; write the value out",
                           problem_mark=event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused(problem="anchors (&name) are not allowed in a pack; write the value out",
                           problem_mark=event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def control_char_issue(text: str) -> tuple[int, str] | None:
    """Position (0-based) and name of the first character Word cannot hold, if any."""
    m = _CONTROL.search(text)
    if m is None:
        return None
    return m.start(), f"U+{ord(m.group()):04X}"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """Bytes -> str, refusing what would silently corrupt Vietnamese text."""

    def bad(line: int, message: str) -> tuple[None, list[Issue]]:
        return None, [Issue("structure", file, line, "", message)]

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bad(1, "file is UTF-16 encoded; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark (Notepad) carries no meaning: accept it
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return bad(line, "binary file (NUL byte); a pack file must be UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return bad(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02X} at column {col}); "
                         "if this is Vietnamese in a legacy encoding (TCVN3/ABC, VNI), convert it to Unicode UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    issues: list[Issue] = []
    for m in _CONTROL.finditer(text):
        line, col = _line_col(text, m.start())
        if issues and issues[-1].line == line:
            continue
        issues.append(Issue("structure", file, line, "",
                            f"control character U+{ord(m.group()):04X} at column {col}; remove it"))
    if issues:
        return None, issues
    return text, []


def read_yaml(path: Path, file: str) -> tuple[Node | None, list[Issue]]:
    """Parse one file into a node tree with line marks.

    Returns (None, []) for a missing, empty or comment-only file (no records),
    and (None, issues) when the file cannot be used.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [Issue("structure", file, 1, "", f"cannot read file: {exc.strerror}")]
    if path.is_dir():
        return None, [Issue("structure", file, 1, "", "is a folder, expected a YAML file")]
    if size > MAX_FILE_BYTES:
        return None, [Issue("structure", file, 1, "",
                            f"file is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue("structure", file, 1, "", f"cannot read file: {exc.strerror}")]
    text, issues = decode_text(data, file)
    if text is None:
        return None, issues
    try:
        loader = _TextLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_issue(exc, file, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return None, [Issue("structure", file, 1, "", f"YAML error: {exc}")]
    return node, []


def _yaml_issue(exc: yaml.MarkedYAMLError, file: str, text: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    last = text.rstrip("\n").count("\n")  # 0-based index of the file's last line with text
    if mark is not None and mark.line > last and exc.context_mark is not None:
        # The file ended inside something left open (a quote, a '[' or '{'): point at where it opens,
        # not at a line past the end of the file.
        mark = exc.context_mark
    at_end = mark is not None and mark.line > last
    line = last + 1 if at_end else mark.line + 1 if mark is not None else 1
    problem = exc.problem or exc.context or "invalid YAML"
    if isinstance(exc, _Refused):
        msg = problem
    elif "expected a single document" in (exc.context or ""):
        msg = "several YAML documents ('---'); a pack file holds exactly one"
    elif mark is not None and "\t" in text.split("\n")[mark.line][: mark.column + 1]:
        msg = "tab character; indent YAML with spaces"
    else:
        msg = f"YAML syntax error: {problem}"
        if exc.context:
            msg += f" ({exc.context})"
        if at_end:
            msg += " at the end of the file"
        elif mark is not None:
            msg += f" at column {mark.column + 1}"
    return Issue("structure", file, line, "", msg)
