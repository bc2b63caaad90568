"""Pack text escaped so that every common Markdown reader shows it exactly as written.

A briefing's Markdown is pasted into content systems that read different flavours: CommonMark
(markdown-it), GitHub's cmark-gfm, Python-Markdown (Django, MkDocs), markdown2, mistune and
pandoc. They agree on little:

- A backslash escape is honoured by all of them only for the original Markdown's characters,
  ``\\ ` * _ { } [ ] ( ) > # + - . !``; Python-Markdown prints ``\\<`` or ``\\|`` with its
  backslash. Every other character that needs escaping is written as an HTML entity (``&lt;``),
  which all of them decode. A backslash itself is ``&#92;``: markdown2 reads no heading that
  ends in an escaped backslash.
- Some syntax exists in one flavour only, and is escaped all the same: pandoc's smart
  punctuation (``'`` ``"`` ``--`` ``...``), superscript ``^``, subscript and strikethrough ``~``,
  math ``$``, heading attributes ``{``, citations (``@`` after no letter); GitHub's autolinks
  (``www.``, ``http:``; an e-mail address stays one, with its text intact).
- Only what a position needs is escaped: marks that start a block (``#``, ``- ``, ``1.``, ``>``,
  pandoc's ``a)`` or ``| ``) only where the value starts; ``&`` only before what could be read as
  an entity; ``|`` nowhere else, since a briefing prints no table; ``-`` and ``.`` only in runs.

Escaping is context-free: a value may land anywhere in an editor's template line, so every
paired delimiter (``*``, ``_``, `````, ``~``, ``$``…) is escaped wherever it is, since its partner
may come from another value.
"""
from __future__ import annotations

import re

_ENTITY = {
    "\\": "&#92;", "<": "&lt;", "~": "&#126;", "^": "&#94;", "$": "&#36;", '"': "&quot;", "'": "&#39;",
    "&": "&amp;", "@": "&#64;",
}
# Anywhere in a value: autolink starts (GitHub), paired delimiters, raw HTML, entities, and the
# second character of a pandoc smart-punctuation run ("--", "..").
_INLINE = re.compile(r"(?i:https?:|ftp:|mailto:|xmpp:|www\.)"
                     r"|[\\`*_\[\]{<~^$\"']"
                     r"|&(?=[#0-9A-Za-z])|(?<!\w)@"
                     r"|(?<=-)-|(?<=\.)\.")
# Where a value starts a line: headings, list markers (pandoc's letters and roman numerals too),
# block quotes, pandoc's line blocks, definitions, fenced divs and title block, setext underlines.
_BLOCK = re.compile(r"^(?P<space>\s*)(?:"
                    r"(?P<hash>#)"
                    r"|(?P<bullet>[-+])(?=\s|$)"
                    r"|(?P<open>\(?)(?P<num>\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)(?P<delim>[.)])(?=\s|$)"
                    r"|(?P<gt>>)"
                    r"|(?P<entity>[|:%])"
                    r"|(?P<equals>=)(?==*\s*$)"
                    r")")
# A run of '#' ending a heading line is its closing sequence: every reader drops it.
_CLOSING_HASHES = re.compile(r"#+$")


def _inline(m: re.Match[str]) -> str:
    mark = m.group(0)
    if len(mark) > 1:  # "http:" -> "http&#58;", "www." -> "www&#46;": no longer an autolink
        return mark[:-1] + ("&#58;" if mark.endswith(":") else "&#46;")
    if mark in _ENTITY:
        return _ENTITY[mark]
    return "\\" + mark


def _block(m: re.Match[str]) -> str:
    space = m.group("space")
    if m.group("num") is not None:
        opened = "\\(" if m.group("open") else ""
        return f"{space}{opened}{m.group('num')}\\{m.group('delim')}"
    mark = m.group(0)[len(space):]
    if m.group("entity") or m.group("equals"):
        return f"{space}&#{ord(mark)};"
    return f"{space}\\{mark}"


def escape_markdown(value: object) -> str:
    """Text that every common Markdown reader shows literally, with no markup of its own.

    `*tomorrow*`, `<b>`, `{{ today }}`, `&amp;`, `Viet Nam's` and `1. ` read as written in
    CommonMark, GitHub, Python-Markdown, markdown2, mistune and pandoc (tests/test_markdown_readers.py).
    """
    text = "" if value is None else str(value)
    head = _BLOCK.match(text)
    start, rest = (_block(head), text[head.end():]) if head else ("", text)
    # `rest` is escaped by itself: a block mark at the start is never also an inline one.
    body = _INLINE.sub(_inline, rest)
    # Python-Markdown drops a closing run after one escaped '#': every '#' of it is escaped.
    return start + _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group(0)), body)
