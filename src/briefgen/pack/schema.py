"""Type a pack file's YAML nodes by the schema of FORMAT.md, collecting every problem.

Every scalar arrives as text with its line (see `yamlio.py`); here it becomes an id,
a date, a Decimal or a localized mapping, or an `Issue` that names file, line and field.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from yaml.nodes import MappingNode, SequenceNode

from briefgen.errors import Issue
from briefgen.pack.lint import TextSpot, explain_code, visible
from briefgen.pack.model import (
    APPROX,
    QUOTE_KINDS,
    SECTIONS,
    STATUSES,
    Evidence,
    Localized,
    NumberRecord,
    Pack,
    Person,
    Position,
    Quote,
    Source,
    Summit,
    Verification,
    Where,
)
from briefgen.pack.yamlio import CONTROL, SCALARS, Scalar, YamlNode, control_char_issue, line_of

T = TypeVar("T")
_Date = date  # `Fields.date` is a method: the type, by another name, inside the class

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
# The placeholder a draft writes for a date no source states (published, as_of, said_on, date).
UNKNOWN_DATE = "unknown"
# Private-use characters have no agreed meaning: copied from a PDF they print as boxes, and the
# Word renderer uses two of them as markers. Refused in text, like control characters.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# JSON writes 😀 as "\\ud83d\\ude00"; YAML reads that as two lone surrogates.
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Any character `text_value` refuses (controls, noncharacters, surrogates, private use): one search
# rules them all out for the usual text.
_UNHOLDABLE = re.compile(f"{CONTROL.pattern}|{_PRIVATE_USE.pattern}")

VERIFICATION_FIELDS = ("status", "verified_by", "verified_on", "evidence", "priority", "note")
FIELDS: dict[str, tuple[str, ...]] = {
    "pack": ("id", "title", "date", "place", "languages", "sources", "presets", "stale_after_days"),
    "source": ("id", "title", "outlet", "published", "lang", "url", "file", "sha256"),
    "numbers": ("id", "value", "approx", "unit", "currency", "label", "as_of", "measure", "parts")
    + VERIFICATION_FIELDS,
    "people": ("id", "name", "title", "country"),
    "quotes": ("id", "speaker", "kind", "lang", "text", "translations", "said_on", "context")
    + VERIFICATION_FIELDS,
    "positions": ("id", "country", "name", "summary", "points", "said_on") + VERIFICATION_FIELDS,
    "summits": ("id", "name", "short", "year", "city") + VERIFICATION_FIELDS,
    "evidence": ("source", "excerpt"),
}


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


def clean_text(raw: str) -> str:
    """NFC, one space for each run of whitespace, trimmed.

    Editors paste NFD from macOS and PDFs, and line breaks from web pages; a briefing
    line is one paragraph, so a newline or tab inside a text means a space.
    """
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    return " ".join(raw.split())  # str.split() breaks on exactly the whitespace regex \s matches


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
        self.values: dict[str, tuple[Scalar, YamlNode]] = {}
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
        self.issues.append(Issue(kind, self.file, line_of(node), name, message, self.record))

    def has(self, name: str) -> bool:
        return name in self.values and not is_null(self.values[name][1])

    def _get(self, name: str, required: bool) -> YamlNode | None:
        if name not in self.values or is_null(self.values[name][1]):
            if required:
                node = self.values[name][0] if name in self.values else self.node
                self.add(node, name, "required field is missing" if name not in self.values
                         else "required field is empty")
            return None
        return self.values[name][1]

    def _scalar(self, name: str, required: bool, what: str) -> tuple[Scalar, str] | None:
        node = self._get(name, required)
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
            self.add(node, name, f"UTF-16 surrogate pair U+{ord(pair.group()[0]):04X} U+{ord(pair.group()[1]):04X} at "
                                 f"column {pair.start() + 1} of the text; YAML takes one escape per character: write "
                                 f"the character itself ({char}) or \\U{ord(char):08X}")
            return None
        if bad is not None:
            self.add(node, name, f"{bad[1]} at column {bad[0] + 1} of the text; Word cannot hold it: remove it")
            return None
        private = _PRIVATE_USE.search(node.value)
        if private is not None:
            self.add(node, name, f"private-use character U+{ord(private.group()):04X} at column {private.start() + 1} "
                                 "of the text (often left by copying from a PDF); it has no standard meaning and "
                                 "prints as a box or not at all: type the character meant")
            return None
        return self._clean(node, name, raw)

    def _clean(self, node: Scalar, name: str, raw: str) -> str | None:
        """The text folded (`clean_text`), and kept NFC but unfolded for the lint pass."""
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
            self.add(got[0], name, f"'{visible(got[1])}' is not one of {', '.join(choices)}{explain_code(got[1])}")
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

    def date_or_unknown(self, name: str) -> tuple[bool, _Date | None]:
        """A required date that a draft may leave as `unknown` (briefgen extract writes it when an
        article states no date): a warning, never a guessed date. (False, None) when invalid."""
        node = self.values.get(name, (None, None))[1]
        if isinstance(node, SCALARS) and node.value == UNKNOWN_DATE:
            self.issues.append(Issue("structure", self.file, line_of(node), f"{self.prefix}{name}",
                                     "unknown: the date is still to be found in the source; write it as YYYY-MM-DD",
                                     self.record, "warning"))
            return True, None
        found = self.date(name)
        return found is not None, found

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
                self.add(node, name, f"'{visible(raw)}' is not a plain number (digits, optionally '.' and decimals)")
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
            self.add(node, name, f"expected a mapping of language to text ({{{', '.join(f'{x}: ...' for x in required_langs) or 'vi: ...'}}}), "
                                 f"got {kind_name(node)}")
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
        node = self._get(name, required)
        return None if node is None else self.localized_node(node, name, self.languages)

    def seq(self, name: str, required: bool = False) -> list[YamlNode] | None:
        node = self._get(name, required)
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.add(node, name, f"expected a list, got {kind_name(node)}")
            return None
        return list(node.value)

    def each_scalar(self, name: str, regex: re.Pattern[str], what: str, required: bool = False) -> tuple[str, ...] | None:
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


def read_verification(f: Fields) -> Verification | None:
    status = f.choice("status", STATUSES)
    verified_by = f.text("verified_by", required=status == "verified")
    verified_on = f.date("verified_on", required=status == "verified")
    priority = f.integer("priority", 1, 9, required=False)
    note = f.text("note", required=False)
    evidence: list[Evidence] = []
    for item in f.seq("evidence") or []:
        ev = f.sub(item, "evidence", FIELDS["evidence"])
        if ev is None:
            continue
        source = ev.ident("source")
        got = ev._scalar("excerpt", True, "text")
        excerpt = None if got is None else ev.text_value(got[0], "excerpt")
        if ev.failed:
            f.failed = True
        elif source is not None and excerpt is not None:
            evidence.append(Evidence(source, excerpt, ev.where()))
    if status is None:
        return None
    return Verification(status, verified_by, verified_on, tuple(evidence),
                        5 if priority is None else priority, note)


def _known_when_verified(f: Fields, check: Verification | None, name: str, unknown: bool) -> None:
    """A fact-checker who verifies a record has found its date: `unknown` is for drafts only."""
    if unknown and check is not None and check.status == "verified":
        f.add(f.values[name][1], name, "unknown: a verified record needs its date (YYYY-MM-DD)")


def read_source(f: Fields) -> Source | None:
    sid = f.ident()
    title = f.text("title")
    outlet = f.text("outlet")
    has_published, published = f.date_or_unknown("published")
    lang = f.pattern("lang", LANG_RE, "a language code such as vi or en")
    url = f.text("url", required=False)
    file = f.text("file", required=False)
    if file is not None and (file.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", file)
                             or ".." in re.split(r"[\\/]", file)):
        f.add(f.values["file"][1], "file", f"'{visible(file)}' must be a name inside the sources folder "
                                           "(no absolute path, no '..')")
    sha = f.pattern("sha256", SHA_RE, "a sha256 hex digest (64 hex digits)", required=False)
    if f.failed or sid is None or title is None or outlet is None or not has_published or lang is None:
        return None
    return Source(sid, title, outlet, published, lang, url, file, sha.lower() if sha else None, f.where())


def read_pack(f: Fields) -> Pack | None:
    pid = f.ident()
    f.record = None
    languages = f.each_scalar("languages", LANG_RE, "a language code such as vi or en", required=True)
    if languages is not None and not languages and f.has("languages"):
        f.add(f.values["languages"][1], "languages", "at least one language is needed")
    lnode = f.values["languages"][1] if "languages" in f.values else None
    # A bad or repeated code leaves open which languages the texts owe: report it alone, not every text.
    unreadable = isinstance(lnode, SequenceNode) and (any(
        not isinstance(item, SCALARS) or not LANG_RE.match(item.value) for item in lnode.value)
        or languages is not None and len(languages) != len(lnode.value))
    if languages and not unreadable:  # else every localized text would be "missing" a language or two
        f.languages = languages
    title = f.localized("title")
    has_date, when = f.date_or_unknown("date")
    place = f.localized("place", required=False)
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for item in f.seq("sources") or []:
        sf = f.sub(item, "sources", FIELDS["source"])
        if sf is None:
            continue
        src = read_source(sf)
        if sf.failed:
            f.failed = True
        if sf.record is not None:
            if sf.record in seen:
                sf.add(sf.values["id"][1], "id", f"duplicate source id '{sf.record}' (first at line {seen[sf.record]})")
                f.failed = True
            else:
                seen[sf.record] = sf.line
        if src is not None:
            sources.append(src)
    presets: dict[str, tuple[str, ...]] = {}
    pnode = f._get("presets", False)
    if pnode is not None:
        if not isinstance(pnode, MappingNode):
            f.add(pnode, "presets", f"expected a mapping of preset name to sections, got {kind_name(pnode)}")
        else:
            pf = Fields(pnode, f.file, (), [], f.languages)  # keys are free-form names
            for key, value in pnode.value:
                name = key.value if isinstance(key, SCALARS) else "?"
                if not isinstance(key, SCALARS) or not ID_RE.match(key.value):
                    f.add(key, "presets", f"'{visible(name)}' is not a valid preset name")
                    continue
                if name in presets:
                    f.add(key, f"presets.{name}", "duplicate key")
                    continue
                if not isinstance(value, SequenceNode) or not value.value:
                    f.add(value, f"presets.{name}", "expected a non-empty list of sections "
                                                    f"({', '.join(SECTIONS)})")
                    continue
                chosen: list[str] = []
                for item in value.value:
                    if not isinstance(item, SCALARS) or item.value not in SECTIONS:
                        shown = visible(item.value) if isinstance(item, SCALARS) else "?"
                        f.add(item, f"presets.{name}", f"'{shown}' is not a section "
                                                       f"({', '.join(SECTIONS)})")
                    elif item.value in chosen:
                        f.add(item, f"presets.{name}", f"section '{item.value}' is listed twice")
                    else:
                        chosen.append(item.value)
                presets[name] = tuple(chosen)
            del pf
    stale_after = f.integer("stale_after_days", 1, 36500, required=False)
    if f.failed or pid is None or languages is None or title is None or not has_date:
        return None
    return Pack(pid, title, when, languages, tuple(sources), place, presets, f.where(), stale_after)


def read_number(f: Fields) -> NumberRecord | None:
    rid = f.ident()
    value = f.number("value")
    approx = f.choice("approx", APPROX, required=False) or "exact"
    unit = f.localized("unit", required=False)
    currency = f.pattern("currency", CURRENCY_RE, "an ISO 4217 currency code such as USD", required=False)
    if f.has("unit") and f.has("currency"):
        f.add(f.values["currency"][0], "currency", "give either unit or currency, not both")
    label = f.localized("label")
    has_as_of, as_of = f.date_or_unknown("as_of")
    measure = f.ident("measure", required=False)
    parts = f.each_scalar("parts", ID_RE, "a number id")
    if rid is not None and parts and rid in parts:
        f.add(f.values["parts"][1], "parts", "a number cannot be a part of itself")
    check = read_verification(f)
    _known_when_verified(f, check, "as_of", has_as_of and as_of is None)
    if f.failed or None in (rid, value, label, check, parts) or not has_as_of:
        return None
    assert rid and value is not None and label and check and parts is not None
    return NumberRecord(rid, value, label, as_of, check, approx, unit, currency, measure, parts, f.where())


def read_person(f: Fields) -> Person | None:
    rid = f.ident()
    name: Localized | None = None
    node = f._get("name", True)
    if isinstance(node, SCALARS):
        text = f.text_value(node, "name")
        name = None if text is None else {lang: text for lang in (f.languages or ("und",))}
    elif node is not None:
        name = f.localized_node(node, "name", f.languages)
    title = f.localized("title")
    country = f.pattern("country", COUNTRY_RE, "an ISO 3166-1 alpha-2 code such as VN", required=False)
    if f.failed or rid is None or name is None or title is None:
        return None
    return Person(rid, name, title, country, isinstance(node, SCALARS), f.where())


def read_quote(f: Fields) -> Quote | None:
    rid = f.ident()
    speaker = f.ident("speaker")
    kind = f.choice("kind", QUOTE_KINDS)
    lang = f.pattern("lang", LANG_RE, "a language code such as vi or en")
    text = f.text("text")
    # An unreadable `lang` leaves open which translations are due: report it alone, not them too.
    others = tuple(x for x in f.languages if x != lang) if lang is not None else ()
    translations: Localized | None = {}
    tnode = f._get("translations", bool(others))
    if tnode is not None:
        if lang is not None and isinstance(tnode, MappingNode) and any(
                isinstance(k, SCALARS) and k.value == lang for k, _ in tnode.value):
            f.add(tnode, "translations", f"holds the quote's own language '{lang}'; its words belong in text")
        translations = f.localized_node(tnode, "translations", others,
                                        others + (lang,) if lang is not None else f.languages)
    has_said_on, said_on = f.date_or_unknown("said_on")
    context = f.localized("context", required=False)
    check = read_verification(f)
    _known_when_verified(f, check, "said_on", has_said_on and said_on is None)
    if f.failed or None in (rid, speaker, kind, lang, text, translations, check) or not has_said_on:
        return None
    assert rid and speaker and kind and lang and text and translations is not None and check
    return Quote(rid, speaker, kind, lang, text, translations, said_on, check, context, f.where())


def read_position(f: Fields) -> Position | None:
    rid = f.ident()
    country = f.pattern("country", COUNTRY_RE, "an ISO 3166-1 alpha-2 code such as VN")
    name = f.localized("name", required=False)
    summary = f.localized("summary")
    points: list[Localized] = []
    for item in f.seq("points") or []:
        got = f.localized_node(item, "points", f.languages)
        if got is not None:
            points.append(got)
    has_said_on, said_on = f.date_or_unknown("said_on")
    check = read_verification(f)
    _known_when_verified(f, check, "said_on", has_said_on and said_on is None)
    if f.failed or None in (rid, country, summary, check) or not has_said_on:
        return None
    assert rid and country and summary and check
    return Position(rid, country, summary, said_on, check, name, tuple(points), f.where())


def read_summit(f: Fields) -> Summit | None:
    rid = f.ident()
    name = f.localized("name")
    short = f.text("short", required=False)
    year = f.integer("year", 1000, 2999)
    city = f.localized("city", required=False)
    check = read_verification(f)
    if f.failed or None in (rid, name, year, check):
        return None
    assert rid and name and year and check
    return Summit(rid, name, year, check, short, city, f.where())


READERS: dict[str, Callable[[Fields], object]] = {
    "numbers": read_number,
    "people": read_person,
    "quotes": read_quote,
    "positions": read_position,
    "summits": read_summit,
}
