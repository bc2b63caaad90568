"""Words and formats of each briefing language: labels, numbers, money, dates.

CLDR (extracted from Babel into `cldr_data`) gives separators; the newsroom style on top is ours:
"hơn 2.500" / "more than 2,500", "6,6 triệu USD" / "USD 6.6 million",
"ngày 26/10/2025" / "26 October 2025". All arithmetic is Decimal: a fact is never
rounded, so a scale word is used only when the scaled number is exact.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

LANGUAGES = ("vi", "en")
WORD_LANG_TAGS = {"vi": "vi-VN", "en": "en-GB"}
BABEL_LOCALES = {"vi": "vi", "en": "en_GB"}

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "numbers": "Số liệu chính",
        "quotes": "Phát biểu",
        "positions": "Lập trường các nước",
        "summits": "Các hội nghị quốc tế từng đăng cai",
        "sources": "Nguồn",
        "as_of": "Cập nhật",
        "translated": "(dịch)",
        "unverified": "chưa kiểm chứng",
        "verified_by": "Kiểm chứng",
        "source": "Nguồn",
        "excerpt": "Trích",
        "new": "mới",
        "updated": "cập nhật",
    },
    "en": {
        "numbers": "Key numbers",
        "quotes": "Quotes",
        "positions": "Country positions",
        "summits": "Summits hosted",
        "sources": "Sources",
        "as_of": "As of",
        "translated": "(translated)",
        "unverified": "unverified",
        "verified_by": "Verified by",
        "source": "Source",
        "excerpt": "Excerpt",
        "new": "new",
        "updated": "updated",
    },
}

APPROX_WORDS = {
    "vi": {"exact": "", "more_than": "hơn", "at_least": "ít nhất", "nearly": "gần", "about": "khoảng"},
    "en": {"exact": "", "more_than": "more than", "at_least": "at least", "nearly": "nearly",
           "about": "about"},
}
SCALES = {"vi": ((9, "tỷ"), (6, "triệu")), "en": ((9, "billion"), (6, "million"))}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
QUOTES_MARKS = {"vi": ("“", "”"), "en": ("“", "”")}


def label(lang: str, key: str) -> str:
    return LABELS[lang][key]


def format_decimal(value: Decimal, lang: str) -> str:
    """Digits with the language's separators, every decimal kept: 2.500 / 2,500; 6,6 / 6.6.

    Babel's `format_decimal(value, locale, decimal_quantization=False)` with the CLDR pattern
    #,##0.###, done here with the symbols of `cldr_data`: loading a CLDR locale through Babel
    cost a cold build more than the rest of its work. tests/test_i18n_numbers.py holds this
    equal to Babel on generated values.
    """
    from briefgen.pack.cldr_data import NUMBER_SYMBOLS

    decimal_symbol, group_symbol, minus = NUMBER_SYMBOLS[lang]
    digits = format(value.normalize(), "f")  # trailing zeros dropped, as Babel does; never an exponent
    sign = minus if digits.startswith("-") else ""
    whole, _, fraction = digits.lstrip("-").partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)]
    text = sign + group_symbol.join(groups)
    return f"{text}{decimal_symbol}{fraction}" if fraction else text


def _scaled(value: Decimal, lang: str) -> tuple[Decimal, str] | None:
    """(6.6, 'triệu') for 6600000, when the scaled number is exact with at most two decimals."""
    for exp, word in SCALES[lang]:
        if abs(value) >= Decimal(10) ** exp:
            scaled = value.scaleb(-exp).normalize()
            exponent = scaled.as_tuple().exponent
            assert isinstance(exponent, int)
            if exponent >= -2:
                return scaled, word
    return None


def format_amount(value: Decimal, lang: str) -> str:
    """A number in newsroom style, with a scale word when exact: 6,6 triệu / 6.6 million / 2.500."""
    scaled = _scaled(value, lang)
    if scaled is None:
        return format_decimal(value, lang)
    return f"{format_decimal(scaled[0], lang)} {scaled[1]}"


def format_money(value: Decimal, currency: str, lang: str) -> str:
    """'6,6 triệu USD' in Vietnamese, 'USD 6.6 million' in English."""
    amount = format_amount(value, lang)
    return f"{amount} {currency}" if lang == "vi" else f"{currency} {amount}"


def format_quantity(value: Decimal, approx: str, lang: str, unit: str | None = None,
                    currency: str | None = None) -> str:
    """The printed number: 'hơn 2.500 đại biểu', 'more than 2,500 delegates', '6,6 triệu USD'."""
    body = format_money(value, currency, lang) if currency else format_amount(value, lang)
    if unit:
        body = f"{body} {unit}"
    word = APPROX_WORDS[lang][approx]
    return f"{word} {body}" if word else body


def format_date(day: date, lang: str) -> str:
    """'ngày 26/10/2025' / '26 October 2025'."""
    if lang == "vi":
        return f"ngày {day.day}/{day.month}/{day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def quote_marks(text: str, lang: str) -> str:
    opening, closing = QUOTES_MARKS[lang]
    return f"{opening}{text}{closing}"
