"""Markdown through Jinja2: every printed value is escaped so pack text reads literally
in every common Markdown reader (`escape.py` says how).

Escaping lives in the environment's `finalize`, not in the template: an editor's
template cannot forget it, and the template's own Markdown (`##`, `**`) is untouched.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from briefgen.briefing.sections import Briefing
from briefgen.render.escape import escape_markdown
from briefgen.render.templates import compile_text_template, error_line, render_error

__all__ = ["compile_markdown", "escape_markdown", "render_markdown"]


def _finalize(value: object) -> object:
    return escape_markdown(value)


def compile_markdown(template: Path) -> jinja2.Template:
    """The template compiled once per file and version, for every briefing of a process."""
    return compile_text_template(template, finalize=_finalize)


def render_markdown(briefing: Briefing, template: Path) -> str:
    compiled = compile_markdown(template)
    try:
        return compiled.render(b=briefing)
    except Exception as exc:  # an editor's template: every failure is theirs to fix, with a line
        raise render_error(exc, str(template), error_line(exc, str(template))) from exc
