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
    start: int = 0  # where `text` is in the text searched (extract uses it to cut evidence)
    end: int = 0
    scale: str = ""  # the scale word after the number ("triệu", "million"), when there is one


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
                                 m.group(), m.start(), m.end(),
                                 word.group() if len(values) > 1 and word else ""))
    words = _WORDS.get(lang, _WORDS["en"])
    if wanted is not None and wanted not in _WORD_VALUES.get(lang, _WORD_VALUES["en"]) \
            and not _COMPOUND_HINT[lang if lang in _COMPOUND_HINT else "en"].search(text):
        return found
    for start, end, value in _number_words(text, lang, words):
        if wanted is None or wanted == value:
            found.append(FoundNumber((value,), _qualifier(text[max(0, start - 24):start], lang),
                                     text[start:end], start, end))
    return found


# Compound number words: "Seventy-two", "one hundred and five", "bảy mươi hai", "hai trăm".
_TENS = {"en": {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                "eighty": 80, "ninety": 90},
         "vi": {}}
_TEENS_EN = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
             "eighteen": 18, "nineteen": 19}
_MULTIPLIERS = {"en": {"hundred": 100, "thousand": 1000}, "vi": {"trăm": 100, "nghìn": 1000, "ngàn": 1000}}
# After "mươi"/"mười" Vietnamese says "mốt" for 1, "tư" for 4 and "lăm" for 5.
_VI_AFTER_TENS = {"mốt": 1, "tư": 4, "lăm": 5}
_COMPOUND_HINT = {"en": re.compile(r"(?i)\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                                   r"thousand|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"),
                  "vi": re.compile(r"(?i)\b(?:mươi|mười|trăm|nghìn|ngàn)\b")}


# The words a run of number words can start with, per language.
_STARTERS = {"en": frozenset(_WORDS["en"]) | frozenset(_TENS["en"]) | frozenset(_TEENS_EN),
             "vi": frozenset(_WORDS["vi"]) | {"mười"}}


def _number_words(text: str, lang: str, words: dict[str, int]) -> list[tuple[int, int, Decimal]]:
    """Every run of number words, read as one number: (start, end, value)."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    out: list[tuple[int, int, Decimal]] = []
    starts = _STARTERS.get(lang, _STARTERS["en"])
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in starts:  # most words are no number: skip them without reading on
            i += 1
            continue
        j, value = _read_words(text, tokens, i, lang, words)
        if j > i:
            out.append((tokens[i][0], tokens[j - 1][1], Decimal(value)))
            i = j
        else:
            i += 1
    return out


def _unit_value(word: str, lang: str, words: dict[str, int]) -> int | None:
    if lang == "en":
        return words.get(word, _TEENS_EN.get(word, _TENS["en"].get(word)))
    return words.get(word)


def _read_words(text: str, tokens: list[tuple[int, int, str]], i: int, lang: str,
                words: dict[str, int]) -> tuple[int, int]:
    """The number words from token i on: the index after them and their value (i, 0 if none)."""
    total, current, j = 0, 0, i
    multipliers = _MULTIPLIERS.get(lang, _MULTIPLIERS["en"])
    while j < len(tokens):
        word = tokens[j][2]
        if j > i:
            gap = text[tokens[j - 1][1]:tokens[j][0]]
            if gap not in (" ", "-"):
                break
        if lang == "vi" and word in ("mươi", "mười"):
            if word == "mười" and current == 0:
                current = 10
            elif word == "mươi" and 2 <= current <= 9:
                current *= 10
            else:
                break
            joined = j + 1 < len(tokens) and text[tokens[j][1]:tokens[j + 1][0]] == " "
            nxt = tokens[j + 1][2] if joined else ""
            after = _VI_AFTER_TENS.get(nxt, words.get(nxt) if nxt not in ("mười", "một") else None)
            if nxt == "một" and word == "mươi":
                after = 1
            if after is not None and 1 <= after <= 9:
                current += after
                j += 1
            j += 1
            continue
        if word in multipliers and j > i and current:
            current *= multipliers[word]
            if multipliers[word] >= 1000:
                total, current = total + current, 0
            j += 1
            continue
        if lang == "en" and word == "and" and current and current % 100 == 0:
            j += 1
            continue
        value = _unit_value(word, lang, words)
        if value is None or (current % 10 != 0 and current) or (current and value >= current % 100 and
                                                                current % 100 != 0 and value >= 10):
            break
        if current and current % 100 == 0 and value >= 100:
            break
        current += value
        j += 1
    if lang == "en" and j > i and tokens[j - 1][2] == "and":
        j -= 1
    return (j, total + current) if j > i else (i, 0)

