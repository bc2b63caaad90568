"""Score `briefgen extract` against gold: recall and precision per record kind, and its speed.

    python benchmarks/extract_eval.py            # seen (Hanoi pack on the five seeds) and unseen
    python benchmarks/extract_eval.py --speed    # also time extracting the five seeds (CLI, 5 runs)

Seen: the gold is the shipped pack facts/hanoi-convention, whose records were typed by hand
from /work/shared/seeds (or ../shared/seeds). Unseen: tests/articles/unseen with the gold list
benchmarks/extract_gold_unseen.yaml, written before the extractor ever ran on those articles.

What counts as a match: a draft record's evidence excerpt overlaps a gold excerpt in the same
article (positions in the folded text), and its key agrees: the same value (numbers), the same
speaker's name (statements), the same country (positions), the same year (summits). Numbers
are scored per evidence excerpt; statements, positions and summits per record.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen.extract.draft import find_candidates, read_articles
from briefgen.extract.pack_writer import draft_files
from briefgen.pack.loading import load_pack
from briefgen.pack.location import PackLocation
from briefgen.pack.model import FactPack
from briefgen.pack.sources import fold

KINDS = ("numbers", "statements", "positions", "summits")


def seeds_folder() -> Path:
    for candidate in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if candidate.is_dir():
            return candidate
    raise SystemExit("the seed articles (shared/seeds) are not found")


@dataclass
class Item:
    """One gold or drafted fact: its key, the article and the excerpts' spans in the folded text."""

    key: object
    file: str
    spans: list[tuple[int, int]]
    what: str


def spans_of(text: str, excerpt: str) -> list[tuple[int, int]]:
    needle = fold(excerpt).strip(" ,.;")
    out, start = [], text.find(needle)
    while needle and start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def overlaps(a: Item, b: Item) -> bool:
    return a.file == b.file and a.key == b.key and any(x0 < y1 and y0 < x1 for x0, x1 in a.spans for y0, y1 in b.spans)


def items_of_pack(pack: FactPack, texts: dict[str, str]) -> dict[str, list[Item]]:
    """Gold or draft items of a pack, by kind; numbers one per excerpt, the rest one per record and file."""
    files = {s.id: s.file or "" for s in pack.pack.sources}
    names = {p.id: fold(next(iter(p.name.values()))).casefold() for p in pack.people}
    out: dict[str, list[Item]] = {kind: [] for kind in KINDS}

    def grouped(key: object, evidence: tuple, what: str, kind: str) -> None:
        by_file: dict[str, list[tuple[int, int]]] = {}
        for ev in evidence:
            f = files[ev.source]
            by_file.setdefault(f, []).extend(spans_of(texts.get(f, ""), ev.excerpt))
        for f, spans in by_file.items():
            out[kind].append(Item(key, f, spans, what))

    for n in pack.numbers:
        seen: set[tuple[str, str]] = set()
        for ev in n.check.evidence:
            f = files[ev.source]
            if (f, ev.excerpt) in seen:
                continue
            seen.add((f, ev.excerpt))
            out["numbers"].append(Item(n.value, f, spans_of(texts.get(f, ""), ev.excerpt), f"{n.id} {n.value}"))
    for q in pack.quotes:
        grouped(names.get(q.speaker, q.speaker), q.check.evidence, f"{q.id} ({q.speaker})", "statements")
    for p in pack.positions:
        grouped(p.country, p.check.evidence, p.id, "positions")
    for s in pack.summits:
        grouped(s.year, s.check.evidence, s.id, "summits")
    return out


def items_of_gold(gold: dict[str, dict[str, list[list[object]]]], texts: dict[str, str]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for file, kinds in gold.items():
        for kind, entries in kinds.items():
            for key, excerpt in entries:
                if kind == "numbers":
                    key = Decimal(str(key))
                elif kind == "statements":
                    key = fold(str(key)).casefold()
                spans = spans_of(texts[file], str(excerpt))
                if not spans:
                    raise SystemExit(f"gold excerpt not in {file}: {excerpt}")
                out[kind].append(Item(key, file, spans, f"{file}: {excerpt}"))
    # A position is one per (article, country): the gold lists its sentences.
    merged: dict[tuple[object, str], Item] = {}
    for item in out["positions"]:
        k = (item.key, item.file)
        if k in merged:
            merged[k].spans += item.spans
        else:
            merged[k] = item
    out["positions"] = list(merged.values())
    return out


def draft_pack(folder: Path, names: list[str]) -> tuple[FactPack, dict[str, str]]:
    articles, root = read_articles([folder / n for n in names], None)
    files, _ = draft_files(find_candidates(articles), root, "draft")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        pack, issues = load_pack(PackLocation(Path(tmp), ""))
    assert pack is not None, [i.render() for i in issues if i.severity == "error"]
    texts = {a.name: fold(a.text) for a in articles}
    return pack, texts


@dataclass
class Score:
    gold: int
    found: int
    drafted: int
    correct: int

    def row(self, kind: str) -> str:
        recall = f"{100 * self.found / self.gold:.0f} % ({self.found}/{self.gold})" if self.gold else "—"
        precision = f"{100 * self.correct / self.drafted:.0f} % ({self.correct}/{self.drafted})" if self.drafted else "—"
        return f"| {kind} | {recall} | {precision} |"


def score(gold: list[Item], drafted: list[Item], misses: list[str]) -> Score:
    found = 0
    for g in gold:
        if any(overlaps(g, d) for d in drafted):
            found += 1
        else:
            misses.append(g.what)
    correct = sum(1 for d in drafted if any(overlaps(g, d) for g in gold))
    return Score(len(gold), found, len(drafted), correct)


def evaluate(title: str, gold: dict[str, list[Item]], drafted: dict[str, list[Item]], verbose: bool,
             quiet: bool = False) -> dict[str, Score]:
    """The scores of each kind; printed as a Markdown table unless `quiet`."""
    scores: dict[str, Score] = {}
    if not quiet:
        print(f"\n### {title}\n\n| kind | recall | precision |\n|---|---|---|")
    for kind in KINDS:
        misses: list[str] = []
        scores[kind] = score(gold[kind], drafted[kind], misses)
        if not quiet:
            print(scores[kind].row(kind if kind != "statements" else "statements (right speaker)"))
        if verbose and misses:
            print("    missed: " + "; ".join(misses), file=sys.stderr)
    if verbose:
        for kind in KINDS:
            wrong = [d.what for d in drafted[kind] if not any(overlaps(g, d) for g in gold[kind])]
            if wrong:
                print(f"    {kind} not in gold: " + "; ".join(wrong), file=sys.stderr)
    return scores


def seen(verbose: bool = False, quiet: bool = False) -> dict[str, Score]:
    seeds = seeds_folder()
    names = sorted(p.name for p in seeds.glob("*.txt"))
    drafted_pack, texts = draft_pack(seeds, names)
    gold_pack, _ = load_pack(PackLocation(ROOT / "facts" / "hanoi-convention", "facts/hanoi-convention"))
    assert gold_pack is not None
    return evaluate("Seen: the Hanoi pack on the five seeds", items_of_pack(gold_pack, texts),
                    items_of_pack(drafted_pack, texts), verbose, quiet)


def unseen(verbose: bool = False, quiet: bool = False) -> tuple[dict[str, Score], dict[str, Score]]:
    """Scores on all the unseen articles, and on the news pages alone."""
    folder = ROOT / "tests" / "articles" / "unseen"
    gold = yaml.safe_load((ROOT / "benchmarks" / "extract_gold_unseen.yaml").read_text(encoding="utf-8"))
    names = sorted(gold)
    drafted_pack, texts = draft_pack(folder, names)
    gold_items, drafted = items_of_gold(gold, texts), items_of_pack(drafted_pack, texts)
    everything = evaluate(f"Unseen: {len(names)} articles of tests/articles/unseen", gold_items, drafted, verbose,
                          quiet)
    # The same run, counting only the ten excerpts of news pages (not the two articles of our own).
    real = {n for n in names if "-own-" not in n}

    def news(items: dict[str, list[Item]]) -> dict[str, list[Item]]:
        return {kind: [i for i in found if i.file in real] for kind, found in items.items()}

    return everything, evaluate(f"Unseen, news pages only: {len(real)} articles", news(gold_items), news(drafted),
                                False, quiet)


def speed(runs: int) -> None:
    """The CLI as an editor runs it: wall clock and CPU time (user + system) of each run.

    Bytecode is written and used (the first, untimed run writes it), as an installed briefgen
    does; this machine's PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at
    every start. CPU time is given too: on a shared, loaded machine it is the steadier number.
    """
    import os
    import resource

    seeds = sorted(str(p) for p in seeds_folder().glob("*.txt"))
    exe = Path(sys.executable).parent / "briefgen"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    walls, cpus = [], []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([str(exe), "extract", *seeds, "--out", f"{tmp}/draft"], check=True,
                           stdout=subprocess.DEVNULL, env=env)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    walls, cpus = walls[1:], cpus[1:]
    start = time.perf_counter()
    articles, root = read_articles([Path(s) for s in seeds], None)
    draft_files(find_candidates(articles), root, "draft")
    in_process = time.perf_counter() - start
    load = os.getloadavg()[0]
    print(f"\n### Speed\n\n`briefgen extract` of the five seeds, {runs} runs: wall clock median "
          f"{statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}); CPU time median "
          f"{statistics.median(cpus):.2f} s (min {min(cpus):.2f}); in-process (read, extract, self-check) "
          f"{in_process:.2f} s; load average {load:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", action="store_true", help="also time extracting the five seeds")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("seen", "unseen"), help="score one set only")
    parser.add_argument("-v", "--verbose", action="store_true", help="list what was missed or not in gold")
    args = parser.parse_args()
    if args.only != "unseen":
        seen(args.verbose)
    if args.only != "seen":
        unseen(args.verbose)
    if args.speed:
        speed(args.runs)


if __name__ == "__main__":
    main()
