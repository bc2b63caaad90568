"""The two sides a `diff` (or `build --since`) compares, each read as audit records by language.

A side is an audit record file, a pack folder, or `PACK@REV`: the pack's folder as git holds
it at that revision. A pack side is built in memory with the same machinery as `build` (so
"what prints" is what a build would print), and its audit records are the same JSON a build
writes. Comparing therefore always means comparing audit records.

A git revision is read with `git ls-tree` and `git cat-file` into a private temporary
folder: only the six pack files, only regular blobs (a symbolic link is refused, never
followed), each under the loader's size limit, with a time limit on every git call and
git's hooks and filesystem monitor turned off, since the repository may not be ours.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.editions.audit import AUDIT_MARK, record_key
from briefgen.editions.marks import Baseline, fingerprint
from briefgen.errors import UsageProblem, ValidationFailed
from briefgen.pack.location import PACK_FILES, PackLocation, locate_pack

if TYPE_CHECKING:
    from briefgen.options import BuildOptions

Audit = dict[str, Any]
MAX_AUDIT_BYTES = 64 * 1024 * 1024
GIT_TIMEOUT = 30  # seconds, per git call
GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "protocol.allow=never")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: how the user named it, and its audit record per language."""

    label: str
    audits: dict[str, Audit]


def read_side(arg: str, options: BuildOptions) -> Side:
    """An audit record file, a pack folder (or name under ./facts/), or PACK@REV."""
    path = Path(arg)
    if path.is_file() or (path.suffix == ".json" and not path.is_dir()):
        audit = read_audit(path, arg)
        return Side(arg, {audit["lang"]: audit})
    with pack_location(arg) as location:
        return Side(arg, build_audits(location, options))


@contextlib.contextmanager
def pack_location(arg: str) -> Iterator[PackLocation]:
    """The pack folder `arg` names; for PACK@REV, a temporary copy of it at that revision."""
    if Path(arg).is_dir() or "@" not in arg:
        yield locate_pack(arg)
        return
    pack_arg, _, rev = arg.rpartition("@")
    if not pack_arg or not rev:
        raise UsageProblem(f"{arg}: write PACK@REV, e.g. hanoi-convention@HEAD~1")
    if rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise UsageProblem(f"{arg}: '{rev}' is not a git revision")
    here = locate_pack(pack_arg)
    with tempfile.TemporaryDirectory(prefix="briefgen-rev-") as tmp:
        _export_revision(here.path, rev, Path(tmp), arg)
        yield PackLocation(Path(tmp), arg)


def _git(folder: Path, args: list[str], what: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    try:
        done = subprocess.run(["git", *GIT_SAFE, "-C", str(folder), *args], capture_output=True, env=env,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise UsageProblem(f"{what}: git is not installed, so a revision cannot be read") from exc
    except subprocess.TimeoutExpired as exc:
        raise UsageProblem(f"{what}: git took longer than {GIT_TIMEOUT} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageProblem(f"{what}: {message[0]}" if message else what)
    return done.stdout


def _export_revision(folder: Path, rev: str, into: Path, what: str) -> None:
    """The pack files of `folder` at `rev`, written into `into`."""
    from briefgen.pack.yamlio import MAX_FILE_BYTES

    prefix = _git(folder, ["rev-parse", "--show-prefix"], what).decode("utf-8", "replace").strip()
    commit = _git(folder, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                  f"{what}: no such revision '{rev}'").decode().strip()
    # --full-tree: without it ls-tree also filters by the folder git runs in, even for a tree.
    listing = _git(folder, ["ls-tree", "-z", "--long", "--full-tree", f"{commit}:{prefix}"], what)
    found = 0
    for row in listing.split(b"\0"):
        if not row:
            continue
        meta, _, name_bytes = row.partition(b"\t")
        name = name_bytes.decode("utf-8", "replace")
        if name not in PACK_FILES:
            continue
        mode, kind, blob, size = meta.decode().split()
        if kind != "blob" or mode not in ("100644", "100755"):
            raise UsageProblem(f"{what}: {name}: not a regular file in git (mode {mode}); not followed")
        if int(size) > MAX_FILE_BYTES:
            raise UsageProblem(f"{what}: {name}: over the size limit for a pack file")
        (into / name).write_bytes(_git(folder, ["cat-file", "blob", blob], what))
        found += 1
    if not found:
        raise UsageProblem(f"{what}: the folder holds no pack files at revision '{rev}'")


def build_audits(location: PackLocation, options: BuildOptions) -> dict[str, Audit]:
    """The audit records a build of the pack would write, per language, made in memory."""
    from briefgen.build import audit_records, prepare_pack

    outcome = prepare_pack(location, (), options)
    if outcome.errors:
        raise ValidationFailed(outcome.errors)
    if outcome.usage is not None:
        raise UsageProblem(outcome.usage)
    if outcome.failure is not None:
        raise outcome.failure
    records = audit_records([outcome], outcome.rendered, (), options)
    audits = [json.loads(data) for data in records.values()]
    return {audit["lang"]: audit for audit in audits}


def read_audit(path: Path, display: str) -> Audit:
    """An audit record written by `build`, checked enough that a damaged or hostile file gives one
    clear line (never a traceback); its texts are only ever printed, never interpreted."""
    try:
        if not path.is_file():
            raise UsageProblem(f"{display}: no such audit record "
                               "(a side is an audit record, a pack or PACK@REV)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_AUDIT_BYTES + 1)
    except OSError as exc:
        raise UsageProblem(f"{display}: cannot read it ({exc.strerror})") from exc
    if len(data) > MAX_AUDIT_BYTES:
        raise UsageProblem(f"{display}: too large for an audit record")
    try:
        audit = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UsageProblem(f"{display}: not UTF-8 text, so not an audit record") from exc
    except json.JSONDecodeError as exc:
        raise UsageProblem(f"{display}:{exc.lineno}: audit: not valid JSON ({exc.msg})") from exc
    except RecursionError as exc:
        raise UsageProblem(f"{display}: audit: nested too deeply") from exc
    problem = _shape_problem(audit)
    if problem:
        raise UsageProblem(f"{display}: not a briefgen audit record ({problem})")
    return audit  # type: ignore[no-any-return]


def _shape_problem(audit: object) -> str:
    """What is wrong with an audit record's shape, or "" when every field `diff` reads is sound."""
    if not isinstance(audit, dict) or audit.get("audit") != AUDIT_MARK:
        return f"no \"audit\": \"{AUDIT_MARK}\" field"
    if not isinstance(audit.get("lang"), str):
        return "no lang"
    for part in ("printed", "left_out"):
        items = audit.get(part)
        if not isinstance(items, list):
            return f"no {part} list"
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                return f"{part}[{n}] is not an object"
            for key in ("kind", "id", "status") + (("reason",) if part == "left_out" else ()):
                if not isinstance(item.get(key), str):
                    return f"{part}[{n}].{key} is not text"
            facts = item.get("facts")
            if not isinstance(facts, dict) or not all(_is_text(v) for v in facts.values()):
                return f"{part}[{n}].facts is not an object of texts"
    return ""


def _is_text(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def since_edition(arg: str, options: BuildOptions, packs: list[str]) -> BuildOptions:
    """`build --since OLD`: the options with the edition OLD names as the baseline of the marks."""
    if len(packs) > 1:
        raise UsageProblem("--since compares one pack with an earlier edition of it: give one PACK")
    return replace(options, baseline=read_baseline(arg, options))


def read_baseline(arg: str, options: BuildOptions) -> Baseline:
    """The edition `arg` names (audit record, pack or PACK@REV), as built with the same options."""
    side = read_side(arg, replace(options, lang="all", baseline=None))
    printed = {lang: {record_key(item["kind"], item["id"]): fingerprint(item["status"], item["facts"])
                      for item in audit["printed"]}
               for lang, audit in side.audits.items()}
    pack_ids = {str(audit.get("pack", {}).get("id", "")) if isinstance(audit.get("pack"), dict) else ""
                for audit in side.audits.values()}
    return Baseline(arg, next(iter(pack_ids), ""), printed)
