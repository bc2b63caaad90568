"""Read the numbers written in a text, the way its own language writes them.

Fact-checkers compare a pack's `value: 2500` with the source's words: in Vietnamese
"2.500" is two thousand five hundred and "6,6 triệu" six million six hundred thousand;
in English the separators swap. A number is found with the qualifier written before
it ("hơn", "gần", "more than"), so `approx` can be compared too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_VI_NUM = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d])")
_EN_NUM = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")

_SCALES = {
    "vi": {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9},
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "m": 6, "bn": 9},
}
_WORDS = {
    # "năm" (also "year") and "tư" (also "private") are left out: they would match almost anything.
    "vi": {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12},
}
QUALIFIERS = {
    "vi": {"more_than": ("hơn", "trên"), "at_least": ("ít nhất", "tối thiểu", "không dưới"),
           "nearly": ("gần", "gần như", "xấp xỉ gần"), "about": ("khoảng", "chừng", "xấp xỉ", "ước tính")},
    "en": {"more_than": ("more than", "over", "above", "upwards of"),
           "at_least": ("at least", "a minimum of", "no fewer than", "no less than"),
           "nearly": ("nearly", "almost", "close to"),
           "about": ("about", "around", "approximately", "roughly", "some")},
}


@dataclass(frozen=True)
class FoundNumber:
    values: tuple[Decimal, ...]  # the number as written, and scaled by a word such as "triệu"
    qualifier: str  # one of model.APPROX
    text: str


def _to_decimal(raw: str, lang: str) -> Decimal:
    if lang == "vi":
        return Decimal(raw.replace(".", "").replace(",", "."))
    return Decimal(raw.replace(",", ""))


# Each language's qualifiers, longest first within each kind ("gần như" before "gần"): sorted once.
_BY_LENGTH = {lang: [(approx, sorted(words, key=len, reverse=True)) for approx, words in kinds.items()]
              for lang, kinds in QUALIFIERS.items()}
_WORD_RE = re.compile(r"[^\W\d_]+")
# The values number words can have, per language: most values are none of them.
_WORD_VALUES = {lang: {Decimal(v) for v in words.values()} for lang, words in _WORDS.items()}


def _qualifier(before: str, lang: str) -> str:
    tail = before.lower().rstrip()
    for approx, words in _BY_LENGTH.get(lang, _BY_LENGTH["en"]):
        for word in words:
            if tail.endswith(word) and (len(tail) == len(word) or not tail[-len(word) - 1].isalnum()):
                return approx
    return "exact"


def find_numbers(text: str, lang: str) -> list[FoundNumber]:
    """Every number in `text`, read with the conventions of `lang` (vi or en-style)."""
    return _find(text, lang, None)


def read_value(text: str, lang: str, value: Decimal) -> list[FoundNumber]:
    """The places in `text` where `value` is written (empty when it cannot be read there).

    The same as filtering `find_numbers`, but the qualifier is worked out only for the numbers
    that are `value`, and number words only looked for when `value` is one: `check` calls this
    for every excerpt of every number record.
    """
    return _find(text, lang, value)


def _find(text: str, lang: str, wanted: Decimal | None) -> list[FoundNumber]:
    rule = _VI_NUM if lang == "vi" else _EN_NUM
    scales = _SCALES.get(lang, _SCALES["en"])
    found: list[FoundNumber] = []
    for m in rule.finditer(text):
        value = _to_decimal(m.group(1), lang)
        values = [value]
        after = text[m.end():m.end() + 12].lower().lstrip()
        word = _WORD_RE.match(after)
        if word and word.group() in scales:
            values.append(value.scaleb(scales[word.group()]))
        if wanted is not None and wanted not in values:
            continue
        found.append(FoundNumber(tuple(values), _qualifier(text[max(0, m.start() - 24):m.start()], lang),
                                 m.group()))
    words = _WORDS.get(lang, _WORDS["en"])
    if wanted is not None and wanted not in _WORD_VALUES.get(lang, _WORD_VALUES["en"]):
        return found
    for m in _WORD_RE.finditer(text):
        w = m.group().lower()
        if w in words and (wanted is None or wanted == words[w]):
            qualifier = _qualifier(text[max(0, m.start() - 24):m.start()], lang)
            found.append(FoundNumber((Decimal(words[w]),), qualifier, m.group()))
    return found

