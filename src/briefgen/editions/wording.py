"""What changed, in words an editor reads: one line per change, per language, and the JSON form.

`numbers/delegates: nearly 100 delegates → more than 2,500 delegates` — a number's quantity is
the change an editor looks for first, so it needs no field name; every other fact names its
field (`label:`, `words:`, `status:`). Lines start with the record (`kind/id`), as the build's
"left out" lines do, so one grep finds a record everywhere.
"""
from __future__ import annotations

from typing import Any

from briefgen.editions.compare import ADDED, CHANGED, NOW_PRINTS, REMOVED, Change


def describe(change: Change) -> str:
    """One change as one line."""
    head = f"{change.record}: "
    if change.action == ADDED:
        return f"{head}added ({change.status}): {change.new}"
    if change.action == REMOVED:
        return f"{head}removed (was {change.status}): {change.old}"
    if change.action == CHANGED:
        field = "" if change.field == "quantity" else f"{change.field}: "
        return f"{head}{field}{change.old} → {change.new}"
    if change.action == NOW_PRINTS:
        return f"{head}now prints" + (f" ({change.reason})" if change.reason else "")
    return f"{head}no longer prints: {change.reason}"


def describe_language(lang: str, changes: list[Change]) -> list[str]:
    """The block of one language: a heading with the count, then each change indented."""
    if not changes:
        return [f"{lang}: no changes"]
    return [f"{lang}: {len(changes)} change(s)"] + [f"  {describe(c)}" for c in changes]


def as_json(old: str, new: str, by_lang: dict[str, list[Change]]) -> dict[str, Any]:
    """`diff --json`: each change with its record, action, field, old and new value, reason and line."""
    return {
        "old": old,
        "new": new,
        "same": not any(by_lang.values()),
        "languages": {lang: [{"record": c.record, "kind": c.kind, "id": c.id, "change": c.action,
                              "field": c.field, "old": c.old, "new": c.new, "status": c.status,
                              "reason": c.reason, "text": describe(c)} for c in changes]
                      for lang, changes in by_lang.items()},
    }
