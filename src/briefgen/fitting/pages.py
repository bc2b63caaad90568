"""One page, confirmed by a real layout engine: the interface a page checker implements.

The estimate is a model; a page checker (LibreOffice, in `render/pdf.py`) lays the Word files
out and says how many pages each needs. Where a file needs more than one, more records are left
out by the same priority rule — as many as the text that ran over is tall, by the estimate — and
the file is laid out again. The checker knows nothing of briefings, and this module nothing of
LibreOffice.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple, Protocol

from briefgen.briefing.sections import Briefing
from briefgen.errors import FitError
from briefgen.fitting.estimate import PageLayout, estimate_height

MAX_RELAYOUTS = 12


class PageCheck(NamedTuple):
    pages: int
    text_height: float  # points from the top of the first line to the foot of the last, over all pages
    pdf: bytes


class PageChecker(Protocol):
    def check_pages(self, docx_files: dict[str, bytes]) -> dict[str, tuple[int, float, bytes]]:
        """name.docx -> (pages, text height, PDF) for every file (in one run of the layout engine)."""


Rendered = dict[str, tuple[Briefing, dict[str, bytes]]]
Refit = Callable[[str, int], tuple[Briefing, dict[str, bytes]]]  # stem, records more to leave out


def drops_for(briefing: Briefing, layout: PageLayout, overflow: float) -> int:
    """How many more records the priority rule leaves out for the estimate to shrink by `overflow` points."""
    from briefgen.fitting.search import drop_sequence

    target = estimate_height(briefing, layout) - overflow
    drops = 0
    for victim in drop_sequence(briefing):
        if estimate_height(briefing, layout) <= target:
            break
        kind, record_id = victim.split("/", 1)
        kept = [replace(s, entries=tuple(e for e in s.entries if (e.kind, e.record_id) != (kind, record_id)))
                for s in briefing.sections]
        briefing = replace(briefing, sections=tuple(kept))
        drops += 1
    return max(drops, 1)


def confirm_one_page(rendered: Rendered, stems: list[str], checker: PageChecker, layout: PageLayout,
                     refit: Refit, notes: list[str]) -> tuple[Rendered, dict[str, bytes]]:
    """Lay out the Word files of `stems`; re-fit each that needs two pages. Returns the files and
    each one-page file's PDF (by stem)."""
    extra = {stem: 0 for stem in stems}
    pending = sorted(stems)
    pdfs: dict[str, bytes] = {}
    for _ in range(MAX_RELAYOUTS + 1):
        checks = checker.check_pages({f"{stem}.docx": rendered[stem][1][f"{stem}.docx"] for stem in pending})
        still_long: dict[str, int] = {}
        for stem in pending:
            check = PageCheck(*checks[f"{stem}.docx"])
            if check.pages > 1:
                overflow = max(check.text_height - layout.height, 0.0)
                still_long[stem] = drops_for(rendered[stem][0], layout, overflow)
                more = still_long[stem]
                notes.append(f"{stem}: LibreOffice needed {check.pages} pages; leaving out {more} more "
                             f"record{'s' if still_long[stem] > 1 else ''} and laying it out again")
            else:
                pdfs[stem] = check.pdf
        for stem, drops in sorted(still_long.items()):
            extra[stem] += drops
            before = len(rendered[stem][0].entries())
            rendered[stem] = refit(stem, extra[stem])
            if len(rendered[stem][0].entries()) == before:
                raise _overflow(stem)
        pending = sorted(still_long)
        if not pending:
            return rendered, pdfs
    raise _overflow(pending[0])


def _overflow(stem: str) -> FitError:
    return FitError(f"{stem}: LibreOffice lays it out on more than one page even after leaving out every "
                    "record that may go; lower priorities or shorten texts")
