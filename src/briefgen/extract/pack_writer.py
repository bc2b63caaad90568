"""`--out DIR`: a new draft pack, written only when it passes check, never over a pack without --force."""
from __future__ import annotations

import hashlib
from pathlib import Path

from briefgen.errors import UsageProblem
from briefgen.extract.article import Article
from briefgen.extract.draft import KINDS, Candidates, Existing, build_records, self_check, source_ids
from briefgen.extract.records import (
    Context,
    Ids,
    Plain,
    Value,
    localized,
    records_text,
    to_yaml,
    when,
)
from briefgen.extract.text import slug
from briefgen.pack.lint import DRAFT_PLACEHOLDER
from briefgen.pack.location import PACK_FILES

HEADER = ("# Drafted by `briefgen extract` from {n} article(s). Every record is `status: unverified`:\n"
          "# a fact-checker reads each excerpt in its source, rewrites labels and summaries in their own\n"
          "# words, and only then marks a record verified (verified_by, verified_on).\n")


def draft_files(found: Candidates, root: Path, pack_id: str) -> tuple[dict[str, str], dict[str, int]]:
    """The draft's files (name -> text) and the count of records per kind; checked before returning."""
    languages = tuple(dict.fromkeys(a.lang for a in found.articles))
    ids = source_ids(found.articles, set(), {})
    drop: set[tuple[str, str]] = set()
    for _ in range(4):
        ctx = Context(languages, ids, {kind: Ids() for kind in KINDS})
        records = build_records(found, ctx, Existing(), drop)
        files = {"pack.yaml": _pack_yaml(found.articles, ids, languages, pack_id)}
        header = HEADER.format(n=len(found.articles))
        for kind in KINDS:
            files[f"{kind}.yaml"] = header + ("\n" + records_text(records[kind]) if records[kind] else "")
        bad = self_check(files, root, {kind: {str(r["id"]) for r in records[kind]} for kind in KINDS})
        if not bad:
            return files, {kind: len(records[kind]) for kind in KINDS}
        drop |= bad
    raise UsageProblem("the draft would not pass check after leaving out the candidates it refused; "
                       "nothing written")


def _pack_yaml(articles: list[Article], ids: dict[str, str], languages: tuple[str, ...], pack_id: str) -> str:
    first = articles[0]
    dates = [a.published for a in articles if a.published is not None]
    sources: list[Value] = []
    for a in articles:
        sources.append({"id": Plain(ids[a.name]), "title": a.title,
                        "outlet": f"{DRAFT_PLACEHOLDER} outlet: the article does not name it",
                        "published": when(a.published), "lang": Plain(a.lang), "file": a.name,
                        "sha256": Plain(hashlib.sha256(a.data).hexdigest())})
    pack: dict[str, Value] = {
        "id": Plain(pack_id), "title": localized(first.title, first.lang, languages),
        "date": when(max(dates) if dates else None),
        "languages": Plain("[" + ", ".join(languages) + "]"),
        "sources": sources,
    }
    notes = []
    for a in articles:
        if a.title_cut:
            notes.append(f"# {ids[a.name]}: the article has no headline; its title is the start of "
                         "its first line.")
        if a.published is None:
            notes.append(f"# {ids[a.name]}: the article states no date line: published is unknown.")
    head = HEADER.format(n=len(articles)) + ("\n".join(notes) + "\n" if notes else "")
    return head + "\n".join(to_yaml(pack, 0)) + "\n"


def default_pack_id(out: Path) -> str:
    return slug(out.resolve().name, 8) or "draft"


def write_new_pack(out: Path, files: dict[str, str], force: bool) -> list[str]:
    """Write the draft into `out` (created if needed). A pack file already there is refused unless
    --force; with --force the old file is kept next to it as `<name>.bak`."""
    from briefgen.io.atomic import atomic_write_many

    if out.exists() and not out.is_dir():
        raise UsageProblem(f"--out {out}: is a file, not a folder")
    present = [name for name in PACK_FILES if (out / name).exists() or (out / name).is_symlink()]
    if present and not force:
        raise UsageProblem(f"--out {out}: already holds a pack ({', '.join(present)}); not overwritten: "
                           "use --force to replace it (the old files are kept as .bak), or --into to "
                           "add to it")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageProblem(f"--out {out}: cannot create the folder ({exc.strerror})") from exc
    for name in present:
        target = out / name
        if target.is_symlink() or not target.is_file():
            raise UsageProblem(f"--out {out}: {name} is not a regular file; not replaced")
    backups = {f"{name}.bak": (out / name).read_bytes() for name in present}
    try:
        if backups:
            atomic_write_many(out, backups)
        atomic_write_many(out, {name: text.encode("utf-8") for name, text in files.items()})
    except OSError as exc:
        raise UsageProblem(f"--out {out}: cannot write ({exc.strerror})") from exc
    return sorted(backups)


