#!/usr/bin/env python3
"""Write src/briefgen/pack/cldr_data.py: the CLDR facts briefgen prints, taken from Babel.

A build needs only a handful of CLDR values per briefing language (two number symbols and the
country names), but loading them through Babel costs a cold build more than its own work. So
they are extracted once, here, into a plain module; tests/test_countries.py and
tests/test_i18n_numbers.py keep that module equal to what Babel says.

    python scripts/make_cldr_data.py   # after raising the Babel pin in requirements/; commit the result
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefgen.i18n import BABEL_LOCALES, LANGUAGES


def main() -> None:
    import babel

    lines = [
        '"""CLDR data for the briefing languages, extracted from Babel by scripts/make_cldr_data.py.',
        "",
        f"Babel {babel.__version__}. Do not edit by hand: regenerate, and tests compare it with Babel.",
        '"""',
        "",
        "# The Babel release this snapshot was taken from; tests compare it with that release only.",
        f"BABEL_VERSION = {babel.__version__!r}",
        "",
        "# language: (decimal symbol, group symbol, minus sign); every language groups by three (#,##0.###).",
        "NUMBER_SYMBOLS = {",
    ]
    for lang in LANGUAGES:
        locale = Locale.parse(BABEL_LOCALES[lang])
        symbols = locale.number_symbols["latn"]
        assert locale.decimal_formats[None].pattern == "#,##0.###", (lang, locale.decimal_formats[None].pattern)
        lines.append(f"    {lang!r}: ({symbols['decimal']!r}, {symbols['group']!r}, {symbols['minusSign']!r}),")
    lines.append("}")
    lines.append("")
    lines.append("# language: {two-letter region code: name}")
    lines.append("TERRITORY_NAMES = {")
    for lang in LANGUAGES:
        names = {c: n for c, n in Locale.parse(lang).territories.items() if c.isalpha() and len(c) == 2}
        lines.append(f"    {lang!r}: {{")
        lines += [f"        {code!r}: {name!r}," for code, name in sorted(names.items())]
        lines.append("    },")
    lines.append("}")
    out = ROOT / "src" / "briefgen" / "pack" / "cldr_data.py"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
