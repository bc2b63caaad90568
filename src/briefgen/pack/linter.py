"""The lint pass over a pack's texts: each text's own warnings (lint.py), and tone placement.

Tone placement is the one lint that compares texts: a word written with its tone mark on
different vowels (`hoà` / `hòa`, `thuỷ` / `thủy`). Old- and new-style placement are both
correct, but a briefing should use one, so every word is compared with its *first spelling*
anywhere earlier in the pack: pack.yaml first, then the record files in order.

A pack can also be read in parts, each part some of the record files, in pack order, each part
read on its own (`check_parts.py`: at the same time, on two cores). Every part starts from
pack.yaml's first spellings. While a part's files are the pack's first ones, its verdicts are
final. Once another part's file comes in between (`after_gap`), the part cannot know what was
spelled there first: a text holding a word not spelled before the gap is kept as an `Open` entry
in its place among the findings, and `settle` decides it once every part's first spellings are
known. That gives exactly the findings one pass over the whole pack gives: a text that holds a
word comes at or after the word's first spelling anywhere in the pack, so that first spelling is
the one the single pass compares it with.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, cast

from briefgen.findings import Issue, issue
from briefgen.pack.lint import TextSpot, lint_spot, words

Key = tuple[str, tuple[str, ...]]  # a word without its tone marks (lowercase), and the marks
First = tuple[str, str, int, str]  # a word's first spelling: the word, and its file, line and field

# Fields that are not printed, or that must copy a source verbatim, are not linted for spelling:
# an excerpt (and a direct quote's words) must match the source even where it uses the other style.
_NOT_LINTED = ("note", "url", "file")
_VERBATIM = ("excerpt", "text")
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền, sắc, hỏi, ngã, nặng


def tone_key(word: str) -> Key | None:
    """The word without its tone marks (lowercase) and the marks: equal for hoà and hòa."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = tuple(c for c in nfd if c in _TONES)
    if not tones:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    if sum(1 for c in unicodedata.normalize("NFD", base) if c in "aeiouy") < 2:
        return None  # one vowel: the mark has only one place to go
    return base, tones


_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# A whole word holding a toned letter. The look-behind starts a try only where a word starts:
# without it the engine retries at every letter of every word that has no tone mark.
_TONED_WORD = re.compile(f"(?<![^\\W\\d_])[^\\W\\d_]*?[{_TONED}{_TONED.upper()}][^\\W\\d_]*")
_COMBINING = re.compile("[\u0300-\u036f]")


def _toned_words(text: str) -> list[str]:
    """The words of `text` that carry a tone mark: the only ones `tone_key` can key (a fast path
    for NFC text; text with combining marks goes through the full word split)."""
    if _COMBINING.search(text):
        return [word for _, word in words(text)]
    return _TONED_WORD.findall(text)


class Open(NamedTuple):
    """A text of a later part whose tone verdict waits for the parts before it: where it is, and
    its keyed words, each lowercase spelling once, in the text's order."""

    file: str
    line: int
    field: str
    record: str | None
    words: tuple[str, ...]


def _differs(word: str, first: First, file: str, line: int, field: str, record: str | None) -> Issue:
    return issue("structure", file, line, field,
                 f"‘{word}’ here and ‘{first[0]}’ at {first[1]}:{first[2]} ({first[3]}) are one word with "
                 "the tone mark on different vowels; write it one way throughout", record, severity="warning")


class Linter:
    """Warnings about a pack's texts, fed one file at a time so no file's texts are kept.

    `earlier`: the first spellings of what was read before (pack.yaml's, for a part of the
    pack). A part of the pack is fed with `add_part`, and `after_gap` is called before a file
    that does not follow the ones fed so far (see the module's docstring).
    """

    def __init__(self, earlier: Mapping[Key, First] | None = None) -> None:
        self.first_spelling: dict[Key, First] = dict(earlier or {})
        # Each distinct word's `tone_key`, worked out once: a pack repeats its words many times.
        self.keys: dict[str, Key | None] = {}
        self._known: frozenset[Key] | None = None  # the words spelled before the gap, once there is one
        self._same: dict[str, str] = {}

    def add(self, spots: Iterable[TextSpot]) -> list[Issue]:
        """The findings of these texts (of the whole pack, read in order), in text order."""
        assert self._known is None, "after a gap, texts are fed with add_part"
        return cast(list[Issue], self._entries(spots))  # before a gap, never an Open entry

    def add_part(self, spots: Iterable[TextSpot]) -> list[Issue | Open]:
        """A part's findings, in text order, with an `Open` entry where `settle` decides."""
        return self._entries(spots)

    def after_gap(self) -> None:
        """Files this linter is not fed come before the next texts: the verdicts on words not
        spelled so far wait for `settle`."""
        if self._known is None:
            self._known = frozenset(self.first_spelling)

    def _entries(self, spots: Iterable[TextSpot]) -> list[Issue | Open]:
        out: list[Issue | Open] = []
        known = self._known
        for spot in spots:
            leaf = spot.field.rsplit(".", 1)[-1]
            if leaf in _NOT_LINTED:
                continue
            out += lint_spot(spot)
            if leaf in _VERBATIM:
                continue
            toned = _toned_words(spot.text)
            if not toned:
                continue
            if known is not None:
                opened = self._opened(spot, toned, known)
                if opened is not None:
                    out.append(opened)
                    continue
            out += self._tones(spot, toned)
        return out

    def _key(self, word: str) -> Key | None:
        keys = self.keys
        return keys[word] if word in keys else keys.setdefault(word, tone_key(word))

    def _tones(self, spot: TextSpot, toned: list[str]) -> list[Issue]:
        out: list[Issue] = []
        first_spelling = self.first_spelling
        reported: set[str] = set()
        for word in toned:
            key = self._key(word)
            if key is None:
                continue
            first = first_spelling.setdefault(key, (word, spot.file, spot.line, spot.field))
            # `first[0] == word` first: nearly every word is spelled as it was the first time.
            if first[0] != word and first[0].lower() != word.lower() and word.lower() not in reported:
                reported.add(word.lower())
                out.append(_differs(word, first, spot.file, spot.line, spot.field, spot.record))
        return out

    def _opened(self, spot: TextSpot, toned: list[str], known: frozenset[Key]) -> Open | None:
        """The spot as an `Open` entry if a word's verdict depends on the parts before this one;
        this part's own first spellings are remembered as the single pass would."""
        spelled: dict[str, str] = {}
        waits = False
        for word in toned:
            key = self._key(word)
            if key is None:
                continue
            if key not in known:
                waits = True
                self.first_spelling.setdefault(key, (word, spot.file, spot.line, spot.field))
            spelled.setdefault(word.lower(), word)
        if not waits:
            return None
        # One object for each repeated field name and word: pickle then sends each once.
        same = self._same
        return Open(spot.file, spot.line, same.setdefault(spot.field, spot.field), spot.record,
                    tuple(same.setdefault(word, word) for word in spelled.values()))


def settle(earlier: Mapping[Key, First], parts: Sequence[tuple[Mapping[Key, First], list[Issue | Open]]],
           files: Sequence[str]) -> list[Issue]:
    """The findings of parts read apart: once sorted by place, what one pass over the pack gives.

    `earlier`: pack.yaml's first spellings; `parts`: each part's first spellings (its linter's
    `first_spelling`) and entries; `files`: the record files in the order one pass reads them.
    A word's first spelling is the one in the earliest file; each `Open` entry is decided
    against it, and its findings take its place.
    """
    rank = {file: n for n, file in enumerate(files)}
    found: dict[Key, First] = {}
    for spellings, _ in parts:
        for key, spelled in spellings.items():
            if key not in earlier and (key not in found or rank[spelled[1]] < rank[found[key][1]]):
                found[key] = spelled
    first = {**earlier, **found}
    keys: dict[str, Key | None] = {}
    out: list[Issue] = []
    for _, entries in parts:
        for entry in entries:
            if not isinstance(entry, Open):
                out.append(entry)
                continue
            for word in entry.words:
                word_key = keys[word] if word in keys else keys.setdefault(word, tone_key(word))
                assert word_key is not None, "an Open entry holds keyed words only"
                spelled = first[word_key]
                if spelled[0].lower() != word.lower():
                    out.append(_differs(word, spelled, entry.file, entry.line, entry.field, entry.record))
    return out
