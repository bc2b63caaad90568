"""Where something is in a pack, and what was found there.

`Where` is the one location type: a record remembers the file and line it was read from, and
every finding (`Issue`) carries the same `Where`, plus the field it is about. Printed findings
take the contract's one-line form `file:line: field: message` (CLI.md).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Where:
    """A file, a 1-based line in it, and the field there ("" for a whole record or file)."""

    file: str
    line: int
    field: str = ""


NOWHERE = Where("", 0)  # the place of a record made in code (tests, scaffolds), not read from a file


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about a pack: where it is, and what is wrong.

    `kind` is one of the contract's finding kinds (structure, reference, evidence,
    conflict, parts, unchecked). `severity` is "error" (counts towards the exit
    status) or "warning"/"info" (printed, but does not fail a check).
    """

    kind: str
    where: Where
    message: str
    record: str | None = None
    severity: str = "error"

    @property
    def file(self) -> str:
        return self.where.file

    @property
    def line(self) -> int:
        return self.where.line

    @property
    def field(self) -> str:
        return self.where.field

    def render(self) -> str:
        """The contract's one-line form: `file:line: field: message`."""
        file, line, field = self.where.file, self.where.line, self.where.field
        prefix = f"{file}:{line}: {field}: " if field else f"{file}:{line}: "
        shown = "unchecked" if self.kind == "unchecked" else self.severity
        tag = "" if self.severity == "error" else f"{shown}: "
        return prefix + tag + self.message

    def as_json(self) -> dict[str, object]:
        field = self.where.field
        return {
            "kind": self.kind,
            "file": self.where.file,
            "line": self.where.line,
            "record": self.record,
            "field": field,
            "severity": self.severity,
            "message": f"{field}: {self.message}" if field else self.message,
        }


def issue(kind: str, file: str, line: int, field: str, message: str, record: str | None = None,
          severity: str = "error") -> Issue:
    """An `Issue` at `file:line`, about `field`: the form every reader and check reports in."""
    return Issue(kind, Where(file, line, field), message, record, severity)


def by_place(found: Issue) -> tuple[str, int]:
    """The order findings print in: by file, then line (a stable sort keeps a line's own order)."""
    return found.where.file, found.where.line
