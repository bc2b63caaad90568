"""benchmarks/sheets.py runs end to end on a small pack (it judges no time here)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_sheets_benchmark_runs() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sheets.py"), "--records", "60", "--reps", "1"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("pack: 60 records")
    assert [line.split()[0] for line in lines[2:]] == ["export", "import", "import-100"]
