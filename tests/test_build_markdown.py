"""Markdown briefings: golden files for the Hanoi pack, newsroom number style, literal text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from packgen import number, position, quote, write_pack

from briefgen.cli import cli
from briefgen.render.markdown import escape_markdown

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def hanoi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "facts" / "hanoi-convention", tmp_path / "facts" / "hanoi-convention")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_hanoi_markdown_matches_the_reviewed_golden_file(hanoi: Path, lang: str,
                                                         request: pytest.FixtureRequest) -> None:
    result = CliRunner().invoke(cli, ["build", "hanoi-convention", "--lang", lang, "--format", "md"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    produced = (hanoi / "out" / f"hanoi-convention.{lang}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"hanoi-convention.{lang}.md"
    if request.config.getoption("--update-golden", False):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def build_md(tmp_path: Path, lang: str, **records: list[dict[str, object]]) -> str:
    write_pack(tmp_path / "demo", **records)  # type: ignore[arg-type]
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--lang", lang, "--format", "md",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (tmp_path / "out" / f"demo.{lang}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "extra", "vi", "en"),
    [
        ("2500", {"approx": "more_than", "unit": {"vi": "đại biểu", "en": "delegates"}},
         "hơn 2.500 đại biểu", "more than 2,500 delegates"),
        ("6600000", {"currency": "USD"}, "6,6 triệu USD", "USD 6.6 million"),
        ("1500000000", {"approx": "nearly", "currency": "USD"}, "gần 1,5 tỷ USD", "nearly USD 1.5 billion"),
        ("1234567", {}, "1.234.567", "1,234,567"),
        ("0.1", {"approx": "about"}, "khoảng 0,1", "about 0.1"),
        ("40", {"approx": "at_least"}, "ít nhất 40", "at least 40"),
    ],
)
def test_numbers_print_in_newsroom_style(tmp_path: Path, value: str, extra: dict[str, object], vi: str,
                                         en: str) -> None:
    rec = number("n", value, "nhãn", "label", **extra)
    assert f"- **{vi}** — nhãn" in build_md(tmp_path / "vi", "vi", numbers=[rec])
    assert f"- **{en}** — label" in build_md(tmp_path / "en", "en", numbers=[rec])


def test_quotes_direct_translated_and_paraphrase(tmp_path: Path) -> None:
    quotes = [quote("d", "Chúng tôi cam kết.", "We are committed.", kind="direct"),
              quote("p", "Bộ trưởng cho biết sẽ hợp tác.", "The minister said she would cooperate.",
                    kind="paraphrase")]
    vi = build_md(tmp_path / "vi", "vi", quotes=quotes)
    en = build_md(tmp_path / "en", "en", quotes=quotes)
    assert "> “Chúng tôi cam kết.” — Trần Thị Minh, Bộ trưởng" in vi
    assert "> “We are committed.” (translated) — Trần Thị Minh, Minister" in en
    # A paraphrase is never inside quotation marks, in any language.
    assert "- **Trần Thị Minh**: Bộ trưởng cho biết sẽ hợp tác." in vi
    assert "- **Trần Thị Minh**: The minister said she would cooperate." in en
    assert "“The minister" not in en and "“Bộ trưởng cho biết" not in vi


def test_country_names_come_from_cldr_in_each_language(tmp_path: Path) -> None:
    positions = [position("de", "DE", "Ủng hộ.", "Supports."), position("no", "NO", "Ủng hộ.", "Supports.")]
    vi = build_md(tmp_path / "vi", "vi", positions=positions)
    en = build_md(tmp_path / "en", "en", positions=positions)
    assert "- **Đức** — Ủng hộ." in vi and "- **Na Uy** — Ủng hộ." in vi
    assert "- **Germany** — Supports." in en and "- **Norway** — Supports." in en


HOSTILE = [
    "Giá *rẻ* và _đẹp_",
    "# không phải tiêu đề",
    "a | b | c",
    "[bấm vào](http://example.com)",
    "<b>đậm</b> & <script>x</script>",
    "{{ b.title }} và {% if x %}",
    "&amp; &#169; \\ `mã`",
    "1. không phải danh sách",
    "- không phải gạch đầu dòng",
    "> không phải trích dẫn",
    "~~gạch~~ ![ảnh](x.png)",
]


def _text_nodes(markdown: str) -> list[str]:
    """The plain text of every inline token: what a reader sees, without Markdown syntax."""
    out = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline" and token.children is not None:
            out.append("".join(c.content for c in token.children if c.type in ("text", "code_inline")))
    return out


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_reads_literally_in_commonmark(text: str) -> None:
    assert _text_nodes(escape_markdown(text)) == [text]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_label_reads_the_same_in_the_built_markdown(tmp_path: Path, text: str) -> None:
    md = build_md(tmp_path, "vi", numbers=[number("n", "7", text, "label")])
    assert "7 — " + text in _text_nodes(md)
