"""The one cache: read-or-compute by key (`cached`), in this process or in the user's cache on disk.

`cached(kind, key, compute)` keeps a value in this process's memory (a template compiled once
for every briefing of a batch); with `dump` and `load` it is kept on disk instead, in a per-user
cache kept like Python's .pyc files, so later builds share it.

Why: a cold `build` of one briefing spent more time compiling its templates' tags and reading
the Word template's page and style measures than on the briefing itself. Those results depend
only on the template's bytes and on the code that computes them, so both are part of every key
(the code as a stamp of briefgen's own files, and the versions of Jinja2 and Python). An entry
carries its own checksum; a missing, corrupt or unwritable entry only means the work is done
again, never a different briefing. Entries are written atomically, so builds running at once
share the cache safely.

It lives in $XDG_CACHE_HOME/briefgen/prepared (~/.cache/briefgen/prepared);
BRIEFGEN_CACHE_DIR moves it and BRIEFGEN_NO_CACHE=1 turns it off.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

FORMAT = b"briefgen-cache-1"
T = TypeVar("T")
MAX_ENTRIES = 256  # per kind of entry (compiled templates, packs, ...), on disk and in memory
_MEMORY: dict[str, dict[Hashable, object]] = {}  # kind -> key -> value, oldest first


def cache_root() -> Path | None:
    if os.environ.get("BRIEFGEN_NO_CACHE"):
        return None
    explicit = os.environ.get("BRIEFGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return base / "briefgen" / "prepared"


@cache
def code_stamp() -> bytes:
    """Name, size and modification time of each of briefgen's own files: any change to the code
    (an upgrade, or an edit in a checkout) gives new keys."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    for folder, dirs, files in sorted(os.walk(here)):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder[len(here):]}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_stamp())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def read_entry(kind: str, key: str) -> bytes | None:
    """The payload stored under `key`, or None when absent or damaged."""
    root = cache_root()
    if root is None:
        return None
    try:
        data = (root / kind / key).read_bytes()
    except OSError:
        return None
    check, payload = data[:32], data[32:]
    if hashlib.sha256(payload).digest() != check:
        return None
    return payload


def cached(kind: str, key: Hashable, compute: Callable[[], T], dump: Callable[[T], bytes] | None = None,
           load: Callable[[bytes], T] | None = None, keep: Callable[[T], bool] | None = None) -> T:
    """The value stored under (`kind`, `key`), else `compute()`, stored.

    Without `dump` and `load`, it is stored in this process's memory. With them, on disk under
    `key` (a `cache_key`): an entry `load` cannot read is worked out again. When `compute`
    raises, or `keep` says no, nothing is stored, so a failure is never served from the cache.
    """
    if dump is None or load is None:
        return _remembered(kind, key, compute, keep)
    name = str(key)
    payload = read_entry(kind, name)
    if payload is not None:
        with contextlib.suppress(Exception):  # a damaged or foreign entry is only a miss: work it out again
            return load(payload)
    value = compute()
    if keep is None or keep(value):
        write_entry(kind, name, dump(value))
    return value


def _remembered(kind: str, key: Hashable, compute: Callable[[], T], keep: Callable[[T], bool] | None) -> T:
    table = _MEMORY.setdefault(kind, {})
    if key in table:
        return cast(T, table[key])
    value = compute()
    if keep is None or keep(value):
        if len(table) >= MAX_ENTRIES:
            del table[next(iter(table))]
        table[key] = value
    return value


def write_entry(kind: str, key: str, payload: bytes) -> None:
    """Store `payload` under `key`; failing to (a read-only home, a full disk) is not an error."""
    root = cache_root()
    if root is None:
        return
    folder = root / kind
    temp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as out:
            out.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temp, folder / key)
    except OSError:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Oldest entries out once a kind holds more than MAX_ENTRIES: every edit of a pack or template
    makes a new entry, and nothing else would ever remove the old ones. Only written when a
    build worked something out anew, so a build served from the cache never pays for it."""
    try:
        with os.scandir(folder) as found:
            entries = [(e.stat().st_mtime_ns, e.name) for e in found if not e.name.startswith(".")]
    except OSError:
        return
    if len(entries) <= MAX_ENTRIES:
        return
    for _, name in sorted(entries)[: len(entries) - MAX_ENTRIES]:
        try:
            (folder / name).unlink()
        except OSError:
            pass
