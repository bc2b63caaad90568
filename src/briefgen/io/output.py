"""Writing outputs without ever losing work: atomic replace, a manifest, a lock, kept edits.

A build renders every file in memory first. Then, under a lock on the output folder:

1. every target is looked at (never through a link, never blocking on a pipe): a folder, pipe
   or link where an output belongs stops the build before anything is written; a file whose
   bytes differ from what briefgen last wrote there (an editor changed it) is refused unless
   forced;
2. each new file is written to a temp file in the same folder and fsynced (`atomic.py`);
3. every target is compared again with what step 1 saw: an editor who saved meanwhile stops
   the build, and nothing is replaced (the window that remains is the few microseconds
   between this comparison and the renames);
4. with --force, each edited output is first kept in `.briefgen-edits/` (never over an
   earlier copy);
5. the temp files are renamed into place, and the manifest records each file's hash.

A build killed at any moment leaves either the old file or the new one. briefgen's own files
in the folder (lock, manifest, temp files, kept edits) are regular files it opens without
following links (O_NOFOLLOW) and without blocking (O_NONBLOCK); anything else there is refused.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from briefgen.errors import ChangedWhileWriting, EditedOutput, UsageProblem
from briefgen.io.atomic import atomic_write, discard, remove_stale_temps, rename_all, stage
from briefgen.io.files import FileRefused, describe_mode, is_link_loop, open_regular, os_reason, size_text

MANIFEST = ".briefgen-manifest.json"
LOCK = ".briefgen.lock"
EDITS = ".briefgen-edits"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_OUTPUT_BYTES = 256 * 1024 * 1024  # an output holding more is not a briefing (nor an edit of one)
NAME_MAX = 255  # bytes in one file name, on every file system briefgen is used on


class Written(NamedTuple):
    """What a write did: every output path, and each edited output kept before it was replaced."""

    paths: list[Path]
    kept: list[tuple[Path, Path]]  # (the output, where its edited bytes were kept)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refused(path: Path, reason: str) -> UsageProblem:
    return UsageProblem(f"{path}: {reason}; briefgen never follows a link or writes through a folder or pipe "
                        "for its own files in the output folder: remove it")


def prepare_out_dir(out: Path) -> None:
    """Create the folder if needed; a file in its place, a link loop, or no write access is a usage error."""
    if is_link_loop(out):
        raise UsageProblem(f"--out {out}: is a symbolic link loop, not a folder")
    if out.exists() and not out.is_dir():
        raise UsageProblem(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageProblem(f"--out {out}: cannot create the folder ({exc.strerror})") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageProblem(f"--out {out}: the folder is not writable")


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """An exclusive lock on the output folder, so two builds never interleave their writes."""
    import fcntl

    path = out / LOCK
    while True:
        try:
            fd = open_regular(path, os.O_RDWR | os.O_CREAT, follow=False)
        except FileRefused as exc:
            if exc.reason.startswith("is "):  # a link, a folder, a pipe where the lock belongs
                raise _refused(path, exc.reason) from exc
            raise UsageProblem(f"{path}: cannot take the output folder's lock ({exc.reason})") from exc
        fcntl.flock(fd, fcntl.LOCK_EX)
        # The build before ours removes the lock file when it is done (no empty file left in out/):
        # if it did so after we opened it, we hold a lock on a file no one else sees. Lock the one on disk.
        try:
            on_disk = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            on_disk = None
        held = os.fstat(fd)
        if on_disk is not None and (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # still held: a build waiting on this file sees it gone and takes a new one
        os.close(fd)


def read_manifest(out: Path) -> dict[str, set[str]]:
    """File name -> the hashes briefgen may have left there.

    While files are being replaced the manifest lists both the old and the new hash
    ("pending"), so a build killed between two renames leaves nothing that looks edited.
    A manifest that cannot be read as one briefgen wrote is an error, not an empty manifest:
    it is what tells an editor's work from briefgen's.
    """
    path = out / MANIFEST
    if not os.path.lexists(path):
        return {}
    try:
        raw = _read_own(path, MAX_MANIFEST_BYTES)
    except FileRefused as exc:
        raise _refused(path, exc.reason) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: a hostile, deeply nested file
        why = "nested too deeply" if isinstance(exc, RecursionError) else "not JSON"
        raise _damaged(path, why) from exc
    if not isinstance(data, dict):
        raise _damaged(path, "not a JSON object")
    known: dict[str, set[str]] = {}
    for key in ("files", "pending"):
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise _damaged(path, f"'{key}' is not a table of file names")
        for name, digest in table.items():
            known.setdefault(str(name), set()).add(str(digest))
    return known


def _damaged(path: Path, why: str) -> UsageProblem:
    return UsageProblem(f"{path}: is not a manifest briefgen wrote ({why}); it tells editors' changes from "
                        "briefgen's, so nothing was written: move it away, then build with --force "
                        f"(edited outputs are kept in {path.parent / EDITS})")


def _read_own(path: Path, limit: int) -> bytes:
    fd = open_regular(path, os.O_RDONLY, follow=False)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileRefused(f"is {size_text(size)}, over the limit of {size_text(limit)}")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def _write_manifest(out: Path, files: dict[str, str], pending: dict[str, str]) -> None:
    body: dict[str, object] = {"tool": "briefgen", "files": dict(sorted(files.items()))}
    if pending:
        body["pending"] = dict(sorted(pending.items()))
    atomic_write(out / MANIFEST, (json.dumps(body, indent=2) + "\n").encode("utf-8"))


class Target(NamedTuple):
    """An output path as found: absent (data None), or a regular file's bytes and modification time."""

    data: bytes | None
    mtime: float = 0.0


def look_at(path: Path) -> Target:
    """The output's current bytes; a link, folder, pipe or device there is refused, never followed."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Target(None)
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot be written: {os_reason(exc)}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UsageProblem(f"{path}: is {describe_mode(info.st_mode)} where briefgen writes a file; nothing "
                           "was written (not even with --force): move it away")
    if info.st_size > MAX_OUTPUT_BYTES:  # not a briefing: hashing (or keeping) it would fill memory
        raise UsageProblem(f"{path}: is {size_text(info.st_size)}, not a briefing briefgen wrote; nothing "
                           "was written (not even with --force): move it away")
    try:
        fd = open_regular(path, os.O_RDONLY, follow=False)
    except FileRefused as exc:
        raise UsageProblem(f"{path}: {exc.reason}; nothing was written: move it away") from exc
    try:
        with os.fdopen(os.dup(fd), "rb") as handle:
            return Target(handle.read(), os.fstat(fd).st_mtime)
    finally:
        os.close(fd)


def edited_outputs(out: Path, names: list[str], manifest: dict[str, set[str]]) -> list[str]:
    """Outputs that exist but are not what briefgen last wrote there."""
    changed = []
    for name in names:
        found = look_at(out / name)
        if found.data is not None and sha256(found.data) not in manifest.get(name, set()):
            changed.append(name)
    return changed


def check_names(out: Path, names: list[str]) -> None:
    """A file name the file system cannot hold (a 300-character pack id) is refused before any work."""
    for name in names:
        size = len(os.fsencode(name))
        if size > NAME_MAX - 32:  # room for the temp file's and a kept copy's longer names
            raise UsageProblem(f"{out / name[:40]}…: the file name is {size} bytes long, more than the "
                               f"{NAME_MAX - 32} briefgen allows (file systems take {NAME_MAX}); "
                               "use a shorter pack id")


def kept_name(name: str, mtime: float, taken: set[str]) -> str:
    """`demo.vi.20251026T101500Z.md`: the output's name with the UTC time of the edit it holds.

    The time is the edited file's own modification time (so the name says when the editor saved
    it, and a test can set it); a second copy from the same second gets `-2`, `-3`, ...
    """
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    when = datetime.fromtimestamp(int(mtime), tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 10_000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = f"{stem}.{when}{suffix}" + (f".{ext}" if ext else "")
        if candidate not in taken:
            return candidate
    raise UsageProblem(f"{name}: too many kept copies from the same second in {EDITS}/")


def keep_edits(out: Path, edited: dict[str, Target]) -> list[tuple[Path, Path]]:
    """Each edited output's bytes copied into out/.briefgen-edits/, never over an earlier copy."""
    if not edited:
        return []
    folder = out / EDITS
    try:
        os.mkdir(folder, 0o755)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UsageProblem(f"{folder}: cannot create the folder for kept edits ({os_reason(exc)}); "
                           "nothing was replaced") from exc
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        why = "is not a folder" if exc.errno in (errno.ELOOP, errno.ENOTDIR) else os_reason(exc)
        raise _refused(folder, why) from exc
    kept: list[tuple[Path, Path]] = []
    try:
        taken = set(os.listdir(dir_fd))
        for name, target in sorted(edited.items()):
            assert target.data is not None
            while True:
                copy = kept_name(name, target.mtime, taken)
                taken.add(copy)
                try:
                    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644,
                                 dir_fd=dir_fd)
                except FileExistsError:
                    continue  # made since we listed the folder: take the next name
                break
            with os.fdopen(fd, "wb") as handle:
                handle.write(target.data)
                handle.flush()
                os.fsync(handle.fileno())
            kept.append((out / name, folder / copy))
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return kept


def write_outputs(out: Path, files: dict[str, bytes], force: bool,
                  notes: list[str] | None = None) -> list[Path]:
    """Write every file or none: refuses edited outputs (or keeps them, forced) before touching anything.

    Each edited output kept in `.briefgen-edits/` is named in `notes` ("kept the edited ... as ...").
    """
    check_names(out, sorted(files))
    prepare_out_dir(out)
    try:
        with locked(out):
            done = _write_locked(out, files, force)
            if notes is not None:
                notes += [f"kept the edited {edited} as {copy}" for edited, copy in done.kept]
            return done.paths
    except OSError as exc:  # the disk is full, the folder vanished: said in one line
        where = exc.filename or out
        raise UsageProblem(f"{where}: cannot write: {os_reason(exc)}; no output was replaced") from exc


def _write_locked(out: Path, files: dict[str, bytes], force: bool) -> Written:
    remove_stale_temps(out)
    known = read_manifest(out)
    seen = {name: look_at(out / name) for name in sorted(files)}  # refuses a folder or pipe before any write
    edited = {name: t for name, t in seen.items()
              if t.data is not None and sha256(t.data) not in known.get(name, set())}
    if edited and not force:
        raise EditedOutput([out / n for n in edited])
    current: dict[str, str] = {}
    for name, digests in known.items():
        if name in seen:
            data = seen[name].data
        else:
            try:
                data = look_at(out / name).data
            except UsageProblem:
                data = None
        if data is not None and sha256(data) in digests:
            current[name] = sha256(data)
    new = {name: sha256(data) for name, data in files.items()}
    todo = [n for n in sorted(files) if current.get(n) != new[n]]
    if not todo:
        return Written([out / name for name in sorted(files)], [])
    staged = stage(out, {name: files[name] for name in todo})
    try:
        moved = [name for name in todo if look_at(out / name).data != seen[name].data]
        if moved:
            raise ChangedWhileWriting([out / n for n in moved])
        kept = keep_edits(out, {n: t for n, t in edited.items() if n in todo})
        _write_manifest(out, current, {n: new[n] for n in todo})
        rename_all(out, staged)
    finally:
        discard(staged)
    current.update(new)
    _write_manifest(out, current, {})
    return Written([out / name for name in sorted(files)], kept)
