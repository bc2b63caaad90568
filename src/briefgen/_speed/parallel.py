"""`parallel_map`: a function over items, spread over two cores with forked workers.

Private speed machinery: callers get exactly what `map` gives them, in the same order.
Imports nothing of briefgen but its errors, so that a build pays for it only when it forks.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, cast

from briefgen.errors import WorkerFailed

T = TypeVar("T")
R = TypeVar("R")
_TASKS: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []  # what forked workers run, inherited


def parallel_map(func: Callable[[T], R], items: Sequence[T], least: int = 2) -> Iterator[R]:
    """`func(item)` for each item, in order, spread over the machine's cores (at most two) when
    there are at least `least` items; else, or where there is no `fork`, one after the other here.

    Workers are forked, so `func` and the items reach them without being pickled (a `partial`
    holding large read-only data costs nothing to hand over); only each result comes back,
    pickled. An exception `func` raises is raised here, as `map` would; a worker that dies
    raises `WorkerFailed`. When this stops early (an exception, or a caller that stops reading),
    the workers are killed.
    """
    workers = cores()
    if len(items) < max(least, 2) or workers < 2:
        yield from map(func, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _TASKS.append((func, items))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                for result in pool.map(_run_task, [len(_TASKS) - 1] * len(items), range(len(items))):
                    yield cast(R, result)
            except BrokenProcessPool as exc:
                raise WorkerFailed("a worker process ended without its result (killed, or out of memory?); "
                                   "stopped: nothing was written or checked") from exc
            except BaseException:
                # Interrupted (Ctrl-C to this process alone), an item that raised, or a caller that
                # stopped reading: the other items' work is not wanted; end it rather than wait for it.
                for process in list(pool._processes.values()):
                    process.kill()
                raise
    finally:
        _TASKS.pop()


def cores() -> int:
    """How many processes `parallel_map` spreads its items over: at most two, one without `fork`."""
    return min(2, os.cpu_count() or 1) if hasattr(os, "fork") else 1


def _run_task(task: int, index: int) -> object:  # pragma: no cover - runs in a forked worker
    func, items = _TASKS[task]
    return func(items[index])
