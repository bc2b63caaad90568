"""The Word package around a filled template: parts, relationships, content types, comments, core
properties, languages, and the zip they go in.

Each function is named for the OOXML element it touches, as python-docx's `oxml/` is:

- `relationship_added`      Relationship in a .rels part (pkg relationships)
- `override_added`          Override in [Content_Types].xml
- `package_target`          the target of a package-level Relationship (_rels/.rels)
- `comments_part`           w:comments (word/comments.xml), one w:comment per fact
- `comment_ranges_added`    w:commentRangeStart / w:commentRangeEnd / w:commentReference in a part
- `core_properties_part`    cp:coreProperties (docProps/core.xml)
- `run_languages_marked`    w:r/w:rPr/w:lang on every run of a template part
- `default_language_set`    w:docDefaults/w:rPrDefault/w:rPr/w:lang in styles.xml
- `package_bytes`           the zip, written by the standard `zipfile` with fixed ZipInfo dates
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from datetime import date

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# zlib's fastest level. A Word file carries its template's styles (0.35 MB of XML in the built-in
# one, from python-docx's default), and deflating them at the default level 6 was most of the time
# spent writing a batch's Word files (BENCHMARKS.md); level 1 makes a briefing 9 KB larger (35 KB).
ZIP_LEVEL = 1
MARK = re.compile("\ue000(\\d+)\ue001")  # an entry's number, on its lead (render/docx.py puts it there)
LANG_PLACEHOLDER = "\ue002"  # private use: refused in a pack's text (schema.py), never left in the file


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_R, W_T, W_RPR, W_LANG, W_VAL = (w(t) for t in ("p", "r", "t", "rPr", "lang", "val"))


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would pull in urllib, http and ssl at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serialized(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    found = parent.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


# -- relationships and content types ---------------------------------------------------------------

def package_target(package_rels: bytes, rel_type: str) -> str | None:
    """The part a package-level relationship (_rels/.rels) of this type points to."""
    for rel in etree.fromstring(package_rels):
        if rel.get("Type") == rel_type:
            return str(rel.get("Target")).lstrip("/")
    return None


def relationship_added(rels: bytes, rel_type: str, target: str) -> bytes:
    """The .rels part with one more Relationship, under the first free rId."""
    root = etree.fromstring(rels)
    ids = {r.get("Id") for r in root}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(root, f"{{{R_NS}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=target)
    return serialized(root)


def override_added(content_types: bytes, part: str, content_type: str) -> bytes:
    """[Content_Types].xml with an Override for `part`, unless it has one."""
    root = etree.fromstring(content_types)
    if not any(o.get("PartName") == part for o in root.iter(f"{{{CT_NS}}}Override")):
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=content_type)
    return serialized(root)


# -- comments ------------------------------------------------------------------------------------

def comment_ranges_added(root: etree._Element, comments: list[str] | None, texts: list[str]) -> None:
    """Each marker names an entry: drop it, and (with comments) span its paragraph with a comment.
    A paragraph that holds several entries (a section in its compact form) gets one comment
    with each entry's provenance in turn. The comments' texts are appended to `texts`."""
    marked: list[tuple[etree._Element, list[int]]] = []
    for t in root.iter(W_T):
        text = t.text
        if text is None or "\ue000" not in text:
            continue
        numbers = [int(n) for n in MARK.findall(text)]
        t.text = MARK.sub("", text)
        paragraph = t.getparent()
        while paragraph is not None and paragraph.tag != W_P:
            paragraph = paragraph.getparent()
        if not numbers or paragraph is None:
            continue
        if marked and marked[-1][0] is paragraph:
            marked[-1][1].extend(numbers)
        else:
            marked.append((paragraph, numbers))
    for paragraph, numbers in marked:
        runs = [r for r in paragraph if r.tag == W_R]
        notes = [comments[n] for n in numbers if comments and comments[n]]
        if not runs or not notes:
            continue
        cid = str(len(texts))
        texts.append("\n\n".join(notes) if len(notes) > 1 else notes[0])
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), cid)
        runs[0].addprevious(start)
        end = etree.Element(w("commentRangeEnd"))
        end.set(w("id"), cid)
        runs[-1].addnext(end)
        ref_run = etree.Element(w("r"))
        rpr = etree.SubElement(ref_run, w("rPr"))
        style = etree.SubElement(rpr, w("rStyle"))
        style.set(w("val"), "CommentReference")
        lang = runs[-1].find(f"{w('rPr')}/{w('lang')}")
        if lang is not None:
            rpr.append(copy.deepcopy(lang))
        ref = etree.SubElement(ref_run, w("commentReference"))
        ref.set(w("id"), cid)
        end.addnext(ref_run)


_ANNOTATION_REF = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
_CORE_FIELDS = (("title", "dc:title"), ("subject", "dc:subject"), ("creator", "dc:creator"),
                ("keywords", "cp:keywords"), ("description", "dc:description"),
                ("last_modified_by", "cp:lastModifiedBy"), ("language", "dc:language"))


def comments_part(texts: list[str], stamp: date) -> bytes:
    """word/comments.xml: one w:comment per text, one paragraph per line, dated `stamp`."""
    when = f"{stamp.isoformat()}T00:00:00Z"
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">']
    for n, text in enumerate(texts):
        out.append(f'<w:comment w:id="{n}" w:author="briefgen" w:date="{when}" w:initials="BG">')
        for i, line in enumerate(text.split("\n")):
            ref = _ANNOTATION_REF if i == 0 else ""
            out.append(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{ref}'
                       f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
        out.append("</w:comment>")
    out.append("</w:comments>")
    return "".join(out).encode("utf-8")


# -- core properties -----------------------------------------------------------------------------

def core_properties_part(core: dict[str, str], stamp: date) -> bytes:
    """docProps/core.xml with fixed dates (the briefing's), so equal input gives equal bytes."""
    when = f"{stamp.isoformat()}T00:00:00Z"
    fields = "".join(f"<{tag}>{escape(core.get(key, ''))}</{tag}>" for key, tag in _CORE_FIELDS)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{fields}<cp:revision>1</cp:revision><cp:lastPrinted>{when}</cp:lastPrinted>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    ).encode()


# -- languages -----------------------------------------------------------------------------------

def run_languages_marked(part: bytes) -> str:
    """The template part's XML with a language on every run, its value a placeholder.

    Every run of a briefing is a copy of a run of its template, so the language is set once
    per template, here, and a briefing only swaps in its tag: setting it on each rendered run
    cost more than the rest of the Word output. Character data is not touched: a placeholder
    can only stand in an attribute this function wrote.
    """
    root = etree.fromstring(part)
    for run in root.iter(W_R):
        rpr = next((child for child in run if child.tag == W_RPR), None)
        if rpr is None:
            rpr = etree.Element(W_RPR)
            run.insert(0, rpr)
        for child in rpr:
            if child.tag == W_LANG:
                child.set(W_VAL, LANG_PLACEHOLDER)
                break
        else:
            etree.SubElement(rpr, W_LANG).set(W_VAL, LANG_PLACEHOLDER)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def default_language_set(styles: bytes, lang_tag: str) -> bytes:
    """styles.xml with the document default language set (w:rPrDefault/w:rPr/w:lang)."""
    root = etree.fromstring(styles)
    defaults = _child(root, "docDefaults", first=True)
    rpr = _child(_child(defaults, "rPrDefault", first=True), "rPr")
    lang = _child(rpr, "lang")
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(w(attr), lang_tag)
    return serialized(root)


# -- the zip -------------------------------------------------------------------------------------

def package_bytes(order: list[str], parts: dict[str, bytes]) -> bytes:
    """The parts zipped in a fixed order ([Content_Types].xml first, as Word expects) with fixed
    dates and attributes: same input, same bytes."""
    names = ["[Content_Types].xml"] + [n for n in order if n != "[Content_Types].xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            package.writestr(info, parts[name], compresslevel=ZIP_LEVEL)
    return out.getvalue()
