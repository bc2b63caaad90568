"""What `briefgen build` prints: each file written, what it left out and why, warnings and notes.

Kept out of cli.py (which only maps options and prints lines) and out of build.py (the job).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.build import BuildReport


def build_printed(report: BuildReport) -> list[tuple[str, bool]]:
    """The lines `build` prints, each with whether it goes to stderr."""
    out = [(w.render(), True) for w in report.warnings] + [(note, True) for note in report.notes]
    for built, path in zip(report.files, report.written):
        out.append((f"wrote {path}", False))
        out += [(f"  left out, {reason}: {', '.join(records)}", False)
                for reason, records in built.left_out_by_reason().items()]
    return out + [(f"wrote {path} (audit record)", False) for path in report.audits]
