"""`briefgen check` through the CLI: exit status 0/1/2, exact finding lines, and the --json shape."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import PEOPLE_YAML, MakePack

from briefgen.cli import cli

VI_TEXT = """\
Hà Nội, 14/3/2025 — Hơn 2.500 đại biểu đã dự hội nghị. Tổng vốn cam kết đạt 6,6 triệu USD,
trong đó các nhà tài trợ góp 4,1 triệu USD và thành phố góp 2,5 triệu USD.

Bộ trưởng Trần Thị Minh nói: “Chúng ta phải hành động ngay hôm nay.”
"""
EN_TEXT = "More than 2,500 delegates attended. Donors pledged USD 6.6 million.\n"
TEXTS = {"vi-news.txt": VI_TEXT, "en-news.txt": EN_TEXT}

UNCHECKED_VI = ("pack/pack.yaml:6: sources: unchecked: source 'vi-news': no --sources folder given; "
                "excerpts not checked against the text")
UNCHECKED_EN = ("pack/pack.yaml:12: sources: unchecked: source 'en-news': no --sources folder given; "
                "excerpts not checked against the text")


def number(rid: str, value: str, excerpt: str = "Hơn 2.500 đại biểu", source: str = "vi-news",
           approx: str = "more_than", status: str = "verified", extra: str = "") -> str:
    """A number record of 11 lines (more with `extra`); its evidence item is on its 10th line."""
    return f"""\
- id: {rid}
  value: {value}
  approx: {approx}
  label: {{vi: "đại biểu", en: "delegates"}}
  as_of: 2025-03-14
  status: {status}
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-15
  evidence:
    - source: {source}
      excerpt: "{excerpt}"
""" + extra


def quote(kind: str, text: str, excerpt: str) -> str:
    return f"""\
- id: minh-today
  speaker: minh
  kind: {kind}
  lang: vi
  text: "{text}"
  translations: {{en: "We must act today."}}
  said_on: 2025-03-14
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-15
  evidence:
    - source: vi-news
      excerpt: "{excerpt}"
"""


def check(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, ["check", *args])


def lines(text: str) -> list[str]:
    return text.splitlines()


# --- the sample pack -----------------------------------------------------------------------------------

def test_valid_pack_with_its_sources_passes(runner: CliRunner, valid_pack: Path) -> None:
    result = check(runner, "valid", "--sources", "valid/sources")
    assert result.exit_code == 0
    assert result.stdout == "valid: 14 records, 14 excerpts, 0 problems, 0 warnings\n"
    assert result.stderr == ""


def test_without_sources_lists_each_unchecked_source_and_still_passes(runner: CliRunner, valid_pack: Path) -> None:
    result = check(runner, "valid")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        ("valid/pack.yaml:12: sources: unchecked: source 'vi-opening': no --sources folder given; excerpts not "
         "checked against the text (8 excerpts)"),
        ("valid/pack.yaml:20: sources: unchecked: source 'en-wire': no --sources folder given; excerpts not "
         "checked against the text (6 excerpts)"),
        "valid: 14 records, 14 excerpts, 0 problems, 0 warnings, 2 sources unchecked",
    ]
    assert result.stderr == ""


def test_pack_is_found_by_name_under_facts(runner: CliRunner, valid_pack: Path) -> None:
    (valid_pack.parent / "facts").mkdir()
    valid_pack.rename(valid_pack.parent / "facts" / "mekong-forum")
    result = check(runner, "mekong-forum", "--sources", "facts/mekong-forum/sources")
    assert result.exit_code == 0
    assert result.stdout == "facts/mekong-forum: 14 records, 14 excerpts, 0 problems, 0 warnings\n"


def test_changed_source_text_fails_its_sha256(runner: CliRunner, valid_pack: Path) -> None:
    text = valid_pack / "sources" / "dien-dan-vi.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nBổ sung.\n", encoding="utf-8")
    result = check(runner, "valid", "--sources", "valid/sources")
    assert result.exit_code == 1
    assert lines(result.stderr)[0].startswith(
        "valid/pack.yaml:12: sources.file: source 'vi-opening': sha256 of valid/sources/dien-dan-vi.txt is ")
    assert lines(result.stderr)[0].endswith(
        ", not the 1b8663ced84cd1da24ebd1f87eac5686da44ef832f120ce3c91cc1a710ec9148 the pack records: "
        "the text has changed")


# --- without --sources: what could not be checked is listed, the other checks still run -----------------

def test_without_sources_the_other_checks_still_run(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("total", "6600000", "6,6 triệu USD", approx="exact", extra="  parts: [donors]\n")
              + number("donors", "4100000", "4,1 triệu USD", approx="exact")
              + number("late", "2500", "2,500 đại biểu", approx="exact")
              + number("bare", "48", approx="exact").replace(
                  '    - source: vi-news\n      excerpt: "Hơn 2.500 đại biểu"\n', "").replace("  evidence:\n", ""))
    result = check(runner, "pack")
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "pack/numbers.yaml:1: parts: parts add up to 4100000, not 6600000 (donors 4100000)",
        "pack/numbers.yaml:33: value: 2500 cannot be read in the excerpt of source 'vi-news' (read as vi)",
        "pack/numbers.yaml:35: evidence: status is verified but no evidence is given",
    ]
    assert lines(result.stdout) == [
        UNCHECKED_VI + " (3 excerpts)",
        UNCHECKED_EN + " (0 excerpts)",
        "pack: 4 records, 3 excerpts, 3 problems, 0 warnings, 2 sources unchecked",
    ]


# --- evidence against the source texts -------------------------------------------------------------------

EVIDENCE_CASES = [
    pytest.param(number("delegates", "2500"), 0, [], id="excerpt-found"),
    pytest.param(number("delegates", "2500", "Hơn   2.500\\nđại biểu"), 0, [],
                 id="excerpt-found-after-whitespace-folding"),
    pytest.param(number("delegates", "2500", "Hơn 2.500 đại biểu đã dự hội thảo"), 1, [
        ("pack/numbers.yaml:10: evidence.excerpt: excerpt not found in source 'vi-news'; it matches up to "
         "“Hơn 2.500 đại biểu đã dự hội ”"),
    ], id="excerpt-not-in-the-text-says-how-far-it-matches"),
    pytest.param(number("delegates", "2500", "hơn 2.500 đại biểu"), 1, [
        "pack/numbers.yaml:10: evidence.excerpt: excerpt not found in source 'vi-news'",
    ], id="excerpt-comparison-keeps-case"),
    pytest.param(number("delegates", "2500", "More than 2,500 delegates", "en-news"), 0, [],
                 id="en-value-read-the-english-way"),
    pytest.param(number("pledged", "6600000", "Tổng vốn cam kết đạt 6,6 triệu USD", approx="exact"), 0, [],
                 id="vi-6,6-trieu-is-6600000"),
    pytest.param(number("pledged", "6600000", "USD 6.6 million", "en-news", approx="exact"), 0, [],
                 id="en-6.6-million-is-6600000"),
    pytest.param(number("pledged", "6.6", "6,6 triệu USD", approx="exact"), 0, [],
                 id="value-as-written-before-the-scale-word"),
    pytest.param(number("pledged", "6600", "6,6 triệu USD", approx="exact"), 1, [
        "pack/numbers.yaml:10: value: 6600 cannot be read in the excerpt of source 'vi-news' (read as vi)",
    ], id="wrong-value"),
    pytest.param(number("delegates", "2500", "More than 2,500 delegates", "vi-news"), 1, [
        "pack/numbers.yaml:10: evidence.excerpt: excerpt not found in source 'vi-news'",
        "pack/numbers.yaml:10: value: 2500 cannot be read in the excerpt of source 'vi-news' (read as vi)",
    ], id="english-excerpt-credited-to-the-vietnamese-source"),
    pytest.param(number("delegates", "2500", approx="about"), 0, [
        ("pack/numbers.yaml:10: approx: warning: approx is about, but the excerpt of 'vi-news' has 'more than' "
         "before “2.500”"),
    ], id="approx-disagreeing-with-the-excerpt-is-a-warning"),
]


@pytest.mark.parametrize(("numbers", "exit_code", "stderr"), EVIDENCE_CASES)
def test_number_evidence_against_sources(runner: CliRunner, make_pack: MakePack,
                                         numbers: str, exit_code: int, stderr: list[str]) -> None:
    make_pack(numbers=numbers, texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources")
    assert lines(result.stderr) == stderr
    assert result.exit_code == exit_code


def test_nfd_excerpt_matches_nfc_source(runner: CliRunner, make_pack: MakePack) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Tổng vốn cam kết đạt 6,6 triệu USD")
    make_pack(numbers=number("pledged", "6600000", nfd, approx="exact"), texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(("quotes", "exit_code", "stderr"), [
    pytest.param(quote("direct", "Chúng ta phải hành động ngay hôm nay.",
                       "Bộ trưởng Trần Thị Minh nói: “Chúng ta phải hành động ngay hôm nay.”"), 0, [],
                 id="direct-quote-within-its-excerpt"),
    pytest.param(quote("direct", "Chúng ta phải hành động ngay.",
                       "Bộ trưởng Trần Thị Minh nói: “Chúng ta phải hành động ngay hôm nay.”"), 1, [
        ("pack/quotes.yaml:1: text: a direct quote's words must lie within its excerpt (they do not, in any of "
         "its evidence)")], id="direct-quote-not-within-its-excerpt"),
    pytest.param(quote("paraphrase", "Bà Minh kêu gọi hành động ngay.",
                       "Bộ trưởng Trần Thị Minh nói: “Chúng ta phải hành động ngay hôm nay.”"), 0, [],
                 id="paraphrase-need-not-be-verbatim"),
])
def test_quote_evidence(runner: CliRunner, make_pack: MakePack, quotes: str, exit_code: int,
                        stderr: list[str]) -> None:
    make_pack(people=PEOPLE_YAML, quotes=quotes, texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources")
    assert lines(result.stderr) == stderr
    assert result.exit_code == exit_code


def test_missing_source_text_is_an_evidence_finding(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500"), texts={"vi-news.txt": VI_TEXT})
    result = check(runner, "pack", "--sources", "sources")
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "pack/pack.yaml:12: sources.file: source 'en-news': source text not found: sources/en-news.txt"]


def test_source_without_a_file_is_unchecked_not_an_error(runner: CliRunner, make_pack: MakePack) -> None:
    from conftest import PACK_YAML

    make_pack(pack=PACK_YAML.replace("    file: en-news.txt\n", ""), numbers=number("delegates", "2500"),
              texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        ("pack/pack.yaml:12: sources: unchecked: source 'en-news': source has no file; its excerpts cannot be "
         "checked (0 excerpts)"),
        "pack: 1 record, 1 excerpt, 0 problems, 0 warnings, 1 source unchecked",
    ]


def test_unchecked_line_counts_the_excerpts_it_could_not_check(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500") + number("more", "2500", "More than 2,500 delegates", "en-news")
              + number("again", "2500", "More than 2,500 delegates", "en-news"))
    result = check(runner, "pack")
    assert (result.exit_code, lines(result.stdout)[:2]) == (0, [UNCHECKED_VI + " (1 excerpt)",
                                                                UNCHECKED_EN + " (2 excerpts)"])


def test_source_file_linked_outside_the_sources_folder_is_refused(runner: CliRunner, make_pack: MakePack,
                                                                  tmp_path: Path) -> None:
    make_pack(numbers=number("delegates", "2500"), texts={"en-news.txt": EN_TEXT})
    (tmp_path / "secret.txt").write_text(VI_TEXT, encoding="utf-8")
    (tmp_path / "sources" / "vi-news.txt").symlink_to(tmp_path / "secret.txt")
    result = check(runner, "pack", "--sources", "sources")
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "pack/pack.yaml:6: sources.file: source 'vi-news': 'vi-news.txt' points outside the sources folder sources"]


# --- consistency: conflicts and parts ---------------------------------------------------------------------

def measured(rid: str, value: str, status: str, as_of: str = "2025-03-14") -> str:
    return f"""\
- id: {rid}
  value: {value}
  label: {{vi: "đại biểu", en: "delegates"}}
  as_of: {as_of}
  measure: delegates
  status: {status}
"""


@pytest.mark.parametrize(("numbers", "exit_code", "stderr"), [
    pytest.param(measured("police", "2500", "unverified") + measured("organisers", "3000", "disputed")
                 + measured("early", "2300", "disputed"), 0, [],
                 id="every-side-but-one-disputed-is-resolved"),
    pytest.param(measured("police", "2500", "unverified") + measured("organisers", "3000", "unverified"), 1, [
        ("pack/numbers.yaml:1: value: measure 'delegates' as of 2025-03-14 has conflicting values: 2500 (police); "
         "3000 (organisers); mark all sides but one as disputed")], id="two-open-sides-conflict"),
    pytest.param(measured("police", "2500", "unverified") + measured("organisers", "3000", "unverified")
                 + measured("early", "2300", "disputed"), 1, [
        ("pack/numbers.yaml:1: value: measure 'delegates' as of 2025-03-14 has conflicting values: 2500 (police); "
         "3000 (organisers); 2300 (early); mark all sides but one as disputed")],
                 id="one-disputed-of-three-is-not-enough"),
    pytest.param(measured("police", "2500", "unverified") + measured("agency", "2500", "disputed")
                 + measured("organisers", "3000", "unverified"), 1, [
        ("pack/numbers.yaml:1: value: measure 'delegates' as of 2025-03-14 has conflicting values: 2500 (police, "
         "agency); 3000 (organisers); mark all sides but one as disputed")],
                 id="a-side-is-open-while-any-of-its-records-is"),
    pytest.param(measured("police", "2500", "unverified") + measured("police-again", "2500", "unverified"), 0, [],
                 id="equal-values-agree"),
    pytest.param(measured("monday", "2500", "unverified") + measured("tuesday", "3000", "unverified", "2025-03-15"),
                 0, [], id="different-dates-do-not-conflict"),
])
def test_conflicts(runner: CliRunner, make_pack: MakePack, numbers: str, exit_code: int,
                   stderr: list[str]) -> None:
    make_pack(numbers=numbers)
    result = check(runner, "pack")
    assert lines(result.stderr) == stderr
    assert result.exit_code == exit_code


def total(parts: str, value: str = "6600000") -> str:
    return f"""\
- id: total
  value: {value}
  label: {{vi: "tổng", en: "total"}}
  as_of: 2025-03-14
  parts: [{parts}]
  status: unverified
"""


def part(rid: str, value: str, status: str = "unverified") -> str:
    return f"""\
- id: {rid}
  value: {value}
  label: {{vi: "phần", en: "part"}}
  as_of: 2025-03-14
  status: {status}
"""


@pytest.mark.parametrize(("numbers", "exit_code", "stderr"), [
    pytest.param(total("donors, city") + part("donors", "4100000") + part("city", "2500000"), 0, [],
                 id="parts-add-up"),
    pytest.param(total("donors, city", "6.6") + part("donors", "4.1") + part("city", "2.5"), 0, [],
                 id="decimal-parts-add-up-exactly"),
    pytest.param(total("donors, city") + part("donors", "4100000") + part("city", "2000000"), 1, [
        "pack/numbers.yaml:1: parts: parts add up to 6100000, not 6600000 (donors 4100000 + city 2000000)"],
                 id="parts-do-not-add-up"),
    pytest.param(total("donors, city") + part("donors", "4100000") + part("city", "2000000", "disputed"), 0, [],
                 id="a-disputed-part-is-not-summed"),
])
def test_parts(runner: CliRunner, make_pack: MakePack, numbers: str, exit_code: int, stderr: list[str]) -> None:
    make_pack(numbers=numbers)
    result = check(runner, "pack")
    assert lines(result.stderr) == stderr
    assert result.exit_code == exit_code


# --- unusable packs: exit 2, every problem on stderr, never a traceback --------------------------------

def test_structural_problems_exit_2_with_every_line(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2.500").replace("as_of: 2025-03-14", "as_of: 26/10/2025"),
              people=PEOPLE_YAML + "  titel: x\n")
    result = check(runner, "pack")
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        ("pack/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in Vietnamese "
         "and English); write the plain number without separators"),
        "pack/numbers.yaml:5: as_of: '26/10/2025' is not an ISO date (write YYYY-MM-DD)",
        "pack/people.yaml:4: titel: unknown field; did you mean 'title'?",
    ]
    assert result.stdout == "pack: cannot be used: 3 problems\n"


def test_reference_problems_exit_2(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500", source="nowhere"))
    result = check(runner, "pack")
    assert result.exit_code == 2
    assert lines(result.stderr) == ["pack/numbers.yaml:10: evidence.source: unknown source 'nowhere'"]


def test_missing_language_exits_2(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(people=PEOPLE_YAML.replace(', en: "Minister"', ""))
    result = check(runner, "pack")
    assert result.exit_code == 2
    assert lines(result.stderr) == ["pack/people.yaml:3: title: missing language 'en'"]


GARBAGE = [
    pytest.param({"numbers": b"- id: a\n  value: [1, {2: 3}]\n  label: [x]\n  as_of: {a: b}\n  status: [v]\n"},
                 id="lists-and-mappings-where-text-is-due"),
    pytest.param({"numbers": b"- ? [a, b]\n  : c\n"}, id="complex-key"),
    pytest.param({"numbers": b"- !!python/object:os.system ls\n"}, id="python-tag"),
    pytest.param({"numbers": b"- id: a\n  evidence: {source: x}\n  parts: x\n  status: verified\n"},
                 id="wrong-shapes-in-verification"),
    pytest.param({"quotes": b"- id: q\n  translations: [en]\n  lang: [vi]\n"}, id="wrong-shapes-in-quote"),
    pytest.param({"pack": b"id: [x]\ntitle: x\nlanguages: vi\nsources: {id: s}\npresets: [a]\n"},
                 id="wrong-shapes-in-pack"),
    pytest.param({"pack": b"sources:\n  - id: s\n    file: /etc/passwd\n  - x\npresets: {A: x, b: [c, [d]]}\n"},
                 id="bad-sources-and-presets"),
    pytest.param({"positions": b"- id: p\n  points: [x, [y], {vi: }]\n  name: {1: 2}\n"}, id="bad-points"),
    pytest.param({"people": b"[" * 200 + b"]" * 200}, id="deep-nesting"),
    pytest.param({"summits": "- id: s\n  name: {vi: \"\ufffe\", en: b}\n".encode()}, id="noncharacter"),
    pytest.param({"numbers": b"\xff\xfe\x00"}, id="utf-16-bom-only"),
]


@pytest.mark.parametrize("files", GARBAGE)
def test_garbage_never_causes_a_traceback(runner: CliRunner, make_pack: MakePack, files: dict[str, bytes]) -> None:
    folder = make_pack()
    for stem, content in files.items():
        (folder / f"{stem}.yaml").write_bytes(content)
    result = check(runner, "pack")
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert all(line.startswith("pack/") for line in lines(result.stderr))


# --- usage errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "stderr"), [
    pytest.param(["nowhere"], "Error: nowhere: no such pack (no folder 'nowhere', no 'facts/nowhere')\n",
                 id="unknown-pack"),
    pytest.param(["valid", "--sources", "nowhere"], "Error: --sources nowhere: no such folder\n",
                 id="missing-sources-folder"),
])
def test_unusable_arguments_exit_2(runner: CliRunner, valid_pack: Path, args: list[str], stderr: str) -> None:
    result = check(runner, *args)
    assert result.exit_code == 2
    assert result.stderr == stderr


def test_unknown_option_exits_2(runner: CliRunner, valid_pack: Path) -> None:
    result = check(runner, "valid", "--source", "valid/sources")
    assert result.exit_code == 2
    last = lines(result.stderr)[-1]  # click's own words, which vary between its releases
    assert last.startswith("Error: No such option") and "--source" in last and "--sources" in last


# --- --json --------------------------------------------------------------------------------------------------

def test_json_findings_have_the_contract_shape(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=total("donors") + part("donors", "4100000"))
    result = check(runner, "pack", "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    findings = json.loads(result.stdout)
    assert [{k: f[k] for k in ("kind", "file", "line", "record", "message")} for f in findings] == [
        {"kind": "parts", "file": "pack/numbers.yaml", "line": 1, "record": "total",
         "message": "parts: parts add up to 4100000, not 6600000 (donors 4100000)"},
        {"kind": "unchecked", "file": "pack/pack.yaml", "line": 6, "record": None,
         "message": "sources: source 'vi-news': no --sources folder given; excerpts not checked against the "
                    "text (0 excerpts)"},
        {"kind": "unchecked", "file": "pack/pack.yaml", "line": 12, "record": None,
         "message": "sources: source 'en-news': no --sources folder given; excerpts not checked against the "
                    "text (0 excerpts)"},
    ]


def test_json_findings_of_an_unusable_pack(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500", source="nowhere") + "  staus: x\n")
    result = check(runner, "pack", "--json")
    assert result.exit_code == 2
    findings = json.loads(result.stdout)
    assert [(f["kind"], f["line"], f["record"], f["message"]) for f in findings] == [
        ("structure", 12, "delegates", "staus: unknown field; did you mean 'status'?"),
    ]


def test_json_kinds_cover_evidence_conflict_and_reference(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=measured("a", "1", "unverified") + measured("b", "2", "unverified")
              + number("c", "2500", "Hơn 2.600 đại biểu"), texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources", "--json")
    assert result.exit_code == 1
    assert {(f["kind"], f["record"]) for f in json.loads(result.stdout)} == {
        ("conflict", "a"), ("evidence", "c")}
    make_pack(name="broken", quotes=quote("direct", "x", "x"))
    result = check(runner, "broken", "--json")
    assert [(f["kind"], f["record"], f["message"]) for f in json.loads(result.stdout)] == [
        ("reference", "minh-today", "speaker: unknown person 'minh' (not in people.yaml)")]
    assert result.exit_code == 2


def test_json_output_is_utf8_text_not_escapes(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500", "Hơn 2.500 đại biểu đã dự hội thảo"), texts=TEXTS)
    result = check(runner, "pack", "--sources", "sources", "--json")
    assert "it matches up to “Hơn 2.500 đại biểu đã dự hội ”" in result.stdout
