"""The package layout is the architecture (docs/architecture.md): these tests keep it so.

Like click's tests/test_imports.py, the allowed imports are written down here, and any
import that breaks them fails with the module and the line. Every import counts, also one
inside a function or under TYPE_CHECKING: each is a dependency a reader has to follow.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Layers from the bottom up: a module may import modules of its own layer or of a lower one.
LAYERS: dict[str, int] = {
    # the base: what every layer may use
    "briefgen": 0, "briefgen.findings": 0, "briefgen.errors": 0, "briefgen.i18n": 0,
    "briefgen._speed.cache": 0, "briefgen._speed.parallel": 0,
    # opening untrusted files (no link followed blindly, no pipe that blocks, size caps): every layer reads files
    "briefgen.io.files": 0,
    "briefgen.pack.cldr_data": 0,  # generated CLDR tables (scripts/make_cldr_data.py), read by i18n too
    # reading, validating and checking packs
    "briefgen.pack": 1,
    # what prints
    "briefgen.briefing": 2,
    # one page, and the files
    "briefgen.fitting": 3, "briefgen.render": 3, "briefgen.io": 3,
    # the jobs the commands run, and the speed machinery that serves them
    "briefgen.build": 4, "briefgen.build_lines": 4, "briefgen.build_report": 4, "briefgen.template_check": 4,
    "briefgen.options": 4, "briefgen.report": 4, "briefgen._speed.pack_cache": 4,
    "briefgen.extract": 4, "briefgen.sheets": 4, "briefgen.editions": 4,
    # the command line
    "briefgen.cli": 5, "briefgen.__main__": 5,
}
# Known breaks of the rules, each with its reason; to be emptied, never grown.
EXCEPTIONS: set[tuple[str, str]] = set()
# The few seams that use the speed machinery; the rest of the code does not know it exists.
SPEED_USERS = {
    "briefgen._speed.cache": {"briefgen._speed.pack_cache", "briefgen._speed.fit_cache",
                              "briefgen.render.templates", "briefgen.render.wordml", "briefgen.fitting.measures"},
    "briefgen._speed.fit_cache": {"briefgen.fitting.search"},
    "briefgen._speed.parallel": {"briefgen.build", "briefgen.report"},
    "briefgen._speed.pack_cache": {"briefgen.build"},
}
GENERATED = {"briefgen.pack.cldr_data"}
# Over the size limit, with the work that splits it (issue 12, item 1: the Word path).
TOO_LONG_FOR_NOW: set[str] = set()
MAX_LINES = 400
MAX_CLI_LINES = 250


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "briefgen").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def layer(module: str) -> int:
    """The layer of a module: its own entry, else its folder's."""
    name = module
    while name not in LAYERS:
        if "." not in name:
            raise AssertionError(f"{module} is in no layer: add it (or its folder) to LAYERS in {__file__}")
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) of every import in the file, relative ones resolved."""
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
                package = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in known else base), node.lineno


def own_imports() -> Iterator[tuple[str, str, int]]:
    known = modules()
    for module, path in known.items():
        for target, line in imports(module, path):
            if target.startswith("briefgen") and target != module:
                assert target in known, f"{module}:{line} imports {target}, which does not exist"
                yield module, target, line


def test_every_module_is_in_a_layer() -> None:
    for module in modules():
        layer(module)


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = [f"{module}:{line} (layer {layer(module)}) imports {target} (layer {layer(target)})"
              for module, target, line in own_imports()
              if layer(target) > layer(module) and (module, target) not in EXCEPTIONS]
    assert upward == []


def test_the_known_exceptions_still_exist() -> None:
    """An exception fixed is taken off the list, so it cannot come back unnoticed."""
    found = {(module, target) for module, target, _ in own_imports()}
    assert EXCEPTIONS <= found


def test_there_is_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, target, _ in own_imports():
        if (module, target) not in EXCEPTIONS:
            graph.setdefault(module, set()).add(target)
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_only_the_command_line_imports_click_and_nothing_imports_it() -> None:
    for module, path in modules().items():
        for target, line in imports(module, path):
            if target.split(".")[0] == "click":
                assert module == "briefgen.cli", f"{module}:{line} imports click"
            if target == "briefgen.cli":
                assert module == "briefgen.__main__", f"{module}:{line} imports the command line"


@pytest.mark.parametrize("speed", sorted(SPEED_USERS))
def test_speed_machinery_is_used_only_at_its_seams(speed: str) -> None:
    users = {module for module, target, _ in own_imports()
             if target == speed and not module.startswith(speed)}
    assert users == SPEED_USERS[speed]


def test_modules_are_small() -> None:
    sizes = {module: len(path.read_text(encoding="utf-8").splitlines()) for module, path in modules().items()}
    assert {m: n for m, n in sizes.items() if n > MAX_LINES and m not in GENERATED | TOO_LONG_FOR_NOW} == {}
    assert sizes["briefgen.cli"] <= MAX_CLI_LINES
    assert all(sizes.get(m, 0) > MAX_LINES for m in TOO_LONG_FOR_NOW), "split: take it off TOO_LONG_FOR_NOW"
