"""Warnings that help editors: tone placement, look-alike letters, invisible characters, legacy mojibake.

They are `structure` warnings: `check` and `build` print them as `file:line: field: warning: message`
and neither fails because of them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakePack

from briefgen.cli import cli
from briefgen.pack.lint import TextSpot, legacy_vietnamese, lint_spot
from briefgen.pack.loading import load_pack, locate_pack

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def person(name: str, title_vi: str = "Bộ trưởng", title_en: str = "Minister", pid: str = "minh") -> str:
    return f'- id: {pid}\n  name: "{name}"\n  title: {{vi: "{title_vi}", en: "{title_en}"}}\n'


def warnings(folder: str = "pack") -> list[str]:
    pack, issues = load_pack(locate_pack(folder))
    assert pack is not None, [i.render() for i in issues]
    assert all(i.kind == "structure" for i in issues if i.severity == "warning")
    return [i.render() for i in sorted(issues, key=lambda i: (i.file, i.line)) if i.severity == "warning"]


# --- each warning, with its exact message ---------------------------------------------------------------

WARNED = [
    pytest.param(person("Nguyễn Văn Hoà") + person("Lê Thị Lan", "Chủ tịch tỉnh Hòa Bình", "Chair", "lan"),
                 [("pack/people.yaml:6: title.vi: warning: ‘Hòa’ here and ‘Hoà’ at pack/people.yaml:2 (name) are one "
                   "word with the tone mark on different vowels; write it one way throughout")],
                 id="hoa-old-and-new-style-across-records"),
    pytest.param(person("Minh", "Bộ trưởng Thuỷ lợi, phụ trách thủy điện"),
                 [("pack/people.yaml:3: title.vi: warning: ‘thủy’ here and ‘Thuỷ’ at pack/people.yaml:3 (title.vi) are "
                   "one word with the tone mark on different vowels; write it one way throughout")],
                 id="thuy-twice-in-one-text"),
    pytest.param(person("Ðặng Văn Lâm"),
                 [("pack/people.yaml:2: name: warning: ‘Ðặng’ at column 1: Ð (U+00D0 LATIN CAPITAL LETTER ETH) looks "
                   "like the Vietnamese Đ (U+0110) but is another letter; retype it as Đ")],
                 id="eth-for-d-with-stroke"),
    pytest.param(person("Ɖinh Thị Hà"),
                 [("pack/people.yaml:2: name: warning: ‘Ɖinh’ at column 1: Ɖ (U+0189 LATIN CAPITAL LETTER AFRICAN D) "
                   "looks like the Vietnamese Đ (U+0110) but is another letter; retype it as Đ")],
                 id="african-d-for-d-with-stroke"),
    pytest.param(person("Trần Thị Minh", "Thứ trưởng Bộ Ngoại giao", "Deputy Minister of Fоreign Affairs"),
                 [("pack/people.yaml:3: title.en: warning: ‘Fоreign’ at column 21: mixes Latin and Cyrillic letters: о "
                   "(U+043E CYRILLIC SMALL LETTER O) looks like Latin o but is not a Latin letter; retype the word")],
                 id="cyrillic-o-in-a-latin-word"),
    pytest.param(person("Nguyễn Văn Αn"),
                 [("pack/people.yaml:2: name: warning: ‘Αn’ at column 12: mixes Latin and Greek letters: Α (U+0391 "
                   "GREEK CAPITAL LETTER ALPHA) looks like Latin A but is not a Latin letter; retype the word")],
                 id="greek-alpha-in-a-latin-word"),
    pytest.param(person("Trần Thị Minh", "Đại diện АРЕС", "APEC delegate"),
                 [("pack/people.yaml:3: title.vi: warning: ‘АРЕС’ at column 10 is written with Cyrillic or Greek "
                   "letters that look like Latin ones (А (U+0410 CYRILLIC CAPITAL LETTER A), Р (U+0420 CYRILLIC "
                   "CAPITAL LETTER ER), Е (U+0415 CYRILLIC CAPITAL LETTER IE), С (U+0421 CYRILLIC CAPITAL LETTER ES)); "
                   "retype it")],
                 id="whole-word-in-look-alike-cyrillic"),
    pytest.param(person("Trần\u200b Thị Minh", "Bộ\u2060 trưởng\u200d", "Minister\ufeff"),
                 [("pack/people.yaml:2: name: warning: invisible character U+200B ZERO WIDTH SPACE at column 5 of the "
                   "text; delete it: it breaks search and comparison"),
                  ("pack/people.yaml:3: title.vi: warning: invisible character U+2060 WORD JOINER at column 3 of the "
                   "text (and 1 more); delete it: it breaks search and comparison"),
                  ("pack/people.yaml:3: title.en: warning: invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte "
                   "order mark) at column 9 of the text; delete it: it breaks search and comparison")],
                 id="zero-width-characters"),
    pytest.param(person("Traàn Thò Minh", "Boä tröôûng", "Minister"),
                 [("pack/people.yaml:2: name: warning: ‘Traàn’ looks like Vietnamese typed in the VNI encoding and "
                   "saved as UTF-8; convert the text from VNI to Unicode"),
                  ("pack/people.yaml:3: title.vi: warning: ‘Boä’ (and 1 more word) looks like Vietnamese typed in the "
                   "VNI encoding and saved as UTF-8; convert the text from VNI to Unicode")],
                 id="vni-mojibake"),
    pytest.param(person("Minh", "Bé tr­ëng Bé Ngo¹i giao ViÖt Nam", "Minister"),
                 [("pack/people.yaml:3: title.vi: warning: ‘tr­ëng’ (and 2 more words) looks like Vietnamese typed in "
                   "the TCVN3 (ABC) encoding and saved as UTF-8; convert the text from TCVN3 (ABC) to Unicode")],
                 id="tcvn3-mojibake"),
]


@pytest.mark.parametrize(("people", "expected"), WARNED)
def test_warning_names_file_line_field_and_what_to_do(make_pack: MakePack, people: str, expected: list[str]) -> None:
    make_pack(people=people)
    assert warnings() == expected


NOT_WARNED = [
    # Foreign names and punctuation that share letters with the legacy encodings or look-alikes.
    "Raphaël Glucksmann", "Guðrún Jónsdóttir", "GUÐRÚN", "Müller-Lüdenscheidt", "Søren Kierkegaard", "Peña Nieto",
    "Muñoz", "Haïti", "naïve", "Citroën", "Noël", "35µg/m³", "Coca-Cola®", "«Bonjour»", "Ибрагимов Путин",
    "Ångström", "Encyclopædia", "Jääskeläinen", "São Paulo", "Đặng Thùy Trâm", "Thụy Sĩ", "Hòa Bình, Hòa Bình",
    "thủy điện, thủy lợi", "family 👨\u200d👩\u200d👧", "αβγ", "Νίκος",
]


@pytest.mark.parametrize("text", NOT_WARNED)
def test_correct_text_gives_no_warning(text: str) -> None:
    assert lint_spot(TextSpot("f.yaml", 1, "name", None, text)) == []
    assert legacy_vietnamese(text) is None


def test_verbatim_words_are_not_held_to_the_pack_spelling(make_pack: MakePack) -> None:
    """An excerpt copies its source, and a direct quote its excerpt: "hoà" there is not the editor's to change."""
    make_pack(people=person("Lê Hòa"), quotes="""\
        - id: q
          speaker: minh
          kind: direct
          lang: vi
          text: "Hợp tác hoà bình"
          translations: {en: "Peaceful cooperation"}
          said_on: 2025-03-14
          status: verified
          verified_by: "Lan Anh"
          verified_on: 2025-03-15
          evidence:
            - source: vi-news
              excerpt: "Hợp tác hoà bình"
        """)
    assert warnings() == []


# --- warnings never fail, and both commands print them ------------------------------------------------------

SUMMIT = """\
- id: apec-2017
  name: {vi: "Tuần lễ Cấp cao APEC", en: "APEC Economic Leaders' Week"}
  year: 2017
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-14
  evidence: [{source: vi-news, excerpt: "APEC"}]
"""


def test_check_and_build_print_warnings_and_succeed(make_pack: MakePack) -> None:
    make_pack(people=person("Ðặng Văn Lâm"), summits=SUMMIT)  # a record, so the briefing has one to print
    line = ("pack/people.yaml:2: name: warning: ‘Ðặng’ at column 1: Ð (U+00D0 LATIN CAPITAL LETTER ETH) looks like the "
            "Vietnamese Đ (U+0110) but is another letter; retype it as Đ")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "pack"])
    assert checked.exit_code == 0
    assert line in checked.stderr.splitlines()
    assert checked.stdout.splitlines()[-1].endswith("0 problems, 1 warning, 2 sources unchecked")
    as_json = json.loads(runner.invoke(cli, ["check", "pack", "--json"]).stdout)
    assert [f for f in as_json if f["severity"] == "warning"] == [{
        "kind": "structure", "file": "pack/people.yaml", "line": 2, "record": "minh", "field": "name",
        "severity": "warning", "message": "name: ‘Ðặng’ at column 1: Ð (U+00D0 LATIN CAPITAL LETTER ETH) looks like "
                                          "the Vietnamese Đ (U+0110) but is another letter; retype it as Đ"}]
    built = runner.invoke(cli, ["build", "pack", "--format", "md"])
    assert built.exit_code == 0
    assert built.stderr.splitlines() == [line]


def test_warnings_are_printed_next_to_errors(make_pack: MakePack) -> None:
    make_pack(people=person("Ðặng Văn Lâm") + "  email: x\n")
    result = CliRunner().invoke(cli, ["check", "pack"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        ("pack/people.yaml:2: name: warning: ‘Ðặng’ at column 1: Ð (U+00D0 LATIN CAPITAL LETTER ETH) looks like the "
         "Vietnamese Đ (U+0110) but is another letter; retype it as Đ"),
        "pack/people.yaml:4: email: unknown field (known fields: id, name, title, country)"]


# --- the real pack is clean -------------------------------------------------------------------------------

def test_hanoi_pack_gives_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    pack, issues = load_pack(locate_pack("facts/hanoi-convention"))
    assert pack is not None
    assert [i.render() for i in issues] == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared source texts (../shared/seeds) are not here")
def test_hanoi_pack_checks_clean_against_its_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["check", "facts/hanoi-convention", "--sources", "../shared/seeds"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].endswith(", 0 problems, 0 warnings")
