"""The runtime dependencies are exactly what src/briefgen imports, and the locks pin them all."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "briefgen"


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return normalized(match.group())


def imported_top_level_modules() -> set[str]:
    """Every module src/ imports, whether at the top of a file or inside the command that needs it."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"briefgen", "__future__"}


def project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]  # type: ignore[no-any-return]


def test_runtime_dependencies_are_exactly_what_src_imports() -> None:
    owners = packages_distributions()
    imported = set()
    for module in imported_top_level_modules():
        assert module in owners, f"src/ imports {module!r}, which no installed distribution provides"
        imported |= {normalized(owners[module][0])}
    declared = {requirement_name(r) for r in project()["dependencies"]}  # type: ignore[attr-defined]
    assert sorted(imported - declared) == [], "imported by src/ but not declared in pyproject.toml"
    assert sorted(declared - imported) == [], "declared in pyproject.toml but never imported by src/"


def pinned(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {normalized(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def test_every_lock_pins_every_declared_package_with_hashes() -> None:
    extras = project()["optional-dependencies"]
    wanted = {
        "runtime.lock": [],
        "test.lock": ["test"],
        "dev.lock": ["test", "dev"],
        "bench.lock": ["test", "bench"],
    }
    for lock, groups in wanted.items():
        names = {requirement_name(r) for r in project()["dependencies"]}  # type: ignore[attr-defined]
        for group in groups:
            names |= {requirement_name(r) for r in extras[group]}  # type: ignore[index]
        names |= {"hatchling", "editables"}  # the build backend, for an install that fetches nothing unpinned
        missing = sorted(names - set(pinned(lock)))
        assert missing == [], f"requirements/{lock} lacks {missing}: run scripts/lock"
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        pins = len(re.findall(r"^[A-Za-z0-9._-]+==", text, re.M))
        assert text.count("--hash=sha256:") >= pins, f"requirements/{lock}: every pin needs its hashes"


def test_the_test_lock_pins_the_babel_release_of_the_cldr_snapshot() -> None:
    from briefgen.pack.cldr_data import BABEL_VERSION

    assert pinned("test.lock")["babel"] == BABEL_VERSION
