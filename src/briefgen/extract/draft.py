"""From articles to a draft: read them, find the candidates, turn them into pack records.

The draft is checked with briefgen's own loader and evidence check before anything is written:
a candidate whose record would not pass (an excerpt a hostile file made unholdable, a number
`check` cannot read back) is left out, so the draft always passes `check --sources`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import UsageProblem
from briefgen.extract.article import Article, read_article
from briefgen.extract.candidates import NumberCandidate, PersonCandidate, StatementCandidate, SummitCandidate
from briefgen.extract.numbers import merge_numbers, number_candidates
from briefgen.extract.people import country_of_title
from briefgen.extract.records import (
    Context,
    Ids,
    Value,
    number_record,
    person_record,
    position_record,
    quote_record,
    summit_record,
)
from briefgen.extract.statements import statement_candidates
from briefgen.extract.summits import summit_candidates
from briefgen.extract.text import slug
from briefgen.pack.model import RECORD_KINDS

KINDS = RECORD_KINDS


@dataclass
class Candidates:
    """Everything found in a set of articles, in article and reading order."""

    articles: list[Article]
    numbers: list[NumberCandidate] = field(default_factory=list)
    statements: list[StatementCandidate] = field(default_factory=list)
    summits: list[SummitCandidate] = field(default_factory=list)


def read_articles(paths: list[Path], lang: str | None) -> tuple[list[Article], Path]:
    """The articles (each once: the same text twice is one source), and the folder their names are
    relative to."""
    if lang is not None and lang not in ("vi", "en"):
        raise UsageProblem(f"--lang {lang}: extraction reads vi or en articles")
    # Named as given (not through symbolic links): `check` finds them in the same folder, and
    # refuses a link that leads out of it.
    resolved = [Path(os.path.abspath(p)) for p in paths]
    root = Path(os.path.commonpath([p.parent for p in resolved]))
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path, full in zip(paths, resolved):
        article = read_article(path, full.relative_to(root).as_posix(), lang)
        digest = hashlib.sha256(article.data).hexdigest()
        if digest in seen:
            continue  # the same text given twice
        seen[digest] = path
        articles.append(article)
    return articles, root


def find_candidates(articles: list[Article]) -> Candidates:
    found = Candidates(articles)
    numbers: list[NumberCandidate] = []
    for article in articles:
        numbers += number_candidates(article)
        found.statements += statement_candidates(article)
        found.summits += _merge_summits(found.summits, summit_candidates(article))
    found.numbers = merge_numbers(numbers)
    return found


def _merge_summits(known: list[SummitCandidate], new: list[SummitCandidate]) -> list[SummitCandidate]:
    """Summits not met in an earlier article; a summit met again adds its evidence there."""
    out: list[SummitCandidate] = []
    for s in new:
        same = next((k for k in known if k.year == s.year and (k.short or k.name).casefold()
                     == (s.short or s.name).casefold()), None)
        if same is not None:
            same.evidence += s.evidence
        else:
            out.append(s)
    return out


@dataclass
class Existing:
    """What a pack already holds, so `--into` adds only what is new."""

    numbers: set[tuple[str, str]] = field(default_factory=set)  # (value, folded excerpt)
    quotes: set[str] = field(default_factory=set)  # folded text
    positions: set[tuple[str, str]] = field(default_factory=set)  # (country, folded excerpt)
    summits: set[tuple[int, str]] = field(default_factory=set)  # (year, short, name or folded excerpt)
    people: dict[str, str] = field(default_factory=dict)  # casefolded name -> id


def fold_key(text: str) -> str:
    """How two texts are compared for `--into`: one space for each run of whitespace, casefolded."""
    return " ".join(text.split()).casefold()


def build_records(found: Candidates, ctx: Context, existing: Existing,
                  drop: set[tuple[str, str]]) -> dict[str, list[dict[str, Value]]]:
    """Every new candidate as a record, kind by kind; `drop` holds (kind, id) the check refused."""
    from briefgen.extract.numbers import plain

    out: dict[str, list[dict[str, Value]]] = {kind: [] for kind in KINDS}

    def keep(kind: str, record: dict[str, Value]) -> None:
        if (kind, str(record["id"])) not in drop:
            out[kind].append(record)

    for n in found.numbers:
        if not any((plain(n.value), fold_key(e.excerpt)) in existing.numbers for e in n.evidence):
            keep("numbers", number_record(n, ctx))
    people: dict[str, PersonCandidate] = {}  # by name: one person across the articles
    langs: dict[str, str] = {}
    positions: dict[tuple[str, str], list[StatementCandidate]] = {}
    for s in found.statements:
        if s.country is not None:
            positions.setdefault((s.evidence[0].article.name, s.country), []).append(s)
            continue
        if s.speaker is None or fold_key(s.text) in existing.quotes:
            continue
        name = fold_key(s.speaker.name)
        person = people.get(name)
        if person is None:
            langs[name] = s.evidence[0].article.lang
            person = people[name] = PersonCandidate(s.speaker.name, s.speaker.title, None)
            person.id = existing.people.get(name) or ctx.ids["people"].new(slug(person.name, 5))
        if s.speaker.title and (not person.title or len(s.speaker.title) > len(person.title)):
            person.title = s.speaker.title
        if ("people", person.id) not in drop:  # the check refused the speaker: their quotes go too
            keep("quotes", quote_record(s, person.id, ctx))
    used = {str(r["speaker"]) for r in out["quotes"]}
    for name, person in people.items():
        if person.id in used and name not in existing.people:
            person.country = country_of_title(person.title, langs[name])
            keep("people", person_record(person, langs[name], ctx))
    for (_, country), statements in positions.items():
        fresh = [s for s in statements
                 if (country, fold_key(s.evidence[0].excerpt)) not in existing.positions]
        if fresh:
            keep("positions", position_record(country, fresh, ctx))
    for summit in found.summits:
        keys = {(summit.year, (summit.short or summit.name).casefold())}
        keys |= {(summit.year, fold_key(e.excerpt)) for e in summit.evidence}
        if not keys & existing.summits:
            keep("summits", summit_record(summit, ctx))
    return out


def self_check(files: dict[str, str], sources: Path, new_ids: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Load and check the draft as `briefgen check --sources` would: (kind, id) of every new record
    that has a structure or evidence error. A problem outside the new records is a bug: raised."""
    import tempfile

    from briefgen.pack.checking import check_pack
    from briefgen.pack.loading import load_pack
    from briefgen.pack.location import PackLocation

    with tempfile.TemporaryDirectory(prefix="briefgen-extract-") as tmp:
        folder = Path(tmp)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        pack, issues = load_pack(PackLocation(folder, ""))
        if pack is not None:
            issues += check_pack(pack, sources)
    bad: set[tuple[str, str]] = set()
    for issue in issues:
        if issue.severity != "error":
            continue
        kind = issue.file.removesuffix(".yaml")
        if issue.record is not None and issue.record in new_ids.get(kind, set()):
            bad.add((kind, issue.record))
        elif issue.kind == "structure":
            raise UsageProblem(f"the draft would not pass check ({issue.render()}); nothing written")
        # Anything else is about what the pack held before (its other sources' texts are elsewhere).
    return bad


def source_ids(articles: list[Article], taken: set[str], known: dict[str, str]) -> dict[str, str]:
    """A source id per article: the one the pack already has for the same text (by sha256), or a new one."""
    ids = Ids(set(taken))
    out: dict[str, str] = {}
    for article in articles:
        digest = hashlib.sha256(article.data).hexdigest()
        stem = slug(Path(article.name).stem, 4) or "article"
        out[article.name] = known.get(digest) or ids.new(f"src-{stem}")
    return out
