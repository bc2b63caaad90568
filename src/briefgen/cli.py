"""The command line: parse options, call the library, print results. No pack logic here.

Imports are kept to click: `briefgen --help` should start as fast as click itself, so the
library (and json, pathlib) is imported inside the command that needs it.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from briefgen import __version__

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """A BriefgenError becomes its lines (`file:line: field: message`) and exit status, no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            from briefgen.errors import BriefgenError

            if not isinstance(exc, BriefgenError):
                raise
            for line in exc.lines():
                click.echo(line, err=True)
            raise click.exceptions.Exit(exc.exit_code) from exc

    return wrapper  # type: ignore[return-value]


class BriefgenGroup(click.Group):
    """Lists every command with its whole summary line: click would cut it mid-sentence to fit."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=BriefgenGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Build one-page briefings (Markdown, Word, PDF) from verified fact packs."""
    if ctx.invoked_subcommand is None:  # bare `briefgen`, like bare `git`: the help, and success
        click.echo(ctx.get_help())


@cli.command()
@click.argument("packs", nargs=-1, metavar="PACK...")
@click.option("--all", "all_packs", is_flag=True, help="Build every pack under ./facts/.")
@click.option("--lang", default="all", show_default=True, help="vi, en or all.")
@click.option("--sections", default=None, help="Comma-separated: numbers,quotes,positions,summits.")
@click.option("--preset", default=None, help="A section preset named in the pack's pack.yaml.")
@click.option("--format", "formats", default="md,docx", show_default=True,
              help="Comma-separated: md,docx,pdf,html.")
@click.option("--out", type=click.Path(), default="out", show_default=True, help="Output folder.")
@click.option("--template", type=click.Path(), default=None,
              help="Folder with briefing.md.j2, briefing.docx and/or briefing.html.j2 to use instead of "
                   "the built-in ones.")
@click.option("--include-unverified", is_flag=True, help="Print unverified records, visibly marked.")
@click.option("--force", is_flag=True, help="Overwrite outputs that were changed after briefgen wrote them.")
@click.option("--no-comments", is_flag=True, help="Leave the source comments out of the Word and HTML files.")
@click.option("--verify-pages", is_flag=True,
              help="Confirm one page with LibreOffice even without --format pdf.")
@click.option("--since", default=None, metavar="OLD",
              help="Mark what is new or updated since an earlier edition: an audit record, a pack or "
                   "PACK@REV.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every record left out, by reason.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object, for scripts.")
@user_errors
def build(packs: tuple[str, ...], all_packs: bool, lang: str, sections: str | None, preset: str | None,
          formats: str, out: str, template: str | None, include_unverified: bool, force: bool,
          no_comments: bool, verify_pages: bool, since: str | None, verbose: bool, as_json: bool) -> None:
    """Build one-page briefings: out/<pack>.<lang>.md, .docx (and .pdf, .html).

    A line per file: records printed, left out and why (-v: which; --json). Exit 1 if it cannot be honoured.

    \b
    Example:
        briefgen build hanoi-convention --lang vi --format md,docx,pdf
    """
    from pathlib import Path

    from briefgen.build import BuildOptions, all_pack_names
    from briefgen.build import build as run_build

    names = list(packs) + (all_pack_names() if all_packs else [])
    if not names:
        raise click.UsageError("give at least one PACK, or --all")
    options = BuildOptions(lang, sections, preset, formats, Path(out),
                           None if template is None else Path(template), include_unverified, force,
                           not no_comments, verify_pages)
    if since is not None:
        from dataclasses import replace

        from briefgen.editions.sides import read_baseline

        if len(names) > 1:
            raise click.UsageError("--since compares one pack with an earlier edition of it: give one PACK")
        options = replace(options, baseline=read_baseline(since, options))
    report = run_build(names, options, _progress(len(names)))
    click.echo("" if as_json else "".join(f"{line}\n" for line in report.messages()), err=True, nl=False)
    click.echo(report.output(verbose, as_json))


def _progress(packs: int) -> Callable[[str, int, int], None] | None:
    """A progress bar on a terminal; plain lines on stderr otherwise (logs, CI); quiet for one pack."""
    if packs < 2:
        return None
    if not sys.stderr.isatty():
        return lambda stem, done, total: click.echo(f"[{done}/{total}] {stem}", err=True)
    bar: Any = click.progressbar(length=packs, label="building", file=sys.stderr)

    def show(stem: str, done: int, total: int) -> None:
        if done == 1:
            bar.__enter__()
        bar.update(1, stem)
        if done == total:
            bar.__exit__(None, None, None)

    return show


@cli.command()
@click.argument("pack")
@click.option("--sources", "sources", type=click.Path(file_okay=False), default=None,
              help="Folder holding the sources' texts, to verify every excerpt.")
@click.option("--json", "as_json", is_flag=True, help="Print findings as one JSON array.")
@click.option("--stale-after", type=click.IntRange(1), default=None, metavar="DAYS",
              help="Warn of a number's as_of older than the pack's date by more than DAYS (overrides "
                   "the pack's stale_after_days).")
@user_errors
def check(pack: str, sources: str | None, as_json: bool, stale_after: int | None) -> None:
    """Check a pack: structure, references, evidence against sources, consistency.

    Exit 0 when nothing is wrong, 1 when a check found problems, 2 when the pack cannot be read.

    \b
    Example:
        briefgen check hanoi-convention --sources ../shared/seeds
    """
    from briefgen.report import run_check

    report = run_check(pack, sources, stale_after)
    if as_json:
        import json

        click.echo(json.dumps([i.as_json() for i in report.issues], ensure_ascii=False, indent=2))
    else:
        for issue in report.issues:
            click.echo(issue.render(), err=issue.severity != "info")
        click.echo(report.summary())
    sys.exit(report.exit_code)


@cli.command(name="check-template")
@click.argument("folder", type=click.Path())
@user_errors
def check_template(folder: str) -> None:
    """Check a template folder (styles, fonts, tags, names) before building with it.

    \b
    Example:
        briefgen check-template my-templates/
    """
    from briefgen.template_check import run_check_template

    report = run_check_template(folder)
    click.echo("".join(f"{problem.render()}\n" for problem in report.problems), err=True, nl=False)
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
    from pathlib import Path

    from briefgen.pack.scaffold import create_pack

    folder = create_pack(name, Path("facts"))
    click.echo(f"created {folder}/ (pack.yaml, numbers.yaml, quotes.yaml, people.yaml, positions.yaml, "
               "summits.yaml)")


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, help="Compare this language only.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@user_errors
def diff(old: str, new: str, lang: str | None, as_json: bool) -> None:
    """Say what changed between two editions (audit records, packs or PACK@REV).

    Each side is an audit record (out/<pack>.<lang>.audit.json), a pack folder or name, or
    PACK@REV (the pack's folder at a git revision), built in memory. Two .md or two .docx files
    (an edited copy kept in out/.briefgen-edits/ and the new build) give a unified diff. Exit 0
    when nothing changed, 1 when something did, 2 on trouble.

    \b
    Example:
        briefgen diff hanoi-convention@HEAD~1 hanoi-convention
        briefgen diff morning/hanoi-convention.vi.audit.json out/hanoi-convention.vi.audit.json
    """
    from briefgen.editions.diff import run_diff

    report = run_diff(old, new, lang)
    click.echo(report.json() if as_json else report.text(), nl=False)
    sys.exit(report.exit_code)
