"""`diff` of two briefing files: an editor's kept copy (out/.briefgen-edits/) against a new build.

A Markdown file is compared line by line; a Word file by its paragraphs' text (what an editor
changes there is words, and a byte diff of a zip says nothing). The result is a unified diff,
as `diff -u` prints it. The files may come from anywhere: their size is capped before
reading, a Word file's document part is read with a cap too, and its XML is parsed without
entities, network or huge-tree mode.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import UsageProblem

DOCUMENT_SUFFIXES = (".md", ".docx")
MAX_BYTES = 64 * 1024 * 1024
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_document(arg: str) -> bool:
    return Path(arg).suffix.lower() in DOCUMENT_SUFFIXES


@dataclass(frozen=True)
class DocumentDiff:
    old: str
    new: str
    lines: list[str]

    @property
    def exit_code(self) -> int:
        return 1 if self.lines else 0

    def text(self) -> str:
        body = self.lines or ["no changes"]
        return "\n".join([f"{self.old} → {self.new}", *body]) + "\n"

    def as_json(self) -> dict[str, object]:
        return {"old": self.old, "new": self.new, "same": not self.lines, "diff": self.lines}


def diff_documents(old: str, new: str) -> DocumentDiff:
    """The unified diff of two .md files, or of two .docx files' paragraphs."""
    kinds = {Path(old).suffix.lower(), Path(new).suffix.lower()}
    if len(kinds) != 1:
        raise UsageProblem(f"{old} and {new}: compare a .md with a .md, a .docx with a .docx")
    lines = difflib.unified_diff(_lines(old), _lines(new), fromfile=old, tofile=new, lineterm="")
    return DocumentDiff(old, new, list(lines))


def _read(arg: str) -> bytes:
    path = Path(arg)
    try:
        if not path.is_file():
            raise UsageProblem(f"{arg}: no such file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageProblem(f"{arg}: cannot read it ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise UsageProblem(f"{arg}: too large to compare")
    return data


def _lines(arg: str) -> list[str]:
    data = _read(arg)
    if arg.lower().endswith(".md"):
        try:
            return data.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise UsageProblem(f"{arg}: not UTF-8 text") from exc
    return _paragraphs(arg, data)


def _paragraphs(arg: str, data: bytes) -> list[str]:
    """Each paragraph's text in body order (tables' paragraphs included, in place)."""
    import io
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as part:
            xml = part.read(MAX_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError) as exc:
        raise UsageProblem(f"{arg}: not a Word document ({exc})") from exc
    if len(xml) > MAX_BYTES:
        raise UsageProblem(f"{arg}: its document part is too large to compare")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UsageProblem(f"{arg}: its document part is not valid XML ({exc})") from exc
    out = []
    for paragraph in root.iter(f"{W_NS}p"):
        pieces = []
        for node in paragraph.iter(f"{W_NS}t", f"{W_NS}tab", f"{W_NS}br"):
            tag = node.tag
            pieces.append(node.text or "" if tag == f"{W_NS}t" else "\t" if tag == f"{W_NS}tab" else "\n")
        out.append("".join(pieces))
    return out
