"""The `check` and `list` jobs: run them, and shape what the CLI prints."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import UsageProblem
from briefgen.findings import Issue, by_place


@dataclass(frozen=True)
class CheckReport:
    pack: str
    issues: list[Issue]
    records: int
    excerpts: int
    exit_code: int

    def printed(self, as_json: bool = False) -> list[tuple[str, bool]]:
        """What `check` prints, each line with whether it goes to stderr: the findings and the
        summary, or (--json) one JSON array of the findings."""
        if as_json:
            return [(json.dumps([i.as_json() for i in self.issues], ensure_ascii=False, indent=2), False)]
        return [(i.render(), i.severity != "info") for i in self.issues] + [(self.summary(), False)]

    def summary(self) -> str:
        errors = sum(1 for i in self.issues if i.severity == "error")
        warnings = sum(1 for i in self.issues if i.severity == "warning")
        unchecked = sum(1 for i in self.issues if i.kind == "unchecked")
        if self.exit_code == 2:
            return f"{self.pack}: cannot be used: {counted(errors, 'problem')}"
        parts = [counted(self.records, "record"), counted(self.excerpts, "excerpt"),
                 counted(errors, "problem"), counted(warnings, "warning")]
        if unchecked:
            parts.append(f"{counted(unchecked, 'source')} unchecked")
        return f"{self.pack}: " + ", ".join(parts)


def counted(n: int, noun: str) -> str:
    """`1 record`, `2 records`: a summary an editor reads aloud without tripping."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_check(pack_arg: str, sources_arg: str | None, stale_after: int | None = None) -> CheckReport:
    """All checks of FORMAT.md; exit 2 for an unusable pack, 1 for findings, else 0."""
    from briefgen.pack.loading import load_pack, locate_pack

    location = locate_pack(pack_arg)
    sources: Path | None = None
    if sources_arg is not None:
        sources = Path(sources_arg)
        if not sources.is_dir():
            raise UsageProblem(f"--sources {sources_arg}: no such folder")
    from briefgen._speed.check_split import check_in_parallel, worth_parallel

    if worth_parallel(location):
        outcome = check_in_parallel(location, sources, sources_arg or "", stale_after)
        failed = any(i.severity == "error" for i in outcome.issues)
        return CheckReport(location.display, outcome.issues, outcome.records, outcome.excerpts,
                           2 if not outcome.usable else 1 if failed else 0)
    pack, issues = load_pack(location)
    if pack is None:
        return CheckReport(location.display, sorted(issues, key=by_place), 0, 0, 2)
    from briefgen.pack.checking import check_pack

    issues = sorted(issues + check_pack(pack, sources, sources_arg or "", stale_after), key=by_place)
    checked = pack.checked_records()
    excerpts = sum(len(r.check.evidence) for _, r in checked)
    records = len(checked) + len(pack.people)
    failed = any(i.severity == "error" for i in issues)
    return CheckReport(location.display, issues, records, excerpts, 1 if failed else 0)



def list_pack(pack_arg: str, kind: str | None, lang: str | None, as_json: bool) -> str:
    from briefgen.pack.loading import locate_pack, require_pack

    location = locate_pack(pack_arg)
    pack, _ = require_pack(location)
    if lang is not None and lang not in pack.pack.languages:
        raise UsageProblem(f"--lang {lang}: the pack's languages are {', '.join(pack.pack.languages)}")
    from briefgen.pack.listing import pack_json, table

    if as_json:
        return json.dumps(pack_json(pack, kind, lang), ensure_ascii=False, indent=2) + "\n"
    return table(pack, kind, lang, shutil.get_terminal_size((110, 24)).columns)


