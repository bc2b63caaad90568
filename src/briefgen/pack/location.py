"""Where a pack lives: a folder path, or a name under ./facts/ (CLI.md).

Its own module so that finding a pack imports nothing of the YAML machinery: a build whose
pack is in the cache (pack_cache.py) never parses YAML at all.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import UsageProblem
from briefgen.pack.model import RECORD_KINDS

PACK_FILE = "pack.yaml"
PACK_FILES = (PACK_FILE, *(f"{kind}.yaml" for kind in RECORD_KINDS))  # every file a pack may hold


@dataclass(frozen=True)
class PackLocation:
    """Where a pack lives on disk, and how to name its files in messages."""

    path: Path
    display: str

    def file(self, name: str) -> str:
        return f"{self.display.rstrip('/')}/{name}" if self.display else name


def locate_pack(arg: str, cwd: Path | None = None) -> PackLocation:
    """A folder path, or the name of a folder under ./facts/ (CLI.md)."""
    base = cwd or Path.cwd()
    direct = base / arg
    if direct.is_dir():
        return PackLocation(direct, arg)
    named = base / "facts" / arg
    if os.sep not in arg and "/" not in arg and named.is_dir():
        return PackLocation(named, f"facts/{arg}")
    if direct.exists():
        raise UsageProblem(f"{arg}: a pack is a folder holding {PACK_FILE}, not a file")
    raise UsageProblem(f"{arg}: no such pack (no folder '{arg}', no 'facts/{arg}')" + _known_packs(arg, base))


def _known_packs(arg: str, base: Path) -> str:
    """What the editor may have meant: the closest pack name, then every pack under ./facts/."""
    import difflib

    facts = base / "facts"
    try:
        names = sorted(e.name for e in os.scandir(facts)
                       if e.is_dir(follow_symlinks=False) and (Path(e.path) / PACK_FILE).is_file())
    except OSError:
        return ""
    if not names:
        return ""
    close = difflib.get_close_matches(os.path.basename(arg.rstrip("/")), names, n=1)
    hint = f"; did you mean '{close[0]}'" if close else ""
    shown = ", ".join(names[:12]) + (f", … ({len(names)} in all)" if len(names) > 12 else "")
    return f"{hint}; packs under facts/: {shown}"
