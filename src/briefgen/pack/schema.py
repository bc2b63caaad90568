"""The pack format's records (FORMAT.md), each declared once: its fields, in order, and how each is read.

A `RecordKind` lists its `Field`s: the YAML key, the getter that reads it (`fields.py`), whether
it is required, and the value when it is absent. Everything else follows from that one list:
the keys a mapping may hold (an unknown key is reported with the nearest known one), the order
fields are read and so the order their findings are listed in, and the keyword arguments the
model's record is made with. Rules that tie two fields together (a unit or a currency, not
both; a number not a part of itself) live in the reader of the later field.

To add a field: one `Field` line here and the attribute in `model.py`. To add a record kind:
its dataclass in `model.py`, a `RecordKind` here, and its name in `model.RECORD_KINDS`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from yaml.nodes import MappingNode, SequenceNode

from briefgen.pack.fields import (
    COUNTRY_RE,
    CURRENCY_RE,
    ID_RE,
    LANG_RE,
    SHA_RE,
    Fields,
    Reader,
    choice_of,
    date_field,
    ident_field,
    integer_in,
    kind_name,
    localized_field,
    matching,
    text_field,
)
from briefgen.pack.lint import visible
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
)
from briefgen.pack.placeholders import UNKNOWN, UNKNOWN_DATE, date_or_unknown_field
from briefgen.pack.yamlio import SCALARS

LANGUAGE = "a language code such as vi or en"
COUNTRY = "an ISO 3166-1 alpha-2 code such as VN"


@dataclass(frozen=True)
class Field:
    """One key of a record: its reader, whether it must be given, and its value when it is not.

    `required` may depend on the fields read before it (`verified_by` once `status` is verified).
    """

    name: str
    read: Reader
    required: bool | Callable[[Mapping[str, object]], bool] = True
    default: object = None


@dataclass(frozen=True)
class Group:
    """Fields written in the record's own mapping that make one nested value (`check`)."""

    attr: str
    kind: RecordKind


@dataclass(frozen=True)
class RecordKind:
    """A mapping in a pack file and the model record it becomes."""

    make: Callable[..., object]
    fields: tuple[Field | Group, ...]
    first: tuple[str, ...] = ()  # read before the others: what the others are read against
    located: bool = True  # the record keeps the file and line it was read from (`where`)
    derived: Callable[[Fields], dict[str, object]] | None = None  # attributes not written as a field

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Every key the mapping may hold, in the order messages list them."""
        return tuple(name for item in self.fields
                     for name in (item.kind.names if isinstance(item, Group) else (item.name,)))

    @cached_property
    def order(self) -> tuple[Field | Group, ...]:
        """The fields in the order they are read: `first`, then the others as declared."""
        return tuple(sorted(self.fields,
                            key=lambda item: isinstance(item, Group) or item.name not in self.first))

    def read(self, f: Fields) -> object | None:
        """The record, or None when any field was refused (every problem is in `f.issues`)."""
        values = self._values(f)
        if f.failed or values is None:
            return None
        unknown = [name for name, value in values.items() if value is UNKNOWN]
        check = values.get("check")
        if unknown and isinstance(check, Verification) and check.status == "verified":
            for name in unknown:  # a fact-checker who verifies a record has found its date
                f.add(f.values[name][1], name, f"{UNKNOWN_DATE}: a verified record needs its date "
                                               f"(YYYY-MM-DD)")
            return None
        for name in unknown:
            values[name] = None
        if self.derived is not None:
            values.update(self.derived(f))
        return self.make(**values, where=f.where()) if self.located else self.make(**values)

    def _values(self, f: Fields) -> dict[str, object] | None:
        """Each field's value (its default when absent) by attribute; None when a required one is missing."""
        values: dict[str, object] = {}
        complete = True
        for item in self.order:
            if isinstance(item, Group):
                got = item.kind._values(f)
                complete = complete and got is not None
                values[item.attr] = None if got is None else item.kind.make(**got)
                continue
            required = item.required(f.typed) if callable(item.required) else item.required
            value = f.typed[item.name] = item.read(f, item.name, required)
            complete = complete and not (value is None and item.required is True)
            values[item.name] = item.default if value is None else value
        return values if complete else None


def _items(f: Fields, name: str, required: bool, kind: RecordKind) -> Iterator[tuple[Fields, object | None]]:
    """Each mapping in the list `name`, read as a `kind` sub-record (its fields, what it read);
    a sub-record that failed fails the record too."""
    for item in f.seq(name, required) or []:
        sub = f.sub(item, name, kind.names)
        if sub is None:
            continue
        got = kind.read(sub)
        if sub.failed:
            f.failed = True
        yield sub, got


def _evidence(f: Fields, name: str, required: bool) -> tuple[Evidence, ...]:
    return tuple(got for sub, got in _items(f, name, required, EVIDENCE)
                 if not sub.failed and isinstance(got, Evidence))


def _verified(typed: Mapping[str, object]) -> bool:
    return typed.get("status") == "verified"


EVIDENCE = RecordKind(Evidence, (Field("source", ident_field), Field("excerpt", text_field)))
VERIFICATION = RecordKind(Verification, (
    Field("status", choice_of(STATUSES)),
    Field("verified_by", text_field, _verified),
    Field("verified_on", date_field, _verified),
    Field("evidence", _evidence, False, ()),
    Field("priority", integer_in(1, 9), False, 5),
    Field("note", text_field, False),
), located=False)
CHECK = Group("check", VERIFICATION)


def _plain_or_localized(f: Fields, name: str, required: bool) -> Localized | None:
    """Localized, or plain text: the same in every language (a person's name, a source's title or outlet)."""
    node = f.value_node(name, required)
    if isinstance(node, SCALARS):
        text = f.text_value(node, name)
        return None if text is None else {lang: text for lang in (f.languages or ("und",))}
    return None if node is None else f.localized_node(node, name, f.languages)


def _source_file(f: Fields, name: str, required: bool) -> str | None:
    file = f.text(name, required)
    if file is not None and (file.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", file)
                             or ".." in re.split(r"[\\/]", file)):
        f.add(f.values[name][1], name, f"'{visible(file)}' must be a name inside the sources folder "
                                       "(no absolute path, no '..')")
    return file


def _sha256(f: Fields, name: str, required: bool) -> str | None:
    node = f.value_node(name, False)  # a digit lost or doubled in copying: a typo, not a changed text
    if isinstance(node, SCALARS) and re.fullmatch(r"[0-9a-fA-F]{56,63}|[0-9a-fA-F]{65,72}", node.value):
        return f.add(node, name, f"has {len(node.value)} hex digits, a sha256 has 64: a copying typo")  # type: ignore[func-returns-value]
    sha = f.pattern(name, SHA_RE, "a sha256 hex digest (64 hex digits)", required)
    return sha.lower() if sha else None


SOURCE = RecordKind(Source, (
    Field("id", ident_field),
    Field("title", _plain_or_localized),
    Field("outlet", _plain_or_localized, False),  # optional: a briefing names the source by its title
    Field("published", date_or_unknown_field),
    Field("lang", matching(LANG_RE, LANGUAGE)),
    Field("url", text_field, False),
    Field("file", _source_file, False),
    Field("sha256", _sha256, False),
))


def _pack_id(f: Fields, name: str, required: bool) -> str | None:
    pid = f.ident(name, required)
    f.record = None  # pack.yaml's findings are about the event, not a record
    return pid


def _languages(f: Fields, name: str, required: bool) -> tuple[str, ...] | None:
    languages = f.each_scalar(name, LANG_RE, LANGUAGE, required=required)
    if languages is not None and not languages and f.has(name):
        f.add(f.values[name][1], name, "at least one language is needed")
    lnode = f.values[name][1] if name in f.values else None
    # A bad or repeated code leaves open which languages the texts owe: report it alone, not every text.
    unreadable = isinstance(lnode, SequenceNode) and (any(
        not isinstance(item, SCALARS) or not LANG_RE.match(item.value) for item in lnode.value)
        or languages is not None and len(languages) != len(lnode.value))
    if languages and not unreadable:  # else every localized text would be "missing" a language or two
        f.languages = languages
    return languages


def _sources(f: Fields, name: str, required: bool) -> tuple[Source, ...]:
    """A failed source is still looked at for its id, so that a duplicate is reported too."""
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for sf, src in _items(f, name, required, SOURCE):
        if sf.record is not None:
            if sf.record in seen:
                sf.add(sf.values["id"][1], "id",
                       f"duplicate source id '{sf.record}' (first at line {seen[sf.record]})")
                f.failed = True
            else:
                seen[sf.record] = sf.line
        if isinstance(src, Source):
            sources.append(src)
    return tuple(sources)


def _presets(f: Fields, name: str, required: bool) -> dict[str, tuple[str, ...]]:
    """Preset name -> sections; the keys are names the pack chooses, not fields."""
    presets: dict[str, tuple[str, ...]] = {}
    pnode = f.value_node(name, required)
    if pnode is None:
        return presets
    if not isinstance(pnode, MappingNode):
        f.add(pnode, name, f"expected a mapping of preset name to sections, got {kind_name(pnode)}")
        return presets
    sections = ", ".join(SECTIONS)
    for key, value in pnode.value:
        preset = key.value if isinstance(key, SCALARS) else "?"
        if not isinstance(key, SCALARS) or not ID_RE.match(key.value):
            f.add(key, name, f"'{visible(preset)}' is not a valid preset name")
            continue
        if preset in presets:
            f.add(key, f"{name}.{preset}", "duplicate key")
            continue
        if not isinstance(value, SequenceNode) or not value.value:
            f.add(value, f"{name}.{preset}", f"expected a non-empty list of sections ({sections})")
            continue
        chosen: list[str] = []
        for item in value.value:
            if not isinstance(item, SCALARS) or item.value not in SECTIONS:
                shown = visible(item.value) if isinstance(item, SCALARS) else "?"
                f.add(item, f"{name}.{preset}", f"'{shown}' is not a section ({sections})")
            elif item.value in chosen:
                f.add(item, f"{name}.{preset}", f"section '{item.value}' is listed twice")
            else:
                chosen.append(item.value)
        presets[preset] = tuple(chosen)
    return presets


PACK = RecordKind(Pack, (
    Field("id", _pack_id),
    Field("title", localized_field),
    Field("date", date_or_unknown_field),
    Field("place", localized_field, False),
    Field("languages", _languages),
    Field("sources", _sources, False, ()),
    Field("presets", _presets, False),
    Field("stale_after_days", integer_in(1, 36500), False),
), first=("id", "languages"))


def _currency(f: Fields, name: str, required: bool) -> str | None:
    currency = f.pattern(name, CURRENCY_RE, "an ISO 4217 currency code such as USD", required)
    if f.has("unit") and f.has(name):
        f.add(f.values[name][0], name, "give either unit or currency, not both")
    return currency


def _parts(f: Fields, name: str, required: bool) -> tuple[str, ...] | None:
    parts = f.each_scalar(name, ID_RE, "a number id", required)
    if f.record is not None and parts and f.record in parts:
        f.add(f.values[name][1], name, "a number cannot be a part of itself")
    return parts


NUMBER = RecordKind(NumberRecord, (
    Field("id", ident_field),
    Field("value", lambda f, name, required: f.number(name)),
    Field("approx", choice_of(APPROX), False, "exact"),
    Field("unit", localized_field, False),
    Field("currency", _currency, False),
    Field("label", localized_field),
    Field("as_of", date_or_unknown_field),
    Field("measure", ident_field, False),
    Field("parts", _parts, False, ()),
    CHECK,
))


def _plain_name(f: Fields) -> dict[str, object]:
    """Whether the name was plain text, so that `list --json` gives it back as written."""
    return {"plain_name": "name" in f.values and isinstance(f.values["name"][1], SCALARS)}


PERSON = RecordKind(Person, (
    Field("id", ident_field),
    Field("name", _plain_or_localized),
    Field("title", localized_field),
    Field("country", matching(COUNTRY_RE, COUNTRY), False),
), derived=_plain_name)


def _translations(f: Fields, name: str, required: bool) -> Localized | None:
    """The quote in every pack language but its own; required when the pack has others."""
    lang = f.typed.get("lang")
    # An unreadable `lang` leaves open which translations are due: report it alone, not them too.
    others = tuple(x for x in f.languages if x != lang) if isinstance(lang, str) else ()
    tnode = f.value_node(name, bool(others))
    if tnode is None:
        return {}
    if isinstance(lang, str) and isinstance(tnode, MappingNode) and any(
            isinstance(k, SCALARS) and k.value == lang for k, _ in tnode.value):
        f.add(tnode, name, f"holds the quote's own language '{lang}'; its words belong in text")
    return f.localized_node(tnode, name, others, others + (lang,) if isinstance(lang, str) else f.languages)


QUOTE = RecordKind(Quote, (
    Field("id", ident_field),
    Field("speaker", ident_field),
    Field("kind", choice_of(QUOTE_KINDS)),
    Field("lang", matching(LANG_RE, LANGUAGE)),
    Field("text", text_field),
    Field("translations", _translations),
    Field("said_on", date_or_unknown_field),
    Field("context", localized_field, False),
    CHECK,
))


def _points(f: Fields, name: str, required: bool) -> tuple[Localized, ...]:
    points: list[Localized] = []
    for item in f.seq(name, required) or []:
        got = f.localized_node(item, name, f.languages)
        if got is not None:
            points.append(got)
    return tuple(points)


POSITION = RecordKind(Position, (
    Field("id", ident_field),
    Field("country", matching(COUNTRY_RE, COUNTRY)),
    Field("name", localized_field, False),
    Field("summary", localized_field),
    Field("points", _points, False, ()),
    Field("said_on", date_or_unknown_field),
    CHECK,
))

SUMMIT = RecordKind(Summit, (
    Field("id", ident_field),
    Field("name", localized_field),
    Field("short", text_field, False),
    Field("year", integer_in(1000, 2999)),
    Field("city", localized_field, False),
    CHECK,
))

# Each record file's kind, by the file's name (`numbers.yaml` holds NUMBER records).
RECORDS: dict[str, RecordKind] = {
    "numbers": NUMBER,
    "people": PERSON,
    "quotes": QUOTE,
    "positions": POSITION,
    "summits": SUMMIT,
}
