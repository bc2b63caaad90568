"""The LibreOffice processes of PDF builds: no network, their pipe found, none left behind.

Why a module of its own: these are the operating-system details of running LibreOffice safely
(pdf.py is what a PDF build does with it). A template from outside may try to reach the
network, so LibreOffice runs in a network namespace of its own where the system allows one.
LibreOffice's single-instance pipe is not where $TMPDIR says: it is found by the name
LibreOffice gives it. And a build killed with `kill -9` cannot clean up: the next PDF build
removes what it left.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

WORK_PREFIX = "briefgen-lo-"


@functools.cache
def offline() -> tuple[str, ...]:
    """The prefix that runs LibreOffice without network access: a network namespace of its own
    (`unshare -n`, as an unprivileged user in a user namespace of its own: `-rn`), when this
    system allows one; else nothing (templates are still stripped of external links first)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for prefix in ([unshare, "-n"] if os.geteuid() == 0 else [], [unshare, "-rn"]):
        if not prefix:
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
            if probe.returncode == 0:
                return tuple(prefix)
    return ()


def pipe_paths(profile: Path) -> list[Path]:
    """Where LibreOffice's single-instance pipe for `profile` appears.

    LibreOffice names it after an MD5 of the profile URL (UTF-16 code units, each byte in hex
    without padding) and puts it in /tmp (else /var/tmp) whatever $TMPDIR says; the uid is the
    one LibreOffice sees (0 in the user namespace of `unshare -r`).
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    uid = 0 if offline()[1:2] == ("-rn",) else os.geteuid()
    name = f"OSL_PIPE_{uid}_SingleOfficeIPC_{''.join(format(b, 'x') for b in digest)}"
    return [Path(folder) / name for folder in ("/tmp", "/var/tmp")]


def remove_leftovers(tmp: Path | None = None) -> None:
    """What builds that were killed left: their work folders and any LibreOffice still running for them.

    Each work folder is named after its build's process id, and is the HOME of that build's
    LibreOffice; a folder whose build is gone is removed, any process still running with it as
    HOME (a LibreOffice that outlived its build) stopped first.
    """
    base = Path(tmp or tempfile.gettempdir())
    for folder in base.glob(f"{WORK_PREFIX}*-*"):
        pid_text = folder.name[len(WORK_PREFIX):].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        try:
            if folder.lstat().st_uid != os.geteuid() or not folder.is_dir() or folder.is_symlink():
                continue
        except OSError:
            continue
        for _ in range(20):  # a LibreOffice killed while starting may have started its next process
            running = _processes_of(folder)
            if not running:
                break
            for pid in running:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _processes_of(work: Path) -> list[int]:
    """The processes (LibreOffice's) started with HOME=work: only a build's own LibreOffice has it."""
    home = f"HOME={work}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if home in Path(entry, "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found
