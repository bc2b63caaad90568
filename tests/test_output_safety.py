"""No editor loses work: crashes at any moment, concurrent builds, and the manifest."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from packgen import number, quote, write_pack

TEMP_PREFIX = ".briefgen-tmp-"


def make_versions(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A pack built once (v1) and the outputs its edited version (v2) gives, built elsewhere."""
    pack = write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm mục", "five items")],
                      quotes=[quote("q", "Phiên bản một.", "Version one.")])
    v1 = build_into(pack, tmp_path / "v1")
    text = (pack / "quotes.yaml").read_text(encoding="utf-8").replace("Phiên bản một.", "Phiên bản hai.")
    (pack / "quotes.yaml").write_text(text.replace("Version one.", "Version two."), encoding="utf-8")
    v2 = build_into(pack, tmp_path / "v2")
    assert v1.keys() == v2.keys() and all(v1[k] != v2[k] for k in v1)
    return pack, v1, v2


def build_into(pack: Path, out: Path, extra: list[str] | None = None) -> dict[str, bytes]:
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", str(pack), "--lang", "vi", "--out", str(out),
                           *(extra or [])], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".md", ".docx")}


CRASHER = """
import os, sys
limit = int(sys.argv[1]); which = sys.argv[2]
real = getattr(os, which)
calls = [0]
def crash(*args, **kwargs):
    calls[0] += 1
    if calls[0] > limit:
        os._exit(9)  # as abrupt as a kill: no cleanup, no finally blocks
    return real(*args, **kwargs)
setattr(os, which, crash)
from briefgen.cli import cli
cli(sys.argv[3:])
"""


def assert_old_or_new(out: Path, v1: dict[str, bytes], v2: dict[str, bytes]) -> None:
    for name in v1:
        data = (out / name).read_bytes()
        assert data in (v1[name], v2[name]), f"{name} is neither the old nor the new file"


@pytest.mark.parametrize("which", ["replace", "fsync"])
def test_a_crash_at_every_write_step_leaves_old_or_new_files(tmp_path: Path, which: str) -> None:
    pack, v1, v2 = make_versions(tmp_path)
    out = tmp_path / "out"
    build_into(tmp_path / "demo", out)  # out/ now holds v2 with its manifest...
    for name, data in v1.items():  # ...make it hold v1, as briefgen wrote it
        (out / name).write_bytes(data)
    manifest = json.loads((out / ".briefgen-manifest.json").read_text())
    import hashlib

    manifest["files"].update({n: hashlib.sha256(d).hexdigest() for n, d in v1.items()})
    (out / ".briefgen-manifest.json").write_text(json.dumps(manifest))
    for limit in range(12):
        done = subprocess.run([sys.executable, "-c", CRASHER, str(limit), which, "build", str(pack), "--lang", "vi",
                               "--out", str(out)], capture_output=True, text=True)
        assert done.returncode in (0, 9), done.stderr
        assert_old_or_new(out, v1, v2)
        if done.returncode == 0:
            break
    else:
        pytest.fail("the build never completed")
    assert limit >= 3, "the crash points did not cover the writes"
    # The next, uncrashed run accepts what a crashed run left, and leaves no temp file.
    again = subprocess.run([sys.executable, "-m", "briefgen", "build", str(pack), "--lang", "vi", "--out", str(out)],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert {n: (out / n).read_bytes() for n in v2} == v2
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_build_killed_at_random_moments_never_leaves_a_partial_file(tmp_path: Path) -> None:
    pack, v1, v2 = make_versions(tmp_path)
    out = tmp_path / "out"
    rng = random.Random(20251026)
    start = time.monotonic()
    build_into(pack, tmp_path / "timing", ["--force"])
    duration = time.monotonic() - start
    versions = [v1, v2]
    for n in range(10):
        # Alternate the content so every run really rewrites the files.
        target = versions[n % 2]
        text = (pack / "quotes.yaml").read_text(encoding="utf-8")
        text = text.replace("Phiên bản hai.", "Phiên bản một.").replace("Version two.", "Version one.") \
            if target is v1 else text.replace("Phiên bản một.", "Phiên bản hai.").replace("Version one.", "Version two.")
        (pack / "quotes.yaml").write_text(text, encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(pack), "--lang", "vi", "--out",
                                 str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(duration * rng.uniform(0.5, 1.1))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        assert proc.returncode in (0, -signal.SIGKILL), err
        if out.exists() and (out / "demo.vi.md").exists():
            assert_old_or_new(out, v1, v2)
    final = subprocess.run([sys.executable, "-m", "briefgen", "build", str(pack), "--lang", "vi", "--out", str(out)],
                           capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_two_builds_at_once_end_with_valid_files_and_manifest(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "demo", numbers=[number(f"n{i}", str(i + 1), f"mục {i}", f"item {i}")
                                                  for i in range(12)])
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(pack), "--out", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], [r[1] for r in results]
    manifest = json.loads((out / ".briefgen-manifest.json").read_text())
    import hashlib

    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["demo.en.audit.json", "demo.en.docx", "demo.en.md",
                     "demo.vi.audit.json", "demo.vi.docx", "demo.vi.md"]
    for name in names:
        assert manifest["files"][name] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    assert Document(str(out / "demo.vi.docx")).paragraphs[0].text == "Bản tin thử"
    assert "pending" not in manifest
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_nothing_is_written_when_rendering_fails(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm mục", "five items")])
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "briefing.md.j2").write_text("# {{ b.title }}\n{{ b.nothing }}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", str(pack), "--template", str(tmp_path / "tpl"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"Error: {tmp_path / 'tpl' / 'briefing.md.j2'}:2: template: unknown attribute "
                                   "'b.nothing': a briefing has b.title, b.subtitle, b.sections, b.sources_label, "
                                   "b.sources_text, b.lang, b.date, b.labels, b.pack_id, b.left_out, b.entries")
    assert not (tmp_path / "out").exists()
    assert os.listdir(pack)  # the pack is untouched
