"""A Word template's measures: page setup, every style resolved, list indents, fonts.

python-docx opens the template (the Word library this project is built around) and the
measures are resolved the way Word resolves them: a property comes from the paragraph
itself, else its style, else the style that one is based on, else the document defaults
(w:docDefaults); a run's comes from the run, its character style, then its paragraph's.
The result is plain data (JSON), worked out once per template and kept in the user's cache
by the template's bytes (`briefgen._speed.cache`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
ON = {None, "1", "true", "on"}
# Fonts LibreOffice replaces with a metric-compatible one it ships (its VCL replacement table):
# the page is laid out with the replacement's widths, so the estimate uses them too.
METRIC_TWINS = {"arial": "Liberation Sans", "helvetica": "Liberation Sans", "arimo": "Liberation Sans",
                "times new roman": "Liberation Serif", "times": "Liberation Serif",
                "tinos": "Liberation Serif",
                "courier new": "Liberation Mono", "cousine": "Liberation Mono"}
WORD_DEFAULT_FONT = "Times New Roman"  # what Word and LibreOffice use when a document names no font
MEASURES_VERSION = "2"

Props = dict[str, Any]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_SPACING, _IND, _CONTEXTUAL, _NUMPR, _NUMID, _ILVL, _VAL = (
    w(t) for t in ("spacing", "ind", "contextualSpacing", "numPr", "numId", "ilvl", "val"))
_RFONTS, _SZ, _RSTYLE, _ASCII, _ASCII_THEME = (
    w(t) for t in ("rFonts", "sz", "rStyle", "ascii", "asciiTheme"))
_FLAGS = {w("b"): "bold", w("i"): "italic", w("caps"): "caps", w("vanish"): "hidden"}


class PageSetup(NamedTuple):
    width: float  # pt, the page
    height: float
    left: float
    right: float
    top: float
    bottom: float
    header: float  # distance from the page's top edge to the header
    footer: float
    gutter: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right - self.gutter


class Measures(NamedTuple):
    """Everything the estimate needs from a template, resolved once."""

    page: PageSetup
    paragraph_styles: dict[str, Props]  # style id -> resolved paragraph and run properties
    character_styles: dict[str, Props]  # style id -> run properties set along its chain
    default_style: str  # the paragraph style of a paragraph that names none
    style_ids: dict[str, str]  # style name as Word shows it -> style id
    numbering: dict[str, dict[str, Props]]  # numId -> level -> indent
    header_part: str | None  # the header and footer a one-page document shows
    footer_part: str | None
    theme_fonts: dict[str, str]  # "minor"/"major" -> latin typeface

    def to_json(self) -> bytes:
        data = self._asdict()
        data["page"] = self.page._asdict()
        return json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, payload: bytes) -> Measures:
        data = json.loads(payload)
        if not isinstance(data, dict):
            raise TypeError("not a mapping of measures")
        data["page"] = PageSetup(**data["page"])
        return cls(**data)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _twips(value: str | None) -> float | None:
    number = _int(value)
    return None if number is None else number / 20.0


def paragraph_props(ppr: _Element | None) -> Props:
    """The properties a w:pPr sets (and only those), in points."""
    out: Props = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = child.tag
        if tag == _SPACING:
            for key in ("before", "after"):
                value = _twips(child.get(w(key)))
                if value is not None and child.get(w(f"{key}Autospacing")) not in ("1", "true", "on"):
                    out[key] = value
            line = _int(child.get(w("line")))
            if line is not None:
                out["line"] = line
                out["line_rule"] = child.get(w("lineRule")) or "auto"
        elif tag == _IND:
            for key, names in (("left", ("left", "start")), ("right", ("right", "end")),
                               ("hanging", ("hanging",)), ("first_line", ("firstLine",))):
                for name in names:
                    value = _twips(child.get(w(name)))
                    if value is not None:
                        out[key] = value
                        break
        elif tag == _CONTEXTUAL:
            out["contextual"] = child.get(_VAL) in ON
        elif tag == _NUMPR:
            for part in child:
                if part.tag == _NUMID:
                    out["num_id"] = str(part.get(_VAL))
                elif part.tag == _ILVL:
                    out["num_level"] = str(part.get(_VAL))
    return out


def run_props(rpr: _Element | None) -> Props:
    """The properties a w:rPr sets (and only those), in points."""
    out: Props = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = child.tag
        if tag == _RFONTS:
            if child.get(_ASCII):
                out["font"] = str(child.get(_ASCII))
            elif child.get(_ASCII_THEME):
                out["font_theme"] = "major" if str(child.get(_ASCII_THEME)).startswith("major") else "minor"
        elif tag == _SZ:
            size = _int(child.get(_VAL))
            if size is not None:
                out["size"] = size / 2.0
        elif tag in _FLAGS:
            out[_FLAGS[tag]] = child.get(_VAL) in ON
        elif tag == _SPACING:
            tracking = _twips(child.get(_VAL))
            if tracking is not None:
                out["tracking"] = tracking
        elif tag == _RSTYLE:
            out["style"] = str(child.get(_VAL))
    return out


def _chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and all(style.element is not s.element for s in chain):
        chain.append(style)
        style = style.base_style
    return chain


def _merged(layers: list[Props]) -> Props:
    """Later layers are nearer the text and win."""
    out: Props = {}
    for layer in layers:
        out.update(layer)
    return out


def read_measures(path: Path) -> Measures:
    """The template's measures, read with python-docx (a ValueError when it has no page setup)."""
    import zipfile

    import docx
    from docx.enum.style import WD_STYLE_TYPE

    if not zipfile.is_zipfile(path):  # python-docx would only say "package not found"
        raise zipfile.BadZipFile(f"{path} is not a zip archive")
    document = docx.Document(str(path))
    sections = document.sections
    if not len(sections):
        raise ValueError("it has no section, so no page size or margins (w:sectPr)")
    section = sections[-1]
    if section.page_width is None or section.page_height is None or section.top_margin is None:
        raise ValueError("its section sets no page size or margins (w:pgSz, w:pgMar)")

    def pt(length: Any) -> float:
        return float(length.pt) if length is not None else 0.0

    page = PageSetup(pt(section.page_width), pt(section.page_height), pt(section.left_margin),
                     pt(section.right_margin), pt(section.top_margin), pt(section.bottom_margin),
                     pt(section.header_distance), pt(section.footer_distance), pt(section.gutter))
    styles_element = document.styles.element
    defaults_r = run_props(styles_element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"))
    defaults_p = paragraph_props(styles_element.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}"))
    paragraph_styles: dict[str, Props] = {}
    character_styles: dict[str, Props] = {}
    style_ids: dict[str, str] = {}
    default_style = ""
    for style in document.styles:
        if style.style_id is None or style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        chain = list(reversed(_chain(style)))  # the farthest base first
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            style_ids[str(style.name)] = style.style_id
            if style.element.get(w("default")) in ("1", "true", "on"):
                default_style = style.style_id
            p = _merged([defaults_p] + [paragraph_props(s.element.find(w("pPr"))) for s in chain])
            r = _merged([defaults_r] + [run_props(s.element.find(w("rPr"))) for s in chain])
            r.pop("style", None)
            runs = {f"run_{k}": v for k, v in r.items()}
            paragraph_styles[style.style_id] = {**p, **runs, "name": style.name}
        elif style.type == WD_STYLE_TYPE.CHARACTER:
            r = _merged([run_props(s.element.find(w("rPr"))) for s in chain])
            r.pop("style", None)
            character_styles[style.style_id] = {**r, "name": style.name}
    if not default_style:
        default_style = style_ids.get("Normal", "")
        if not default_style:
            paragraph_styles["\0none"] = {f"run_{k}": v for k, v in defaults_r.items()} | defaults_p
            default_style = "\0none"
    return Measures(page, paragraph_styles, character_styles, default_style, style_ids,
                    _numbering(document), *_header_footer(section), _theme_fonts(document))


def _numbering(document: Any) -> dict[str, dict[str, Props]]:
    """numId -> level -> the indent its level sets (w:lvl/w:pPr/w:ind)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[str, Props]] = {}
    for definition in numbering.findall(w("abstractNum")):
        levels = {}
        for level in definition.findall(w("lvl")):
            levels[str(level.get(w("ilvl")) or "0")] = paragraph_props(level.find(w("pPr")))
        abstract[str(definition.get(w("abstractNumId")))] = levels
    out: dict[str, dict[str, Props]] = {}
    for num in numbering.findall(w("num")):
        ref = num.find(w("abstractNumId"))
        if ref is not None:
            out[str(num.get(w("numId")))] = abstract.get(str(ref.get(w("val"))), {})
    return out


def _header_footer(section: Any) -> tuple[str | None, str | None]:
    """Part names of the header and footer the first page shows (none when it shows none)."""
    first = bool(section.different_first_page_header_footer)
    out: list[str | None] = []
    for kind in ("header", "footer"):
        part = getattr(section, f"first_page_{kind}" if first else kind)
        if part.is_linked_to_previous:  # no definition of its own (one section: no header)
            out.append(None)
        else:
            out.append(str(part.part.partname).lstrip("/"))
    return out[0], out[1]


def _theme_fonts(document: Any) -> dict[str, str]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            try:
                theme = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            out = {}
            for kind in ("major", "minor"):
                latin = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None and latin.get("typeface"):
                    out[kind] = str(latin.get("typeface"))
            return out
    return {}


def cached_measures(template: Path) -> Measures:
    """read_measures, kept in the user's cache by the template's bytes (see briefgen._speed.cache)."""
    from briefgen._speed.cache import cache_key, cached

    return cached("measures", cache_key("measures", MEASURES_VERSION, template.read_bytes()),
                  lambda: read_measures(template), Measures.to_json, Measures.from_json)
