"""Reading pack files: YAML read as text, encodings, NFC, and problems that make a file unusable."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PACK_YAML, PEOPLE_YAML, VALID, MakePack

from briefgen.errors import Issue, UsageProblem
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.pack.model import Evidence, FactPack, NumberRecord, Person, Verification

Loader = Callable[[str], tuple[FactPack | None, list[Issue]]]
Errors = Callable[[str], list[str]]


def test_valid_sample_pack_loads_with_every_record_kind(valid_pack: Path, load: Loader) -> None:
    pack, issues = load("valid")
    assert issues == []
    assert pack is not None
    assert pack.pack.id == "mekong-forum"
    assert pack.pack.languages == ("vi", "en")
    assert pack.pack.title == {"vi": "Diễn đàn Năng lượng sạch Mê Kông 2025", "en": "Mekong Clean Energy Forum 2025"}
    assert pack.pack.presets == {"default": ("numbers", "quotes", "positions", "summits"), "short": ("numbers", "quotes")}
    assert [s.id for s in pack.pack.sources] == ["vi-opening", "en-wire"]
    assert [len(pack.numbers), len(pack.quotes), len(pack.people), len(pack.positions), len(pack.summits)] == [
        6, 2, 2, 2, 2]


def test_number_record_is_typed(valid_pack: Path, load: Loader) -> None:
    pack, _ = load("valid")
    assert pack is not None
    assert pack.numbers[0] == NumberRecord(
        id="delegates", value=Decimal(2500), label={"vi": "đại biểu dự diễn đàn", "en": "delegates at the forum"},
        as_of=date(2025, 3, 14),
        check=Verification("verified", "Lê Văn Hùng", date(2025, 3, 15), (
            Evidence("vi-opening", "hơn 2.500 đại biểu đến từ 48 quốc gia"),
            Evidence("en-wire", "More than 2,500 delegates"),
        ), priority=1),
        approx="more_than", unit={"vi": "đại biểu", "en": "delegates"}, measure="delegates")
    assert pack.numbers[0].where.file == "valid/numbers.yaml" and pack.numbers[0].where.line == 1


def test_optional_fields_take_their_defaults(valid_pack: Path, load: Loader) -> None:
    pack, _ = load("valid")
    assert pack is not None
    countries = pack.numbers[1]
    assert (countries.approx, countries.check.priority, countries.currency, countries.parts,
            countries.check.note) == ("exact", 5, None, (), None)


def test_a_plain_name_is_the_same_in_every_language(valid_pack: Path, load: Loader) -> None:
    pack, _ = load("valid")
    assert pack is not None
    assert pack.people[0].name == {"vi": "Trần Thị Minh", "en": "Trần Thị Minh"}


# --- YAML is read as text: nothing is silently retyped -------------------------------------------------

def test_norway_yes_leading_zero_and_clock_times_stay_text(make_pack: MakePack, load: Loader) -> None:
    make_pack(people="""\
        - id: envoy
          name: NO
          title: {vi: yes, en: 012}
          country: NO
        - id: timekeeper
          name: {vi: "1:30", en: 1:30}
          title: {vi: on, en: off}
        """)
    pack, issues = load("pack")
    assert issues == []
    assert pack is not None
    assert pack.people == (
        Person("envoy", {"vi": "NO", "en": "NO"}, {"vi": "yes", "en": "012"}, "NO"),
        Person("timekeeper", {"vi": "1:30", "en": "1:30"}, {"vi": "on", "en": "off"}),
    )


def test_dates_in_text_fields_stay_text(make_pack: MakePack, load: Loader) -> None:
    make_pack(people="""\
        - id: dated
          name: 2025-10-26
          title: {vi: 2025-10-26, en: 2025-10-26 12:00:00}
        """)
    pack, _ = load("pack")
    assert pack is not None
    assert pack.people[0].name == {"vi": "2025-10-26", "en": "2025-10-26"}
    assert pack.people[0].title == {"vi": "2025-10-26", "en": "2025-10-26 12:00:00"}


def test_null_optional_fields_are_absent_not_the_text_null(make_pack: MakePack, load: Loader) -> None:
    make_pack(numbers="""\
        - id: delegates
          value: 2500
          label: {vi: "đại biểu", en: "delegates"}
          as_of: 2025-03-14
          status: unverified
          verified_by: null
          note: ~
          unit:
          measure: null
        """)
    pack, issues = load("pack")
    assert issues == []
    assert pack is not None
    n = pack.numbers[0]
    assert (n.check.verified_by, n.check.note, n.unit, n.measure) == (None, None, None, None)


def test_quoted_null_is_text(make_pack: MakePack, load: Loader) -> None:
    make_pack(people=PEOPLE_YAML.replace('"Trần Thị Minh"', '"null"'))
    pack, _ = load("pack")
    assert pack is not None
    assert pack.people[0].name == {"vi": "null", "en": "null"}


# --- Unicode ---------------------------------------------------------------------------------------------

def test_nfd_text_is_normalized_to_nfc(make_pack: MakePack, load: Loader) -> None:
    nfd = unicodedata.normalize("NFD", "Bộ trưởng Trần Thị Minh")
    assert nfd != "Bộ trưởng Trần Thị Minh"
    make_pack(people=f'- id: minh\n  name: "{nfd}"\n  title: {{vi: "{nfd}", en: "Minister"}}\n')
    pack, _ = load("pack")
    assert pack is not None
    assert pack.people[0].name["vi"] == "Bộ trưởng Trần Thị Minh"
    assert pack.people[0].title["vi"] == "Bộ trưởng Trần Thị Minh"
    assert unicodedata.is_normalized("NFC", pack.people[0].name["vi"])


def test_nfd_pack_title_is_normalized_to_nfc(make_pack: MakePack, load: Loader) -> None:
    make_pack(pack=PACK_YAML.replace("Hội nghị thử nghiệm", unicodedata.normalize("NFD", "Hội nghị thử nghiệm")))
    pack, _ = load("pack")
    assert pack is not None
    assert pack.pack.title["vi"] == "Hội nghị thử nghiệm"


def test_text_is_trimmed(make_pack: MakePack, load: Loader) -> None:
    make_pack(people=PEOPLE_YAML.replace('"Trần Thị Minh"', '"  Trần Thị Minh  "'))
    pack, _ = load("pack")
    assert pack is not None
    assert pack.people[0].name["vi"] == "Trần Thị Minh"


def test_utf8_byte_order_mark_is_accepted(make_pack: MakePack, load: Loader) -> None:
    folder = make_pack()
    (folder / "people.yaml").write_bytes(b"\xef\xbb\xbf" + PEOPLE_YAML.encode())
    pack, issues = load("pack")
    assert issues == []
    assert pack is not None and pack.people[0].id == "minh"


# --- files that cannot be used: (file content) → exact lines --------------------------------------------

BAD_FILES = [
    pytest.param(b"- id: minh\n  name: &who Minh\n  title: {vi: a, en: b}\n",
                 ["pack/people.yaml:2: anchors (&name) are not allowed in a pack; write the value out"],
                 id="anchor-refused"),
    pytest.param(b"- id: minh\n  name: Minh\n  title: {vi: a, en: b}\n- id: lan\n  name: *who\n",
                 ["pack/people.yaml:5: aliases (*name) are not allowed in a pack; write the value out"],
                 id="alias-refused"),
    pytest.param(b"- id: minh\n  name: Minh\n  title: {vi: a, en: b}\n---\n- id: lan\n",
                 ["pack/people.yaml:4: several YAML documents ('---'); a pack file holds exactly one"],
                 id="several-documents"),
    pytest.param(b"- id: minh\n\tname: Minh\n",
                 ["pack/people.yaml:2: tab character; indent YAML with spaces"],
                 id="tab-indent"),
    pytest.param(b"- id: minh\n  name: Minh\n  title: {vi: a, en: b}\n  name: Lan\n",
                 ["pack/people.yaml:4: name: duplicate key (first at line 2)"],
                 id="duplicate-key"),
    pytest.param(b"- id: minh\n  name: \"Minh\n  title: {vi: a, en: b}\n",
                 [("pack/people.yaml:2: YAML syntax error: found unexpected end of stream (while scanning a "
                   "quoted scalar) at column 9")],
                 id="unclosed-quote-points-at-its-opening"),
    pytest.param(b"- id: minh\n  name: Minh\n  title: {vi: a, en: b\n",
                 [("pack/people.yaml:3: YAML syntax error: did not find expected ',' or '}' (while parsing a flow "
                   "mapping) at column 10")],
                 id="unclosed-brace-points-at-its-opening"),
    pytest.param(b"- id: minh\n  name: [Minh,\n",
                 [("pack/people.yaml:2: YAML syntax error: did not find expected node content (while parsing a "
                   "flow node) at the end of the file")],
                 id="file-ends-inside-a-list-no-line-past-the-end"),
    pytest.param(b"- id: minh\n  name: Minh: Lan\n",
                 [("pack/people.yaml:2: YAML syntax error: mapping values are not allowed in this context at "
                   "column 13; a value holding ': ' must be in quotes")],
                 id="unquoted-colon"),
    pytest.param(b"- id: minh\r\n  name: Minh\r\n\r\n  name: Lan\r\n  title: {vi: a, en: b}\r\n",
                 ["pack/people.yaml:4: name: duplicate key (first at line 2)"],
                 id="windows-line-endings-keep-line-numbers"),
    pytest.param("- id: minh\n".encode("utf-16"),
                 ["pack/people.yaml:1: file is UTF-16 encoded; save it as UTF-8"],
                 id="utf-16"),
    pytest.param(b"- id: minh\n  name: Tr\xe2n\n",
                 [("pack/people.yaml:2: not valid UTF-8 (byte 0xE2 at column 11); if this is Vietnamese in a "
                   "legacy encoding (TCVN3/ABC, VNI), convert it to Unicode UTF-8")],
                 id="legacy-vietnamese-encoding"),
    pytest.param(b"- id: minh\n\x00\x00",
                 ["pack/people.yaml:2: NUL byte at column 1; a pack file must be UTF-8 text (is this a binary file?)"],
                 id="binary"),
    pytest.param(b"- id: minh\n  name: \"Mi\x07nh\"\n  title: {vi: a, en: b}\n",
                 [("pack/people.yaml:2: name: control character U+0007 at column 3 of the text; Word cannot hold "
                   "it: remove it")],
                 id="control-character"),
    pytest.param(b"# Mi\x07nh\n- id: minh\n  name: Minh\n  title: {vi: a, en: b}\n",
                 ["pack/people.yaml:1: control character U+0007 at column 5; remove it"],
                 id="control-character-in-a-comment"),
    pytest.param(b"id: minh\nname: Minh\n",
                 ["pack/people.yaml:1: expected a list of records ('- id: ...'), got a mapping"],
                 id="records-file-not-a-list"),
    pytest.param(b"- minh\n- lan\n",
                 ["pack/people.yaml:1: expected a record (a mapping of fields), got text",
                  "pack/people.yaml:2: expected a record (a mapping of fields), got text"],
                 id="records-not-mappings"),
]


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_unusable_file_is_reported_with_its_line(make_pack: MakePack, errors: Errors,
                                                  content: bytes, expected: list[str]) -> None:
    folder = make_pack()
    (folder / "people.yaml").write_bytes(content)
    assert errors("pack") == expected


@pytest.mark.parametrize("content", ["", "# no people yet\n", "[]\n"], ids=["empty", "comment-only", "empty-list"])
def test_empty_record_file_means_no_records(make_pack: MakePack, load: Loader, content: str) -> None:
    make_pack(people=content)
    pack, issues = load("pack")
    assert issues == []
    assert pack is not None and pack.people == ()


def test_missing_record_files_mean_no_records(make_pack: MakePack, load: Loader) -> None:
    make_pack()
    pack, issues = load("pack")
    assert issues == []
    assert pack is not None
    assert (pack.numbers, pack.quotes, pack.people, pack.positions, pack.summits) == ((), (), (), (), ())


@pytest.mark.parametrize(("pack_yaml", "expected"), [
    pytest.param(None, ["pack/pack.yaml:1: file not found; every pack needs one"], id="missing"),
    pytest.param("# to do\n", [("pack/pack.yaml:1: file is empty; it must describe the event (id, title, date, "
                                "languages)")], id="empty"),
    pytest.param("- id: demo\n", ["pack/pack.yaml:1: expected a mapping of fields, got a list"], id="a-list"),
])
def test_unusable_pack_yaml(make_pack: MakePack, load: Loader, pack_yaml: str | None,
                            expected: list[str]) -> None:
    make_pack(pack=pack_yaml)
    pack, issues = load("pack")
    assert pack is None
    assert [i.render() for i in issues] == expected


def test_unknown_yaml_file_in_the_pack_is_a_warning(make_pack: MakePack, load: Loader) -> None:
    make_pack(qoutes="- id: x\n")
    pack, issues = load("pack")
    assert pack is not None
    assert [(i.severity, i.render()) for i in issues] == [
        ("warning", ("pack/qoutes.yaml:1: warning: not a pack file and ignored (pack files: numbers.yaml, "
                    "pack.yaml, people.yaml, positions.yaml, quotes.yaml, summits.yaml)"))]


# --- finding a pack -------------------------------------------------------------------------------------

def test_pack_is_found_by_name_under_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "demo").mkdir()
    monkeypatch.chdir(tmp_path)
    location = locate_pack("demo")
    assert (location.path, location.display) == (tmp_path / "facts" / "demo", "facts/demo")


def test_pack_is_found_by_folder_path() -> None:
    location = locate_pack(str(VALID))
    assert location.path == VALID
    assert location.file("pack.yaml") == f"{VALID}/pack.yaml"


@pytest.mark.parametrize(("make", "arg", "message"), [
    pytest.param(False, "nowhere", "nowhere: no such pack (no folder 'nowhere', no 'facts/nowhere')", id="missing"),
    pytest.param(True, "notes.txt", "notes.txt: a pack is a folder holding pack.yaml, not a file", id="a-file"),
])
def test_pack_that_cannot_be_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   make: bool, arg: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    if make:
        (tmp_path / arg).write_text("x", encoding="utf-8")
    with pytest.raises(UsageProblem) as info:
        locate_pack(arg)
    assert str(info.value) == message
    assert info.value.exit_code == 2


def test_valid_pack_loads_from_its_checked_in_folder() -> None:
    pack, issues = load_pack(locate_pack(str(VALID)))
    assert pack is not None and issues == []
