"""`briefgen build`: packs and options in, checked briefings out, nothing half-written.

Order matters: every pack is loaded and every option validated, every file rendered
in memory (and, for PDF, laid out by LibreOffice) before the first byte is written.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import i18n
from briefgen.briefing.sections import (
    REASON_FIT,
    Briefing,
    EntryCache,
    LeftOut,
    choose_records,
    make_briefing,
)
from briefgen.errors import FitError, RenderError, UsageProblem, ValidationFailed
from briefgen.findings import Issue
from briefgen.options import (
    FORMATS,
    BuildOptions,
    all_pack_names,
    check_paths,
    parse_list,
    require_date,
    resolve_languages,
    resolve_sections,
)
from briefgen.pack.location import PackLocation, locate_pack
from briefgen.pack.model import Checked, FactPack
from briefgen.render.docx import template_warnings
from briefgen.render.templates import (
    DOCX_TEMPLATE,
    HTML_TEMPLATE,
    MD_TEMPLATE,
    template_file,
    unusable_word_template,
)
from briefgen.render.text import TEXT_FORMATS, compile_text, render_text

if TYPE_CHECKING:
    from briefgen.editions.audit import Basis
    from briefgen.render.pdf import LibreOffice

@dataclass(frozen=True)
class BuiltFile:
    name: str
    data: bytes
    left_out: tuple[LeftOut, ...]

    def left_out_by_reason(self) -> dict[str, list[str]]:
        """Records left out, grouped by reason ("kind/id"), in the order they were decided."""
        groups: dict[str, list[str]] = {}
        for left in self.left_out:
            groups.setdefault(left.reason, []).append(f"{left.kind}/{left.record_id}")
        return groups

@dataclass
class BuildReport:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    audits: list[Path] = field(default_factory=list)  # one audit record per briefing, beside it


def fit_briefing(pack: FactPack, lang: str, sections: tuple[str, ...], include_unverified: bool,
                 layout: object, extra_drops: int = 0, marks: Mapping[str, str] | None = None) -> Briefing:
    """The briefing with as many records as fit, lowest priority left out first.

    The order records go in is fixed by priority and position alone (`drop_sequence`), so
    only the number of drops is searched: a first guess from each entry's own height, then
    single steps to the fewest drops that fit (bisection if the guess is far off). Every
    step is a whole-page estimate, since leaving out a quote can move a speaker's title or
    a source to another entry.
    """
    from briefgen.fitting.estimate import Memo, PageLayout, drop_sequence, fits, guess_drops

    assert isinstance(layout, PageLayout)
    chosen, left = choose_records(pack, sections, include_unverified)
    cache: EntryCache = {}
    marks = marks or {}
    full = make_briefing(pack, lang, chosen, left, cache, marks)
    sequence = drop_sequence(full)
    order = [f"{e.kind}/{e.record_id}" for e in sequence]
    tried: dict[int, bool] = {}
    made: dict[int, Briefing] = {0: full}
    memo: Memo = {}

    def without(k: int) -> Briefing:
        if k not in made:
            made[k] = _without(pack, lang, chosen, left, set(order[:k]), cache, marks)
        return made[k]

    def fits_without(k: int) -> bool:
        if k not in tried:
            tried[k] = fits(without(k), layout, memo)
        return tried[k]

    if fits_without(0):
        k = 0
    else:
        k = _fewest_drops(fits_without, guess_drops(full, sequence, layout, memo), len(order))
    # LibreOffice found the estimate too optimistic: leave out that many more.
    k = min(len(order), k + extra_drops)
    briefing = without(k)
    if not fits_without(k):
        kept = ", ".join(f"{e.kind}/{e.record_id}" for e in briefing.entries())
        raise FitError(f"{pack.pack.id}.{lang}: does not fit on one page even with only priority-1 records "
                       f"and one record per section ({kept}); lower priorities, shorten texts or choose "
                       "fewer sections")
    dropped = tuple(LeftOut(e.kind, e.record_id, REASON_FIT) for e in sequence[:k])
    return replace(briefing, left_out=tuple(left) + dropped)


def _fewest_drops(fits_without: Callable[[int], bool], guess: int, most: int, steps: int = 3) -> int:
    """The fewest drops k that fit, where k - 1 does not (`most` when even that does not fit).

    Known: 0 does not fit. From the guess, a few single steps; then bisection between the
    bounds found, so a poor guess costs a logarithm, not a walk.
    """
    if most == 0:
        return 0
    low, high = 0, None  # low does not fit; high fits (None: not known yet)
    guess = max(1, min(guess, most))
    if fits_without(guess):
        high = guess
        for _ in range(steps):
            if high - 1 == low:
                return high
            if not fits_without(high - 1):
                return high
            high -= 1
    else:
        low = guess
        for _ in range(steps):
            if low == most:
                return most
            if fits_without(low + 1):
                return low + 1
            low += 1
    if high is None:
        if low == most or not fits_without(most):
            return most
        high = most
    while high - low > 1:
        middle = (low + high) // 2
        if fits_without(middle):
            high = middle
        else:
            low = middle
    return high


def _without(pack: FactPack, lang: str, chosen: dict[str, list[Checked]], left: list[LeftOut],
             removed: set[str], cache: EntryCache, marks: Mapping[str, str]) -> Briefing:
    kept = {k: [r for r in rs if f"{k}/{r.id}" not in removed] for k, rs in chosen.items()}
    return make_briefing(pack, lang, kept, left, cache, marks)


def render_files(pack: FactPack, lang: str, sections: tuple[str, ...], formats: tuple[str, ...],
                 options: BuildOptions, extra_drops: int = 0) -> tuple[Briefing, dict[str, bytes]]:
    from briefgen.fitting.estimate import layout_for

    docx_template = template_file(options.template, DOCX_TEMPLATE)
    try:
        layout = layout_for(docx_template)
    except Exception as exc:  # not a zip, no document part: the editor's file, not our bug
        raise unusable_word_template(docx_template, exc) from exc
    marks = None
    if options.baseline is not None:
        from briefgen.editions.marks import marks_since

        marks = marks_since(pack, lang, options.baseline)
    briefing = fit_briefing(pack, lang, sections, options.include_unverified, layout, extra_drops, marks)
    files: dict[str, bytes] = {}
    stem = f"{pack.pack.id}.{lang}"
    for fmt in TEXT_FORMATS:
        if fmt in formats:
            files[f"{stem}.{fmt}"] = render_text(fmt, briefing, options.template, options.comments)
    if "docx" in formats or "pdf" in formats or options.verify_pages:
        from briefgen.render.docx import render_docx

        files[f"{stem}.docx"] = render_docx(briefing, docx_template, options.comments)
    return briefing, files


Progress = Callable[[str, int, int], None]
Job = tuple[FactPack, tuple[str, ...], tuple[str, ...]]
Rendered = dict[str, tuple[Briefing, dict[str, bytes]]]
PARALLEL_FROM = 3  # packs; below this a second process costs more than it saves


@dataclass
class PackOutcome:
    """Everything one pack gives a build, as plain data (it may come back from a worker process).

    Failures are kept as data, not raised, so that every pack's structural problems can be
    reported together and nothing is written when any pack fails.
    """

    display: str
    pack: FactPack | None = None  # kept only where the caller needs it (PDF page checks), see _prepare_task
    pack_id: str = ""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    langs: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    rendered: Rendered = field(default_factory=dict)
    bases: dict[str, Basis] = field(default_factory=dict)  # per briefing stem: what its audit record needs
    usage: str | None = None  # an option this pack cannot honour (exit 2)
    failure: RenderError | FitError | None = None  # raised once every pack's errors are known


def prepare_pack(location: PackLocation, formats: tuple[str, ...], options: BuildOptions) -> PackOutcome:
    """Load, check and render one pack (every language), in memory."""
    from briefgen._speed.pack_cache import load_checked

    outcome = PackOutcome(location.display)
    pack, issues, consistency = load_checked(location)
    if pack is None:
        outcome.errors = [i for i in issues if i.severity == "error"]
        return outcome
    outcome.pack, outcome.pack_id = pack, pack.pack.id
    outcome.warnings = [i for i in issues if i.severity != "error"]
    outcome.warnings += [replace(i, severity="warning") for i in consistency if i.severity != "info"]
    try:
        require_date(pack)
        outcome.langs = resolve_languages(pack, options.lang)
        outcome.sections = resolve_sections(pack, options.sections, options.preset)
    except UsageProblem as exc:
        outcome.usage = str(exc)
        return outcome
    from briefgen.editions.audit import make_basis

    try:
        for lang in outcome.langs:
            stem = f"{pack.pack.id}.{lang}"
            outcome.rendered[stem] = render_files(pack, lang, outcome.sections, formats, options)
            outcome.bases[stem] = make_basis(location, pack, lang)
    except (RenderError, FitError) as exc:
        outcome.failure = exc
    return outcome


def _prepare_task(task: tuple[PackLocation, tuple[str, ...], BuildOptions]) -> PackOutcome:
    """One pack of a batch. The pack itself is kept only when the build will check pages with
    LibreOffice: from a worker, pickling it back cost the parent a tenth of a batch."""
    location, formats, options = task
    outcome = prepare_pack(location, formats, options)
    if "pdf" not in formats and not options.verify_pages:
        outcome.pack = None
    return outcome


def _warm_caches(formats: tuple[str, ...], options: BuildOptions) -> None:
    """Read templates, font metrics and CLDR data once, before workers are forked to share them."""
    from decimal import Decimal
    from functools import partial

    from briefgen.fitting.estimate import layout_for
    from briefgen.pack.countries import territories
    from briefgen.render.templates import environment, is_builtin

    docx_template = template_file(options.template, DOCX_TEMPLATE)
    # A broken template is not reported here: the first pack that renders with it says so.
    with contextlib.suppress(Exception):
        layout_for(docx_template)
        for fmt in TEXT_FORMATS:
            if fmt in formats:
                compile_text(fmt, options.template)
        from briefgen.render.wordml import load_template

        sandboxed = not is_builtin(docx_template)
        load_template(docx_template, partial(environment, autoescape=True, sandboxed=sandboxed))
    for lang in i18n.LANGUAGES:
        i18n.format_decimal(Decimal("1234.5"), lang)
        territories(lang)


def prepare_all(locations: list[PackLocation], formats: tuple[str, ...], options: BuildOptions,
                progress: Progress | None = None) -> list[PackOutcome]:
    """Every pack prepared, in order; a batch spreads them over the cores (`parallel_map`)."""
    from briefgen._speed.parallel import parallel_map

    if len(locations) >= PARALLEL_FROM:
        _warm_caches(formats, options)
    outcomes: list[PackOutcome] = []
    tasks = [(location, formats, options) for location in locations]
    for outcome in parallel_map(_prepare_task, tasks, least=PARALLEL_FROM):
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome.display, len(outcomes), len(locations))
    return outcomes


def build(pack_args: list[str], options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    formats = parse_list(options.formats, FORMATS, "--format")
    locations = [locate_pack(arg) for arg in pack_args]
    check_paths(options, locations)
    if options.template is not None:
        template_file(options.template, MD_TEMPLATE)  # validates the folder before any work
    office = None
    if "pdf" in formats or options.verify_pages:
        from briefgen.render.pdf import LibreOffice

        office = LibreOffice()  # a missing LibreOffice is reported before any briefing is rendered
    try:
        return _build(locations, formats, options, progress, office)
    finally:
        if office is not None:
            office.close()


def _build(locations: list[PackLocation], formats: tuple[str, ...], options: BuildOptions,
           progress: Progress | None, office: LibreOffice | None) -> BuildReport:
    from briefgen.io.output import write_outputs

    if office is not None:
        office.start()  # its start-up overlaps the rendering below
    outcomes = prepare_all(locations, formats, options, progress)
    errors = [i for o in outcomes for i in o.errors]
    if errors:
        raise ValidationFailed(errors)
    for outcome in outcomes:
        if outcome.usage is not None:
            raise UsageProblem(outcome.usage)
    seen: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.pack_id in seen:
            raise UsageProblem(f"{seen[outcome.pack_id]} and {outcome.display}: both packs have the id "
                               f"'{outcome.pack_id}', so their outputs would overwrite each other")
        seen[outcome.pack_id] = outcome.display
    for outcome in outcomes:
        if outcome.failure is not None:
            raise outcome.failure
    report = BuildReport(warnings=template_warnings(options.template, formats, options.verify_pages))
    rendered: Rendered = {}
    jobs: list[Job] = []
    for outcome in outcomes:
        report.warnings += outcome.warnings
        rendered.update(outcome.rendered)
    if "pdf" in formats or options.verify_pages:
        from briefgen.render.pdf import confirm_one_page

        for outcome in outcomes:
            assert outcome.pack is not None  # kept for this (see _prepare_task)
            jobs.append((outcome.pack, outcome.langs, outcome.sections))

        rendered = confirm_one_page(rendered, jobs, formats, options, report.notes, office)
    if options.baseline is not None:
        from briefgen.editions.marks import since_note

        baseline = options.baseline
        report.notes += [since_note(stem, briefing, baseline) for stem, (briefing, _) in rendered.items()]
    files: dict[str, bytes] = {}
    for briefing, data in rendered.values():
        for name, blob in data.items():
            ext = name.rsplit(".", 1)[1]
            if ext in formats:
                files[name] = blob
                report.files.append(BuiltFile(name, blob, briefing.left_out))
    audits = audit_records(outcomes, rendered, formats, options)
    written = write_outputs(options.out, {**files, **audits}, options.force, report.notes)  # +kept edits
    report.written = [path for path in written if path.name in files]
    report.audits = [path for path in written if path.name in audits]
    return report


def audit_records(outcomes: list[PackOutcome], rendered: Rendered, formats: tuple[str, ...],
                  options: BuildOptions) -> dict[str, bytes]:
    """One audit record per briefing: what it printed, on what basis (editions/audit.py)."""
    from briefgen.editions.audit import audit_name, make_audit, template_hashes

    used = [template_file(options.template, MD_TEMPLATE)] if "md" in formats else []
    if "html" in formats:
        used.append(template_file(options.template, HTML_TEMPLATE))
    used.append(template_file(options.template, DOCX_TEMPLATE))  # its page measures fit every format
    templates = template_hashes(used)
    audits: dict[str, bytes] = {}
    for outcome in outcomes:
        for stem, basis in outcome.bases.items():
            briefing, data = rendered[stem]
            settings = {"lang": briefing.lang, "sections": list(outcome.sections), "formats": list(formats),
                        "include_unverified": options.include_unverified, "comments": options.comments,
                        "template": None if options.template is None else str(options.template),
                        "since": None if options.baseline is None else options.baseline.label}
            outputs = {name: blob for name, blob in data.items() if name.rsplit(".", 1)[1] in formats}
            name = audit_name(outcome.pack_id, briefing.lang)
            audits[name] = make_audit(briefing, basis, settings, templates, outputs)
    return audits


__all__ = ["BuildOptions", "BuildReport", "all_pack_names", "build"]
