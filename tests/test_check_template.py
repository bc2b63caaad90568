"""`briefgen check-template DIR`, and the same checks at the start of a `--template` build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from templategen import restyled

from briefgen.cli import cli
from briefgen.render.templates import DOCX_TEMPLATE, MD_TEMPLATE, default_template_dir

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def word_template_with(folder: Path, old: str, new: str) -> Path:
    """The built-in Word template with one placeholder's text changed, as an editor types it in Word."""
    doc = Document(str(default_template_dir() / DOCX_TEMPLATE))
    for p in doc.paragraphs:
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    doc.save(str(folder / DOCX_TEMPLATE))
    return folder


def test_the_built_in_templates_pass() -> None:
    result = run("check-template", str(default_template_dir()))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(": 0 problem(s), 0 warning(s)")
    assert result.stderr == ""


def test_an_unknown_attribute_names_the_paragraph_its_style_and_the_names_that_exist(tmp_path: Path) -> None:
    folder = word_template_with(tmp_path / "tpl", "{{ s.heading }}", "{{ s.headng }}")
    result = run("check-template", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:4: template: paragraph “{{{{ s.headng }}}}” (style Heading 1): unknown attribute "
        "'s.headng': a section has s.heading, s.key, s.entries, s.compact"]
    assert result.stdout.strip() == f"{folder}: 1 problem(s), 0 warning(s)"


def test_a_name_other_than_b_is_a_problem(tmp_path: Path) -> None:
    folder = word_template_with(tmp_path / "tpl", "{{ b.title }}", "{{ briefing.title }}")
    result = run("check-template", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:1: template: paragraph “{{{{ briefing.title }}}}” (style Title): undefined variable: "
        "'briefing' is undefined (a template is given only 'b', the briefing)"]


def test_an_unclosed_tag_is_a_problem(tmp_path: Path) -> None:
    folder = word_template_with(tmp_path / "tpl", "{{ b.subtitle }}", "{{ b.subtitle }")
    result = run("check-template", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:2: template: paragraph “{{{{ b.subtitle }}” (style Subtitle): template syntax "
        "error: tag ‘{{ b.subtitle }…’ is not closed in its paragraph"]


@pytest.mark.parametrize(("restyle", "line", "style", "text"), [
    ("no-quote", 10, "Quote", "{{ e.lead }}{% if e.translated %} {{ e.translated }}{% en…"),
    ("no-list-bullet-2", 16, "ListBullet2", "{{ point }}"),
    ("no-sources", 23, "Sources", "{{ b.sources_label }}: {{ b.sources_text }}"),
])
def test_a_deleted_style_is_a_warning_with_the_fallback(tmp_path: Path, restyle: str, line: int, style: str,
                                                        text: str) -> None:
    folder = restyled(tmp_path, restyle)
    result = run("check-template", str(folder))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:{line}: template: warning: paragraph “{text}” (style {style}): style '{style}' "
        "is not in the template; Word and LibreOffice set this paragraph in Normal"]


def test_a_renamed_style_is_a_warning_that_says_its_new_name(tmp_path: Path) -> None:
    folder = restyled(tmp_path, "renamed-heading")
    result = run("check-template", str(folder))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:1: template: warning: style 'Heading 1' is missing (style id Heading1 is now named "
        "'Section title'); the README asks to keep it, and paragraphs without their style are set in Normal"]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig (fc-list) is not installed")
def test_a_font_that_is_not_installed_is_a_warning_with_the_font_used_instead(tmp_path: Path) -> None:
    from briefgen.template_check import fallback_font

    folder = restyled(tmp_path, "font-not-installed")
    result = run("check-template", str(folder))
    assert result.exit_code == 0
    instead = fallback_font("Frutiger Next Newsroom")
    assert result.stderr.splitlines() == [
        f"{folder / DOCX_TEMPLATE}:1: template: warning: styles Heading 1, List Bullet, Normal, Quote, Sources, "
        f"Title: font 'Frutiger Next Newsroom' is not installed; LibreOffice will use '{instead}' instead"]


def test_a_markdown_template_is_checked_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    source = (default_template_dir() / MD_TEMPLATE).read_text(encoding="utf-8").replace("e.attribution", "e.atribution")
    (folder / MD_TEMPLATE).write_text(source, encoding="utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), start=1) if "e.atribution" in text)
    result = run("check-template", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / MD_TEMPLATE}:{line}: template: unknown attribute 'e.atribution': an entry has e.lead, "
        "e.text, e.attribution, e.points, e.flag, e.translated, e.direct, e.kind, e.record_id, e.priority, "
        "e.comment, e.sources, e.mark, e.continues, e.brief"]


def test_not_a_template_folder_is_exit_2(tmp_path: Path) -> None:
    assert run("check-template", str(tmp_path / "none")).exit_code == 2
    (tmp_path / "empty").mkdir()
    result = run("check-template", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "holds none of briefing.md.j2, briefing.docx, briefing.html.j2" in result.stderr
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / DOCX_TEMPLATE).write_bytes(b"not a zip")
    result = run("check-template", str(tmp_path / "bad"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{tmp_path / 'bad' / DOCX_TEMPLATE}:1: template: not a usable Word template: it is not "
                                     "a Word .docx file (not a zip archive); save it from Word as .docx")


def test_a_template_build_runs_the_checks_first_and_writes_nothing_on_a_problem(tmp_path: Path) -> None:
    folder = word_template_with(tmp_path / "tpl", "{{ s.heading }}", "{{ s.headng }}")
    result = run("build", str(ROOT / "facts" / "hanoi-convention"), "--template", str(folder),
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {folder / DOCX_TEMPLATE}:4: template: paragraph “{{{{ s.headng }}}}” (style Heading 1): unknown "
        "attribute 's.headng': a section has s.heading, s.key, s.entries, s.compact"]
    assert not (tmp_path / "out").exists()


def test_a_template_build_prints_each_warning_once(tmp_path: Path) -> None:
    folder = restyled(tmp_path, "renamed-heading")
    result = run("build", str(ROOT / "facts" / "hanoi-convention"), "--template", str(folder), "--format", "md,docx",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("style 'Heading 1' is missing") == 1
