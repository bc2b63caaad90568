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
    listed = [line.split()[0] for line in result.stdout.split("Commands:\n")[1].splitlines() if line.strip()]
    assert sorted(listed) == COMMANDS


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"], catch_exceptions=False)
    assert result.stdout == f"briefgen, version {__version__}\n"
