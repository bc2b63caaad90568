"""Warnings that help editors: text that loads fine but is probably not what they meant.

Each finding is a `structure` warning: printed by `check` and `build` as
`file:line: field: warning: message`, never failing the exit status. What is looked for:

- look-alike letters: `Ð` (Icelandic eth) or `Ɖ` (African D) for the Vietnamese `Đ`, and
  Cyrillic or Greek letters inside Latin words (`Hа Nội` with a Cyrillic `а`);
- invisible characters (zero-width space, joiners, word joiner, a stray byte order mark);
- Vietnamese typed in a legacy 8-bit encoding (VNI, TCVN3/ABC) and saved as UTF-8, which
  reads as `Vieät Nam` or `ViÖt Nam`.

These look at one text at a time. The one warning that compares texts across the pack (a word
written with its tone mark on different vowels) and the pass over a pack's texts are in
`linter.py`. The functions here only read text; they never change it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from briefgen.findings import Issue, issue


class TextSpot(NamedTuple):
    """One text value as read from a pack file: where it is, and the text (NFC, not folded).

    A NamedTuple, not a dataclass: a large pack makes one per text, and a frozen dataclass
    costs several times as much to create.
    """

    file: str
    line: int
    field: str
    record: str | None
    text: str


# --- invisible characters ------------------------------------------------------------------------------

ZERO_WIDTH = {"\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
              "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (a byte order mark)",
              **{ch: unicodedata.name(ch, "deprecated format character")
                 for ch in "\u180e\u034f\u2061\u2062\u2063\u2064\ufff9\ufffa\ufffb"
                           "\u206a\u206b\u206c\u206d\u206e\u206f"}}


def _is_emoji_part(ch: str) -> bool:
    return (unicodedata.category(ch) == "So" or "\ufe00" <= ch <= "\ufe0f"
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def invisible_chars(text: str) -> list[int]:
    """0-based positions of zero-width characters, except a joiner inside an emoji sequence (👨‍👩‍👧)."""
    found = []
    for n, ch in enumerate(text):
        if ch not in ZERO_WIDTH:
            continue
        if (ch == "\u200d" and 0 < n < len(text) - 1
                and _is_emoji_part(text[n - 1]) and _is_emoji_part(text[n + 1])):
            continue
        found.append(n)
    return found


# --- words -------------------------------------------------------------------------------------------

_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")


def words(text: str) -> list[tuple[int, str]]:
    """(0-based start, word) for every run of letters and combining marks."""
    return [(m.start(), m.group()) for m in _WORD.finditer(text)]


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return ""


# Cyrillic and Greek letters that look like Latin ones in common fonts.
_LOOKS_LATIN = {
    "а": "a", "е": "e", "ё": "ë", "і": "i", "ј": "j", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "А": "A", "В": "B", "Е": "E", "І": "I",
    "Ј": "J", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    "Ѕ": "S", "Һ": "H", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "α": "a", "ρ": "p",
}
# Letters that look like the Vietnamese Đ/đ (U+0110/U+0111) but are not.
_FALSE_D = {"Ð": "Đ", "Ɖ": "Đ", "ð": "đ", "ɖ": "đ"}
# Marks only Vietnamese uses among Latin-script languages likely in a pack: hook above, dot below,
# horn, breve, circumflex. (Acute, grave and tilde are common in European names: Guðrún.)
_VI_MARKS = {"\u0309", "\u0323", "\u031b", "\u0306", "\u0302"}


def describe(ch: str) -> str:
    """`а (U+0430 CYRILLIC SMALL LETTER A)`: a character named so an editor can find it."""
    return f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def _looks_vietnamese(word: str) -> bool:
    return bool(set(unicodedata.normalize("NFD", word)) & _VI_MARKS)


def lookalike(word: str) -> tuple[int, str] | None:
    """(offset in word, message) for the first look-alike letter in `word`, if any."""
    for n, ch in enumerate(word):
        if ch in _FALSE_D:
            # Icelandic and Faroese write Ð/ð inside words (GUÐRÚN, Guðrún); a word-initial one, or
            # one in a word with Vietnamese letters, is a mistyped Đ/đ. Ɖ/ɖ are never right here.
            if ch in "Ðð" and n > 0 and not _looks_vietnamese(word):
                continue
            meant = _FALSE_D[ch]
            return n, (f"{describe(ch)} looks like the Vietnamese {meant} (U+{ord(meant):04X}) but is "
                       f"another letter; retype it as {meant}")
    scripts = {_script(c) for c in word} - {""}
    if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
        for n, ch in enumerate(word):
            if _script(ch) in ("CYRILLIC", "GREEK"):
                alike = f" looks like Latin {_LOOKS_LATIN[ch]} but" if ch in _LOOKS_LATIN else ""
                return n, (f"mixes Latin and {_script(ch).title()} letters: {describe(ch)}{alike} is not a "
                           "Latin letter; retype the word")
    return None


def _all_look_latin(word: str) -> bool:
    return len(word) >= 2 and all(c in _LOOKS_LATIN for c in word)


# --- legacy Vietnamese encodings read as UTF-8 ----------------------------------------------------------

# VNI writes a Vietnamese letter as an ASCII vowel followed by a mark byte; read as Windows-1252
# the marks are ø û ï (tones), ä å (circumflex + tone), ü ë (breve + tone), ö (ư), ñ (đ).
_VNI_MARK_AFTER = {
    "a": "äåøûïüë", "e": "äåøûï", "o": "äåø", "u": "øûï", "y": "øûï", "ô": "øûï", "ö": "ôøûïùõ",
}
_VNI_WEAK = {("a", "ï"), ("a", "ë"), ("e", "ï"), ("o", "û")}  # naïve, Raphaël, Citroën-like names
# TCVN3 (ABC) writes each lowercase Vietnamese vowel as one byte; read as Latin-1 many are symbols.
_TCVN3_SYMBOLS = "¡¢£¤¥¦¨©ª«¬µ¶·¸¹»¼½¾"
_TCVN3_INSIDE = "«»"  # ô, ằ: only between letters, else they are French quotation marks
_TCVN3_WEAK = "·ª\u00ad"
_TCVN3_INITIAL = "®§"  # đ, Đ: start a syllable
_LATIN1_UPPER = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
_LEGACY_WORD = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00bf\u0300-\u036f])+")


def _one_of(single: str, after_lower: str, after_vowel: str) -> re.Pattern[str]:
    """A search for any character of `single`, or of `after_lower` after a lowercase letter, or of
    `after_vowel` after a, e or o: what legacy-encoded text leaves (see `_legacy_marks`).

    Written as one character class followed by look-behinds, not as `[..]|[a-z][..]|..`: a pattern
    that starts with one class lets the regex engine skip the usual letters without trying each
    branch at every position (four times faster over a pack's texts).
    """
    return re.compile(f"[{single}{after_lower}{after_vowel}]"
                      f"(?:(?<=[{single}])|(?<=[a-zà-ÿ][{after_lower}])|(?<=[aeoAEO][{after_vowel}]))")


_LEGACY_SINGLE = "äåøûïüëöñõùÄÅØÛÏÜËÖÑÕÙ\u00a1-\u00bf\u00ad"
_LEGACY_AFTER_LOWER = "À-Þ"
_LEGACY_AFTER_VOWEL = "àáâãäåèéêëòóôõöÀÁÂÃÄÅÈÉÊËÒÓÔÕÖ"
_MAY_BE_LEGACY = _one_of(_LEGACY_SINGLE, _LEGACY_AFTER_LOWER, _LEGACY_AFTER_VOWEL)


def _legacy_marks(word: str) -> tuple[tuple[str, bool], ...]:
    """(encoding, strong) for each sign in `word` of VNI or TCVN3 text read as Latin-1."""
    if not any("a" <= c.lower() <= "z" for c in word):
        return ()
    found: list[tuple[str, bool]] = []
    for n, ch in enumerate(word):
        prev = word[n - 1] if n else ""
        nxt = word[n + 1] if n + 1 < len(word) else ""
        low, prev_low = ch.lower(), prev.lower()
        if prev_low in _VNI_MARK_AFTER and low in _VNI_MARK_AFTER[prev_low]:
            found.append(("VNI", (prev_low, low) not in _VNI_WEAK))
        elif prev_low in "aeo" and low != prev_low and unicodedata.normalize("NFD", low)[0] == prev_low:
            found.append(("VNI", True))  # "Traàn" (Trần): a vowel, then its own circumflex form
        elif low == "ñ" and n == 0 and nxt.lower() in "aeiouyö":
            found.append(("VNI", True))
        elif (ch in _TCVN3_SYMBOLS + "\u00ad" and prev.isascii() and prev.isalpha()
              and (ch not in _TCVN3_INSIDE or nxt.isalpha())):
            found.append(("TCVN3", ch not in _TCVN3_WEAK))
        elif ((ch in _TCVN3_INITIAL and nxt.isalpha() and not prev.isalpha())
              or (ch in _LATIN1_UPPER and prev.isalpha() and prev.islower())):
            found.append(("TCVN3", True))
    return tuple(found)


def legacy_vietnamese(text: str) -> tuple[str, str, int] | None:
    """(encoding, first word, number of words) when `text` reads like VNI or TCVN3 bytes shown as Latin-1.

    A single weak sign (the ï of "naïve", the ë of "Raphaël") is not enough; one strong sign
    ("Vieät", "ViÖt", "Hµ") or two weak ones are.
    """
    hits: list[tuple[str, str]] = []
    strong = False
    weak = 0
    for m in _LEGACY_WORD.finditer(text):
        if not _MAY_BE_LEGACY.search(m.group()):
            continue  # the common case: nothing in the word a legacy encoding would leave
        marks = _legacy_marks(m.group())
        if marks:
            hits.append((marks[0][0], m.group()))
            strong = strong or any(s for _, s in marks)
            weak += sum(1 for _, s in marks if not s)
    if not hits or not (strong or weak >= 2):
        return None
    return hits[0][0], hits[0][1], len(hits)


ENCODING_NAMES = {"VNI": "VNI", "TCVN3": "TCVN3 (ABC)"}


def legacy_vietnamese_bytes(data: bytes) -> tuple[str, str, int] | None:
    """`legacy_vietnamese` for a file that is not valid UTF-8: its UTF-8 parts read as UTF-8, and only
    the bytes that are not UTF-8 read as Latin-1 (how VNI and TCVN3 look in a Western code page)."""
    text = data.decode("utf-8", errors="surrogateescape")
    return legacy_vietnamese(re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), text))


# --- the lint pass -------------------------------------------------------------------------------------

def warning(spot: TextSpot, message: str) -> Issue:
    """A lint finding: a `structure` warning about the spot's text."""
    return issue("structure", spot.file, spot.line, spot.field, message, spot.record, severity="warning")


# Cheap tests that rule a text out of each check: most texts are plain Vietnamese or English.
_MAY_HIDE = re.compile("[" + "".join(ZERO_WIDTH) + "]")
_LOOK_ALIKE_CHARS = "\u0370-\u03ff\u0400-\u052f\u1f00-\u1fffÐƉðɖ"
_MAY_LOOK_ALIKE = re.compile(f"[{_LOOK_ALIKE_CHARS}]")
# All three at once: one search rules out the usual text.
_MAY_WARN = _one_of("".join(ZERO_WIDTH) + _LOOK_ALIKE_CHARS + _LEGACY_SINGLE, _LEGACY_AFTER_LOWER,
                    _LEGACY_AFTER_VOWEL)


# What `briefgen extract` writes where a draft still needs a person's words: a translation into
# another pack language, a title the article does not give. `check` warns until it is replaced.
DRAFT_PLACEHOLDER = "TODO"


def lint_spot(spot: TextSpot) -> list[Issue]:
    """Warnings about one text on its own."""
    todo = [warning(spot, f"a draft's placeholder ({visible(spot.text, 50)}): write the text")] \
        if spot.text.startswith(DRAFT_PLACEHOLDER) else []
    if not _MAY_WARN.search(spot.text):
        return todo
    out: list[Issue] = todo
    hidden = invisible_chars(spot.text) if _MAY_HIDE.search(spot.text) else []
    if hidden:
        first = spot.text[hidden[0]]
        more = f" (and {len(hidden) - 1} more)" if len(hidden) > 1 else ""
        out.append(warning(spot, f"invisible character U+{ord(first):04X} {ZERO_WIDTH[first]} at column "
                                 f"{hidden[0] + 1} of the text{more}; delete it: it breaks search and "
                                 "comparison"))
    if _MAY_LOOK_ALIKE.search(spot.text):
        out += _lookalikes(spot)
    legacy = legacy_vietnamese(spot.text) if _MAY_BE_LEGACY.search(spot.text) else None
    if legacy is not None:
        encoding, word, count = legacy
        more = f" (and {count - 1} more word{'s' if count > 2 else ''})" if count > 1 else ""
        name = ENCODING_NAMES[encoding]
        out.append(warning(spot, f"‘{word}’{more} looks like Vietnamese typed in the {name} encoding and "
                                 f"saved as UTF-8; convert the text from {name} to Unicode"))
    return out


def _lookalikes(spot: TextSpot) -> list[Issue]:
    out: list[Issue] = []
    foreign_letters = {c for c in spot.text if _script(c) in ("CYRILLIC", "GREEK") and c not in _LOOKS_LATIN}
    has_latin = any(_script(c) == "LATIN" for c in spot.text)
    for start, word in words(spot.text):
        found = lookalike(word)
        if found is not None:
            out.append(warning(spot, f"‘{word}’ at column {start + found[0] + 1}: {found[1]}"))
            break
        if _all_look_latin(word) and not foreign_letters and (has_latin or len(words(spot.text)) == 1):
            letters = ", ".join(describe(c) for c in dict.fromkeys(word))
            out.append(warning(spot, f"‘{word}’ at column {start + 1} is written with Cyrillic or Greek "
                                     f"letters that look like Latin ones ({letters}); retype it"))
            break
    return out


# --- showing a value in a one-line message ---------------------------------------------------------------

def visible(raw: str, limit: int = 60) -> str:
    """A value as a message may quote it: one line, invisible characters named, long values cut."""
    out = []
    for ch in raw:
        cat = unicodedata.category(ch)
        if ch == " ":
            out.append(ch)
        elif (cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (cat == "Zs" and ch != " ")
              or ch in ZERO_WIDTH):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def explain_code(raw: str) -> str:
    """Why a code (id, language, country) that looks right is refused: a look-alike or hidden character."""
    for n, ch in enumerate(raw):
        if ch in ZERO_WIDTH:
            return f"; it holds the invisible character U+{ord(ch):04X} {ZERO_WIDTH[ch]} at column {n + 1}"
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or (ch.isspace() and ch != " "):
            return (f"; it holds the invisible character U+{ord(ch):04X} (a line break or control "
                    f"character) at column {n + 1}")
        if ch in _LOOKS_LATIN or ch in _FALSE_D:
            return f"; it holds {describe(ch)} at column {n + 1}, which only looks like a Latin letter"
    return ""
