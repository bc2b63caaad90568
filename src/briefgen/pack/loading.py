"""Load a pack folder into a `FactPack`, reporting every structural and reference problem."""
from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, SequenceNode

from briefgen.errors import ValidationFailed
from briefgen.findings import Issue, by_place, issue
from briefgen.pack.fields import Fields, kind_name, peek_id
from briefgen.pack.lint import TextSpot
from briefgen.pack.linter import Linter
from briefgen.pack.location import PACK_FILE, PACK_FILES, PackLocation, locate_pack
from briefgen.pack.model import RECORD_KINDS, FactPack, NumberRecord, Pack, Person, Position, Quote, Summit
from briefgen.pack.schema import PACK, RECORDS
from briefgen.pack.yamlio import YamlNode, line_of, read_yaml

# locate_pack lives in location.py (no YAML imports); it is also found here, next to load_pack.
__all__ = ["PACK_FILE", "PackLocation", "PackStart", "RecordFiles", "check_references", "fact_pack",
           "finish_pack", "gc_paused", "load_pack", "load_record_files", "locate_pack", "read_pack_start",
           "read_record_file", "require_pack", "warn_unknown_files"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of small acyclic objects; the cycle collector would
    walk them again and again (half the time of a large check) and find nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_pack(location: PackLocation) -> tuple[FactPack | None, list[Issue]]:
    """Read and type every file; returns the pack (None if unusable) and all issues."""
    with gc_paused():
        return _load_pack(location)


@dataclass
class PackStart:
    """pack.yaml read and its texts linted: what every record file is read against."""

    pack: Pack | None
    languages: tuple[str, ...]
    issues: list[Issue]
    lint_issues: list[Issue]
    linter: Linter


@dataclass
class RecordFiles:
    """Some of a pack's record files, read and typed.

    `issues` are the structural problems in file order; `lint_issues` the lint warnings, kept
    apart because a pack's issues list them after its reference problems.
    """

    records: dict[str, list[object]]
    written: dict[str, set[str] | None]
    issues: list[Issue] = field(default_factory=list)
    lint_issues: list[Issue] = field(default_factory=list)


def read_pack_start(location: PackLocation) -> PackStart:
    """pack.yaml: the event, its sources and languages (which every text is typed against)."""
    issues: list[Issue] = []
    texts: list[TextSpot] = []
    pack_file = location.file(PACK_FILE)
    node, found = read_yaml(location.path / PACK_FILE, pack_file)
    issues += found
    pack: Pack | None = None
    languages: tuple[str, ...] = ()
    if node is None and not found:
        missing = not (location.path / PACK_FILE).exists()
        issues.append(issue("structure", pack_file, 1, "", "file not found; every pack needs one" if missing
                            else "file is empty; it must describe the event (id, title, date, languages)"))
    elif node is not None:
        if not isinstance(node, MappingNode):
            issues.append(issue("structure", pack_file, line_of(node), "",
                                f"expected a mapping of fields, got {kind_name(node)}"))
        else:
            f = Fields(node, pack_file, PACK.names, issues, (), texts=texts)
            read = PACK.read(f)
            pack = read if isinstance(read, Pack) else None
            languages = f.languages
    # Texts are linted file by file and then let go: a large pack's texts are never all kept.
    linter = Linter()
    return PackStart(pack, languages, issues, linter.add(texts), linter)


def load_record_files(location: PackLocation, start: PackStart, kinds: tuple[str, ...]) -> RecordFiles:
    """The record files of `kinds`, in that order, each linted as soon as it is read."""
    files = RecordFiles({kind: [] for kind in RECORD_KINDS}, {kind: set() for kind in RECORD_KINDS})
    for kind in kinds:
        files.lint_issues += start.linter.add(read_record_file(location, start, kind, files))
    return files


def read_record_file(location: PackLocation, start: PackStart, kind: str,
                     files: RecordFiles) -> list[TextSpot]:
    """One record file read into `files`; returns its texts, which the caller lints, in file order."""
    texts: list[TextSpot] = []
    records, written = _load_records(location, kind, start.languages, files.issues, texts)
    files.records[kind], files.written[kind] = records, written
    return texts


def _load_pack(location: PackLocation) -> tuple[FactPack | None, list[Issue]]:
    start = read_pack_start(location)
    return finish_pack(location, start, load_record_files(location, start, RECORD_KINDS))


def finish_pack(location: PackLocation, start: PackStart,
                files: RecordFiles) -> tuple[FactPack | None, list[Issue]]:
    """The pack of the files read (all of them, or one process's share of a split check), with
    every structure, reference and lint finding in load order; None when not usable."""
    issues = start.issues + files.issues
    warn_unknown_files(location, issues)
    if start.pack is not None:
        check_references(start.pack, files.records, files.written, issues)
    issues += start.lint_issues + files.lint_issues
    if start.pack is None or any(i.severity == "error" for i in issues):
        return None, issues
    return fact_pack(location, start.pack, files.records), issues


def fact_pack(location: PackLocation, pack: Pack, records: dict[str, list[object]]) -> FactPack:
    """The typed records of a usable pack (or, in a split check, of some of its files)."""
    return FactPack(
        str(location.path),
        pack,
        tuple(r for r in records["numbers"] if isinstance(r, NumberRecord)),
        tuple(r for r in records["quotes"] if isinstance(r, Quote)),
        tuple(r for r in records["people"] if isinstance(r, Person)),
        tuple(r for r in records["positions"] if isinstance(r, Position)),
        tuple(r for r in records["summits"] if isinstance(r, Summit)),
    )


def require_pack(location: PackLocation) -> tuple[FactPack, list[Issue]]:
    """Like `load_pack`, but a pack with structural problems raises `ValidationFailed`."""
    pack, issues = load_pack(location)
    if pack is None:
        # In file and line order, as `check` prints them (not in the order fields are read).
        raise ValidationFailed(sorted((i for i in issues if i.severity == "error"), key=by_place))
    return pack, issues


def _load_records(location: PackLocation, kind: str, languages: tuple[str, ...], issues: list[Issue],
                  texts: list[TextSpot]) -> tuple[list[object], set[str] | None]:
    file = location.file(f"{kind}.yaml")
    out: list[object] = []
    seen: dict[str, int] = {}
    written: set[str] | None = set()
    schema = RECORDS[kind]
    # What the records say is kept apart until the whole file has parsed: after a YAML error
    # only that error is reported, not what a half-read record seems to lack.
    record_issues: list[Issue] = []
    record_texts: list[TextSpot] = []

    def take(item: YamlNode) -> None:
        """Type one record as soon as it is read, so a large file is never held as a whole tree."""
        nonlocal written
        if not isinstance(item, MappingNode):
            record_issues.append(issue("structure", file, line_of(item), "",
                                       f"expected a record (a mapping of fields), got {kind_name(item)}"))
            written = None  # a record without a readable id: any reference may be to it
            return
        ident = peek_id(item)
        if written is not None:
            if ident is None:
                written = None
            else:
                written.add(ident)
        f = Fields(item, file, schema.names, record_issues, languages, record=ident, texts=record_texts)
        record = schema.read(f)
        if f.record is not None:
            if f.record in seen:
                f.add(f.values["id"][1], "id", f"duplicate id '{f.record}' (first at line {seen[f.record]})")
                record = None
            else:
                seen[f.record] = f.line
        if record is not None:
            out.append(record)

    node, found = read_yaml(location.path / f"{kind}.yaml", file, on_item=take)
    issues += found
    if node is None:
        if found:
            return [], None
        issues += record_issues
        texts += record_texts
        return out, written
    if not isinstance(node, SequenceNode):
        issues.append(issue("structure", file, line_of(node), "",
                            f"expected a list of records ('- id: ...'), got {kind_name(node)}"))
        return [], None
    for item in node.value:  # records the reader could not stream (it had to see the whole file)
        take(item)
    issues += record_issues
    texts += record_texts
    return out, written


def warn_unknown_files(location: PackLocation, issues: list[Issue]) -> None:
    known = set(PACK_FILES)
    try:
        names = sorted(os.listdir(location.path))
    except OSError:
        return
    for name in names:
        if name.endswith((".yaml", ".yml")) and name not in known:
            issues.append(issue("structure", location.file(name), 1, "",
                                f"not a pack file and ignored (pack files: {', '.join(sorted(known))})",
                                severity="warning"))


def check_references(pack: Pack, records: dict[str, list[object]], written: dict[str, set[str] | None],
                      issues: list[Issue]) -> None:
    from briefgen.pack.countries import is_known_country

    sources = {s.id for s in pack.sources}
    people = written["people"]
    numbers = written["numbers"]

    def ref(where_file: str, line: int, record: str, field: str, message: str) -> None:
        issues.append(issue("reference", where_file, line, field, message, record))

    for kind in ("numbers", "quotes", "positions", "summits"):
        for r in records[kind]:
            assert isinstance(r, NumberRecord | Quote | Position | Summit)
            for ev in r.check.evidence:
                if ev.source not in sources:
                    ref(ev.where.file, ev.where.line, r.id, "evidence.source",
                        f"unknown source '{ev.source}'")
    for r in records["quotes"]:
        assert isinstance(r, Quote)
        if people is not None and r.speaker not in people:
            ref(r.where.file, r.where.line, r.id, "speaker",
                f"unknown person '{r.speaker}' (not in people.yaml)")
    for r in records["numbers"]:
        assert isinstance(r, NumberRecord)
        for part in r.parts:
            if numbers is not None and part not in numbers:
                ref(r.where.file, r.where.line, r.id, "parts", f"unknown number '{part}'")
    for r in records["positions"]:
        assert isinstance(r, Position)
        if not is_known_country(r.country):
            issues.append(issue("structure", r.where.file, r.where.line, "country",
                                f"'{r.country}' is not an ISO 3166-1 country code known to CLDR"
                                f"{_suggest(r.country)}",
                                r.id))
    for r in records["people"]:
        assert isinstance(r, Person)
        if r.country and not is_known_country(r.country):
            issues.append(issue("structure", r.where.file, r.where.line, "country",
                                f"'{r.country}' is not an ISO 3166-1 country code known to CLDR"
                                f"{_suggest(r.country)}",
                                r.id))


# Codes people write that ISO 3166-1 spells otherwise (UK is reserved, EL is the EU's code for Greece).
_COMMON_MISTAKES = {"UK": "GB", "EL": "GR", "EN": "GB", "KO": "KR", "JA": "JP", "ZH": "CN"}


def _suggest(code: str) -> str:
    right = _COMMON_MISTAKES.get(code)
    return f"; did you mean '{right}'?" if right else ""
