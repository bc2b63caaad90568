"""A Word template filled straight in its WordprocessingML: docxtpl's tag syntax, no object model.

Why not python-docx + docxtpl at render time: they load and re-serialize every part of
the package (importing them alone costs a tenth of a second), while a briefing only
changes document.xml (and headers/footers), adds comments.xml and rewrites core.xml.
Here the template is read once per process, its tags are prepared and compiled once,
and each briefing is a Jinja render plus one lxml pass; every other part is copied as
bytes. The tag syntax is docxtpl's (`{{ }}`, `{% %}`, `{%p %}` for a whole paragraph,
`{%r %}`, `{%tr %}`, `{%tc %}`), so templates stay interchangeable with docxtpl.

Elements touched: w:p/w:r/w:t (tags), w:rPr/w:lang, w:commentRangeStart/End and
w:commentReference, w:comments, w:rPrDefault/w:lang in styles.xml, cp:coreProperties,
[Content_Types].xml overrides and document relationships.
"""
from __future__ import annotations

import copy
import hashlib
import io
import marshal
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import TemplateSyntaxError
from lxml import etree

from briefgen._speed.cache import cache_key, cached, read_entry, write_entry
from briefgen.errors import TemplatePartError
from briefgen.render.templates import compile_template, error_line, render_bounded
from briefgen.render.untrusted_docx import strip_external

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MARK = re.compile("\ue000(\\d+)\ue001")


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would pull in urllib, http and ssl at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_R, W_T, W_RPR, W_LANG, W_VAL = (w(t) for t in ("p", "r", "t", "rPr", "lang", "val"))


# -- preparing docxtpl-style tags -------------------------------------------------------------

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
    """Template XML -> Jinja source: tags joined, structural tags widened to their element."""
    xml = re.sub(_SPLIT_DELIMITER, "", xml, flags=re.DOTALL)
    xml = re.sub(_TAG, _clean_tag, xml, flags=re.DOTALL)
    # One paragraph per line, so a Jinja error's line number says which paragraph (line 1
    # holds the document's opening tags): the paragraph is line - 1.
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    for element in ("tr", "tc", "p", "r"):
        # `{%p if x %}` stands for the whole paragraph that holds it (likewise rows, cells, runs).
        pattern = re.compile(rf"<w:{element}[ >](?:(?!<w:{element}[ >]).)*?({{%|{{{{){element} (.*?)(%}}|}}}})"
                             rf".*?</w:{element}>", re.DOTALL)
        xml = pattern.sub(lambda m: f"{m.group(1)} {m.group(2).strip()} {m.group(3)}", xml)
    return xml


# -- the package --------------------------------------------------------------------------------

@dataclass
class CompiledPart:
    name: str
    template: object  # jinja2.Template
    offset: int  # Jinja line of the part's first paragraph, minus one


def _prepared_source(name: str, part: bytes) -> str:
    """A template part as Jinja source (languages set, tags joined), kept in the user's cache
    by the part's bytes; a part with a broken tag raises and is never stored."""
    def prepare() -> str:
        try:
            return prepare_xml(_with_run_language(part))
        except TemplateSyntaxError as exc:
            raise TemplatePartError(exc, name, exc.lineno) from exc

    return cached("wordxml", cache_key("wordxml", part), prepare, str.encode, bytes.decode)


def _paragraph(exc: BaseException, offset: int) -> int | None:
    line = getattr(exc, "lineno", None)
    if line is None:
        line = error_line(exc, "<template>")
    return None if line is None else max(1, line - offset)


class WordTemplate:
    """A .docx template read and prepared once; `render` makes one briefing from it."""

    def __init__(self, path: Path, make_environment: object) -> None:
        self.path = path
        package = path.read_bytes()
        self.digest = hashlib.sha256(package).digest()
        with zipfile.ZipFile(io.BytesIO(package)) as z:
            self.order = [i.filename for i in z.infolist() if not i.is_dir()]
            self.parts = {name: z.read(name) for name in self.order}
        # Linked pictures, fetching fields: removed before anything (LibreOffice above all) sees them.
        self.removed = strip_external(self.parts)
        main = self._package_target(REL_DOC)
        if main is None:
            raise ValueError("no main document part")
        self.main = main
        self.rels_name = posixpath.join(posixpath.dirname(self.main), "_rels", posixpath.basename(self.main) + ".rels")
        self.rels = etree.fromstring(self.parts[self.rels_name]) if self.rels_name in self.parts else \
            etree.Element(f"{{{R_NS}}}Relationships", nsmap={None: R_NS})  # type: ignore[dict-item]
        env = make_environment()  # type: ignore[operator]
        self.compiled: list[CompiledPart] = []
        self.sources: dict[str, str] = {}  # each part's Jinja source (for template checks)
        for name in [self.main] + self._related(REL_HEADER) + self._related(REL_FOOTER):
            source = _prepared_source(name, self.parts[name])
            self.sources[name] = source
            first = source.find("\n<w:p")
            offset = source.count("\n", 0, first) + 1 if first >= 0 else 0
            try:
                self.compiled.append(CompiledPart(name, compile_template(env, source, None, None), offset))
            except Exception as exc:
                raise TemplatePartError(exc, name, _paragraph(exc, offset)) from exc
        self._styles_by_lang: dict[str, bytes] = {}
        self._packed_langs: set[str] = set()
        # What every briefing of this template shares, worked out once.
        styles = self._related(REL_STYLES)
        self.styles_name = styles[0] if styles else None
        self.core_name = self._package_target(REL_CORE) or "docProps/core.xml"
        self.rels_with_comments = self.parts.get(self.rels_name, etree.tostring(self.rels))
        if not any(r.get("Type") == REL_COMMENTS for r in self.rels):
            self.rels_with_comments = _add_rel(self.rels_with_comments, REL_COMMENTS, "comments.xml")

    def _package_target(self, rel_type: str) -> str | None:
        """The part a package-level relationship (_rels/.rels) of this type points to."""
        for rel in etree.fromstring(self.parts["_rels/.rels"]):
            if rel.get("Type") == rel_type:
                return str(rel.get("Target")).lstrip("/")
        return None

    def _related(self, rel_type: str) -> list[str]:
        base = posixpath.dirname(self.main)
        return sorted(posixpath.normpath(posixpath.join(base, str(r.get("Target"))))
                      for r in self.rels if r.get("Type") == rel_type and r.get("TargetMode") != "External")

    def render_xml(self, context: dict[str, object]) -> dict[str, str]:
        """Each filled part (body, headers, footers) as XML text, nothing added."""
        out = {}
        for part in self.compiled:
            try:
                out[part.name] = part.template.render(context)  # type: ignore[attr-defined]
            except Exception as exc:
                raise TemplatePartError(exc, part.name, _paragraph(exc, part.offset)) from exc
        return out

    def render(self, context: dict[str, object], lang_tag: str, comments: list[str] | None, stamp: date,
               core: dict[str, str]) -> bytes:
        """The filled package as .docx bytes, identical for identical input."""
        parts = dict(self.parts)
        comment_texts: list[str] = []
        for part in self.compiled:
            try:
                xml = render_bounded(part.template, context)  # type: ignore[arg-type]
            except Exception as exc:
                raise TemplatePartError(exc, part.name, _paragraph(exc, part.offset)) from exc
            xml = re.sub(r"\n(<w:p[ >]|{[%{])", r"\1", xml).replace(LANG_PLACEHOLDER, lang_tag)
            root = etree.fromstring(xml.encode("utf-8"))
            _attach_comments(root, comments, comment_texts)
            parts[part.name] = _serialize(root)
        if self.styles_name:
            parts[self.styles_name] = self._styles(self.styles_name, lang_tag)
        order = list(self.order)
        if comment_texts:
            name = posixpath.join(posixpath.dirname(self.main), "comments.xml")
            parts[name] = _comments_xml(comment_texts, stamp)
            if name not in order:
                order.append(name)
            parts[self.rels_name] = self.rels_with_comments
            parts["[Content_Types].xml"] = _content_types_with(parts["[Content_Types].xml"], "/" + name, CT_COMMENTS)
        core_name = self.core_name
        parts[core_name] = _core_xml(core, stamp)
        if core_name not in order:
            order.append(core_name)
            parts["_rels/.rels"] = _add_rel(parts["_rels/.rels"], REL_CORE, core_name)
            parts["[Content_Types].xml"] = _content_types_with(parts["[Content_Types].xml"], "/" + core_name, CT_CORE)
        if self.rels_name not in order:
            order.append(self.rels_name)
        shared = {id(b) for b in self.parts.values()} | {id(b) for b in self._styles_by_lang.values()}
        packed_names = [n for n in order if id(parts[n]) in shared]
        stored = self._load_packed(lang_tag, packed_names, parts)
        package = _zip(order, parts, shared)
        if not stored:
            write_entry("zipparts", cache_key("zipparts", self.digest, lang_tag),
                        marshal.dumps({n: _DEFLATED[parts[n]] for n in packed_names if parts[n] in _DEFLATED}))
        return package

    def _load_packed(self, lang_tag: str, names: list[str], parts: dict[str, bytes]) -> bool:
        """The compressed unchanged parts (styles in this language included) from the user's cache,
        one entry per template and language; False when they must be compressed (and stored)."""
        if lang_tag in self._packed_langs:
            return True
        self._packed_langs.add(lang_tag)
        payload = read_entry("zipparts", cache_key("zipparts", self.digest, lang_tag))
        if payload is None:
            return False
        try:
            table = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return False
        for name in names:
            packed = table.get(name) if isinstance(table, dict) else None
            if isinstance(packed, tuple) and len(packed) == 2:
                _DEFLATED.setdefault(parts[name], packed)
        return True

    def _styles(self, name: str, lang_tag: str) -> bytes:
        """styles.xml with the document default language set (w:rPrDefault/w:rPr/w:lang)."""
        if lang_tag not in self._styles_by_lang:
            self._styles_by_lang[lang_tag] = cached("styles", cache_key("styles", self.digest, name, lang_tag),
                                                    lambda: self._styles_in(name, lang_tag), bytes, bytes)
        return self._styles_by_lang[lang_tag]

    def _styles_in(self, name: str, lang_tag: str) -> bytes:
        root = etree.fromstring(self.parts[name])
        defaults = _child(root, "docDefaults", first=True)
        rpr = _child(_child(defaults, "rPrDefault", first=True), "rPr")
        lang = _child(rpr, "lang")
        for attr in ("val", "eastAsia", "bidi"):
            lang.set(w(attr), lang_tag)
        return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
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


LANG_PLACEHOLDER = "\ue002"  # private use: refused in a pack's text (schema.py), never left in the file


def _with_run_language(part: bytes) -> str:
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


def _attach_comments(root: etree._Element, comments: list[str] | None, texts: list[str]) -> None:
    """Each marker names an entry: drop it, and (with comments) span its paragraph with a comment.
    A paragraph that holds several entries (a section in its compact form) gets one comment
    with each entry's provenance in turn."""
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


def _comments_xml(texts: list[str], stamp: date) -> bytes:
    when = f"{stamp.isoformat()}T00:00:00Z"
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">']
    for n, text in enumerate(texts):
        out.append(f'<w:comment w:id="{n}" w:author="briefgen" w:date="{when}" w:initials="BG">')
        for i, line in enumerate(text.split("\n")):
            ref = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>' if i == 0 else ""
            out.append(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{ref}'
                       f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
        out.append("</w:comment>")
    out.append("</w:comments>")
    return "".join(out).encode("utf-8")


def _core_xml(core: dict[str, str], stamp: date) -> bytes:
    when = f"{stamp.isoformat()}T00:00:00Z"
    fields = "".join(f"<{tag}>{escape(core.get(key, ''))}</{tag}>" for key, tag in (
        ("title", "dc:title"), ("subject", "dc:subject"), ("creator", "dc:creator"), ("keywords", "cp:keywords"),
        ("description", "dc:description"), ("last_modified_by", "cp:lastModifiedBy"), ("language", "dc:language")))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{fields}<cp:revision>1</cp:revision><cp:lastPrinted>{when}</cp:lastPrinted>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    ).encode()


def _content_types_with(data: bytes, part: str, content_type: str) -> bytes:
    root = etree.fromstring(data)
    if not any(o.get("PartName") == part for o in root.iter(f"{{{CT_NS}}}Override")):
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=content_type)
    return _serialize(root)


def _add_rel(data: bytes, rel_type: str, target: str) -> bytes:
    root = etree.fromstring(data)
    ids = {r.get("Id") for r in root}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(root, f"{{{R_NS}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=target)
    return _serialize(root)


_DEFLATED: dict[bytes, tuple[bytes, int]] = {}


def _deflate(data: bytes, keep: bool) -> tuple[bytes, int]:
    """Raw DEFLATE stream and CRC-32 of `data`; `keep` caches it (parts every briefing shares)."""
    if keep and data in _DEFLATED:
        return _DEFLATED[data]
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = (packer.compress(data) + packer.flush(), zlib.crc32(data))
    if keep:
        _DEFLATED[data] = packed
    return packed


def _zip(order: list[str], parts: dict[str, bytes], shared: set[int] | None = None) -> bytes:
    """Entries in a fixed order ([Content_Types].xml first) with fixed dates: same input, same bytes.

    Written by hand rather than with zipfile so that the template's unchanged parts (its styles
    alone are most of the file) are compressed once per process, not once per briefing.
    """
    shared = shared or set()
    names = ["[Content_Types].xml"] + [n for n in order if n != "[Content_Types].xml"]
    dos_time, dos_date = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00, as zipfile writes it
    out = io.BytesIO()
    central = []
    for name in names:
        data = parts[name]
        packed, crc = _deflate(data, id(data) in shared)
        raw_name = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, dos_time, dos_date, crc, len(packed),
                              len(data), len(raw_name), 0))
        out.write(raw_name)
        out.write(packed)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, dos_time, dos_date, crc,
                                   len(packed), len(data), len(raw_name), 0, 0, 0, 0, 0o644 << 16, offset)
                       + raw_name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), size, start, 0))
    return out.getvalue()


_CACHE: dict[tuple[str, float, int], WordTemplate] = {}


def load_template(path: Path, make_environment: object) -> WordTemplate:
    """One prepared template per file and version, for every briefing of a process."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = WordTemplate(path, make_environment)
    return _CACHE[key]
