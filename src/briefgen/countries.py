"""Country names from CLDR (through Babel), in each briefing language."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def is_known_country(code: str) -> bool:
    """Two-letter region codes that CLDR names (ZZ, 'unknown region', excluded)."""
    return code.isalpha() and code != "ZZ" and code in _territories("en")


def country_name(code: str, lang: str) -> str:
    return _territories(lang).get(code, code)
