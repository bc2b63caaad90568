"""One A4 page: how tall a briefing is in its Word template, measured on what the template renders.

The template itself is filled with the briefing (the same Jinja render the Word file gets), and
every paragraph it makes — body, header and footer — is measured with the template's own styles,
fonts, numbering and margins (`paragraphs.py`). So a restyled template is estimated as truly as
the built-in one, and nothing here knows which styles a briefing uses. What the model cannot
follow is reported as a doubt (`Estimate.doubts`): then LibreOffice confirms the page
(`pages.py`). tests/test_fitting_calibration.py keeps the estimate and LibreOffice in step.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from briefgen.briefing.sections import Briefing, Entry
from briefgen.fitting.measures import Measures, cached_measures
from briefgen.fitting.paragraphs import Block, Measurer, Part, stack

# Estimate against slightly less than the real page, so the estimate never calls a
# two-page briefing one page. The model errs on the tall side by itself (0.8 to 3.2 pt
# above LibreOffice's height on the calibration packs of tests/test_fitting_calibration.py,
# never below); this keeps 2.2 pt more in hand for what it does not model.
SAFETY = 0.997
# The entry's number in unary: marks carry no digits, and a marked line is measured as the plain one
# (`paragraphs.ENTRY_MARKS`).
ENTRY_MARK = re.compile("\ue003(\ue005*)\ue004")


class Estimate(NamedTuple):
    height: float  # points the briefing needs, header and footer overflow included
    doubts: frozenset[str]  # why the estimate cannot be trusted; empty when it can


class PageLayout:
    """A Word template ready to measure briefings: its measures and its compiled tags."""

    def __init__(self, template: Path, measures: Measures) -> None:
        self.template = template
        self.digest = hashlib.sha256(template.read_bytes()).hexdigest()  # what fitting's decisions depend on
        self.measures = measures
        page = measures.page
        self.width = page.text_width
        self.height = page.height - page.top - page.bottom  # the body's room when header and footer fit
        self.measurer = Measurer(measures)
        self._parts: dict[str, Part] = {}  # rendered XML -> its laid-out paragraphs
        self._word: object = None  # the compiled template, once it is first needed

    def word(self) -> object:
        if self._word is None:
            from briefgen.render.docx import word_template

            self._word = word_template(self.template)
        return self._word

    def laid_out(self, name: str, xml: str, width: float) -> Part:
        found = self._parts.get(xml)
        if found is None:
            if len(self._parts) > 512:
                self._parts.clear()
            found = self._parts[xml] = self.measurer.part(xml, width)
        return found

    def parts(self, b: Briefing) -> tuple[Part, float]:
        """The body's paragraphs and the height the header and footer take from it."""
        from briefgen.render.docx import rendered_parts

        word = self.word()
        rendered = rendered_parts(b, self.template, word)
        page = self.measures.page
        body = self.laid_out("body", rendered[str(getattr(word, "main", ""))], self.width)
        lost = 0.0
        doubts = set(body.doubts)
        for name, margin, distance in ((self.measures.header_part, page.top, page.header),
                                       (self.measures.footer_part, page.bottom, page.footer)):
            if name and name in rendered:
                part = self.laid_out(name, rendered[name], self.width)
                doubts |= part.doubts
                # The header grows down from its distance to the edge; past the margin it pushes the body.
                lost += max(0.0, distance + stack(part.blocks) - margin)
        return Part(body.blocks, frozenset(doubts)), lost


def estimate(b: Briefing, layout: PageLayout) -> Estimate:
    body, lost = layout.parts(b)
    return Estimate(stack(body.blocks) + lost, body.doubts)


def estimate_height(b: Briefing, layout: PageLayout) -> float:
    """Points of page height the briefing needs."""
    return estimate(b, layout).height


def fits(b: Briefing, layout: PageLayout) -> bool:
    return estimate_height(b, layout) <= layout.height * SAFETY


def entry_heights(b: Briefing, layout: PageLayout) -> dict[int, tuple[float, float]]:
    """Roughly how much height each entry takes (by id of the entry): its first paragraph's and
    its whole, for first guesses only (whole-page estimates decide).

    The briefing is rendered once with a mark on each entry's lead; a paragraph holding a mark
    and those after it up to the next mark are that entry's.
    """
    marked, entries = _marked(b)
    body, _ = layout.parts(marked)
    heights: dict[int, tuple[float, float]] = {}
    owner: int | None = None
    for block in body.blocks:
        found = ENTRY_MARK.search(block.text)
        if found is not None:
            owner = id(entries[len(found.group(1))])
            heights[owner] = (block.height, 0.0)
        if owner is not None:
            first, total = heights[owner]
            heights[owner] = (first, total + block.height + max(block.before, block.after))
    return heights


def _marked(b: Briefing) -> tuple[Briefing, list[Entry]]:
    entries: list[Entry] = []
    sections = []
    for s in b.sections:
        marked = []
        for e in s.entries:
            marked.append(replace(e, lead="\ue003" + "\ue005" * len(entries) + f"\ue004{e.lead}"))
            entries.append(e)
        sections.append(replace(s, entries=tuple(marked)))
    return replace(b, sections=tuple(sections)), entries


def blocks(b: Briefing, layout: PageLayout) -> tuple[Block, ...]:
    """The body's laid-out paragraphs (for tests and diagnostics)."""
    return layout.parts(b)[0].blocks


@lru_cache(maxsize=8)
def _layout(template: Path, stamp: float, size: int) -> PageLayout:
    return PageLayout(template, cached_measures(template))


def layout_for(template: Path) -> PageLayout:
    """The template's layout, read once per process and version of the file."""
    stat = template.stat()
    return _layout(template, stat.st_mtime, stat.st_size)
