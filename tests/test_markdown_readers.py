"""The Markdown reads literally in every common reader a CMS may use, not only in CommonMark.

Each reader (tests/mdreaders.py: markdown-it, cmark-gfm, Python-Markdown, markdown2, mistune,
pandoc's `markdown` and `gfm`) renders the escaped text in every place the template puts a
value; what a browser shows must be the pack's text, character for character, with no
element the template did not write. The whole Hanoi briefing is read the same way and must
show exactly the text of the HTML briefing built from the same pack.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from mdreaders import missing_readers, readers, visible
from packgen import number, position, quote, summit, write_pack
from test_properties import _REFUSED, TEXTS, fold

from briefgen.cli import cli
from briefgen.render.escape import escape_markdown

REPO = Path(__file__).resolve().parents[1]
READERS = readers()
# GitHub-flavoured readers link a bare e-mail address whatever its escaping (cmark-gfm finds
# them in the decoded text); the text stays exactly the same, so a link is allowed there only.
GFM = {"cmark-gfm (GitHub)", "pandoc gfm"}

# (template line with {v} for the escaped value, what a reader must see, elements the line makes)
CONTEXTS = [
    ("# {v}", "{v}", {"h1"}),
    ("## {v}", "{v}", {"h2"}),
    ("*{v} · x*", "{v} · x", {"p", "em"}),
    ("- **{v}** — {v}", "{v} — {v}", {"ul", "li", "strong"}),
    ("- **{v}**: {v} **(x)**", "{v}: {v} (x)", {"ul", "li", "strong"}),
    ("> {v} (x) — {v} **(x)**", "{v} (x) — {v} (x)", {"blockquote", "p", "strong"}),
    ("- **x** — y\n  - {v}", "x — y {v}", {"ul", "li", "strong", "p"}),
    ("*Nguồn: {v}*", "Nguồn: {v}", {"p", "em"}),
    ("{v}", "{v}", {"p"}),
]
# The issue's examples (an ocean-conservation pack) and the tests' other hostile texts.
HOSTILE = [
    "Ocean data is a public good | not a <b>luxury</b>",
    "Nets are hauled in *tomorrow* at {{ today }} & at 5 a.m.",
    "Giá *rẻ* và _đẹp_ — “Viet Nam's” \"quoted\"",
    "# không phải tiêu đề #",
    "[bấm vào](http://example.com) www.example.com ![ảnh](x.png)",
    "<b>đậm</b> & <script>x</script> &amp; &#169; &copy \\ `mã`",
    "1. không phải danh sách", "a) pandoc list", "(i) roman", "- không phải", "+ x", "> không", "| line",
    "~~gạch~~ ~sub~ ^sup^ $x$ -- --- ... [^1] [@cite] @cite {.class} :::",
    "liên hệ a_b@example.vn", "===", "---", "Top 5 #", "0##", "\\",
]


def _read(document: str) -> dict[str, list[tuple[str, set[str]]]]:
    return {name: visible(render(document)) for name, render in READERS.items()}


def _check_contexts(text: str) -> None:
    escaped = escape_markdown(text)
    document = "\n\n* * *\n\n".join(line.format(v=escaped) for line, _, _ in CONTEXTS) + "\n"
    for name, parts in _read(document).items():
        assert len(parts) == len(CONTEXTS), (name, document, parts)
        for (shown, elements), (line, expected, made) in zip(parts, CONTEXTS):
            assert shown == expected.format(v=text), (name, line, escaped)
            extra = elements - made - ({"a"} if name in GFM else set())
            assert not extra, (name, line, escaped, extra)


def test_every_reader_is_here_or_its_absence_is_said() -> None:
    for reason in missing_readers():
        print(f"not tested: {reason}")
    assert {"markdown-it (CommonMark)", "cmark-gfm (GitHub)", "Python-Markdown", "markdown2", "mistune"} <= set(READERS)
    if missing_readers():
        pytest.skip("; ".join(missing_readers()))
    assert {"pandoc markdown", "pandoc gfm"} <= set(READERS)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_literally_in_every_reader(text: str) -> None:
    _check_contexts(text)


def test_only_what_a_reader_needs_is_escaped() -> None:
    # No backslash before a character Python-Markdown does not unescape; no escape for '|' at all.
    assert escape_markdown("a public good | not a <b>luxury</b>") == "a public good | not a &lt;b>luxury&lt;/b>"
    assert escape_markdown("1.234.567 đại biểu & khách") == "1.234.567 đại biểu & khách"
    assert escape_markdown("1. x") == "1\\. x" and escape_markdown("x 1. y") == "x 1. y"
    assert escape_markdown("a - b, a-b") == "a - b, a-b"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS.map(fold).filter(lambda t: bool(t) and not _REFUSED.search(t)))
@example(text="HTTP://0*")  # cmark-gfm's autolink swallowed the backslash of "\*"
@example(text="0##")  # Python-Markdown drops a closing '#' after one escaped '#'
@example(text="@")  # pandoc read "@**" as a citation
def test_any_text_reads_literally_in_every_reader(text: str) -> None:
    _check_contexts(text)


def _article_text(html: str) -> str:
    start, end = html.index("<article"), html.index("</article>") + len("</article>")
    return " ".join(part for part, _ in visible(html[start:end]))


def _pack_with_hostile_text(folder: Path) -> Path:
    return write_pack(
        folder,
        numbers=[number("n1", "2500", HOSTILE[0], "label <b>x</b>", approx="more_than"),
                 number("n2", "6600000", HOSTILE[1], "USD & co", currency="USD")],
        quotes=[quote("q1", "Chúng tôi *cam kết* <i>thật</i>.", "We are *committed* | <i>truly</i>."),
                quote("q2", "Bộ trưởng nói {{ b.title }} & 1. x", "She said # not a heading", kind="paraphrase")],
        positions=[position("p1", "FR", HOSTILE[2], "- not a list", points=[{"vi": "> không", "en": "a) b"}])],
        summits=[summit("s1", 2017, "Hội nghị [APEC](http://x)", "~~APEC~~ www.apec.org")],
        title=("Bản tin <b>thử</b> #", "Test *brief* {{ x }}"))


@pytest.mark.parametrize("pack", ["hanoi", "hostile"])
def test_a_built_briefing_shows_the_same_text_in_every_reader_as_its_html(
        pack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if pack == "hanoi":
        shutil.copytree(REPO / "facts" / "hanoi-convention", tmp_path / "facts" / "hanoi-convention")
        folder, stem = "hanoi-convention", "hanoi-convention"
    else:
        folder, stem = str(_pack_with_hostile_text(tmp_path / "demo")), "demo"
    result = CliRunner().invoke(cli, ["build", folder, "--format", "md,html"])
    assert result.exit_code == 0, result.output
    for lang in ("vi", "en"):
        markdown = (tmp_path / "out" / f"{stem}.{lang}.md").read_text(encoding="utf-8")
        expected = _article_text((tmp_path / "out" / f"{stem}.{lang}.html").read_text(encoding="utf-8"))
        for name, parts in _read(markdown).items():
            assert " ".join(part for part, _ in parts) == expected, (name, lang)
            elements = set().union(*(tags for _, tags in parts))
            assert elements <= {"h1", "h2", "p", "em", "strong", "ul", "li", "blockquote"}, (name, lang, elements)
