"""PDF through LibreOffice, and the one-page promise checked by a real layout engine.

All the Word files of a build are converted in one LibreOffice start (it costs seconds),
each start with its own throw-away user profile so parallel builds never share one.
The PDF is then rewritten with fixed dates and a fixed /ID, so equal input gives equal
bytes. `LibreOffice.check_pages` is the page checker `briefgen.fitting.pages` asks
whether a briefing really is one page.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from briefgen.errors import RenderError, ToolMissing
from briefgen.io.termination import exit_on_termination
from briefgen.render.office import WORK_PREFIX, offline, pipe_paths, remove_leftovers

if TYPE_CHECKING:
    from pypdf import PageObject


TIMEOUT_SECONDS = 180
PROFILE_SLOTS = 4
INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 (Debian/Ubuntu)"


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing("no LibreOffice: 'soffice' is not on PATH, and --format pdf and --verify-pages "
                      f"need it; install it: {INSTALL_HINT}")


def _convert(soffice: str, work: Path, profile: Path, docx_files: dict[str, bytes],
             timeout: int) -> dict[str, bytes]:
    """Run one `soffice --convert-to pdf` over every file (handed to a running instance, if any)."""
    batch = Path(tempfile.mkdtemp(prefix="batch-", dir=work))
    (batch / "in").mkdir()
    (batch / "pdf").mkdir()
    inputs = []
    for name, data in sorted(docx_files.items()):
        path = batch / "in" / name
        path.write_bytes(data)
        inputs.append(str(path))
    command = [*offline(), soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(batch / "pdf"), *inputs]
    env = dict(os.environ, HOME=str(work))  # LibreOffice writes caches under $HOME
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ToolMissing(f"LibreOffice did not finish converting to PDF within {timeout} s") from exc
    except OSError as exc:
        raise ToolMissing(f"cannot run LibreOffice ({soffice}): {exc.strerror}; "
                          f"reinstall it: {INSTALL_HINT}") from exc
    out: dict[str, bytes] = {}
    for name in docx_files:
        pdf = batch / "pdf" / (name.rsplit(".", 1)[0] + ".pdf")
        if not pdf.is_file() or pdf.stat().st_size == 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ToolMissing(f"LibreOffice wrote no PDF for {name} (exit {done.returncode}"
                              f"{': ' + detail[-1] if detail else ''})")
        out[pdf.name] = pdf.read_bytes()
    shutil.rmtree(batch, ignore_errors=True)
    return out


def convert_to_pdf(docx_files: dict[str, bytes], timeout: int = TIMEOUT_SECONDS) -> dict[str, bytes]:
    """name.docx -> name.pdf bytes, for every file, in a single LibreOffice run."""
    if not docx_files:
        return {}
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{os.getpid()}-") as tmp:
        return _convert(soffice, Path(tmp), Path(tmp) / "profile", docx_files, timeout)


class LibreOffice:
    """One LibreOffice for a whole build, started before briefgen renders anything.

    Its start-up (about a second) then overlaps briefgen's own work, and every conversion
    of the build — the first and any re-layout — is handed to it through LibreOffice's own
    single-instance pipe. It has its own throw-away profile, so parallel builds never meet.
    """

    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self.soffice = find_soffice()
        self.timeout = timeout
        exit_on_termination()  # SIGTERM/SIGHUP then stop this LibreOffice on the way out
        remove_leftovers()
        self.work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        self.lock: IO[bytes] | None = None
        self.profile = self._claim_profile() or self.work / "profile"
        self.process: subprocess.Popen[bytes] | None = None
        self.started_ns = 0

    def start(self) -> None:
        self.started_ns = time.time_ns()
        command = [*offline(), self.soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", f"-env:UserInstallation={self.profile.as_uri()}"]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, start_new_session=True,
                                            env=dict(os.environ, HOME=str(self.work)))
        except OSError:
            self.process = None  # conversions will start LibreOffice themselves
            return
        # pypdf (for counting pages and fixing dates) takes a fifth of a second to import: here,
        # while LibreOffice starts, not after it has finished. Not from a thread: a SIGTERM that
        # ended the build while a thread was importing it could leave the import lock held and
        # the build hung on its way out.
        import pypdf  # noqa: F401

    def check_pages(self, docx_files: dict[str, bytes]) -> dict[str, tuple[int, float, bytes]]:
        """A page checker (`briefgen.fitting.pages.PageChecker`): each file laid out in one run,
        as (pages, height of its text in points, the PDF)."""
        pdfs = self.convert(docx_files)
        out = {}
        for name in docx_files:
            pdf = pdfs[name.rsplit(".", 1)[0] + ".pdf"]
            out[name] = (page_count(pdf), text_height(pdf), pdf)
        return out

    def convert(self, docx_files: dict[str, bytes]) -> dict[str, bytes]:
        if not docx_files:
            return {}
        self._wait_until_listening()
        try:
            return _convert(self.soffice, self.work, self.profile, docx_files, self.timeout)
        except ToolMissing:
            if self.lock is None:
                raise
            self._stop()
            self._fresh_profile()
            return _convert(self.soffice, self.work, self.profile, docx_files, self.timeout)

    def _claim_profile(self) -> Path | None:
        """A LibreOffice profile kept between builds and locked for this one, or None.

        Creating a profile costs LibreOffice more than converting a briefing, so a few are
        kept in the user's cache; each is held under an exclusive lock while a build uses it,
        so two builds never share one (a busy slot is skipped, a new one is made).
        """
        import fcntl

        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefgen" / "libreoffice"
        try:
            base.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        for slot in range(PROFILE_SLOTS):
            try:
                lock = open(base / f"profile-{slot}.lock", "a+b")  # noqa: SIM115 - held until close()
            except OSError:
                return None
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            self.lock = lock
            return base / f"profile-{slot}"
        return None

    def _fresh_profile(self) -> None:
        """After a failure the kept profile may be damaged: drop it and carry on with a new one."""
        if self.lock is not None:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _wait_until_listening(self, seconds: float = 20.0) -> None:
        """A conversion sent before the instance listens would start a second LibreOffice on the
        same profile: wait for the instance's pipe (it appears early in its start-up)."""
        if self.process is None:
            return
        deadline = time.monotonic() + seconds
        pipes = pipe_paths(self.profile)
        while time.monotonic() < deadline and self.process.poll() is None:
            for pipe in pipes:
                # A pipe left by a killed build has the same name: only one made since this start counts.
                with contextlib.suppress(OSError):
                    if pipe.lstat().st_ctime_ns >= self.started_ns - 50_000_000:
                        return
            time.sleep(0.05)

    def close(self) -> None:
        self._stop()
        shutil.rmtree(self.work, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()  # releases the profile for the next build

    def _stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                with contextlib.suppress(OSError):
                    os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None


def page_count(pdf: bytes) -> int:
    """Pages of a PDF; a file that does not parse or has no page is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise RenderError(f"LibreOffice wrote a PDF that does not parse: {exc}") from exc
    if pages < 1:
        raise RenderError("LibreOffice wrote a PDF without pages")
    return pages


def reproducible_pdf(pdf: bytes, when: date, title: str, lang: str, source: bytes) -> bytes:
    """The PDF with fixed dates and an /ID derived from its .docx, so equal input gives equal bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    stamp = f"D:{when:%Y%m%d}000000Z"
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp, "/Title": title, "/Producer": "briefgen",
                         "/Creator": "briefgen (LibreOffice)"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    digest = hashlib.sha256(source).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _text_lines(page: PageObject) -> list[tuple[float, float]]:
    """(baseline, font size) of every piece of text on a PDF page, y growing downwards."""
    lines: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            lines.append((-(cm[5] + tm[5] * cm[3]), abs(size * (tm[3] or 1) * (cm[3] or 1))))

    page.extract_text(visitor_text=visit)
    return lines


def text_height(pdf: bytes) -> float:
    """Points of text over all pages (what must fit on one page's body).

    Measured from the PDF's text lines, from the top of each page's first line to the
    foot of its last, so the free space that widow control leaves at the foot of the
    first page is not counted as text.
    """
    from pypdf import PdfReader

    total = 0.0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = _text_lines(page)
        if lines:
            (top, top_size), (foot, foot_size) = min(lines), max(lines)
            # Liberation Sans reaches 0.95 em above the baseline and 0.25 em below it, line gap included.
            total += (foot + 0.25 * foot_size) - (top - 0.95 * top_size)
    return total
