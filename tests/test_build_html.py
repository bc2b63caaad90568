"""HTML briefings: one self-contained page per language, the Word briefing's content, any text literal.

What a browser does with the page (one printed A4 page, a phone-width layout) is tested in
tests/test_html_browser.py; here the file itself is read with Python's HTML parser.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from packgen import number, position, quote, write_pack

from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]


class Page(HTMLParser):
    """Elements (name, attributes) in order, and the text inside <article>.

    `nested_marker` is put before each item of a nested list, as a browser prints the CSS marker.
    """

    def __init__(self, html: str, nested_marker: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._in_article = False
        self._lists = 0
        self._marker = nested_marker
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "article":
            self._in_article = True
        if self._in_article and tag in ("h1", "h2", "p", "li", "blockquote", "footer", "ul", "section"):
            self.text.append(" ")
        self._lists += tag == "ul"
        if tag == "li" and self._lists > 1:
            self.text.append(self._marker)

    def handle_endtag(self, tag: str) -> None:
        self._lists -= tag == "ul"
        if tag == "article":
            self._in_article = False
        elif self._in_article and tag in ("h1", "h2", "p", "li", "blockquote", "footer", "ul", "section"):
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.text.append(data)

    def visible(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text)).strip()

    def records(self) -> list[dict[str, str]]:
        return [a for _, a in self.elements if "data-id" in a]


@pytest.fixture
def hanoi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "facts" / "hanoi-convention", tmp_path / "facts" / "hanoi-convention")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def test_hanoi_gives_one_utf8_page_per_language_tagged_with_its_language(hanoi: Path) -> None:
    code, output = build("hanoi-convention", "--format", "html")
    assert code == 0, output
    assert sorted(p.name for p in (hanoi / "out").glob("*.html")) == ["hanoi-convention.en.html",
                                                                       "hanoi-convention.vi.html"]
    for lang in ("vi", "en"):
        raw = (hanoi / "out" / f"hanoi-convention.{lang}.html").read_bytes()
        html = raw.decode("utf-8")  # strict: UTF-8 or an error
        assert html.startswith("<!DOCTYPE html>\n")
        assert unicodedata.normalize("NFC", html) == html
        page = Page(html)
        assert page.elements[0] == ("html", {"lang": lang})
        assert page.elements[2] == ("meta", {"charset": "utf-8"})  # first in <head>
        assert f"wrote out/hanoi-convention.{lang}.html" in output
    vi = Page((hanoi / "out" / "hanoi-convention.vi.html").read_text(encoding="utf-8")).visible()
    assert "hơn 2.500 đại biểu" in vi and "Số liệu chính" in vi and "Nguồn:" in vi
    for english in ("Key numbers", "Sources", "As of", "translated", "unverified"):
        assert english not in vi


def test_the_page_runs_no_script_and_loads_nothing(hanoi: Path) -> None:
    assert build("hanoi-convention", "--format", "html")[0] == 0
    for lang in ("vi", "en"):
        html = (hanoi / "out" / f"hanoi-convention.{lang}.html").read_text(encoding="utf-8")
        page = Page(html)
        names = {tag for tag, _ in page.elements}
        assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
        for tag, attrs in page.elements:
            assert not any(a.startswith("on") for a in attrs), (tag, attrs)
            assert not {"src", "srcset", "action"} & set(attrs), (tag, attrs)
        assert not re.search(r"url\(|@import|https?:", html.split("<body>")[0])
        policy = next(a["content"] for t, a in page.elements
                      if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'none'" and "script-src" not in directives
        assert directives["style-src"] == "'unsafe-inline'" and directives["base-uri"] == "'none'"


def test_same_sections_records_and_left_out_as_the_word_briefing(hanoi: Path) -> None:
    from briefgen.build import BuildOptions
    from briefgen.build import build as run_build

    report = run_build(["hanoi-convention"], BuildOptions(formats="md,docx,html"))
    by_name = {f.name: f for f in report.files}
    for lang in ("vi", "en"):
        html, docx = by_name[f"hanoi-convention.{lang}.html"], by_name[f"hanoi-convention.{lang}.docx"]
        assert html.left_out == docx.left_out and html.left_out
        page = Page(html.data.decode("utf-8"))
        printed = [(r["data-kind"], r["data-id"]) for r in page.records()]
        left = {(x.kind, x.record_id) for x in docx.left_out}
        assert printed and not left & set(printed)
        sections = [a["data-section"] for t, a in page.elements if t == "section"]
        assert sections == list(dict.fromkeys(kind for kind, _ in printed))
        # The Word file's comments are the same facts' provenance, in the same order.
        import zipfile

        with zipfile.ZipFile(__import__("io").BytesIO(docx.data)) as z:
            comments = z.read("word/comments.xml").decode("utf-8")
        # A section in its compact form (the summits in one run) has one comment for all its records.
        compact = [r for r in printed if r[0] == "summits"] if "·" in docx.data.decode("latin-1", "replace") \
            else []
        assert comments.count("<w:comment ") == len(printed) - len(compact) + (1 if compact else 0)


def test_every_fact_carries_its_source_excerpt_and_id(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", numbers=[number("delegates", "2500", "đại biểu", "delegates", approx="more_than")],
               quotes=[quote("pledge", "Chúng tôi cam kết.", "We are committed.")])
    out = tmp_path / "out"
    assert build(str(tmp_path / "demo"), "--format", "html", "--out", str(out))[0] == 0
    vi = Page((out / "demo.vi.html").read_text(encoding="utf-8")).records()
    assert [(r["data-kind"], r["data-id"]) for r in vi] == [("numbers", "delegates"), ("quotes", "pledge")]
    assert vi[0]["title"] == ("Nguồn: Báo Mẫu, ngày 26/10/2025 — Bài báo thử nghiệm\nTrích: “có 2500 mục”\n"
                              "Kiểm chứng: Lan Anh, ngày 27/10/2025")
    en = Page((out / "demo.en.html").read_text(encoding="utf-8")).records()
    assert en[1]["title"].startswith("Source: Báo Mẫu, 26 October 2025 — Bài báo thử nghiệm\nExcerpt: “Chúng tôi")
    assert build(str(tmp_path / "demo"), "--format", "html", "--out", str(tmp_path / "bare"), "--no-comments")[0] == 0
    bare = Page((tmp_path / "bare" / "demo.vi.html").read_text(encoding="utf-8")).records()
    assert [r["data-id"] for r in bare] == ["delegates", "pledge"] and not any("title" in r for r in bare)


def test_marks_unverified_and_translated_as_in_word(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", numbers=[number("n", "7", "nhãn", "label", status="unverified")],
               quotes=[quote("q", "Chúng tôi cam kết.", "We are committed.")])
    assert build(str(tmp_path / "demo"), "--format", "html", "--include-unverified", "--out", str(tmp_path / "o"))[0] == 0
    vi = (tmp_path / "o" / "demo.vi.html").read_text(encoding="utf-8")
    en = (tmp_path / "o" / "demo.en.html").read_text(encoding="utf-8")
    assert '<strong>7</strong> — nhãn <strong class="flag">(chưa kiểm chứng)</strong>' in vi
    assert 'data-status="unverified"' in vi and vi.count("data-status") == 1
    assert "<p>“We are committed.” (translated) — Trần Thị Minh, Minister</p>" in en
    assert "<p>“Chúng tôi cam kết.” — Trần Thị Minh, Bộ trưởng</p>" in vi


HOSTILE = ["<script>alert(1)</script>", "\" onmouseover=\"x", "<img src=http://evil/x.png>", "&amp; &lt;b&gt;",
           "{{ b.title }} {% if %}", "Viet Nam's *best* | <b>luxury</b>"]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_prints_literally_and_never_as_markup(tmp_path: Path, text: str) -> None:
    write_pack(tmp_path / "demo", numbers=[number("n", "7", text, text)],
               positions=[position("p", "FR", "Ủng hộ.", "Supports.", points=[{"vi": text, "en": text}])])
    assert build(str(tmp_path / "demo"), "--format", "html", "--out", str(tmp_path / "o"))[0] == 0
    page = Page((tmp_path / "o" / "demo.en.html").read_text(encoding="utf-8"))
    assert f"7 — {text}" in page.visible() and f"France — Supports. {text}" in page.visible()
    assert {t for t, _ in page.elements} <= {"html", "head", "meta", "title", "style", "body", "article", "h1",
                                             "p", "section", "h2", "ul", "li", "strong", "blockquote", "footer"}


def test_two_builds_give_identical_bytes(hanoi: Path) -> None:
    assert build("hanoi-convention", "--format", "html", "--out", "a")[0] == 0
    assert build("hanoi-convention", "--format", "html", "--out", "b")[0] == 0
    for lang in ("vi", "en"):
        name = f"hanoi-convention.{lang}.html"
        assert (hanoi / "a" / name).read_bytes() == (hanoi / "b" / name).read_bytes()


def test_an_edited_page_is_not_overwritten_without_force(hanoi: Path) -> None:
    assert build("hanoi-convention", "--format", "html", "--lang", "vi")[0] == 0
    page = hanoi / "out" / "hanoi-convention.vi.html"
    edited = page.read_text(encoding="utf-8").replace("Số liệu chính", "Số liệu chính (đã sửa)")
    page.write_text(edited, encoding="utf-8")
    code, output = build("hanoi-convention", "--format", "html", "--lang", "vi")
    assert code == 1 and "hanoi-convention.vi.html: changed since briefgen wrote it" in output
    assert page.read_text(encoding="utf-8") == edited
    assert build("hanoi-convention", "--format", "html", "--lang", "vi", "--force")[0] == 0
    assert "(đã sửa)" not in page.read_text(encoding="utf-8")
    manifest = (hanoi / "out" / ".briefgen-manifest.json").read_text(encoding="utf-8")
    assert "hanoi-convention.vi.html" in manifest


# --- an editor's template -------------------------------------------------------------------------------

POLICY = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'


def _template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "briefing.html.j2").write_text(
        f'<!DOCTYPE html>\n<html lang="{{{{ b.lang }}}}">\n<head>\n<meta charset="utf-8">\n{POLICY}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n", encoding="utf-8")
    return folder


def test_an_editor_template_is_used_and_escaped(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", numbers=[number("n", "7", "<b>nhãn</b>", "label")])
    folder = _template(tmp_path, "<h1 class=\"mine\">{{ b.title }}</h1>\n{% for s in b.sections %}"
                                 "{% for e in s.entries %}<p data-id=\"{{ e.record_id }}\">{{ e.text }}</p>"
                                 "{% endfor %}{% endfor %}")
    code, output = build(str(tmp_path / "demo"), "--format", "html", "--template", str(folder),
                         "--out", str(tmp_path / "o"))
    assert code == 0, output
    html = (tmp_path / "o" / "demo.vi.html").read_text(encoding="utf-8")
    assert '<h1 class="mine">Bản tin thử</h1>' in html and '<p data-id="n">&lt;b&gt;nhãn&lt;/b&gt;</p>' in html


@pytest.mark.parametrize(("body", "line", "message"), [
    ("<p>{{ b.title }}</p>\n<script>alert(1)</script>", 9, "a <script> element"),
    ('<p onclick="x()">{{ b.title }}</p>', 8, "an event handler (onclick) on <p>"),
    ('<img src="https://example.com/logo.png">', 8, "<img src> loads a resource"),
    ("<style>body { background: url(https://x/y.png) }</style>", 8, "its CSS loads a resource"),
    ('<p style="background: image-set(\'x.png\' 1x)">{{ b.title }}</p>', 8, "a style on <p> loads a resource"),
    ("<style>@font-face { font-family: x; src: url(data:font/woff2;base64,AAAA) }</style>\n<img src=x>", 9,
     "<img src> loads a resource"),
    ('<link rel="stylesheet" href="https://x/y.css">', 8, "a <link> element"),
    ('<a href="javascript:x()">{{ b.title }}</a>', 8, "<a href> runs a script"),
    # Pack text printed unescaped: the element comes from data, so no template line holds it.
    ("<p>{{ b.title|safe }}</p>", 1, "a <script> element"),
])
def test_an_editor_template_that_would_run_or_load_anything_is_refused(tmp_path: Path, body: str, line: int,
                                                                       message: str) -> None:
    write_pack(tmp_path / "demo", title=("<script>x</script>", "<script>x</script>"))
    folder = _template(tmp_path, body)
    code, output = build(str(tmp_path / "demo"), "--format", "html", "--template", str(folder),
                         "--out", str(tmp_path / "o"))
    assert code == 2
    assert output.strip().startswith(f"Error: {folder / 'briefing.html.j2'}:"), output
    assert f"briefing.html.j2:{line}: template: not allowed in an HTML briefing: {message}" in output
    assert not (tmp_path / "o").exists()


def test_an_editor_template_without_the_security_policy_is_refused(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "briefing.html.j2").write_text("<html><body>{{ b.title }}</body></html>\n", encoding="utf-8")
    code, output = build(str(tmp_path / "demo"), "--format", "html", "--template", str(folder))
    assert code == 2 and "has no <meta http-equiv=\"Content-Security-Policy\"" in output


@pytest.mark.parametrize(("body", "message"), [
    ("{{ b.nope }}", "unknown attribute 'b.nope': a briefing has b.title"),
    ("{{ today }}", "undefined variable: 'today' is undefined"),
    ("{{ b.__class__.__mro__ }}", "not allowed in a template"),
    ("{% for x in %}", "template syntax error"),
])
def test_an_editor_template_with_mistakes_names_its_line(tmp_path: Path, body: str, message: str) -> None:
    write_pack(tmp_path / "demo")
    folder = _template(tmp_path, "\n" + body)
    code, output = build(str(tmp_path / "demo"), "--format", "html", "--template", str(folder))
    assert code == 2, output
    assert re.match(rf"Error: {re.escape(str(folder / 'briefing.html.j2'))}:9: template: .*{re.escape(message)}",
                    output), output
    assert "Traceback" not in output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice (soffice) to lay out the PDF")
def test_with_pdf_the_page_has_the_records_libreoffice_fitted(hanoi: Path) -> None:
    from briefgen.build import BuildOptions
    from briefgen.build import build as run_build

    report = run_build(["hanoi-convention"], BuildOptions(formats="pdf,html"))
    by_name = {f.name: f for f in report.files}
    for lang in ("vi", "en"):
        html, pdf = by_name[f"hanoi-convention.{lang}.html"], by_name[f"hanoi-convention.{lang}.pdf"]
        assert html.left_out == pdf.left_out
        printed = {r["data-id"] for r in Page(html.data.decode("utf-8")).records()}
        assert not printed & {x.record_id for x in pdf.left_out}
