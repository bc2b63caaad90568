"""`briefgen list`: JSON that round-trips every record, --kind and --lang, and the table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import VALID, MakePack

from briefgen.cli import cli
from briefgen.pack.listing import KINDS, pack_json
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.pack.model import FactPack

RECORD_FILES = ("numbers", "quotes", "people", "positions", "summits")


def write_back(records: list[dict[str, object]], header: dict[str, object], folder: Path) -> None:
    """JSON records → a pack folder again: one YAML file per type, sources into pack.yaml's header."""
    folder.mkdir()
    by_type: dict[str, list[dict[str, object]]] = {kind: [] for kind in KINDS}
    for record in records:
        fields = dict(record)
        by_type[str(fields.pop("type"))].append(fields)
    (folder / "pack.yaml").write_text(yaml.safe_dump({**header, "sources": by_type["sources"]},
                                                     allow_unicode=True, sort_keys=False), encoding="utf-8")
    for kind in RECORD_FILES:
        (folder / f"{kind}.yaml").write_text(yaml.safe_dump(by_type[kind], allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")


def loaded(folder: Path) -> FactPack:
    pack, issues = load_pack(locate_pack(str(folder)))
    assert issues == [], [i.render() for i in issues]
    assert pack is not None
    return pack


def test_json_round_trips_every_record_of_the_sample_pack(tmp_path: Path) -> None:
    original = loaded(VALID)
    records = json.loads(json.dumps(pack_json(original), ensure_ascii=False))
    header = yaml.safe_load((VALID / "pack.yaml").read_text(encoding="utf-8"))
    write_back(records, header, tmp_path / "again")
    again = loaded(tmp_path / "again")
    for kind in RECORD_FILES:
        assert getattr(again, kind) == getattr(original, kind), kind
    assert again.pack == original.pack
    assert pack_json(again) == pack_json(original)


def test_json_round_trips_through_the_cli(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    header = yaml.safe_load((valid_pack / "pack.yaml").read_text(encoding="utf-8"))
    write_back(records, header, valid_pack.parent / "again")
    again, original = loaded(valid_pack.parent / "again"), loaded(valid_pack)
    assert (again.pack, again.numbers, again.quotes, again.people, again.positions, again.summits) == (
        original.pack, original.numbers, original.quotes, original.people, original.positions, original.summits)


def test_json_round_trips_awkward_values(make_pack: MakePack, tmp_path: Path) -> None:
    folder = make_pack(numbers="""\
        - id: tiny
          value: 0.1
          label: {vi: "NO", en: "yes"}
          as_of: 2025-03-14
          status: disputed
          note: "012"
        - id: precise
          value: 3.14159265358979323846
          label: {vi: "1:30", en: "null"}
          as_of: 2025-03-14
          status: unverified
        - id: negative
          value: -12.50
          label: {vi: "2025-03-14", en: "~"}
          as_of: 2025-03-14
          status: unverified
        """)
    original = loaded(folder)
    records = json.loads(json.dumps(pack_json(original)))
    write_back(records, yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8")), tmp_path / "again")
    assert loaded(tmp_path / "again").numbers == original.numbers


def test_json_record_has_the_format_field_names_and_a_type(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json", "--kind", "quotes"], catch_exceptions=False)
    records = json.loads(result.stdout)
    assert records[0] == {
        "type": "quotes",
        "id": "minh-opening",
        "speaker": "minister-minh",
        "kind": "direct",
        "lang": "vi",
        "text": "Chuyển đổi năng lượng không thể chờ đợi thêm nữa.",
        "translations": {"en": "The energy transition cannot wait any longer."},
        "said_on": "2025-03-14",
        "status": "verified",
        "verified_by": "Lê Văn Hùng",
        "verified_on": "2025-03-15",
        "evidence": [{"source": "vi-opening", "excerpt": "“Chuyển đổi năng lượng không thể chờ đợi thêm nữa."}],
        "priority": 1,
        "note": None,
        "context": {"vi": "tại phiên khai mạc", "en": "at the opening session"},
    }


@pytest.mark.parametrize(("kind", "ids"), [
    ("numbers", ["delegates", "countries", "pledged-total", "pledged-donors", "pledged-city", "forum-cost"]),
    ("quotes", ["minh-opening", "solberg-wind"]),
    ("people", ["minister-minh", "ambassador-solberg"]),
    ("positions", ["position-no", "position-jp"]),
    ("summits", ["apec-2017", "mekong-forum-2022"]),
    ("sources", ["vi-opening", "en-wire"]),
])
def test_kind_picks_one_type_in_file_order(runner: CliRunner, valid_pack: Path, kind: str, ids: list[str]) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json", "--kind", kind], catch_exceptions=False)
    records = json.loads(result.stdout)
    assert [(r["type"], r["id"]) for r in records] == [(kind, i) for i in ids]


def test_all_records_are_listed_in_kind_order(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json"], catch_exceptions=False)
    types = [r["type"] for r in json.loads(result.stdout)]
    assert types == ["numbers"] * 6 + ["quotes"] * 2 + ["people"] * 2 + ["positions"] * 2 + ["summits"] * 2 + [
        "sources"] * 2


def test_lang_picks_one_language_of_localized_fields(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json", "--kind", "people", "--lang", "en"],
                           catch_exceptions=False)
    assert json.loads(result.stdout) == [
        {"type": "people", "id": "minister-minh", "name": "Trần Thị Minh", "title": "Minister of Industry and Trade",
         "country": "VN"},
        {"type": "people", "id": "ambassador-solberg", "name": "Ingrid Solberg",
         "title": "Ambassador of Norway to Viet Nam", "country": "NO"},
    ]


def test_numbers_keep_their_exact_value_in_json(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--json", "--kind", "numbers"], catch_exceptions=False)
    values = {r["id"]: r["value"] for r in json.loads(result.stdout)}
    assert values == {"delegates": 2500, "countries": 48, "pledged-total": 6600000, "pledged-donors": 4100000,
                      "pledged-city": 2500000, "forum-cost": 1500000000}


def test_unknown_lang_exits_2(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --lang fr: the pack's languages are vi, en\n"


def test_unknown_kind_exits_2(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--kind", "speakers"])
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.stderr


def test_list_of_an_unusable_pack_exits_2_with_its_problems(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers="- id: x\n  value: 2.500\n")
    result = runner.invoke(cli, ["list", "pack", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "pack/numbers.yaml:1: label: required field is missing",
        "pack/numbers.yaml:1: as_of: required field is missing",
        "pack/numbers.yaml:1: status: required field is missing",
        ("pack/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in Vietnamese and "
         "English); write the plain number without separators"),
    ]


def test_table_shows_one_row_per_record(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--kind", "people", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "TYPE    ID                  STATUS  P  CONTENT",
        "people  minister-minh       -       -  Trần Thị Minh — Minister of Industry and Trade",
        "people  ambassador-solberg  -       -  Ingrid Solberg — Ambassador of Norway to Viet Nam",
    ]


def test_table_marks_qualifier_and_direct_quotes(runner: CliRunner, valid_pack: Path) -> None:
    result = runner.invoke(cli, ["list", "valid", "--lang", "en"], catch_exceptions=False)
    rows = result.stdout.splitlines()
    assert rows[1].split(None, 4)[1:] == ["delegates", "verified", "1", ("(more_than) 2500 delegates — delegates at "
                                                                        "the forum")]
    assert "minister-minh: “The energy transition" in rows[7]


def test_a_name_written_as_plain_text_comes_back_as_plain_text(make_pack: MakePack, runner: CliRunner) -> None:
    make_pack(people='''\
        - id: lan
          name: "Nguyễn Thị Lan"
          title: {vi: "Phóng viên", en: "Reporter"}
        - id: tom
          name: {vi: "Tôm", en: "Tom"}
          title: {vi: "Biên tập viên", en: "Editor"}
        ''')
    result = runner.invoke(cli, ["list", "pack", "--kind", "people", "--json"])
    assert result.exit_code == 0, result.output
    people = json.loads(result.stdout)
    assert people[0]["name"] == "Nguyễn Thị Lan"
    assert people[1]["name"] == {"vi": "Tôm", "en": "Tom"}
