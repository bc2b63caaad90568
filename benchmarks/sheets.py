#!/usr/bin/env python3
"""Benchmark of `briefgen export` and `briefgen import` on a generated 10k-record pack.

Each command runs in a fresh process (as an editor runs it), timed by the wall clock, its
peak memory (maximum resident set size) read from the kernel's accounting of that child.
Measured, interleaved over --reps repetitions (medians reported):

  export           `briefgen export PACK --to FILE.xlsx` (the file removed before each run)
  import           `briefgen import FILE.xlsx --into PACK` of the unchanged export (no change)
  import-100       the same after 100 cells were edited (100 records changed, 100 YAML lines)

Target (issue 14): export and import each under 10 s at 10k records.

    python benchmarks/sheets.py                # 10k records, 3 repetitions
    python benchmarks/sheets.py --records 1000 --reps 1
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

# As users run it: bytecode written once and reused (this machine sets PYTHONDONTWRITEBYTECODE,
# which makes an editable checkout compile briefgen's modules at every start; see BENCHMARKS.md).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one command in its own process; a failure stops the run.

    CPU time (user + system) is reported beside the wall clock because this machine is shared:
    with other jobs running, the wall clock measures the queue as much as briefgen."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{child.stderr.read().decode() if child.stderr else ''}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def edit_cells(xlsx: Path, out: Path, count: int) -> None:
    """`count` edited values on the numbers sheet (openpyxl, as a script of a desk might)."""
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    sheet = book["numbers"]
    column = next(c.column for c in sheet[1] if c.value == "note")
    for row in range(2, min(2 + count, sheet.max_row + 1)):  # a small pack has fewer numbers
        sheet.cell(row=row, column=column, value=f"checked again, row {row}")
    book.save(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    briefgen = [sys.executable, "-m", "briefgen"]
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-sheets-") as tmp:
        work = Path(tmp)
        pack, _ = generate.make_pack(work / "pack", args.records, seed=1)
        xlsx = work / "pack.xlsx"
        subprocess.run([*briefgen, "export", str(pack), "--to", str(xlsx)], check=True, stdout=subprocess.DEVNULL,
                       env=ENV)  # also the warm-up: bytecode compiled before anything is timed
        edit_cells(xlsx, work / "edited.xlsx", 100)
        original = {p.name: p.read_bytes() for p in pack.glob("*.yaml")}
        runs: dict[str, list[tuple[float, float, float]]] = {"export": [], "import": [], "import-100": []}
        for _ in range(args.reps):
            target = work / "again.xlsx"
            target.unlink(missing_ok=True)
            runs["export"].append(timed([*briefgen, "export", str(pack), "--to", str(target)]))
            runs["import"].append(timed([*briefgen, "import", str(xlsx), "--into", str(pack)]))
            runs["import-100"].append(timed([*briefgen, "import", str(work / "edited.xlsx"), "--into", str(pack)]))
            for name, data in original.items():  # the pack as generated again for the next round
                (pack / name).write_bytes(data)
        size = xlsx.stat().st_size
        records = sum(1 for line in b"".join(original.values()).splitlines() if line.startswith(b"- id:"))
    print(f"pack: {records} records (generate.py --records {args.records}), workbook {size / 1e6:.1f} MB, "
          f"{args.reps} repetition(s), medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'command':<12} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}  target < 10 s (wall / CPU)")
    for name, values in runs.items():
        wall, cpu, memory = (statistics.median(v[n] for v in values) for n in range(3))
        verdict = "/".join("met" if x < 10 else "MISSED" for x in (wall, cpu))
        print(f"{name:<12} {wall:8.2f} {cpu:8.2f} {memory:8.0f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
