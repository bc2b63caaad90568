"""The one family of exceptions for what a user can fix; the CLI turns each into its exit status.

Like click's exceptions, each class says its exit status once, as `exit_code`: 2 for input
that cannot be used (a pack, an option, a template), 1 for a result the user must act on
(content that does not fit, an output an editor changed).
"""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from briefgen.findings import Issue


class BriefgenError(Exception):
    """Base of every error a user can fix; `exit_code` is the status it maps to."""

    exit_code: ClassVar[int] = 2

    def lines(self) -> list[str]:
        return [f"Error: {self}"]


class ValidationFailed(BriefgenError):
    """A pack (or an option set) that cannot be used; holds every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues)
        self.issues = issues

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [i.render() for i in self.issues]


class UsageProblem(BriefgenError):
    """A bad option value or output location, reported as one line."""


class RenderError(BriefgenError):
    """A template that cannot be rendered (syntax error, undefined variable)."""


class TemplatePartError(BriefgenError):
    """A Jinja error inside a Word template part, with the paragraph it happened in.

    Raised inside the Word renderer and turned there into a `RenderError` naming the template's
    file and paragraph; a BriefgenError so that, should one ever escape, it is still one line.
    """

    def __init__(self, error: BaseException, part: str, paragraph: int | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.part = part
        self.paragraph = paragraph


class FitError(BriefgenError):
    """Content that must be printed (priority 1) does not fit on one page."""

    exit_code = 1


class EditedOutput(BriefgenError):
    """Outputs an editor changed after briefgen wrote them: not overwritten without --force."""

    exit_code = 1

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(f"{len(paths)} output(s) changed since briefgen wrote them")
        self.paths = paths

    def lines(self) -> list[str]:
        return [f"Error: {p}: changed since briefgen wrote it (or not written by briefgen); "
                "not overwritten: use --force to replace it" for p in self.paths]


class ToolMissing(BriefgenError):
    """An external program (LibreOffice) is needed but not installed or failed."""


class WorkerFailed(BriefgenError):
    """A worker process died or raised: its share of the work is missing, so there is no answer."""


class ImportRefused(BriefgenError):
    """A workbook that cannot be imported: every problem, one line each (`FILE: sheet!CELL: field: ...`)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def lines(self) -> list[str]:
        return list(self.problems)
