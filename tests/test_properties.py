"""Property tests: any text in any field either prints exactly as written, or is refused by name.

"Exactly as written" means after NFC and whitespace folding (the documented reading of every
text): the Word paragraph reopened with python-docx, and the Markdown's text nodes as
markdown-it-py (CommonMark) parses them, hold that text and nothing altered. "Refused" means
exit 2 and every error line names the file, line and field: never a crash, never a dropped
character, never a control character written into a .docx (a form feed is no page break).
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from packgen import number, position, quote, summit, write_pack

from briefgen.cli import cli
from briefgen.render.markdown import escape_markdown

VIETNAMESE = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
              "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")
COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
PUNCTUATION = "*_[]()<>#|`~!&;:-+=.,{}%\"'/\\^$@?"
TOKENS = [" #", " ##", "{{", "}}", "{%", "%}", "{# x #}", "**", "__", "[x](http://y)", "<b>", "</div>", "&amp;", "&#x41;",
          "&copy", "# ", "1. ", "1) ", "- ", "+ ", "> ", "---", "===", "    ", "\\", "`code`", "<http://a.b>",
          "[^1]", "![i](j)", "| a |", "~~s~~", "\u00a0", "\u3000", "\u2028", "\u200b", "\u200d", "\ufeff",
          "👨\u200d👩\u200d👧", "🇻🇳", "😀", "Hoà Bình", "Ðà", "ViÖt", "\r", "\t", "\n", "\x0c", "\x0b", "\x00",
          "\x07", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\ud800", "\udc00", "\ue000", "\ue0010\ue001",
          "\U000f0000", "\ufdd0", "\U0001d400"]

# Any character (surrogates included: yaml.safe_dump writes them as "\ud800" escapes), weighted
# towards what breaks Markdown, Word and Vietnamese text.
CHARS = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.sampled_from(VIETNAMESE), st.sampled_from(COMBINING), st.sampled_from(PUNCTUATION),
    st.sampled_from(TOKENS), st.sampled_from(TOKENS), st.sampled_from(" abc123"),
)
TEXTS = st.one_of(
    st.text(alphabet=st.one_of(st.characters(codec=None, exclude_categories=()),
                               st.sampled_from(VIETNAMESE + COMBINING + PUNCTUATION + " ")), max_size=16),
    st.lists(CHARS, min_size=0, max_size=12).map("".join),
)

_SPACE = re.compile(r"\s+")
# What briefgen refuses in a text (FORMAT.md extensions in CHANGELOG.md): C0 controls but tab,
# newline and carriage return; DEL and C1; U+FFFE/U+FFFF; surrogates; private-use characters.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\ue000-\uf8ff"
                      "\U000f0000-\U0010ffff]")


def fold(text: str) -> str:
    """How every text is read: NFC, each run of whitespace one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def refused(text: str) -> bool:
    return bool(_REFUSED.search(text)) or not fold(text)


def inline_texts(markdown: str) -> list[str]:
    """The text of every inline block (paragraph, heading, list item line) as CommonMark reads it."""
    out = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline", "html_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type in ("link_open", "image"):
                parts.append("<LINK>")  # never expected: an escaped value cannot open a link
        out.append("".join(parts))
    return out


# --- escaping alone: every context the Markdown template puts a value in ------------------------------

CONTEXTS = [
    ("# {v}", "{v}"),
    ("*{v} · x*", "{v} · x"),
    ("- **{v}** — {v}", "{v} — {v}"),
    ("- **{v}**: {v} **(x)**", "{v}: {v} (x)"),
    ("> {v} (x) — {v}", "{v} (x) — {v}"),
    ("  - {v}", "{v}"),
    ("*Nguồn: {v}*", "Nguồn: {v}"),
]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS.map(fold).filter(lambda t: t and not _REFUSED.search(t)))
@example(text="Top 5 #")  # a heading's closing sequence: CommonMark dropped the '#'
@example(text="#")
def test_escaped_text_reads_back_literally_in_every_template_context(text: str) -> None:
    for line, expected in CONTEXTS:
        markdown = line.format(v=escape_markdown(text)) + "\n"
        assert inline_texts(markdown) == [expected.format(v=text)], (line, markdown)


# --- a whole build -----------------------------------------------------------------------------------------

def _slot_label(t: str) -> dict[str, object]:
    return {"numbers": [number("n", "2500", t, "delegates")]}


def _slot_label_en(t: str) -> dict[str, object]:
    return {"numbers": [number("n", "2500", "đại biểu", t)]}


def _slot_summary(t: str) -> dict[str, object]:
    return {"positions": [position("p", "FR", t, "Supports.")]}


def _slot_point(t: str) -> dict[str, object]:
    return {"positions": [position("p", "FR", "Ủng hộ.", "Supports.", points=[{"vi": t, "en": "x"}])]}


def _slot_summit(t: str) -> dict[str, object]:
    return {"summits": [summit("s", 2017, t, "APEC")]}


def _slot_quote(t: str) -> dict[str, object]:
    return {"quotes": [quote("q", t, "A step.")]}


def _slot_speaker(t: str) -> dict[str, object]:
    return {"quotes": [quote("q", "Hợp tác.", "Cooperation.", kind="paraphrase")],
            "people": [{"id": "minh", "name": t, "title": {"vi": "Bộ trưởng", "en": "Minister"}}]}


def _slot_title(t: str) -> dict[str, object]:
    return {"numbers": [number("n", "2500", "đại biểu", "delegates")], "title": (t, "Test brief")}


# name: (lang, pack arguments, the printed line, the fields an error may name)
SLOTS = {
    "numbers.label.vi": ("vi", _slot_label, "2.500 — {t}", {"numbers.yaml": ("label.vi",)}),
    "numbers.label.en": ("en", _slot_label_en, "2,500 — {t}", {"numbers.yaml": ("label.en",)}),
    "positions.summary": ("vi", _slot_summary, "Pháp — {t}", {"positions.yaml": ("summary.vi", "evidence.excerpt")}),
    "positions.points": ("vi", _slot_point, "{t}", {"positions.yaml": ("points.vi",)}),
    "summits.name": ("vi", _slot_summit, "2017 — {t}", {"summits.yaml": ("name.vi", "evidence.excerpt")}),
    "quotes.text": ("vi", _slot_quote, "“{t}” — Trần Thị Minh, Bộ trưởng", {"quotes.yaml": ("text", "evidence.excerpt")}),
    "people.name": ("vi", _slot_speaker, "{t}, Bộ trưởng: Hợp tác.", {"people.yaml": ("name",)}),
    "pack.title": ("vi", _slot_title, "{t}", {"pack.yaml": ("title.vi",)}),
}


def _docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:type="page"' not in xml  # a form feed never becomes a page break
    return [p.text for p in Document(str(path)).paragraphs]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slot=st.sampled_from(sorted(SLOTS)), text=TEXTS)
@example(slot="pack.title", text="Top 5 #")
@example(slot="numbers.label.vi", text="trang 1\ftrang 2")  # a form feed: refused, never a page break
@example(slot="quotes.text", text="\ue0000\ue001 marker")  # the Word renderer's own marker characters
@example(slot="people.name", text="Minh \ud83d\ude00")  # a surrogate pair, as JSON escapes an emoji
@example(slot="summits.name", text="  \u2028\t ")  # only whitespace: empty
def test_any_text_in_any_field_prints_exactly_or_is_refused_by_name(slot: str, text: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    lang, make, line, fields = SLOTS[slot]
    root = Path(str(tmp_path)) / f"run{abs(hash((slot, text)))}"
    monkeypatch.chdir(tmp_path)
    kwargs = make(text)
    write_pack(root / "demo", **kwargs)  # type: ignore[arg-type]
    result = CliRunner().invoke(cli, ["build", str(root / "demo"), "--lang", lang, "--out", str(root / "out")])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if refused(text):
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert lines
        for error in lines:
            m = re.fullmatch(rf"{re.escape(str(root / 'demo'))}/([a-z]+\.yaml):\d+: ([a-z_.]+): .+", error)
            assert m is not None, error
            assert m.group(1) in fields and m.group(2) in fields[m.group(1)], error
        assert not (root / "out").exists()
        return
    assert result.exit_code == 0, result.output
    expected = line.format(t=fold(text))
    markdown = (root / "out" / f"demo.{lang}.md").read_text(encoding="utf-8")
    assert "\f" not in markdown
    assert expected in inline_texts(markdown), markdown
    assert expected in _docx_paragraphs(root / "out" / f"demo.{lang}.docx")
