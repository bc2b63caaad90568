"""What `briefgen build` prints: a line per file written, the records left out with `--verbose`,
the whole report as JSON with `--json`; warnings and notes on stderr.

Kept out of cli.py (which only maps options and prints lines) and out of build.py (the job); the
report itself is `build_report.BuildReport`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.build_report import BuildReport


def build_printed(report: BuildReport, verbose: bool = False,
                  as_json: bool = False) -> list[tuple[str, bool]]:
    """The lines `build` prints, each with whether it goes to stderr (nothing on stderr with `as_json`:
    the JSON holds the warnings and notes)."""
    out = [] if as_json else [(line, True) for line in report.messages()]
    return out + [(report.output(verbose, as_json), False)]
