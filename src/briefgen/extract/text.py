"""Cutting an article's paragraphs into sentences and clauses, without losing where they are.

Every piece is a (start, end) slice of the article's text: an excerpt is always what the
source says, character for character, and `check` finds it after folding whitespace.
"""
from __future__ import annotations

import re
import unicodedata

from briefgen.extract.article import Span
from briefgen.pack.sources import fold

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(("mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "sen", "rep", "gov",
                            "no", "ts", "ths", "pgs", "gs", "tp", "u.s", "u.n", "u.k", "e.g", "i.e", "vs",
                            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                            "dec", "inc", "ltd", "co", "corp", "mt", "ft", "p", "pp"))
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[^\W\d_]|\s+\d|\s*$)")


# A "sentence" longer than this is not prose (a table, a list pasted as one line): it is read in
# pieces of at most this length, which keeps every pattern's time bounded on hostile text.
LONGEST_SENTENCE = 2000


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of one paragraph."""
    out: list[Span] = []
    start = span.start
    piece = text[span.start:span.end]
    for m in _SENTENCE_END.finditer(piece):
        end = span.start + m.end()
        word = re.search(r"([^\W\d_][\w.]*)[.]$", text[start:span.start + m.start() + 1])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS and m.group().startswith("."):
            continue
        if end - start > 1 and text[start:end].strip():
            out.append(_trim(text, Span(start, end)))
        start = end
    if text[start:span.end].strip():
        out.append(_trim(text, Span(start, span.end)))
    return [piece for s in out for piece in _bounded(text, s)]


def _bounded(text: str, span: Span) -> list[Span]:
    """A sentence longer than LONGEST_SENTENCE cut at spaces into pieces that are not."""
    out: list[Span] = []
    start = span.start
    while span.end - start > LONGEST_SENTENCE:
        cut = text.rfind(" ", start + 1, start + LONGEST_SENTENCE)
        cut = cut if cut > start else start + LONGEST_SENTENCE
        out.append(Span(start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    out.append(Span(start, span.end))
    return out


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[-–—]\s|\(|\)")


def clause_around(text: str, sentence: Span, start: int, end: int, min_words: int = 4) -> Span:
    """The clause of `sentence` holding text[start:end], widened to the neighbouring clauses while
    it has fewer than `min_words` words (a lone "21 quốc gia châu Phi" says too little)."""
    piece = text[sentence.start:sentence.end]
    breaks = [(sentence.start + m.start(), sentence.start + m.end()) for m in _CLAUSE_BREAK.finditer(piece)]
    left = [b for b in breaks if b[1] <= start]
    right = [b for b in breaks if b[0] >= end]
    lo = left[-1][1] if left else sentence.start
    hi = right[0][0] if right else sentence.end
    li, ri = len(left) - 1, 0
    while len(text[lo:hi].split()) < min_words and (li >= 0 or ri < len(right)):
        if ri < len(right):
            ri += 1
            hi = right[ri][0] if ri < len(right) else sentence.end
        elif li >= 0:
            li -= 1
            lo = left[li][1] if li >= 0 else sentence.start
    return _trim(text, Span(lo, hi))


def excerpt(text: str, span: Span) -> str:
    """The words of text[span] as `check` compares them: NFC, one space for each run of whitespace."""
    return fold(text[span.start:span.end]).strip(" ,;")


def slug(words: str, limit: int = 6) -> str:
    """An id-safe ASCII slug of the first few words: "Nguyễn Minh Vũ" -> "nguyen-minh-vu"."""
    plain = unicodedata.normalize("NFKD", words.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    parts = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(parts[:limit])
