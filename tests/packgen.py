"""Build fact packs from Python values for tests that need many or unusual records.

Every verified record gets evidence whose excerpt holds its value or words, so the
build's consistency checks stay quiet unless a test wants otherwise.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SOURCE = {"id": "src", "title": "Bài báo thử nghiệm", "outlet": "Báo Mẫu", "published": "2025-10-26",
          "lang": "vi"}
CHECKED = {"status": "verified", "verified_by": "Lan Anh", "verified_on": "2025-10-27"}


def _evidence(excerpt: str) -> dict[str, Any]:
    return {"evidence": [{"source": "src", "excerpt": excerpt}]}


def number(rid: str, value: str, vi: str, en: str, priority: int = 5, **extra: Any) -> dict[str, Any]:
    vi_value = value.replace(".", ",")
    rec = {"id": rid, "value": value, "label": {"vi": vi, "en": en}, "as_of": "2025-10-26",
           **CHECKED, **_evidence(f"có {vi_value} mục"), "priority": priority}
    rec.update(extra)
    return rec


def quote(rid: str, text: str, en: str, priority: int = 5, kind: str = "direct", speaker: str = "minh",
          **extra: Any) -> dict[str, Any]:
    rec = {"id": rid, "speaker": speaker, "kind": kind, "lang": "vi", "text": text, "translations": {"en": en},
           "said_on": "2025-10-26", **CHECKED, **_evidence(text), "priority": priority}
    rec.update(extra)
    return rec


def position(rid: str, country: str, vi: str, en: str, priority: int = 5, **extra: Any) -> dict[str, Any]:
    rec = {"id": rid, "country": country, "summary": {"vi": vi, "en": en}, "said_on": "2025-10-26",
           **CHECKED, **_evidence(vi), "priority": priority}
    rec.update(extra)
    return rec


def summit(rid: str, year: int, vi: str, en: str, priority: int = 5, **extra: Any) -> dict[str, Any]:
    rec = {"id": rid, "name": {"vi": vi, "en": en}, "year": year, **CHECKED, **_evidence(vi),
           "priority": priority}
    rec.update(extra)
    return rec


PEOPLE = [{"id": "minh", "name": "Trần Thị Minh", "title": {"vi": "Bộ trưởng", "en": "Minister"}}]


def write_pack(folder: Path, pack_id: str = "demo", numbers: list[dict[str, Any]] | None = None,
               quotes: list[dict[str, Any]] | None = None, positions: list[dict[str, Any]] | None = None,
               summits: list[dict[str, Any]] | None = None, people: list[dict[str, Any]] | None = None,
               presets: dict[str, list[str]] | None = None, title: tuple[str, str] = ("Bản tin thử", "Test brief"),
               place: tuple[str, str] | None = ("Hà Nội", "Hanoi")) -> Path:
    """Write a complete pack folder; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    pack: dict[str, Any] = {"id": pack_id, "title": {"vi": title[0], "en": title[1]}, "date": "2025-10-26",
                            "languages": ["vi", "en"], "sources": [SOURCE]}
    if place:
        pack["place"] = {"vi": place[0], "en": place[1]}
    if presets:
        pack["presets"] = presets
    files = {"pack": pack, "numbers": numbers or [], "quotes": quotes or [], "positions": positions or [],
             "summits": summits or [], "people": PEOPLE if people is None else people}
    for name, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder
