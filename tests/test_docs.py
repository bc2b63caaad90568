"""Every command documents itself: `--help` with a summary and a copy-paste Example."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import cli

COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]


def test_the_contract_commands_exist() -> None:
    assert {"check", "list", "init"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_commands_have_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Usage: cli {command} ")
    summary = lines[2].strip()
    assert summary and summary.endswith("."), summary
    example = lines.index("  Example:")
    assert lines[example + 1].strip().startswith(f"briefgen {command} "), lines[example + 1]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_help_text(command: str) -> None:
    params = cli.commands[command].params  # type: ignore[attr-defined]
    undocumented = [p.name for p in params if getattr(p, "param_type_name", "") == "option" and not p.help]
    assert undocumented == []


def test_top_level_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    rows = result.stdout.split("Commands:\n")[1].splitlines()
    listed = [line.split()[0] for line in rows if line.strip() and not line.startswith("   ")]  # not wrapped lines
    assert sorted(listed) == COMMANDS


def test_top_level_help_gives_each_summary_whole_not_cut_mid_word(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    listing = " ".join(result.stdout.split("Commands:\n")[1].split())
    for command in COMMANDS:
        summary = " ".join(cli.commands[command].help.split("\n\n")[0].split())  # type: ignore[attr-defined]
        assert f"{command} {summary}" in listing
    assert "..." not in result.stdout.split("Commands:\n")[1]


def test_bare_briefgen_prints_help_and_succeeds_like_git(runner: CliRunner) -> None:
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ") and "Commands:" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"], catch_exceptions=False)
    assert result.stdout == f"briefgen, version {__version__}\n"
