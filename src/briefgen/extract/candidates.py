"""What extraction finds, before it becomes pack records: each with the article and span it came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from briefgen.extract.article import Article, Span


@dataclass(frozen=True)
class Found:
    """One piece of evidence: an article and the span of its text the excerpt is cut from."""

    article: Article
    span: Span
    excerpt: str


@dataclass
class NumberCandidate:
    value: Decimal
    approx: str
    unit: str | None
    currency: str | None
    label: str
    evidence: list[Found]
    written: str  # the figure as the article writes it, with its qualifier: "hơn 2.500"
    how: str  # for the note: what found it


@dataclass
class PersonCandidate:
    name: str
    title: str | None
    country: str | None = None
    id: str = ""


@dataclass
class StatementCandidate:
    """A direct quote (the words inside quotation marks) or a paraphrase, by a person or a country."""

    kind: str  # direct | paraphrase
    text: str
    evidence: list[Found]
    how: str
    speaker: PersonCandidate | None = None
    country: str | None = None  # set instead of a speaker: a country's representative spoke


@dataclass
class SummitCandidate:
    name: str
    short: str | None
    year: int
    city: str | None
    evidence: list[Found] = field(default_factory=list)
