"""The speed machinery changes nothing but the time: cached equals uncached, parallel equals serial.

Packs are generated (tests/packgen.py) with Hypothesis: records of every kind, any priority and
status, texts drawn from words that trip the checks (tone marks placed two ways, legacy
encodings, invisible characters). Each property compares the two ways of working on the same
pack, in this process, down to the bytes of every file and the text of every finding.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packgen import PEOPLE, number, position, quote, summit, write_pack

from briefgen import build as build_module
from briefgen import report
from briefgen._speed import cache, parallel
from briefgen.build import prepare_all, prepare_pack
from briefgen.options import BuildOptions
from briefgen.pack.location import PackLocation

WORDS = ["hoà bình", "hòa bình", "thuỷ điện", "thủy điện", "Hà Nội", "đại biểu", "quốc gia", "an ninh mạng",
         "Vieät Nam", "hợp tác", "kinh tế", "delegates", "Mekong", "giáo dục"]
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
STATUS = st.sampled_from(["verified", "verified", "verified", "unverified", "disputed"])
PRIORITY = st.integers(1, 9)


def _checked(record: dict[str, Any], status: str) -> dict[str, Any]:
    if status != "verified":
        for key in ("verified_by", "verified_on"):
            record.pop(key, None)
        record["status"] = status
    return record


@st.composite
def packs(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """The records of one pack, every id distinct."""
    numbers = [_checked(number(f"n{n}", str(draw(st.integers(1, 99999))), draw(TEXT), draw(TEXT),
                               draw(PRIORITY)), draw(STATUS)) for n in range(draw(st.integers(0, 12)))]
    quotes = [_checked(quote(f"q{n}", draw(TEXT), draw(TEXT), draw(PRIORITY),
                             kind=draw(st.sampled_from(["direct", "paraphrase"]))), draw(STATUS))
              for n in range(draw(st.integers(0, 8)))]
    positions = [_checked(position(f"p{n}", draw(st.sampled_from(["VN", "LA", "FR"])), draw(TEXT), draw(TEXT),
                                   draw(PRIORITY)), draw(STATUS)) for n in range(draw(st.integers(0, 5)))]
    summits = [_checked(summit(f"s{n}", draw(st.integers(1990, 2025)), draw(TEXT), draw(TEXT),
                               draw(PRIORITY)), draw(STATUS)) for n in range(draw(st.integers(0, 5)))]
    return {"numbers": numbers, "quotes": quotes, "positions": positions, "summits": summits}


@contextmanager
def written(records: dict[str, list[dict[str, Any]]], count: int = 1) -> Iterator[list[PackLocation]]:
    with tempfile.TemporaryDirectory() as root:
        locations = []
        for n in range(count):
            folder = write_pack(Path(root) / f"pack{n}", pack_id=f"demo-{n}", people=PEOPLE, **records)
            locations.append(PackLocation(folder, f"pack{n}"))
        yield locations


def outcome_data(outcome: build_module.PackOutcome) -> tuple[object, ...]:
    """Everything a build takes from one pack: files, findings, what was left out and why."""
    files = {stem: (briefing.left_out, data) for stem, (briefing, data) in outcome.rendered.items()}
    failure = None if outcome.failure is None else (type(outcome.failure), str(outcome.failure))
    return (outcome.display, outcome.pack_id, [i.render() for i in outcome.errors],
            [i.render() for i in outcome.warnings], outcome.langs, outcome.sections, files, outcome.usage,
            failure)


@contextmanager
def no_cache() -> Iterator[None]:
    with mock.patch.dict(os.environ, {"BRIEFGEN_NO_CACHE": "1"}), mock.patch.dict(cache._MEMORY, clear=True):
        yield


@contextmanager
def cache_in(folder: Path) -> Iterator[None]:
    env = {"BRIEFGEN_CACHE_DIR": str(folder)}
    with mock.patch.dict(os.environ, env), mock.patch.dict(cache._MEMORY, clear=True):
        os.environ.pop("BRIEFGEN_NO_CACHE", None)
        yield


SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMATS = ("md", "docx")


@SLOW
@given(packs(), st.sampled_from(["all", "vi", "en"]), st.booleans())
def test_a_build_from_the_cache_is_the_build_without_it(records: dict[str, list[dict[str, Any]]], lang: str,
                                                        unverified: bool) -> None:
    options = BuildOptions(lang=lang, include_unverified=unverified)
    with written(records) as (location,), tempfile.TemporaryDirectory() as folder:
        with no_cache():
            uncached = outcome_data(prepare_pack(location, FORMATS, options))
        with cache_in(Path(folder)):
            cold = outcome_data(prepare_pack(location, FORMATS, options))  # works out and stores
        assert any(Path(folder).iterdir()), "the cold build stored nothing"
        with cache_in(Path(folder)):
            warm = outcome_data(prepare_pack(location, FORMATS, options))  # served from the cache
    assert cold == uncached
    assert warm == uncached


@SLOW
@given(packs(), st.integers(3, 4))
def test_a_batch_on_two_cores_is_the_batch_on_one(records: dict[str, list[dict[str, Any]]],
                                                  count: int) -> None:
    options = BuildOptions(lang="all")
    with written(records, count) as locations, no_cache():
        with mock.patch.object(os, "cpu_count", lambda: 1):
            serial = [outcome_data(o) for o in prepare_all(locations, FORMATS, options)]
        with mock.patch.object(os, "cpu_count", lambda: 2):
            forked = [outcome_data(o) for o in prepare_all(locations, FORMATS, options)]
    assert forked == serial


@SLOW
@given(packs(), st.sampled_from(["", "numbers", "quotes"]), st.booleans())
def test_a_check_on_two_cores_is_the_check_on_one(records: dict[str, list[dict[str, Any]]],
                                                  spoil: str, forked: bool) -> None:
    if spoil and records[spoil]:
        records[spoil][0]["colour"] = "red"  # an unknown field: the pack cannot be used
    with written(records) as (location,):
        def check(parts_from: int) -> tuple[object, ...]:
            with mock.patch.object(report, "PARTS_FROM_BYTES", parts_from), \
                    mock.patch.object(os, "cpu_count", lambda: 2):
                got = report.run_check(str(location.path), None)
            return [i.render() for i in got.issues], got.records, got.excerpts, got.exit_code, got.summary()

        one_pass = check(1 << 60)
        if forked:
            assert check(0) == one_pass
        else:  # the parts one after the other, here: the merge without forks
            with mock.patch.object(parallel, "parallel_map", lambda func, items, least=2: map(func, items)):
                assert check(0) == one_pass


SPOT_TEXTS = st.lists(st.sampled_from(WORDS + ["Hoà", "HÒA", "thuỷ", "Thủy", "khoẻ", "khỏe"]), min_size=1,
                      max_size=4).map(" ".join)
FIELDS = st.sampled_from(["label.vi", "summary.vi", "context.vi", "text", "evidence[0].excerpt", "note"])


@given(st.lists(st.tuples(SPOT_TEXTS, FIELDS, st.integers(0, 4), st.booleans()), max_size=30),
       st.lists(st.tuples(SPOT_TEXTS, FIELDS), max_size=4), st.lists(st.integers(0, 2), min_size=5, max_size=5))
@settings(max_examples=300, deadline=None)
def test_tone_lint_in_parts_settles_to_the_single_pass(texts: list[tuple[str, str, int, bool]],
                                                       before: list[tuple[str, str]], part_of: list[int]) -> None:
    """The lint of a pack's files shared among parts (`part_of[file]`, in any pattern), each part
    read apart and `settle`d, is the one pass's: first spellings in pack.yaml (`before`), in any
    file of any part, texts of several kinds on one line."""
    from briefgen.findings import by_place
    from briefgen.pack.lint import TextSpot
    from briefgen.pack.linter import Linter, settle

    files = [f"file{n}.yaml" for n in range(5)]
    spots: list[list[TextSpot]] = [[] for _ in files]
    for text, field, file, same_line in texts:
        line = len(spots[file]) + (0 if same_line and spots[file] else 1)
        spots[file].append(TextSpot(files[file], line, field, f"r{line}", text))
    start = Linter()
    start.add(TextSpot("pack.yaml", n + 1, field, None, text) for n, (text, field) in enumerate(before))
    whole = Linter(start.first_spelling)
    one_pass = [i for file_spots in spots for i in whole.add(file_spots)]
    parts = []
    for part in sorted(set(part_of)):
        linter, follows, entries = Linter(start.first_spelling), 0, []
        for file in (n for n in range(len(files)) if part_of[n] == part):
            if file != follows:
                linter.after_gap()
            follows = file + 1
            entries += linter.add_part(spots[file])
        parts.append((linter.first_spelling, entries))
    assert sorted(settle(start.first_spelling, parts, files), key=by_place) == sorted(one_pass, key=by_place)


@given(st.lists(st.integers(), max_size=40), st.integers(1, 5))
@settings(max_examples=20, deadline=None)
def test_parallel_map_gives_what_map_gives(items: list[int], least: int) -> None:
    with mock.patch.object(os, "cpu_count", lambda: 2):
        assert list(parallel.parallel_map(_square, items, least=least)) == [n * n for n in items]


def _square(n: int) -> int:
    return n * n


def test_a_worker_that_dies_is_an_error_not_a_missing_result() -> None:
    from briefgen.errors import WorkerFailed

    with mock.patch.object(os, "cpu_count", lambda: 2), pytest.raises(WorkerFailed):
        list(parallel.parallel_map(_die, [1, 2, 3]))


def _die(n: int) -> int:
    os._exit(3)


def test_workers_are_ended_when_the_caller_stops_reading(tmp_path: Path) -> None:
    """A caller that stops (an error, Ctrl-C to the parent alone) does not wait for work it will
    not use: the item still running is killed before it finishes."""
    finished = tmp_path / "finished"

    def work(n: int) -> int:
        if n == 1:
            import time

            time.sleep(10)
            finished.write_text("the killed item ran to its end", encoding="utf-8")
        return n

    with mock.patch.object(os, "cpu_count", lambda: 2):
        results = parallel.parallel_map(work, [0, 1, 2])
        assert next(results) == 0
        results.close()
    assert not finished.exists()
