"""Regenerate src/briefgen/data/font_metrics.json: advance widths of the fonts the estimator knows.

Run: python scripts/make_font_metrics.py (needs fontTools and fonts-liberation2).
Why: the one-page estimate must agree with LibreOffice, and LibreOffice lays out with
these exact widths. Shipping the numbers keeps the estimate the same on every machine.
"""
from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = {
    "Liberation Sans": "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
}
FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}
# Latin, Latin-1, Latin Extended-A/B (ơ ư đ ă), Vietnamese, punctuation and symbols used in briefings.
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x323), (0x1EA0, 0x1EF9), (0x2010, 0x2027), (0x2030, 0x203A),
          (0x20AB, 0x20AC), (0x2122, 0x2122)]
OUT = Path(__file__).resolve().parents[1] / "src" / "briefgen" / "data" / "font_metrics.json"


def main() -> None:
    data: dict[str, object] = {}
    for family, pattern in FONTS.items():
        faces: dict[str, object] = {}
        for face, suffix in FACES.items():
            font = TTFont(pattern.format(suffix))
            cmap = font.getBestCmap()
            hmtx = font["hmtx"]
            upem = font["head"].unitsPerEm
            hhea = font["hhea"]
            os2 = font["OS/2"]
            widths = {}
            for lo, hi in RANGES:
                for cp in range(lo, hi + 1):
                    if cp in cmap:
                        widths[chr(cp)] = hmtx[cmap[cp]][0]
            faces[face] = {
                "units_per_em": upem,
                "ascent": os2.usWinAscent, "descent": os2.usWinDescent,
                "hhea": [hhea.ascent, -hhea.descent, hhea.lineGap],
                "widths": "".join(f"{c}{w:05d}" for c, w in sorted(widths.items())),
            }
        data[family] = faces
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
