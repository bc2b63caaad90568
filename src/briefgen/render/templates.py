"""Find the template folder and make the Jinja2 environment every template renders in.

Templates given with --template come from editors' folders: they run in Jinja2's
sandbox, with StrictUndefined so a misspelt variable fails loudly instead of printing
nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.errors import BriefgenError, RenderError, UsageProblem

MD_TEMPLATE = "briefing.md.j2"
DOCX_TEMPLATE = "briefing.docx"
HTML_TEMPLATE = "briefing.html.j2"
TEMPLATES = (MD_TEMPLATE, DOCX_TEMPLATE, HTML_TEMPLATE)


def default_template_dir() -> Path:
    """The project's templates/: next to src/ in a checkout, inside the package when installed
    (resolved, so that `is_builtin` compares like with like)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parent.parent / "templates", package / "templates"):
        if (candidate / MD_TEMPLATE).is_file():
            return candidate.resolve()
    raise UsageProblem("briefgen's own templates are missing from this installation")


def template_file(folder: Path | None, name: str) -> Path:
    """A template from --template DIR when it has one, else the project's own."""
    if folder is not None:
        if not folder.is_dir():
            raise UsageProblem(f"--template {folder}: no such folder")
        if (folder / name).is_file():
            return folder / name
        if not any((folder / n).is_file() for n in TEMPLATES):
            raise UsageProblem(f"--template {folder}: holds none of {', '.join(TEMPLATES)}")
    return default_template_dir() / name


def environment(finalize: Callable[[object], object] | None = None, autoescape: bool = False,
                sandboxed: bool = True) -> jinja2.Environment:
    """Jinja2 for a briefing template: strict about names; sandboxed unless it is briefgen's own.

    The sandbox checks every attribute a template reads, a third of a briefing's render time:
    the project's own templates, shipped with the code, are trusted like the code.
    """
    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    return kind(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=autoescape,
                finalize=finalize)


def compile_text_template(template: Path, finalize: Callable[[object], object] | None = None,
                          autoescape: bool = False) -> jinja2.Template:
    """A Markdown or HTML template compiled once per file and version, for every briefing of a process."""
    from briefgen._speed.cache import cached

    name = str(template)
    try:
        stat = template.stat()
    except OSError as exc:
        raise RenderError(f"{name}:1: template: cannot read it as UTF-8 text ({exc})") from exc
    key = (name, stat.st_mtime, stat.st_size, autoescape)
    return cached("text-template", key, lambda: _compile_text_template(template, finalize, autoescape))


def _compile_text_template(template: Path, finalize: Callable[[object], object] | None,
                           autoescape: bool) -> jinja2.Template:
    name = str(template)
    try:
        source = template.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RenderError(f"{name}:1: template: cannot read it as UTF-8 text ({exc})") from exc
    env = environment(finalize=finalize, autoescape=autoescape, sandboxed=not is_builtin(template))
    try:
        return compile_template(env, source, template.name, name, env.globals)
    except jinja2.TemplateSyntaxError as exc:
        raise render_error(exc, name) from exc


def is_builtin(template: Path) -> bool:
    """A template shipped with briefgen (not one given with --template)."""
    try:
        return template.resolve().parent == default_template_dir()
    except (OSError, BriefgenError):
        return False


def render_error(exc: BaseException, file: str, line: int | None = None) -> RenderError:
    """`file:line: template: message` for syntax errors, undefined variables and sandbox refusals."""
    where = line if line is not None else getattr(exc, "lineno", None) or 1
    if isinstance(exc, jinja2.TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        message = f"undefined variable: {message}"
    elif isinstance(exc, jinja2.TemplateSyntaxError) and not message.startswith("undefined variable"):
        message = f"template syntax error: {message}"
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a template: {message}"
    elif isinstance(exc, TypeError) and "no loader" in str(exc):
        message = "not allowed in a template: templates cannot include or import other files"
    return RenderError(f"{file}:{where}: template: {message}")


def error_line(exc: BaseException, filename: str) -> int | None:
    """The template line an exception came from: Jinja maps template lines into tracebacks."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def compile_template(env: jinja2.Environment, source: str, name: str | None, filename: str | None,
                     globals: object = None) -> jinja2.Template:
    """`source` parsed, its names checked (`check_names`) and compiled; the compiled code is kept
    in the user's cache (`briefgen._speed.cache`), so an unchanged template is compiled once per machine.

    Only a template that passed every check is stored, so a cached one needs none again. The key
    holds everything the code depends on: the source, its name and file name (tracebacks map
    errors to lines through them), and how the environment compiles (class, autoescape, finalize).
    """
    import marshal

    from briefgen._speed.cache import cache_key, cached

    finalize = getattr(env.finalize, "__qualname__", "") if env.finalize else ""
    kind = f"{type(env).__module__}.{type(env).__qualname__}"
    config = f"{kind}|{env.autoescape!r}|{finalize}|{jinja2.__version__}"

    def compile_checked() -> CodeType:
        tree = env.parse(source, name=name, filename=filename)
        check_names(env, tree)
        return env.compile(tree, name=name, filename=filename)

    code = cached("jinja", cache_key("jinja", config, name or "", filename or "", source), compile_checked,
                  marshal.dumps, _code)
    template_globals = env.make_globals(None) if globals is None else globals
    return env.template_class.from_code(env, code, template_globals, None)  # type: ignore[arg-type]


def _code(payload: bytes) -> CodeType:
    import marshal

    code = marshal.loads(payload)
    if not isinstance(code, CodeType):
        raise TypeError("not a code object")
    return code


def check_names(env: jinja2.Environment, tree: jinja2.nodes.Template,
                allowed: frozenset[str] = frozenset({"b"})) -> None:
    """Refuse a variable the template was not given, even in a branch this briefing never takes.

    StrictUndefined only fails where a name is evaluated; an editor's typo inside an empty
    loop would otherwise pass every test and fail on the next pack.
    """
    from jinja2 import meta, nodes

    unknown = meta.find_undeclared_variables(tree) - allowed - set(env.globals)
    if unknown:
        first = min((n for n in tree.find_all(nodes.Name) if n.name in unknown), key=lambda n: n.lineno)
        raise jinja2.TemplateSyntaxError(f"undefined variable: '{first.name}' is undefined "
                                         f"(a template is given only 'b', the briefing)", first.lineno)


def unusable_word_template(template: Path, exc: BaseException) -> RenderError:
    """A .docx briefgen cannot open, said in an editor's words rather than Python's."""
    import zipfile

    if isinstance(exc, zipfile.BadZipFile):
        why = "it is not a Word .docx file (not a zip archive); save it from Word as .docx"
    elif isinstance(exc, KeyError):
        part = exc.args[0] if exc.args else exc
        why = f"it lacks a part every Word file has ({part}); save it again from Word"
    elif isinstance(exc, UnicodeDecodeError):
        why = "a part of it is not UTF-8 XML; save it again from Word"
    elif isinstance(exc, ValueError) and str(exc):
        why = str(exc)
    else:
        why = f"it cannot be read ({type(exc).__name__}: {exc})"
    return RenderError(f"{template}:1: template: not a usable Word template: {why}")
