"""The command line: options in, the library (imported per command, so `--help` is fast) called, lines out."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from briefgen import __version__


class BriefgenGroup(click.Group):
    """A BriefgenError as its lines and exit status, no traceback; each command's whole summary line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from briefgen.errors import BriefgenError  # here, not at start-up: `--help` stays light

            if not isinstance(exc, BriefgenError):
                raise
            for line in exc.lines():
                click.echo(line, err=True)
            raise click.exceptions.Exit(exc.exit_code) from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        found = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
        rows = [(n, c.get_short_help_str(limit=200)) for n, c in found if c is not None and not c.hidden]
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
              help="Folder with briefing.md.j2, .docx and/or .html.j2 to use instead of the built-in ones.")
@click.option("--include-unverified", is_flag=True, help="Print unverified records, visibly marked.")
@click.option("--force", is_flag=True, help="Replace edited outputs, keeping a copy in OUT/.briefgen-edits/.")
@click.option("--no-comments", is_flag=True, help="Leave the source comments out of the Word and HTML files.")
@click.option("--verify-pages", is_flag=True, help="Confirm one page with LibreOffice without --format pdf.")
@click.option("--since", default=None, metavar="OLD",
              help="Mark what is new or updated since an earlier edition: an audit record, a pack or "
                   "PACK@REV.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every record left out, by reason.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object, for scripts.")
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
    from briefgen.build_lines import build_printed

    names = list(packs) + (all_pack_names() if all_packs else [])
    if not names:
        raise click.UsageError("give at least one PACK, or --all")
    options = BuildOptions(lang, sections, preset, formats, Path(out),
                           None if template is None else Path(template), include_unverified, force,
                           not no_comments, verify_pages)
    if since is not None:
        from briefgen.editions.sides import since_edition

        options = since_edition(since, options, names)
    for line, to_stderr in build_printed(run_build(names, options, _progress(len(names))), verbose, as_json):
        click.echo(line, err=to_stderr)


def _progress(packs: int) -> Callable[[str, int, int], None] | None:
    """A progress bar on a terminal; plain lines on stderr otherwise (logs, CI); quiet for one pack."""
    if packs < 2:
        return None
    if not sys.stderr.isatty():
        return lambda stem, done, total: click.echo(f"[{done}/{total}] {stem}", err=True)
    bar: Any = click.progressbar(length=packs, label="building", file=sys.stderr).__enter__()
    def show(stem: str, done: int, total: int) -> None:
        bar.update(1, stem)
        if done == total:
            bar.__exit__(None, None, None)
    return show


@cli.command()
@click.argument("pack")
@click.option("--sources", "sources", type=click.Path(file_okay=False), multiple=True,
              help="Folder holding the sources' texts, to verify every excerpt (give it once).")
@click.option("--json", "as_json", is_flag=True, help="Print findings as one JSON array.")
@click.option("--stale-after", type=click.IntRange(1), default=None, metavar="DAYS",
              help="Warn of an as_of older than the pack's date by more than DAYS (over stale_after_days).")
def check(pack: str, sources: tuple[str, ...], as_json: bool, stale_after: int | None) -> None:
    """Check a pack: structure, references, evidence against sources, consistency.

    \b
    Example:
        briefgen check hanoi-convention --sources ../shared/seeds
    Exit 0 when nothing is wrong, 1 when a check found problems, 2 when the pack cannot be read.
    """
    from briefgen.report import run_check

    report = run_check(pack, sources, stale_after)  # a second --sources is refused there
    for line, to_stderr in report.printed(as_json):
        click.echo(line, err=to_stderr)
    sys.exit(report.exit_code)


@cli.command(name="check-template")
@click.argument("folder", type=click.Path())
def check_template(folder: str) -> None:
    """Check a template folder (styles, fonts, tags, names) before building with it.

    \b
    Example:
        briefgen check-template my-templates/"""
    from briefgen.template_check import run_check_template
    report = run_check_template(folder)
    click.echo("".join(f"{p.render()}\n" for p in report.problems), err=True, nl=False)
    click.echo(report.summary())
    sys.exit(report.exit_code)


@cli.command(name="list")
@click.argument("pack")
@click.option("--kind", type=click.Choice(["numbers", "quotes", "people", "positions", "summits", "sources"]),
              help="Only records of this kind.")
@click.option("--lang", type=str, default=None, help="Show localized text in this language only.")
@click.option("--json", "as_json", is_flag=True, help="Print the records as one JSON array.")
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
def init(name: str) -> None:
    """Create facts/NAME/, a commented pack skeleton that passes `check`.

    \b
    Example:
        briefgen init apec-2027
    """
    from briefgen.pack.scaffold import create_pack

    folder = create_pack(name)
    click.echo(f"created {folder}/ (pack.yaml, numbers.yaml, quotes.yaml, people.yaml, positions.yaml, "
               "summits.yaml)")


@cli.command()
@click.argument("articles", nargs=-1, metavar="ARTICLE.txt...")
@click.option("--out", help="Folder for a new draft pack.")
@click.option("--into", metavar="PACK", help="Add what is new to this existing pack.")
@click.option("--lang", type=click.Choice(["vi", "en"]), help="The articles' language (default: detected).")
@click.option("--id", "pack_id", help="The new pack's id (default: the --out folder's name).")
@click.option("--force", is_flag=True, help="Replace a pack in --out (its old files are kept as .bak).")
def extract(articles: tuple[str, ...], **options: Any) -> None:
    """Draft a fact pack from articles, every record unverified, to be verified.

    \b
    Example:
        briefgen extract ../shared/seeds/*.txt --out facts/hanoi-draft
    """
    from briefgen.extract import extract as run_extract
    click.echo("\n".join(run_extract(list(articles), **options).lines()))


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, help="Compare this language only.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def diff(old: str, new: str, lang: str | None, as_json: bool) -> None:
    """Say what changed between two editions (audit records, packs or PACK@REV).

    Each side an audit record, a pack, PACK@REV, or a .md/.docx file. Exit 0 same, 1 changed, 2 trouble.

    \b
    Example:
        briefgen diff hanoi-convention@HEAD~1 hanoi-convention
        briefgen diff morning/hanoi-convention.vi.audit.json out/hanoi-convention.vi.audit.json
    """
    from briefgen.editions.diff import run_diff

    report = run_diff(old, new, lang)
    click.echo(report.json() if as_json else report.text(), nl=False)
    sys.exit(report.exit_code)


@cli.command(name="export")
@click.argument("pack")
@click.option("--to", "target", type=click.Path(dir_okay=False), required=True, help="FILE.xlsx to write.")
@click.option("--force", is_flag=True, help="Replace an existing workbook (a copy of it is kept).")
def export_(pack: str, target: str, force: bool) -> None:
    """Write a pack as a workbook (.xlsx) for a fact-checking desk.

    \b
    Example:
        briefgen export hanoi-convention --to hanoi.xlsx"""
    from briefgen.sheets.export import run_export
    click.echo("\n".join(run_export(pack, target, force)))


@cli.command(name="import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--into", "pack", required=True, help="The pack whose YAML the workbook updates.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--allow-delete", is_flag=True, help="Remove the records whose rows were deleted.")
def import_(workbook: str, pack: str, dry_run: bool, allow_delete: bool) -> None:
    """Bring an edited workbook (.xlsx, .ods) back into a pack's YAML.

    \b
    Example:
        briefgen import hanoi.xlsx --into hanoi-convention --dry-run"""
    from briefgen.sheets.importer import run_import
    for line, to_stderr in run_import(workbook, pack, dry_run, allow_delete):
        click.echo(line, err=to_stderr)
