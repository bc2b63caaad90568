"""The command line: parse options, call the library, print results. No pack logic here."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from briefgen import __version__
from briefgen.errors import BriefgenError

F = TypeVar("F", bound=Callable[..., Any])


class BriefgenClickError(click.ClickException):
    """Prints each problem line as is (`file:line: field: message`), with the error's exit status."""

    def __init__(self, error: BriefgenError) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = error.exit_code

    def show(self, file: Any = None) -> None:
        for line in self.error.lines():
            click.echo(line, err=True)


def user_errors(func: F) -> F:
    """Turn the library's BriefgenError into click's error output, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefgenError as exc:
            raise BriefgenClickError(exc) from exc

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def cli() -> None:
    """Build one-page briefings (Markdown, Word, PDF) from verified fact packs."""


@cli.command()
@click.argument("pack")
@click.option("--sources", "sources", type=click.Path(file_okay=False), default=None,
              help="Folder holding the sources' texts, to verify every excerpt.")
@click.option("--json", "as_json", is_flag=True, help="Print findings as one JSON array.")
@user_errors
def check(pack: str, sources: str | None, as_json: bool) -> None:
    """Check a pack: structure, references, evidence against sources, consistency.

    Exit 0 when nothing is wrong, 1 when a check found problems, 2 when the
    pack cannot be read.

    \b
    Example:
        briefgen check hanoi-convention --sources ../shared/seeds
    """
    from briefgen.report import run_check

    report = run_check(pack, sources)
    if as_json:
        click.echo(json.dumps([i.as_json() for i in report.issues], ensure_ascii=False, indent=2))
    else:
        for issue in report.issues:
            click.echo(issue.render(), err=issue.severity != "info")
        click.echo(report.summary())
    sys.exit(report.exit_code)


@cli.command(name="list")
@click.argument("pack")
@click.option("--kind", type=click.Choice(["numbers", "quotes", "people", "positions", "summits", "sources"]),
              help="Only records of this kind.")
@click.option("--lang", type=str, default=None, help="Show localized text in this language only.")
@click.option("--json", "as_json", is_flag=True, help="Print the records as one JSON array.")
@user_errors
def list_(pack: str, kind: str | None, lang: str | None, as_json: bool) -> None:
    """List a pack's records: a table to scan before a build, or JSON for scripts.

    \b
    Example:
        briefgen list hanoi-convention --kind numbers --lang en
    """
    from briefgen.report import list_pack

    click.echo(list_pack(pack, kind, lang, as_json), nl=False)


@cli.command()
@click.argument("name")
@user_errors
def init(name: str) -> None:
    """Create facts/NAME/, a commented pack skeleton that passes `check`.

    \b
    Example:
        briefgen init apec-2027
    """
    from briefgen.scaffold import create_pack

    folder = create_pack(name, Path("facts"))
    click.echo(f"created {folder}/ (pack.yaml, numbers.yaml, quotes.yaml, people.yaml, positions.yaml, summits.yaml)")
