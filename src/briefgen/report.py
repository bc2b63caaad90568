"""The `check` and `list` jobs: run them, and shape what the CLI prints."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import UsageProblem
from briefgen.findings import Issue, by_place

if TYPE_CHECKING:
    from briefgen.pack.check_parts import Outcome
    from briefgen.pack.location import PackLocation

# Below this size of numbers.yaml (about 2,000 records in a pack spread like the Hanoi one), a
# pack is checked in one pass: see `_worth_parts`.
PARTS_FROM_BYTES = 400_000


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


def run_check(pack_arg: str, sources_given: str | tuple[str, ...] | None,
              stale_after: int | None = None) -> CheckReport:
    """All checks of FORMAT.md; exit 2 for an unusable pack, 1 for findings, else 0.

    `--sources` names one folder: given twice, the second would silently replace the first
    (click's way), so that is refused.
    """
    if isinstance(sources_given, tuple):
        if len(sources_given) > 1:
            raise UsageProblem(f"--sources is given {len(sources_given)} times ({', '.join(sources_given)}); "
                               "give one folder holding every source text")
        sources_given = sources_given[0] if sources_given else None
    sources_arg = sources_given
    from briefgen.pack.loading import load_pack, locate_pack

    location = locate_pack(pack_arg)
    sources: Path | None = None
    if sources_arg is not None:
        from briefgen.io.files import is_link_loop

        sources = Path(sources_arg)
        if is_link_loop(sources):
            raise UsageProblem(f"--sources {sources_arg}: is a symbolic link loop, not a folder")
        if not sources.is_dir():
            raise UsageProblem(f"--sources {sources_arg}: no such folder")
    if _worth_parts(location):
        outcome = _check_in_parts(location, sources, sources_arg or "", stale_after)
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


def _worth_parts(location: PackLocation) -> bool:
    """A large pack, on a machine that checks its parts at the same time: below
    `PARTS_FROM_BYTES` of numbers.yaml, the worker processes and the second reading of the
    source texts (each part reads those its records name) cost more than they save."""
    from briefgen._speed.parallel import cores

    try:
        return cores() > 1 and (location.path / "numbers.yaml").stat().st_size >= PARTS_FROM_BYTES
    except OSError:
        return False


def _check_in_parts(location: PackLocation, sources: Path | None, display: str,
                    stale_after: int | None) -> Outcome:
    """pack.yaml read here, then each part of the record files checked by `parallel_map`, merged
    into exactly what the single pass gives (pack/check_parts.py says why)."""
    from datetime import date
    from functools import partial

    from briefgen._speed.parallel import parallel_map
    from briefgen.pack.check_parts import PARTS, check_part, merge
    from briefgen.pack.loading import gc_paused, read_pack_start

    with gc_paused():
        start = read_pack_start(location)
    work = partial(check_part, location, start, sources=sources, display=display, stale_after=stale_after,
                   today=date.today())
    return merge(location, start, list(parallel_map(work, range(len(PARTS)))))


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


