"""One page: what is left out when the content is too long, and in what order."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from packgen import number, position, quote, summit, write_pack

from briefgen.cli import cli
from briefgen.fitting.estimate import layout_for
from briefgen.fitting.metrics import Face, count_lines, text_width
from briefgen.fitting.search import fewest_drops
from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir

LONG = ("Đây là một câu dài về hợp tác quốc tế trong phòng, chống tội phạm mạng, được nhắc lại để chiếm chỗ "
        "trên trang giấy. ") * 3


def overflowing_pack(tmp_path: Path) -> Path:
    numbers = [number(f"n{i}", str(i + 1), f"mục số {i}", f"item {i}", priority=1 if i == 0 else 2) for i in range(6)]
    quotes = [quote(f"q{i}", f"{LONG} Lần {i}.", f"A long sentence, number {i}.", priority=3 + (i % 6))
              for i in range(18)]
    positions = [position("p-fr", "FR", "Ủng hộ.", "Supports.", priority=9)]
    summits = [summit("s1", 2006, "Hội nghị cấp cao APEC", "APEC Economic Leaders' Meeting", priority=8)]
    return write_pack(tmp_path / "demo", numbers=numbers, quotes=quotes, positions=positions, summits=summits)


def build(tmp_path: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--out", str(tmp_path / "out"), *args],
                              catch_exceptions=False)


def test_overflow_leaves_out_lowest_priority_first_and_says_so(tmp_path: Path) -> None:
    overflowing_pack(tmp_path)
    result = build(tmp_path, "--lang", "vi", "--verbose")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("  left out, did not fit on one page: "))
    dropped = line.split(": ", 1)[1].split(", ")
    assert dropped and all(d.startswith("quotes/") for d in dropped)
    # Priority 8 goes before 7, 7 before 6 ...; within one priority the later record goes first.
    priorities = {f"quotes/q{i}": 3 + (i % 6) for i in range(18)}
    order = [(priorities[d], int(d.split("q")[-1])) for d in dropped]
    assert order == sorted(order, reverse=True)
    md = (tmp_path / "out" / "demo.vi.md").read_text(encoding="utf-8")
    kept = [f"quotes/q{i}" for i in range(18) if f"Lần {i}." in md]
    assert kept and set(kept).isdisjoint(dropped)
    assert min(priorities[k] for k in kept) == 3
    assert max(priorities[k] for k in kept) <= min(priorities[d] for d in dropped)


def test_overflow_never_empties_a_section_nor_drops_priority_one(tmp_path: Path) -> None:
    overflowing_pack(tmp_path)
    build(tmp_path, "--lang", "en")
    md = (tmp_path / "out" / "demo.en.md").read_text(encoding="utf-8")
    # The lone position (priority 9) and summit (priority 8) stay: they are their sections' only records.
    assert "## Country positions" in md and "- **France** — Supports." in md
    assert "## Summits hosted" in md and "- **2006** — APEC Economic Leaders&#39; Meeting" in md
    assert "- **1** — item 0" in md


def test_markdown_and_word_carry_the_same_selection(tmp_path: Path) -> None:
    overflowing_pack(tmp_path)
    build(tmp_path, "--lang", "vi")
    md = (tmp_path / "out" / "demo.vi.md").read_text(encoding="utf-8")
    word = "\n".join(p.text for p in Document(str(tmp_path / "out" / "demo.vi.docx")).paragraphs)
    for i in range(18):
        assert (f"Lần {i}." in md) == (f"Lần {i}." in word), i


def test_priority_one_records_that_cannot_fit_exit_1_and_write_nothing(tmp_path: Path) -> None:
    write_pack(tmp_path / "demo", quotes=[quote(f"q{i}", f"{LONG} Lần {i}.", f"Sentence {i}.", priority=1)
                                          for i in range(20)])
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "demo"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: demo.vi: does not fit on one page even with only priority-1 records")
    assert not (tmp_path / "out").exists()


def test_line_counting_breaks_where_the_width_runs_out() -> None:
    layout = layout_for(default_template_dir() / DOCX_TEMPLATE)
    face = Face("Liberation Sans", 10.5)
    word = "mạng"
    one = text_width(word, face.font, face.size)
    space = text_width(" ", face.font, face.size)
    room = layout.width - 18.0  # List Bullet's indent
    per_line = int((room - 0.3 + space) // (one + space))
    assert count_lines(((" ".join([word] * per_line), face),), room) == 1
    assert count_lines(((" ".join([word] * (per_line + 1)), face),), room) == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_hanoi_briefing_keeps_all_four_sections(lang: str, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "facts" / "hanoi-convention", tmp_path / "hanoi")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "hanoi"), "--lang", lang, "--format", "md",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0
    md = (tmp_path / "out" / f"hanoi-convention.{lang}.md").read_text(encoding="utf-8")
    assert md.count("\n## ") == 4


def testfewest_drops_finds_the_boundary_from_any_guess() -> None:
    """Whatever the first guess, the search ends at the fewest drops that fit, and asks
    about each count at most once (each question is a whole-page estimate)."""
    for most in range(1, 13):
        for boundary in range(1, most + 2):  # most + 1: nothing fits
            for guess in range(most + 3):
                asked: list[int] = []

                def fits_without(k: int, boundary: int = boundary, asked: list[int] = asked) -> bool:
                    asked.append(k)
                    return k >= boundary

                found = fewest_drops(fits_without, guess, most)
                assert found == min(boundary, most), (most, boundary, guess)
                assert len(asked) == len(set(asked)), (most, boundary, guess, asked)
    assert fewest_drops(lambda k: True, 5, 0) == 0


def test_a_good_guess_costs_two_estimates() -> None:
    asked: list[int] = []

    def fits_without(k: int) -> bool:
        asked.append(k)
        return k >= 17

    assert fewest_drops(fits_without, 17, 40) == 17
    assert asked == [17, 16]


def test_a_marked_render_measures_as_the_plain_one() -> None:
    """Entry heights come from a render with a mark on each entry; a marked paragraph is looked up
    as the plain one already measured. Measured cold or after the plain render, they agree."""
    from briefgen.fitting.estimate import PageLayout, entry_heights, estimate
    from briefgen.fitting.measures import cached_measures
    from briefgen.fitting.search import fit_briefing
    from briefgen.pack.loading import load_pack, locate_pack

    template = default_template_dir() / DOCX_TEMPLATE
    pack, _ = load_pack(locate_pack(str(Path(__file__).resolve().parents[1] / "facts" / "hanoi-convention")))
    assert pack is not None
    for lang in ("vi", "en"):
        briefing = fit_briefing(pack, lang, ("numbers", "quotes", "positions", "summits"), False,
                                layout_for(template)).briefing
        cold = entry_heights(briefing, PageLayout(template, cached_measures(template)))
        warm_layout = PageLayout(template, cached_measures(template))
        estimate(briefing, warm_layout)
        warm = entry_heights(briefing, warm_layout)
        assert len(cold) > 10  # (a compact section is one paragraph: its first entry holds it)
        assert warm == cold
