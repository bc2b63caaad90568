"""`check` of a pack in parts: each part some record files, read and checked on its own, then merged.

Why: a large pack's check is mostly reading and typing its YAML, and parts can be read at the
same time (report.py hands them to `parallel_map`). `merge` gives exactly what one pass gives
(`loading.load_pack`, then `checking.check_pack`), because:

- every finding belongs to one file, each file is read by one part, as the single pass reads it,
  and the findings are put in file and line order by a stable sort, each kind (structure,
  reference, lint, then the checks) after the kinds the single pass lists before it;
- a part holds every file its records refer into: numbers name other numbers (`parts`), quotes
  name people (`speaker`), and every record names sources, which pack.yaml (read before the
  parts, by every part) lists;
- the tone lint compares each word with its first spelling anywhere earlier in the pack: a
  part's verdicts are final while its files are the pack's first ones; after another part's
  file they wait in `Open` entries that `linter.settle` decides once every part's first
  spellings are known;
- each part checks its own records' excerpts, in the sources they name; the first part reads
  every source and says which cannot be checked; those findings count the excerpts of all parts;
- a part whose files cannot be used checks nothing, and a pack with such a part prints only its
  load findings, as the single pass does.

The two parts take about the same time in a pack spread like the Hanoi one: numbers.yaml (about
two fifths of the records, with the costliest check: each value read in its excerpts) with
summits.yaml, and quotes, people (which quotes name) and positions. Each part reads the source
texts its records name, so those used by both are read twice: less than the second core saves.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefgen.findings import Issue, by_place
from briefgen.pack.checking import (
    check_consistency,
    excerpt_uses,
    excerpts_in_sources,
    read_sources,
    source_findings,
)
from briefgen.pack.dates import check_dates
from briefgen.pack.linter import First, Key, Linter, Open, settle
from briefgen.pack.loading import (
    PackStart,
    RecordFiles,
    check_references,
    fact_pack,
    gc_paused,
    read_record_file,
    warn_unknown_files,
)
from briefgen.pack.location import PackLocation
from briefgen.pack.model import RECORD_KINDS
from briefgen.pack.sources import SourceText

PARTS = (("numbers", "summits"), ("quotes", "people", "positions"))


@dataclass
class Part:
    """What one part's files gave: findings and counts, never records.

    `issues`: structure and reference findings, in load order; `lint`: lint findings and `Open`
    entries, in text order; `spellings`: the first spelling of each word up to this part's end;
    `checks`: evidence, consistency and date findings, None when the part's files are unusable;
    `sources`: (the first part) each source's problem and why it is unchecked, as read, in the
    pack's order; `uses`: excerpts per source.
    """

    issues: list[Issue]
    lint: list[Issue | Open]
    spellings: dict[Key, First]
    checks: list[Issue] | None
    sources: list[tuple[str | None, str | None]]
    uses: dict[str, int]
    records: int
    excerpts: int


@dataclass
class Outcome:
    """A whole pack's findings in output order, with what the summary line counts."""

    issues: list[Issue]
    usable: bool
    records: int
    excerpts: int


def check_part(location: PackLocation, start: PackStart, part: int, sources: Path | None, display: str,
               stale_after: int | None, today: date) -> Part:
    """Read, lint and check the files of `PARTS[part]`, against pack.yaml as `start` read it."""
    with gc_paused():
        linter = Linter(start.linter.first_spelling)
        files = RecordFiles({kind: [] for kind in RECORD_KINDS}, {kind: set() for kind in RECORD_KINDS})
        lint: list[Issue | Open] = []
        follows = 0  # the file that follows pack.yaml and the files read so far
        for kind in PARTS[part]:
            if RECORD_KINDS.index(kind) != follows:
                linter.after_gap()  # another part's files come in between
            follows = RECORD_KINDS.index(kind) + 1
            lint += linter.add_part(read_record_file(location, start, kind, files))
        issues = files.issues
        if start.pack is not None:
            check_references(start.pack, files.records, files.written, issues)
        if start.pack is None or any(i.severity == "error" for i in issues):
            return Part(issues, lint, linter.first_spelling, None, [], {}, 0, 0)
        pack = fact_pack(location, start.pack, files.records)
        uses = excerpt_uses(pack)
        # Only the first part reads every source (and says which cannot be checked).
        texts = read_sources(pack, sources, display, only=None if part == 0 else uses)
        checks, read = excerpts_in_sources(pack, texts, uses)
        checks += check_consistency(pack) + check_dates(pack, stale_after, today)
        checked = pack.checked_records()
        return Part(issues, lint, linter.first_spelling, checks,
                    [(text.problem, text.unchecked) for text in read] if part == 0 else [],
                    {source: len(used) for source, used in uses.items()},
                    len(checked) + len(pack.people), sum(len(r.check.evidence) for _, r in checked))


def merge(location: PackLocation, start: PackStart, parts: Sequence[Part]) -> Outcome:
    """The parts' findings (all of `PARTS`, in order) as the single pass lists them."""
    with gc_paused():
        issues = start.issues + [i for part in parts for i in part.issues]
        warn_unknown_files(location, issues)
        issues += start.lint_issues + settle(start.linter.first_spelling,
                                             [(part.spellings, part.lint) for part in parts],
                                             [location.file(f"{kind}.yaml") for kind in RECORD_KINDS])
        checks = [part.checks for part in parts]
        if start.pack is None or any(i.severity == "error" for i in issues) or None in checks:
            return Outcome(sorted(issues, key=by_place), False, 0, 0)
        excerpts = Counter[str]()
        for part in parts:
            excerpts.update(part.uses)
        read = [SourceText(source, None, problem, unchecked)
                for source, (problem, unchecked) in zip(start.pack.sources, parts[0].sources, strict=True)]
        found = source_findings(read, excerpts)
        found += [i for part_checks in checks if part_checks is not None for i in part_checks]
        return Outcome(sorted(issues + found, key=by_place), True, sum(p.records for p in parts),
                       sum(p.excerpts for p in parts))
