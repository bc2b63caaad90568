"""Shared fixtures: packs written into tmp_path from YAML snippets, the valid sample pack, a CLI runner.

Every fixture that writes a pack also chdirs into tmp_path, so the `file` of a finding is
predictable: `pack/numbers.yaml`, `valid/pack.yaml`.
"""
from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.errors import Issue
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.pack.model import FactPack

VALID = Path(__file__).parent / "packs" / "valid"

# A minimal pack header for snippet tests. Source `vi-news` opens on line 6, `en-news` on line 12.
PACK_YAML = """\
id: demo
title: {vi: "Hội nghị thử nghiệm", en: "Test meeting"}
date: 2025-03-14
languages: [vi, en]
sources:
  - id: vi-news
    title: "Tin khai mạc hội nghị"
    outlet: "Báo Mẫu"
    published: 2025-03-14
    lang: vi
    file: vi-news.txt
  - id: en-news
    title: "Meeting opens"
    outlet: "Sample Wire"
    published: 2025-03-14
    lang: en
    file: en-news.txt
"""

# One speaker, so quote snippets have someone to point at.
PEOPLE_YAML = """\
- id: minh
  name: "Trần Thị Minh"
  title: {vi: "Bộ trưởng", en: "Minister"}
"""

MakePack = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The template cache (briefgen._speed.cache) of the test session, not the user's."""
    import os

    os.environ["BRIEFGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("briefgen-cache"))


@pytest.fixture
def make_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakePack:
    """Write `tmp_path/<name>/` from YAML strings and chdir into tmp_path.

    Keyword arguments name the files (`numbers="..."` → numbers.yaml; `pack=None` leaves
    pack.yaml out; the default pack.yaml is PACK_YAML). `texts={"a.txt": "..."}` writes
    source texts into `tmp_path/sources/`. Snippets are dedented.
    """
    monkeypatch.chdir(tmp_path)

    def make(name: str = "pack", texts: dict[str, str] | None = None, **files: str | None) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        files.setdefault("pack", PACK_YAML)
        for stem, text in files.items():
            if text is not None:
                (folder / f"{stem}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        if texts:
            (tmp_path / "sources").mkdir(exist_ok=True)
            for file, text in texts.items():
                (tmp_path / "sources" / file).write_text(text, encoding="utf-8")
        return folder

    return make


@pytest.fixture
def valid_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of tests/packs/valid at tmp_path/valid (sources in valid/sources/)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "valid"
    shutil.copytree(VALID, folder)
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _load(name: str) -> tuple[FactPack | None, list[Issue]]:
    return load_pack(locate_pack(name))


@pytest.fixture
def load() -> Callable[[str], tuple[FactPack | None, list[Issue]]]:
    """load("pack") → (FactPack or None, every issue), reading from the current folder."""
    return _load


@pytest.fixture
def errors() -> Callable[[str], list[str]]:
    """errors("pack") → the rendered `file:line: field: message` of every error, in report order."""

    def rendered(name: str) -> list[str]:
        _, issues = _load(name)
        ordered = sorted(issues, key=lambda i: (i.file, i.line))
        return [i.render() for i in ordered if i.severity == "error"]

    return rendered


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/* from the current output (review the diff before committing).")
