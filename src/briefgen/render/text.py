"""The two text formats, Markdown and HTML: one template each, from --template DIR when it has one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.render.templates import HTML_TEMPLATE, MD_TEMPLATE, template_file

if TYPE_CHECKING:
    from pathlib import Path

    from briefgen.briefing.sections import Briefing

TEXT_FORMATS = ("md", "html")


def render_text(fmt: str, briefing: Briefing, folder: Path | None, comments: bool) -> bytes:
    """The briefing as a `.md` or `.html` file's bytes (UTF-8)."""
    if fmt == "md":
        from briefgen.render.markdown import render_markdown

        return render_markdown(briefing, template_file(folder, MD_TEMPLATE)).encode("utf-8")
    from briefgen.render.html import render_html

    return render_html(briefing, template_file(folder, HTML_TEMPLATE), comments).encode("utf-8")


def compile_text(fmt: str, folder: Path | None) -> None:
    """Compile a format's template ahead of rendering (before workers fork, so they share it)."""
    if fmt == "md":
        from briefgen.render.markdown import compile_markdown

        compile_markdown(template_file(folder, MD_TEMPLATE))
    else:
        from briefgen.render.html import compile_html

        compile_html(template_file(folder, HTML_TEMPLATE))
