"""Candidates as pack records: ids, localized fields, notes; and the YAML text of each record.

The YAML is written by hand, not by a YAML library: every text double-quoted with escapes (so
`NO`, `yes` or `12:30` stay text), fields in FORMAT.md's order, one blank line between records,
so a fact-checker reads and diffs the draft like a pack typed by hand.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from briefgen.extract.candidates import (
    Found,
    NumberCandidate,
    PersonCandidate,
    StatementCandidate,
    SummitCandidate,
)
from briefgen.extract.numbers import plain
from briefgen.extract.text import slug
from briefgen.pack.lint import DRAFT_PLACEHOLDER
from briefgen.pack.placeholders import UNKNOWN_DATE

Value = str | int | list["Value"] | dict[str, "Value"] | None


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: backslash, quote, controls and line separators escaped."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cf") or ch in "\ufeff\u0085":
            out.append(f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def to_yaml(value: Value, indent: int) -> list[str]:
    """Lines of a mapping or list in block style; strings always quoted, ints and dates plain."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and _short(item):
                inline = ", ".join(f"{k}: {quoted(str(v))}" for k, v in item.items())
                lines.append(f"{pad}{key}: {{{inline}}}")
            elif isinstance(item, dict | list):
                lines.append(f"{pad}{key}:")
                lines += to_yaml(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            sub = to_yaml(item, indent + 2)
            first = sub[0].lstrip() if sub else ""
            lines.append(f"{pad}- {first}")
            lines += sub[1:]
    return lines


def _short(item: dict[str, Value]) -> bool:
    """A localized text short enough to write on one line: `unit: {vi: "quốc gia"}`."""
    texts = list(item.values())
    return 0 < len(texts) <= 2 and all(isinstance(v, str) for v in texts) \
        and sum(len(str(v)) for v in texts) < 60


class Plain(str):
    """A scalar written without quotes: a number, a date, an id list."""


def _scalar(item: Value) -> str:
    if isinstance(item, Plain):
        return str(item)
    if isinstance(item, int):
        return str(item)
    assert isinstance(item, str)
    return quoted(item)


def when(day: date | None) -> Plain:
    return Plain(day.isoformat() if day is not None else UNKNOWN_DATE)


@dataclass
class Ids:
    """Unique ids within one file: the first "n-72-quoc-gia", then "n-72-quoc-gia-2"."""

    taken: set[str] = field(default_factory=set)

    def new(self, base: str) -> str:
        base = base.strip("-") or "record"
        if not base[0].isalnum():
            base = "r-" + base
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


@dataclass
class Context:
    """What records are written against: the pack's languages, the source id of each article."""

    languages: tuple[str, ...]
    source_ids: dict[str, str]  # article name -> source id
    ids: dict[str, Ids]  # file kind -> ids taken


def localized(text: str, lang: str, languages: tuple[str, ...]) -> dict[str, Value]:
    """The article's words in its language; every other pack language a TODO to translate."""
    todo = f"{DRAFT_PLACEHOLDER} translate ({lang}): {text}"
    return {code: (text if code == lang else todo) for code in languages}


def _evidence(found: list[Found], ctx: Context) -> list[Value]:
    return [{"source": Plain(ctx.source_ids[f.article.name]), "excerpt": f.excerpt} for f in found]


_NOTE = "Drafted by briefgen extract, not verified: "


def number_record(c: NumberCandidate, ctx: Context) -> dict[str, Value]:
    lang = c.evidence[0].article.lang
    what = slug(c.unit or c.currency or "", 3)
    rid = ctx.ids["numbers"].new(f"n-{plain(c.value).replace('.', '-')}-{what}")
    record: dict[str, Value] = {"id": Plain(rid), "value": Plain(plain(c.value))}
    if c.approx != "exact":
        record["approx"] = Plain(c.approx)
    if c.currency:
        record["currency"] = Plain(c.currency)
    elif c.unit:
        record["unit"] = localized(c.unit, lang, ctx.languages)
    record["label"] = localized(c.label, lang, ctx.languages)
    record["as_of"] = when(c.evidence[0].article.published)
    record["status"] = Plain("unverified")
    record["evidence"] = _evidence(c.evidence, ctx)
    record["note"] = (_NOTE + f"{c.how}; the label is the clause it stands in and the unit the words after "
                      "it: rewrite both, and check as_of (the article's date).")
    return record


def person_record(p: PersonCandidate, lang: str, ctx: Context) -> dict[str, Value]:
    """A speaker: the name and title as the article gives them (a missing title is a TODO)."""
    record: dict[str, Value] = {"id": Plain(p.id), "name": p.name,
                                "title": localized(p.title or f"{DRAFT_PLACEHOLDER} title: the article "
                                                              f"gives none",
                                                   lang, ctx.languages)}
    if p.country:
        record["country"] = Plain(p.country)
    return record


def quote_record(c: StatementCandidate, speaker_id: str, ctx: Context) -> dict[str, Value]:
    article = c.evidence[0].article
    rid = ctx.ids["quotes"].new(f"q-{slug(speaker_id, 3)}-{slug(c.text, 4)}")
    record: dict[str, Value] = {"id": Plain(rid), "speaker": Plain(speaker_id), "kind": Plain(c.kind),
                                "lang": Plain(article.lang), "text": c.text}
    others = {code: f"{DRAFT_PLACEHOLDER} translate ({article.lang}): {c.text}"
              for code in ctx.languages if code != article.lang}
    if others:
        record["translations"] = dict(others)
    record["said_on"] = when(article.published)
    record["status"] = Plain("unverified")
    record["evidence"] = _evidence(c.evidence, ctx)
    what = ("direct quote: the text is the words inside the quotation marks" if c.kind == "direct" else
            "paraphrase: the text is the article's clause; write it in your own words, never in quotation "
            "marks")
    record["note"] = _NOTE + f"{what}; found by {c.how}; check the speaker and said_on (the article's date)."
    return record


def position_record(country: str, statements: list[StatementCandidate], ctx: Context) -> dict[str, Value]:
    article = statements[0].evidence[0].article
    rid = ctx.ids["positions"].new(f"pos-{country.lower()}")
    found = [f for s in statements for f in s.evidence]
    record: dict[str, Value] = {
        "id": Plain(rid), "country": Plain(country),
        "summary": localized(statements[0].evidence[0].excerpt, article.lang, ctx.languages),
        "said_on": when(article.published), "status": Plain("unverified"), "evidence": _evidence(found, ctx),
        "note": _NOTE + f"{len(statements)} statement(s) of {country}'s representative; the summary is the "
                        "article's first sentence: summarise the position in your own words.",
    }
    return record


def summit_record(c: SummitCandidate, ctx: Context) -> dict[str, Value]:
    lang = c.evidence[0].article.lang
    rid = ctx.ids["summits"].new(f"{slug(c.short or c.name, 4)}-{c.year}")
    record: dict[str, Value] = {"id": Plain(rid), "name": localized(c.name, lang, ctx.languages)}
    if c.short:
        record["short"] = c.short
    record["year"] = c.year
    if c.city:
        record["city"] = localized(c.city, lang, ctx.languages)
    record["status"] = Plain("unverified")
    record["evidence"] = _evidence(c.evidence, ctx)
    record["note"] = _NOTE + "a named event with its year; check the name, the short form and the city."
    return record


def records_text(records: list[dict[str, Value]], indent: int = 0) -> str:
    """The records as the body of a record file: one blank line between records."""
    return "".join("\n".join(to_yaml([r], indent)) + "\n\n" for r in records)
