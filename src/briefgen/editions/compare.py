"""Two audit records of one language in, the list of what changed between them out.

Records are matched by kind and id. For each, in the new edition's page order (then what it
left out, then what only the old edition held): added or removed; each printed fact that
changed (a number's quantity — value, qualifier and unit as printed —, its label, a quote's
words, ...); its status; who verified it and when; its evidence (sources and excerpts); and
whether it now prints or no longer does, with the reason the build gave. Values are
kept as the briefing prints them, so the wording needs no pack.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefgen import i18n

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
NOW_PRINTS, NO_LONGER_PRINTS = "now_prints", "no_longer_prints"
REASON_REMOVED = "removed from the pack"


@dataclass(frozen=True)
class Change:
    """One change of one record. `old`/`new` are printed forms (a direct quote in its marks,
    a paraphrase never); `reason` says why a record is left out, where that is the change."""

    kind: str
    id: str
    action: str
    field: str = ""
    old: str = ""
    new: str = ""
    status: str = ""
    reason: str = ""

    @property
    def record(self) -> str:
        return f"{self.kind}/{self.id}"


def _items(audit: dict[str, Any]) -> dict[str, tuple[dict[str, Any], bool]]:
    """"kind/id" -> (item, printed), printed ones first in page order."""
    out: dict[str, tuple[dict[str, Any], bool]] = {}
    for item in audit["printed"]:
        out.setdefault(f"{item['kind']}/{item['id']}", (item, True))
    for item in audit["left_out"]:
        out.setdefault(f"{item['kind']}/{item['id']}", (item, False))
    return out


def _shown(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def _words(item: dict[str, Any], lang: str) -> str:
    """A quote's words as printed: in quotation marks only when it is a direct quote."""
    facts = item["facts"]
    words = _shown(facts.get("words", ""))
    return i18n.quote_marks(words, lang) if facts.get("kind") == "direct" else words


def summary(item: dict[str, Any], lang: str) -> str:
    """A record in one line, as the briefing would print it."""
    facts = item["facts"]
    kind = item["kind"]
    if kind == "quotes":
        return f"{_shown(facts.get('speaker', ''))}: {_words(item, lang)}"
    lead_field, text_field = {"numbers": ("quantity", "label"), "positions": ("country", "summary"),
                              "summits": ("year", "name")}.get(kind, ("", ""))
    lead, text = _shown(facts.get(lead_field, "")), _shown(facts.get(text_field, ""))
    return f"{lead} — {text}" if lead and text else lead or text


def _fact_changes(kind: str, rid: str, old: dict[str, Any], new: dict[str, Any], lang: str) -> list[Change]:
    changes = []
    old_facts, new_facts = old["facts"], new["facts"]
    for name in list(new_facts) + [n for n in old_facts if n not in new_facts]:
        before, after = old_facts.get(name, ""), new_facts.get(name, "")
        if before == after:
            continue
        if name == "words":
            changes.append(Change(kind, rid, CHANGED, name, _words(old, lang), _words(new, lang)))
        else:
            changes.append(Change(kind, rid, CHANGED, name, _shown(before), _shown(after)))
    if old["status"] != new["status"]:
        changes.append(Change(kind, rid, CHANGED, "status", old["status"], new["status"]))
    for name, shown in (("verified", _verified), ("evidence", _evidence)):
        before_basis, after_basis = shown(old), shown(new)
        if before_basis != after_basis:
            changes.append(Change(kind, rid, CHANGED, name, before_basis or "none", after_basis or "none"))
    return changes


def _verified(item: dict[str, Any]) -> str:
    """Who verified a record and when: `briefgen fact desk, 2026-11-22`."""
    parts = [item.get("verified_by"), item.get("verified_on")]
    return ", ".join(str(p) for p in parts if isinstance(p, str) and p)


def _evidence(item: dict[str, Any]) -> str:
    """What a record rests on: each source and its verbatim excerpt (a damaged list reads as none)."""
    evidence = item.get("evidence")
    if not isinstance(evidence, list):
        return ""
    shown = [f"{ev.get('source')} “{ev.get('excerpt')}”" for ev in evidence
             if isinstance(ev, dict) and isinstance(ev.get("source"), str)
             and isinstance(ev.get("excerpt"), str)]
    return "; ".join(shown)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from `old` to `new` (audit records of the same language)."""
    lang = str(new["lang"])
    before, after = _items(old), _items(new)
    changes: list[Change] = []
    for key, (item, printed) in after.items():
        kind, rid = item["kind"], item["id"]
        if key not in before:
            changes.append(Change(kind, rid, ADDED, new=summary(item, lang), status=item["status"]))
            if printed:
                changes.append(Change(kind, rid, NOW_PRINTS, reason="new record"))
            continue
        old_item, was_printed = before[key]
        changes += _fact_changes(kind, rid, old_item, item, lang)
        if printed and not was_printed:
            changes.append(Change(kind, rid, NOW_PRINTS, reason=f"before: {old_item['reason']}"))
        elif was_printed and not printed:
            changes.append(Change(kind, rid, NO_LONGER_PRINTS, reason=str(item["reason"])))
    for key, (item, was_printed) in before.items():
        if key in after:
            continue
        kind, rid = item["kind"], item["id"]
        changes.append(Change(kind, rid, REMOVED, old=summary(item, lang), status=item["status"]))
        if was_printed:
            changes.append(Change(kind, rid, NO_LONGER_PRINTS, reason=REASON_REMOVED))
    return changes
