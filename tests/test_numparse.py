"""Reading numbers the way a source's own language writes them (vi: 2.500 and 6,6 triệu; en: 2,500 and 6.6 million)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from briefgen.pack.numparse import find_numbers, read_value


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # Vietnamese: '.' groups thousands, ',' marks decimals, scale words multiply.
    pytest.param("hơn 2.500 đại biểu", "vi", [((Decimal(2500),), "more_than", "2.500")], id="vi-grouped"),
    pytest.param("1.234.567 người", "vi", [((Decimal(1234567),), "exact", "1.234.567")], id="vi-grouped-twice"),
    pytest.param("6,6 triệu USD", "vi", [((Decimal("6.6"), Decimal(6600000)), "exact", "6,6")], id="vi-trieu"),
    pytest.param("gần 1,5 tỷ đồng", "vi", [((Decimal("1.5"), Decimal(1500000000)), "nearly", "1,5")],
                 id="vi-ty-nearly"),
    pytest.param("1,5 tỉ đồng", "vi", [((Decimal("1.5"), Decimal(1500000000)), "exact", "1,5")], id="vi-ti-spelling"),
    pytest.param("khoảng 3 nghìn", "vi", [((Decimal(3), Decimal(3000)), "about", "3")], id="vi-nghin-about"),
    pytest.param("ít nhất 40 chữ ký", "vi", [((Decimal(40),), "at_least", "40")], id="vi-at-least"),
    pytest.param("2.500,5 tấn", "vi", [((Decimal("2500.5"),), "exact", "2.500,5")], id="vi-grouped-with-decimals"),
    pytest.param("Hơn 2.500", "vi", [((Decimal(2500),), "more_than", "2.500")], id="vi-qualifier-capitalized"),
    # English: ',' groups thousands, '.' marks decimals.
    pytest.param("more than 2,500 delegates", "en", [((Decimal(2500),), "more_than", "2,500")], id="en-grouped"),
    pytest.param("USD 6.6 million", "en", [((Decimal("6.6"), Decimal(6600000)), "exact", "6.6")], id="en-million"),
    pytest.param("nearly 1.5 billion", "en", [((Decimal("1.5"), Decimal(1500000000)), "nearly", "1.5")],
                 id="en-billion-nearly"),
    pytest.param("$6.6m", "en", [((Decimal("6.6"), Decimal(6600000)), "exact", "6.6")], id="en-m-suffix"),
    pytest.param("at least 40 signatures", "en", [((Decimal(40),), "at_least", "40")], id="en-at-least"),
    pytest.param("lover 12", "en", [((Decimal(12),), "exact", "12")], id="en-qualifier-needs-a-word-boundary"),
])
def test_find_numbers(text: str, lang: str, expected: list[tuple[tuple[Decimal, ...], str, str]]) -> None:
    assert [(n.values, n.qualifier, n.text) for n in find_numbers(text, lang)] == expected


@pytest.mark.parametrize(("text", "lang", "value", "readable"), [
    pytest.param("hơn 2.500 đại biểu", "vi", Decimal(2500), True, id="vi-2.500-is-2500"),
    pytest.param("2.500 delegates", "en", Decimal(2500), False, id="en-2.500-is-not-2500"),
    pytest.param("2.500 delegates", "en", Decimal("2.5"), True, id="en-2.500-is-2.5"),
    pytest.param("2,500 đại biểu", "vi", Decimal(2500), False, id="vi-2,500-is-not-2500"),
    pytest.param("2,500 đại biểu", "vi", Decimal("2.5"), True, id="vi-2,500-is-2.5"),
    pytest.param("more than 2,500 delegates", "en", Decimal(2500), True, id="en-2,500-is-2500"),
    pytest.param("6,6 triệu USD", "vi", Decimal(6600000), True, id="vi-6,6-trieu"),
    pytest.param("6.6 triệu USD", "vi", Decimal(6600000), False, id="vi-6.6-trieu-is-not-read-as-decimal"),
    pytest.param("USD 6.6 million", "en", Decimal(6600000), True, id="en-6.6-million"),
    pytest.param("gần 1,5 tỷ đồng", "vi", Decimal(1500000000), True, id="vi-1,5-ty"),
    pytest.param("72 quốc gia", "vi", Decimal(27), False, id="other-number"),
    pytest.param("ngày 26/10/2025", "vi", Decimal(2025), True, id="digits-of-a-date"),
])
def test_read_value(text: str, lang: str, value: Decimal, readable: bool) -> None:
    assert bool(read_value(text, lang, value)) is readable


@pytest.mark.parametrize(("text", "lang", "qualifier"), [
    ("hơn 2.500", "vi", "more_than"),
    ("trên 2.500", "vi", "more_than"),
    ("gần 2.500", "vi", "nearly"),
    ("khoảng 2.500", "vi", "about"),
    ("không dưới 2.500", "vi", "at_least"),
    ("2.500", "vi", "exact"),
    ("more than 2,500", "en", "more_than"),
    ("almost 2,500", "en", "nearly"),
    ("around 2,500", "en", "about"),
    ("no fewer than 2,500", "en", "at_least"),
    ("2,500", "en", "exact"),
])
def test_qualifier_before_a_number(text: str, lang: str, qualifier: str) -> None:
    assert [n.qualifier for n in find_numbers(text, lang)] == [qualifier]


def test_number_words_are_read() -> None:
    assert [n.values for n in find_numbers("hai nước", "vi")] == [(Decimal(2),)]
    assert [n.values for n in find_numbers("a dozen countries", "en")] == [(Decimal(12),)]



@pytest.mark.parametrize(("text", "lang", "value", "written"), [
    pytest.param("Seventy-two countries", "en", Decimal(72), "Seventy-two", id="en-hyphenated-tens"),
    pytest.param("one hundred and five delegates", "en", Decimal(105), "one hundred and five", id="en-hundred-and"),
    pytest.param("two hundred thousand people", "en", Decimal(200000), "two hundred thousand", id="en-thousand"),
    pytest.param("bảy mươi hai quốc gia", "vi", Decimal(72), "bảy mươi hai", id="vi-tens"),
    pytest.param("hai mươi lăm quốc gia", "vi", Decimal(25), "hai mươi lăm", id="vi-lam-after-muoi"),
    pytest.param("mười lăm đoàn", "vi", Decimal(15), "mười lăm", id="vi-muoi-lam"),
    pytest.param("hai trăm người", "vi", Decimal(200), "hai trăm", id="vi-tram"),
])
def test_compound_number_words_are_one_number_with_their_span(text: str, lang: str, value: Decimal,
                                                              written: str) -> None:
    found = [n for n in find_numbers(text, lang) if n.text[:1].isalpha()]
    assert [(n.values, n.text, text[n.start:n.end]) for n in found] == [((value,), written, written)]
    assert read_value(text, lang, value)  # check reads the value back in such an excerpt


def test_a_digit_number_gives_its_span_and_scale_word() -> None:
    [n] = find_numbers("hơn 6,6 triệu USD", "vi")
    assert ("hơn 6,6 triệu USD"[n.start:n.end], n.scale) == ("6,6", "triệu")
