"""Word output: the editor's template (docxtpl tag syntax) filled in the sandbox, then finished.

Finishing adds what a template cannot express: a comment on every printed fact naming
its source and checker, the run language (vi-VN / en-GB), fixed core properties, and
fixed zip dates so the same pack gives the same bytes. The work happens in `wordml.py` (the
template), `docxtags.py` (its tags) and `package.py` (the parts around it).
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import i18n
from briefgen.briefing.sections import Briefing
from briefgen.errors import RenderError, TemplatePartError
from briefgen.findings import Issue, issue
from briefgen.render.templates import (
    DOCX_TEMPLATE,
    environment,
    is_builtin,
    render_error,
    template_file,
    unusable_word_template,
)

if TYPE_CHECKING:
    from briefgen.render.wordml import WordTemplate


def _marked(briefing: Briefing) -> Briefing:
    """Prefix each entry's lead with an invisible marker naming the entry, for the comments pass.

    Private-use characters: they cannot occur in a pack's text, and never survive into the file.
    """
    n = 0
    sections = []
    for s in briefing.sections:
        entries = []
        for e in s.entries:
            entries.append(replace(e, lead=f"\ue000{n}\ue001{e.lead}"))
            n += 1
        sections.append(replace(s, entries=tuple(entries)))
    return replace(briefing, sections=tuple(sections))


def word_template(template: Path) -> WordTemplate:
    """The template read and its tags compiled (once per process), or the editor's error."""
    from briefgen.render.wordml import load_template

    try:
        sandboxed = not is_builtin(template)
        return load_template(template, partial(environment, autoescape=True, sandboxed=sandboxed))
    except TemplatePartError as exc:
        raise _part_error(template, exc) from exc
    except Exception as exc:  # not a zip, no document part, not a Word file at all
        raise unusable_word_template(template, exc) from exc


def rendered_parts(briefing: Briefing, template: Path, word: object = None) -> dict[str, str]:
    """The WordprocessingML the template makes of this briefing (body, headers, footers), before
    comments and languages are added: what the one-page estimate measures. `word`: the template
    already loaded (`word_template`)."""
    from briefgen.render.wordml import WordTemplate

    if not isinstance(word, WordTemplate):
        word = word_template(template)
    try:
        return word.render_xml({"b": briefing})
    except TemplatePartError as exc:
        raise _part_error(template, exc) from exc


def render_docx(briefing: Briefing, template: Path, comments: bool = True) -> bytes:
    word = word_template(template)
    tag = i18n.WORD_LANG_TAGS.get(briefing.lang, briefing.lang)
    core = {"title": briefing.title, "subject": briefing.subtitle, "creator": "briefgen",
            "last_modified_by": "briefgen", "language": tag, "keywords": briefing.pack_id}
    notes = [e.comment for e in briefing.entries()] if comments else None
    try:
        return word.render({"b": _marked(briefing)}, tag, notes, briefing.date, core)
    except TemplatePartError as exc:  # an editor's template: every failure is theirs to fix
        raise _part_error(template, exc) from exc


def template_warnings(folder: Path | None, formats: tuple[str, ...], verify_pages: bool) -> list[Issue]:
    """What was removed from the Word template of a build that renders one, because it reached
    outside itself (linked pictures, fetching fields): warnings the build prints once."""
    if not ({"docx", "pdf"} & set(formats) or verify_pages):
        return []
    template = template_file(folder, DOCX_TEMPLATE)
    from briefgen.render.wordml import load_template

    try:
        sandboxed = not is_builtin(template)
        word = load_template(template, partial(environment, autoescape=True, sandboxed=sandboxed))
    except Exception:  # noqa: BLE001 - unusable: render_docx, which ran first, reported it
        return []
    return [issue("structure", str(template), 1, "template",
                  f"removed {r.what} ({r.target[:120]}) from {r.part}: a template may not reach outside "
                  "itself (no network, no other file); embed pictures instead", severity="warning")
            for r in word.removed]


def _part_error(template: Path, exc: TemplatePartError) -> RenderError:
    """For a Word template the line is the paragraph's number (headers and footers are named)."""
    where = str(template) if exc.part.endswith("document.xml") else f"{template}[{exc.part}]"
    return render_error(exc.error, where, exc.paragraph)
