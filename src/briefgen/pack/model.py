"""Typed records of a fact pack, as FORMAT.md defines them; no I/O here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from briefgen.findings import NOWHERE, Where

# A localized text: language code -> text, every pack language present.
Localized = dict[str, str]

STATUSES = ("verified", "unverified", "disputed")
APPROX = ("exact", "more_than", "at_least", "nearly", "about")
QUOTE_KINDS = ("direct", "paraphrase")
SECTIONS = ("numbers", "quotes", "positions", "summits")
RECORD_KINDS = ("numbers", "quotes", "people", "positions", "summits")


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    excerpt: str
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Verification:
    """The fields every checkable record shares (status, who verified, evidence)."""

    status: str
    verified_by: str | None = None
    verified_on: date | None = None
    evidence: tuple[Evidence, ...] = ()
    priority: int = 5
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    outlet: str
    published: date | None  # None: `unknown` in a draft (a warning)
    lang: str
    url: str | None = None
    file: str | None = None
    sha256: str | None = None
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: Localized
    date: date | None  # None: `unknown` in a draft; build refuses it
    languages: tuple[str, ...]
    sources: tuple[Source, ...]
    place: Localized | None = None
    presets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    where: Where = field(compare=False, repr=False, default=NOWHERE)
    stale_after_days: int | None = None  # `check` warns of a number's as_of older than this (dates.py)


@dataclass(frozen=True, slots=True)
class NumberRecord:
    id: str
    value: Decimal
    label: Localized
    as_of: date | None  # None: `unknown` in a draft
    check: Verification
    approx: str = "exact"
    unit: Localized | None = None
    currency: str | None = None
    measure: str | None = None
    parts: tuple[str, ...] = ()
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: Localized
    title: Localized
    country: str | None = None
    # The pack wrote `name` as plain text (the same in every language): kept so `list --json`
    # gives it back as written.
    plain_name: bool = field(default=False, compare=False)
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    speaker: str
    kind: str
    lang: str
    text: str
    translations: Localized
    said_on: date | None  # None: `unknown` in a draft
    check: Verification
    context: Localized | None = None
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    country: str
    summary: Localized
    said_on: date | None  # None: `unknown` in a draft
    check: Verification
    name: Localized | None = None
    points: tuple[Localized, ...] = ()
    where: Where = field(compare=False, repr=False, default=NOWHERE)


@dataclass(frozen=True, slots=True)
class Summit:
    id: str
    name: Localized
    year: int
    check: Verification
    short: str | None = None
    city: Localized | None = None
    where: Where = field(compare=False, repr=False, default=NOWHERE)


Checked = NumberRecord | Quote | Position | Summit


@dataclass(frozen=True, slots=True)
class FactPack:
    """A whole pack: the event plus every record, in file order."""

    folder: str
    pack: Pack
    numbers: tuple[NumberRecord, ...] = ()
    quotes: tuple[Quote, ...] = ()
    people: tuple[Person, ...] = ()
    positions: tuple[Position, ...] = ()
    summits: tuple[Summit, ...] = ()

    def checked_records(self) -> list[tuple[str, Checked]]:
        """Every record that carries verification fields, with its kind."""
        out: list[tuple[str, Checked]] = []
        out += [("numbers", r) for r in self.numbers]
        out += [("quotes", r) for r in self.quotes]
        out += [("positions", r) for r in self.positions]
        out += [("summits", r) for r in self.summits]
        return out
