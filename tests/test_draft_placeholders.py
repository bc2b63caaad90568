"""What a draft may leave open: `unknown` for a date no source states, `TODO` for a text still to write.

Both are warnings for `check` (a draft passes), never a guess presented as fact: a verified
record needs its date, and `build` needs the briefing's date.
"""
from __future__ import annotations

from click.testing import CliRunner
from conftest import PACK_YAML, MakePack
from test_check import check, lines, number

from briefgen.cli import cli


def test_unknown_dates_are_warnings_in_a_draft(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(pack=PACK_YAML.replace("published: 2025-03-14\n    lang: vi", "published: unknown\n    lang: vi"),
              numbers=number("delegates", "2500", status="unverified").replace("as_of: 2025-03-14", "as_of: unknown"))
    result = check(runner, "pack")
    assert result.exit_code == 0, result.output
    assert lines(result.stderr) == [
        "pack/numbers.yaml:5: as_of: warning: unknown: the date is still to be found in the source; write it as YYYY-MM-DD",
        "pack/pack.yaml:9: sources.published: warning: unknown: the date is still to be found in the source; "
        "write it as YYYY-MM-DD",
    ]


def test_a_verified_record_needs_its_date(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500").replace("as_of: 2025-03-14", "as_of: unknown"))
    result = check(runner, "pack")
    assert result.exit_code == 2
    assert "pack/numbers.yaml:5: as_of: unknown: a verified record needs its date (YYYY-MM-DD)" in lines(result.stderr)


def test_build_refuses_a_pack_whose_date_is_unknown(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(pack=PACK_YAML.replace("date: 2025-03-14", "date: unknown"), numbers=number("delegates", "2500"))
    assert check(runner, "pack").exit_code == 0
    result = runner.invoke(cli, ["build", "pack", "--format", "md", "--out", "out"])
    assert result.exit_code == 2
    assert "date: unknown: a briefing needs its as-of date; write it as YYYY-MM-DD before building" in result.stderr


def test_a_todo_text_is_a_warning(runner: CliRunner, make_pack: MakePack) -> None:
    make_pack(numbers=number("delegates", "2500").replace('en: "delegates"', 'en: "TODO translate (vi): đại biểu"'))
    result = check(runner, "pack")
    assert result.exit_code == 0
    assert lines(result.stderr) == ["pack/numbers.yaml:4: label.en: warning: a draft's placeholder "
                                    "(TODO translate (vi): đại biểu): write the text"]
