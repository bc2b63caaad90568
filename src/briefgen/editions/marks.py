"""`build --since OLD`: which printed records are new or changed since an earlier edition.

The earlier edition is read once (as audit records, by `sides.read_baseline`) into a
`Baseline`: per language, the records it printed and what each said. A record now printed is
"new" when the earlier edition did not print it (new to the reader, whether or not the pack
held it), and "updated" when its facts or status differ. The comparison uses the same facts as `diff`
(audit.record_facts), so a mark and a diff line never disagree.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from briefgen import i18n
from briefgen.briefing.sections import Briefing, pack_lookups
from briefgen.editions.audit import record_facts, record_key
from briefgen.pack.model import FactPack


@dataclass(frozen=True)
class Baseline:
    """An earlier edition: how the editor named it, and per language what it printed
    ("kind/id" -> a fingerprint of its status and facts)."""

    label: str
    pack_id: str
    printed: dict[str, dict[str, str]]


def fingerprint(status: str, facts: dict[str, Any]) -> str:
    return json.dumps([status, facts], ensure_ascii=False, sort_keys=True)


def marks_since(pack: FactPack, lang: str, baseline: Baseline) -> dict[str, str]:
    """"kind/id" -> the mark ("mới"/"new", "cập nhật"/"updated") of every record that would get one."""
    before = baseline.printed.get(lang)
    if before is None or baseline.pack_id != pack.pack.id:
        return {}  # no briefing of this pack in this language in that edition: nothing to compare with
    lookups = pack_lookups(pack)
    marks = {}
    for kind, r in pack.checked_records():
        key = record_key(kind, r.id)
        if key not in before:
            marks[key] = i18n.label(lang, "new")
        elif before[key] != fingerprint(r.check.status, record_facts(kind, r, pack, lang, lookups)):
            marks[key] = i18n.label(lang, "updated")
    return marks


def since_note(stem: str, briefing: Briefing, baseline: Baseline) -> str:
    """The report's one line:
    `hanoi-convention.en: since hanoi@HEAD~1: 1 new (…), 1 updated (…), 2 no longer printed`."""
    before = baseline.printed.get(briefing.lang)
    if baseline.pack_id != briefing.pack_id:
        return (f"{stem}: since {baseline.label}: that is an edition of '{baseline.pack_id}', "
                f"not '{briefing.pack_id}'; nothing marked")
    if before is None:
        return (f"{stem}: since {baseline.label}: that edition has no '{briefing.lang}' briefing; "
                "nothing marked")
    entries = briefing.entries()
    new_mark, updated_mark = i18n.label(briefing.lang, "new"), i18n.label(briefing.lang, "updated")
    new = [record_key(e.kind, e.record_id) for e in entries if e.mark == new_mark]
    updated = [record_key(e.kind, e.record_id) for e in entries if e.mark == updated_mark]
    now = {record_key(e.kind, e.record_id) for e in entries}
    gone = [key for key in before if key not in now]
    parts = [f"{len(new)} new" + (f" ({', '.join(new)})" if new else ""),
             f"{len(updated)} updated" + (f" ({', '.join(updated)})" if updated else ""),
             f"{len(gone)} no longer printed" + (f" ({', '.join(gone)})" if gone else "")]
    return f"{stem}: changed since {baseline.label}: " + ", ".join(parts)
