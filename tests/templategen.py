"""Restyled copies of the built-in Word template, made as an editor would make them in Word.

Each restyle opens templates/briefing.docx with python-docx, changes one thing an editor
changes (margins, fonts, heading sizes, a header with a logo, spacing, a renamed or deleted
style, a font that is not installed) and saves the copy into its own folder.
"""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Cm, Pt

from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir


def png(width: int, height: int) -> bytes:
    """A plain grey PNG (a stand-in logo)."""
    row = b"\x00" + b"\x80\x80\x80" * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def margins(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(3.0)
    section.left_margin = section.right_margin = Cm(3.2)


def fonts_and_sizes(doc: DocumentObject) -> None:
    for name in ("Normal", "List Bullet", "Quote", "Title", "Subtitle", "Heading 1", "List Bullet 2", "Sources"):
        font = doc.styles[name].font
        font.name = "Liberation Serif"
        if font.size is not None:
            font.size = Pt(font.size.pt + 1.5)


def heading_sizes(doc: DocumentObject) -> None:
    doc.styles["Title"].font.size = Pt(26)
    doc.styles["Heading 1"].font.size = Pt(17)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(14)


def header_with_logo(doc: DocumentObject) -> None:
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.add_run().add_picture(io.BytesIO(png(120, 40)), height=Cm(1.6))
    for line in ("Ban Thời sự — Newsroom desk", "Tài liệu nội bộ / Internal", "Hà Nội, 2025"):
        header.add_paragraph(line)


def spacing(doc: DocumentObject) -> None:
    for name in ("Normal", "List Bullet", "List Bullet 2", "Quote"):
        fmt = doc.styles[name].paragraph_format
        fmt.space_after = Pt(7)
        fmt.line_spacing = 1.25


def renamed_heading(doc: DocumentObject) -> None:
    doc.styles["Heading 1"].name = "Section title"


def _delete(name: str) -> Callable[[DocumentObject], None]:
    def delete(doc: DocumentObject) -> None:
        doc.styles[name].element.getparent().remove(doc.styles[name].element)

    delete.__name__ = f"no_{name.lower().replace(' ', '_')}"
    return delete


def font_not_installed(doc: DocumentObject) -> None:
    for name in ("Normal", "List Bullet", "Quote", "Title", "Heading 1", "Sources"):
        doc.styles[name].font.name = "Frutiger Next Newsroom"


RESTYLES: dict[str, Callable[[DocumentObject], None]] = {
    "margins": margins,
    "fonts-and-sizes": fonts_and_sizes,
    "heading-sizes": heading_sizes,
    "header-with-logo": header_with_logo,
    "spacing": spacing,
    "renamed-heading": renamed_heading,
    "no-quote": _delete("Quote"),
    "no-list-bullet-2": _delete("List Bullet 2"),
    "no-sources": _delete("Sources"),
    "font-not-installed": font_not_installed,
}


def restyled(folder: Path, name: str) -> Path:
    """folder/name/briefing.docx: the built-in template with one restyle applied."""
    doc = Document(str(default_template_dir() / DOCX_TEMPLATE))
    RESTYLES[name](doc)
    out = folder / name
    out.mkdir(parents=True, exist_ok=True)
    doc.save(str(out / DOCX_TEMPLATE))
    return out
