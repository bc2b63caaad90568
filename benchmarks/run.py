#!/usr/bin/env python3
"""briefgen's benchmark: medians and ratios against reference tools, measured interleaved.

Every benchmark pairs a briefgen command (A) with a reference (B) and runs them
A, B, A, B, ... in the same run on the same machine, each run a fresh process timed by
its wall clock, so the ratio of the medians holds even on a noisy machine. There are no
absolute targets except for `check`, whose growth with the pack's size is the point.

    python benchmarks/run.py                 # everything, 5 repetitions (about 15 minutes)
    python benchmarks/run.py --reps 9 --only batch,single
    python benchmarks/run.py --quick         # tiny sizes, 1 repetition: a smoke test, judges no time

Benchmarks (--only names):
  startup  `briefgen --help`                                 / `python -c "import click"`
  single   cold `briefgen build` Hanoi pack, vi, Word only   / pandoc: that briefing's Markdown -> .docx
  batch    `briefgen build P1 .. P40` both langs, md+docx    / 80 pandoc runs, one per briefing's Markdown
  pdf      `briefgen build` Hanoi pack, all langs, PDF       / one `soffice --convert-to pdf` of one .docx
  check    `briefgen check --sources` at 1k, 10k, 100k records (no reference: absolute and growth)
  yaml     `briefgen check --sources` of 10k records         / a bare PyYAML CSafeLoader parse of its files
  nocache  single and batch again with BRIEFGEN_NO_CACHE=1 (information: an editor's very first build)

briefgen keeps compiled templates and loaded packs in a cache (src/briefgen/cache.py); each
benchmark run gives it a fresh, empty folder, which the untimed warm-up round fills.

Synthetic packs (benchmarks/generate.py) are made once into --cache (default
$TMPDIR/briefgen-bench-cache) and reused while the generator is unchanged. Every output is
written under a temporary folder, never into the repository's out/.

Needs the bench extra for the pandoc reference: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "facts" / "hanoi-convention"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

NAMES = ("startup", "single", "batch", "pdf", "check", "yaml", "nocache")
CHECK_SIZES = (1_000, 10_000, 100_000)
QUICK_CHECK_SIZES = (50, 100, 200)
BATCH_PACKS = 40
QUICK_BATCH_PACKS = 3
SEED = 1


class BenchError(Exception):
    """A command failed: the benchmark (and the smoke test) fails."""


@dataclass
class Run:
    wall: float
    max_rss_kb: int


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.max_rss_kb for r in self.runs) / 1024


# A step makes the command lines of one timed run, given a fresh scratch folder for its outputs.
Step = Callable[[Path], list[list[str]]]


TIME = "/usr/bin/time"  # GNU time: the command's own peak RSS (wait4 alone would count this runner's, see one())


class Runner:
    def __init__(self, work: Path, verbose: bool, pythonpath: Path | None = None) -> None:
        self.work = work
        self.verbose = verbose
        self.count = 0
        # briefgen's own cache (templates, packs: briefgen/cache.py) starts empty in every benchmark
        # run; the untimed warm-up round fills it, as an editor's first build does.
        self.env = dict(os.environ, PYTHONUNBUFFERED="1", BRIEFGEN_CACHE_DIR=str(work / "briefgen-cache"))
        self.env.pop("BRIEFGEN_NO_CACHE", None)
        if pythonpath is not None:  # a snapshot of src/ (--git-ref) comes before the editable install
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), os.environ.get("PYTHONPATH")]))
        self.gnu_time = os.access(TIME, os.X_OK)

    def scratch(self) -> Path:
        self.count += 1
        path = self.work / "runs" / f"{self.count:04d}"
        path.mkdir(parents=True)
        return path

    def one(self, cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,), rss: bool = False) -> Run:
        """Run one command in a fresh process: its wall time and peak RSS.

        The peak RSS comes from GNU time when `rss` is asked for: Linux counts, in the
        ru_maxrss that wait4 returns, the forked child's RSS before exec, that is this
        runner's own. Without GNU time, wait4's figure is kept (an upper bound).
        """
        log = cwd / f"log-{self.count:04d}-{time.monotonic_ns()}.txt"
        rss_file = log.with_suffix(".rss")
        run = [TIME, "-f", "%M", "-o", str(rss_file), *cmd] if rss and self.gnu_time else cmd
        with open(log, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(run, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=self.env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            raise BenchError(f"command failed (exit {code}): {' '.join(cmd)}\n    " + "\n    ".join(tail))
        max_rss_kb = usage.ru_maxrss
        if run is not cmd:
            max_rss_kb = int(rss_file.read_text().strip().splitlines()[-1])
        if self.verbose:
            print(f"    {wall:8.3f} s  {max_rss_kb / 1024:7.1f} MB  {' '.join(cmd)[:150]}", file=sys.stderr)
        return Run(wall, max_rss_kb)

    def step(self, make: Step, rss: bool = False) -> Run:
        """One timed measurement: every command of the step, in sequence, in one scratch folder."""
        folder = self.scratch()
        runs = [self.one(cmd, folder, rss=rss) for cmd in make(folder)]
        shutil.rmtree(folder, ignore_errors=True)
        return Run(sum(r.wall for r in runs), max(r.max_rss_kb for r in runs))

    def interleaved(self, steps: list[tuple[str, Step]], reps: int, warmup: bool) -> list[Series]:
        """A, B, A, B, ... `reps` times (after one untimed warm-up round)."""
        series = [Series(label) for label, _ in steps]
        if warmup:
            for _, make in steps:
                self.step(make)
        for _ in range(reps):
            for s, (_, make) in zip(series, steps):
                s.runs.append(self.step(make))
        return series


# --- tools -------------------------------------------------------------------------------------

def briefgen_command() -> list[str]:
    """The installed console script next to this interpreter (not a pyenv shim, which adds its own start-up)."""
    here = Path(sys.executable).parent / "briefgen"
    if here.is_file():
        return [str(here)]
    found = shutil.which("briefgen")
    if found:
        return [found]
    return [sys.executable, "-m", "briefgen"]


def pandoc_path() -> str | None:
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        return None


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def tool_version(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=env,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def snapshot(ref: str, folder: Path) -> str:
    """A git ref's src/, templates/, facts/ and packaging files, unpacked into `folder`; returns its short hash."""
    folder.mkdir(parents=True)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "--verify", f"{ref}^{{commit}}"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        archive = subprocess.run(["git", "archive", commit, "src", "templates", "facts", "pyproject.toml",
                                  "README.md"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BenchError(f"--git-ref {ref}: not a commit of this repository ({exc})") from exc
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return commit


def install_venv(source: Path, venv: Path) -> Path:
    """briefgen installed from `source` into a fresh virtual environment, as a user (or pipx) installs it.

    A regular install: bytecode compiled by pip, no editable finder, and only briefgen's own
    dependencies on the path, so no `.pth` file of the machine's base interpreter runs at start-up.
    Returns the venv's interpreter.
    """
    print(f"installing briefgen from {source} into a fresh venv (--install venv) ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdout=subprocess.DEVNULL)
        python = venv / "bin" / "python"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        str(source)], check=True, env=env, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BenchError(f"--install venv: could not install briefgen into {venv} ({exc})") from exc
    return python


def git_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes (others edit it concurrently)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=30, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                               text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "not a git checkout"
    if not head:
        return "not a git checkout"
    return f"commit {head}" + (", src/ modified" if dirty else "")


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


# --- data --------------------------------------------------------------------------------------

def _generator_stamp() -> str:
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:16]
    return f"{generate.GENERATOR_VERSION}-{digest}"


def cached(cache: Path, name: str, make: Callable[[Path], None]) -> Path:
    """cache/name, made by `make` unless a complete copy from the same generator is there."""
    folder = cache / name
    stamp = folder / ".complete"
    if stamp.is_file() and stamp.read_text() == _generator_stamp():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    print(f"  generating {folder} ...", file=sys.stderr, flush=True)
    make(folder)
    stamp.write_text(_generator_stamp())
    print(f"  generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def _generate(*args: str) -> None:
    """benchmarks/generate.py in its own process, so this runner stays small (its RSS is not measured)."""
    subprocess.run([sys.executable, generate.__file__, *args], check=True, stdout=subprocess.DEVNULL)


def check_pack(cache: Path, n: int) -> tuple[Path, Path]:
    def make(folder: Path) -> None:
        _generate(str(folder), "--records", str(n), "--seed", str(SEED))

    folder = cached(cache, f"check-{n}-s{SEED}", make)
    return folder / "pack", folder / "sources"


def batch_packs(cache: Path, count: int) -> list[Path]:
    def make(folder: Path) -> None:
        _generate(str(folder), "--batch", str(count), "--seed", str(SEED))

    folder = cached(cache, f"batch-{count}-s{SEED}", make)
    return sorted(p for p in (folder / "packs").iterdir() if (p / "pack.yaml").is_file())


# --- the benchmarks ----------------------------------------------------------------------------

@dataclass
class Row:
    name: str
    a: str
    b: str
    ratio: str
    target: str
    met: str


@dataclass
class Context:
    runner: Runner
    reps: int
    quick: bool
    cache: Path
    briefgen: list[str]
    pandoc: str | None
    soffice: str | None
    hanoi: Path = HANOI
    python: str = sys.executable
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    _hanoi_vi: Path | None = None
    raw_inputs: dict[str, tuple[list[Path], Step | None]] = field(default_factory=dict)

    def verdict(self, ok: bool) -> str:
        if self.quick:
            return "n/a (quick)"
        return "yes" if ok else "**NOT MET**"

    def hanoi_vi(self) -> Path:
        """The Hanoi briefing in Vietnamese, Markdown and Word, built once: the references' input."""
        if self._hanoi_vi is None:
            out = self.runner.work / "hanoi-ref"
            out.mkdir()
            self.runner.one([*NO_CACHE, *self.briefgen, "build", str(self.hanoi), "--lang", "vi", "--format", "md,docx",
                             "--out", str(out)], self.runner.work)
            self._hanoi_vi = out
        return self._hanoi_vi

    def pair(self, name: str, label_a: str, a: Step, label_b: str, b: Step | None, target: float,
             judged: bool = True) -> None:
        """`judged=False`: a row for information (the target is the issue's, for comparison), not a verdict."""
        steps = [(label_a, a)] + ([(label_b, b)] if b is not None else [])
        print(f"[{name}] {self.reps} x interleaved: {label_a} / {label_b}", file=sys.stderr, flush=True)
        series = self.runner.interleaved(steps, self.reps, warmup=not self.quick)
        self.raw[name] = {s.label: [r.wall for r in s.runs] for s in series}
        med_a = series[0].median
        if b is None:
            self.rows.append(Row(name, f"{med_a:.3f} s", "skipped (no pandoc: pip install -e '.[bench]')", "—",
                                 f"≤ {target}", "n/a"))
            return
        med_b = series[1].median
        ratio = med_a / med_b
        met = self.verdict(ratio <= target) if judged else ("(would be met)" if ratio <= target else "(info)")
        self.rows.append(Row(name, f"{med_a:.3f} s", f"{med_b:.3f} s", f"{ratio:.2f}", f"≤ {target}", met))


def bench_startup(ctx: Context) -> None:
    ctx.pair("startup: `briefgen --help` / `python -c \"import click\"`",
             "briefgen --help", lambda d: [[*ctx.briefgen, "--help"]],
             "python -c 'import click'", lambda d: [[ctx.python, "-c", "import click"]], 1.5)


def single_reference(ctx: Context) -> Step | None:
    """pandoc converting the Hanoi Vietnamese briefing's Markdown to .docx (None without pandoc)."""
    md = ctx.hanoi_vi() / "hanoi-convention.vi.md"
    pandoc = ctx.pandoc
    return (lambda d: [[pandoc, str(md), "-o", str(d / "ref.docx")]]) if pandoc else None


def bench_single(ctx: Context) -> None:
    ctx.pair("single: cold `build` Hanoi, vi, docx / pandoc md→docx",
             "briefgen build hanoi --lang vi --format docx",
             lambda d: [[*ctx.briefgen, "build", str(ctx.hanoi), "--lang", "vi", "--format", "docx", "--out", str(d)]],
             "pandoc hanoi.vi.md -o x.docx", single_reference(ctx), 2.5)
    # One language, Markdown and Word: an absolute target of 0.35 s wall (the ratio is reported).
    ctx.pair("single md+docx: cold `build` Hanoi, vi, md,docx / pandoc md→docx",
             "briefgen build hanoi --lang vi --format md,docx",
             lambda d: [[*ctx.briefgen, "build", str(ctx.hanoi), "--lang", "vi", "--format", "md,docx",
                         "--out", str(d)]],
             "pandoc hanoi.vi.md -o x.docx", single_reference(ctx), 2.5, judged=False)
    wall = ctx.raw["single md+docx: cold `build` Hanoi, vi, md,docx / pandoc md→docx"]
    assert isinstance(wall, dict)
    median = statistics.median(next(iter(wall.values())))
    ctx.rows.append(Row("single md+docx: wall", f"{median:.3f} s", "—", "—", "< 0.35 s", ctx.verdict(median < 0.35)))


NO_CACHE = ["env", "BRIEFGEN_NO_CACHE=1"]


def batch_inputs(ctx: Context) -> tuple[list[Path], Step | None]:
    """The batch packs, and the reference: one pandoc run per Markdown briefing briefgen writes for them."""
    if "batch" not in ctx.raw_inputs:
        count = QUICK_BATCH_PACKS if ctx.quick else BATCH_PACKS
        packs = batch_packs(ctx.cache, count)
        md_dir = ctx.runner.work / "batch-md"
        ctx.runner.one([*NO_CACHE, *ctx.briefgen, "build", *map(str, packs), "--lang", "all", "--format", "md",
                        "--out", str(md_dir)], ctx.runner.work)
        mds = sorted(md_dir.glob("*.md"))
        if len(mds) != 2 * count:
            raise BenchError(f"batch: expected {2 * count} Markdown briefings, found {len(mds)}")
        pandoc = ctx.pandoc
        ref: Step | None = (lambda d: [[pandoc, str(m), "-o", str(d / (m.stem + ".docx"))] for m in mds]) \
            if pandoc else None
        ctx.raw_inputs["batch"] = (packs, ref)
    return ctx.raw_inputs["batch"]


def bench_batch(ctx: Context) -> None:
    packs, ref = batch_inputs(ctx)
    count = len(packs)
    ctx.pair(f"batch: `build P1..P{count}` all langs, md+docx / {2 * count} pandoc runs",
             f"briefgen build {count} packs", lambda d: [[*ctx.briefgen, "build", *map(str, packs), "--lang", "all",
                                                          "--format", "md,docx", "--out", str(d)]],
             f"{2 * count} x pandoc md→docx", ref, 0.2)


def bench_no_cache(ctx: Context) -> None:
    """single and batch again with briefgen's cache off: every template and pack worked out anew
    (an editor's very first build). For information: the targets are judged in `single` and `batch`."""
    ctx.pair("single, cache off: cold `build` Hanoi, vi, docx / pandoc md→docx",
             "BRIEFGEN_NO_CACHE=1 briefgen build hanoi --lang vi --format docx",
             lambda d: [[*NO_CACHE, *ctx.briefgen, "build", str(ctx.hanoi), "--lang", "vi", "--format", "docx",
                         "--out", str(d)]],
             "pandoc hanoi.vi.md -o x.docx", single_reference(ctx), 2.5, judged=False)
    packs, ref = batch_inputs(ctx)
    count = len(packs)
    ctx.pair(f"batch, cache off: `build P1..P{count}` / {2 * count} pandoc runs",
             f"BRIEFGEN_NO_CACHE=1 briefgen build {count} packs",
             lambda d: [[*NO_CACHE, *ctx.briefgen, "build", *map(str, packs), "--lang", "all", "--format", "md,docx",
                         "--out", str(d)]],
             f"{2 * count} x pandoc md→docx", ref, 0.2, judged=False)


def bench_pdf(ctx: Context) -> None:
    soffice = ctx.soffice
    if soffice is None:
        print("[pdf] skipped: no soffice (LibreOffice) on PATH", file=sys.stderr)
        ctx.rows.append(Row("pdf: `build --lang all --format pdf` / one soffice --convert-to pdf",
                            "skipped (no soffice)", "skipped", "—", "≤ 1.5", "n/a"))
        return
    docx = ctx.hanoi_vi() / "hanoi-convention.vi.docx"
    # "Bare" soffice: a user's own profile, which exists after its first start (made in the warm-up round).
    profile = (ctx.runner.work / "soffice-profile").as_uri()
    ref: Step = lambda d: [[soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                            "--convert-to", "pdf", "--outdir", str(d), str(docx)]]
    ctx.pair("pdf: `build` Hanoi `--lang all --format pdf` / one soffice --convert-to pdf",
             "briefgen build hanoi --lang all --format pdf",
             lambda d: [[*ctx.briefgen, "build", str(ctx.hanoi), "--lang", "all", "--format", "pdf", "--out", str(d)]],
             "soffice --convert-to pdf (1 docx)", ref, 1.5)


def bench_check(ctx: Context) -> None:
    sizes = QUICK_CHECK_SIZES if ctx.quick else CHECK_SIZES
    packs = {n: check_pack(ctx.cache, n) for n in sizes}
    def check_step(pack: Path, sources: Path) -> Step:
        return lambda d: [[*ctx.briefgen, "check", str(pack), "--sources", str(sources)]]

    steps = [(f"check {n}", check_step(*packs[n])) for n in sizes]
    print(f"[check] {ctx.reps} x interleaved: " + ", ".join(label for label, _ in steps), file=sys.stderr, flush=True)
    runner = ctx.runner
    series = [Series(label) for label, _ in steps]
    if not ctx.quick:  # warm the page cache and .pyc files (the largest pack is read by its first timed run)
        for (_, make), n in zip(steps, sizes):
            if n <= 10_000:
                runner.step(make)
    for _ in range(ctx.reps):
        for s, (_, make) in zip(series, steps):
            s.runs.append(runner.step(make, rss=True))
    ctx.raw["check"] = {s.label: {"wall": [r.wall for r in s.runs], "max_rss_kb": [r.max_rss_kb for r in s.runs]}
                        for s in series}
    small, mid, big = series
    n_small, n_mid, n_big = (f"{n // 1000}k" if n >= 1000 else str(n) for n in sizes)
    for size, s in zip((n_small, n_mid, n_big), series):
        target, met = ("≤ 2 s", ctx.verdict(s.median <= 2.0)) if s is mid else ("—", "")
        ctx.rows.append(Row(f"check --sources, {size} records", f"{s.median:.3f} s", "—", "—", target, met))
    growth = big.median / mid.median
    ctx.rows.append(Row(f"check: {n_big} / {n_mid} records", f"{big.median:.3f} s", f"{mid.median:.3f} s",
                        f"{growth:.2f}", "≤ 12", ctx.verdict(growth <= 12)))
    ctx.rows.append(Row(f"check: peak RSS at {n_big} records", f"{big.peak_rss_mb:.0f} MB",
                        f"({n_mid}: {mid.peak_rss_mb:.0f} MB, {n_small}: {small.peak_rss_mb:.0f} MB)", "—",
                        "≤ 400 MB", ctx.verdict(big.peak_rss_mb <= 400)))


def bench_yaml(ctx: Context) -> None:
    """`check` of 10k records against only parsing its YAML with PyYAML's C loader: every check
    briefgen runs on top of reading the files must cost less than the reading PyYAML itself does."""
    n = QUICK_CHECK_SIZES[1] if ctx.quick else CHECK_SIZES[1]
    pack, sources = check_pack(ctx.cache, n)
    files = [str(pack / name) for name in ("pack.yaml", "numbers.yaml", "quotes.yaml", "people.yaml",
                                           "positions.yaml", "summits.yaml")]
    parse = ("import sys, yaml\n"
             "for name in sys.argv[1:]:\n"
             "    with open(name, encoding='utf-8') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n")
    ctx.pair(f"check --sources, {n // 1000 if n >= 1000 else n}{'k' if n >= 1000 else ''} records / "
             "bare PyYAML CSafeLoader parse of its files",
             f"briefgen check ({n} records) --sources", lambda d: [[*ctx.briefgen, "check", str(pack),
                                                                     "--sources", str(sources)]],
             "python -c 'yaml.load(..., CSafeLoader)'", lambda d: [[ctx.python, "-c", parse, *files]], 1.0)


BENCHES = {"startup": bench_startup, "single": bench_single, "batch": bench_batch, "pdf": bench_pdf,
           "check": bench_check, "yaml": bench_yaml, "nocache": bench_no_cache}


def table(rows: list[Row]) -> str:
    out = ["| benchmark | briefgen median | reference median | ratio | target | met? |",
           "|---|---:|---:|---:|---|---|"]
    out += [f"| {r.name} | {r.a} | {r.b} | {r.ratio} | {r.target} | {r.met} |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, 1 repetition: a smoke test that fails only if a command fails")
    parser.add_argument("--reps", type=int, default=None, help="repetitions of each pair (default 5; 1 with --quick)")
    parser.add_argument("--only", default=None, help=f"comma-separated subset of: {', '.join(NAMES)}")
    parser.add_argument("--cache", type=Path, default=None,
                        help="where generated packs are kept (default $TMPDIR/briefgen-bench-cache)")
    parser.add_argument("--json", type=Path, default=None, help="also write every timing to this JSON file")
    parser.add_argument("--git-ref", default=None,
                        help="measure src/, templates/ and facts/ as committed at this ref (e.g. HEAD) instead of "
                             "the working tree: a snapshot that concurrent edits cannot change mid-run")
    parser.add_argument("--install", choices=("venv", "current"), default=None,
                        help="venv (default; current with --quick): install briefgen (and its dependencies) into a "
                             "fresh virtual environment and measure that, as users run it; current: the briefgen "
                             "of this interpreter (an editable checkout: bytecode not compiled ahead)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder (printed)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every timed command")
    args = parser.parse_args(argv)

    only = NAMES if args.only is None else tuple(x.strip() for x in args.only.split(",") if x.strip())
    unknown = [x for x in only if x not in NAMES]
    if unknown or not only:
        parser.error(f"--only: unknown benchmark {unknown[0] if unknown else '(none)'}; choose from {', '.join(NAMES)}")
    reps = args.reps if args.reps is not None else (1 if args.quick else 5)
    if reps < 1:
        parser.error("--reps: at least 1")

    pandoc = pandoc_path()
    if pandoc is None and not args.quick and {"single", "batch"} & set(only):
        print("error: pandoc not found: install the benchmark extra, pip install -e '.[bench]' (pypandoc-binary)",
              file=sys.stderr)
        return 2
    if pandoc is None:
        print("note: no pandoc (pip install -e '.[bench]'): pandoc references skipped", file=sys.stderr)
    soffice = soffice_path()
    if soffice is None and "pdf" in only:
        print("note: no soffice (LibreOffice) on PATH: the pdf pair is skipped", file=sys.stderr)

    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    cache = args.cache or (work / "cache" if args.quick else Path(tempfile.gettempdir()) / "briefgen-bench-cache")
    cache.mkdir(parents=True, exist_ok=True)
    pythonpath, hanoi, state = None, HANOI, git_state()
    if args.git_ref is not None:
        try:
            commit = snapshot(args.git_ref, work / "snapshot")
        except BenchError as exc:
            print(f"error: {exc}", file=sys.stderr)
            shutil.rmtree(work, ignore_errors=True)
            return 2
        pythonpath, hanoi, state = work / "snapshot" / "src", work / "snapshot" / "facts" / "hanoi-convention", \
            f"snapshot of {args.git_ref} = commit {commit}"
    install = args.install or ("current" if args.quick else "venv")
    python, briefgen = sys.executable, briefgen_command()
    if install == "venv":
        try:
            python = str(install_venv(pythonpath.parent if pythonpath is not None else ROOT, work / "venv"))
        except BenchError as exc:
            print(f"error: {exc}", file=sys.stderr)
            shutil.rmtree(work, ignore_errors=True)
            return 2
        briefgen, pythonpath = [str(Path(python).parent / "briefgen")], None
        state += ", installed in a fresh venv"
    ctx = Context(Runner(work, args.verbose, pythonpath), reps, args.quick, cache, briefgen, pandoc,
                  soffice, hanoi, python)
    info = machine()
    info["briefgen"] = tool_version([*ctx.briefgen, "--version"], ctx.runner.env) + f" ({state})"
    if pandoc:
        info["pandoc"] = tool_version([pandoc, "--version"])
    if soffice and "pdf" in only:
        info["soffice"] = tool_version([soffice, "--version"])
    status = 0
    started = time.perf_counter()
    try:
        for name in NAMES:
            if name in only:
                BENCHES[name](ctx)
    except BenchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        status = 1
    finally:
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    mode = "quick smoke test (timings not judged)" if args.quick else f"{reps} interleaved repetitions"
    print(f"\nbriefgen benchmark, {mode}, {time.perf_counter() - started:.0f} s in all")
    print(f"date {info['date']}; {info['nproc']} x {info['cpu']}; RAM {info['ram']}; {info['os']}; "
          f"Python {info['python']}")
    print("; ".join(f"{k}: {info[k]}" for k in ("briefgen", "pandoc", "soffice") if k in info))
    print()
    print(table(ctx.rows))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "reps": reps, "quick": args.quick,
                                         "rows": [r.__dict__ for r in ctx.rows], "raw": ctx.raw},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
