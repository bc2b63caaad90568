"""`briefgen check-template DIR`: is an editor's template folder safe to build with?

The same checks run at the start of every `--template` build. For the Word template: the
styles the README asks editors to keep exist, the fonts it names are installed (`fc-list`) and
cover Vietnamese, its tags parse, it uses no name but `b`, and every attribute it reads exists.
For the Markdown template: tags, names and attributes. A problem names the file, the paragraph
as Word shows it (its text, not an internal number) and its style. A missing style or font is a
warning that says what will be used instead; a tag that cannot work is a problem.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import NamedTuple

from briefgen.errors import BriefgenError, UsageProblem
from briefgen.render.templates import DOCX_TEMPLATE, HTML_TEMPLATE, MD_TEMPLATE

KEPT_STYLES = ("Title", "Subtitle", "Heading 1", "List Bullet", "List Bullet 2", "Quote", "Sources")
FALLBACK_STYLE = "Normal"
VIETNAMESE_SAMPLE = "ẠạẶặỆệỢợỰựĐđ"


class TemplateProblem(NamedTuple):
    file: str
    line: int  # the paragraph's number in a Word template (the line in a Markdown one); 1 for the file
    where: str  # "paragraph “{{ e.lead }} …” (style Quote)", or "" for the whole file
    message: str
    severity: str = "error"  # or "warning"

    def render(self) -> str:
        """The contract's one-line form, `file:line: template: message`, naming the paragraph."""
        tag = "" if self.severity == "error" else "warning: "
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}: template: {tag}{where}{self.message}"


class TemplateReport(NamedTuple):
    folder: str
    problems: list[TemplateProblem]

    @property
    def errors(self) -> list[TemplateProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[TemplateProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        return f"{self.folder}: {len(self.errors)} problem(s), {len(self.warnings)} warning(s)"

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def run_check_template(folder: str) -> TemplateReport:
    """`briefgen check-template DIR`."""
    return check_template(Path(folder))


def check_template(folder: Path) -> TemplateReport:
    if not folder.is_dir():
        raise UsageProblem(f"{folder}: no such folder")
    docx, md, html = folder / DOCX_TEMPLATE, folder / MD_TEMPLATE, folder / HTML_TEMPLATE
    if not docx.is_file() and not md.is_file() and not html.is_file():
        raise UsageProblem(f"{folder}: holds none of {MD_TEMPLATE}, {DOCX_TEMPLATE}, {HTML_TEMPLATE}")
    problems: list[TemplateProblem] = []
    if docx.is_file():
        problems += check_word_template(docx)
    for text in (md, html):
        if text.is_file():
            problems += check_markdown_template(text)
    return TemplateReport(str(folder), problems)


# -- the Word template ---------------------------------------------------------------------------

def paragraph_label(text: str, style: str) -> str:
    shown = " ".join(text.split())
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f"paragraph “{shown}” (style {style})" if shown else f"an empty paragraph (style {style})"


def check_word_template(path: Path) -> list[TemplateProblem]:
    from briefgen.render.templates import unusable_word_template

    file = str(path)
    try:
        from briefgen.fitting.measures import read_measures

        measures = read_measures(path)
        paragraphs = _template_paragraphs(path)
    except Exception as exc:  # noqa: BLE001 - an editor's file: any failure is theirs, said in their words
        why = str(unusable_word_template(path, exc)).split("template: ", 1)[-1]
        return [TemplateProblem(file, 1, "", why)]
    problems: list[TemplateProblem] = []
    names = {name.lower(): sid for name, sid in measures.style_ids.items()}
    ids = set(measures.paragraph_styles)
    by_id = {sid: str(props.get("name", sid)) for sid, props in measures.paragraph_styles.items()}
    for part, n, text, style_id in paragraphs:
        if style_id and style_id not in ids:
            message = (f"style '{style_id}' is not in the template; Word and LibreOffice set this "
                       f"paragraph in {FALLBACK_STYLE}")
            label = paragraph_label(text, style_id)
            problems.append(TemplateProblem(_part_file(file, part), n, label, message, "warning"))
    used = {style_id for _, _, _, style_id in paragraphs}
    missing_used = {style_id for style_id in used if style_id and style_id not in ids}
    for name in KEPT_STYLES:
        sid = names.get(name.lower())
        if sid is None and name.replace(" ", "") not in missing_used:  # else its paragraphs said it
            squeezed = name.replace(" ", "").lower()
            renamed = [by_id[s] for s in used if s in by_id and s.replace(" ", "").lower() == squeezed]
            hint = f" (style id {name.replace(' ', '')} is now named '{renamed[0]}')" if renamed else ""
            message = (f"style '{name}' is missing{hint}; the README asks to keep it, and paragraphs without "
                       f"their style are set in {FALLBACK_STYLE}")
            problems.append(TemplateProblem(file, 1, "", message, "warning"))
    problems += _font_problems(file, measures, paragraphs)
    default = by_id.get(measures.default_style, FALLBACK_STYLE)
    shown = [(part, n, text, by_id.get(sid, sid) if sid else default) for part, n, text, sid in paragraphs]
    problems += _tag_problems(path, shown)
    return problems


def _part_file(file: str, part: str) -> str:
    return file if part.endswith("document.xml") else f"{file}[{part}]"


def _template_paragraphs(path: Path) -> list[tuple[str, int, str, str]]:
    """(part, number, text as Word shows it, style id) of every paragraph of the body, headers, footers."""
    import zipfile

    from lxml import etree

    from briefgen.fitting.measures import w

    out = []
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and (n == "word/document.xml" or n.startswith(("word/header", "word/footer")))]
        for name in sorted(names, key=lambda n: (n != "word/document.xml", n)):
            root = etree.fromstring(z.read(name))
            for n, p in enumerate(root.iter(w("p")), start=1):
                style = p.find(f"{w('pPr')}/{w('pStyle')}")
                text = "".join(t.text or "" for t in p.iter(w("t")))
                out.append((name, n, text, str(style.get(w("val"))) if style is not None else ""))
    return out


@cache
def installed_fonts() -> tuple[frozenset[str], frozenset[str]] | None:
    """(every installed family, the families that cover Vietnamese), lower case; None without fc-list."""
    if shutil.which("fc-list") is None:
        return None

    def families(*pattern: str) -> frozenset[str]:
        done = subprocess.run(["fc-list", "--format", "%{family}\n", *pattern], capture_output=True,
                              text=True, timeout=30, check=False)
        return frozenset(f.strip().lower() for line in done.stdout.splitlines() for f in line.split(","))

    return families(), families(":lang=vi")


@cache
def fallback_font(font: str) -> str:
    """The font fontconfig (and so LibreOffice) draws instead of one that is not installed."""
    if shutil.which("fc-match") is None:
        return "a font of LibreOffice's choosing"
    done = subprocess.run(["fc-match", "--format", "%{family}", font], capture_output=True, text=True,
                          timeout=30, check=False)
    return done.stdout.split(",")[0].strip() or "a font of LibreOffice's choosing"


def _font_problems(file: str, measures: object,
                   paragraphs: list[tuple[str, int, str, str]]) -> list[TemplateProblem]:
    from briefgen.fitting.measures import METRIC_TWINS, Measures

    assert isinstance(measures, Measures)
    fonts = installed_fonts()
    if fonts is None:
        message = "fonts not checked: fc-list (fontconfig) is not installed"
        return [TemplateProblem(file, 1, "", message, "warning")]
    everything, vietnamese = fonts
    used_styles = {style for _, _, _, style in paragraphs} | {measures.default_style}
    named: dict[str, list[str]] = {}
    for sid, props in sorted(measures.paragraph_styles.items()):
        font = props.get("run_font") or (measures.theme_fonts.get(str(props.get("run_font_theme")))
                                         if props.get("run_font_theme") else None)
        if font and sid in used_styles:
            named.setdefault(str(font), []).append(str(props.get("name", sid)))
    problems = []
    for font, style_names in sorted(named.items()):
        style = ", ".join(style_names)
        low = font.lower()
        if low not in everything:
            twin = METRIC_TWINS.get(low)
            instead = twin if twin and twin.lower() in everything else fallback_font(font)
            message = f"font '{font}' is not installed; LibreOffice will use '{instead}' instead"
            problems.append(TemplateProblem(file, 1, f"styles {style}", message, "warning"))
        elif low not in vietnamese:
            message = (f"font '{font}' does not cover Vietnamese ({VIETNAMESE_SAMPLE}); letters it lacks "
                       "come from another font")
            problems.append(TemplateProblem(file, 1, f"styles {style}", message, "warning"))
    return problems


def _tag_problems(path: Path, paragraphs: list[tuple[str, int, str, str]]) -> list[TemplateProblem]:
    """Compile every part's tags as a build would, and check every attribute they read.
    `paragraphs`: (part, number, text, style name as Word shows it)."""
    from briefgen.errors import TemplatePartError
    from briefgen.render.templates import environment
    from briefgen.render.wordml import WordTemplate

    def env() -> object:
        return environment(autoescape=True, sandboxed=True)

    labels = {(part, n): paragraph_label(text, style) for part, n, text, style in paragraphs}
    try:
        word = WordTemplate(path, env)
    except TemplatePartError as exc:
        where = labels.get((exc.part, exc.paragraph or 0), "")
        part_file = _part_file(str(path), exc.part)
        return [TemplateProblem(part_file, exc.paragraph or 1, where, jinja_message(exc.error))]
    except Exception as exc:  # noqa: BLE001 - as above
        return [TemplateProblem(str(path), 1, "", f"cannot be read: {type(exc).__name__}: {exc}")]
    problems = []
    for part in word.compiled:
        for line, message in unknown_attributes(word.sources[part.name]):
            paragraph = max(1, line - part.offset)
            where = labels.get((part.name, paragraph), "")
            problems.append(TemplateProblem(_part_file(str(path), part.name), paragraph, where, message))
    return problems


def jinja_message(exc: BaseException) -> str:
    """The message a build prints for a template error (templates.render_error), without its place."""
    from briefgen.render.templates import render_error

    return str(render_error(exc, "", 1)).split(": template: ", 1)[-1]


# -- the Markdown template -----------------------------------------------------------------------

def check_markdown_template(path: Path) -> list[TemplateProblem]:
    """A text template (Markdown or HTML): tags, names and attributes, by line."""
    from jinja2 import TemplateSyntaxError

    from briefgen.render.templates import check_names, environment

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [TemplateProblem(str(path), 1, "", f"cannot read it as UTF-8 text ({exc})")]
    env = environment()
    try:
        check_names(env, env.parse(source))
    except TemplateSyntaxError as exc:
        return [TemplateProblem(str(path), exc.lineno, "", jinja_message(exc))]
    return [TemplateProblem(str(path), line, "", message) for line, message in unknown_attributes(source)]


# -- attributes a template reads -----------------------------------------------------------------

# What a template is given, as the README documents it: every other attribute is a typo.
ATTRIBUTES = {
    "b": ("briefing", ("title", "subtitle", "sections", "sources_label", "sources_text", "lang", "date",
                       "labels", "pack_id", "left_out", "entries")),
    "s": ("section", ("heading", "key", "entries", "compact")),
    "e": ("entry", ("lead", "text", "attribution", "points", "flag", "translated", "direct", "kind",
                    "record_id", "priority", "comment", "sources", "mark", "continues", "brief")),
}
COLLECTIONS = {("b", "sections"): "[s]", ("s", "entries"): "[e]"}  # a loop over one gives its items


def unknown_attributes(source: str) -> list[tuple[int, str]]:
    """(line, message) for each attribute of the briefing, a section or an entry that does not exist,
    and each filter or test Jinja does not have.

    Loop variables take the kind of what they loop over (`for s in b.sections`: a section), so
    `s.headng` is caught before any briefing is rendered, even in a branch no briefing takes.
    """
    from jinja2 import nodes

    from briefgen.render.templates import environment

    env = environment()
    try:
        tree = env.parse(source)
    except Exception:  # noqa: BLE001 - a syntax error is reported by the compile step
        return []
    kinds: dict[str, str] = {"b": "b"}
    out: list[tuple[int, str]] = []

    def kind_of(node: nodes.Node) -> str | None:
        if isinstance(node, nodes.Name):
            return kinds.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = kind_of(node.node)
            return COLLECTIONS.get((owner, node.attr)) if owner else None
        return None

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.Filter) and node.name not in env.filters:
            # Jinja's own words, which it says only when the filter is reached at render time
            out.append((node.lineno, f"No filter named '{node.name}' found."))
        if isinstance(node, nodes.Test) and node.name not in env.tests:
            out.append((node.lineno, f"No test named '{node.name}' found."))
        if isinstance(node, nodes.For) and isinstance(node.target, nodes.Name):
            collection = kind_of(node.iter)
            if collection is not None and collection.startswith("["):
                kinds[node.target.name] = collection[1:-1]
        if isinstance(node, nodes.Getattr):
            owner = kind_of(node.node)
            if owner in ATTRIBUTES and not node.attr.startswith("_"):  # the sandbox refuses those itself
                label, known = ATTRIBUTES[owner]
                if node.attr not in known:
                    name = node.node.name if isinstance(node.node, nodes.Name) else owner
                    listed = ", ".join(f"{name}.{a}" for a in known)
                    article = "an" if label[0] in "aeiou" else "a"
                    message = f"unknown attribute '{name}.{node.attr}': {article} {label} has {listed}"
                    out.append((node.lineno, message))
        for child in node.iter_child_nodes():
            visit(child)

    visit(tree)
    return out


def template_warnings(folder: Path | None) -> list[str]:
    """The checks at the start of a `--template` build: warnings to print, or the first problem raised."""
    if folder is None:
        return []
    report = check_template(folder)
    if report.errors:
        raise TemplateProblems(report)
    return [p.render() for p in report.warnings]


class TemplateProblems(BriefgenError):
    """A template folder whose templates cannot work; every problem is listed."""

    def __init__(self, report: TemplateReport) -> None:
        super().__init__(report.summary())
        self.report = report

    def lines(self) -> list[str]:
        return [f"Error: {p.render()}" for p in self.report.problems if p.severity == "error"]
