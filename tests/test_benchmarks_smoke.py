"""The benchmark harness still runs: `benchmarks/run.py --quick` (tiny packs, one repetition).

A smoke test only: it fails when a benchmarked command fails (a generated pack that no
longer passes `check`, a build that breaks), never on a timing. Without LibreOffice the
harness skips the pdf pair and says so; without pandoc (the `bench` extra) it times
briefgen's side alone.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --quick takes about 15 s on a 2-core machine (half of it LibreOffice); the limit leaves room for a slow CI.
TIMEOUT_SECONDS = 90


def test_benchmark_quick_smoke(tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        print("no soffice on PATH: run.py --quick skips the pdf pair")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
                          check=False)
    print(done.stdout)
    print(done.stderr, file=sys.stderr)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| benchmark | briefgen median | reference median | ratio | target | met? |" in done.stdout
    for name in ("startup", "single", "batch", "pdf", "check --sources"):
        assert name in done.stdout
    assert not (tmp_path / "out").exists(), "the benchmark must write under a temporary folder only"
