"""Warnings about dates an editor can get wrong without any source text at hand.

- a number's `as_of` older than the pack's `date` by more than a threshold (the pack's
  `stale_after_days`, or `check --stale-after DAYS`): the figure may have moved on;
- `verified_on` in the future, or before a source it rests on was published;
- a summit's `year`, or a quote's `said_on`, that its own excerpts contradict: the excerpts
  name years (or dates) and none of them is the record's.

Only `check` runs these (they depend on today's date, which a build's output must not).
Every finding is a warning: the editor decides; nothing here blocks a build.
"""
from __future__ import annotations

import re
from datetime import date

from briefgen.findings import Issue, issue
from briefgen.pack.model import Checked, FactPack

MONTHS = {name: n for n, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                            "august", "september", "october", "november", "december"), 1)}
_YEAR = re.compile(r"(?<![\d.,/-])(1[89]\d\d|2[01]\d\d)(?![\d.,]\d)")
# 26/10/2025, 25-26/10/2025, ngày 26/10, ngày 25-26/10 (a day and month alone only after "ngày":
# "24/7" is not a date); 26 October 2025, October 26, 2025.
_NUMERIC = re.compile(r"(?:(?<=ngày )|(?<=Ngày ))?(?<![\d/])(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?[/.-](\d{1,2})"
                      r"(?:[/.-](\d{4}))?(?![\d/])")
_WORDS = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b|\b(" + "|".join(MONTHS)
                    + r") (\d{1,2}), (\d{4})\b", re.IGNORECASE)


def _warn(kind: str, r: Checked, field: str, message: str) -> Issue:
    return issue(kind, r.where.file, r.where.line, field, message, r.id, "warning")


def check_dates(pack: FactPack, stale_after: int | None = None, today: date | None = None) -> list[Issue]:
    """Every date warning of the pack (`stale_after` overrides the pack's `stale_after_days`)."""
    today = today or date.today()
    out: list[Issue] = []
    threshold = stale_after if stale_after is not None else pack.pack.stale_after_days
    if threshold is not None and pack.pack.date is not None:
        for n in pack.numbers:
            if n.as_of is None:
                continue  # a draft's `unknown`: check warns about it already
            age = (pack.pack.date - n.as_of).days
            if age > threshold and n.check.status != "disputed":
                out.append(_warn("structure", n, "as_of",
                                 f"{n.as_of.isoformat()} is {age} days older than the pack's date "
                                 f"{pack.pack.date.isoformat()} (stale after {threshold}): "
                                 "is there a newer figure?"))
    published = {s.id: s.published for s in pack.pack.sources if s.published is not None}
    for _, r in pack.checked_records():
        on = r.check.verified_on
        if on is None:
            continue
        if on > today:
            out.append(_warn("evidence", r, "verified_on", f"{on.isoformat()} is in the future"))
        early = sorted({ev.source for ev in r.check.evidence
                        if ev.source in published and on < published[ev.source]})
        for source in early:
            out.append(_warn("evidence", r, "verified_on", f"{on.isoformat()} is before source "
                                                           f"'{source}' was published "
                                                           f"({published[source].isoformat()})"))
    for s in pack.summits:
        years = sorted({int(y) for ev in s.check.evidence for y in _YEAR.findall(ev.excerpt)})
        if years and s.year not in years:
            out.append(_warn("evidence", s, "year", f"{s.year}, but its excerpts name "
                                                    f"{', '.join(str(y) for y in years)}"))
    for q in pack.quotes:
        if q.said_on is None:
            continue
        said_on = q.said_on
        dates = [d for ev in q.check.evidence for d in excerpt_dates(ev.excerpt)]
        if dates and not any(_same_day(d, said_on) for d in dates):
            shown = ", ".join(dict.fromkeys(_show(d) for d in dates))
            out.append(_warn("evidence", q, "said_on",
                             f"{said_on.isoformat()}, but its excerpts say {shown}"))
    return out


DayMonthYear = tuple[int, int, int | None]


def excerpt_dates(text: str) -> list[DayMonthYear]:
    """The dates a text writes: (day, month, year or None), ranges as each of their days."""
    found: list[DayMonthYear] = []
    for m in _NUMERIC.finditer(text):
        year = int(m.group(4)) if m.group(4) else None
        after_ngay = text[max(0, m.start() - 5):m.start()].lower() == "ngày "
        if year is None and not after_ngay:
            continue  # "24/7", "1/3 of": a day and month alone count only as "ngày 26/10"
        month = int(m.group(3))
        days = [int(m.group(1))] + ([int(m.group(2))] if m.group(2) else [])
        found += [(d, month, year) for d in days if 1 <= d <= 31 and 1 <= month <= 12]
    for m in _WORDS.finditer(text):
        if m.group(1):
            found.append((int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))))
        else:
            found.append((int(m.group(5)), MONTHS[m.group(4).lower()], int(m.group(6))))
    return found


def _same_day(d: DayMonthYear, when: date) -> bool:
    return d[0] == when.day and d[1] == when.month and d[2] in (None, when.year)


def _show(d: DayMonthYear) -> str:
    return f"{d[0]}/{d[1]}" + (f"/{d[2]}" if d[2] else "")
