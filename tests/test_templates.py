"""Editors' templates given with --template run sandboxed: they lay out, they cannot reach out."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from packgen import number, write_pack

from briefgen.cli import cli


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm mục", "five items")])
    (tmp_path / "tpl").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
         "tpl/briefing.md.j2:1: template: not allowed in a template: access to attribute '__class__' of 'str' "
         "object is unsafe."),
        ("{% include '/etc/passwd' %}",
         "tpl/briefing.md.j2:1: template: not allowed in a template: templates cannot include or import other files"),
        ("{% import 'os' as os %}",
         "tpl/briefing.md.j2:1: template: not allowed in a template: templates cannot include or import other files"),
        ("x\n{{ b.sections.append(1) }}",
         "tpl/briefing.md.j2:2: template: undefined variable: 'tuple object' has no attribute 'append'"),
        ("{{ b.labels.clear() }}",
         "tpl/briefing.md.j2:1: template: not allowed in a template: access to attribute 'clear' of 'dict' "
         "object is unsafe."),
        ("{{ lipsum.__globals__ }}",
         "tpl/briefing.md.j2:1: template: not allowed in a template: access to attribute '__globals__' of "
         "'function' object is unsafe."),
    ],
)
def test_template_cannot_read_files_import_or_call_what_it_was_not_given(demo: Path, template: str,
                                                                         message: str) -> None:
    (demo / "tpl" / "briefing.md.j2").write_text(template, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "demo", "--format", "md", "--template", "tpl"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"Error: {message}"
    assert not (demo / "out").exists()


def test_a_template_sees_the_briefing_ready_to_print(demo: Path) -> None:
    (demo / "tpl" / "briefing.md.j2").write_text(
        "{{ b.title }}|{% for s in b.sections %}{{ s.heading }}:{% for e in s.entries %}{{ e.lead }}={{ e.text }}"
        "{% endfor %}{% endfor %}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "demo", "--format", "md", "--template", "tpl"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert (demo / "out" / "demo.vi.md").read_text(encoding="utf-8") == "Bản tin thử|Số liệu chính:5=năm mục\n"
    assert (demo / "out" / "demo.en.md").read_text(encoding="utf-8") == "Test brief|Key numbers:5=five items\n"


def test_template_folder_without_templates_is_refused(demo: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "demo", "--template", "tpl"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --template tpl: holds none of briefing.md.j2, briefing.docx, briefing.html.j2"


def test_a_name_the_template_was_not_given_is_refused_even_in_a_branch_not_taken(demo: Path) -> None:
    (demo / "tpl" / "briefing.md.j2").write_text("# {{ b.title }}\n{% for e in [] %}{{ pointe }}{% endfor %}\n",
                                                 encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "demo", "--format", "md", "--template", "tpl"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: tpl/briefing.md.j2:2: template: undefined variable: 'pointe' is "
                                     "undefined (a template is given only 'b', the briefing)")


def test_a_word_template_tag_left_open_names_its_paragraph(demo: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ b.title }}")
    doc.add_paragraph("{{ b.subtitle }")
    doc.add_paragraph("after {{ b.title }}")
    doc.save(str(demo / "tpl" / "briefing.docx"))
    result = CliRunner().invoke(cli, ["build", "demo", "--format", "docx", "--template", "tpl"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: tpl/briefing.docx:2: template: paragraph “{{ b.subtitle }” (style "
                                     "Normal): template syntax error: tag ‘{{ b.subtitle }…’ is not closed in its "
                                     "paragraph")
