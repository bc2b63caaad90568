"""Writing files atomically: each through a temp file in its folder, fsynced, then renamed over
its target, so a path holds the old file or the new one and never a part, even after a crash.

`output.py` adds what a build's outputs need on top (the lock, the manifest, kept edits).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".briefgen-tmp-"
FSYNC_THREADS_FROM = 8  # files


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over the target, fsync the folder."""
    staged = stage(path.parent, {path.name: data})
    rename_all(path.parent, staged)


def atomic_write_many(folder: Path, files: dict[str, bytes]) -> None:
    """Each file through its own temp file (written and fsynced first), then all renamed into
    place and the folder fsynced once: every path holds the old or the new file, never a part."""
    rename_all(folder, stage(folder, files))


def stage(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    """name -> its temp file, written and fsynced; on any failure no temp file is left."""
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)  # O_CREAT|O_EXCL: never a link
            staged[name] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
        _fsync_all(list(staged.values()))
    except BaseException:
        discard(staged)
        raise
    return staged


def _fsync_all(paths: list[str]) -> None:
    """Every file on disk before any is renamed into place. The fsyncs run at once, from a few
    threads: the file system then commits them together (a batch's 240 files took 0.35-0.7 s one
    after the other on this project's machine, 0.13 s at once)."""
    if len(paths) < FSYNC_THREADS_FROM:  # importing the thread pool costs more than a few fsyncs
        for path in paths:
            _fsync_path(path)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in pool.map(_fsync_path, paths):  # re-raises the first failure
            pass


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def discard(staged: dict[str, str]) -> None:
    for tmp in staged.values():
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def rename_all(folder: Path, staged: dict[str, str]) -> None:
    try:
        while staged:
            name, tmp = next(iter(staged.items()))
            os.replace(tmp, folder / name)
            del staged[name]
    finally:
        discard(staged)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temps(out: Path) -> None:
    """Temp files left by a build that was killed mid-write (we hold the lock: none is live)."""
    for stray in out.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            stray.unlink()  # unlink never follows a link; a folder of that name is left alone
