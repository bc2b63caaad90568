"""Country codes and names from the CLDR snapshot briefgen ships, in each briefing language."""
from __future__ import annotations

from briefgen.pack.cldr_data import TERRITORY_NAMES

# The two-letter region codes CLDR names, from the shipped snapshot ("ZZ", the unknown region,
# is not a country a pack can name): one list, so the codes and the names cannot disagree.
KNOWN_CODES = frozenset(code for code in TERRITORY_NAMES["en"] if code != "ZZ")


def territories(lang: str) -> dict[str, str]:
    """Region code -> name in `lang`, as the CLDR snapshot (cldr_data.py) has it."""
    return TERRITORY_NAMES[lang]


def is_known_country(code: str) -> bool:
    return code in KNOWN_CODES


def country_name(code: str, lang: str) -> str:
    return territories(lang).get(code, code)
