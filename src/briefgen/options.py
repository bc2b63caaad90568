"""What a build is asked for: the options, checked against each other, the packs and the disk.

Every check here runs before any pack is rendered, so a mistyped option costs nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import i18n
from briefgen.errors import UsageProblem
from briefgen.pack.location import PackLocation
from briefgen.pack.model import SECTIONS, FactPack

if TYPE_CHECKING:
    from briefgen.editions.marks import Baseline

FORMATS = ("md", "docx", "pdf", "html")


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
    baseline: Baseline | None = None  # --since: the earlier edition, read by editions.sides.read_baseline


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


def require_date(pack: FactPack) -> None:
    """A draft may say `date: unknown` (pack/placeholders.py); a briefing needs its as-of date."""
    if pack.pack.date is None:
        where = pack.pack.where
        raise UsageProblem(f"{where.file}:{where.line}: date: unknown: a briefing needs its as-of date; "
                           "write it as YYYY-MM-DD before building")


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
            raise UsageProblem(f"--preset {preset}: pack '{pack.pack.id}' has no such preset "
                               f"(presets: {known})")
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
        raise UsageProblem(f"--out {options.out}: is the --template folder; "
                           "outputs would overwrite templates")


def all_pack_names(facts: Path = Path("facts")) -> list[str]:
    """Every folder under ./facts/ that holds a pack.yaml, by name."""
    if not facts.is_dir():
        raise UsageProblem("--all: there is no ./facts/ folder here")
    return sorted(p.name for p in facts.iterdir() if (p / "pack.yaml").is_file())
