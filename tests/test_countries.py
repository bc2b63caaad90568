"""Country codes and names come from the CLDR snapshot briefgen ships (pack/cldr_data.py)."""
from __future__ import annotations

import pytest

from briefgen.pack.cldr_data import BABEL_VERSION, TERRITORY_NAMES
from briefgen.pack.countries import KNOWN_CODES, country_name, is_known_country


def babel_of_the_snapshot():  # type: ignore[no-untyped-def]
    """Babel itself, when it is the release the snapshot was taken from; else skip, saying why.

    The snapshot is briefgen's data: a newer Babel (newer CLDR) renames countries, and that must
    not turn the suite red. The test lock pins the snapshot's release, so CI always compares.
    """
    babel = pytest.importorskip("babel", reason="Babel is not installed: the CLDR snapshot is not compared")
    if babel.__version__ != BABEL_VERSION:
        pytest.skip(f"Babel {babel.__version__} is installed; the CLDR snapshot is Babel {BABEL_VERSION}'s "
                    "(run scripts/make_cldr_data.py after raising the pin)")
    return babel


def test_known_codes_are_the_snapshots_regions_not_a_second_list() -> None:
    assert KNOWN_CODES == set(TERRITORY_NAMES["en"]) - {"ZZ"}
    assert {"VN", "GB", "EU", "CQ"} <= KNOWN_CODES  # CQ (Sark): in the snapshot, so known


def test_names_in_each_language() -> None:
    assert country_name("VN", "vi") == "Việt Nam"
    assert country_name("NO", "vi") == "Na Uy"
    assert country_name("GB", "en") == "United Kingdom"
    assert is_known_country("EU") and not is_known_country("XX") and not is_known_country("ZZ")


def test_known_codes_equal_the_cldr_regions_of_the_snapshots_babel() -> None:
    babel = babel_of_the_snapshot()
    cldr = {c for c in babel.Locale.parse("en").territories if c.isalpha() and len(c) == 2 and c != "ZZ"}
    assert KNOWN_CODES == cldr


def test_every_name_equals_the_snapshots_babel_in_each_language() -> None:
    from briefgen.i18n import LANGUAGES

    babel = babel_of_the_snapshot()
    for lang in LANGUAGES:
        cldr = babel.Locale.parse(lang).territories
        for code in KNOWN_CODES | {"ZZ"}:
            assert country_name(code, lang) == cldr.get(code, code), (lang, code)
    assert country_name("XX", "en") == "XX"  # not a region: printed as written (check refuses it anyway)
