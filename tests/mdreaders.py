"""The Markdown readers a CMS may use, each turning Markdown into what a reader of the page sees.

A briefing's Markdown is pasted into content systems built on different readers. Each reader
here renders to HTML, and `visible` reads that HTML as a browser shows it: the text (entities
decoded, whitespace folded) of each block between thematic breaks, and the elements used.
pandoc is found on PATH or in the pypandoc-binary wheel; without it its two readers are absent
and `missing_readers` says why.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

Reader = Callable[[str], str]


def _markdown_it(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(text)


def _cmark_gfm(text: str) -> str:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    # GitHub's extensions (tables, strikethrough, autolinks, task lists); raw HTML is kept, so
    # markup injected by data shows up as an element instead of vanishing as a comment.
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def _python_markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text)


def _markdown2(text: str) -> str:
    import markdown2

    return str(markdown2.markdown(text))


def _mistune(text: str) -> str:
    import mistune

    return str(mistune.html(text))


def pandoc_path() -> str | None:
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc
    except ImportError:
        return None
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    return str(bundled) if bundled.is_file() else None


def _pandoc(reader: str) -> Reader:
    def render(text: str) -> str:
        path = pandoc_path()
        assert path is not None
        done = subprocess.run([path, "-f", reader, "-t", "html", "--wrap=none"], input=text.encode("utf-8"),
                              capture_output=True, timeout=60, check=True)
        return done.stdout.decode("utf-8")

    return render


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {
        "markdown-it (CommonMark)": _markdown_it,
        "cmark-gfm (GitHub)": _cmark_gfm,
        "Python-Markdown": _python_markdown,
        "markdown2": _markdown2,
        "mistune": _mistune,
    }
    if pandoc_path() is not None:
        found["pandoc markdown"] = _pandoc("markdown")
        found["pandoc gfm"] = _pandoc("gfm")
    return found


def missing_readers() -> list[str]:
    """Why a reader is not tested here (printed by the tests that skip it)."""
    if pandoc_path() is None:
        return ["pandoc (markdown and gfm readers): no pandoc on PATH and pypandoc-binary is not installed"]
    return []


class _Visible(HTMLParser):
    """Text of each part of a page between <hr> elements, and every element name seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[list[str]] = [[]]
        self.tags: list[set[str]] = [set()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "hr":
            self.parts.append([])
            self.tags.append(set())
            return
        self.tags[-1].add(tag)
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "ul", "ol", "div"):
            self.parts[-1].append(" ")  # a block boundary reads as a space

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            self.parts[-1].append(" ")

    def handle_data(self, data: str) -> None:
        self.parts[-1].append(data)

    def handle_comment(self, data: str) -> None:
        self.tags[-1].add("!--")


_SPACE = re.compile(r"\s+")


def visible(html: str) -> list[tuple[str, set[str]]]:
    """(text, element names) of each part of the page between thematic breaks, as a browser shows it."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return [(_SPACE.sub(" ", "".join(p)).strip(), t) for p, t in zip(parser.parts, parser.tags)]
