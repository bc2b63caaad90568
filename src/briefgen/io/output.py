"""Writing outputs without ever losing work: atomic replace, a manifest, and a lock.

A build renders every file in memory first. Then, under a lock on the output folder,
it refuses to replace any file whose bytes differ from what briefgen last wrote there
(an editor changed it) unless forced, writes each file to a temp file in the same
folder, fsyncs and renames it into place, and records each file's hash in the manifest.
A build killed at any moment leaves either the old file or the new one.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from briefgen.errors import EditedOutput, UsageProblem

MANIFEST = ".briefgen-manifest.json"
LOCK = ".briefgen.lock"
TEMP_PREFIX = ".briefgen-tmp-"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare_out_dir(out: Path) -> None:
    """Create the folder if needed; a file in its place, or no write access, is a usage error."""
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
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise UsageProblem(f"{path}: cannot take the output folder's lock ({exc.strerror})") from exc
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
    """
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    known: dict[str, set[str]] = {}
    if not isinstance(data, dict):
        return known
    for key in ("files", "pending"):
        table = data.get(key, {})
        if isinstance(table, dict):
            for name, digest in table.items():
                known.setdefault(str(name), set()).add(str(digest))
    return known


def _write_manifest(out: Path, files: dict[str, str], pending: dict[str, str]) -> None:
    body: dict[str, object] = {"tool": "briefgen", "files": dict(sorted(files.items()))}
    if pending:
        body["pending"] = dict(sorted(pending.items()))
    atomic_write(out / MANIFEST, (json.dumps(body, indent=2) + "\n").encode("utf-8"))


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over the target, fsync the folder."""
    atomic_write_many(path.parent, {path.name: data})


def atomic_write_many(folder: Path, files: dict[str, bytes]) -> None:
    """Each file through its own temp file (written and fsynced first), then all renamed into
    place and the folder fsynced once: every path holds the old or the new file, never a part."""
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
            staged[name] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        while staged:
            name, tmp = next(iter(staged.items()))
            os.replace(tmp, folder / name)
            del staged[name]
    finally:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temps(out: Path) -> None:
    """Temp files left by a build that was killed mid-write (we hold the lock: none is live)."""
    for stray in out.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            stray.unlink()


def edited_outputs(out: Path, names: list[str], manifest: dict[str, set[str]]) -> list[str]:
    """Outputs that exist but are not what briefgen last wrote there."""
    changed = []
    for name in names:
        path = out / name
        if not path.exists():
            continue
        try:
            current = sha256(path.read_bytes())
        except OSError:
            changed.append(name)
            continue
        if current not in manifest.get(name, set()):
            changed.append(name)
    return changed


def write_outputs(out: Path, files: dict[str, bytes], force: bool) -> list[Path]:
    """Write every file or none: refuses edited outputs before touching anything."""
    prepare_out_dir(out)
    with locked(out):
        remove_stale_temps(out)
        known = read_manifest(out)
        changed = edited_outputs(out, sorted(files), known)
        if changed and not force:
            raise EditedOutput([out / n for n in changed])
        current: dict[str, str] = {}
        for name, digests in known.items():
            path = out / name
            if path.exists():
                with contextlib.suppress(OSError):
                    digest = sha256(path.read_bytes())
                    if digest in digests:
                        current[name] = digest
        new = {name: sha256(data) for name, data in files.items()}
        todo = [n for n in sorted(files) if current.get(n) != new[n]]
        if todo:
            _write_manifest(out, current, {n: new[n] for n in todo})
            atomic_write_many(out, {name: files[name] for name in todo})
            current.update(new)
            _write_manifest(out, current, {})
    return [out / name for name in sorted(files)]
