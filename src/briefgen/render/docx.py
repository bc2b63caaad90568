"""Word output: the editor's docxtpl template, filled in the sandbox, then finished with python-docx.

Finishing adds what a template cannot express: a comment on every printed fact naming
its source and checker, the run language (vi-VN / en-GB), fixed core properties, and
fixed zip dates so the same pack gives the same bytes.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from briefgen import i18n
from briefgen.errors import RenderError
from briefgen.sections import Briefing, Section
from briefgen.templates import environment, error_line, render_error

if TYPE_CHECKING:
    from docx.document import Document

# Private-use characters mark where each fact starts; they never survive into the file.
_MARK = re.compile("\ue000(\\d+)\ue001")


def _marked(briefing: Briefing) -> Briefing:
    """Prefix each entry's lead with an invisible marker naming the entry, for the comments pass."""
    n = 0
    sections = []
    for s in briefing.sections:
        entries = []
        for e in s.entries:
            entries.append(replace(e, lead=f"\ue000{n}\ue001{e.lead}"))
            n += 1
        sections.append(Section(s.key, s.heading, tuple(entries)))
    return replace(briefing, sections=tuple(sections))


def render_docx(briefing: Briefing, template: Path, comments: bool = True) -> bytes:
    from docxtpl import DocxTemplate

    from briefgen.render.docx_xml import normalize_zip, set_language

    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as exc:  # not a zip, no document part, not a Word file at all
        raise RenderError(f"{template}:1: template: not a usable Word template "
                          f"({type(exc).__name__}: {exc})") from exc
    try:
        tpl.render({"b": _marked(briefing)}, jinja_env=environment(autoescape=True), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise render_error(exc, str(template), _docx_line(exc)) from exc
    except Exception as exc:  # an editor's template: every failure is theirs to fix
        raise render_error(exc, str(template), _docx_line(exc)) from exc
    doc = tpl.docx
    _attach_comments(doc, briefing, comments)
    set_language(doc, i18n.WORD_LANG_TAGS.get(briefing.lang, briefing.lang))
    _core_properties(doc, briefing)
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def _docx_line(exc: BaseException) -> int | None:
    """docxtpl renders one paragraph per line of XML, so a Jinja line is a paragraph number."""
    line = getattr(exc, "lineno", None)
    if line is None:
        line = error_line(exc, "<template>")
    return None if line is None else max(1, line - 1)


def _attach_comments(doc: Document, briefing: Briefing, comments: bool) -> None:
    from briefgen.render.docx_xml import set_comment_date

    entries = briefing.entries()
    for paragraph in doc.paragraphs:
        runs = paragraph.runs
        for run in runs:
            found = _MARK.search(run.text)
            if found is None:
                continue
            run.text = _MARK.sub("", run.text)
            entry = entries[int(found.group(1))]
            if comments and entry.comment:
                comment = doc.add_comment(runs, text=entry.comment, author="briefgen", initials="BG")
                set_comment_date(comment, datetime.combine(briefing.date, time(0, 0)))
            break


def _core_properties(doc: Document, briefing: Briefing) -> None:
    props = doc.core_properties
    stamp = datetime.combine(briefing.date, time(0, 0))
    props.title = briefing.title
    props.subject = briefing.subtitle
    props.language = i18n.WORD_LANG_TAGS.get(briefing.lang, briefing.lang)
    props.author = props.last_modified_by = "briefgen"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.comments = ""
    props.keywords = briefing.pack_id
