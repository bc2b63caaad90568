"""The checks of FORMAT.md that go beyond structure: evidence and consistency."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

from briefgen.findings import Issue, by_place, issue
from briefgen.i18n import EXACT
from briefgen.pack.model import Checked, FactPack, NumberRecord
from briefgen.pack.numparse import find_numbers, read_value
from briefgen.pack.sources import (
    SourceText,
    closest_prefix,
    fold,
    read_source_text,
    sources_root,
    where_it_differs,
)

_APPROX_WORDS = {"exact": "no qualifier", "more_than": "'more than'", "at_least": "'at least'",
                 "nearly": "'nearly'", "about": "'about'"}


def check_pack(pack: FactPack, sources: Path | None = None, sources_display: str = "",
               stale_after: int | None = None) -> list[Issue]:
    """Every evidence, consistency and date finding, in file and line order."""
    from briefgen.pack.dates import check_dates
    from briefgen.pack.loading import gc_paused

    with gc_paused():
        found = check_evidence(pack, sources, sources_display) + check_consistency(pack)
        found += check_dates(pack, stale_after)
    return sorted(found, key=by_place)


def check_consistency(pack: FactPack) -> list[Issue]:
    """Checks that need no source text; `build` runs these too, as warnings."""
    return _conflicts(pack) + _parts(pack) + _excerpt_contents(pack)


def _issue(kind: str, r: Checked, field: str, message: str, line: int | None = None,
           severity: str = "error") -> Issue:
    return issue(kind, r.where.file, r.where.line if line is None else line, field, message, r.id, severity)


def excerpt_uses(pack: FactPack) -> dict[str, list[tuple[Checked, int]]]:
    """Each source's excerpts: (record, index of its evidence item), in record order."""
    by_source: dict[str, list[tuple[Checked, int]]] = defaultdict(list)
    for _, r in pack.checked_records():
        for n, ev in enumerate(r.check.evidence):
            by_source[ev.source].append((r, n))
    return by_source


def read_sources(pack: FactPack, folder: Path | None, display: str,
                 only: Container[str] | None = None) -> Iterator[SourceText]:
    """Every source's text (or why there is none), in the pack's order, read one at a time;
    with `only`, just the sources of those ids."""
    root = sources_root(folder)  # once, not once per source
    for source in pack.pack.sources:
        if only is None or source.id in only:
            yield read_source_text(source, folder, display, root)


def check_evidence(pack: FactPack, folder: Path | None, display: str) -> list[Issue]:
    """Each excerpt against its source's text; each source read and folded once (an index by source)."""
    uses = excerpt_uses(pack)
    found, read = excerpts_in_sources(pack, read_sources(pack, folder, display), uses)
    return source_findings(read, {source: len(used) for source, used in uses.items()}) + found


def excerpts_in_sources(pack: FactPack, texts: Iterable[SourceText],
                        uses: Mapping[str, list[tuple[Checked, int]]]
                        ) -> tuple[list[Issue], list[SourceText]]:
    """Each excerpt not found in its source's text (in source, then record order), then each
    verified record without evidence; and what was read of each source, its text let go (for
    `source_findings`). `uses`: `excerpt_uses(pack)`.

    Source by source, so that one source's text at a time is held.
    """
    issues: list[Issue] = []
    read: list[SourceText] = []
    for text in texts:
        read.append(SourceText(text.source, None, text.problem, text.unchecked))
        if text.text is not None:
            issues += _find_excerpts(text, uses.get(text.source.id, []))
    for _, r in pack.checked_records():
        if r.check.status == "verified" and not r.check.evidence:
            issues.append(_issue("evidence", r, "evidence", "status is verified but no evidence is given"))
    return issues, read


def source_findings(read: Iterable[SourceText], excerpts: Mapping[str, int]) -> list[Issue]:
    """A finding for each source that has no text to check against ('unchecked', with its count
    of `excerpts`) or whose text cannot be used (an evidence error), in the pack's order."""
    issues: list[Issue] = []
    for text in read:
        source, where = text.source, text.source.where
        if text.unchecked is not None:
            count = excerpts.get(source.id, 0)
            issues.append(issue("unchecked", where.file, where.line, "sources",
                                f"source '{source.id}': {text.unchecked} "
                                f"({count} excerpt{'' if count == 1 else 's'})",
                                None, "info"))
        elif text.problem is not None:
            issues.append(issue("evidence", where.file, where.line, "sources.file",
                                f"source '{source.id}': {text.problem}"))
    return issues


def _find_excerpts(text: SourceText, uses: list[tuple[Checked, int]]) -> list[Issue]:
    assert text.text is not None
    out: list[Issue] = []
    for r, n in uses:
        ev = r.check.evidence[n]
        excerpt = ev.excerpt  # already folded as it was read (fields.Fields._clean is `fold`)
        if excerpt in text.text:
            continue
        start = closest_prefix(excerpt, text.text)
        hint = f"; it matches up to “{start[-40:]}”" if len(start) >= 8 else ""
        why = where_it_differs(excerpt, text.text, start) if len(start) >= 8 else ""
        out.append(_issue("evidence", r, "evidence.excerpt",
                          f"excerpt not found in source '{text.source.id}'{hint}{why}", ev.where.line))
    return out


def _excerpt_contents(pack: FactPack) -> list[Issue]:
    """What the excerpts must say: a number's value, a direct quote's words."""
    langs = {s.id: s.lang for s in pack.pack.sources}
    out: list[Issue] = []
    for r in pack.numbers:
        for ev in r.check.evidence:
            lang = langs.get(ev.source, "en")
            found = read_value(ev.excerpt, lang, r.value)
            if not found:
                found_all = find_numbers(ev.excerpt, lang)
                read = list(dict.fromkeys(_as_read(n.text, n.values[-1]) for n in found_all))
                seen = f"; the numbers read there: {', '.join(read[:8])}" if read else \
                    "; no number is read there"
                out.append(_issue("evidence", r, "value",
                                  f"{_plain(r.value)} cannot be read in the excerpt of source '{ev.source}' "
                                  f"(read as {lang}){seen}", ev.where.line))
            elif all(n.qualifier != r.approx for n in found):
                out.append(_issue("evidence", r, "approx",
                                  f"approx is {r.approx}, but the excerpt of '{ev.source}' has "
                                  f"{_APPROX_WORDS[found[0].qualifier]} before “{found[0].text}”",
                                  ev.where.line, severity="warning"))
    for q in pack.quotes:
        if q.kind != "direct" or not q.check.evidence:
            continue
        words = fold(q.text)
        if not any(words in fold(ev.excerpt) for ev in q.check.evidence):
            ev = q.check.evidence[0]
            start = closest_prefix(words, fold(ev.excerpt))
            where = (f"; the words match the excerpt of '{ev.source}' (line {ev.where.line}) up to "
                     f"“{start[-40:]}”"
                     f"{where_it_differs(words, fold(ev.excerpt), start)}" if len(start) >= 4 else
                     f"; the excerpt of '{ev.source}' (line {ev.where.line}) does not hold their start "
                     f"“{words[:30]}”")
            out.append(_issue("evidence", q, "text", "a direct quote's words must lie within its excerpt "
                                                     f"(they do not, in any of its evidence){where}"))
    return out


def _as_read(text: str, value: Decimal) -> str:
    """“2,500” read as 2.5: the number as the excerpt writes it, and its value where that differs."""
    plain = _plain(value)
    return f"“{text}”" if text == plain else f"“{text}” (read as {plain})"


def _plain(value: Decimal) -> str:
    return format(EXACT.normalize(value), "f")


def _conflicts(pack: FactPack) -> list[Issue]:
    groups: dict[tuple[str, object], list[NumberRecord]] = defaultdict(list)
    for r in pack.numbers:
        if r.measure:
            groups[(r.measure, r.as_of)].append(r)
    out: list[Issue] = []
    for (measure, as_of), group in groups.items():
        sides: dict[Decimal, list[NumberRecord]] = defaultdict(list)
        for r in group:
            sides[r.value].append(r)
        if len(sides) < 2:
            continue
        open_sides = [v for v, rs in sides.items() if any(r.check.status != "disputed" for r in rs)]
        if len(open_sides) <= 1:
            continue  # every side but one is disputed: the editor has resolved it
        desc = "; ".join(f"{_plain(v)} ({', '.join(r.id for r in rs)})" for v, rs in sides.items())
        out.append(_issue("conflict", group[0], "value",
                          f"measure '{measure}' as of {as_of} has conflicting values: {desc}; "
                          "mark all sides but one as disputed"))
    return out


def _parts(pack: FactPack) -> list[Issue]:
    numbers = {r.id: r for r in pack.numbers}
    out: list[Issue] = []
    for r in pack.numbers:
        if not r.parts:
            continue
        parts = [numbers[p] for p in r.parts if p in numbers]
        if r.check.status == "disputed" or any(p.check.status == "disputed" for p in parts):
            continue
        total = Decimal(0)
        for p in parts:
            total = EXACT.add(total, p.value)  # exact: the default context would round past 28 digits
        if total != r.value:
            out.append(_issue("parts", r, "parts",
                              f"parts add up to {_plain(total)}, not {_plain(r.value)} "
                              f"({' + '.join(f'{p.id} {_plain(p.value)}' for p in parts)})"))
    return out
