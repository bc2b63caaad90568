"""The one family of exceptions for user mistakes; the CLI turns them into exit codes."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """One finding about a pack: where it is, which field, and what is wrong.

    `kind` is one of the contract's finding kinds (structure, reference, evidence,
    conflict, parts, unchecked). `severity` is "error" (counts towards the exit
    status) or "warning"/"info" (printed, but does not fail a check).
    """

    kind: str
    file: str
    line: int
    field: str
    message: str
    record: str | None = None
    severity: str = "error"

    def render(self) -> str:
        """The contract's one-line form: `file:line: field: message`."""
        prefix = f"{self.file}:{self.line}: {self.field}: " if self.field else f"{self.file}:{self.line}: "
        tag = "" if self.severity == "error" else f"{'unchecked' if self.kind == 'unchecked' else self.severity}: "
        return prefix + tag + self.message

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "severity": self.severity,
            "message": f"{self.field}: {self.message}" if self.field else self.message,
        }


class BriefgenError(Exception):
    """Base of every error a user can fix; carries the exit status it maps to."""

    exit_code = 2

    def lines(self) -> list[str]:
        return [f"Error: {self}"]


@dataclass
class ValidationFailed(BriefgenError):
    """A pack (or an option set) that cannot be used; holds every problem found."""

    issues: list[Issue] = field(default_factory=list)
    exit_code: int = 2

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [i.render() for i in self.issues]


class UsageProblem(BriefgenError):
    """A bad option value or output location, reported as one line."""


class RenderError(BriefgenError):
    """A template that cannot be rendered (syntax error, undefined variable)."""


class FitError(BriefgenError):
    """Content that must be printed (priority 1) does not fit on one page."""

    exit_code = 1


class ToolMissing(BriefgenError):
    """An external program (LibreOffice) is needed but not installed or failed."""


class ImportRefused(BriefgenError):
    """A workbook that cannot be imported: every problem, one line each (`FILE: sheet!CELL: field: ...`)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def lines(self) -> list[str]:
        return list(self.problems)
