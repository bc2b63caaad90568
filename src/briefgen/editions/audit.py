"""The audit record of one briefing: what it printed, on what basis, and what it left out.

Written beside the briefing (`<id>.<lang>.audit.json`) by the same atomic machinery, it
answers "what exactly did we print, and why" long after the pack has moved on. It is made
in two steps because a build is: the *basis* (every record's printed facts, status, sources
and evidence, the hashes of the pack's files) is known before fitting and travels back from a
worker as plain data; the record itself is assembled once the page is settled and the output
files exist. No clock goes in, and paths only as the editor named them (the pack folder, a
--template folder; briefgen's own templates by file name): the same inputs and command give the
same bytes.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.briefing.sections import Briefing, Entry, make_entry, pack_lookups
from briefgen.pack.location import PACK_FILES, PackLocation
from briefgen.pack.model import Checked, FactPack, Person, Quote, Source

AUDIT_MARK = "briefgen audit record"
AUDIT_FORMAT = 1
AUDIT_SUFFIX = ".audit.json"

Basis = dict[str, Any]  # plain JSON-able data: picklable, and the same once read back from a file


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_name(pack_id: str, lang: str) -> str:
    return f"{pack_id}.{lang}{AUDIT_SUFFIX}"


def record_key(kind: str, record_id: str) -> str:
    return f"{kind}/{record_id}"


def record_facts(kind: str, r: Checked, pack: FactPack, lang: str,
                 lookups: tuple[dict[str, Source], dict[str, Person]]) -> dict[str, Any]:
    """What a record says, formatted as the briefing prints it, and nothing that depends on
    where it lands on the page (a speaker's title is printed on first mention only)."""
    if isinstance(r, Quote):
        person = lookups[1][r.speaker]
        return {"speaker": person.name.get(lang) or next(iter(person.name.values())),
                "kind": r.kind, "words": r.text if r.lang == lang else r.translations[lang]}
    entry = make_entry(kind, r, pack, lang, True, lookups)
    if kind == "numbers":
        return {"quantity": entry.lead, "label": entry.text}
    if kind == "positions":
        return {"country": entry.lead, "summary": entry.text, "points": list(entry.points)}
    return {"year": entry.lead, "name": entry.text}


def _evidence(r: Checked, sources: dict[str, Source]) -> list[dict[str, Any]]:
    out = []
    for ev in r.check.evidence:
        src = sources[ev.source]
        out.append({"source": src.id, "title": src.title, "outlet": src.outlet,
                    "published": src.published.isoformat() if src.published else None, "url": src.url,
                    "excerpt": ev.excerpt, "excerpt_sha256": sha256(ev.excerpt.encode("utf-8"))})
    return out


def pack_file_hashes(location: PackLocation) -> list[dict[str, str]]:
    """The hash of every pack file that exists, as read now (the loader refuses anything but
    regular files, so a link is never read here: it would have stopped the build first)."""
    out = []
    for name in PACK_FILES:
        path = location.path / name
        if path.is_file() and not path.is_symlink():
            out.append({"file": name, "sha256": sha256(path.read_bytes())})
    return out


def make_basis(location: PackLocation, pack: FactPack, lang: str) -> Basis:
    """Everything the audit needs from the pack, for one language, before the page is fitted."""
    lookups = pack_lookups(pack)
    records: dict[str, Any] = {}
    for kind, r in pack.checked_records():
        check = r.check
        records[record_key(kind, r.id)] = {
            "kind": kind, "id": r.id, "status": check.status,
            "facts": record_facts(kind, r, pack, lang, lookups),
            "verified_by": check.verified_by,
            "verified_on": check.verified_on.isoformat() if check.verified_on else None,
            "priority": check.priority,
            "evidence": _evidence(r, lookups[0]),
        }
    info = pack.pack
    assert info.date is not None, "build refuses a pack whose date is unknown (build.prepare_pack)"
    return {
        "pack": {"id": info.id, "folder": location.display, "title": info.title[lang],
                 "date": info.date.isoformat()},
        "pack_files": pack_file_hashes(location),
        # Source texts are not read by a build: these are the hashes the pack declares, which
        # `check --sources` compares with the texts themselves.
        "source_texts": [{"source": s.id, "file": s.file, "sha256": s.sha256} for s in info.sources],
        "records": records,
    }


def printed_paragraphs(section: str, entry: Entry, compact: bool = False) -> list[str]:
    """The entry's paragraphs as the project's templates print them (plain text); in a section's
    compact form, its piece of the one run ("2004 ASEM-5")."""
    flag = (f" ({entry.flag})" if entry.flag else "") + (f" ({entry.mark})" if entry.mark else "")
    if compact:
        return [f"{entry.lead} {entry.brief}{flag}"]
    if entry.direct:
        translated = f" {entry.translated}" if entry.translated else ""
        return [f"{entry.lead}{translated} — {entry.attribution}{flag}"]
    joiner = ": " if section == "quotes" else " " if entry.continues else " — "
    return [f"{entry.lead}{joiner}{entry.text}{flag}", *entry.points]


def make_audit(briefing: Briefing, basis: Basis, options: Mapping[str, Any],
               templates: Sequence[dict[str, Any]], outputs: Mapping[str, bytes]) -> bytes:
    """The audit record's bytes: deterministic JSON, keys in a fixed reading order."""
    records: dict[str, Any] = basis["records"]
    printed = []
    for section in briefing.sections:
        for entry in section.entries:
            item = dict(records[record_key(entry.kind, entry.record_id)])
            item["section"] = section.key
            item["printed"] = printed_paragraphs(section.key, entry, section.compact)
            if entry.mark:
                item["mark"] = entry.mark
            printed.append(item)
    left_out = []
    for left in briefing.left_out:
        item = dict(records[record_key(left.kind, left.record_id)])
        item["reason"] = left.reason
        left_out.append(item)
    body = {
        "audit": AUDIT_MARK,
        "format": AUDIT_FORMAT,
        "briefgen": __version__,
        "pack": basis["pack"],
        "lang": briefing.lang,
        "options": dict(options),
        "inputs": {"pack_files": basis["pack_files"], "source_texts": basis["source_texts"],
                   "templates": list(templates)},
        "outputs": [{"file": name, "sha256": sha256(data)} for name, data in sorted(outputs.items())],
        "printed": printed,
        "left_out": left_out,
    }
    return _layout(body).encode("utf-8")


def _layout(body: dict[str, Any]) -> str:
    """JSON with one record per line in `printed` and `left_out` (a line-based diff of two audit
    records then reads record by record), the rest indented. json's C encoder does the records:
    indenting them all cost a build more than the rest of writing its audit."""
    parts = []
    for key, value in body.items():
        if key in ("printed", "left_out") and value:
            lines = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in value)
            text = "[\n" + lines + "\n  ]"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def template_hashes(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Each template used: its file name, whether it is briefgen's own, and its hash."""
    from briefgen.render.templates import is_builtin

    return [{"file": p.name, "builtin": is_builtin(p), "sha256": sha256(p.read_bytes())} for p in paths]


__all__ = ["AUDIT_MARK", "AUDIT_SUFFIX", "Basis", "audit_name", "make_audit", "make_basis", "template_hashes"]
