"""HTML through Jinja2: one self-contained page per briefing, for the web and for a CMS.

Every value is HTML-escaped by Jinja's autoescape, so pack text never becomes markup. The
page must stay self-contained whatever template made it (templates may come from outside
the newsroom): after rendering, `check_self_contained` refuses a page that would run a
script or fetch anything (a script, a frame, an external image, font or style sheet, an
event handler, a CSS `url()`, `image-set()` or `@import` that is not `data:`), or that lacks the
restrictive Content-Security-Policy which makes a browser refuse them too.
"""
from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from briefgen.briefing.sections import Briefing, Section
from briefgen.errors import RenderError
from briefgen.render.templates import compile_text_template, error_line, render_error

# Elements that run code, embed another document or fetch a resource by themselves.
_FORBIDDEN = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
                        "base", "form", "portal", "noscript", "template", "svg", "math"})
# Attributes whose value a browser loads (a link's href only navigates when clicked: allowed).
_LOADED = frozenset({"src", "srcset", "poster", "data", "background", "action", "formaction", "ping",
                     "xlink:href"})
_CSS_FETCH = re.compile(r"@import|url\s*\(\s*(?!['\"]?data:)|image-set\s*\(\s*['\"](?!data:)", re.IGNORECASE)


def compile_html(template: Path) -> jinja2.Template:
    """The template compiled once per file and version, with autoescape on."""
    return compile_text_template(template, autoescape=True)


def render_html(briefing: Briefing, template: Path, comments: bool = True) -> str:
    """The page. With `comments=False` (--no-comments) facts carry no provenance title."""
    compiled = compile_html(template)
    if not comments:
        briefing = replace(briefing, sections=tuple(
            Section(s.key, s.heading, tuple(replace(e, comment="") for e in s.entries))
            for s in briefing.sections))
    try:
        page = compiled.render(b=briefing)
    except Exception as exc:  # an editor's template: every failure is theirs to fix, with a line
        raise render_error(exc, str(template), error_line(exc, str(template))) from exc
    check_self_contained(page, template)
    return page


class _Audit(HTMLParser):
    """The first thing in a page that would run code or load a resource, and whether a CSP is set."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: tuple[str, str] | None = None  # (what, a regex finding it in the template)
        self.policy = ""
        self._in_style = False

    def _refuse(self, what: str, where: str) -> None:
        if self.problem is None:
            self.problem = (what, where)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN:
            self._refuse(f"a <{tag}> element (the page must run no script and load nothing)", rf"<{tag}\b")
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            attribute = rf"<{tag}\b[^>]*\b{re.escape(name)}\s*="
            if name.startswith("on"):
                self._refuse(f"an event handler ({name}) on <{tag}> (the page must run no script)", attribute)
            elif name in _LOADED and not value.strip().lower().startswith("data:"):
                self._refuse(f"<{tag} {name}> loads a resource (only data: URLs are allowed)", attribute)
            elif name == "style" and _CSS_FETCH.search(value):
                self._refuse(f"a style on <{tag}> loads a resource (only data: URLs are allowed)",
                             _CSS_FETCH.pattern)
            elif name == "href" and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self._refuse(f"<{tag} href> runs a script", r"(java|vb)script:")
            elif name == "href" and tag != "a" and not value.startswith("#"):
                self._refuse(f"<{tag} href> loads a resource", attribute)
        if tag == "meta":
            if values.get("http-equiv", "").lower() == "content-security-policy":
                self.policy = self.policy or values.get("content", "")
            elif values.get("http-equiv", "").lower() == "refresh":
                self._refuse("a <meta http-equiv=refresh> (the page must not navigate by itself)", "refresh")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_FETCH.search(data):
            self._refuse("its CSS loads a resource (@import or url() that is not data:)", _CSS_FETCH.pattern)


def check_self_contained(page: str, template: Path) -> None:
    """Refuse a page that runs code or loads anything, naming the template line that wrote it."""
    audit = _Audit()
    audit.feed(page)
    audit.close()
    if audit.problem is None and not audit.policy.replace(" ", "").startswith("default-src'none'"):
        missing = ("the page has no <meta http-equiv=\"Content-Security-Policy\" "
                   "content=\"default-src 'none'; "
                   "...\"> (keep the one of briefgen's own template)")
        audit.problem = (missing, "<head")
    if audit.problem is not None:
        what, needle = audit.problem
        raise RenderError(f"{template}:{_line_of(template, needle)}: template: not allowed in an HTML "
                          f"briefing: {what}")


def _line_of(template: Path, pattern: str) -> int:
    """The first template line where `pattern` is found (1 when the markup came from data)."""
    try:
        lines = template.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    found = re.compile(pattern, re.IGNORECASE)
    return next((n for n, line in enumerate(lines, 1) if found.search(line)), 1)
