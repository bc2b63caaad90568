"""What to leave out so that a briefing fits on one page, and nothing more.

Records go in a fixed order (`drop_sequence`: lowest priority first, the later record first
on a tie, never a priority-1 record, never a section's last record), so the search is for
how many: a first guess from each entry's own height, then single steps to the fewest drops
that fit (bisection if the guess is far off). Every step is a whole-page estimate, since
leaving out a quote can move a speaker's title or a source to another entry. Then the page
is filled: the records left out are tried again, highest priority first, and each one that
still fits goes back in (a short record may fit where a long one of higher priority did not).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import NamedTuple

from briefgen.briefing.sections import (
    REASON_FIT,
    Briefing,
    EntryCache,
    LeftOut,
    choose_records,
    make_briefing,
)
from briefgen.errors import FitError
from briefgen.fitting.estimate import PageLayout, entry_heights, estimate
from briefgen.pack.model import Checked, FactPack


class Fitted(NamedTuple):
    briefing: Briefing
    doubts: frozenset[str]  # why the estimate of this template cannot be trusted (empty: it can)


def drop_sequence(b: Briefing) -> list[str]:
    """Every entry ("kind/id") that may be left out, in the order they go: priority 9 before 8, a
    later one before an earlier one; never a priority-1 entry, never the last entry of a section,
    never an entry of a section in its compact form (it was made compact to keep them all)."""
    ranked = []
    n = 0
    for s in b.sections:
        for e in s.entries:
            if e.priority > 1 and not s.compact:
                ranked.append((e.priority, n, s.key, f"{e.kind}/{e.record_id}"))
            n += 1
    left = {s.key: len(s.entries) for s in b.sections}
    out = []
    for _, _, key, name in sorted(ranked, key=lambda r: (r[0], r[1]), reverse=True):
        if left[key] > 1:
            left[key] -= 1
            out.append(name)
    return out


def page_room(layout: PageLayout) -> float:
    """The height a briefing may take: the page's, less the estimate's safety margin."""
    from briefgen.fitting import estimate as model

    return layout.height * model.SAFETY  # read at each call, so a test can change it


class _Fitting:
    """One briefing's search: every briefing tried and every estimate made is kept."""

    def __init__(self, pack: FactPack, lang: str, sections: tuple[str, ...], include_unverified: bool,
                 layout: PageLayout, marks: Mapping[str, str], compact: frozenset[str] = frozenset()) -> None:
        self.pack, self.lang, self.layout, self.marks, self.compact = pack, lang, layout, marks, compact
        self.chosen, self.left = choose_records(pack, sections, include_unverified)
        self.cache: EntryCache = {}
        self.room = page_room(layout)
        self.heights: dict[frozenset[str], float] = {}
        self.doubts: set[str] = set()
        self._entry_heights: dict[str, tuple[float, float]] | None = None

    def entry_heights(self, full: Briefing) -> dict[str, tuple[float, float]]:
        """Each entry's first paragraph and whole height ("kind/id"), from one marked render."""
        if self._entry_heights is None:
            heights = entry_heights(full, self.layout)
            self._entry_heights = {f"{e.kind}/{e.record_id}": heights.get(id(e), (0.0, 0.0))
                                   for e in full.entries()}
        return self._entry_heights

    def briefing(self, removed: frozenset[str]) -> Briefing:
        kept = {k: [r for r in rs if f"{k}/{r.id}" not in removed] for k, rs in self.chosen.items()}
        return make_briefing(self.pack, self.lang, kept, self.left, self.cache, self.marks, self.compact)

    def height(self, removed: frozenset[str]) -> float:
        if removed not in self.heights:
            found = estimate(self.briefing(removed), self.layout)
            self.doubts |= found.doubts
            self.heights[removed] = found.height
        return self.heights[removed]

    def fits(self, removed: frozenset[str]) -> bool:
        return self.height(removed) <= self.room


class Decision(NamedTuple):
    """What fitting decided for a briefing: plain data, so that it can be kept (`_speed/fit_cache`)."""

    compact: tuple[str, ...]  # sections in their compact form
    dropped: tuple[str, ...]  # "kind/id" left out for space
    ranked: tuple[str, ...]  # the same as reported, in the order they went
    doubts: tuple[str, ...]  # why the estimate of this template cannot be trusted


def fit_briefing(pack: FactPack, lang: str, sections: tuple[str, ...], include_unverified: bool,
                 layout: PageLayout, extra_drops: int = 0, marks: Mapping[str, str] | None = None) -> Fitted:
    """The briefing with as many records as fit; `extra_drops` more left out when LibreOffice
    found the estimate too optimistic; `marks` (new/updated, from `build --since`) on its entries.

    When records must be left out, the summits switch to their compact form (one run, "2004 ASEM-5
    · 2006 APEC · …"), which keeps every summit, unless the page cannot hold them all even so.
    """
    from briefgen._speed.fit_cache import remembered_decision

    marks = marks or {}
    inputs = (pack, lang, sections, include_unverified, layout.digest, page_room(layout), extra_drops,
              sorted(marks.items()))
    decision = Decision(*remembered_decision(inputs, lambda: decide(pack, lang, sections, include_unverified,
                                                                    layout, extra_drops, marks)))
    f = _Fitting(pack, lang, sections, include_unverified, layout, marks, frozenset(decision.compact))
    briefing = f.briefing(frozenset(decision.dropped))
    names = (n.split("/", 1) for n in decision.ranked)
    left = tuple(LeftOut(kind, record_id, REASON_FIT) for kind, record_id in names)
    return Fitted(replace(briefing, left_out=tuple(f.left) + left), frozenset(decision.doubts))


def decide(pack: FactPack, lang: str, sections: tuple[str, ...], include_unverified: bool,
           layout: PageLayout, extra_drops: int, marks: Mapping[str, str]) -> Decision:
    """The search itself (`fit_briefing` without its cache)."""
    f = _Fitting(pack, lang, sections, include_unverified, layout, marks)
    full = f.briefing(frozenset())
    if not full.sections:  # nothing to fit; the build refuses it once its templates have rendered
        return Decision((), (), (), ())
    summits = next((s for s in full.sections if s.key == "summits"), None)
    if summits is not None and len(summits.entries) > 1 and not f.fits(frozenset()):
        g = _Fitting(pack, lang, sections, include_unverified, layout, marks, frozenset({"summits"}))
        g.cache = f.cache  # an entry reads the same in a compact section: format each record once
        try:
            return _fit(g, g.briefing(frozenset()), extra_drops)
        except FitError:
            pass  # even the compact form leaves no room: the summits go by priority, as the rest
    return _fit(f, full, extra_drops)


def _fit(f: _Fitting, full: Briefing, extra_drops: int) -> Decision:
    order = drop_sequence(full)

    def fits_without(k: int) -> bool:
        return f.fits(frozenset(order[:k]))

    k = 0 if fits_without(0) else fewest_drops(fits_without, _guess(f, full, order), len(order))
    if not fits_without(k):
        kept = ", ".join(f"{e.kind}/{e.record_id}" for e in f.briefing(frozenset(order[:k])).entries())
        raise FitError(f"{f.pack.pack.id}.{f.lang}: does not fit on one page even with only priority-1 "
                       f"records and one record per section ({kept}); lower priorities, shorten texts or "
                       "choose fewer sections")
    dropped = _refill(f, full, order[:k])
    if extra_drops:
        current = f.briefing(frozenset(dropped))
        dropped += drop_sequence(current)[:extra_drops]
    ranked = [name for name in order if name in set(dropped)]
    return Decision(tuple(sorted(f.compact)), tuple(dropped), tuple(ranked), tuple(sorted(f.doubts)))


def nothing_printable(left: list[LeftOut], sections: tuple[str, ...]) -> str:
    """Why a briefing holds no record, in the editor's terms."""
    from briefgen.briefing.sections import (
        REASON_DISPUTED,
        REASON_NO_EVIDENCE,
        REASON_SECTION,
        REASON_UNVERIFIED,
    )

    if not left:
        return "the pack holds no numbers, quotes, positions or summits yet"
    counts: dict[str, int] = {}
    for x in left:
        counts[x.reason] = counts.get(x.reason, 0) + 1
    if set(counts) == {REASON_UNVERIFIED}:
        which = "its one record is" if len(left) == 1 else f"all {len(left)} of its records are"
        return (f"{which} unverified (verify them in the pack, or build with --include-unverified to print "
                "them marked)")
    words = {REASON_UNVERIFIED: "unverified", REASON_DISPUTED: "disputed",
             REASON_NO_EVIDENCE: "verified without "
             "evidence", REASON_SECTION: f"not in the chosen sections ({', '.join(sections)})"}
    listed = ", ".join(f"{n} {words.get(reason, reason)}" for reason, n in counts.items())
    return f"none of its {len(left)} records can print: {listed}"


def _guess(f: _Fitting, full: Briefing, order: list[str]) -> int:
    """How many entries of `order` to leave out, judged from each entry's own height."""
    by_name = {name: total for name, (_, total) in f.entry_heights(full).items()}
    over = f.height(frozenset()) - f.room
    k = 0
    while over > 0 and k < len(order):
        over -= by_name.get(order[k], 0.0)
        k += 1
    return k


def _refill(f: _Fitting, full: Briefing, dropped: list[str]) -> list[str]:
    """Put back every left-out record that still fits, highest priority first (the reverse of the
    order they were left out in). A record goes back only if the whole page still fits.

    A record whose first paragraph alone is taller than the room left cannot fit and is not
    estimated — except a quote that would take its speaker's title from a later quote printed
    now (the title goes with a speaker's first printed quote): that later quote gets shorter,
    which can shrink the page.
    """
    from briefgen.pack.model import Quote

    heights = f.entry_heights(full)
    quotes = [(f"quotes/{r.id}", r.speaker) for r in f.chosen.get("quotes", []) if isinstance(r, Quote)]

    def takes_title(name: str, out: list[str]) -> bool:
        speaker = next((s for n, s in quotes if n == name), None)
        if speaker is None:
            return False
        printed = [n for n, s in quotes if s == speaker and n not in out]
        first = next(n for n, s in quotes if s == speaker and (n == name or n in printed))
        return first == name and bool(printed)

    out = list(dropped)
    changed = True
    while changed:  # a record put back can make room for one tried before it: try again
        changed = False
        for name in reversed([d for d in dropped if d in out]):
            gap = f.room - f.height(frozenset(out))
            if heights.get(name, (0.0, 0.0))[0] > gap and not takes_title(name, out):
                continue
            trial = [d for d in out if d != name]
            if f.fits(frozenset(trial)):
                out, changed = trial, True
    return out


def fewest_drops(fits_without: Callable[[int], bool], guess: int, most: int, steps: int = 3) -> int:
    """The fewest drops k that fit, where k - 1 does not (`most` when even that does not fit).

    Known: 0 does not fit. From the guess, a few single steps; then bisection between the
    bounds found, so a poor guess costs a logarithm, not a walk.
    """
    if most == 0:
        return 0
    low, high = 0, None  # low does not fit; high fits (None: not known yet)
    guess = max(1, min(guess, most))
    if fits_without(guess):
        high = guess
        for _ in range(steps):
            if high - 1 == low:
                return high
            if not fits_without(high - 1):
                return high
            high -= 1
    else:
        low = guess
        for _ in range(steps):
            if low == most:
                return most
            if fits_without(low + 1):
                return low + 1
            low += 1
    if high is None:
        if low == most or not fits_without(most):
            return most
        high = most
    while high - low > 1:
        middle = (low + high) // 2
        if fits_without(middle):
            high = middle
        else:
            low = middle
    return high


__all__ = ["Checked", "Decision", "Fitted", "decide", "drop_sequence", "fewest_drops", "fit_briefing"]
