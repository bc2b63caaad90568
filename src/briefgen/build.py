"""`briefgen build`: packs and options in, checked briefings out, nothing half-written.

Order matters: every pack is loaded and every option validated, every file rendered
in memory (and, for PDF, laid out by LibreOffice) before the first byte is written.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen import i18n
from briefgen.errors import FitError, Issue, RenderError, UsageProblem, ValidationFailed
from briefgen.loading import PackLocation, load_pack, locate_pack
from briefgen.model import SECTIONS, Checked, FactPack
from briefgen.sections import REASON_FIT, Briefing, EntryCache, LeftOut, choose_records, make_briefing
from briefgen.templates import DOCX_TEMPLATE, MD_TEMPLATE, template_file

FORMATS = ("md", "docx", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    lang: str = "all"
    sections: str | None = None
    preset: str | None = None
    formats: str = "md,docx"
    out: Path = Path("out")
    template: Path | None = None
    include_unverified: bool = False
    force: bool = False
    comments: bool = True
    verify_pages: bool = False


@dataclass
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


def parse_list(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise UsageProblem(f"{option}: give at least one of {', '.join(allowed)}")
    for item in items:
        if item not in allowed:
            raise UsageProblem(f"{option} {value}: unknown value '{item}' (choose from {', '.join(allowed)})")
    if len(set(items)) != len(items):
        raise UsageProblem(f"{option} {value}: a value is given twice")
    return tuple(items)


def resolve_languages(pack: FactPack, lang: str) -> tuple[str, ...]:
    if lang == "all":
        langs = pack.pack.languages
    else:
        langs = tuple(dict.fromkeys(x.strip() for x in lang.split(",") if x.strip()))
        if not langs:
            raise UsageProblem("--lang: give vi, en or all")
        missing = [x for x in langs if x not in pack.pack.languages]
        if missing:
            raise UsageProblem(f"--lang {lang}: pack '{pack.pack.id}' has no '{missing[0]}' text "
                               f"(its languages: {', '.join(pack.pack.languages)})")
    unsupported = [x for x in langs if x not in i18n.LANGUAGES]
    if unsupported:
        raise UsageProblem(f"--lang: briefgen has no labels for language '{unsupported[0]}' "
                           f"(it writes {', '.join(i18n.LANGUAGES)})")
    return langs


def resolve_sections(pack: FactPack, sections: str | None, preset: str | None) -> tuple[str, ...]:
    if sections is not None and preset is not None:
        raise UsageProblem("--sections and --preset: choose one")
    if sections is not None:
        return parse_list(sections, SECTIONS, "--sections")
    presets = pack.pack.presets
    if preset is not None:
        if preset not in presets:
            known = ", ".join(sorted(presets)) or "none"
            raise UsageProblem(f"--preset {preset}: pack '{pack.pack.id}' has no such preset (presets: {known})")
        return presets[preset]
    return presets.get("default", SECTIONS)


def check_paths(options: BuildOptions, locations: list[PackLocation]) -> None:
    """An output folder that is an input (a pack, the templates) would overwrite what it reads."""
    out = options.out.resolve()
    for loc in locations:
        pack_dir = loc.path.resolve()
        if out == pack_dir or pack_dir in out.parents:
            raise UsageProblem(f"--out {options.out}: is inside the pack folder {loc.display}; "
                               "briefgen never writes into a pack")
    if options.template is not None and out == options.template.resolve():
        raise UsageProblem(f"--out {options.out}: is the --template folder; outputs would overwrite templates")


def fit_briefing(pack: FactPack, lang: str, sections: tuple[str, ...], include_unverified: bool,
                 layout: object, extra_drops: int = 0) -> Briefing:
    """The briefing with as many records as fit, lowest priority left out first."""
    from briefgen.fitting import PageLayout, fits, next_to_drop

    assert isinstance(layout, PageLayout)
    chosen, left = choose_records(pack, sections, include_unverified)
    cache: EntryCache = {}
    briefing = make_briefing(pack, lang, chosen, left, cache)
    dropped: list[LeftOut] = []
    removed: set[str] = set()

    def drop_one() -> bool:
        nonlocal briefing
        victim = next_to_drop(briefing)
        if victim is None:
            return False
        removed.add(f"{victim.kind}/{victim.record_id}")
        dropped.append(LeftOut(victim.kind, victim.record_id, REASON_FIT))
        briefing = _without(pack, lang, chosen, left, removed, cache)
        return True

    while not fits(briefing, layout) and drop_one():
        pass
    # LibreOffice found the estimate too optimistic: leave out that many more.
    for _ in range(extra_drops):
        drop_one()
    if not fits(briefing, layout):
        kept = ", ".join(f"{e.kind}/{e.record_id}" for e in briefing.entries())
        raise FitError(f"{pack.pack.id}.{lang}: does not fit on one page even with only priority-1 records and "
                       f"one record per section ({kept}); lower priorities, shorten texts or choose fewer sections")
    return replace(briefing, left_out=tuple(left) + tuple(dropped))


def _without(pack: FactPack, lang: str, chosen: dict[str, list[Checked]], left: list[LeftOut],
             removed: set[str], cache: EntryCache) -> Briefing:
    kept = {k: [r for r in rs if f"{k}/{r.id}" not in removed] for k, rs in chosen.items()}
    return make_briefing(pack, lang, kept, left, cache)


def render_files(pack: FactPack, lang: str, sections: tuple[str, ...], formats: tuple[str, ...],
                 options: BuildOptions, extra_drops: int = 0) -> tuple[Briefing, dict[str, bytes]]:
    from briefgen.fitting import layout_for

    docx_template = template_file(options.template, DOCX_TEMPLATE)
    try:
        layout = layout_for(docx_template)
    except Exception as exc:  # not a zip, no document part: the editor's file, not our bug
        raise RenderError(f"{docx_template}:1: template: not a usable Word template "
                          f"({type(exc).__name__}: {exc})") from exc
    briefing = fit_briefing(pack, lang, sections, options.include_unverified, layout, extra_drops)
    files: dict[str, bytes] = {}
    stem = f"{pack.pack.id}.{lang}"
    if "md" in formats:
        from briefgen.render.markdown import render_markdown

        files[f"{stem}.md"] = render_markdown(briefing, template_file(options.template, MD_TEMPLATE)).encode("utf-8")
    if "docx" in formats or "pdf" in formats or options.verify_pages:
        from briefgen.render.docx import render_docx

        files[f"{stem}.docx"] = render_docx(briefing, docx_template, options.comments)
    return briefing, files


def load_packs(pack_args: list[str]) -> list[tuple[PackLocation, FactPack, list[Issue]]]:
    loaded = []
    problems: list[Issue] = []
    for arg in pack_args:
        location = locate_pack(arg)
        pack, issues = load_pack(location)
        if pack is None:
            problems += [i for i in issues if i.severity == "error"]
        else:
            loaded.append((location, pack, issues))
    if problems:
        raise ValidationFailed(problems)
    return loaded


def all_pack_names(facts: Path = Path("facts")) -> list[str]:
    """Every folder under ./facts/ that holds a pack.yaml, by name."""
    if not facts.is_dir():
        raise UsageProblem("--all: there is no ./facts/ folder here")
    return sorted(p.name for p in facts.iterdir() if (p / "pack.yaml").is_file())


Progress = Callable[[str, int, int], None]
Job = tuple[FactPack, tuple[str, ...], tuple[str, ...]]
_TASKS: list[tuple[FactPack, str, tuple[str, ...], tuple[str, ...], BuildOptions]] = []
PARALLEL_FROM = 6  # briefings; below this a second process costs more than it saves


def _render_task(index: int) -> tuple[Briefing, dict[str, bytes]]:
    pack, lang, sections, formats, options = _TASKS[index]
    return render_files(pack, lang, sections, formats, options)


def render_all(jobs: list[Job], formats: tuple[str, ...], options: BuildOptions,
               progress: Progress | None = None) -> dict[str, tuple[Briefing, dict[str, bytes]]]:
    """Every (pack, language) briefing rendered in memory; a batch uses both cores.

    Workers are forked after the first briefing is rendered here, so they inherit the
    warm caches (prepared templates, font metrics, CLDR data) instead of rebuilding them.
    """
    tasks = [(pack, lang, sections, formats, options) for pack, langs, sections in jobs for lang in langs]
    stems = [f"{pack.pack.id}.{lang}" for pack, lang, *_ in tasks]
    results: dict[str, tuple[Briefing, dict[str, bytes]]] = {}

    def done(stem: str, result: tuple[Briefing, dict[str, bytes]]) -> None:
        results[stem] = result
        if progress is not None:
            progress(stem, len(results), len(tasks))

    workers = min(2, os.cpu_count() or 1)
    if len(tasks) < PARALLEL_FROM or workers < 2 or not hasattr(os, "fork"):
        for stem, task in zip(stems, tasks):
            done(stem, render_files(*task))
        return {stem: results[stem] for stem in stems}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    done(stems[0], render_files(*tasks[0]))
    _TASKS[:] = tasks
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for stem, result in zip(stems[1:], pool.map(_render_task, range(1, len(tasks)), chunksize=4)):
                done(stem, result)
    finally:
        _TASKS.clear()
    return {stem: results[stem] for stem in stems}


def build(pack_args: list[str], options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    from briefgen.checking import check_consistency
    from briefgen.output import write_outputs

    formats = parse_list(options.formats, FORMATS, "--format")
    loaded = load_packs(pack_args)
    check_paths(options, [loc for loc, _, _ in loaded])
    if options.template is not None:
        template_file(options.template, MD_TEMPLATE)  # validates the folder before any work
    report = BuildReport()
    jobs = []
    for _, pack, issues in loaded:
        report.warnings += [i for i in issues if i.severity != "error"]
        report.warnings += [replace(i, severity="warning") for i in check_consistency(pack)
                            if i.severity != "info"]
        jobs.append((pack, resolve_languages(pack, options.lang),
                     resolve_sections(pack, options.sections, options.preset)))
    seen: dict[str, str] = {}
    for location, pack, _ in loaded:
        if pack.pack.id in seen:
            raise UsageProblem(f"{seen[pack.pack.id]} and {location.display}: both packs have the id "
                               f"'{pack.pack.id}', so their outputs would overwrite each other")
        seen[pack.pack.id] = location.display
    if "pdf" in formats or options.verify_pages:
        from briefgen.render.pdf import find_soffice

        find_soffice()  # a missing LibreOffice is reported before any briefing is rendered
    rendered = render_all(jobs, formats, options, progress)
    if "pdf" in formats or options.verify_pages:
        from briefgen.render.pdf import confirm_one_page

        rendered = confirm_one_page(rendered, jobs, formats, options, report.notes)
    files: dict[str, bytes] = {}
    for stem, (briefing, data) in rendered.items():
        for name, blob in data.items():
            ext = name.rsplit(".", 1)[1]
            if ext in formats:
                files[name] = blob
                report.files.append(BuiltFile(name, blob, briefing.left_out))
    report.written = write_outputs(options.out, files, options.force)
    return report


__all__ = ["BuildOptions", "BuildReport", "build"]
