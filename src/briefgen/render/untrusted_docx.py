"""A Word template from outside the newsroom, stripped of everything that reaches outside it.

Why: a .docx can *link* a picture instead of embedding it (`TargetMode="External"`, to
`http://…` or to `file:///…/private.png`), pull text or pictures in through fields
(INCLUDEPICTURE, INCLUDETEXT, LINK, DDE), and point VML shapes at URLs. LibreOffice follows
all of these while it lays out a PDF: a template from another desk could make a build send
HTTP requests, or read a private file and print it into the briefing. So before a template's
parts are used, every external relationship (except a hyperlink, which is only a link a reader
may click) is removed with what refers to it, and those fields lose their instruction. Each
removal is reported, so the build says what it took out.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
O_NS = "urn:schemas-microsoft-com:office:office"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Field codes that make a reader fetch or read something: refused in a template.
_FETCHING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|DDE|IMPORT)\b",
                             re.IGNORECASE)
# A part none of these occur in is not parsed. Fields live only in w:instrText and w:fldSimple/@w:instr
# (field names as text would also match colours: "B6DDE8" holds "DDE").
_MAY_HOLD = (b"External", b"instr", b"href", b"src=")
_URL_LIKE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|/)", re.IGNORECASE)


class Removed(NamedTuple):
    part: str
    what: str  # "a linked image", "an INCLUDEPICTURE field", ...
    target: str


def strip_external(parts: dict[str, bytes]) -> list[Removed]:
    """Remove external references from the package's parts, in place; what was removed."""
    removed: list[Removed] = []
    dropped: dict[str, set[str]] = {}  # part -> relationship ids removed from its .rels
    for name in sorted(parts):
        if name.endswith(".rels") and b"External" in parts[name]:
            owner = _rels_owner(name)
            ids = _strip_rels(name, parts, removed)
            if ids:
                dropped[owner] = ids
    for name in sorted(parts):
        if not name.endswith(".xml") or name.endswith(".rels"):
            continue
        data = parts[name]
        if name not in dropped and not any(marker in data for marker in _MAY_HOLD):
            continue
        cleaned = _strip_part(name, data, dropped.get(name, set()), removed)
        if cleaned is not None:
            parts[name] = cleaned
    return removed


def _rels_owner(rels_name: str) -> str:
    """word/_rels/document.xml.rels -> word/document.xml"""
    folder, _, base = rels_name.rpartition("/")
    parent = folder.removesuffix("_rels").rstrip("/")
    return f"{parent}/{base.removesuffix('.rels')}" if parent else base.removesuffix(".rels")


def _strip_rels(name: str, parts: dict[str, bytes], removed: list[Removed]) -> set[str]:
    root = etree.fromstring(parts[name])
    ids: set[str] = set()
    for rel in list(root):
        if rel.get("TargetMode") != "External" or rel.get("Type") == REL_HYPERLINK:
            continue
        kind = str(rel.get("Type", "")).rsplit("/", 1)[-1] or "relationship"
        what = "a linked image" if kind == "image" else f"an external {kind} link"
        removed.append(Removed(name, what, str(rel.get("Target", ""))))
        ids.add(str(rel.get("Id", "")))
        root.remove(rel)
    if ids:
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return ids


def _strip_part(name: str, data: bytes, ids: set[str], removed: list[Removed]) -> bytes | None:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return None  # not XML: the template loader reports it
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr, value in [(str(k), str(v)) for k, v in element.attrib.items()]:
            if attr.startswith(f"{{{DOC_R_NS}}}") and value in ids:
                del element.attrib[attr]  # a:blip r:link, v:imagedata r:id of a removed relationship
                changed = True
            elif attr in (f"{{{O_NS}}}href", "src", "href") and _URL_LIKE.match(value) and \
                    not element.tag.startswith(f"{{{W_NS}}}"):
                removed.append(Removed(name, "a linked picture (VML)", value))
                del element.attrib[attr]
                changed = True
        if element.tag == f"{{{W_NS}}}instrText" and element.text and _FETCHING_FIELD.match(element.text):
            removed.append(Removed(name, f"a {element.text.split()[0].upper()} field", element.text.strip()))
            element.text = ""
            changed = True
        instr = element.get(f"{{{W_NS}}}instr")
        if element.tag == f"{{{W_NS}}}fldSimple" and instr and _FETCHING_FIELD.match(instr):
            removed.append(Removed(name, f"a {instr.split()[0].upper()} field", instr.strip()))
            element.set(f"{{{W_NS}}}instr", "")
            changed = True
    if not changed:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
