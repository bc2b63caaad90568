"""One A4 page: estimate the briefing's height with the template's fonts and margins.

The estimate lays each paragraph out the way LibreOffice does for a Word file: greedy
line breaking at spaces with the font's real advance widths (shipped in
data/font_metrics.json), single lines as tall as the font's ascent + descent + line gap,
the larger of one paragraph's space after and the next one's space before, and no space
between paragraphs of one style that asks for contextual spacing (list items). When the
content is too tall, records are left out lowest priority first (9 before 8 ..., the later
record first on a tie), never a priority-1 record. LibreOffice confirms the result when a
PDF is made (`render/pdf.py`); tests/test_fitting_calibration.py keeps the two in step.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple, cast

from briefgen.briefing.sections import Briefing, Entry

# Estimate against slightly less than the real page, so the estimate never calls a
# two-page briefing one page. The model below errs on the tall side by itself (0.8 to
# 3.2 pt above LibreOffice's height on the calibration packs of
# tests/test_fitting_calibration.py, never below); this keeps 2.2 pt more in hand for
# what it does not model.
SAFETY = 0.997
FALLBACK_FONT = "Liberation Sans"
# LibreOffice rounds ascent, descent and line gap to its device units one by one: a
# measured single line of Liberation Sans lies between 0.5 twip below and 1.05 twips
# above the exact sum, so the estimate adds the upper bound to every line.
LINE_ROUNDING = 1.05 / 20
# LibreOffice sets glyphs on its own grid, and a line whose exact width comes within about
# 0.13 pt of the text area's width may already break (measured for Liberation Sans at 10.5 pt):
# the estimate breaks lines this much earlier.
LINE_SLACK = 0.3
# A font without shipped metrics is measured as Liberation Sans, widened and heightened
# by this much, so it errs on the tall side.
UNKNOWN_FONT_SCALE = 1.08


class StyleMetrics(NamedTuple):  # a NamedTuple: cheaper to define at start-up, and to hash as a cache key
    font: str
    size: float
    bold: bool
    italic: bool
    before: float
    after: float
    line: float  # multiple of single spacing
    indent: float
    contextual: bool
    tracking: float = 0.0  # extra space after every character (w:spacing in the run properties), pt
    exact: float = 0.0  # a fixed line height (line rule "exact"), pt; 0 when not fixed
    at_least: float = 0.0  # a minimum line height (line rule "atLeast"), pt


class PageLayout(NamedTuple):
    width: float  # text area, pt
    height: float
    styles: dict[str, StyleMetrics]


@lru_cache(maxsize=1)
def _metrics() -> dict[str, dict[str, dict[str, object]]]:
    # A plain file next to the code (importlib.resources costs a cold build more than reading it).
    text = (Path(__file__).parents[1] / "data" / "font_metrics.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, object]]] = json.loads(text)
    return data


@lru_cache(maxsize=64)
def _face(font: str, bold: bool, italic: bool) -> dict[str, object]:
    """One face's metrics, its width table unpacked when first used (a briefing uses two or three faces)."""
    faces = _metrics().get(font) or _metrics()[FALLBACK_FONT]
    face = faces[("bold" if bold else "") + ("italic" if italic else "") or "regular"]
    if "table" not in face:
        packed = str(face["widths"])
        face["table"] = {packed[i]: int(packed[i + 1:i + 6]) for i in range(0, len(packed), 6)}
    return face


def _units(face: dict[str, object], key: str) -> int:
    return int(cast(int, face[key]))


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float, bold: bool = False, italic: bool = False,
               tracking: float = 0.0) -> float:
    """Width in points of `text` set in one font and size (plus `tracking` after each character)."""
    face = _face(font, bold, italic)
    table = cast("dict[str, int]", face["table"])
    upem = _units(face, "units_per_em")
    # A character the font lacks comes from a fallback font: counted a full em wide.
    units = sum(map(table.get, text, repeat(upem)))
    scale = 1.0 if font in _metrics() else UNKNOWN_FONT_SCALE
    return float(units * size / upem * scale + tracking * len(text))


@lru_cache(maxsize=256)
def line_height(style: StyleMetrics) -> float:
    """Points from one baseline to the next in a paragraph of `style`, as LibreOffice sets them.

    LibreOffice adds the font's line gap ("external leading") to Word documents' lines, and
    takes the vertical metrics from the hhea table, as it does on Linux.
    """
    if style.exact:
        return style.exact
    face = _face(style.font, style.bold, style.italic)
    hhea = cast("list[int] | None", face.get("hhea"))
    ascent, descent, gap = hhea or (_units(face, "ascent"), _units(face, "descent"), 0)
    single = (ascent + descent + gap) / _units(face, "units_per_em") * style.size + LINE_ROUNDING
    if style.font not in _metrics():
        single *= UNKNOWN_FONT_SCALE
    return float(max(single * style.line, style.at_least))


def _words(runs: list[tuple[str, bool]], style: StyleMetrics) -> list[tuple[float, float]]:
    """(width of the spaces before it, width) of each word; runs with no space between them glue."""
    words: list[tuple[float, float]] = []
    spaces = 0.0
    glued = False  # the next piece continues the last word
    for text, bold in runs:
        face = (style.font, style.size, bold or style.bold, style.italic, style.tracking)
        space = text_width(" ", *face)
        for n, piece in enumerate(text.split(" ")):
            if n > 0:
                spaces += space
                glued = False
            if not piece:
                continue
            width = text_width(piece, *face)
            if glued:
                words[-1] = (words[-1][0], words[-1][1] + width)
            else:
                words.append((spaces if words else 0.0, width))
            spaces, glued = 0.0, True
    return words


def count_lines(runs: list[tuple[str, bool]], style: StyleMetrics, width: float) -> int:
    """Lines of one paragraph; memoized, since fitting re-estimates the same paragraphs often."""
    return _count_lines(tuple(runs), style, width)


@lru_cache(maxsize=65536)
def _count_lines(runs: tuple[tuple[str, bool], ...], style: StyleMetrics, width: float) -> int:
    """Greedy line breaking at spaces, as Word and LibreOffice do for left-aligned text.

    A space at the end of a line hangs into the margin, so it never forces a break; a
    word wider than the line is broken between characters.
    """
    avail = width - style.indent - LINE_SLACK
    lines, used = 1, 0.0
    for space, w in _words(list(runs), style):
        glue = space if used > 0 else 0.0
        if used + glue + w <= avail:
            used += glue + w
        elif w > avail:
            extra = used + glue + w
            lines += int(extra // avail)
            used = extra % avail
        else:
            lines += 1
            used = w
    return lines


def entry_blocks(section_key: str, e: Entry) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The paragraphs one entry becomes in the project's template (style, [(text, bold)])."""
    flag = [(f" ({e.flag})", True)] if e.flag else []
    if e.mark:
        flag.append((f" ({e.mark})", True))
    if e.direct:
        translated = f" {e.translated}" if e.translated else ""
        return [("Quote", [(e.lead + translated, False), (f" — {e.attribution}", False)] + flag)]
    sep = ": " if section_key == "quotes" else " — "
    blocks = [("List Bullet", [(e.lead, True), (f"{sep}{e.text}", False)] + flag)]
    blocks += [("List Bullet 2", [(p, False)]) for p in e.points]
    return blocks


Measured = list[tuple[str, "StyleMetrics", int]]  # (style name, style, lines) of each paragraph
Memo = dict[int, tuple[Entry, Measured]]


def _measure(blocks: list[tuple[str, list[tuple[str, bool]]]], layout: PageLayout) -> Measured:
    out: Measured = []
    for style_name, runs in blocks:
        st = layout.styles.get(style_name) or layout.styles["Normal"]
        out.append((style_name, st, count_lines(runs, st, layout.width)))
    return out


def _entry_paragraphs(section_key: str, e: Entry, layout: PageLayout, memo: Memo | None) -> Measured:
    if memo is None:
        return _measure(entry_blocks(section_key, e), layout)
    known = memo.get(id(e))
    if known is None or known[0] is not e:  # the entry is kept in the memo, so its id stays its own
        known = memo[id(e)] = (e, _measure(entry_blocks(section_key, e), layout))
    return known[1]


def measured_paragraphs(b: Briefing, layout: PageLayout, memo: Memo | None = None) -> Measured:
    """Every paragraph of the briefing with its line count. `memo` keeps each entry's paragraphs
    across the many estimates of one fitting (an entry's lines do not depend on its neighbours)."""
    out = _measure([("Title", [(b.title, False)]), ("Subtitle", [(b.subtitle, False)])], layout)
    for s in b.sections:
        out += _measure([("Heading 1", [(s.heading, False)])], layout)
        for e in s.entries:
            out += _entry_paragraphs(s.key, e, layout, memo)
    if b.sources_text:
        out += _measure([("Sources", [(f"{b.sources_label}: ", True), (b.sources_text, False)])], layout)
    return out


def estimate_height(b: Briefing, layout: PageLayout, memo: Memo | None = None) -> float:
    """Points of page height the briefing needs."""
    total = 0.0
    prev: str | None = None
    prev_after = 0.0
    for style_name, st, lines in measured_paragraphs(b, layout, memo):
        before = st.before
        if prev == style_name and st.contextual:
            before, prev_after = 0.0, 0.0
        # LibreOffice, like Word, puts the larger of the previous 'after' and this 'before'
        # between two paragraphs. The first paragraph's 'before' is counted too, which can
        # only err on the tall side.
        total += max(before, prev_after) + lines * line_height(st)
        prev, prev_after = style_name, st.after
    return total + prev_after


def fits(b: Briefing, layout: PageLayout, memo: Memo | None = None) -> bool:
    return estimate_height(b, layout, memo) <= layout.height * SAFETY


def guess_drops(b: Briefing, sequence: list[Entry], layout: PageLayout, memo: Memo | None = None) -> int:
    """How many entries of `sequence` to leave out so that `b` fits, judged from each entry's
    own paragraphs: a first guess for the search, which whole-page estimates then confirm."""
    keys = {id(e): s.key for s in b.sections for e in s.entries}
    over = estimate_height(b, layout, memo) - layout.height * SAFETY
    k = 0
    while over > 0 and k < len(sequence):
        e = sequence[k]
        for _, st, lines in _entry_paragraphs(keys[id(e)], e, layout, memo):
            over -= lines * line_height(st) + max(st.before, st.after)
        k += 1
    return k


def drop_sequence(b: Briefing) -> list[Entry]:
    """Every entry that may be left out, in the order they go: priority 9 before 8, a later one
    before an earlier one; never a priority-1 entry, never the last entry of a section."""
    ranked = []
    n = 0
    for s in b.sections:
        for e in s.entries:
            if e.priority > 1:
                ranked.append((e.priority, n, s.key, e))
            n += 1
    left = {s.key: len(s.entries) for s in b.sections}
    out = []
    for _, _, key, e in sorted(ranked, key=lambda r: (r[0], r[1]), reverse=True):
        if left[key] > 1:
            left[key] -= 1
            out.append(e)
    return out


STYLE_NAMES = ("Normal", "Title", "Subtitle", "Heading 1", "List Bullet", "List Bullet 2", "Quote", "Sources")


@lru_cache(maxsize=8)
def read_layout(template: Path, stamp: float = 0.0) -> PageLayout:
    """Page and style measures from a Word template (sizes in points)."""
    measures = _cached_measures(template)
    raw = cast("dict[str, dict[str, object]]", measures["styles"])
    styles = {name: StyleMetrics(
        font=str(m["font"] or FALLBACK_FONT), size=float(cast(float, m["size"])), bold=bool(m["bold"]),
        italic=bool(m["italic"]), before=float(cast(float, m["before"])), after=float(cast(float, m["after"])),
        line=float(cast(float, m["line"])), indent=float(cast(float, m["indent"])), contextual=bool(m["contextual"]),
        tracking=float(cast(float, m["tracking"])), exact=float(cast(float, m["exact"])),
        at_least=float(cast(float, m["at_least"])),
    ) for name, m in raw.items()}
    if "Normal" not in styles:
        styles["Normal"] = StyleMetrics(FALLBACK_FONT, 11.0, False, False, 0.0, 0.0, 1.0, 0.0, False)
    return PageLayout(float(cast(float, measures["width"])), float(cast(float, measures["height"])), styles)


def _cached_measures(template: Path) -> dict[str, object]:
    """read_measures, kept in the user's cache by the template's bytes (see briefgen._speed.cache)."""
    from briefgen._speed.cache import cache_key, cached

    def measure() -> dict[str, object]:
        from briefgen.render.wordml import read_measures

        return read_measures(template, STYLE_NAMES)

    return cached("measures", cache_key("measures", template.read_bytes(), "\0".join(STYLE_NAMES)), measure,
                  lambda m: json.dumps(m, sort_keys=True).encode("utf-8"), _measures)


def _measures(payload: bytes) -> dict[str, object]:
    measures = json.loads(payload)
    if not isinstance(measures, dict):
        raise TypeError("not a mapping of measures")
    return measures


def layout_for(template: Path) -> PageLayout:
    return read_layout(template, template.stat().st_mtime)
