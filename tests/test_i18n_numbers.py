"""Numbers print as CLDR (Babel) prints them, from briefgen's own extract of CLDR."""
from __future__ import annotations

from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_decimal as babel_format_decimal
from hypothesis import given
from hypothesis import strategies as st

from briefgen.i18n import BABEL_LOCALES, LANGUAGES, format_decimal, format_money, format_quantity
from briefgen.pack.cldr_data import NUMBER_SYMBOLS


def babel(value: Decimal, lang: str) -> str:
    return str(babel_format_decimal(value, locale=BABEL_LOCALES[lang], decimal_quantization=False))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_extracted_symbols_equal_babels(lang: str) -> None:
    locale = Locale.parse(BABEL_LOCALES[lang])
    symbols = locale.number_symbols["latn"]
    assert NUMBER_SYMBOLS[lang] == (symbols["decimal"], symbols["group"], symbols["minusSign"])
    assert locale.decimal_formats[None].pattern == "#,##0.###"


@pytest.mark.parametrize(("value", "vi", "en"), [
    ("2500", "2.500", "2,500"),
    ("6.6", "6,6", "6.6"),
    ("6.60", "6,6", "6.6"),
    ("0.000", "0", "0"),
    ("-1234.5", "-1.234,5", "-1,234.5"),
    ("2.50E+3", "2.500", "2,500"),
    ("1234567.891234", "1.234.567,891234", "1,234,567.891234"),
    ("1e-7", "0,0000001", "0.0000001"),
    ("123", "123", "123"),
    ("1000000", "1.000.000", "1,000,000"),
])
def test_newsroom_examples(value: str, vi: str, en: str) -> None:
    assert (format_decimal(Decimal(value), "vi"), format_decimal(Decimal(value), "en")) == (vi, en)
    assert (babel(Decimal(value), "vi"), babel(Decimal(value), "en")) == (vi, en)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**15, max_value=10**15),
       st.sampled_from(LANGUAGES))
def test_format_decimal_equals_babel(value: Decimal, lang: str) -> None:
    assert format_decimal(value, lang) == babel(value, lang)


@given(st.integers(min_value=-10**6, max_value=10**12), st.integers(min_value=0, max_value=8),
       st.sampled_from(LANGUAGES))
def test_scaled_values_equal_babel(mantissa: int, places: int, lang: str) -> None:
    value = Decimal(mantissa).scaleb(-places)
    assert format_decimal(value, lang) == babel(value, lang)


def test_money_and_quantities_in_both_languages() -> None:
    assert format_money(Decimal(6600000), "USD", "vi") == "6,6 triệu USD"
    assert format_money(Decimal(6600000), "USD", "en") == "USD 6.6 million"
    assert format_quantity(Decimal(2500), "more_than", "vi", "đại biểu") == "hơn 2.500 đại biểu"
    assert format_quantity(Decimal(2500), "more_than", "en", "delegates") == "more than 2,500 delegates"
