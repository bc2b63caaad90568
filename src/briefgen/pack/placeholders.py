"""What a draft may leave open: a date no source states, written `unknown`.

`briefgen extract` writes `unknown` for `published`, the pack's `date`, `as_of` and `said_on` when an
article states no date: `check` warns until a person writes the date, a `verified` record with an
unknown date is an error (schema.RecordKind.read), and `build` refuses a pack whose date is unknown.
A date is never guessed. (Texts still to write start with lint.DRAFT_PLACEHOLDER, "TODO".)
"""
from __future__ import annotations

from briefgen.findings import issue
from briefgen.pack.fields import Fields
from briefgen.pack.yamlio import SCALARS, line_of

UNKNOWN_DATE = "unknown"


class _Unknown:
    """What `date_or_unknown_field` reads from `unknown`: present (not missing), but no date yet.
    RecordKind.read makes it None in the record."""

    def __repr__(self) -> str:
        return UNKNOWN_DATE


UNKNOWN = _Unknown()


def date_or_unknown_field(f: Fields, name: str, required: bool) -> object:
    """A date, or `unknown`: a warning, never a guessed date."""
    node = f.values.get(name, (None, None))[1]
    if isinstance(node, SCALARS) and node.value == UNKNOWN_DATE:
        f.issues.append(issue("structure", f.file, line_of(node), f"{f.prefix}{name}",
                              "unknown: the date is still to be found in the source; write it as YYYY-MM-DD",
                              f.record, "warning"))
        return UNKNOWN
    return f.date(name, required)
