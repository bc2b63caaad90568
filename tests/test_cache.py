"""The template cache: a warm cache gives the very same files, and a bad one is only a slower build."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "facts" / "hanoi-convention"


def briefgen(args: list[str], cache: Path | None, no_cache: bool = False) -> subprocess.CompletedProcess[str]:
    """briefgen in a process of its own (each start reads the cache anew), with only this cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFGEN_")}
    if cache is not None:
        env["BRIEFGEN_CACHE_DIR"] = str(cache)
    if no_cache:
        env["BRIEFGEN_NO_CACHE"] = "1"
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True, text=True, env=env,
                          check=False)


def build(out: Path, cache: Path | None, *extra: str, no_cache: bool = False) -> subprocess.CompletedProcess[str]:
    return briefgen(["build", str(HANOI), "--lang", "vi", "--format", "md,docx", "--out", str(out), *extra], cache,
                    no_cache)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".md", ".docx")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    done = build(out / "out", None, no_cache=True)
    assert done.returncode == 0, done.stderr
    return files(out / "out")


def test_a_cold_and_a_warm_cache_give_the_same_files(tmp_path: Path, reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    for run in ("cold", "warm"):
        done = build(tmp_path / run, cache)
        assert done.returncode == 0, done.stderr
        assert files(tmp_path / run) == reference, run
    kinds = sorted(p.name for p in cache.iterdir())
    assert kinds == ["fit", "jinja", "measures", "pack", "styles", "wordxml"]
    assert all(any(folder.iterdir()) for folder in cache.iterdir())


def test_damaged_entries_are_worked_out_again(tmp_path: Path, reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    assert build(tmp_path / "fill", cache).returncode == 0
    entries = [p for p in cache.rglob("*") if p.is_file()]
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(b"" if n % 3 == 0 else data[:40] if n % 3 == 1 else data[:32] + b"x" + data[33:])
    done = build(tmp_path / "out", cache)
    assert done.returncode == 0, done.stderr
    assert files(tmp_path / "out") == reference


def test_no_cache_writes_nothing(tmp_path: Path, reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    done = build(tmp_path / "out", cache, no_cache=True)
    assert done.returncode == 0, done.stderr
    assert not cache.exists()
    assert files(tmp_path / "out") == reference


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path: Path, reference: dict[str, bytes]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache would go\n")
    done = build(tmp_path / "out", blocker / "cache")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("Traceback") == 0
    assert files(tmp_path / "out") == reference


def test_an_edited_template_is_not_served_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    md = templates / "briefing.md.j2"
    assert build(tmp_path / "one", cache, "--template", str(templates)).returncode == 0
    md.write_text(md.read_text(encoding="utf-8").replace("{{ b.title }}", "{{ b.title }} (EDITED)", 1),
                  encoding="utf-8")
    assert build(tmp_path / "two", cache, "--template", str(templates)).returncode == 0
    assert "(EDITED)" in (tmp_path / "two" / "hanoi-convention.vi.md").read_text(encoding="utf-8")
    assert "(EDITED)" not in (tmp_path / "one" / "hanoi-convention.vi.md").read_text(encoding="utf-8")


def test_a_template_error_is_reported_on_every_build(tmp_path: Path) -> None:
    """Only templates that passed every check are kept, so an error is never cached away."""
    cache = tmp_path / "cache"
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    md = templates / "briefing.md.j2"
    md.write_text(md.read_text(encoding="utf-8") + "\n{{ typo_name }}\n", encoding="utf-8")
    outcomes = [build(tmp_path / f"out{n}", cache, "--template", str(templates)) for n in (1, 2)]
    assert [o.returncode for o in outcomes] == [2, 2]
    assert outcomes[0].stderr == outcomes[1].stderr
    assert "undefined variable: 'typo_name'" in outcomes[0].stderr


def copy_hanoi(tmp_path: Path) -> Path:
    pack = tmp_path / "hanoi"
    shutil.copytree(HANOI, pack)
    return pack


def build_pack(pack: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return briefgen(["build", str(pack), "--lang", "en", "--format", "md", "--out", str(out)], cache)


def test_an_edited_pack_is_read_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = copy_hanoi(tmp_path)
    first = build_pack(pack, tmp_path / "one", cache)
    assert first.returncode == 0, first.stderr
    numbers = pack / "numbers.yaml"
    text = numbers.read_text(encoding="utf-8")
    old = 'en: "signed the Convention over the two days of the ceremony (25–26 October)"'
    assert old in text
    numbers.write_text(text.replace(old, 'en: "signed the Convention in Hanoi over two days"'), encoding="utf-8")
    second = build_pack(pack, tmp_path / "two", cache)
    assert second.returncode == 0, second.stderr
    assert "signed the Convention in Hanoi over two days" in \
        (tmp_path / "two" / "hanoi-convention.en.md").read_text(encoding="utf-8")
    assert "signed the Convention in Hanoi" not in (tmp_path / "one" / "hanoi-convention.en.md").read_text(encoding="utf-8")


def test_an_edited_pack_is_fitted_again(tmp_path: Path) -> None:
    """A record made much longer leaves other records out: the page is fitted anew, exactly as
    without a cache, not from the decision kept for the pack before the edit."""
    cache = tmp_path / "cache"
    pack = copy_hanoi(tmp_path)
    args = ["build", str(pack), "--lang", "en", "--format", "md", "--verbose"]
    first = briefgen([*args, "--out", str(tmp_path / "one")], cache)
    assert first.returncode == 0, first.stderr
    numbers = pack / "numbers.yaml"
    text = numbers.read_text(encoding="utf-8")
    old = 'en: "signed the Convention over the two days of the ceremony (25–26 October)"'
    long = "signed the Convention over the two days of the ceremony, " * 12
    numbers.write_text(text.replace(old, f'en: "{long.strip()}"'), encoding="utf-8")
    cached = briefgen([*args, "--out", str(tmp_path / "two")], cache)
    fresh = briefgen([*args, "--out", str(tmp_path / "three")], None, no_cache=True)
    assert cached.returncode == fresh.returncode == 0, cached.stderr + fresh.stderr
    def left_out(done: subprocess.CompletedProcess[str]) -> list[str]:
        return [line.rsplit(": ", 1)[1] for line in done.stdout.splitlines() if "left out" in line]

    assert left_out(cached) == left_out(fresh)
    assert left_out(cached) != left_out(first)
    md = (tmp_path / "two" / "hanoi-convention.en.md").read_bytes()
    assert md == (tmp_path / "three" / "hanoi-convention.en.md").read_bytes()
    assert md != (tmp_path / "one" / "hanoi-convention.en.md").read_bytes()


def test_a_pack_error_is_never_served_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = copy_hanoi(tmp_path)
    assert build_pack(pack, tmp_path / "one", cache).returncode == 0
    (pack / "numbers.yaml").write_text("- id: [broken\n", encoding="utf-8")
    outcomes = [build_pack(pack, tmp_path / f"bad{n}", cache) for n in (1, 2)]
    assert [o.returncode for o in outcomes] == [2, 2]
    assert outcomes[0].stderr == outcomes[1].stderr
    assert "numbers.yaml:1" in outcomes[0].stderr


def test_warnings_are_printed_again_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = copy_hanoi(tmp_path)
    (pack / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    outcomes = [build_pack(pack, tmp_path / f"out{n}", cache) for n in (1, 2)]
    assert [o.returncode for o in outcomes] == [0, 0]
    assert "notes.yaml:1: warning: not a pack file and ignored" in outcomes[0].stderr
    assert outcomes[0].stderr.replace("out1", "outN") == outcomes[1].stderr.replace("out2", "outN")


def test_old_entries_are_pruned_oldest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen._speed import cache

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for n in range(5):
        cache.write_entry("pack", f"k{n}", b"payload %d" % n)
        os.utime(tmp_path / "pack" / f"k{n}", ns=(n * 10**9, n * 10**9))
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == ["k2", "k3", "k4"]
    assert cache.read_entry("pack", "k4") == b"payload 4"
    assert cache.read_entry("pack", "k0") is None
