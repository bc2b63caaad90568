"""Opening files that untrusted folders hold: no link followed blindly, no pipe that blocks, a size cap.

Why: packs, templates and source texts come from other desks, and builds run on shared drives.
A FIFO where a file belongs blocks a plain `open()` forever, a symbolic link can point briefgen's
own files (the lock, the manifest) outside the output folder, a 3 GB sparse file read whole
exhausts memory, and `Path.resolve()` raises RuntimeError on a link loop. Every file briefgen
reads or keeps goes through here: opened with O_NONBLOCK (a FIFO opens at once and is then
refused), with O_NOFOLLOW where a link must not be followed, checked to be a regular file
before the first byte is read, and refused past its cap before reading or hashing.

This module is a leaf (it imports nothing of briefgen but errors), so every layer may use it.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class FileRefused(Exception):
    """A file briefgen will not read or write, with the reason in an editor's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooLarge(FileRefused):
    """A file over its size cap (found before reading it, or while reading a file that grew)."""


def describe_mode(mode: int) -> str:
    """'a folder', 'a pipe (FIFO)', ...: what stands where a regular file was expected."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def os_reason(exc: OSError, follow: bool = True) -> str:
    """An OSError said plainly; with O_NOFOLLOW, ELOOP means the path is a symbolic link."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop" if follow else "is a symbolic link"
    if exc.errno == errno.EISDIR:
        return "is a folder"
    if exc.errno == errno.ENXIO:
        return "is a pipe (FIFO) or a device"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for the file system"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def open_regular(path: Path | str, flags: int = os.O_RDONLY, follow: bool = True, mode: int = 0o644,
                 dir_fd: int | None = None) -> int:
    """A descriptor of a regular file; a link (when not `follow`), folder, pipe or device is refused.

    O_NONBLOCK makes opening a FIFO return at once (it is then refused by fstat); it is cleared
    again for the regular file, so reads and writes behave as usual.
    """
    extra = os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags | extra, mode, dir_fd=dir_fd)
    except OSError as exc:
        raise FileRefused(os_reason(exc, follow)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is {describe_mode(info.st_mode)}, not a regular file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, the size checked before reading.

    One byte past the cap is still read rather than trusting stat() alone: the file may grow.
    """
    fd = open_regular(path, os.O_RDONLY, follow)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(f"is {size_text(size)}, over the limit of {size_text(limit)}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise FileRefused(os_reason(exc)) from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(f"is over the limit of {size_text(limit)}")
    return data


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a symbolic link loop (RuntimeError before Python 3.13) as FileRefused."""
    try:
        return path.resolve()
    except RuntimeError as exc:
        raise FileRefused("a symbolic link loop") from exc
    except OSError as exc:
        raise FileRefused(os_reason(exc)) from exc


def is_link_loop(path: Path) -> bool:
    """True when `path` (or a folder on the way to it) is a symbolic link that never ends."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def size_text(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
