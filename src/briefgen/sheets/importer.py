"""`briefgen import`: a workbook back into the pack's YAML, or every problem and nothing written.

The steps: read the cells (refusing mangled ones), compare each row with its record, place
the edits, read the edited YAML back and confirm it says exactly what the sheet says, then
load and check the pack as edited in a scratch folder. Problems of the edited pack are
reported at the cell that caused them. Only then, and not with --dry-run, are files written.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.errors import ImportRefused
from briefgen.findings import Issue
from briefgen.pack.changes import RecordChange
from briefgen.pack.location import PACK_FILES, PackLocation
from briefgen.pack.yamlio import YamlNode
from briefgen.sheets.cells import CellProblem, Row, open_workbook
from briefgen.sheets.fingerprint import EXPORT_SHEET, fingerprint, read_fingerprints, record_fingerprint
from briefgen.sheets.intended import Intended, Wanted, read_intended
from briefgen.sheets.layout import HELP_SHEET, LIST_SHEETS, RECORD_SHEETS, Column, list_columns, record_sheets
from briefgen.sheets.merge import FilePlan, _key
from briefgen.sheets.table import YamlFile, read_file, read_tables, same
from briefgen.sheets.yamledit import CannotPlace, last_line, start_of


@dataclass
class ImportResult:
    changes: list[RecordChange]
    texts: dict[str, bytes]  # file name -> new bytes, only files that change
    warnings: list[str]
    written: tuple[str, ...] = ()  # the files written, as messages name them

    def report(self, dry_run: bool) -> list[str]:
        """What `briefgen import` prints: the change list, then what it wrote (or that it did not)."""
        from briefgen.pack.changes import describe_changes

        tail = ["dry run: nothing written"] if dry_run else [f"wrote {name}" for name in self.written]
        return describe_changes(self.changes) + tail


def plan_import(workbook: Path, display: str, location: PackLocation, allow_delete: bool) -> ImportResult:
    """Everything an import would do, or ImportRefused with every problem found."""
    from briefgen.pack.loading import read_pack_start

    start = read_pack_start(location)
    if start.pack is None:  # the pack itself must be usable first: its own errors, as `check` gives them
        from briefgen.errors import ValidationFailed

        raise ValidationFailed([i for i in start.issues if i.severity == "error"])
    languages = start.pack.languages
    sheets, problems = open_workbook(workbook, display)
    tables = read_tables(location, languages)
    intended = read_intended(sheets, tables, languages, display, problems)
    warnings = [
        f"{display}: {name}: sheet ignored (not a sheet of the pack)"
        for name in sheets
        if name not in (*RECORD_SHEETS, *LIST_SHEETS, HELP_SHEET, EXPORT_SHEET)
    ]
    base = read_fingerprints(sheets.get(EXPORT_SHEET))
    plans = _plan_files(tables, intended, languages, allow_delete, display, problems, base)
    texts = {}
    for name, plan in plans.items():
        try:
            texts[plan.file.name] = plan.text()
        except CannotPlace as exc:  # pragma: no cover - overlapping edits would be a bug
            problems.append(CellProblem(display, name, "", "", f"cannot place the changes safely ({exc})"))
    # Run even after problems: a cell with a problem counts as unchanged, so what the check finds
    # is about other cells, and every problem is reported in one go.
    if any(text != tables_file(tables, name).text for name, text in texts.items()):
        _confirm(location, texts, intended, languages, display, problems)
        warnings += _check(location, texts, intended, languages, display, problems)
    if problems:
        raise ImportRefused([p.render() for p in _ordered(problems)])
    changes = [c for plan in plans.values() for c in plan.changes]
    data = {
        name: _encode(text, tables_file(tables, name))
        for name, text in texts.items()
        if text != tables_file(tables, name).text
    }
    return ImportResult(changes, data, warnings)


def tables_file(tables: dict[str, YamlFile], name: str) -> YamlFile:
    return next(f for f in tables.values() if f.name == name)


def _encode(text: str, original: YamlFile) -> bytes:
    if original.crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if original.bom else b"") + text.encode("utf-8")


def _plan_files(
    tables: dict[str, YamlFile],
    intended: Intended,
    languages: tuple[str, ...],
    allow_delete: bool,
    display: str,
    problems: list[CellProblem],
    base: dict[tuple[str, str], str] | None,
) -> dict[str, FilePlan]:
    """Each file's edits, for the files that change."""
    specs = record_sheets(languages)
    plans: dict[str, FilePlan] = {}
    for name in RECORD_SHEETS:
        if not intended.records[name] and name in {p.sheet for p in problems if not p.ref}:
            continue  # the sheet itself is unusable: nothing to compare
        plan = FilePlan(specs[name], tables[name], languages)
        try:
            _plan_file(plan, intended.records[name], allow_delete, display, problems, base)
        except CannotPlace as exc:
            problems.append(CellProblem(display, name, "", "", f"cannot place the change safely: {exc}"))
        if plan.changes:
            plans[name] = plan
    return plans


def _plan_file(
    plan: FilePlan,
    wanted: dict[str, Wanted],
    allow_delete: bool,
    display: str,
    problems: list[CellProblem],
    base: dict[tuple[str, str], str] | None,
) -> None:
    """One file's edits. With the export's fingerprints (`base`), a record is taken from the sheet
    only if the desk changed its row, and a change on both sides is a conflict (fingerprint.py)."""
    name, file, languages = plan.spec.name, plan.file, plan.languages
    columns = plan.spec.columns

    def sheet_print(row: Wanted) -> str:
        lists = {sheet: [cells for _, cells in items] for sheet, items in row.lists.items()}
        return fingerprint(name, columns, row.cells, lists, languages)

    def conflict(ref: str, message: str) -> None:
        problems.append(CellProblem(display, name, ref, "id", message))

    for record in file.records:
        row = wanted.get(record.id)
        was = base.get((name, record.id)) if base is not None else None
        yaml_moved = was is not None and record_fingerprint(record, columns, languages) != was
        if row is not None:
            if was is not None and sheet_print(row) == was:
                continue  # the desk did not touch it: the YAML stays as it is now
            if yaml_moved:
                conflict(
                    row.row.ref("id"),
                    f"changed in the sheet and in {file.name} since the export; export "
                    "again and make the sheet's change there",
                )
                continue
            plan.update(record, row)
        elif base is not None and was is None:
            continue  # added to the YAML after the export: not the desk's to remove
        elif yaml_moved:
            conflict(
                "",
                f"record '{record.id}' was deleted in the sheet but changed in {file.name} since the "
                "export; export again",
            )
        elif allow_delete:
            plan.remove(record)
        else:
            conflict(
                "",
                f"record '{record.id}' ({record_where(file, record.node)}) has no row; import with "
                "--allow-delete to remove it, or restore the row",
            )
    known = {r.id for r in file.records}
    for rid, row in wanted.items():
        if rid in known:
            continue
        was = base.get((name, rid)) if base is not None else None
        if was is None:
            plan.add(rid, row)
        elif sheet_print(row) != was:
            conflict(
                row.row.ref("id"),
                f"changed in the sheet but removed from {file.name} since the export; export again",
            )


def record_where(file: YamlFile, node: YamlNode) -> str:
    return f"{file.name} line {start_of(node)[1] + 1}"


def _confirm(
    location: PackLocation,
    texts: dict[str, str],
    intended: Intended,
    languages: tuple[str, ...],
    display: str,
    problems: list[CellProblem],
) -> None:
    """Read the edited YAML back: every record must now say what its row says (a safety net)."""
    specs = record_sheets(languages)
    with tempfile.TemporaryDirectory(prefix="briefgen-import-") as tmp:
        scratch = _scratch(location, Path(tmp), texts)
        for name in RECORD_SHEETS:
            if specs[name].file not in texts:
                continue
            got = {r.id: r for r in read_file(scratch, specs[name], languages).records}
            for rid, wanted in intended.records[name].items():
                record = got.get(rid)
                ok = record is not None and all(
                    same(c, record.cells[c.header], wanted.cells[c.header]) for c in specs[name].columns
                )
                for sheet in LIST_SHEETS:
                    if ok and record is not None and sheet in record.lists:
                        columns = _item_columns(sheet, languages)
                        ok = [_key(columns, i.cells) for i in record.lists[sheet]] == [
                            _key(columns, c) for _, c in wanted.lists.get(sheet, [])
                        ]
                if not ok:
                    problems.append(
                        CellProblem(
                            display,
                            name,
                            wanted.row.ref("id"),
                            "id",
                            "briefgen could not write this record's change exactly; nothing "
                            "was written (please report this)",
                        )
                    )


def _item_columns(sheet: str, languages: tuple[str, ...]) -> tuple[Column, ...]:
    return list_columns(sheet, languages)[1 if sheet == "points" else 2 :]


def _scratch(location: PackLocation, folder: Path, texts: dict[str, str]) -> PackLocation:
    """A copy of the pack's files with the new texts, named in messages as the pack is."""
    for name in PACK_FILES:
        if name in texts:
            (folder / name).write_text(texts[name], encoding="utf-8")
        elif (location.path / name).is_file():
            shutil.copyfile(location.path / name, folder / name)
    return PackLocation(folder, location.display)


def _check(
    location: PackLocation,
    texts: dict[str, str],
    intended: Intended,
    languages: tuple[str, ...],
    display: str,
    problems: list[CellProblem],
) -> list[str]:
    """Load and check the edited pack; its errors become problems at cells, the rest warnings."""
    from briefgen.pack.checking import check_consistency
    from briefgen.pack.loading import load_pack

    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="briefgen-import-") as tmp:
        scratch = _scratch(location, Path(tmp), texts)
        pack, issues = load_pack(scratch)
        if pack is not None:
            issues = issues + check_consistency(pack)
        locate = _Locator(scratch, intended, languages, display)
        for issue in issues:
            found = locate.cell(issue)
            if issue.severity == "error" and pack is None:  # the pack as imported could not be used
                if found is None:
                    problems.append(CellProblem(display, "", "", "", f"after import, {issue.render()}"))
                elif (found.sheet, found.ref) not in intended.bad_cells:
                    problems.append(found)
            elif found is not None:  # a finding `check` reports and `build` warns about
                warnings.append(
                    replace(
                        found, severity="warning" if issue.severity == "error" else issue.severity
                    ).render()
                )
            else:
                warnings.append(f"{display}: after import, {issue.render()}")
    return warnings


class _Locator:
    """From an issue of the edited pack (file, line, field) to the cell it came from.

    A file's records are read (for their lines) only when an issue names that file."""

    def __init__(
        self, scratch: PackLocation, intended: Intended, languages: tuple[str, ...], display: str
    ) -> None:
        self.display = display
        self.scratch = scratch
        self.intended = intended
        self.languages = languages
        self.specs = record_sheets(languages)
        self.spans: dict[str, list[tuple[int, int, str, Row]]] = {}
        self.headers = {name: {c.header for c in spec.columns} for name, spec in self.specs.items()}
        self.headers.update({name: {c.header for c in list_columns(name, languages)} for name in LIST_SHEETS})

    def _spans(self, file_name: str) -> list[tuple[int, int, str, Row]]:
        if file_name in self.spans:
            return self.spans[file_name]
        spans = self.spans[file_name] = []
        for name, spec in self.specs.items():
            if self.scratch.file(spec.file) != file_name:
                continue
            file = read_file(self.scratch, spec, self.languages)
            for record in file.records:
                wanted = self.intended.records[name].get(record.id)
                if wanted is None:
                    continue
                spans.append((start_of(record.node)[1], last_line(file.text, record.node), name, wanted.row))
                for sheet, items in record.lists.items():
                    for item, (row, _) in zip(items, wanted.lists.get(sheet, [])):
                        spans.append((start_of(item.node)[1], last_line(file.text, item.node), sheet, row))
        return spans

    def cell(self, issue: Issue) -> CellProblem | None:
        """The innermost item or record holding the issue's line whose sheet has its field (else
        the innermost one's id cell); None for a line outside every record."""
        line = issue.line - 1
        inside = sorted(
            (s for s in self._spans(issue.file) if s[0] <= line <= s[1]), key=lambda s: s[1] - s[0]
        )
        if not inside:
            return None
        sheet, ref = inside[0][2], inside[0][3].ref("id")
        for _, _, name, row in inside:
            header = self._header(name, issue.field, issue.message)
            if header is not None:
                sheet, ref = name, row.ref(header)
                break
        severity = "error" if issue.severity == "error" else issue.severity
        return CellProblem(self.display, sheet, ref, issue.field, issue.message, severity)

    def _header(self, sheet: str, field: str, message: str) -> str | None:
        import re

        name = field
        for prefix in ("sources.", "evidence."):
            if name.startswith(prefix) and sheet in ("sources", "evidence"):
                name = name[len(prefix) :]
        headers = self.headers.get(sheet, set())
        if name in headers:
            return name
        missing = re.search(r"missing language '([a-z]+)'", message)
        if missing and f"{name}.{missing.group(1)}" in headers:
            return f"{name}.{missing.group(1)}"
        return next((h for h in sorted(headers) if h.startswith(f"{name}.")), None)


def _ordered(problems: list[CellProblem]) -> list[CellProblem]:
    """Problems by sheet (in workbook order), then row, then column."""
    import re

    order = {name: n for n, name in enumerate(("",) + RECORD_SHEETS + LIST_SHEETS)}

    def key(p: CellProblem) -> tuple[int, int, int, str]:
        m = re.fullmatch(r"([A-Z]+)([0-9]+)", p.ref)
        row = int(m.group(2)) if m else 0
        col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(m.group(1)))) if m else 0
        return order.get(p.sheet, 99), row, col, p.message

    seen: set[str] = set()
    out = []
    for p in sorted(problems, key=key):
        if p.render() not in seen:
            seen.add(p.render())
            out.append(p)
    return out


def run_import(workbook: str, pack_arg: str, dry_run: bool, allow_delete: bool) -> list[tuple[str, bool]]:
    """`briefgen import`: each line it prints, with whether it goes to stderr (the warnings)."""
    result = import_workbook(Path(workbook), workbook, pack_arg, dry_run, allow_delete)
    return [(w, True) for w in result.warnings] + [(line, False) for line in result.report(dry_run)]


def import_workbook(
    workbook: Path, display: str, pack_arg: str, dry_run: bool, allow_delete: bool
) -> ImportResult:
    """Plan the import and, unless a dry run, write the changed files (each atomically)."""
    from briefgen.io.atomic import atomic_write_many
    from briefgen.pack.loading import gc_paused, locate_pack

    location = locate_pack(pack_arg)
    with gc_paused():  # hundreds of thousands of small objects, none in a cycle (see loading.py)
        result = plan_import(workbook, display, location, allow_delete)
    if not dry_run and result.texts:
        atomic_write_many(location.path, result.texts)
    if dry_run:
        return ImportResult(result.changes, {}, result.warnings)
    return replace(result, written=tuple(location.file(name) for name in result.texts))
