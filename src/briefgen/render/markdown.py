"""Markdown through Jinja2: every printed value is escaped so pack text reads literally.

Escaping lives in the environment's `finalize`, not in the template: an editor's
template cannot forget it, and the template's own Markdown (`##`, `**`) is untouched.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from briefgen.briefing.sections import Briefing
from briefgen.errors import RenderError
from briefgen.render.templates import compile_template, environment, error_line, is_builtin, render_error

# Characters that can start Markdown syntax anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Syntax that only counts at the start of a line (a block): headings, quotes, list
# markers, thematic breaks and setext underlines. Escaped only where it would act, so
# "1.234.567" stays as written.
_LINE_START = re.compile(r"^(\s*)(?:(#{1,6}|[-+]|\d{1,9}[.)])(?=\s|$)|(>)|([-=]+\s*$))")
# A run of '#' ending a value that ends a heading line is the heading's optional closing
# sequence, and CommonMark drops it: "Top 5 #" would print "Top 5".
_CLOSING_HASHES = re.compile(r"(^|\s)(#+\s*)$")


def _escape_block_start(m: re.Match[str]) -> str:
    marker = m.group(2) or m.group(3) or m.group(4)
    digits = marker.rstrip(".)") if marker[-1] in ".)" and marker[0].isdigit() else ""
    return m.group(1) + digits + "\\" + marker[len(digits):]


def escape_markdown(value: object) -> str:
    """Text as CommonMark shows it literally: `*`, `_`, `#`, `|`, `[x](y)`, `<b>`, `&amp;` stay text."""
    text = "" if value is None else str(value)
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _CLOSING_HASHES.sub(r"\1\\\2", text)
    # The backslash goes before the punctuation ("1\\." not "\\1."): only an escaped ASCII
    # punctuation character reads literally wherever the value lands in a line.
    return _LINE_START.sub(_escape_block_start, text)


def _finalize(value: object) -> object:
    return escape_markdown(value)


def compile_markdown(template: Path) -> jinja2.Template:
    """The template compiled once per file and version, for every briefing of a process."""
    from briefgen._speed.cache import cached

    name = str(template)
    try:
        stat = template.stat()
    except OSError as exc:
        raise RenderError(f"{name}:1: template: cannot read it as UTF-8 text ({exc})") from exc
    return cached("markdown", (name, stat.st_mtime, stat.st_size), lambda: _compile(template))


def _compile(template: Path) -> jinja2.Template:
    name = str(template)
    try:
        source = template.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RenderError(f"{name}:1: template: cannot read it as UTF-8 text ({exc})") from exc
    env = environment(finalize=_finalize, sandboxed=not is_builtin(template))
    try:
        return compile_template(env, source, template.name, name, env.globals)
    except jinja2.TemplateSyntaxError as exc:
        raise render_error(exc, name) from exc


def render_markdown(briefing: Briefing, template: Path) -> str:
    compiled = compile_markdown(template)
    try:
        return compiled.render(b=briefing)
    except Exception as exc:  # an editor's template: every failure is theirs to fix, with a line
        raise render_error(exc, str(template), error_line(exc, str(template))) from exc
