"""A build's loaded and checked pack, kept in the user's cache by the pack files' exact bytes.

Why: an editor rebuilds the same pack many times (another language, other sections, a fixed
template), and reading and checking the YAML was most of a small build's work. The key holds
every byte `load_pack` reads and every file name it looks at, how the pack was named on the
command line (messages quote it), and briefgen's code stamp, so any edit gives a fresh load.
Only a pack that loaded without errors is kept (errors are always reported from a fresh read),
with its warnings, so a cached build prints exactly what an uncached one does.

`check` never uses it: checking is the fact-checker's full pass over the files.
Large packs (over MAX_BYTES of YAML) are not cached: they are not briefings an editor rebuilds.
"""
from __future__ import annotations

import os
import pickle
from typing import TYPE_CHECKING

from briefgen._speed.cache import cache_key, cached
from briefgen.pack.location import PACK_FILES, PackLocation

if TYPE_CHECKING:
    from briefgen.findings import Issue
    from briefgen.pack.model import FactPack

MAX_BYTES = 2_000_000


def _key(location: PackLocation) -> str | None:
    try:
        names = sorted(os.listdir(location.path))
        contents = []
        for name in PACK_FILES:
            path = location.path / name
            contents.append(path.read_bytes() if name in names and path.is_file() else b"\0absent")
    except OSError:
        return None
    if sum(map(len, contents)) > MAX_BYTES:
        return None
    return cache_key("pack", str(location.path), location.display, "\0".join(names), *contents)


def load_checked(location: PackLocation) -> tuple[FactPack | None, list[Issue], list[Issue]]:
    """(pack or None, load issues, consistency findings): `load_pack` then `check_consistency`."""
    key = _key(location)
    if key is None:
        return _load_checked(location)
    return cached("pack", key, lambda: _load_checked(location), _dump, _load,
                  keep=lambda got: got[0] is not None)


def _load_checked(location: PackLocation) -> tuple[FactPack | None, list[Issue], list[Issue]]:
    from briefgen.pack.checking import check_consistency
    from briefgen.pack.loading import load_pack

    pack, issues = load_pack(location)
    return (None, issues, []) if pack is None else (pack, issues, check_consistency(pack))


def _dump(value: tuple[FactPack | None, list[Issue], list[Issue]]) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _load(payload: bytes) -> tuple[FactPack | None, list[Issue], list[Issue]]:
    pack, issues, consistency = pickle.loads(payload)
    return pack, issues, consistency
