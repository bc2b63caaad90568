"""Start-up stays light: each command imports only what it uses (the benchmarks time it; this
keeps it from creeping back unnoticed)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("jinja2", "lxml", "yaml", "babel", "docx", "docxtpl", "pypdf", "markupsafe", "openpyxl")

PROBE = """
import json, sys
sys.argv = ["briefgen", *json.loads(sys.argv[1])]
from briefgen.cli import cli
try:
    cli.main(standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=cwd, check=False)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_no_library(tmp_path: Path) -> None:
    modules = imported(["--help"], tmp_path)
    assert "click" in modules
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)
    assert {m for m in modules if m.startswith("briefgen")} == {"briefgen", "briefgen.cli"}


@pytest.mark.parametrize("command", [["check", str(ROOT / "facts" / "hanoi-convention")],
                                     ["list", str(ROOT / "facts" / "hanoi-convention"), "--kind", "numbers"]])
def test_check_and_list_never_import_word_or_template_code(tmp_path: Path, command: list[str]) -> None:
    modules = {m.split(".")[0] for m in imported(command, tmp_path)}
    assert "yaml" in modules  # it did read the pack
    assert not modules & {"jinja2", "lxml", "babel", "docx", "docxtpl", "pypdf", "markupsafe", "openpyxl"}


def test_a_build_of_a_cached_pack_parses_no_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second build of an unchanged pack takes it from the cache (pack_cache.py)."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))  # cold, whatever ran before
    args = ["build", str(ROOT / "facts" / "hanoi-convention"), "--lang", "vi", "--format", "md",
            "--out", str(tmp_path / "out"), "--force"]
    first = {m.split(".")[0] for m in imported(args, tmp_path)}
    second = {m.split(".")[0] for m in imported(args, tmp_path)}
    assert "yaml" in first
    assert "yaml" not in second
    # Even a Markdown-only build measures what the Word template renders (lxml), but the template's
    # measures come from the cache: python-docx is not imported.
    assert "docx" not in second
