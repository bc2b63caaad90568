"""`--into PACK`: add to an existing pack only the candidates it does not hold yet.

Nothing of what is there changes: new records go after the last byte of each record file, a
new source goes right after the last entry of `pack.yaml`'s `sources` list (an insertion, no
byte of the file rewritten). The result is loaded and checked before any file is replaced.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefgen.errors import UsageProblem
from briefgen.extract.article import Article
from briefgen.extract.draft import KINDS, Candidates, Existing, build_records, self_check, source_ids
from briefgen.extract.draft import fold_key as _key
from briefgen.extract.numbers import plain
from briefgen.extract.pack_writer import HEADER
from briefgen.extract.records import Context, Ids, Plain, Value, records_text, to_yaml, when
from briefgen.pack.lint import DRAFT_PLACEHOLDER
from briefgen.pack.location import PACK_FILE, PackLocation
from briefgen.pack.model import FactPack


def existing_of(pack: FactPack) -> Existing:
    held = Existing()
    for n in pack.numbers:
        held.numbers |= {(plain(n.value), _key(e.excerpt)) for e in n.check.evidence}
    held.quotes = {_key(q.text) for q in pack.quotes}
    for p in pack.positions:
        held.positions |= {(p.country, _key(e.excerpt)) for e in p.check.evidence}
    for s in pack.summits:
        held.summits |= {(s.year, (s.short or next(iter(s.name.values()))).casefold())}
        held.summits |= {(s.year, name.casefold()) for name in s.name.values()}
        held.summits |= {(s.year, _key(e.excerpt)) for e in s.check.evidence}
    held.people = {_key(name): p.id for p in pack.people for name in p.name.values()}
    return held


def append_into(location: PackLocation, found: Candidates, root: Path) -> tuple[dict[str, int], list[str]]:
    """Add the new candidates to the pack; (records added per kind, source ids registered)."""
    from briefgen.io.atomic import atomic_write_many
    from briefgen.pack.loading import require_pack

    pack, _ = require_pack(location)
    existing = existing_of(pack)
    known = {s.sha256: s.id for s in pack.pack.sources if s.sha256}
    ids = source_ids(found.articles, {s.id for s in pack.pack.sources}, known)
    taken = {"numbers": {r.id for r in pack.numbers}, "quotes": {r.id for r in pack.quotes},
             "people": {r.id for r in pack.people}, "positions": {r.id for r in pack.positions},
             "summits": {r.id for r in pack.summits}}
    new_sources = [a for a in found.articles if hashlib.sha256(a.data).hexdigest() not in known]
    originals = {name: _read(location.path / name) for name in (PACK_FILE, *(f"{k}.yaml" for k in KINDS))}
    drop: set[tuple[str, str]] = set()
    for _ in range(4):
        ctx = Context(pack.pack.languages, ids, {kind: Ids(set(taken[kind])) for kind in KINDS})
        records = build_records(found, ctx, existing, drop)
        files: dict[str, bytes] = {}
        if new_sources:
            files[PACK_FILE] = _with_sources(originals[PACK_FILE], new_sources, ids, location)
        for kind in KINDS:
            if records[kind]:
                display = location.file(f"{kind}.yaml")
                files[f"{kind}.yaml"] = _appended(originals[f"{kind}.yaml"], records[kind], display,
                                                  len(found.articles))
        merged = {name: (files.get(name) or originals[name] or b"").decode("utf-8-sig") for name in originals}
        bad = self_check(merged, root, {kind: {str(r["id"]) for r in records[kind]} for kind in KINDS})
        if not bad:
            if files:
                try:
                    atomic_write_many(location.path, files)
                except OSError as exc:
                    raise UsageProblem(f"{location.display}: cannot write ({exc.strerror})") from exc
            return {kind: len(records[kind]) for kind in KINDS}, [ids[a.name] for a in new_sources]
        drop |= bad
    raise UsageProblem("the additions would not pass check; nothing written")


def _read(path: Path) -> bytes | None:
    if path.is_symlink():
        raise UsageProblem(f"{path}: a pack file that is a symbolic link is not written through")
    try:
        return path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot read ({exc.strerror})") from exc


def _newline(data: bytes) -> str:
    return "\r\n" if b"\r\n" in data else "\n"


def _appended(data: bytes | None, records: list[dict[str, Value]], display: str, articles: int) -> bytes:
    """The record file with the new records after its last byte (indented like its first record)."""
    if data is None:
        return (HEADER.format(n=articles) + "\n" + records_text(records)).encode("utf-8")
    text = data.decode("utf-8-sig")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    indent = 0
    if root is not None:
        if not isinstance(root, SequenceNode) or root.flow_style:
            raise UsageProblem(f"{display}: written as a flow list ([...]); write its records as a "
                               "block list ('- id: ...') so records can be added after them")
        if root.value:
            indent = max(0, root.value[0].start_mark.column - 2)
    nl = _newline(data)
    added = records_text(records, indent).replace("\n", nl)
    lead = "" if data.endswith(b"\n") or not data else nl
    return data + (lead + nl + added).encode("utf-8")


def _scalars_end(node: Node) -> tuple[int, int]:
    """(index, column) where the last scalar inside `node` ends."""
    if isinstance(node, ScalarNode):
        return node.end_mark.index, node.end_mark.column
    ends = [(-1, 0)]
    if isinstance(node, MappingNode):
        ends += [_scalars_end(v) for pair in node.value for v in pair]
    elif isinstance(node, SequenceNode):
        ends += [_scalars_end(v) for v in node.value]
    return max(ends)


def _with_sources(data: bytes | None, articles: list[Article], ids: dict[str, str],
                  location: PackLocation) -> bytes:
    """pack.yaml with a source entry per new article inserted after the last one of its list."""
    assert data is not None  # require_pack read it
    text = data.decode("utf-8-sig")
    bom = data[:len(data) - len(text.encode("utf-8"))]
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sources = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "sources"), None) \
        if isinstance(root, MappingNode) else None
    display = location.file(PACK_FILE)
    if not isinstance(sources, SequenceNode) or sources.flow_style or not sources.value:
        raise UsageProblem(f"{display}: sources must be a block list ('- id: ...') to register a new source")
    last = sources.value[-1]
    dash = max(0, last.start_mark.column - 2)
    end, column = _scalars_end(last)
    if column != 0:
        cut = text.find("\n", end)
        end = len(text) if cut < 0 else cut + 1
    nl = _newline(data)
    entries: list[str] = []
    for a in articles:
        entry: dict[str, Value] = {"id": Plain(ids[a.name]), "title": a.title,
                                   "outlet": f"{DRAFT_PLACEHOLDER} outlet: the article does not name it",
                                   "published": when(a.published), "lang": Plain(a.lang), "file": a.name,
                                   "sha256": Plain(hashlib.sha256(a.data).hexdigest())}
        entries += to_yaml([entry], dash)
    block = ("" if text[:end].endswith("\n") or end == 0 else nl) + nl.join(entries) + nl
    return bom + (text[:end] + block + text[end:]).encode("utf-8")
