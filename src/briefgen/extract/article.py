"""Read one article safely and find its body: the headline, the date line, the paragraphs.

Articles are plain text pasted or saved from news sites, so they carry page furniture: photo
captions and credits, bylines, "related articles" lists, sponsor boxes. Those are not the
article's words; candidates are drafted from the body only. Every paragraph keeps its place
in the text (`Span`), so an excerpt is always a slice of what the source file says.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefgen.errors import UsageProblem

MAX_BYTES = 4 * 1024 * 1024  # a news article is a few KB; more is not an article (bounded memory)


@dataclass(frozen=True)
class Span:
    """A paragraph (or part of one) of the body: text[start:end]."""

    start: int
    end: int


@dataclass(frozen=True)
class Article:
    path: Path
    name: str  # the file's name as the draft's source records it (relative to the sources folder)
    data: bytes
    text: str  # NFC
    lang: str
    title: str
    title_cut: bool  # the first line was a paragraph, not a headline: the title is its start
    published: date | None
    body: tuple[Span, ...]


def read_article(path: Path, name: str, lang: str | None) -> Article:
    """The article at `path`, or a one-line UsageProblem: not a regular file, empty, not UTF-8 text."""
    data = _read_bytes(path)
    if not data.strip():
        raise UsageProblem(f"{path}: the article is empty")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageProblem(f"{path}: not a text file (it holds NUL bytes: a binary file?)")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from briefgen.pack.sources import not_utf8

        raise UsageProblem(not_utf8(str(path), data, exc.start)) from exc
    control = re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]", raw)
    if control:
        line = raw.count("\n", 0, control.start()) + 1
        raise UsageProblem(f"{path}:{line}: not plain text (control character U+{ord(control.group()):04X})")
    text = unicodedata.normalize("NFC", raw)
    lines = _lines(text)
    detected = lang or detect_language(text)
    title, title_cut, published, body = _layout(text, lines)
    if not body:
        raise UsageProblem(f"{path}: no article text found (only a headline, a date or page furniture)")
    return Article(path, name, data, text, detected, title, title_cut, published, tuple(body))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a folder, a FIFO or a device is refused before it is opened for reading."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot read the article ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UsageProblem(f"{path}: is a folder, not an article (give the .txt files)")
    if not stat.S_ISREG(info.st_mode):
        raise UsageProblem(f"{path}: not a regular file (a FIFO, socket or device is never read)")
    if info.st_size > MAX_BYTES:
        raise UsageProblem(f"{path}: {info.st_size} bytes is too large for an article (at most {MAX_BYTES})")
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, open does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot read the article ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UsageProblem(f"{path}: not a regular file (a FIFO, socket or device is never read)")
        return handle.read(MAX_BYTES + 1)


_VI_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def detect_language(text: str) -> str:
    """vi when Vietnamese letters are common (one word in five or more holds one), else en."""
    words = re.findall(r"[^\W\d_]+", text[:20000])
    if not words:
        return "en"
    marked = sum(1 for w in words if _VI_LETTERS.search(w))
    return "vi" if marked * 5 >= len(words) else "en"


def _lines(text: str) -> list[Span]:
    """Lines end at "\n" only (str.splitlines would also break at NEL, U+2028 and form feeds)."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        out.append(Span(pos, pos + len(line.rstrip("\r"))))
        pos += len(line) + 1
    return out


# --- the date line ---------------------------------------------------------------------------------

_MONTHS = {m: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december")), start=1) for m in names}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A prefix some saved pages carry: " date 2025-10-26 " before the first paragraph.
_DATE_PREFIX = re.compile(r"\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\s*")
_DATE_FORMS = (
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), "ymd"),
    (re.compile(rf"(?i)\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b"), "mdy"),
    (re.compile(rf"(?i)\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b"), "dmy-name"),
    (re.compile(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b"), "dmy"),
)
_DATE_LINE_WORDS = re.compile(r"(?i)^[\W\d_]*(?:(?:thứ\s+\w+|chủ\s+nhật|ngày|cập nhật|đăng|published|updated|"
                              r"posted|monday|tuesday|wednesday|thursday|friday|saturday|sunday|gmt|utc|ict|"
                              r"am|pm|"
                              r"lúc|giờ|sáng|chiều|tối|[a-z]{3,9})\b[\W\d_]*)*$")


def _parse_date(line: str) -> date | None:
    for regex, form in _DATE_FORMS:
        m = regex.search(line)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if form == "dmy":
                return date(int(c), int(b), int(a))
            if form == "ymd":
                return date(int(a), int(b), int(c))
            if form == "mdy":
                return date(int(c), _MONTHS[a.lower()], int(b))
            return date(int(c), _MONTHS[b.lower()], int(a))
        except ValueError:
            return None
    return None


def _is_date_line(line: str) -> bool:
    """A line holding a date (and maybe a time, a weekday, 'Published'), nothing an article says."""
    return len(line) <= 80 and _parse_date(line) is not None and bool(
        _DATE_LINE_WORDS.match(re.sub(rf"(?i)\b(?:{_MONTH_RE})\b\.?", "", line)))


# --- furniture -------------------------------------------------------------------------------------

# From such a line on, the page lists other articles or comments: nothing after it is the article.
_END_MARKERS = re.compile(r"(?i)^\W*(?:cùng chuyên mục|tin liên quan|tin cùng chuyên mục|bài liên quan|xem "
                          r"thêm|"
                          r"đọc thêm|tin mới|tin khác|bình luận|related(?: articles| stories| news)?|read "
                          r"more|"
                          r"more from|recommended|comments?|share this)\W*$")
_CREDIT = re.compile(r"(?i)\(\s*(?:ảnh|nguồn|photo|photos|image|credit|video)\s*:[^)]*\)\.?|"
                     r"(?:^|(?<=[.!?]\s))(?:ảnh|photo|image|credit)\s*:\s*[^.]{1,60}$")
_BYLINE = re.compile(r"(?i)^(?:by|reporting by|writing by|editing by|edited by|theo|nguồn|"
                     r"source)\b[^.!?]{0,80}$")
_TABLE_ROW = re.compile(r"^\s*\|")
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)")


def _layout(text: str, lines: list[Span]) -> tuple[str, bool, date | None, list[Span]]:
    """Headline, date, and the body's paragraphs with furniture left out."""
    content = [s for s in lines if text[s.start:s.end].strip()]
    published: date | None = None
    title = ""
    title_cut = False
    body: list[Span] = []
    folded_seen: list[str] = []
    for n, span in enumerate(content):
        line = text[span.start:span.end]
        stripped = line.strip()
        if _END_MARKERS.match(stripped):
            break
        if n == 0:
            m = _DATE_PREFIX.match(line)
            if m:
                if m.group(3):
                    published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                span = Span(span.start + m.end(), span.end)
                line = text[span.start:span.end]
                stripped = line.strip()
        if n < 4 and published is None and _is_date_line(stripped):
            published = _parse_date(stripped)
            continue
        if n < 4 and _is_date_line(stripped):
            continue
        if _IMAGE.match(line) or _TABLE_ROW.match(line) or not re.search(r"[^\W\d_]", line):
            continue
        if _BYLINE.match(stripped):
            continue
        if not title:
            title, title_cut, is_headline = _title(stripped)
            if is_headline:
                continue
        folded = " ".join(stripped.casefold().split())
        nxt = content[n + 1] if n + 1 < len(content) else None
        if folded in folded_seen or (nxt is not None and " ".join(text[nxt.start:nxt.end].casefold().split())
                                     == folded):
            folded_seen.append(folded)
            continue  # a photo caption, printed twice (above and below the picture)
        folded_seen.append(folded)
        cleaned = _without_credit(text, span)
        if cleaned is not None:
            body.append(cleaned)
    # A last short line of two or three capitalized words is the byline ("Minh Minh", "Lệ Thanh").
    while body and _looks_like_byline(text[body[-1].start:body[-1].end].strip()):
        body.pop()
    return title, title_cut, published, body


def _title(line: str) -> tuple[str, bool, bool]:
    """(title, cut, the line is a headline): a short first line without a final full stop is one.

    Private-use characters (a PDF's leftovers) are dropped from the title: it is a label, not evidence.
    """
    line = re.sub("[\ue000-\uf8ff\U000f0000-\U0010ffff]", "", line).strip() or "TODO title"
    if len(line) <= 160 and not line.endswith((".", ":", "”", '"')):
        return line, False, True
    words = line.split()
    cut = " ".join(words[:12])
    return (cut + " …" if len(words) > 12 else cut), True, False


def _without_credit(text: str, span: Span) -> Span | None:
    """A paragraph without its photo caption: "(Ảnh: TTXVN)" ends a caption; the article may go on
    after it."""
    line = text[span.start:span.end]
    last = None
    for m in _CREDIT.finditer(line):
        last = m
    if last is None:
        return span
    rest = line[last.end():]
    if len(rest.strip()) < 40 or not rest.strip()[:1].isupper():
        return None  # the whole line is a caption
    lead = len(rest) - len(rest.lstrip())
    return Span(span.start + last.end() + lead, span.end)


def _looks_like_byline(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 4 and not re.search(r"[.!?:;,\d]", line) and all(w[:1].isupper() for w in words)
