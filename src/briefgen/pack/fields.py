"""One YAML mapping being typed: getters that turn its scalars into values or findings.

Every scalar arrives as text with its line (see `yamlio.py`); a getter makes it an id, a date,
a Decimal or a localized mapping, or records an `Issue` naming file, line and field and gives
None, so that one read reports every problem of a file. Which fields a record has, and which
getter reads each, is declared in `schema.py`.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from yaml.nodes import MappingNode, SequenceNode

from briefgen.findings import Issue, Where, issue
from briefgen.pack.lint import TextSpot, explain_code, visible
from briefgen.pack.model import Localized
from briefgen.pack.yamlio import CONTROL, SCALARS, Scalar, YamlNode, control_char_issue, line_of

# ASCII digits only: `\d` would also take Arabic-Indic and other digits, which Decimal and
# int() then silently read as numbers.
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
LANG_RE = re.compile(r"[a-z]{2,3}\Z")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
NUMBER_RE = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?\Z")
GROUPED_RE = re.compile(r"-?[0-9]{1,3}([.,][0-9]{3})+\Z")
COUNTRY_RE = re.compile(r"[A-Z]{2}\Z")
CURRENCY_RE = re.compile(r"[A-Z]{3}\Z")
SHA_RE = re.compile(r"[0-9a-fA-F]{64}\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
# Private-use characters have no agreed meaning: copied from a PDF they print as boxes, and the
# Word renderer uses two of them as markers. Refused in text, like control characters.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# JSON writes 😀 as "\\ud83d\\ude00"; YAML reads that as two lone surrogates.
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Any character `text_value` refuses (controls, noncharacters, surrogates, private use): one search
# rules them all out for the usual text.
_UNHOLDABLE = re.compile(f"{CONTROL.pattern}|{_PRIVATE_USE.pattern}")


def kind_name(node: YamlNode) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing" if is_null(node) else "text"


def is_null(node: YamlNode) -> bool:
    # A plain scalar's style is None from PyYAML's Python parser but "" from libyaml's.
    return isinstance(node, SCALARS) and not node.style and node.value in _NULLS


def peek_id(node: MappingNode) -> str | None:
    """A mapping's `id`, when it is a valid one, before its fields are read."""
    for key, value in node.value:
        if isinstance(key, SCALARS) and key.value == "id":
            if isinstance(value, SCALARS) and ID_RE.match(value.value):
                return str(value.value)
            return None
    return None


class Fields:
    """One YAML mapping being read: typed getters that record issues instead of raising."""

    def __init__(self, node: MappingNode, file: str, allowed: tuple[str, ...], issues: list[Issue],
                 languages: tuple[str, ...], prefix: str = "", record: str | None = None,
                 texts: list[TextSpot] | None = None) -> None:
        self.node = node
        # Every text read, for the lint pass (`lint.py`); shared with nested mappings.
        self.texts = texts
        self.file = file
        self.issues = issues
        self.languages = languages
        self.prefix = prefix
        # Set before the keys are read, so an unknown or duplicate key names its record too.
        self.record: str | None = record
        self.failed = False
        # key and value node of each known field, as written
        self.values: dict[str, tuple[Scalar, YamlNode]] = {}
        # each field's value once read (None: absent or refused), for the fields read after it
        self.typed: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, SCALARS):
                self.add(key, "", "a key must be plain text")
                continue
            name = key.value
            if name in self.values:
                first = line_of(self.values[name][0])
                self.add(key, visible(name), f"duplicate key (first at line {first})")
                continue
            if name == "<<":
                self.add(key, name, "merge keys ('<<') are not allowed in a pack; write the fields out")
                continue
            if name not in allowed:
                hint = difflib.get_close_matches(name, allowed, n=1)
                tip = f"; did you mean '{hint[0]}'?" if hint else f" (known fields: {', '.join(allowed)})"
                self.add(key, visible(name), f"unknown field{explain_code(name)}{tip}")
                continue
            self.values[name] = (key, value)

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line) + 1

    def where(self) -> Where:
        return Where(self.file, self.line)

    def add(self, node: YamlNode, field: str, message: str, kind: str = "structure") -> None:
        self.failed = True
        name = f"{self.prefix}{field}" if field else self.prefix.rstrip(".")
        self.issues.append(issue(kind, self.file, line_of(node), name, message, self.record))

    def has(self, name: str) -> bool:
        return name in self.values and not is_null(self.values[name][1])

    def value_node(self, name: str, required: bool) -> YamlNode | None:
        """The value node of `name`; None (after an issue, if `required`) when absent or empty."""
        if name not in self.values or is_null(self.values[name][1]):
            if required:
                node = self.values[name][0] if name in self.values else self.node
                self.add(node, name, "required field is missing" if name not in self.values
                         else "required field is empty")
            return None
        return self.values[name][1]

    def _scalar(self, name: str, required: bool, what: str) -> tuple[Scalar, str] | None:
        node = self.value_node(name, required)
        if node is None:
            return None
        if not isinstance(node, SCALARS):
            self.add(node, name, f"expected {what}, got {kind_name(node)}")
            return None
        return node, node.value

    def text_value(self, node: Scalar, name: str) -> str | None:
        raw = node.value
        if _UNHOLDABLE.search(raw) is None:  # the usual text: none of the characters refused below
            return self._clean(node, name, raw)
        bad = control_char_issue(node.value)
        pair = _SURROGATE_PAIR.search(node.value)
        if pair is not None and bad is not None and bad[0] == pair.start():
            char = pair.group().encode("utf-16", "surrogatepass").decode("utf-16")
            high, low = (ord(c) for c in pair.group())
            self.add(node, name, f"UTF-16 surrogate pair U+{high:04X} U+{low:04X} at column "
                                 f"{pair.start() + 1} of the text; YAML takes one escape per character: "
                                 f"write the character itself ({char}) or \\U{ord(char):08X}")
            return None
        if bad is not None:
            self.add(node, name, f"{bad[1]} at column {bad[0] + 1} of the text; Word cannot hold it: "
                                 "remove it")
            return None
        private = _PRIVATE_USE.search(node.value)
        if private is not None:
            self.add(node, name, f"private-use character U+{ord(private.group()):04X} at column "
                                 f"{private.start() + 1} of the text (often left by copying from a PDF); "
                                 "it has no standard meaning and prints as a box or not at all: "
                                 "type the character meant")
            return None
        return self._clean(node, name, raw)

    def _clean(self, node: Scalar, name: str, raw: str) -> str | None:
        """The text folded: NFC, one space for each run of whitespace, trimmed; kept NFC but
        unfolded for the lint pass.

        Editors paste NFD from macOS and PDFs, and line breaks from web pages; a briefing line is
        one paragraph, so a newline or tab inside a text means a space.
        """
        if not unicodedata.is_normalized("NFC", raw):
            raw = unicodedata.normalize("NFC", raw)
        value = " ".join(raw.split())
        if not value:
            self.add(node, name, "empty text")
            return None
        if self.texts is not None:
            self.texts.append(TextSpot(self.file, line_of(node), f"{self.prefix}{name}", self.record, raw))
        return value

    def text(self, name: str, required: bool = True) -> str | None:
        got = self._scalar(name, required, "text")
        return None if got is None else self.text_value(got[0], name)

    def pattern(self, name: str, regex: re.Pattern[str], what: str, required: bool = True) -> str | None:
        got = self._scalar(name, required, what)
        if got is None:
            return None
        node, raw = got
        if not regex.match(raw):
            self.add(node, name, f"'{visible(raw)}' is not {what}{explain_code(raw)}")
            return None
        return raw

    def ident(self, name: str = "id", required: bool = True) -> str | None:
        value = self.pattern(name, ID_RE, "a valid id (lowercase letters, digits and '-', "
                                          "starting with a letter or digit)", required)
        if name == "id" and value is not None:
            self.record = value
        return value

    def choice(self, name: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        got = self._scalar(name, required, "text")
        if got is None:
            return None
        if got[1] not in choices:
            self.add(got[0], name,
                     f"'{visible(got[1])}' is not one of {', '.join(choices)}{explain_code(got[1])}")
            return None
        return got[1]

    def date(self, name: str, required: bool = True) -> date | None:
        got = self._scalar(name, required, "a date")
        if got is None:
            return None
        node, raw = got
        if DATE_RE.match(raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                self.add(node, name, f"'{raw}' is not a real date")
                return None
        self.add(node, name, f"'{visible(raw)}' is not an ISO date (write YYYY-MM-DD)")
        return None

    def number(self, name: str) -> Decimal | None:
        got = self._scalar(name, True, "a number")
        if got is None:
            return None
        node, raw = got
        if GROUPED_RE.match(raw):
            self.add(node, name, f"'{raw}' is ambiguous (a group separator reads differently in "
                                 f"Vietnamese and English); write the plain number without separators")
            return None
        if not NUMBER_RE.match(raw):
            if re.fullmatch(r"-?0[0-9]+(\.[0-9]+)?", raw):
                self.add(node, name, f"'{raw}' has a leading zero; write the plain number")
            else:
                self.add(node, name, f"'{visible(raw)}' is not a plain number "
                                     "(digits, optionally '.' and decimals)")
            return None
        return Decimal(raw)

    def integer(self, name: str, low: int, high: int, required: bool = True) -> int | None:
        got = self._scalar(name, required, "a whole number")
        if got is None:
            return None
        node, raw = got
        if not re.fullmatch(r"[1-9][0-9]{0,5}", raw) or not low <= int(raw) <= high:
            self.add(node, name, f"'{visible(raw)}' is not a whole number from {low} to {high}")
            return None
        return int(raw)

    def localized_node(self, node: YamlNode, name: str, required_langs: tuple[str, ...],
                       allowed_langs: tuple[str, ...] | None = None) -> Localized | None:
        if not isinstance(node, MappingNode):
            shape = ", ".join(f"{x}: ..." for x in required_langs) or "vi: ..."
            self.add(node, name,
                     f"expected a mapping of language to text ({{{shape}}}), got {kind_name(node)}")
            return None
        allowed = required_langs if allowed_langs is None else allowed_langs
        out: Localized = {}
        ok = True
        seen: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, SCALARS) or not LANG_RE.match(key.value):
                shown = visible(key.value) if isinstance(key, SCALARS) else "?"
                self.add(key, name, f"'{shown}' is not a language code"
                                    f"{explain_code(key.value) if isinstance(key, SCALARS) else ''}")
                ok = False
                continue
            lang = key.value
            if lang in seen:
                self.add(key, f"{name}.{lang}", f"duplicate key (first at line {seen[lang]})")
                ok = False
                continue
            seen[lang] = line_of(key)
            if self.languages and lang not in allowed:
                self.add(key, f"{name}.{lang}", f"language '{lang}' is not expected here "
                                                f"(pack languages: {', '.join(self.languages)})")
                ok = False
                continue
            if is_null(value):
                self.add(key, f"{name}.{lang}", "empty text")
                ok = False
                continue
            if not isinstance(value, SCALARS):
                self.add(value, f"{name}.{lang}", f"expected text, got {kind_name(value)}")
                ok = False
                continue
            text = self.text_value(value, f"{name}.{lang}")
            if text is None:
                ok = False
            else:
                out[lang] = text
        for lang in required_langs:
            if lang not in seen:
                self.add(node, name, f"missing language '{lang}'")
                ok = False
        return out if ok else None

    def localized(self, name: str, required: bool = True) -> Localized | None:
        node = self.value_node(name, required)
        return None if node is None else self.localized_node(node, name, self.languages)

    def seq(self, name: str, required: bool = False) -> list[YamlNode] | None:
        node = self.value_node(name, required)
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.add(node, name, f"expected a list, got {kind_name(node)}")
            return None
        return list(node.value)

    def each_scalar(self, name: str, regex: re.Pattern[str], what: str,
                    required: bool = False) -> tuple[str, ...] | None:
        items = self.seq(name, required)
        if items is None:
            return None if required else ()
        out: list[str] = []
        for item in items:
            if not isinstance(item, SCALARS) or not regex.match(item.value):
                self.add(item, name, f"'{visible(item.value)}' is not {what}{explain_code(item.value)}"
                         if isinstance(item, SCALARS) else f"expected {what}, got {kind_name(item)}")
                continue
            if item.value in out:
                self.add(item, name, f"'{item.value}' is listed twice")
                continue
            out.append(item.value)
        return tuple(out)

    def sub(self, node: YamlNode, name: str, allowed: tuple[str, ...]) -> Fields | None:
        """Fields of a nested mapping (an evidence item, a source), sharing this issue list."""
        if not isinstance(node, MappingNode):
            self.add(node, name, f"expected a mapping, got {kind_name(node)}")
            return None
        return Fields(node, self.file, allowed, self.issues, self.languages, prefix=f"{name}.",
                      record=self.record if self.record is not None else peek_id(node), texts=self.texts)


# --- the getters as `Reader`s, for the field declarations of schema.py ------------------------

# (the mapping, the field's key, whether it is required) -> its value, or None after reporting
# why there is none.
Reader = Callable[["Fields", str, bool], object]


def text_field(f: Fields, name: str, required: bool) -> str | None:
    return f.text(name, required)


def ident_field(f: Fields, name: str, required: bool) -> str | None:
    return f.ident(name, required)


def localized_field(f: Fields, name: str, required: bool) -> Localized | None:
    return f.localized(name, required)


def date_field(f: Fields, name: str, required: bool) -> object:
    return f.date(name, required)


def matching(regex: re.Pattern[str], what: str) -> Reader:
    return lambda f, name, required: f.pattern(name, regex, what, required)


def choice_of(choices: tuple[str, ...]) -> Reader:
    return lambda f, name, required: f.choice(name, choices, required)


def integer_in(low: int, high: int) -> Reader:
    return lambda f, name, required: f.integer(name, low, high, required)
