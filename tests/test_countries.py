"""Country codes and names come from CLDR."""
from __future__ import annotations

from babel import Locale

from briefgen.pack.countries import KNOWN_CODES, country_name, is_known_country


def test_known_codes_equal_the_cldr_regions_babel_ships() -> None:
    cldr = {c for c in Locale.parse("en").territories if c.isalpha() and len(c) == 2 and c != "ZZ"}
    assert KNOWN_CODES == cldr


def test_names_in_each_language() -> None:
    assert country_name("VN", "vi") == "Việt Nam"
    assert country_name("NO", "vi") == "Na Uy"
    assert country_name("GB", "en") == "United Kingdom"
    assert is_known_country("EU") and not is_known_country("XX") and not is_known_country("ZZ")


def test_every_name_equals_babels_in_each_language() -> None:
    from briefgen.i18n import LANGUAGES

    for lang in LANGUAGES:
        cldr = Locale.parse(lang).territories
        for code in KNOWN_CODES | {"ZZ"}:
            assert country_name(code, lang) == cldr.get(code, code), (lang, code)
    assert country_name("XX", "en") == "XX"  # not a region: printed as written (check refuses it anyway)
