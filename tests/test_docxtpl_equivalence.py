"""Templates stay interchangeable with docxtpl: the same template and briefing rendered through
docxtpl itself and through briefgen give the same paragraphs (style and text, in order)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate
from templategen import restyled

from briefgen.build import resolve_sections
from briefgen.fitting.estimate import layout_for
from briefgen.fitting.search import fit_briefing
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.render.docx import render_docx
from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir, environment

ROOT = Path(__file__).resolve().parents[1]


def paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of the body, headers and footers, whitespace folded."""
    doc = Document(io.BytesIO(docx))
    out = [(p.style.name if p.style is not None else "", " ".join(p.text.split())) for p in doc.paragraphs]
    for section in doc.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                out += [("header/footer", " ".join(p.text.split())) for p in part.paragraphs]
    return out


def through_docxtpl(template: Path, context: dict[str, object]) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env=environment(autoescape=True), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


@pytest.mark.parametrize("restyle", [None, "header-with-logo", "heading-sizes"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_docxtpl_and_briefgen_render_the_same_paragraphs(tmp_path: Path, restyle: str | None, lang: str) -> None:
    template = default_template_dir() / DOCX_TEMPLATE if restyle is None else restyled(tmp_path, restyle) / DOCX_TEMPLATE
    pack, _ = load_pack(locate_pack(str(ROOT / "facts" / "hanoi-convention")))
    assert pack is not None
    briefing = fit_briefing(pack, lang, resolve_sections(pack, None, None), False, layout_for(template)).briefing
    assert any(s.compact for s in briefing.sections)  # the {%r %} runs are exercised too
    ours = paragraphs(render_docx(briefing, template, comments=False))
    theirs = paragraphs(through_docxtpl(template, {"b": briefing}))
    assert ours == theirs
    assert len(ours) > 20 and all(text for style, text in ours if style != "header/footer")
