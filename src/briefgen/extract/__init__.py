"""`briefgen extract`: draft a fact pack from plain-text articles, for a fact-checker to approve.

article.py reads an article and leaves its page furniture out; numbers.py, statements.py
(with people.py) and summits.py find the candidates; records.py turns them into pack records;
pack_writer.py writes a new draft (`--out`), into.py adds to an existing pack (`--into`).
Every record is `unverified` and carries its excerpt verbatim; the draft is checked with
briefgen's own loader and evidence check before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import UsageProblem


@dataclass(frozen=True)
class ExtractReport:
    target: str
    counts: dict[str, int]
    articles: int
    sources: tuple[str, ...]  # source ids registered
    backups: tuple[str, ...] = ()
    into: bool = False

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        verb = "added to" if self.into else "wrote draft pack"
        out = [f"{verb} {self.target}: {counts} from {self.articles} article(s); every record unverified"]
        if self.sources:
            out.append(f"  registered source(s): {', '.join(self.sources)}")
        if self.backups:
            out.append(f"  kept the replaced files as {', '.join(self.backups)}")
        return out


def extract(articles: list[str], out: str | None, into: str | None, lang: str | None, pack_id: str | None,
            force: bool) -> ExtractReport:
    """Run one `briefgen extract`: read every article first (any unreadable one stops it, nothing written)."""
    from briefgen.extract.draft import find_candidates, read_articles

    if (out is None) == (into is None):
        raise UsageProblem("give exactly one of --out DIR (a new draft pack) or --into PACK (add to a pack)")
    if not articles:
        raise UsageProblem("give at least one ARTICLE.txt")
    read, root = read_articles([Path(a) for a in articles], lang)
    found = find_candidates(read)
    if into is not None:
        from briefgen.extract.into import append_into
        from briefgen.pack.location import locate_pack

        if pack_id is not None:
            raise UsageProblem("--id names a new pack; --into adds to a pack that has its id")
        location = locate_pack(into)
        counts, sources = append_into(location, found, root)
        return ExtractReport(location.display, counts, len(read), tuple(sources), into=True)
    from briefgen.extract.pack_writer import default_pack_id, draft_files, write_new_pack
    from briefgen.pack.fields import ID_RE

    assert out is not None
    target = Path(out)
    chosen = pack_id or default_pack_id(target)
    if not ID_RE.match(chosen):
        raise UsageProblem(f"--id {chosen}: not a valid pack id (lowercase letters, digits and '-')")
    files, counts = draft_files(found, root, chosen)
    backups = write_new_pack(target, files, force)
    return ExtractReport(out, counts, len(read), (), tuple(backups))
