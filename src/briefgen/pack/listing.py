"""A pack's records as JSON for scripts, or as an aligned table an editor scans before a build."""
from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import cast

from briefgen.pack.model import (
    FactPack,
    Localized,
    NumberRecord,
    Person,
    Position,
    Quote,
    Source,
    Summit,
    Verification,
)

KINDS = ("numbers", "quotes", "people", "positions", "summits", "sources")
Record = NumberRecord | Quote | Person | Position | Summit | Source


def records_of(pack: FactPack, kind: str | None = None) -> list[tuple[str, Record]]:
    groups: dict[str, tuple[Record, ...]] = {
        "numbers": pack.numbers, "quotes": pack.quotes, "people": pack.people,
        "positions": pack.positions, "summits": pack.summits, "sources": pack.pack.sources,
    }
    return [(k, r) for k in KINDS if kind in (None, k) for r in groups[k]]


def json_value(value: object, lang: str | None) -> object:
    """A field as JSON: dates ISO, Decimals as numbers, localized text picked by `lang` if given."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        if lang is not None and lang in value:
            return value[lang]
        return {k: json_value(v, lang) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [json_value(v, lang) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: json_value(getattr(value, f.name), lang) for f in fields(value)  # type: ignore[arg-type]
                if f.name != "where"}
    return value


def record_json(kind: str, record: Record, lang: str | None = None) -> dict[str, object]:
    """One record with FORMAT.md's field names plus `type`; verification fields sit at top level."""
    out: dict[str, object] = {"type": kind}
    for f in fields(record):
        if f.name in ("where", "plain_name"):
            continue
        value = getattr(record, f.name)
        if f.name == "name" and isinstance(record, Person) and record.plain_name:
            value = next(iter(record.name.values()))
        if isinstance(value, Verification):
            out.update(cast("dict[str, object]", json_value(value, lang)))
        else:
            out[f.name] = json_value(value, lang)
    return out


def pack_json(pack: FactPack, kind: str | None = None, lang: str | None = None) -> list[dict[str, object]]:
    return [record_json(k, r, lang) for k, r in records_of(pack, kind)]


def _text(value: Localized | None, lang: str) -> str:
    return "" if not value else value.get(lang, next(iter(value.values())))


def summary(kind: str, r: Record, lang: str, pack: FactPack) -> str:
    """A one-line gist of a record, for the table."""
    if isinstance(r, NumberRecord):
        qualifier = "" if r.approx == "exact" else f"({r.approx}) "
        unit = r.currency or _text(r.unit, lang)
        return f"{qualifier}{format(r.value.normalize(), 'f')} {unit}".strip() + f" — {_text(r.label, lang)}"
    if isinstance(r, Quote):
        words = r.text if r.lang == lang else r.translations.get(lang, r.text)
        shown = f"“{words}”" if r.kind == "direct" else words
        return f"{r.speaker}: {shown}"
    if isinstance(r, Person):
        return f"{_text(r.name, lang)} — {_text(r.title, lang)}"
    if isinstance(r, Position):
        return f"{r.country}: {_text(r.summary, lang)}"
    if isinstance(r, Summit):
        short = f" ({r.short})" if r.short else ""
        return f"{r.year} {_text(r.name, lang)}{short}"
    return f"{r.outlet}, {r.published.isoformat() if r.published else 'unknown'}: {r.title}"


def table(pack: FactPack, kind: str | None, lang: str | None, width: int = 110) -> str:
    """Aligned columns: type, id, status, priority, gist (cut to the width with '…')."""
    use = lang or pack.pack.languages[0]
    rows = [("TYPE", "ID", "STATUS", "P", "CONTENT")]
    for k, r in records_of(pack, kind):
        check = getattr(r, "check", None)
        status = check.status if check else "-"
        prio = str(check.priority) if check else "-"
        rows.append((k, r.id, status, prio, " ".join(summary(k, r, use, pack).split())))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths))
        room = max(20, width - len(head) - 2)
        text = row[4] if len(row[4]) <= room else row[4][: room - 1] + "…"
        lines.append(f"{head}  {text}".rstrip())
    return "\n".join(lines) + "\n"
