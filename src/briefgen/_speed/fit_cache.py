"""Fitting's decisions, kept in the user's cache by every input they depend on.

Why: fitting a briefing to its page (the search of `fitting/search.py`, a dozen renders and
estimates of the Word template) is most of a build's work, and an editor rebuilds the same
briefing many times: another format, a PDF after the Word file, a batch of packs of which one
changed. The decision (which sections are compact, which records are left out) is a function of
the pack's content, the language and options, the template's bytes and briefgen's code (the
`cache_key` stamp), so all of them are the key, and the briefing is then made from the pack as
always. A search that fails (nothing fits) is never kept.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from briefgen._speed.cache import cache_key, cached

Strings = tuple[tuple[str, ...], ...]  # a decision (`fitting.search.Decision`) as plain data


def remembered_decision(inputs: tuple[object, ...], decide: Callable[[], Strings]) -> Strings:
    """`decide()`, or what it gave for the same `inputs` before (a pack is one of them).

    The inputs are keyed by their repr: records are dataclasses whose repr holds every field but
    where they were read (`Where`, which no briefing prints), and it is three times quicker than
    pickling them."""
    key = cache_key("fit", repr(inputs))
    return cached("fit", key, decide, _dump, _load)


def _dump(decision: Strings) -> bytes:
    return json.dumps([list(part) for part in decision], ensure_ascii=False).encode("utf-8")


def _load(payload: bytes) -> Strings:
    return tuple(tuple(str(x) for x in part) for part in json.loads(payload))
