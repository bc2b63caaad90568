"""`briefgen build`: packs and options in, checked briefings out, nothing half-written.

Order matters: every pack is loaded and every option validated, every file rendered
in memory (and, for PDF, laid out by LibreOffice) before the first byte is written.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from briefgen import i18n
from briefgen.briefing.sections import Briefing
from briefgen.build_report import BuildReport, BuiltFile
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
from briefgen.pack.model import FactPack
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
    from briefgen.fitting.search import Fitted
    from briefgen.render.pdf import LibreOffice

def render_files(pack: FactPack, lang: str, sections: tuple[str, ...], formats: tuple[str, ...],
                 options: BuildOptions, extra_drops: int = 0) -> tuple[Fitted, dict[str, bytes]]:
    from briefgen.fitting.estimate import layout_for
    from briefgen.fitting.search import fit_briefing

    docx_template = template_file(options.template, DOCX_TEMPLATE)
    try:
        layout = layout_for(docx_template)
    except RenderError:
        raise
    except Exception as exc:  # not a zip, no document part: the editor's file, not our bug
        raise unusable_word_template(docx_template, exc) from exc
    marks = None
    if options.baseline is not None:
        from briefgen.editions.marks import marks_since

        marks = marks_since(pack, lang, options.baseline)
    fitted = fit_briefing(pack, lang, sections, options.include_unverified, layout, extra_drops, marks)
    briefing = fitted.briefing
    files: dict[str, bytes] = {}
    stem = f"{pack.pack.id}.{lang}"
    for fmt in TEXT_FORMATS:
        if fmt in formats:
            files[f"{stem}.{fmt}"] = render_text(fmt, briefing, options.template, options.comments)
    if "docx" in formats or "pdf" in formats or options.verify_pages or fitted.doubts:
        from briefgen.render.docx import render_docx

        files[f"{stem}.docx"] = render_docx(briefing, docx_template, options.comments)
    if not briefing.sections:  # after rendering, so that a broken template is reported first
        from briefgen.fitting.search import nothing_printable

        raise FitError(f"{stem}: no record would print, so nothing was written: "
                       f"{nothing_printable(list(briefing.left_out), sections)}")
    return fitted, files


Progress = Callable[[str, int, int], None]
Rendered = dict[str, tuple[Briefing, dict[str, bytes]]]
Doubts = dict[str, frozenset[str]]  # stem -> why its estimate cannot be trusted
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
    doubts: Doubts = field(default_factory=dict)  # only the stems whose estimate had a doubt
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
            fitted, files = render_files(pack, lang, outcome.sections, formats, options)
            outcome.rendered[stem] = (fitted.briefing, files)
            if fitted.doubts:
                outcome.doubts[stem] = fitted.doubts
            outcome.bases[stem] = make_basis(location, pack, lang)
    except (RenderError, FitError) as exc:
        outcome.failure = exc
    return outcome


def _prepare_task(task: tuple[PackLocation, tuple[str, ...], BuildOptions]) -> PackOutcome:
    """One pack of a batch. The pack itself is kept only when the build will check pages with
    LibreOffice: from a worker, pickling it back cost the parent a tenth of a batch."""
    location, formats, options = task
    outcome = prepare_pack(location, formats, options)
    if "pdf" not in formats and not options.verify_pages and not outcome.doubts:
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
    template_notes: list[str] = []
    if options.template is not None:
        from briefgen.template_check import template_warnings

        template_file(options.template, MD_TEMPLATE)  # validates the folder before any work
        template_notes = template_warnings(options.template)  # check-template's checks; problems raise
    office = None
    if "pdf" in formats or options.verify_pages:
        from briefgen.render.pdf import LibreOffice

        office = LibreOffice()  # a missing LibreOffice is reported before any briefing is rendered
    try:
        report = _build(locations, formats, options, progress, office)
        report.template_warnings = template_notes
        return report
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
    for outcome in outcomes:
        report.warnings += outcome.warnings
        rendered.update(outcome.rendered)
    doubts: Doubts = {stem: d for outcome in outcomes for stem, d in outcome.doubts.items()}
    packs = {f"{o.pack_id}.{lang}": (o.pack, o.sections) for o in outcomes for lang in o.langs}
    if office is not None:
        rendered = _confirm(rendered, sorted(rendered), packs, formats, options, report, office)
    elif doubts:
        rendered = _confirm_doubtful(rendered, doubts, packs, formats, options, report)
    if options.baseline is not None:
        from briefgen.editions.marks import since_note

        baseline = options.baseline
        report.notes += [since_note(stem, briefing, baseline) for stem, (briefing, _) in rendered.items()]
    files: dict[str, bytes] = {}
    built: list[BuiltFile] = []
    for briefing, data in rendered.values():
        printed = tuple(f"{e.kind}/{e.record_id}" for e in briefing.entries())
        for name, blob in data.items():
            ext = name.rsplit(".", 1)[1]
            if ext in formats:
                files[name] = blob
                built.append(BuiltFile(name, blob, briefing.left_out, printed))
    audits = audit_records(outcomes, rendered, formats, options)
    written = write_outputs(options.out, {**files, **audits}, options.force, report.notes)  # +kept edits
    # Paired by name: write_outputs lists the paths sorted, the files came in build order.
    paths = {path.name: path for path in written}
    report.files = sorted((replace(b, path=paths[b.name]) for b in built), key=lambda b: b.name)
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


Packs = dict[str, tuple[FactPack | None, tuple[str, ...]]]  # stem -> its pack (when kept) and sections


def _confirm(rendered: Rendered, stems: list[str], packs: Packs, formats: tuple[str, ...],
             options: BuildOptions, report: BuildReport, office: LibreOffice) -> Rendered:
    """LibreOffice lays out the Word files of `stems`; any that needs two pages is fitted again."""
    from briefgen.fitting.estimate import layout_for
    from briefgen.fitting.pages import confirm_one_page

    def refit(stem: str, extra: int) -> tuple[Briefing, dict[str, bytes]]:
        pack, sections = packs[stem]
        assert pack is not None  # kept for this (see _prepare_task)
        fitted, files = render_files(pack, stem.rsplit(".", 1)[1], sections, formats, options, extra)
        return fitted.briefing, files

    layout = layout_for(template_file(options.template, DOCX_TEMPLATE))
    rendered, pdfs = confirm_one_page(rendered, stems, office, layout, refit, report.notes)
    if "pdf" in formats:
        from briefgen.render.pdf import reproducible_pdf

        for stem in stems:
            briefing, files = rendered[stem]
            files[f"{stem}.pdf"] = reproducible_pdf(pdfs[stem], briefing.date, briefing.title,
                                                    i18n.WORD_LANG_TAGS[briefing.lang], files[f"{stem}.docx"])
    return rendered


def _confirm_doubtful(rendered: Rendered, doubts: Doubts, packs: Packs, formats: tuple[str, ...],
                      options: BuildOptions, report: BuildReport) -> Rendered:
    """Where the estimate cannot be trusted, LibreOffice confirms the page when it is installed;
    without it the build says the page count is unconfirmed."""
    from briefgen.errors import ToolMissing
    from briefgen.render.pdf import LibreOffice

    reasons = "; ".join(sorted({r for d in doubts.values() for r in d}))
    try:
        office = LibreOffice()
    except ToolMissing:
        report.notes.append(f"warning: one page is unconfirmed for {', '.join(sorted(doubts))}: {reasons}; "
                            "install LibreOffice (or build with --format pdf) to have it checked")
        return rendered
    try:
        office.start()
        rendered = _confirm(rendered, sorted(doubts), packs, formats, options, report, office)
    finally:
        office.close()
    report.notes.append(f"LibreOffice confirmed one page for {', '.join(sorted(doubts))}, since the estimate "
                        f"cannot be trusted for this template: {reasons}")
    return rendered


__all__ = ["BuildOptions", "BuildReport", "all_pack_names", "build"]
