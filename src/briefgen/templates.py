"""Find the template folder and make the Jinja2 environment every template renders in.

Templates given with --template come from editors' folders: they run in Jinja2's
sandbox, with StrictUndefined so a misspelt variable fails loudly instead of printing
nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.errors import RenderError, UsageProblem

MD_TEMPLATE = "briefing.md.j2"
DOCX_TEMPLATE = "briefing.docx"


def default_template_dir() -> Path:
    """The project's templates/: next to src/ in a checkout, inside the package when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parents[1] / "templates", here / "templates"):
        if (candidate / MD_TEMPLATE).is_file():
            return candidate
    raise UsageProblem("briefgen's own templates are missing from this installation")


def template_file(folder: Path | None, name: str) -> Path:
    """A template from --template DIR when it has one, else the project's own."""
    if folder is not None:
        if not folder.is_dir():
            raise UsageProblem(f"--template {folder}: no such folder")
        if (folder / name).is_file():
            return folder / name
        if not any((folder / n).is_file() for n in (MD_TEMPLATE, DOCX_TEMPLATE)):
            raise UsageProblem(f"--template {folder}: holds neither {MD_TEMPLATE} nor {DOCX_TEMPLATE}")
    return default_template_dir() / name


def environment(finalize: Callable[[object], object] | None = None, autoescape: bool = False
                ) -> jinja2.Environment:
    return ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                         autoescape=autoescape, finalize=finalize)


def render_error(exc: jinja2.TemplateError, file: str, line: int | None = None) -> RenderError:
    """`file:line: template: message` for syntax errors and undefined variables alike."""
    where = line if line is not None else getattr(exc, "lineno", None) or 1
    message = exc.message if exc.message else type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError):
        message = f"undefined variable: {message}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"template syntax error: {message}"
    elif isinstance(exc, jinja2.sandbox.SecurityError):
        message = f"not allowed in a template: {message}"
    err = RenderError(f"{file}:{where}: template: {message}")
    return err


def error_line(exc: BaseException, template_name: str) -> int | None:
    """The template line an exception was raised from (Jinja compiles templates to Python)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template_name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
