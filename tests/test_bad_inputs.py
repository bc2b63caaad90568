"""Every bad input gets a clear answer and touches nothing: a table of broken packs and option sets.

Each case is data: the files it writes over a small valid pack (`demo/`, built once into `out/`),
the command line, and the exact lines briefgen must print on stderr. For every case the test also
checks: the exit status (2 unless the case says otherwise), no traceback, and that `out/` (with its
earlier outputs and manifest) and the pack folder are byte-for-byte as they were.

Accepted inputs that look suspicious (a UTF-8 byte order mark, CRLF line ends, `NO` as text) are in
a second table that asserts success.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import textwrap
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen.pack.yamlio
from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]

# --- the valid pack every case starts from ------------------------------------------------------------
# Line numbers matter: the expected messages below point into these files.

PACK = """\
id: demo
title: {vi: "Hội nghị thử nghiệm", en: "Test meeting"}
date: 2025-10-26
place: {vi: "Hà Nội", en: "Hanoi"}
languages: [vi, en]
sources:
  - id: vi-news
    title: "Tin khai mạc"
    outlet: "Báo Mẫu"
    published: 2025-10-26
    lang: vi
    file: vi-news.txt
presets:
  short: [numbers, quotes]
"""

NUMBERS = """\
- id: delegates
  value: 2500
  approx: more_than
  unit: {vi: "đại biểu", en: "delegates"}
  label: {vi: "dự hội nghị", en: "attending"}
  as_of: 2025-10-26
  status: verified
  verified_by: "Lan Anh"
  verified_on: 2025-10-27
  evidence:
    - source: vi-news
      excerpt: "hơn 2.500 đại biểu dự hội nghị"
"""

PEOPLE = """\
- id: minh
  name: "Trần Thị Minh"
  title: {vi: "Bộ trưởng", en: "Minister"}
"""

QUOTES = """\
- id: step
  speaker: minh
  kind: direct
  lang: vi
  text: "Đây là bước tiến quan trọng."
  translations: {en: "This is an important step."}
  said_on: 2025-10-26
  status: verified
  verified_by: "Lan Anh"
  verified_on: 2025-10-27
  evidence:
    - source: vi-news
      excerpt: "Đây là bước tiến quan trọng."
"""

POSITIONS = """\
- id: france
  country: FR
  summary: {vi: "Ủng hộ hợp tác.", en: "Supports cooperation."}
  said_on: 2025-10-26
  status: verified
  verified_by: "Lan Anh"
  verified_on: 2025-10-27
  evidence:
    - source: vi-news
      excerpt: "Pháp ủng hộ hợp tác"
"""

SUMMITS = """\
- id: apec
  name: {vi: "Tuần lễ Cấp cao APEC", en: "APEC Economic Leaders' Week"}
  short: APEC
  year: 2017
  status: verified
  verified_by: "Lan Anh"
  verified_on: 2025-10-27
  evidence:
    - source: vi-news
      excerpt: "Tuần lễ Cấp cao APEC năm 2017"
"""

SOURCE_TEXT = ("Hội nghị khai mạc với hơn 2.500 đại biểu dự hội nghị. Bộ trưởng nói: “Đây là bước tiến quan "
               "trọng.” Pháp ủng hộ hợp tác. Việt Nam từng đăng cai Tuần lễ Cấp cao APEC năm 2017.\n")

BASE_FILES = {"demo/pack.yaml": PACK, "demo/numbers.yaml": NUMBERS, "demo/people.yaml": PEOPLE,
              "demo/quotes.yaml": QUOTES, "demo/positions.yaml": POSITIONS, "demo/summits.yaml": SUMMITS,
              "sources/vi-news.txt": SOURCE_TEXT}

# A shared tail for record snippets: a number record needs these to be otherwise valid.
N_TAIL = """\
  label: {vi: "dự hội nghị", en: "attending"}
  as_of: 2025-10-26
  status: unverified
"""


def number_with(value: str) -> str:
    """numbers.yaml with one unverified record whose `value` (line 2) is written as given."""
    return f"- id: delegates\n  value: {value}\n{N_TAIL}"


def not_utf8(where: str, byte: int, col: int) -> str:
    return (f"{where}: not valid UTF-8 (byte 0x{byte:02X} at column {col}); if this is Vietnamese in a legacy "
            "encoding (TCVN3/ABC, VNI), convert it to Unicode UTF-8")


def docx_template(old: str, new: str) -> bytes:
    """The project's Word template with one piece of its document.xml replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(REPO / "templates" / "briefing.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml
                data = xml.replace(old, new).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def md_template(old: str, new: str) -> str:
    text = (REPO / "templates" / "briefing.md.j2").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


Setup = Callable[[Path, pytest.MonkeyPatch], "str | None"]  # returns a reason to skip, or None


@dataclass(frozen=True)
class Case:
    """One bad input: files written over the base pack, a command line, the exact stderr lines."""

    id: str
    files: dict[str, str | bytes | None]  # None deletes the file
    args: list[str]
    stderr: list[str]
    exit: int = 2
    setup: Setup | None = None


def monkeypatch_size_cap(limit: int) -> Setup:
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(briefgen.pack.yamlio, "MAX_FILE_BYTES", limit)
    return setup


def read_only_out(root: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    out = root / "out"
    out.chmod(0o555)
    if os.access(out, os.W_OK):  # root (or a capability) writes anyway: nothing to test here
        out.chmod(0o755)
        return "running with rights that make a read-only folder writable (root?)"
    return None


def link_numbers_to(target: str, must_exist: bool = True) -> Setup:
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
        if must_exist and not Path(target).exists():
            return f"{target} does not exist on this system"
        (root / "demo" / "numbers.yaml").unlink()
        (root / "demo" / "numbers.yaml").symlink_to(target)
        return None
    return setup


def numbers_is_a_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "demo" / "numbers.yaml").unlink()
    (root / "demo" / "numbers.yaml").mkdir()


def source_links_outside(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "secret.txt").write_text("hơn 2.500 đại biểu dự hội nghị\n", encoding="utf-8")
    (root / "sources" / "vi-news.txt").unlink()
    (root / "sources" / "vi-news.txt").symlink_to(root / "secret.txt")


BILLION_LAUGHS = textwrap.dedent("""\
    - id: minh
      name: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
      title: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      country: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    """)

def plant(name: str, kind: str, target: str = "") -> Setup:
    """`name` (under the work folder) replaced by a link to `target`, a folder, a FIFO or a link loop."""
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = root / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        if kind == "link":
            path.symlink_to(root / target)
        elif kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "loop":
            path.symlink_to(path.name)
        else:
            raise AssertionError(kind)
    return setup


def both(*setups: Setup) -> Setup:
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
        for one in setups:
            reason = one(root, monkeypatch)
            if reason:
                return reason
        return None
    return setup


def elsewhere(name: str, text: str) -> Setup:
    """A file outside out/ that a hostile link in out/ points at: it must stay as it is."""
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (root / name).write_text(text, encoding="utf-8")
    return setup


def sparse_giant(name: str, size: int = 3 * 1024 ** 3) -> Setup:
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
        path = root / name
        with path.open("r+b") as handle:
            handle.truncate(size)
        if path.stat().st_blocks * 512 > 64 * 1024 * 1024:
            return "this file system does not make sparse files"
        return None
    return setup


def disk_full(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync reports ENOSPC, as a full disk does for data the kernel had accepted."""
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fsync", full)


def render_seconds(limit: float) -> Setup:
    def setup(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        import briefgen.render.templates

        monkeypatch.setattr(briefgen.render.templates, "MAX_SECONDS", limit)
    return setup


# Outputs that differ from the base build's, so that a build has files to replace.
CHANGED = {"demo/people.yaml": PEOPLE.replace("Bộ trưởng", "Thứ trưởng").replace('"Minister"', '"Deputy Minister"')}
OWN = ("briefgen never follows a link or writes through a folder or pipe for its own files in the output folder: "
       "remove it")
NESTED_LOOPS = "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}"
LONG_ID = "a" * 300
BIDI_NOTE = "it changes the order the text prints in (digits can read backwards) and is invisible: remove it"

CASES: list[Case] = []

B = ["build", "demo"]
C = ["check", "demo", "--sources", "sources"]

CASES += [
    # --- YAML syntax -----------------------------------------------------------------------------------
    Case("yaml-unclosed-quote",
         {"demo/people.yaml": '- id: minh\n  name: "Trần Thị Minh\n  title: {vi: a, en: b}\n'}, B,
         ["demo/people.yaml:2: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar) at column 9"]),
    Case("yaml-colon-in-plain-value",
         {"demo/people.yaml": "- id: minh\n  name: Minh: Bộ trưởng\n"}, B,
         ["demo/people.yaml:2: YAML syntax error: mapping values are not allowed in this context at column 13; a value holding ': ' must be in quotes"]),
    Case("yaml-bad-indentation",
         {"demo/people.yaml": "- id: minh\n  name: Minh\n title: {vi: a, en: b}\n"}, B,
         ["demo/people.yaml:3: YAML syntax error: did not find expected '-' indicator (while parsing a block collection) at column 2; check this line's indentation"]),
    Case("yaml-tab-indent",
         {"demo/people.yaml": "- id: minh\n\tname: Minh\n"}, B,
         ["demo/people.yaml:2: tab character; indent YAML with spaces"]),
    Case("yaml-several-documents",
         {"demo/people.yaml": PEOPLE + "---\n" + PEOPLE}, B,
         ["demo/people.yaml:4: several YAML documents ('---'); a pack file holds exactly one"]),
    Case("yaml-duplicate-key",
         {"demo/people.yaml": PEOPLE + "  name: Minh\n"}, B,
         ["demo/people.yaml:4: name: duplicate key (first at line 2)"]),
    Case("yaml-duplicate-language-key",
         {"demo/people.yaml": PEOPLE.replace('en: "Minister"', 'en: "Minister", en: "Mayor"')}, B,
         ["demo/people.yaml:3: title.en: duplicate key (first at line 3)"]),
    Case("yaml-anchor",
         {"demo/people.yaml": PEOPLE.replace('name: "Trần Thị Minh"', 'name: &n "Trần Thị Minh"')}, B,
         ["demo/people.yaml:2: anchors (&name) are not allowed in a pack; write the value out"]),
    Case("yaml-alias",
         {"demo/people.yaml": PEOPLE + "- id: lan\n  name: *n\n"}, B,
         ["demo/people.yaml:5: aliases (*name) are not allowed in a pack; write the value out"]),
    Case("yaml-alias-bomb",
         {"demo/people.yaml": BILLION_LAUGHS}, B,
         ["demo/people.yaml:2: anchors (&name) are not allowed in a pack; write the value out"]),
    Case("yaml-tag",
         {"demo/numbers.yaml": number_with("!!int 2500")}, B,
         ["demo/numbers.yaml:2: tags such as '!!int' are not allowed in a pack; briefgen reads every value as text and types it by its field: remove the tag"]),
    Case("yaml-python-tag",
         {"demo/people.yaml": PEOPLE.replace('name: "Trần', 'name: !!python/object:os.system "Trần')}, B,
         ["demo/people.yaml:2: tags such as '!!python/object:os.system' are not allowed in a pack; briefgen reads every value as text and types it by its field: remove the tag"]),
    Case("yaml-merge-key",
         {"demo/people.yaml": "- id: minh\n  <<: {name: Minh}\n  title: {vi: a, en: b}\n"}, B,
         ["demo/people.yaml:2: <<: merge keys ('<<') are not allowed in a pack; write the fields out",
          "demo/people.yaml:1: name: required field is missing"]),
    Case("yaml-nested-past-briefgens-limit",  # briefgen's limit fires before libyaml's own
         {"demo/people.yaml": "- id: minh\n  name: " + "[" * 40 + "]" * 40 + "\n"}, B,
         ["demo/people.yaml:2: nested more than 32 levels deep; a pack needs a few at most"]),
    Case("yaml-nested-too-deep",  # libyaml's limit (PyYAML >= 6.0.3) may fire first: same message
         {"demo/people.yaml": "- id: minh\n  name: " + "[" * 5000 + "]" * 5000 + "\n"}, B,
         ["demo/people.yaml:2: nested more than 32 levels deep; a pack needs a few at most"]),
    Case("crlf-line-ends-keep-line-numbers",
         {"demo/people.yaml": (PEOPLE + "  name: Minh\n").replace("\n", "\r\n").encode()}, B,
         ["demo/people.yaml:4: name: duplicate key (first at line 2)"]),
    Case("cr-only-line-ends-keep-line-numbers",
         {"demo/people.yaml": (PEOPLE + "  name: Minh\n").replace("\n", "\r").encode()}, B,
         ["demo/people.yaml:4: name: duplicate key (first at line 2)"]),
    # --- encodings and bytes ---------------------------------------------------------------------------
    Case("utf16-le-with-bom",
         {"demo/pack.yaml": PACK.encode("utf-16")}, B,
         ["demo/pack.yaml:1: file is UTF-16 encoded; save it as UTF-8"]),
    Case("utf16-be-with-bom",
         {"demo/pack.yaml": b"\xfe\xff" + PACK.encode("utf-16-be")}, B,
         ["demo/pack.yaml:1: file is UTF-16 encoded; save it as UTF-8"]),
    Case("latin1-bytes",
         {"demo/people.yaml": "- id: minh\n  name: François\n  title: {vi: Bộ trưởng, en: Minister}\n".encode().replace( "ç".encode(), b"\xe7")},
         B,
         ["demo/people.yaml:2: not valid UTF-8 (byte 0xE7 at column 13); if this is Vietnamese in a legacy encoding (TCVN3/ABC, VNI), convert it to Unicode UTF-8"]),
    # VNI: "Trần Thị Minh" is Tra+à+n Th+ò Minh, "Bộ trưởng" is Bo+ä tr+ö+ô+û+ng (Windows-1252 shapes).
    Case("vni-bytes",
         {"demo/people.yaml": PEOPLE.encode().replace("Trần Thị Minh".encode(), b"Tra\xe0n Th\xf2 Minh") .replace("Bộ trưởng".encode(), b"Bo\xe4 tr\xf6\xf4\xfbng")},
         B,
         ["demo/people.yaml:2: not valid UTF-8 (byte 0xE0 at column 13): it looks like Vietnamese in the legacy VNI encoding (‘Traàn’); convert the file to Unicode UTF-8"]),
    Case("tcvn3-bytes",
         {"demo/pack.yaml": PACK.encode().replace("Hà Nội".encode(), b"H\xb5 N\xe9i")}, B,
         ["demo/pack.yaml:4: not valid UTF-8 (byte 0xB5 at column 15): it looks like Vietnamese in the legacy TCVN3 (ABC) encoding (‘Hµ’); convert the file to Unicode UTF-8"]),
    Case("binary-file",
         {"demo/numbers.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}, B,
         ["demo/numbers.yaml:3: NUL byte at column 1; a pack file must be UTF-8 text (is this a binary file?)"]),
    Case("nul-byte-in-text",
         {"demo/people.yaml": PEOPLE.replace("Minister", "Mini\x00ster")}, B,
         ["demo/people.yaml:3: NUL byte at column 42; a pack file must be UTF-8 text (is this a binary file?)"]),
    Case("raw-control-character",
         {"demo/people.yaml": PEOPLE.replace("Minister", "Mini\x07ster")}, B,
         ["demo/people.yaml:3: title.en: control character U+0007 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("raw-form-feed",
         {"demo/people.yaml": PEOPLE.replace("Minister", "Minis\x0cter")}, B,
         ["demo/people.yaml:3: title.en: control character U+000C at column 6 of the text; Word cannot hold it: remove it"]),
    Case("raw-c1-next-line",
         {"demo/people.yaml": PEOPLE.replace("Minister", "Mini\x85ster")}, B,
         ["demo/people.yaml:3: title.en: control character U+0085 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("raw-control-character-outside-any-value",
         {"demo/people.yaml": "# Bộ trưởng\x1b[0m\n" + PEOPLE.replace("Minister", "Mini\x07ster")}, B,
         ["demo/people.yaml:1: control character U+001B at column 12; remove it",
          "demo/people.yaml:4: title.en: control character U+0007 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("raw-control-character-in-an-id",
         {"demo/numbers.yaml": NUMBERS.replace("id: delegates", "id: dele\x08gates")}, B,
         ["demo/numbers.yaml:1: id: 'dele<U+0008>gates' is not a valid id (lowercase letters, digits and '-', starting with a letter or digit); it holds the invisible character U+0008 (a line break or control character) at column 5"]),
    Case("escaped-control-character",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Mini\\x07ster"')}, B,
         ["demo/people.yaml:3: title.en: control character U+0007 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("escaped-form-feed-is-no-page-break",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Minister\\f"')}, B,
         ["demo/people.yaml:3: title.en: control character U+000C at column 9 of the text; Word cannot hold it: remove it"]),
    Case("escaped-lone-surrogate",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Mini\\ud800ster"')}, B,
         ["demo/people.yaml:3: title.en: lone surrogate U+D800 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("escaped-surrogate-pair",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Minister \\ud83d\\ude00"')}, B,
         ["demo/people.yaml:3: title.en: UTF-16 surrogate pair U+D83D U+DE00 at column 10 of the text; YAML takes one escape per character: write the character itself (😀) or \\U0001F600"]),
    Case("private-use-character",
         {"demo/people.yaml": PEOPLE.replace("Minister", "\uf0b7 Minister")}, B,
         ["demo/people.yaml:3: title.en: private-use character U+F0B7 at column 1 of the text (often left by copying from a PDF); it has no standard meaning and prints as a box or not at all: type the character meant"]),
    Case("noncharacter",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Minister\\uFFFF"')}, B,
         ["demo/people.yaml:3: title.en: noncharacter U+FFFF at column 9 of the text; Word cannot hold it: remove it"]),
    # --- empty, missing and oversized files -------------------------------------------------------------
    Case("empty-pack-yaml",
         {"demo/pack.yaml": ""}, B,
         ["demo/pack.yaml:1: file is empty; it must describe the event (id, title, date, languages)"]),
    Case("pack-yaml-only-a-document-marker",
         {"demo/pack.yaml": "---\n"}, B,
         ["demo/pack.yaml:1: file is empty; it must describe the event (id, title, date, languages)"]),
    Case("no-pack-yaml",
         {"demo/pack.yaml": None}, B,
         ["demo/pack.yaml:1: file not found; every pack needs one"]),
    Case("pack-yaml-is-a-list",
         {"demo/pack.yaml": "- id: demo\n"}, B,
         ["demo/pack.yaml:1: expected a mapping of fields, got a list"]),
    Case("file-over-the-size-cap",
         {"demo/people.yaml": PEOPLE + "# " + "x" * 400 + "\n"}, B,
         ["demo/people.yaml:1: file is over the size limit for a pack file (400 bytes); split it or remove what does not belong in a pack"],
         setup=monkeypatch_size_cap(400)),
    Case("record-file-is-a-folder",
         {}, B,
         ["demo/numbers.yaml:1: is a folder, expected a YAML file"],
         setup=numbers_is_a_folder),
    Case("record-file-is-a-device",
         {}, B,
         ["demo/numbers.yaml:1: is not a regular file (a broken link, a device or a pipe); a pack file must be a text file"],
         setup=link_numbers_to("/dev/zero")),
    Case("record-file-is-a-broken-link",
         {}, B,
         ["demo/numbers.yaml:1: is not a regular file (a broken link, a device or a pipe); a pack file must be a text file"],
         setup=link_numbers_to("gone.yaml", must_exist=False)),
    # --- shapes and types -------------------------------------------------------------------------------
    Case("mapping-where-the-record-list-belongs",
         {"demo/people.yaml": "minh:\n  name: Minh\n"}, B,
         ["demo/people.yaml:1: expected a list of records ('- id: ...'), got a mapping"]),
    Case("mapping-where-evidence-list-belongs",
         {"demo/numbers.yaml": NUMBERS.replace("  evidence:\n    - source", "  evidence:\n      source")},
         B,
         ["demo/numbers.yaml:11: evidence: expected a list, got a mapping"]),
    Case("record-that-is-text",
         {"demo/people.yaml": "- minh\n"}, B,
         ["demo/people.yaml:1: expected a record (a mapping of fields), got text"]),
    Case("localized-text-written-plain",
         {"demo/numbers.yaml": NUMBERS.replace( 'label: {vi: "dự hội nghị", en: "attending"}', 'label: "dự hội nghị"')},
         B,
         ["demo/numbers.yaml:5: label: expected a mapping of language to text ({vi: ..., en: ...}), got text"]),
    Case("value-is-a-list",
         {"demo/numbers.yaml": number_with("[2500, 2600]")}, B,
         ["demo/numbers.yaml:2: value: expected a number, got a list"]),
    Case("unknown-key-with-suggestion",
         {"demo/numbers.yaml": NUMBERS.replace("status:", "staus:")}, B,
         ["demo/numbers.yaml:7: staus: unknown field; did you mean 'status'?",
          "demo/numbers.yaml:1: status: required field is missing"]),
    Case("unknown-key",
         {"demo/people.yaml": PEOPLE + "  email: minh@example.org\n"}, B,
         ["demo/people.yaml:4: email: unknown field (known fields: id, name, title, country)"]),
    Case("missing-language",
         {"demo/numbers.yaml": NUMBERS.replace(', en: "attending"', "")}, B,
         ["demo/numbers.yaml:5: label: missing language 'en'"]),
    Case("extra-language",
         {"demo/numbers.yaml": NUMBERS.replace('en: "attending"', 'en: "attending", fr: "présents"')}, B,
         ["demo/numbers.yaml:5: label.fr: language 'fr' is not expected here (pack languages: vi, en)"]),
    Case("empty-text",
         {"demo/numbers.yaml": NUMBERS.replace('vi: "dự hội nghị"', 'vi: "  "')}, B,
         ["demo/numbers.yaml:5: label.vi: empty text"]),
    Case("required-field-missing",
         {"demo/numbers.yaml": NUMBERS.replace("  as_of: 2025-10-26\n", "")}, B,
         ["demo/numbers.yaml:1: as_of: required field is missing"]),
    Case("verified-without-checker",
         {"demo/numbers.yaml": NUMBERS.replace('  verified_by: "Lan Anh"\n', "")}, B,
         ["demo/numbers.yaml:1: verified_by: required field is missing"]),
    Case("duplicate-id",
         {"demo/numbers.yaml": NUMBERS + NUMBERS}, B,
         ["demo/numbers.yaml:13: id: duplicate id 'delegates' (first at line 1)"]),
    Case("duplicate-source-id",
         {"demo/pack.yaml": PACK.replace("presets:", """\
  - id: vi-news
    title: "Bản tin khác"
    outlet: "Báo Mẫu"
    published: 2025-10-26
    lang: vi
presets:""")}, B,
         ["demo/pack.yaml:13: sources.id: duplicate source id 'vi-news' (first at line 7)"]),
    Case("dangling-speaker",
         {"demo/quotes.yaml": QUOTES.replace("speaker: minh", "speaker: lan")}, B,
         ["demo/quotes.yaml:1: speaker: unknown person 'lan' (not in people.yaml)"]),
    Case("dangling-source",
         {"demo/numbers.yaml": NUMBERS.replace("source: vi-news", "source: vn-news")}, B,
         ["demo/numbers.yaml:11: evidence.source: unknown source 'vn-news'"]),
    Case("dangling-parts",
         {"demo/numbers.yaml": NUMBERS + "  parts: [hosts, guests]\n"}, B,
         ["demo/numbers.yaml:1: parts: unknown number 'hosts'",
          "demo/numbers.yaml:1: parts: unknown number 'guests'"]),
    Case("no-cascade-from-a-broken-person",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Mini\\x07ster"')}, B,
         ["demo/people.yaml:3: title.en: control character U+0007 at column 5 of the text; Word cannot hold it: remove it"]),
    Case("date-day-first",
         {"demo/numbers.yaml": NUMBERS.replace("as_of: 2025-10-26", "as_of: 26/10/2025")}, B,
         ["demo/numbers.yaml:6: as_of: '26/10/2025' is not an ISO date (write YYYY-MM-DD)"]),
    Case("date-that-does-not-exist",
         {"demo/numbers.yaml": NUMBERS.replace("as_of: 2025-10-26", "as_of: 2025-02-30")}, B,
         ["demo/numbers.yaml:6: as_of: '2025-02-30' is not a real date"]),
    Case("date-in-arabic-indic-digits",
         {"demo/numbers.yaml": NUMBERS.replace("as_of: 2025-10-26", "as_of: ٢٠٢٥-١٠-٢٦")}, B,
         ["demo/numbers.yaml:6: as_of: '٢٠٢٥-١٠-٢٦' is not an ISO date (write YYYY-MM-DD)"]),
    Case("value-norway",
         {"demo/numbers.yaml": number_with("NO")}, B,
         ["demo/numbers.yaml:2: value: 'NO' is not a plain number (digits, optionally '.' and decimals)"]),
    Case("value-yes",
         {"demo/numbers.yaml": number_with("yes")}, B,
         ["demo/numbers.yaml:2: value: 'yes' is not a plain number (digits, optionally '.' and decimals)"]),
    Case("value-leading-zero",
         {"demo/numbers.yaml": number_with("012")}, B,
         ["demo/numbers.yaml:2: value: '012' has a leading zero; write the plain number"]),
    Case("value-clock-time",
         {"demo/numbers.yaml": number_with("1:30")}, B,
         ["demo/numbers.yaml:2: value: '1:30' is not a plain number (digits, optionally '.' and decimals)"]),
    Case("value-grouped-vietnamese",
         {"demo/numbers.yaml": number_with("2.500")}, B,
         ["demo/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in Vietnamese and English); write the plain number without separators"]),
    Case("value-grouped-english",
         {"demo/numbers.yaml": number_with("1,234,567")}, B,
         ["demo/numbers.yaml:2: value: '1,234,567' is ambiguous (a group separator reads differently in Vietnamese and English); write the plain number without separators"]),
    Case("value-in-other-digits",
         {"demo/numbers.yaml": number_with("٢٥٠٠")}, B,
         ["demo/numbers.yaml:2: value: '٢٥٠٠' is not a plain number (digits, optionally '.' and decimals)"]),
    Case("status-yes",
         {"demo/numbers.yaml": NUMBERS.replace("status: verified", "status: yes")}, B,
         ["demo/numbers.yaml:7: status: 'yes' is not one of verified, unverified, disputed"]),
    Case("priority-with-thousands-of-digits",
         {"demo/numbers.yaml": NUMBERS + "  priority: " + "9" * 5000 + "\n"}, B,
         ["demo/numbers.yaml:13: priority: '99999999999999999999999999999999999999999999999999999999999…' is not a whole number from 1 to 9"]),
    Case("year-with-leading-zero",
         {"demo/summits.yaml": SUMMITS.replace("year: 2017", "year: 02017")}, B,
         ["demo/summits.yaml:4: year: '02017' is not a whole number from 1000 to 2999"]),
    Case("id-with-cyrillic-letter",
         {"demo/numbers.yaml": NUMBERS.replace("id: delegates", "id: dеlegates")}, B,
         ["demo/numbers.yaml:1: id: 'dеlegates' is not a valid id (lowercase letters, digits and '-', starting with a letter or digit); it holds е (U+0435 CYRILLIC SMALL LETTER IE) at column 2, which only looks like a Latin letter"]),
    Case("id-with-zero-width-space",
         {"demo/numbers.yaml": NUMBERS.replace("id: delegates", 'id: "dele\u200bgates"')}, B,
         ["demo/numbers.yaml:1: id: 'dele<U+200B>gates' is not a valid id (lowercase letters, digits and '-', starting with a letter or digit); it holds the invisible character U+200B ZERO WIDTH SPACE at column 5"]),
    Case("id-with-a-line-break",
         {"demo/numbers.yaml": NUMBERS.replace("id: delegates", 'id: "delegates\\n"')}, B,
         ["demo/numbers.yaml:1: id: 'delegates<U+000A>' is not a valid id (lowercase letters, digits and '-', starting with a letter or digit); it holds the invisible character U+000A (a line break or control character) at column 10"]),
    Case("country-lowercase",
         {"demo/positions.yaml": POSITIONS.replace("country: FR", "country: fr")}, B,
         ["demo/positions.yaml:2: country: 'fr' is not an ISO 3166-1 alpha-2 code such as VN"]),
    Case("languages-repeated",
         {"demo/pack.yaml": PACK.replace("languages: [vi, en]", "languages: [vi, vi]")}, B,
         ["demo/pack.yaml:5: languages: 'vi' is listed twice"]),
    Case("languages-norway",
         {"demo/pack.yaml": PACK.replace("languages: [vi, en]", "languages: [vi, NO]")}, B,
         ["demo/pack.yaml:5: languages: 'NO' is not a language code such as vi or en"]),
    Case("preset-with-unknown-section",
         {"demo/pack.yaml": PACK.replace("[numbers, quotes]", "[numbers, weather]")}, B,
         ["demo/pack.yaml:14: presets.short: 'weather' is not a section (numbers, quotes, positions, summits)"]),
    # --- options ----------------------------------------------------------------------------------------
    Case("unknown-lang",
         {}, ["build", "demo", "--lang", "fr"],
         ["Error: --lang fr: pack 'demo' has no 'fr' text (its languages: vi, en)"]),
    Case("unknown-sections",
         {}, ["build", "demo", "--sections", "numbers,weather"],
         ["Error: --sections numbers,weather: unknown value 'weather' (choose from numbers, quotes, positions, summits)"]),
    Case("empty-sections",
         {}, ["build", "demo", "--sections", ","],
         ["Error: --sections: give at least one of numbers, quotes, positions, summits"]),
    Case("unknown-preset",
         {}, ["build", "demo", "--preset", "long"],
         ["Error: --preset long: pack 'demo' has no such preset (presets: short)"]),
    Case("sections-and-preset",
         {}, ["build", "demo", "--sections", "numbers", "--preset", "short"],
         ["Error: --sections and --preset: choose one"]),
    Case("unknown-format",
         {}, ["build", "demo", "--format", "md,odt"],
         ["Error: --format md,odt: unknown value 'odt' (choose from md, docx, pdf, html)"]),
    Case("no-such-pack",
         {}, ["build", "nowhere"],
         ["Error: nowhere: no such pack (no folder 'nowhere', no 'facts/nowhere')"]),
    Case("pack-is-a-file",
         {"notes.txt": "x"}, ["build", "notes.txt"],
         ["Error: notes.txt: a pack is a folder holding pack.yaml, not a file"]),
    Case("out-is-a-file",
         {"report.md": "x"}, ["build", "demo", "--out", "report.md"],
         ["Error: --out report.md: is a file, not a folder"]),
    Case("out-below-a-file",
         {"report.md": "x"}, ["build", "demo", "--out", "report.md/out"],
         ["Error: --out report.md/out: cannot create the folder (Not a directory)"]),
    Case("out-not-writable",
         {}, ["build", "demo"],
         ["Error: --out out: the folder is not writable"],
         setup=read_only_out),
    Case("out-is-the-pack-folder",
         {}, ["build", "demo", "--out", "demo"],
         ["Error: --out demo: is inside the pack folder demo; briefgen never writes into a pack"]),
    Case("out-inside-the-pack-folder",
         {}, ["build", "demo", "--out", "demo/out"],
         ["Error: --out demo/out: is inside the pack folder demo; briefgen never writes into a pack"]),
    Case("out-is-the-template-folder",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n"}, ["build", "demo", "--out", "tpl", "--template", "tpl"],
         ["Error: --out tpl: is the --template folder; outputs would overwrite templates"]),
    Case("template-folder-missing",
         {}, ["build", "demo", "--template", "tpl"],
         ["Error: --template tpl: no such folder"]),
    Case("template-folder-without-templates",
         {"tpl/readme.txt": "x"}, ["build", "demo", "--template", "tpl"],
         ["Error: --template tpl: holds none of briefing.md.j2, briefing.docx, briefing.html.j2"]),
    # --- templates --------------------------------------------------------------------------------------
    Case("md-template-syntax-error",
         {"tpl/briefing.md.j2": md_template("{% for s in b.sections %}", "{% for s in b.sections %")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:6: template: template syntax error: unexpected char '#' at 148"]),
    Case("md-template-undefined-variable",
         {"tpl/briefing.md.j2": md_template("{{ b.subtitle }}", "{{ b.subtitel }}")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:4: template: unknown attribute 'b.subtitel': a briefing has b.title, b.subtitle, "
          "b.sections, b.sources_label, b.sources_text, b.lang, b.date, b.labels, b.pack_id, b.left_out, b.entries"]),
    Case("md-template-not-utf8",
         {"tpl/briefing.md.j2": unicodedata.normalize("NFD", "# {{ b.title }} – Bản tin\n").encode("cp1258")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:1: template: cannot read it as UTF-8 text ('utf-8' codec can't decode byte 0x96 in position 16: invalid start byte)"]),
    Case("docx-template-syntax-error",
         {"tpl/briefing.docx": docx_template("{{ b.sources_text }}", "{{ b.sources_text | nosuchfilter }}")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.docx:23: template: paragraph “{{ b.sources_label }}: {{ b.sources_text | nosuchfilter }}” "
          "(style Sources): No filter named 'nosuchfilter' found."]),
    Case("docx-template-unclosed-block",
         {"tpl/briefing.docx": docx_template("{%p for e in s.entries %}", "{%p for e in s.entries %")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.docx:8: template: paragraph “{%p for e in s.entries %” (style Normal): template syntax "
          "error: tag ‘{%p for e in s.entries %…’ is not closed in its paragraph"]),
    Case("docx-template-undefined-variable",
         {"tpl/briefing.docx": docx_template("{{ b.subtitle }}", "{{ b.subtitel }}")},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.docx:2: template: paragraph “{{ b.subtitel }}” (style Subtitle): unknown attribute "
          "'b.subtitel': a briefing has b.title, b.subtitle, b.sections, b.sources_label, b.sources_text, b.lang, "
          "b.date, b.labels, b.pack_id, b.left_out, b.entries"]),
    Case("docx-template-not-a-word-file",
         {"tpl/briefing.docx": b"PK\x03\x04 not really a zip"}, ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.docx:1: template: not a usable Word template: it is not a Word .docx file "
          "(not a zip archive); save it from Word as .docx"]),
    # --- sources for check ------------------------------------------------------------------------------
    Case("source-file-climbs-out",
         {"demo/pack.yaml": PACK.replace("file: vi-news.txt", "file: ../secret.txt")}, C,
         ["demo/pack.yaml:12: sources.file: '../secret.txt' must be a name inside the sources folder (no absolute path, no '..')"]),
    Case("source-file-absolute",
         {"demo/pack.yaml": PACK.replace("file: vi-news.txt", "file: /etc/passwd")}, C,
         ["demo/pack.yaml:12: sources.file: '/etc/passwd' must be a name inside the sources folder (no absolute path, no '..')"]),
    Case("source-file-windows-absolute",
         {"demo/pack.yaml": PACK.replace("file: vi-news.txt", 'file: "C:\\\\news.txt"')}, C,
         ["demo/pack.yaml:12: sources.file: 'C:\\news.txt' must be a name inside the sources folder (no absolute path, no '..')"]),
    Case("source-file-symlink-out",
         {}, C,
         ["demo/pack.yaml:7: sources.file: source 'vi-news': 'vi-news.txt' points outside the sources folder sources"],
         exit=1, setup=source_links_outside),
    Case("source-file-missing",
         {"sources/vi-news.txt": None}, C,
         ["demo/pack.yaml:7: sources.file: source 'vi-news': source text not found: sources/vi-news.txt"],
         exit=1),
    Case("source-text-in-vni",
         {"sources/vi-news.txt": SOURCE_TEXT.encode().replace("Việt".encode(), b"Vie\xe4t")}, C,
         ["demo/pack.yaml:7: sources.file: source 'vi-news': sources/vi-news.txt is not UTF-8 text (line 1): it looks like Vietnamese in the legacy VNI encoding (‘Vieät’); convert it to Unicode UTF-8"],
         exit=1),
    Case("sources-folder-missing",
         {}, ["check", "demo", "--sources", "nowhere"],
         ["Error: --sources nowhere: no such folder"]),
    # --- briefgen's own files in out/ are never followed (issue 16) -------------------------------------
    Case("lock-is-a-link-outside-out",
         CHANGED, B, [f"Error: out/.briefgen.lock: is a symbolic link; {OWN}"],
         setup=plant("out/.briefgen.lock", "link", "planted.lock")),
    Case("lock-is-a-folder",
         CHANGED, B, [f"Error: out/.briefgen.lock: is a folder; {OWN}"], setup=plant("out/.briefgen.lock", "folder")),
    Case("lock-is-a-fifo",
         CHANGED, B, [f"Error: out/.briefgen.lock: is a pipe (FIFO), not a regular file; {OWN}"],
         setup=plant("out/.briefgen.lock", "fifo")),
    Case("manifest-is-a-link-outside-out",
         CHANGED, B, [f"Error: out/.briefgen-manifest.json: is a symbolic link; {OWN}"],
         setup=both(elsewhere("planted.json", '{"files": {}}\n'),
                    plant("out/.briefgen-manifest.json", "link", "planted.json"))),
    Case("manifest-is-a-folder",
         CHANGED, B, [f"Error: out/.briefgen-manifest.json: is a folder, not a regular file; {OWN}"],
         setup=plant("out/.briefgen-manifest.json", "folder")),
    Case("manifest-is-a-fifo",
         CHANGED, B, [f"Error: out/.briefgen-manifest.json: is a pipe (FIFO), not a regular file; {OWN}"],
         setup=plant("out/.briefgen-manifest.json", "fifo")),
    Case("manifest-nested-too-deep",
         {**CHANGED, "out/.briefgen-manifest.json": "[" * 200_000 + "]" * 200_000}, B + ["--force"],
         ["Error: out/.briefgen-manifest.json: is not a manifest briefgen wrote (nested too deeply); it tells "
          "editors' changes from briefgen's, so nothing was written: move it away, then build with --force "
          "(edited outputs are kept in out/.briefgen-edits)"]),
    Case("manifest-not-json",
         {**CHANGED, "out/.briefgen-manifest.json": "{files: "}, B,
         ["Error: out/.briefgen-manifest.json: is not a manifest briefgen wrote (not JSON); it tells "
          "editors' changes from briefgen's, so nothing was written: move it away, then build with --force "
          "(edited outputs are kept in out/.briefgen-edits)"]),
    # --- outputs: every file or none ------------------------------------------------------------------
    Case("output-is-a-folder-even-with-force",
         CHANGED, B + ["--force"],
         ["Error: out/demo.vi.md: is a folder where briefgen writes a file; nothing was written (not even with "
          "--force): move it away"], setup=plant("out/demo.vi.md", "folder")),
    Case("output-is-a-fifo",
         CHANGED, B + ["--force"],
         ["Error: out/demo.en.md: is a pipe (FIFO) where briefgen writes a file; nothing was written (not even "
          "with --force): move it away"], setup=plant("out/demo.en.md", "fifo")),
    Case("output-is-a-link-outside-out",
         CHANGED, B + ["--force"],
         ["Error: out/demo.en.md: is a symbolic link where briefgen writes a file; nothing was written (not even "
          "with --force): move it away"],
         setup=both(elsewhere("planted.md", "an editor's file\n"), plant("out/demo.en.md", "link", "planted.md"))),
    Case("output-is-a-3-gb-sparse-file",
         CHANGED, B + ["--force"],
         ["Error: out/demo.vi.md: is 3 GB, not a briefing briefgen wrote; nothing was written (not even with "
          "--force): move it away"], setup=sparse_giant("out/demo.vi.md")),
    Case("out-folder-is-full",
         CHANGED, B, ["Error: out: cannot write: no space left on device; no output was replaced"], setup=disk_full),
    Case("pack-id-too-long-for-a-file-name",
         {"demo/pack.yaml": PACK.replace("id: demo", f"id: {LONG_ID}")}, B,
         [f"Error: out/{'a' * 40}…: the file name is 314 bytes long, more than the 223 briefgen allows "
          "(file systems take 255); use a shorter pack id"]),
    # --- link loops, pipes and giants where inputs belong ---------------------------------------------------
    Case("out-is-a-link-loop",
         {}, ["build", "demo", "--out", "loop"], ["Error: --out loop: is a symbolic link loop, not a folder"],
         setup=plant("loop", "loop")),
    Case("template-is-a-link-loop",
         {}, ["build", "demo", "--template", "loop"], ["Error: --template loop: is a symbolic link loop, not a folder"],
         setup=plant("loop", "loop")),
    Case("sources-is-a-link-loop",
         {}, ["check", "demo", "--sources", "loop"], ["Error: --sources loop: is a symbolic link loop, not a folder"],
         setup=plant("loop", "loop")),
    Case("sources-given-twice",
         {"more/x.txt": "x"}, C + ["--sources", "more"],
         ["Error: --sources is given 2 times (sources, more); give one folder holding every source text"]),
    Case("source-text-is-a-fifo",
         {}, C, ["demo/pack.yaml:7: sources.file: source 'vi-news': cannot read sources/vi-news.txt: is a pipe "
                 "(FIFO), not a regular file"], exit=1, setup=plant("sources/vi-news.txt", "fifo")),
    Case("source-text-is-a-link-loop",
         {}, C, ["demo/pack.yaml:7: sources.file: source 'vi-news': cannot read sources/vi-news.txt: a symbolic "
                 "link loop"], exit=1, setup=plant("sources/vi-news.txt", "loop")),
    Case("pack-file-is-a-fifo",
         {}, B, ["demo/numbers.yaml:1: is not a regular file (a broken link, a device or a pipe); a pack file "
                 "must be a text file"], setup=plant("demo/numbers.yaml", "fifo")),
    Case("pack-file-is-a-3-gb-sparse-file",
         {}, B, ["demo/numbers.yaml:1: file is over the size limit for a pack file (64 MB); split it or remove "
                 "what does not belong in a pack"], setup=sparse_giant("demo/numbers.yaml")),
    Case("init-where-facts-is-a-file",
         {"facts": "notes\n"}, ["init", "apec-2027"],
         ["Error: facts: is a file, not a folder; packs are created in a folder 'facts/'"]),
    # --- hostile templates ------------------------------------------------------------------------------
    Case("md-template-nested-loops",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n" + NESTED_LOOPS + "\n"}, ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:2: template: over the render budget: more than 1,000,000 loop steps in one "
          "render (a briefing template needs a few hundred); the template loops too much"]),
    Case("md-template-loops-without-calls",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n{% set l = range(3000)|list %}"
                                "{% for i in l %}{% for j in l %}{% for k in l %}{% endfor %}{% endfor %}{% endfor %}\n"},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:2: template: over the render budget: rendering took more than 0.3 s; the "
          "template loops too much"], setup=render_seconds(0.3)),
    Case("md-template-huge-string",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n{{ 'x' * 10**9 }}\n"}, ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:2: template: over the render budget: '*' would make a value of "
          "1,000,000,000 items, more than the 1,000,000 a template may make"]),
    Case("md-template-huge-power",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n{{ 10 ** 10 ** 10 }}\n"}, ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:2: template: over the render budget: '**' would make a number larger than "
          "the budget of a template allows (10^18)"]),
    Case("md-template-huge-output",
         {"tpl/briefing.md.j2": "# {{ b.title }}\n{% for i in range(99999) %}{{ 'x' * 999999 }}{% endfor %}\n"},
         ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.md.j2:1: template: over the render budget: the template makes more than "
          "20,000,000 characters (a briefing is a few thousand)"]),
    Case("docx-template-nested-loops",
         {"tpl/briefing.docx": docx_template("{{ b.subtitle }}", NESTED_LOOPS)}, ["build", "demo", "--template", "tpl"],
         ["Error: tpl/briefing.docx:2: template: over the render budget: more than 1,000,000 loop steps in one "
          "render (a briefing template needs a few hundred); the template loops too much"]),
    # --- text that lies, numbers that lose digits ---------------------------------------------------------
    Case("bidi-override-in-a-name",
         {"demo/people.yaml": PEOPLE.replace("Trần Thị Minh", "Trần Thị Minh ‮0052")}, B,
         [f"demo/people.yaml:2: name: bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE at column 15 of the "
          f"text; {BIDI_NOTE}"]),
    Case("bidi-isolate-in-a-label",
         {"demo/numbers.yaml": NUMBERS.replace('en: "attending"', 'en: "⁧attending⁩"')}, B,
         [f"demo/numbers.yaml:5: label.en: bidirectional control U+2067 RIGHT-TO-LEFT ISOLATE at column 1 of the "
          f"text; {BIDI_NOTE}"]),
    Case("bidi-override-in-a-quote",
         {"demo/quotes.yaml": QUOTES.replace("Đây là bước", "Đây là ‭bước")}, B,
         [f"demo/quotes.yaml:5: text: bidirectional control U+202D LEFT-TO-RIGHT OVERRIDE at column 8 of the "
          f"text; {BIDI_NOTE}",
          f"demo/quotes.yaml:13: evidence.excerpt: bidirectional control U+202D LEFT-TO-RIGHT OVERRIDE at column 8 "
          f"of the text; {BIDI_NOTE}"]),
    Case("escaped-right-to-left-mark",
         {"demo/people.yaml": PEOPLE.replace('"Minister"', '"Minister\\u200f"')}, B,
         [f"demo/people.yaml:3: title.en: bidirectional control U+200F RIGHT-TO-LEFT MARK at column 9 of the "
          f"text; {BIDI_NOTE}"]),
    Case("value-with-more-digits-than-printed",
         {"demo/numbers.yaml": number_with("1" * 41)}, B,
         ["demo/numbers.yaml:2: value: '111111111111111111111111…' has 41 digits; briefgen prints every digit of "
          "a number of at most 40"]),
    Case("sha256-with-a-digit-lost",
         {"demo/pack.yaml": PACK.replace("file: vi-news.txt", "file: vi-news.txt\n    sha256: " +
                                         hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()[:63])}, C,
         ["demo/pack.yaml:13: sources.sha256: has 63 hex digits, a sha256 has 64: a copying typo"]),
    Case("country-uk",
         {"demo/positions.yaml": POSITIONS.replace("country: FR", "country: UK")}, B,
         ["demo/positions.yaml:1: country: 'UK' is not an ISO 3166-1 country code known to CLDR; did you mean 'GB'?"]),
    Case("excerpt-with-straight-quotes-where-the-source-has-curly-ones",
         {"demo/quotes.yaml": QUOTES.replace('excerpt: "Đây là bước tiến quan trọng."',
                                             "excerpt: 'Bộ trưởng nói: \"Đây là bước tiến quan trọng.\"'")}, C,
         ["demo/quotes.yaml:12: evidence.excerpt: excerpt not found in source 'vi-news'; it matches up to "
          "“Bộ trưởng nói: ”; then the excerpt has the straight quote \" where the source has the curly quote “"],
         exit=1),
    Case("excerpt-with-a-missing-diacritic",
         {"demo/numbers.yaml": NUMBERS.replace("đại biểu dự hội nghị\"", "đại biểu dự hội nghi\"")}, C,
         ["demo/numbers.yaml:11: evidence.excerpt: excerpt not found in source 'vi-news'; it matches up to "
          "“hơn 2.500 đại biểu dự hội ngh”; then the excerpt has ‘i’ where the source has ‘ị’ (a missing diacritic)"],
         exit=1),
    Case("excerpt-with-a-different-tone-mark",
         {"demo/numbers.yaml": NUMBERS.replace("đại biểu dự hội nghị\"", "đại biểu dự hội nghỉ\"")}, C,
         ["demo/numbers.yaml:11: evidence.excerpt: excerpt not found in source 'vi-news'; it matches up to "
          "“hơn 2.500 đại biểu dự hội ngh”; then the excerpt has ‘ỉ’ where the source has ‘ị’ (a different diacritic)"],
         exit=1),
    Case("check-a-broken-pack",
         {"demo/numbers.yaml": number_with("2.500")}, C,
         ["demo/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in Vietnamese and English); write the plain number without separators"]),
]


# --- running a case --------------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry under `folder`: kind, size and sha256 (links are not followed: one may point at /dev/zero)."""
    if not folder.exists():
        return {}
    found: dict[str, tuple[str, int, str]] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[name] = ("link", 0, os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            found[name] = ("dir", 0, "")
        elif not stat.S_ISREG(info.st_mode):  # a FIFO: reading it would block
            found[name] = ("special", info.st_mode, "")
        elif info.st_size > 64 * 1024 * 1024:  # a sparse giant: its size and time say enough
            found[name] = ("file", info.st_size, str(info.st_mtime_ns))
        else:
            data = path.read_bytes()
            found[name] = ("file", len(data), hashlib.sha256(data).hexdigest())
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid pack, its source text, and `out/` holding the outputs of an earlier build."""
    root = tmp_path_factory.mktemp("bad-inputs-base")
    write_files(root, BASE_FILES)
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", "demo"], catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the base pack is clean: every line a case prints comes from the case
    assert {"demo.vi.md", "demo.en.docx", ".briefgen-manifest.json"} <= set(snapshot(root / "out"))
    return root


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def prepare(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes | None],
            setup: Setup | None) -> Path:
    root = tmp_path / "w"
    shutil.copytree(base, root, symlinks=True)
    monkeypatch.chdir(root)
    write_files(root, files)
    if setup is not None:
        reason = setup(root, monkeypatch)
        if reason:
            pytest.skip(reason)
    return root


def test_the_table_is_large_and_every_case_is_named_once() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_its_exact_message_and_touches_nothing(case: Case, base: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = prepare(base, tmp_path, monkeypatch, case.files, case.setup)
    before = snapshot(root)  # out/, the pack, the sources, and whatever a hostile link points at
    try:
        result = CliRunner().invoke(cli, case.args)
    finally:
        (root / "out").chmod(0o755)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == case.stderr
    assert result.exit_code == case.exit
    assert snapshot(root) == before


# --- inputs that look suspicious but are fine --------------------------------------------------------------

@dataclass(frozen=True)
class Accepted:
    """Files written over the base pack that must build, with the exact warnings (stderr) they give."""

    id: str
    files: dict[str, str | bytes | None]
    stderr: list[str] = field(default_factory=list)
    same_briefing: bool = False  # the Markdown must equal the base pack's, byte for byte
    printed: tuple[tuple[str, str], ...] = ()  # (lang, text) the Markdown of that language must contain
    setup: Setup | None = None


def all_files(transform: Callable[[str], bytes]) -> dict[str, str | bytes | None]:
    return {name: transform(text) for name, text in BASE_FILES.items() if name.startswith("demo/")}


def size_cap_at_largest_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    largest = max(p.stat().st_size for p in (root / "demo").iterdir())
    monkeypatch.setattr(briefgen.pack.yamlio, "MAX_FILE_BYTES", largest)


ACCEPTED = [
    Accepted("utf8-byte-order-mark", all_files(lambda t: b"\xef\xbb\xbf" + t.encode()), same_briefing=True),
    Accepted("crlf-line-ends", all_files(lambda t: t.replace("\n", "\r\n").encode()), same_briefing=True),
    Accepted("cr-only-line-ends", all_files(lambda t: t.replace("\n", "\r").encode()), same_briefing=True),
    Accepted("nfd-text-is-read-as-nfc", all_files(lambda t: unicodedata.normalize("NFD", t).encode()),
             same_briefing=True),
    Accepted("document-markers-and-directive",
             {"demo/people.yaml": "%YAML 1.2\n---\n" + PEOPLE + "...\n"}, same_briefing=True),
    Accepted("explicit-str-tags", {"demo/people.yaml": PEOPLE.replace('name: "', 'name: !!str "')
                                   .replace("title: {", "title: ! {")}, same_briefing=True),
    Accepted("file-exactly-at-the-size-cap", {}, same_briefing=True, setup=size_cap_at_largest_file),
    Accepted("yaml-1.1-lookalikes-stay-text",
             {"demo/people.yaml": "- id: minh\n  name: NO\n  title: {vi: yes, en: 012}\n  country: NO\n",
              "demo/quotes.yaml": QUOTES.replace('en: "This is an important step."', "en: 1:30")
              .replace("lang: vi", "lang: vi\n  context: {vi: off, en: 2025-10-26}")},
             printed=(("vi", "— NO, yes, off"), ("en", "“1:30” (translated) — NO, 012, 2025-10-26"))),
    Accepted("empty-record-files", {"demo/positions.yaml": "[]\n",
                                    "demo/summits.yaml": "---\n", "demo/quotes.yaml": "~\n",
                                    "demo/people.yaml": "# nobody yet\n"}),
    Accepted("emoji-and-astral-escapes", {"demo/people.yaml": PEOPLE.replace('"Trần Thị Minh"', '"Minh \\U0001F600 🇻🇳"')},
             printed=(("vi", "— Minh 😀 🇻🇳, Bộ trưởng"),)),
    Accepted("markup-in-text-prints-literally",
             {"demo/people.yaml": PEOPLE.replace('"Trần Thị Minh"', '"<b>Minh</b> *{{ b.title }}* [x](y) &amp;"')},
             printed=(("en", r"— &lt;b>Minh&lt;/b> \*\{\{ b.title }}\* \[x\](y) &amp;amp;, Minister"),)),
    Accepted("a-29-digit-value-prints-every-digit",
             {"demo/numbers.yaml": NUMBERS.replace("value: 2500", "value: 12345678901234567890123456789")},
             ["demo/numbers.yaml:11: value: warning: 12345678901234567890123456789 cannot be read in the excerpt "
              "of source 'vi-news' (read as vi); the numbers read there: “2.500” (read as 2500)"],
             printed=(("en", "more than 12,345,678,901,234,567,890,123,456,789 delegates"),
                      ("vi", "hơn 12.345.678.901.234.567.890.123.456.789 đại biểu"))),
    Accepted("source-without-an-outlet-is-named-by-its-title",
             {"demo/pack.yaml": PACK.replace('    outlet: "Báo Mẫu"\n', "")},
             printed=(("vi", "*Nguồn: Tin khai mạc (ngày 26/10/2025)*"),
                      ("en", "*Sources: Tin khai mạc (26 October 2025)*"))),
    Accepted("localized-outlet-and-title",
             {"demo/pack.yaml": PACK.replace('    title: "Tin khai mạc"\n    outlet: "Báo Mẫu"\n',
                                             '    title: {vi: "Tin khai mạc", en: "Opening report"}\n'
                                             '    outlet: {vi: "Báo Mẫu", en: "The Sample"}\n')},
             printed=(("vi", "*Nguồn: Báo Mẫu (ngày 26/10/2025)*"), ("en", "*Sources: The Sample (26 October 2025)*"))),
    Accepted("zero-width-space-is-a-warning",
             {"demo/people.yaml": PEOPLE.replace("Trần Thị Minh", "Trần\u200b Thị Minh")},
             [("demo/people.yaml:2: name: warning: invisible character U+200B ZERO WIDTH SPACE at column 5 of the "
               "text; delete it: it breaks search and comparison")]),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_suspicious_but_valid_input_builds(case: Accepted, base: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = prepare(base, tmp_path, monkeypatch, case.files, case.setup)
    result = CliRunner().invoke(cli, ["build", "demo", "--format", "md"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == case.stderr
    for lang in ("vi", "en"):
        briefing = (root / "out" / f"demo.{lang}.md").read_text(encoding="utf-8")
        if case.same_briefing:
            assert briefing == (base / "out" / f"demo.{lang}.md").read_text(encoding="utf-8")
        for text in (text for where, text in case.printed if where == lang):
            assert text in briefing
