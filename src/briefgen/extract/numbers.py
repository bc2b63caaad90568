"""Number candidates: every figure a briefing could use, read with `numparse` (the grammar `check` uses).

numparse reads every number; this module decides which are figures. Dates, times, ranges,
years, ordinals ("lần thứ 5"), identifiers ("A05", "ASEM-5", "568/TB-VPCP", "AIPA 41") and phone
numbers are not. What is left gets its qualifier (approx), unit or currency, a label from the
words around it, and the clause it stands in as evidence: `check` reads the same value there.
"""
from __future__ import annotations

import re
from decimal import Decimal

from briefgen.extract.article import Article, Span
from briefgen.extract.candidates import Found, NumberCandidate
from briefgen.extract.text import clause_around, excerpt, sentences
from briefgen.pack.numparse import QUALIFIERS, FoundNumber, find_numbers, read_value

_APPROX_WORDS = {"exact": "", "more_than": "more than", "at_least": "at least", "nearly": "nearly",
                 "about": "about"}

# A word right before the number that makes it a date, an ordinal or an identifier.
_NOT_A_COUNT_BEFORE = {
    "vi": {"ngày", "tháng", "năm", "hôm", "thứ", "số", "khóa", "khoá", "kỳ", "điều", "khoản", "chương",
           "mục", "lần", "lúc", "phiên bản", "quyết định", "nghị quyết", "thông báo", "công văn", "đường",
           "phố", "phòng", "tầng", "quận", "phường", "bão", "hotline", "đt", "điện thoại", "fax", "mã",
           "lô", "kho", "cấp", "top"},
    "en": {"no", "number", "article", "section", "chapter", "page", "room", "resolution", "highway",
           "route", "flight", "gate", "platform", "version", "level", "grade", "class", "hotline", "tel",
           "phone", "fax", "code", "unit", "floor", "street", "district", "ward", "top", "since", "until",
           "in", "by", "from", "summer", "winter", "spring", "autumn", "fall", "early", "late", "mid"},
}
_MONTHS_EN = ("january|february|march|april|may|june|july|august|september|october|november|december|"
              "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_BEFORE = re.compile(rf"(?i)\b(?:{_MONTHS_EN})\.?\s*$")
_MONTH_AFTER = re.compile(rf"(?i)^\s*(?:{_MONTHS_EN})\b")
_DATE_OR_RANGE_AFTER = re.compile(r"^(?:[/:]\d|\s?[-–]\s?\d|/[^\W\d_]|[.]\d{1,2}[.]\d)")
_DATE_OR_RANGE_BEFORE = re.compile(r"\d\s?[-–/:]\s?$|\d[.]$")
_ATTACHED_UNITS = {"m", "cm", "km", "kg", "g", "ha", "mm", "mw", "gw", "kw", "kwh", "bn", "m2", "m3", "km2",
                   "tr", "t", "s"}
_CURRENCY_CODES = {"USD", "VND", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "SGD", "AUD", "CAD", "CHF", "INR"}
_CURRENCY_BEFORE = re.compile(r"(US\$|\$|€|£|¥|\b(?:USD|EUR|VND|GBP|JPY|CNY|AUD|SGD)\s?)$")
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_AFTER = re.compile(r"(?i)^\s*(USD|VND|VNĐ|EUR|JPY|CNY|GBP|KRW|THB|SGD|AUD|đô la Mỹ|đô la|USD|đồng|"
                             r"euro|"
                             r"euros|yên|won|nhân dân tệ|bảng Anh|US dollars|dollars|dollar|yen|pounds)\b")
_CURRENCY_WORDS = {"vnđ": "VND", "đô la mỹ": "USD", "đô la": "USD", "đồng": "VND", "euro": "EUR",
                   "euros": "EUR",
                   "yên": "JPY", "won": "KRW", "nhân dân tệ": "CNY", "bảng anh": "GBP", "us dollars": "USD",
                   "dollars": "USD", "dollar": "USD", "yen": "JPY", "pounds": "GBP"}
_PERCENT_AFTER = re.compile(r"(?i)^\s?(?:%|phần trăm\b|percent\b|per cent\b)")
_PHONE = re.compile(r"(?<![\w.,])(?:\+\d{1,3}[ .-]?|0)\d{1,4}(?:[ .-]\d{2,4}){1,4}(?!\w)")
_STOP = {
    "vi": {"đã", "sẽ", "đang", "được", "bị", "của", "và", "cùng", "với", "trong", "từ", "đến", "tại", "ở",
           "là", "có", "cho", "này", "đó", "khi", "mà", "thì", "để", "về", "theo", "như", "nhưng", "hay",
           "hoặc", "vào", "ra", "qua", "trên", "dưới", "sau", "trước", "gồm", "nhằm", "chính", "thức",
           "ngay", "đều", "vẫn", "còn"},
    "en": {"of", "from", "in", "at", "to", "and", "or", "the", "a", "an", "were", "was", "had", "have",
           "has", "will", "would", "is", "are", "be", "been", "that", "which", "who", "for", "on", "with",
           "by", "as", "per", "than", "more", "over", "this", "these", "those", "its", "their", "it",
           "they", "we", "he", "she", "said", "says", "already", "also", "all"},
}


def number_candidates(article: Article) -> list[NumberCandidate]:
    """Every figure of the article's body, in reading order, one candidate per mention."""
    text, lang = article.text, article.lang
    found: list[NumberCandidate] = []
    for paragraph in article.body:
        for sentence in sentences(text, paragraph):
            found += _in_sentence(article, sentence, text[sentence.start:sentence.end], lang)
    return found


def _in_sentence(article: Article, sentence: Span, s: str, lang: str) -> list[NumberCandidate]:
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(s) if sum(c.isdigit() for c in m.group()) >= 8]
    out: list[NumberCandidate] = []
    for n in sorted(find_numbers(s, lang), key=lambda f: f.start):
        if any(a <= n.start < b for a, b in phones) or not _is_a_figure(s, n, lang):
            continue
        value = n.values[-1]
        after = s[n.end:n.end + 120]
        if n.scale:
            after = after[after.lower().find(n.scale) + len(n.scale):]
        unit, currency = _unit(s[max(0, n.start - 12):n.start], after, lang)
        clause = clause_around(article.text, sentence, sentence.start + n.start, sentence.start + n.end)
        words = excerpt(article.text, clause)
        readings = read_value(words, lang, value)
        if not readings or all(r.qualifier != n.qualifier for r in readings):
            clause = sentence
            words = excerpt(article.text, clause)
            if not read_value(words, lang, value):
                continue
        written = _written(s, n, lang)
        how = ("number word" if n.text[:1].isalpha() else "figure") + f" “{written}”"
        if n.qualifier != "exact":
            how += f" (approx {n.qualifier}: '{_APPROX_WORDS[n.qualifier]}')"
        evidence = [Found(article, clause, words)]
        out.append(NumberCandidate(value, n.qualifier, unit, currency, _label(words), evidence,
                                   written, how))
    return out


def _written(s: str, n: FoundNumber, lang: str) -> str:
    """The figure with its qualifier, as the article writes it: "hơn 2.500", "some 3.5"."""
    if n.qualifier == "exact":
        return n.text
    before = s[max(0, n.start - 24):n.start]
    words = QUALIFIERS.get(lang, QUALIFIERS["en"])[n.qualifier]
    at = max((before.lower().rfind(w) for w in words), default=-1)
    return (before[at:] if at >= 0 else "") + n.text


def _is_a_figure(s: str, n: FoundNumber, lang: str) -> bool:
    # What a rule looks at is near the number: a bounded window keeps each test short.
    before, after = s[max(0, n.start - 80):n.start], s[n.end:n.end + 80]
    raw = n.text
    if raw[:1].isalpha():
        return _word_is_a_figure(s, n, lang)
    if before[-1:].isalpha() or (before[-1:] in "-_" and before[-2:-1].isalnum()):
        return False  # A05, P4G, ASEM-5, Covid-19
    attached = re.match(r"[^\W\d_][\w]*", after)
    if attached and attached.group().lower() not in _ATTACHED_UNITS and not n.scale:
        return False  # 4G, 5th, 10x
    if _DATE_OR_RANGE_AFTER.match(after) or _DATE_OR_RANGE_BEFORE.search(before):
        return False  # 26/10, 25-26/10, 06:19, 70-100, 2022-2024
    if re.fullmatch(r"0\d+", raw):
        return False  # a code or a phone number
    if re.fullmatch(r"\d{4}", raw) and 1800 <= int(raw) <= 2100 and not n.scale:
        return False  # a year: years go to summits and dates
    prev = re.search(r"([^\W\d_]+(?:\s[^\W\d_]+)?)\s*$", before)
    if prev:
        last = prev.group(1).split()[-1]
        pair = prev.group(1).lower()
        not_counts = _NOT_A_COUNT_BEFORE.get(lang, set())
        if last.lower() in not_counts or pair in not_counts:
            return False
        if len(last) >= 2 and last.isupper() and last not in _CURRENCY_CODES and before.endswith(" "):
            return False  # AIPA 41, CEO 500, UNCTAD 16
    if lang == "en" and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)):
        return False  # October 26, 26 October
    # "10 tháng 3", "5th": a date, an ordinal
    return not (re.match(r"(?i)^\s*(?:tháng|giờ\s+\d|h\d)", after)
                or re.match(r"(?i)^(?:st|nd|rd|th)\b", after))


def _word_is_a_figure(s: str, n: FoundNumber, lang: str) -> bool:
    value = n.values[0]
    if value < 2:
        return False  # "một", "one": "a", not a count
    before = s[max(0, n.start - 40):n.start].rstrip().lower()
    if re.search(r"(?:thứ|lần|số|the|a)$", before) and not (lang == "en" and value > 12):
        return False  # thứ hai (second, Monday), lần thứ ba
    if n.text[:1].isupper() and before[-1:].isalnum():
        return False  # a name: Ba Đình, Hai (a given name)
    # A number word needs the thing it counts after it ("ba định hướng", "three lines").
    nxt = re.match(r"\s+([^\W\d_]+)", s[n.end:n.end + 60])
    return bool(nxt) and nxt is not None and nxt.group(1).lower() not in _STOP.get(lang, set()) - {"more"}


def _unit(before: str, after: str, lang: str) -> tuple[str | None, str | None]:
    """(unit, currency): "%", a currency code, or the words that say what is counted."""
    if _PERCENT_AFTER.match(after):
        return "%", None
    sym = _CURRENCY_BEFORE.search(before)
    if sym:
        token = sym.group(1).strip()
        return None, _SYMBOLS.get(token, token)
    cur = _CURRENCY_AFTER.match(after)
    if cur:
        word = cur.group(1)
        return None, word if word in _CURRENCY_CODES else _CURRENCY_WORDS.get(word.lower(), word.upper())
    words: list[str] = []
    prev_end = 0
    limit = 2
    for m in re.finditer(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)", after):
        if m.start() != prev_end:
            break
        word = m.group(1)
        if word.lower() in _STOP.get(lang, set()) or (words and word[:1].isupper()) or len(words) >= limit:
            break
        if lang == "en" and words and not word.endswith("s"):
            break
        words.append(word)
        prev_end = m.end()
    return (" ".join(words) if words else None), None


def _label(words: str) -> str:
    """The clause, shortened: the label a fact-checker rewrites."""
    words = words.rstrip(" .;:")
    if len(words) <= 120:
        return words
    return words[:117].rsplit(" ", 1)[0] + " …"


def merge_numbers(found: list[NumberCandidate]) -> list[NumberCandidate]:
    """One candidate per figure: the same value, approx and unit said again (in one article or
    several of the same date) becomes one record with every excerpt as evidence."""
    merged: dict[tuple[object, ...], NumberCandidate] = {}
    seen: set[tuple[tuple[object, ...], str, str]] = set()
    for c in found:
        first = c.evidence[0]
        key = (c.value, c.approx, (c.unit or "").casefold(), c.currency, first.article.published,
               first.article.published is None and first.article.name)
        mention = (key, first.article.name, first.excerpt)
        if mention in seen:
            continue
        seen.add(mention)
        if key not in merged:
            merged[key] = c
        else:
            merged[key].evidence.append(first)
    return list(merged.values())


def plain(value: Decimal) -> str:
    """The value as FORMAT.md writes it: no exponent, no trailing zeros ("6600000", "6.6")."""
    text = format(value.normalize(), "f")
    return text
