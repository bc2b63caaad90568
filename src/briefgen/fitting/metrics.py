"""Font metrics: how wide a text is and how tall a line is, as LibreOffice sets them.

The widths are the fonts' real advance widths (shipped in data/font_metrics.json, written by
scripts/make_font_metrics.py), so the estimate is the same on every machine. Lines break
greedily at spaces, as Word and LibreOffice do for left-aligned text.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple, cast

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
# by this much, so it errs on the tall side (and the estimate says it cannot be trusted).
UNKNOWN_FONT_SCALE = 1.08
TAB = 36.0  # Word's default tab stop, pt


class Face(NamedTuple):
    """One run's font as it is drawn."""

    font: str
    size: float
    bold: bool = False
    italic: bool = False
    tracking: float = 0.0  # extra space after every character (w:spacing in the run properties), pt


@lru_cache(maxsize=1)
def _metrics() -> dict[str, dict[str, dict[str, object]]]:
    # A plain file next to the code (importlib.resources costs a cold build more than reading it).
    text = (Path(__file__).parents[1] / "data" / "font_metrics.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, object]]] = json.loads(text)
    return data


def known_fonts() -> tuple[str, ...]:
    """The fonts whose metrics briefgen ships: an estimate in any other font is not trusted."""
    return tuple(_metrics())


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
def single_line(face: Face) -> float:
    """Points from one baseline to the next at single spacing, as LibreOffice sets them.

    LibreOffice adds the font's line gap ("external leading") to Word documents' lines, and
    takes the vertical metrics from the hhea table, as it does on Linux.
    """
    metrics = _face(face.font, face.bold, face.italic)
    hhea = cast("list[int] | None", metrics.get("hhea"))
    ascent, descent, gap = hhea or (_units(metrics, "ascent"), _units(metrics, "descent"), 0)
    single = (ascent + descent + gap) / _units(metrics, "units_per_em") * face.size + LINE_ROUNDING
    if face.font not in _metrics():
        single *= UNKNOWN_FONT_SCALE
    return float(single)


Runs = tuple[tuple[str, Face], ...]


def _words(runs: Runs) -> list[tuple[float, float]]:
    """(width of the spaces before it, width) of each word; runs with no space between them glue."""
    words: list[tuple[float, float]] = []
    spaces = 0.0
    glued = False  # the next piece continues the last word
    for text, face in runs:
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


@lru_cache(maxsize=65536)
def count_lines(runs: Runs, width: float, first_width: float | None = None) -> int:
    """Lines of one paragraph's text: greedy breaking at spaces, as Word and LibreOffice do.

    `width` is the room of every line, `first_width` the first line's when an indent makes it
    differ. A space at the end of a line hangs into the margin, so it never forces a break; a
    word wider than the line is broken between characters. A "\\n" in a run is a line break.
    """
    lines = 0
    segment: list[tuple[str, Face]] = []
    for text, face in runs:
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n > 0:
                lines += _segment_lines(tuple(segment), width, first_width if lines == 0 else None)
                segment = []
            segment.append((part, face))
    return lines + _segment_lines(tuple(segment), width, first_width if lines == 0 else None)


def _segment_lines(runs: Runs, width: float, first_width: float | None) -> int:
    avail = (width if first_width is None else first_width) - LINE_SLACK
    rest = width - LINE_SLACK
    lines, used = 1, 0.0
    for space, w in _words(runs):
        glue = space if used > 0 else 0.0
        if used + glue + w <= avail:
            used += glue + w
        elif w > rest:
            extra = used + glue + w
            lines += int(extra // rest)
            used = extra % rest
            avail = rest
        else:
            lines += 1
            used = w
            avail = rest
    return lines
