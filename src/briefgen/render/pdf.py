"""PDF through LibreOffice, and the one-page promise checked by a real layout engine.

All the Word files of a build are converted in one LibreOffice start (it costs seconds),
each start with its own throw-away user profile so parallel builds never share one.
The PDF is then rewritten with fixed dates and a fixed /ID, so equal input gives equal
bytes. When LibreOffice needs a second page, more records are left out by the same
priority rule (as many as the text that ran over is tall, by the estimate) and the file
is laid out again.
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
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from briefgen.errors import FitError, RenderError, ToolMissing
from briefgen.io.termination import exit_on_termination
from briefgen.render.office import WORK_PREFIX, offline, pipe_paths, remove_leftovers

if TYPE_CHECKING:
    from pypdf import PageObject

    from briefgen.briefing.sections import Briefing
    from briefgen.fitting.estimate import PageLayout
    from briefgen.options import BuildOptions
    from briefgen.pack.model import FactPack

TIMEOUT_SECONDS = 180
PROFILE_SLOTS = 4
MAX_RELAYOUTS = 12
INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 (Debian/Ubuntu)"


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing("no LibreOffice: 'soffice' is not on PATH, and --format pdf and --verify-pages "
                      f"need it; install it: {INSTALL_HINT}")


def _convert(soffice: str, work: Path, profile: Path, docx_files: dict[str, bytes], timeout: int) -> dict[str, bytes]:
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
        import threading

        # pypdf (for counting pages and fixing dates) takes a fifth of a second to import: do it
        # while LibreOffice starts, not after it has finished.
        threading.Thread(target=__import__, args=("pypdf",), daemon=True).start()
        self.started_ns = time.time_ns()
        command = [*offline(), self.soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={self.profile.as_uri()}"]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, start_new_session=True,
                                            env=dict(os.environ, HOME=str(self.work)))
        except OSError:
            self.process = None  # conversions will start LibreOffice themselves
            return


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


def overflow_height(pdf: bytes, body_height: float) -> float:
    """Points the text must lose to fit on one page: its height over all pages, less the page's.

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
    return max(total - body_height, 0.0)


def drops_for(briefing: Briefing, layout: PageLayout, overflow: float) -> int:
    """How many more records the priority rule leaves out for the estimate to shrink by `overflow` points."""
    from briefgen.fitting.estimate import drop_sequence, estimate_height

    target = estimate_height(briefing, layout) - overflow
    drops = 0
    for victim in drop_sequence(briefing):
        if estimate_height(briefing, layout) <= target:
            break
        kept = [replace(s, entries=tuple(e for e in s.entries if e is not victim)) for s in briefing.sections]
        briefing = replace(briefing, sections=tuple(kept))
        drops += 1
    return max(drops, 1)


def confirm_one_page(rendered: dict[str, tuple[Briefing, dict[str, bytes]]],
                     jobs: Sequence[tuple[FactPack, tuple[str, ...], tuple[str, ...]]],
                     formats: tuple[str, ...], options: BuildOptions, notes: list[str],
                     office: LibreOffice | None = None) -> dict[str, tuple[Briefing, dict[str, bytes]]]:
    """Lay every Word file out in LibreOffice; leave out more records where it needs two pages.

    How many more is read from how far the text runs onto the next page, so one more
    LibreOffice run usually settles it; a single record at a time follows if not.
    """
    from briefgen import i18n
    from briefgen.build import render_files
    from briefgen.fitting.estimate import layout_for
    from briefgen.render.templates import DOCX_TEMPLATE, template_file

    packs = {f"{pack.pack.id}.{lang}": (pack, sections) for pack, langs, sections in jobs for lang in langs}
    extra = {stem: 0 for stem in rendered}
    pending = set(rendered)
    for _ in range(MAX_RELAYOUTS + 1):
        docx = {f"{stem}.docx": rendered[stem][1][f"{stem}.docx"] for stem in sorted(pending)}
        pdfs = office.convert(docx) if office is not None else convert_to_pdf(docx)
        still_long: dict[str, int] = {}
        for stem in sorted(pending):
            pdf = pdfs[f"{stem}.pdf"]
            pages = page_count(pdf)
            briefing, files = rendered[stem]
            if pages > 1:
                layout = layout_for(template_file(options.template, DOCX_TEMPLATE))
                still_long[stem] = drops_for(briefing, layout, overflow_height(pdf, layout.height))
                notes.append(f"{stem}: LibreOffice needed {pages} pages; leaving out {still_long[stem]} more "
                             f"record{'s' if still_long[stem] > 1 else ''} and laying it out again")
                continue
            if "pdf" in formats:
                files[f"{stem}.pdf"] = reproducible_pdf(pdf, briefing.date, briefing.title,
                                                        i18n.WORD_LANG_TAGS[briefing.lang], files[f"{stem}.docx"])
        for stem, drops in sorted(still_long.items()):
            extra[stem] += drops
            pack, sections = packs[stem]
            lang = stem.rsplit(".", 1)[1]
            before = len(rendered[stem][0].entries())
            rendered[stem] = render_files(pack, lang, sections, formats, options, extra_drops=extra[stem])
            if len(rendered[stem][0].entries()) == before:
                raise _overflow(stem)
        pending = set(still_long)
        if not pending:
            return rendered
    raise _overflow(min(pending))


def _overflow(stem: str) -> FitError:
    return FitError(f"{stem}: LibreOffice lays it out on more than one page even after leaving out every "
                    "record that may go; lower priorities or shorten texts")
