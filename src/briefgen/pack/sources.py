"""Source texts for evidence checks: found safely inside the sources folder, hashed, normalized once."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefgen.pack.model import Source


def fold(text: str) -> str:
    """NFC and one space for every run of whitespace: how excerpts are compared."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class SourceText:
    """A source's text (folded), or why it could not be had."""

    source: Source
    text: str | None
    problem: str | None = None  # set when the text is missing or wrong: an evidence finding
    unchecked: str | None = None  # set when there is nothing to check against: not an error


def _inside(folder: Path, name: str, root: Path | None = None) -> Path | None:
    """The file's path if it stays inside `folder` (resolved: `root`) once symlinks are resolved."""
    root = folder.resolve() if root is None else root
    path = (folder / name).resolve()
    if path == root or root not in path.parents:
        return None
    return path


def read_source_text(source: Source, folder: Path | None, display: str,
                     root: Path | None = None) -> SourceText:
    """The source's text, folded; `root` is `folder` resolved, when the caller reads many sources."""
    if folder is None:
        return SourceText(source, None,
                          unchecked="no --sources folder given; excerpts not checked against the text")
    if not source.file:
        return SourceText(source, None, unchecked="source has no file; its excerpts cannot be checked")
    where = f"{display.rstrip('/')}/{source.file}"
    path = _inside(folder, source.file, root)
    if path is None:
        return SourceText(source, None,
                          problem=f"'{source.file}' points outside the sources folder {display}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return SourceText(source, None, problem=f"source text not found: {where}")
    except OSError as exc:
        return SourceText(source, None, problem=f"cannot read {where}: {exc.strerror}")
    if source.sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256:
            return SourceText(source, None, problem=f"sha256 of {where} is {digest}, not the {source.sha256} "
                                                    "the pack records: the text has changed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return SourceText(source, None, problem=not_utf8(where, data, exc.start))
    return SourceText(source, fold(text))


def not_utf8(where: str, data: bytes, at: int) -> str:
    from briefgen.pack.lint import ENCODING_NAMES, legacy_vietnamese_bytes

    line = data.count(b"\n", 0, at) + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"{where} is UTF-16 text; save it as UTF-8"
    legacy = legacy_vietnamese_bytes(data)
    if legacy is not None:
        return (f"{where} is not UTF-8 text (line {line}): it looks like Vietnamese in the legacy "
                f"{ENCODING_NAMES[legacy[0]]} encoding (‘{legacy[1]}’); convert it to Unicode UTF-8")
    return f"{where} is not UTF-8 text (byte 0x{data[at]:02X} on line {line})"


def closest_prefix(excerpt: str, text: str) -> str:
    """The longest start of `excerpt` found in `text`: shows an editor where a copy went wrong."""
    lo, hi = 0, len(excerpt)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if excerpt[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return excerpt[:lo]
