"""One A4 page: estimate the briefing's height with the template's fonts and margins.

The estimate lays each paragraph out the way a word processor does — greedy line
breaking with the font's real advance widths (shipped in data/font_metrics.json) — and
adds the styles' spacing. When the content is too tall, records are left out lowest
priority first (9 before 8 ..., the later record first on a tie), never a priority-1
record. LibreOffice confirms the result when a PDF is made (`render/pdf.py`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from briefgen.sections import Briefing, Entry

# Estimate against slightly less than the real page: the estimate must never call
# a two-page briefing one page.
SAFETY = 0.96
FALLBACK_FONT = "Liberation Sans"


@dataclass(frozen=True, slots=True)
class StyleMetrics:
    font: str
    size: float
    bold: bool
    italic: bool
    before: float
    after: float
    line: float  # multiple of single spacing
    indent: float
    contextual: bool


@dataclass(frozen=True, slots=True)
class PageLayout:
    width: float  # text area, pt
    height: float
    styles: dict[str, StyleMetrics]


@lru_cache(maxsize=1)
def _metrics() -> dict[str, dict[str, dict[str, object]]]:
    text = resources.files("briefgen").joinpath("data/font_metrics.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, object]]] = json.loads(text)
    for faces in data.values():
        for face in faces.values():
            packed = str(face["widths"])
            face["table"] = {packed[i]: int(packed[i + 1:i + 6]) for i in range(0, len(packed), 6)}
    return data


def _face(font: str, bold: bool, italic: bool) -> dict[str, object]:
    faces = _metrics().get(font) or _metrics()[FALLBACK_FONT]
    return faces[("bold" if bold else "") + ("italic" if italic else "") or "regular"]


def text_width(text: str, font: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of `text` set in one font and size."""
    face = _face(font, bold, italic)
    table: dict[str, int] = face["table"]  # type: ignore[assignment]
    upem = int(face["units_per_em"])  # type: ignore[call-overload]
    default = table.get("n", upem // 2)
    # An unknown font is measured as Liberation Sans plus a margin, so it errs on the tall side.
    scale = 1.0 if font in _metrics() else 1.08
    return sum(table.get(ch, default) for ch in text) * size / upem * scale


def line_height(style: StyleMetrics) -> float:
    face = _face(style.font, style.bold, style.italic)
    upem = int(face["units_per_em"])  # type: ignore[call-overload]
    single = (int(face["ascent"]) + int(face["descent"])) / upem * style.size  # type: ignore[call-overload]
    return single * style.line


def count_lines(runs: list[tuple[str, bool]], style: StyleMetrics, width: float) -> int:
    """Greedy line breaking at spaces, as Word and LibreOffice do for left-aligned text."""
    avail = width - style.indent
    lines, used = 1, 0.0
    space = text_width(" ", style.font, style.size, style.bold, style.italic)
    first = True
    for text, bold in runs:
        for n, word in enumerate(text.split(" ")):
            glue = space if (n > 0 or (not first and text.startswith(" "))) and used > 0 else 0.0
            w = text_width(word, style.font, style.size, bold or style.bold, style.italic)
            if used + glue + w <= avail:
                used += glue + w
            elif w > avail:  # a word longer than the line is broken by characters
                extra = used + glue + w
                lines += int(extra // avail)
                used = extra % avail
            else:
                lines += 1
                used = w
        first = False
    return lines


def entry_blocks(section_key: str, e: Entry) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The paragraphs one entry becomes in the project's template (style, [(text, bold)])."""
    flag = [(f" ({e.flag})", True)] if e.flag else []
    if e.direct:
        translated = f" {e.translated}" if e.translated else ""
        return [("Quote", [(e.lead + translated, False), (f" — {e.attribution}", False)] + flag)]
    sep = ": " if section_key == "quotes" else " — "
    blocks = [("List Bullet", [(e.lead, True), (f"{sep}{e.text}", False)] + flag)]
    blocks += [("List Bullet 2", [(p, False)]) for p in e.points]
    return blocks


def briefing_blocks(b: Briefing) -> list[tuple[str, list[tuple[str, bool]]]]:
    blocks: list[tuple[str, list[tuple[str, bool]]]] = [("Title", [(b.title, False)]),
                                                         ("Subtitle", [(b.subtitle, False)])]
    for s in b.sections:
        blocks.append(("Heading 1", [(s.heading, False)]))
        for e in s.entries:
            blocks += entry_blocks(s.key, e)
    blocks.append(("Sources", [(f"{b.sources_label}: ", True), (b.sources_text, False)]))
    return blocks


def estimate_height(b: Briefing, layout: PageLayout) -> float:
    """Points of page height the briefing needs."""
    total = 0.0
    prev: str | None = None
    prev_after = 0.0
    for style_name, runs in briefing_blocks(b):
        st = layout.styles.get(style_name) or layout.styles["Normal"]
        before = st.before
        if prev == style_name and st.contextual:
            before, prev_after = 0.0, 0.0
        # Word and LibreOffice use the larger of the previous 'after' and this 'before'.
        gap = max(before, prev_after) if prev is not None else 0.0
        total += gap + count_lines(runs, st, layout.width) * line_height(st)
        prev, prev_after = style_name, st.after
    return total + prev_after


def fits(b: Briefing, layout: PageLayout) -> bool:
    return estimate_height(b, layout) <= layout.height * SAFETY


def next_to_drop(b: Briefing) -> Entry | None:
    """The entry to leave out next: priority 9 before 8, a later one before an earlier one.

    Never a priority-1 entry, and never the last entry of a section: the editor chose
    the sections, so each keeps at least its most important record.
    """
    candidates = [(e.priority, n, e) for s in b.sections if len(s.entries) > 1
                  for n, e in enumerate(b.entries()) if e in s.entries and e.priority > 1]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


@lru_cache(maxsize=8)
def read_layout(template: Path, stamp: float = 0.0) -> PageLayout:
    """Page and style measures from a Word template (sizes in points)."""
    from docx import Document

    from briefgen.render.docx_xml import contextual_spacing, doc_defaults, list_indent

    doc = Document(str(template))
    section = doc.sections[0]
    pt = 1 / 12700  # EMU per point
    width = (section.page_width - section.left_margin - section.right_margin) * pt
    height = (section.page_height - section.top_margin - section.bottom_margin) * pt
    defaults = doc_defaults(doc)
    styles: dict[str, StyleMetrics] = {}
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "List Bullet", "List Bullet 2", "Quote", "Sources"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        chain = []
        s = style
        while s is not None:
            chain.append(s)
            s = s.base_style

        def first(getter: object) -> object:
            for link in chain:
                value = getter(link)  # type: ignore[operator]
                if value is not None:
                    return value
            return None

        size = first(lambda s: s.font.size)
        line = first(lambda s: s.paragraph_format.line_spacing)
        indent = first(lambda s: s.paragraph_format.left_indent)
        numbered = list_indent(doc, name)
        styles[name] = StyleMetrics(
            font=str(first(lambda s: s.font.name) or defaults["font"] or FALLBACK_FONT),
            size=size.pt if size is not None else float(defaults["size"] or 11),  # type: ignore[attr-defined]
            bold=bool(first(lambda s: s.font.bold)),
            italic=bool(first(lambda s: s.font.italic)),
            before=_pt(first(lambda s: s.paragraph_format.space_before), defaults["before"]),
            after=_pt(first(lambda s: s.paragraph_format.space_after), defaults["after"]),
            line=float(line) if isinstance(line, float) else float(defaults["line"] or 1.0),  # type: ignore[arg-type]
            indent=numbered if numbered is not None else (indent.pt if indent is not None else 0.0),  # type: ignore[attr-defined]
            contextual=contextual_spacing(doc, name),
        )
    return PageLayout(width, height, styles)


def _pt(length: object, default: object) -> float:
    if length is not None:
        return float(length.pt)  # type: ignore[attr-defined]
    return float(default) if isinstance(default, int | float) else 0.0


def layout_for(template: Path) -> PageLayout:
    return read_layout(template, template.stat().st_mtime)


def page_count_estimate(b: Briefing, layout: PageLayout) -> int:
    return max(1, math.ceil(estimate_height(b, layout) / layout.height))
