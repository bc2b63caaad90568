"""Regenerate templates/briefing.docx, the Word template editors restyle.

Run: python scripts/make_docx_template.py
Why a script: the .docx is a zip an editor changes in Word; this file is its readable,
reviewable source. After an editor restyles the template in Word, keep their .docx
and stop regenerating it.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml.etree import _Element

FONT = "Liberation Sans"  # metric-compatible with Arial; full Vietnamese coverage in fonts-liberation2
# The list styles' bullet glyphs. python-docx's default template draws them from the Symbol
# font, which LibreOffice replaces with OpenSymbol: a second font family in the PDF, with its own
# line height. These characters exist in Liberation Sans, so the page uses one family only.
BULLETS = {"List Bullet": "\u2022", "List Bullet 2": "\u2013"}  # • and –
OUT = Path(__file__).resolve().parents[1] / "templates" / "briefing.docx"

# style name -> (size pt, bold, italic, space before pt, space after pt, colour)
STYLES = {
    "Normal": (10.5, False, False, 0, 3, None),
    "Title": (18, True, False, 0, 2, "1F3864"),
    "Subtitle": (9.5, False, False, 0, 6, "595959"),
    "Heading 1": (12, True, False, 8, 3, "1F3864"),
    "List Bullet": (10.5, False, False, 0, 2, None),
    "List Bullet 2": (10, False, False, 0, 1, None),
    "Quote": (10.5, False, True, 2, 3, "262626"),
}


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


def _doc_defaults_rpr(doc: DocumentObject) -> _Element:
    styles = doc.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    rpr_default = _child(defaults, "w:rPrDefault", first=True)
    return _child(rpr_default, "w:rPr")


def set_style_fonts(doc: DocumentObject, font: str, style_names: Iterable[str]) -> None:
    """One font that covers Vietnamese, in every slot of the defaults and of the named styles."""
    _set_fonts(_doc_defaults_rpr(doc), font)
    for name in style_names:
        style = doc.styles[name].element
        _set_fonts(_child(style, "w:rPr"), font)


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


FLAG = "Unverified"  # the character style of "(chưa kiểm chứng)" / "(unverified)": bold dark red, not missable


def body(doc: DocumentObject) -> None:
    def para(style: str, *runs: tuple[str, bool | str]) -> None:
        p = doc.add_paragraph(style=style)
        for text, bold in runs:
            run = p.add_run(text)
            if isinstance(bold, str):
                run.style = doc.styles[bold]
            elif bold:
                run.bold = True
            # A placeholder may render with a leading space ("{% if e.translated %} {{ e.translated }}"):
            # without xml:space="preserve" Word and LibreOffice drop it and glue the words together.
            for t in run._r.iter(qn("w:t")):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    para("Title", ("{{ b.title }}", False))
    para("Subtitle", ("{{ b.subtitle }}", False))
    para("Normal", ("{%p for s in b.sections %}", False))
    para("Heading 1", ("{{ s.heading }}", False))
    # A section in its compact form (fitting chooses it to keep every summit): one paragraph,
    # "2004 ASEM-5 · 2006 APEC · …"; `{%r %}` repeats the runs between, so each year stays bold.
    para("Normal", ("{%p if s.compact %}", False))
    para("Normal", ("{%r for e in s.entries %}", False), ("{{ e.lead }}", True),
         (" {{ e.brief }}{% if e.flag %} ({{ e.flag }}){% endif %}{% if e.mark %} ({{ e.mark }}){% endif %}"
          "{% if not loop.last %} · {% endif %}", False),
         ("{%r endfor %}", False))
    para("Normal", ("{%p else %}", False))
    para("Normal", ("{%p for e in s.entries %}", False))
    para("Normal", ("{%p if e.direct %}", False))
    para("Quote", ("{{ e.lead }}", False), ("{% if e.translated %} {{ e.translated }}{% endif %}", False),
         (" — {{ e.attribution }}", False), ("{% if e.flag %} ({{ e.flag }}){% endif %}", FLAG),
         ("{% if e.mark %} ({{ e.mark }}){% endif %}", True))
    para("Normal", ("{%p elif s.key == 'quotes' %}", False))
    para("List Bullet", ("{{ e.lead }}", True), (": {{ e.text }}", False),
         ("{% if e.flag %} ({{ e.flag }}){% endif %}", FLAG),
         ("{% if e.mark %} ({{ e.mark }}){% endif %}", True))
    para("Normal", ("{%p else %}", False))
    para("List Bullet", ("{{ e.lead }}", True), ("{% if e.continues %} {% else %} — {% endif %}{{ e.text }}", False),
         ("{% if e.flag %} ({{ e.flag }}){% endif %}", FLAG),
         ("{% if e.mark %} ({{ e.mark }}){% endif %}", True))
    para("Normal", ("{%p for point in e.points %}", False))
    para("List Bullet 2", ("{{ point }}", False))
    para("Normal", ("{%p endfor %}", False))
    para("Normal", ("{%p endif %}", False))
    para("Normal", ("{%p endfor %}", False))
    para("Normal", ("{%p endif %}", False))
    para("Normal", ("{%p endfor %}", False))
    para("Normal", ("{%p if b.sources_text %}", False))
    para("Sources", ("{{ b.sources_label }}: ", True), ("{{ b.sources_text }}", False))
    para("Normal", ("{%p endif %}", False))


def set_bullets(doc: DocumentObject, bullets: dict[str, str], font: str) -> None:
    """Each list style's bullet: its character (w:lvlText) set in `font` (w:rFonts, all four slots)."""
    numbering = doc.part.numbering_part.element
    for style_name, char in bullets.items():
        num_id = doc.styles[style_name].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        assert num_id is not None, f"{style_name} has no numbering"
        wanted = num_id.get(qn("w:val"))
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == wanted)
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        for lvl in abstract.findall(qn("w:lvl")):
            lvl.find(qn("w:lvlText")).set(qn("w:val"), char)
            rpr = lvl.find(qn("w:rPr"))
            if rpr is None:
                rpr = lvl.makeelement(qn("w:rPr"), {})
                lvl.append(rpr)
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is None:
                rfonts = rpr.makeelement(qn("w:rFonts"), {})
                rpr.insert(0, rfonts)
            rfonts.attrib.clear()  # drops w:hint and theme fonts too
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(slot), font)


def main() -> None:
    doc = Document()
    # python-docx's default template carries Word 2010's stylesWithEffects.xml, a 0.4 MB copy of
    # styles.xml that no current Word or LibreOffice reads: every briefing would carry and deflate it.
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel.rId)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, not python-docx's US Letter
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    styles = doc.styles
    if "Sources" not in [s.name for s in styles]:
        src = styles.add_style("Sources", WD_STYLE_TYPE.PARAGRAPH)
        src.base_style = styles["Normal"]
        STYLES["Sources"] = (8.5, False, False, 8, 0, "404040")
    if FLAG not in [s.name for s in styles]:
        flag = styles.add_style(FLAG, WD_STYLE_TYPE.CHARACTER)
        flag.font.bold = True
        flag.font.color.rgb = RGBColor.from_string("C00000")
    for name, (size, bold, italic, before, after, colour) in STYLES.items():
        style = styles[name]
        font = style.font
        font.size = Pt(size)
        font.bold = bold
        font.italic = italic
        font.color.rgb = RGBColor.from_string(colour) if colour else None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.0
        if name == "Quote":
            fmt.left_indent = Cm(0.6)
        if name in ("Heading 1", "Title"):
            fmt.keep_with_next = True
    set_style_fonts(doc, FONT, [s for s in STYLES])
    set_bullets(doc, BULLETS, FONT)
    # The Title style of python-docx's default template draws a border; keep the look plain.
    title_ppr = styles["Title"].element.find(qn("w:pPr"))
    if title_ppr is not None:
        for border in title_ppr.findall(qn("w:pBdr")):
            title_ppr.remove(border)
    body(doc)
    # python-docx's default template carries a thumbnail of its own sample page: drop it.
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]
    props = doc.core_properties
    props.author = props.last_modified_by = "briefgen"
    props.title = "briefgen briefing template"
    props.comments = ""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    import io

    buf = io.BytesIO()
    doc.save(buf)
    OUT.write_bytes(normalize_zip(buf.getvalue()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
