"""`check` of a large pack on two cores: numbers.yaml in a forked worker, the rest here.

Why this split: numbers.yaml is the first record file, so the tone-placement lint (which
compares every word with its first spelling anywhere before it) can run exactly in the
worker, which starts from pack.yaml's spellings, and here as soon as the worker sends the
spellings it saw. Numbers refer only to sources and to other numbers, so their reference,
evidence and consistency checks need nothing from the other files; and they are about two
fifths of a pack's records and carry the costliest check (reading each value in its excerpts).

The worker sends back only findings and counts (never records), through a pipe, with pickle.
It checks its records before it knows whether the rest of the pack is usable; those findings
are dropped if it is not, as the single-process path never runs the checks then. Every
finding belongs to one file, and each file is read by one process in the single-process
order, so sorting the union by file and line gives exactly the single-process output.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import WorkerFailed
from briefgen.findings import Issue, by_place
from briefgen.pack.lint import TextSpot
from briefgen.pack.loading import (
    PackStart,
    RecordFiles,
    check_references,
    fact_pack,
    finish_pack,
    gc_paused,
    load_record_files,
    read_pack_start,
    read_record_file,
)
from briefgen.pack.location import PackLocation
from briefgen.pack.model import RECORD_KINDS, FactPack
from briefgen.pack.sources import SourceText, read_source_text

WORKER_KINDS = ("numbers",)
HERE_KINDS = tuple(k for k in RECORD_KINDS if k not in WORKER_KINDS)
# Below this size of numbers.yaml (about 2,000 records in a pack spread like the Hanoi one),
# forking and the second reading of the source texts cost more than the worker saves.
PARALLEL_FROM_BYTES = 400_000
_HEADER = struct.Struct("<Q")
TEXT_BATCH = 64  # source texts per message: about 600 KB


@dataclass
class WorkerPart:
    """What the worker found in its files.

    `issues`: structure, reference and lint findings, in the order the single-process load
    lists them; `checks`: evidence and consistency findings, None when its own files are
    unusable; `uses`: excerpts per source id, for the 'unchecked' counts.
    """

    issues: list[Issue]
    checks: list[Issue] | None
    uses: dict[str, int]
    records: int
    excerpts: int


@dataclass
class Outcome:
    """A whole pack's findings in output order, with what the summary line counts."""

    issues: list[Issue]
    usable: bool
    records: int
    excerpts: int


def worth_parallel(location: PackLocation) -> bool:
    """Only a large pack on a POSIX machine with two cores or more."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return False
    try:
        return (location.path / "numbers.yaml").stat().st_size >= PARALLEL_FROM_BYTES
    except OSError:
        return False


def check_in_parallel(location: PackLocation, sources: Path | None, display: str,
                      stale_after: int | None = None) -> Outcome:
    with gc_paused():
        start = read_pack_start(location)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker's coverage is not collected
            os.close(read_fd)
            _worker(location, start, sources, display, write_fd, stale_after)
        os.close(write_fd)
        finished = False
        try:
            outcome = _here(location, start, sources, display, read_fd, stale_after)
            finished = True
            return outcome
        finally:
            os.close(read_fd)
            if not finished:  # an error here (or Ctrl-C): the worker's findings are not wanted
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _here(location: PackLocation, start: PackStart, sources: Path | None, display: str,
          read_fd: int, stale_after: int | None) -> Outcome:
    """This process's files and checks; then the worker's findings merged in."""
    from briefgen.pack.checking import check_consistency, check_evidence
    from briefgen.pack.dates import check_dates

    parts: list[WorkerPart] = []
    spelled: list[bool] = []

    def lint_gate(block: bool) -> bool:
        """The tone check here continues from the spellings the worker saw in numbers.yaml: this
        side's texts are linted once they have arrived (`block`: wait for them)."""
        if not spelled and (block or select.select([read_fd], [], [], 0)[0]):
            got = _receive(read_fd)
            assert isinstance(got, dict)
            start.linter.first_spelling = got
            spelled.append(True)
        return bool(spelled)

    def load_here() -> tuple[FactPack | None, list[Issue]]:
        files = RecordFiles({kind: [] for kind in RECORD_KINDS}, {kind: set() for kind in RECORD_KINDS})
        waiting: list[TextSpot] = []
        for kind in HERE_KINDS:
            waiting += read_record_file(location, start, kind, files)
            if lint_gate(block=False):
                files.lint_issues += start.linter.add(waiting)
                waiting.clear()
        if waiting:
            lint_gate(block=True)
            files.lint_issues += start.linter.add(waiting)
        return finish_pack(location, start, files)

    def worker_part() -> WorkerPart:
        while not parts:
            got = _receive(read_fd)
            if isinstance(got, WorkerPart):
                parts.append(got)
            # else: source texts this side did not need (its own files were unusable)
        return parts[0]

    def source_texts(pack: FactPack) -> Iterator[SourceText]:
        """The texts the worker read and folded, in the pack's order; read here if it sent none."""
        batch: deque[tuple[str | None, str | None, str | None]] = deque()
        root = sources.resolve() if sources is not None else None
        for source in pack.pack.sources:
            while not batch and not parts:
                got = _receive(read_fd)
                if isinstance(got, WorkerPart):  # its own files were unusable: no texts, no checks
                    parts.append(got)
                else:
                    assert isinstance(got, list)
                    batch.extend(got)
            if parts:
                yield read_source_text(source, sources, display, root)
                continue
            text, problem, unchecked = batch.popleft()
            yield SourceText(source, text, problem, unchecked)

    pack, issues = load_here()
    if pack is None:
        return Outcome(sorted(issues + worker_part().issues, key=by_place), False, 0, 0)
    # These checks run while the worker checks its own records; its counts of excerpts per
    # source are awaited only if a source's 'unchecked' line needs them.
    texts = source_texts(pack) if sources is not None else None
    checks = check_evidence(pack, sources, display, uses_elsewhere=lambda: worker_part().uses, texts=texts)
    checks += check_consistency(pack) + check_dates(pack, stale_after)
    part = worker_part()
    if part.checks is None:
        return Outcome(sorted(issues + part.issues, key=by_place), False, 0, 0)
    checked = pack.checked_records()
    records = len(checked) + len(pack.people) + part.records
    excerpts = sum(len(r.check.evidence) for _, r in checked) + part.excerpts
    return Outcome(sorted(issues + part.issues + checks + part.checks, key=by_place), True, records, excerpts)



def _worker(location: PackLocation, start: PackStart, sources: Path | None, display: str,
            write_fd: int, stale_after: int | None) -> None:  # pragma: no cover - runs in the forked worker
    """Read, lint and check the worker's files; never returns (the process ends here)."""
    code = 0
    try:
        _worker_files(location, start, sources, display, lambda message: _send(write_fd, ("ok", message)),
                      stale_after)
    except BaseException:  # noqa: BLE001 - whatever it is, the parent must hear of it
        code = 1
        with contextlib.suppress(BaseException):  # the parent is gone: nobody to tell
            _send(write_fd, ("failed", traceback.format_exc()))
    finally:
        os._exit(code)  # no atexit handlers or buffered output inherited from the parent


def _worker_files(location: PackLocation, start: PackStart, sources: Path | None, display: str,
                  send: Callable[[object], None], stale_after: int | None = None) -> None:
    """Sends the spellings seen once its files are read, the source texts (if any were read) in
    batches once its records are checked, and last its findings (`WorkerPart`)."""
    from briefgen.pack.checking import check_consistency, check_evidence, excerpt_uses, read_sources
    from briefgen.pack.dates import check_dates

    files = load_record_files(location, start, WORKER_KINDS)
    send(start.linter.first_spelling)
    issues = files.issues
    if start.pack is not None:
        check_references(start.pack, files.records, files.written, issues)
    issues += files.lint_issues
    if start.pack is None or any(i.severity == "error" for i in issues):
        send(WorkerPart(issues, None, {}, 0, 0))
        return
    pack = fact_pack(location, start.pack, files.records)
    # Every source is read here, used by numbers or not, and handed on: the other side then
    # reads none (its files take longer than numbers.yaml).
    texts = list(read_sources(pack, sources, display)) if sources is not None else None
    checks = check_evidence(pack, sources, display, source_findings=False,
                            texts=iter(texts) if texts is not None else None)
    checks += check_consistency(pack) + check_dates(pack, stale_after)
    for at in range(0, len(texts or ()), TEXT_BATCH):
        assert texts is not None
        send([(t.text, t.problem, t.unchecked) for t in texts[at:at + TEXT_BATCH]])
    uses = {source: len(found) for source, found in excerpt_uses(pack).items()}
    checked = pack.checked_records()
    send(WorkerPart(issues, checks, uses, len(checked) + len(pack.people),
                    sum(len(r.check.evidence) for _, r in checked)))


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> object:
    """The next message from the worker; a dead or failing worker raises `WorkerFailed`."""
    header = _read_exactly(fd, _HEADER.size)
    status, payload = pickle.loads(_read_exactly(fd, _HEADER.unpack(header)[0]))
    if status != "ok":
        raise WorkerFailed(f"the check's worker process failed; nothing was checked:\n{payload}")
    return payload


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise WorkerFailed("the check's worker process ended without its findings "
                               "(killed, or out of memory?); nothing was checked")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)

