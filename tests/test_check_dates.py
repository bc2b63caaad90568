"""`check` warns about dates: stale figures, impossible verification dates, and years or dates
that a record's own excerpts contradict. Warnings only: exit 0, the build unaffected."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PACK_YAML, PEOPLE_YAML, MakePack

from briefgen.cli import cli

NUMBERS = """\
- id: delegates
  value: 2500
  approx: more_than
  label: {vi: "đại biểu", en: "delegates"}
  as_of: 2025-03-01
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-10
  evidence:
    - source: vi-news
      excerpt: "Hơn 2.500 đại biểu"
- id: fresh
  value: 12
  label: {vi: "nước", en: "countries"}
  as_of: 2025-03-14
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2099-01-01
  evidence:
    - source: vi-news
      excerpt: "12 nước"
"""
SUMMITS = """\
- id: apec
  name: {vi: "Hội nghị APEC", en: "APEC meeting"}
  year: 2007
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-15
  evidence:
    - source: vi-news
      excerpt: "Hội nghị cấp cao APEC năm 2006"
"""
QUOTES = """\
- id: q-minh
  speaker: minh
  kind: paraphrase
  lang: vi
  text: "Bà kêu gọi hành động ngay."
  translations: {en: "She called for action now."}
  said_on: 2025-03-14
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-15
  evidence:
    - source: vi-news
      excerpt: "phát biểu ngày 12/3, bà Minh kêu gọi hành động 24/7"
"""


def warnings(result_output: str) -> list[str]:
    return [line for line in result_output.splitlines() if ": warning: " in line]


def test_date_warnings(make_pack: MakePack) -> None:
    make_pack(numbers=NUMBERS, summits=SUMMITS, quotes=QUOTES, people=PEOPLE_YAML,
              pack=PACK_YAML.replace("languages:", "stale_after_days: 7\nlanguages:"))
    result = CliRunner().invoke(cli, ["check", "pack"])
    assert result.exit_code == 0, result.output
    assert warnings(result.output) == [
        "pack/numbers.yaml:1: as_of: warning: 2025-03-01 is 13 days older than the pack's date 2025-03-14 "
        "(stale after 7): is there a newer figure?",
        "pack/numbers.yaml:1: verified_on: warning: 2025-03-10 is before source 'vi-news' was published (2025-03-14)",
        "pack/numbers.yaml:12: verified_on: warning: 2099-01-01 is in the future",
        "pack/quotes.yaml:1: said_on: warning: 2025-03-14, but its excerpts say 12/3",
        "pack/summits.yaml:1: year: warning: 2007, but its excerpts name 2006",
    ]


def test_the_option_overrides_the_pack_threshold_and_json_carries_them(make_pack: MakePack) -> None:
    make_pack(numbers=NUMBERS, pack=PACK_YAML.replace("languages:", "stale_after_days: 7\nlanguages:"))
    result = CliRunner().invoke(cli, ["check", "pack", "--stale-after", "30", "--json"])
    found = [f for f in json.loads(result.output) if f["field"] == "as_of"]
    assert found == []
    result = CliRunner().invoke(cli, ["check", "pack", "--stale-after", "12", "--json"])
    found = [f for f in json.loads(result.output) if f["field"] == "as_of"]
    assert [(f["kind"], f["severity"], f["record"]) for f in found] == [("structure", "warning", "delegates")]


def test_no_threshold_no_staleness_warning_and_a_bad_one_is_refused(make_pack: MakePack, tmp_path: Path) -> None:
    make_pack(numbers=NUMBERS)
    assert not [w for w in warnings(CliRunner().invoke(cli, ["check", "pack"]).output) if "as_of" in w]
    (tmp_path / "pack" / "pack.yaml").write_text(PACK_YAML.replace("languages:", "stale_after_days: soon\nlanguages:"),
                                                 encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "pack"])
    assert result.exit_code == 2
    assert "pack/pack.yaml:4: stale_after_days: 'soon' is not a whole number from 1 to 36500" in result.output


def test_a_pack_checked_in_two_processes_gets_the_same_date_warnings(make_pack: MakePack,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from briefgen import report

    make_pack(numbers=NUMBERS, summits=SUMMITS, quotes=QUOTES, people=PEOPLE_YAML)
    one = CliRunner().invoke(cli, ["check", "pack", "--stale-after", "7"])
    monkeypatch.setattr(report, "PARTS_FROM_BYTES", 0)  # checked in parts, on two cores
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    two = CliRunner().invoke(cli, ["check", "pack", "--stale-after", "7"])
    assert warnings(two.output) == warnings(one.output)
    assert len(warnings(one.output)) == 5
