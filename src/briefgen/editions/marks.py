"""`build --since OLD`: which printed records are new or changed since an earlier edition.

The earlier edition is read once (as audit records, see sides.py) into a `Baseline`: per
language, the records it printed and what each said. A record now printed is "new" when the
earlier edition did not print it (new to the reader, whether or not the pack held it), and
"updated" when its facts or status differ. The comparison uses the same facts as `diff`
(audit.record_facts), so a mark and a diff line never disagree.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefgen import i18n
from briefgen.briefing.sections import Briefing, pack_lookups
from briefgen.editions.audit import record_facts, record_key
from briefgen.pack.model import FactPack

if TYPE_CHECKING:
    from briefgen.build import BuildOptions


@dataclass(frozen=True)
class Baseline:
    """An earlier edition: how the editor named it, and per language what it printed
    ("kind/id" -> a fingerprint of its status and facts)."""

    label: str
    pack_id: str
    printed: dict[str, dict[str, str]]


def fingerprint(status: str, facts: dict[str, Any]) -> str:
    return json.dumps([status, facts], ensure_ascii=False, sort_keys=True)


def read_baseline(arg: str, options: BuildOptions) -> Baseline:
    """The edition `arg` names (audit record, pack or PACK@REV), as built with the same options."""
    from briefgen.editions.sides import read_side

    side = read_side(arg, options._replace(lang="all", baseline=None))
    printed = {lang: {record_key(item["kind"], item["id"]): fingerprint(item["status"], item["facts"])
                      for item in audit["printed"]}
               for lang, audit in side.audits.items()}
    pack_ids = {str(audit.get("pack", {}).get("id", "")) if isinstance(audit.get("pack"), dict) else ""
                for audit in side.audits.values()}
    return Baseline(arg, next(iter(pack_ids), ""), printed)


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
    """The report's one line: `hanoi-convention.en: since hanoi@HEAD~1: 1 new (…), 1 updated (…), 2 no longer printed`."""
    before = baseline.printed.get(briefing.lang)
    if baseline.pack_id != briefing.pack_id:
        return (f"{stem}: since {baseline.label}: that is an edition of '{baseline.pack_id}', "
                f"not '{briefing.pack_id}'; nothing marked")
    if before is None:
        return f"{stem}: since {baseline.label}: that edition has no '{briefing.lang}' briefing; nothing marked"
    entries = briefing.entries()
    new = [record_key(e.kind, e.record_id) for e in entries if e.mark == i18n.label(briefing.lang, "new")]
    updated = [record_key(e.kind, e.record_id) for e in entries if e.mark == i18n.label(briefing.lang, "updated")]
    now = {record_key(e.kind, e.record_id) for e in entries}
    gone = [key for key in before if key not in now]
    parts = [f"{len(new)} new" + (f" ({', '.join(new)})" if new else ""),
             f"{len(updated)} updated" + (f" ({', '.join(updated)})" if updated else ""),
             f"{len(gone)} no longer printed" + (f" ({', '.join(gone)})" if gone else "")]
    return f"{stem}: changed since {baseline.label}: " + ", ".join(parts)
