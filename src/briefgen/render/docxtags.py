"""docxtpl's tag syntax made into Jinja source: what a Word template's XML becomes before compiling.

The syntax is docxtpl's (`{{ }}`, `{% %}`, `{%p %}` for a whole paragraph, `{%r %}` for a run,
`{%tr %}` for a table row, `{%tc %}` for a cell), and so is the preparation: a tag Word split over
several runs is joined again, Word's entities and curly quotes inside a tag are undone, and a
structural tag stands for the element that holds it. tests/test_docxtpl_equivalence.py renders
templates through docxtpl itself and through briefgen and compares the paragraphs.
"""
from __future__ import annotations

import re

from jinja2 import TemplateSyntaxError

# Compiled where used (re caches them): a template found in the cache is never prepared again.
_SPLIT_DELIMITER = r"(?<={)(<[^>]*>)+(?=[{%#])|(?<=[%}#])(<[^>]*>)+(?=})"
_TAG = r"{%(?:(?!%}).)*%}|{#(?:(?!#}).)*#}|{{(?:(?!}}).)*}}"
_RUN_BREAK = r"</w:t>.*?(?:<w:t>|<w:t [^>]*>)"
_XML_TAGS = r"<[^>]*>"
_ENTITIES = {"&quot;": '"', "&apos;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&",
             "“": '"', "”": '"', "‘": "'", "’": "'"}


def _clean_tag(m: re.Match[str]) -> str:
    """A tag Word split over several runs, joined again, with Word's entities and curly quotes undone."""
    if "</w:p>" in m.group(0):  # `{{ b.title }` left open: it would swallow what follows
        paragraph = len(re.findall(r"<w:p[ >]", m.string[:m.start()]))
        opening = re.sub(_XML_TAGS, "", m.group(0).split("</w:p>")[0])[:30]
        raise TemplateSyntaxError(f"tag ‘{opening}…’ is not closed in its paragraph", max(1, paragraph))
    text = re.sub(_RUN_BREAK, "", m.group(0), flags=re.DOTALL)
    text = re.sub(_XML_TAGS, "", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def prepare_xml(xml: str) -> str:
    """Template XML -> Jinja source: tags joined, structural tags widened to their element.

    One paragraph per line, so a Jinja error's line number says which paragraph (line 1 holds
    the document's opening tags: the paragraph is line - 1), and so the one-page estimate can
    remember each rendered paragraph by its line (`fitting/paragraphs.py`).
    """
    xml = re.sub(_SPLIT_DELIMITER, "", xml, flags=re.DOTALL)
    xml = re.sub(_TAG, _clean_tag, xml, flags=re.DOTALL)
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    for element in ("tr", "tc", "p", "r"):
        # `{%p if x %}` stands for the whole paragraph that holds it (likewise rows, cells, runs).
        pattern = re.compile(rf"<w:{element}[ >](?:(?!<w:{element}[ >]).)*?"
                             rf"({{%|{{{{){element} (.*?)(%}}|}}}}).*?</w:{element}>", re.DOTALL)
        xml = pattern.sub(lambda m: f"{m.group(1)} {m.group(2).strip()} {m.group(3)}", xml)
    return xml
