"""What a YAML error means to an editor: libyaml's complaint turned into one line that says what to fix."""
from __future__ import annotations

import re
from typing import Any

import yaml

from briefgen.findings import Issue, issue

# A pack nests five levels at most (records > evidence > item > field); a deeper file is a
# mistake or an attack on the recursive composer.
MAX_DEPTH = 32
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a pack needs a few at most"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


class Refused(yaml.MarkedYAMLError):
    """Something briefgen does not accept in a pack (an anchor, a tag, deep nesting), in libyaml's form."""

    def __init__(self, problem: str, problem_mark: Any) -> None:  # libyaml's marks are its own Mark type
        super().__init__(problem=problem, problem_mark=problem_mark)


def size_text(n: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def surrogate_message(text: str, offset: int) -> str | None:
    """libyaml refuses a \\uD800-style escape; say what it is and what to write instead."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    for m in _ESCAPE.finditer(text, line_start, len(text) if line_end < 0 else line_end):
        if not m.start() <= offset <= m.end():
            continue
        code = int(m.group(1) or m.group(2), 16)
        if not 0xD800 <= code <= 0xDFFF:
            return None
        column = m.start() - line_start + 1
        after = _ESCAPE.match(text, m.end())
        low = int(after.group(1) or after.group(2), 16) if after else 0
        if after and 0xD800 <= code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            char = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            return (f"'{m.group()}{after.group()}' at column {column} is a UTF-16 surrogate pair; YAML takes "
                    f"one escape per character: write the character itself ({chr(char)}) or \\U{char:08X}")
        return (f"'{m.group()}' at column {column} is half of a UTF-16 surrogate pair, not a character; "
                "no text can hold it: write the character itself")
    return None


def yaml_issue(exc: yaml.MarkedYAMLError, file: str, text: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    last = text.rstrip("\n").count("\n")  # 0-based index of the file's last line with text
    if mark is not None and mark.line > last and exc.context_mark is not None:
        # The file ended inside something left open (a quote, a '[' or '{'): point at where it opens,
        # not at a line past the end of the file.
        mark = exc.context_mark
    at_end = mark is not None and mark.line > last
    line = last + 1 if at_end else mark.line + 1 if mark is not None else 1
    problem = exc.problem or exc.context or "invalid YAML"
    surrogate = None
    if exc.problem == "found invalid Unicode character escape code" and mark is not None:
        surrogate = surrogate_message(text, mark.index)
    if isinstance(exc, Refused):
        msg = problem
    elif "maximum nesting depth" in problem:
        # libyaml (PyYAML >= 6.0.3) has a nesting limit of its own that may fire before ours:
        # the editor gets briefgen's message whichever limit is reached first.
        msg = TOO_DEEP
    elif surrogate is not None:
        msg = surrogate
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
        msg += next((hint for key, hint in _HINTS if key in problem), "")
    return issue("structure", file, line, "", msg)


# libyaml's words for the usual slips, and what an editor should look at.
_HINTS = (
    ("mapping values are not allowed", "; a value holding ': ' must be in quotes"),
    ("did not find expected '-' indicator", "; check this line's indentation"),
    ("did not find expected key", "; check this line's indentation"),
    ("found character that cannot start any token",
     "; a value starting with this character must be in quotes"),
)
