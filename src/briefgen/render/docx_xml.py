"""The only module that touches WordprocessingML directly (python-docx has no API for these).

Elements touched: w:rFonts and w:lang (in w:rPrDefault and style/run w:rPr), the zip
container's entry dates, and docProps/core.xml through python-docx's core properties.
Read for the one-page estimate: w:docDefaults, a style's w:contextualSpacing and
character spacing (w:rPr/w:spacing), and a list style's indent from numbering.xml.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

if TYPE_CHECKING:
    from datetime import datetime

    from docx.comments import Comment
    from docx.document import Document
    from lxml.etree import _Element

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def _child(parent: _Element, tag: str, first: bool = False) -> _Element:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _set_fonts(rpr: _Element, font: str) -> None:
    """w:rFonts with one font in all four slots; theme fonts removed so they cannot win."""
    rfonts = _child(rpr, "w:rFonts", first=True)
    for attr in list(rfonts.attrib):
        if attr.lower().endswith("theme"):
            del rfonts.attrib[attr]
    for slot in FONT_SLOTS:
        rfonts.set(qn(slot), font)


def _doc_defaults_rpr(doc: Document) -> _Element:
    styles = doc.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    rpr_default = _child(defaults, "w:rPrDefault", first=True)
    return _child(rpr_default, "w:rPr")


def set_style_fonts(doc: Document, font: str, style_names: Iterable[str]) -> None:
    """One font that covers Vietnamese, in every slot of the defaults and of the named styles."""
    _set_fonts(_doc_defaults_rpr(doc), font)
    for name in style_names:
        style = doc.styles[name].element
        _set_fonts(_child(style, "w:rPr"), font)


def set_language(doc: Document, tag: str) -> None:
    """w:lang on the document defaults and on every run, so spelling and hyphenation match."""
    for rpr in [_doc_defaults_rpr(doc)]:
        lang = _child(rpr, "w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)
    body = doc.element.body
    for run in body.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        lang = _child(rpr, "w:lang")
        lang.set(qn("w:val"), tag)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a .docx so equal content gives equal bytes: fixed entry dates and attributes.

    python-docx stamps each zip entry with the current time; the entry order it writes
    is already deterministic and is kept ([Content_Types].xml first, as Word expects).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def set_comment_date(comment: Comment, stamp: datetime) -> None:
    """w:comment/@w:date: python-docx stamps the current time; a fixed one keeps output reproducible."""
    comment._comment_elm.date = stamp


def _twips_attr(el: _Element | None, attr: str) -> float | None:
    if el is None:
        return None
    raw = el.get(qn(attr))
    return None if raw is None else int(raw) / 20.0


def doc_defaults(doc: Document) -> dict[str, float | str | None]:
    """Size, spacing and font of w:docDefaults, the base every style inherits from."""
    styles = doc.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    size = None
    font = None
    if rpr is not None:
        sz = rpr.find(qn("w:sz"))
        size = None if sz is None else int(sz.get(qn("w:val"))) / 2.0
        rfonts = rpr.find(qn("w:rFonts"))
        font = None if rfonts is None else rfonts.get(qn("w:ascii"))
    spacing = None if ppr is None else ppr.find(qn("w:spacing"))
    line = None
    if spacing is not None and spacing.get(qn("w:lineRule"), "auto") == "auto" and spacing.get(qn("w:line")):
        line = int(spacing.get(qn("w:line"))) / 240.0
    return {"size": size, "font": font, "before": _twips_attr(spacing, "w:before"),
            "after": _twips_attr(spacing, "w:after"), "line": line}


def list_indent(doc: Document, style_name: str) -> float | None:
    """Left indent (pt) a list style gets from its numbering definition (w:numPr -> w:lvl/w:ind)."""
    try:
        style = doc.styles[style_name].element
    except KeyError:
        return None
    num_id_el = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id_el is None:
        return None
    numbering = doc.part.numbering_part.element
    num_id = num_id_el.get(qn("w:val"))
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) != num_id:
            continue
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                ind = abstract.find(f"{qn('w:lvl')}/{qn('w:pPr')}/{qn('w:ind')}")
                return _twips_attr(ind, "w:left")
    return None


def contextual_spacing(doc: Document, style_name: str) -> bool:
    """w:contextualSpacing: no space between paragraphs of the same style (list items)."""
    try:
        style = doc.styles[style_name].element
    except KeyError:
        return False
    el = style.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}")
    return el is not None and el.get(qn("w:val"), "1") not in ("0", "false")


def char_spacing(doc: Document, style_name: str) -> float:
    """w:rPr/w:spacing of a style or the nearest style it is based on: points added after each character."""
    try:
        style = doc.styles[style_name]
    except KeyError:
        return 0.0
    while style is not None:
        spacing = style.element.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
        found = _twips_attr(spacing, "w:val")
        if found is not None:
            return found
        style = style.base_style
    return 0.0
