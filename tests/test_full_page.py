"""A full page: no record is left out that would have fit, and the Hanoi page keeps every summit."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_fitting_calibration import write_random_pack

from briefgen.briefing.sections import REASON_FIT, Briefing, choose_records, make_briefing
from briefgen.build import resolve_sections
from briefgen.cli import cli
from briefgen.fitting.estimate import fits, layout_for
from briefgen.fitting.search import fit_briefing
from briefgen.pack.loading import load_pack, locate_pack
from briefgen.pack.model import FactPack
from briefgen.render.templates import DOCX_TEMPLATE, default_template_dir

ROOT = Path(__file__).resolve().parents[1]
HANOI_SUMMITS = ("ASEM-5", "APEC", "IPU-132", "WEF ASEAN", "GMS-6", "2019", "2023", "P4G")


def with_record(pack: FactPack, briefing: Briefing, sections: tuple[str, ...], name: str) -> Briefing:
    """The briefing as fitted, plus one record it left out (same compact sections)."""
    chosen, left = choose_records(pack, sections, include_unverified=False)
    printed = {f"{e.kind}/{e.record_id}" for e in briefing.entries()} | {name}
    kept = {k: [r for r in rs if f"{k}/{r.id}" in printed] for k, rs in chosen.items()}
    compact = frozenset(s.key for s in briefing.sections if s.compact)
    return make_briefing(pack, briefing.lang, kept, left, compact=compact)


def packs(tmp_path: Path) -> list[FactPack]:
    out = []
    hanoi, _ = load_pack(locate_pack(str(ROOT / "facts" / "hanoi-convention")))
    assert hanoi is not None
    out.append(hanoi)
    rng = random.Random(1126)
    for n in range(4):
        write_random_pack(tmp_path / f"syn-{n}", rng, n)
        pack, issues = load_pack(locate_pack(str(tmp_path / f"syn-{n}")))
        assert pack is not None, [i.render() for i in issues]
        out.append(pack)
    return out


def test_no_record_left_out_for_space_would_have_fit(tmp_path: Path) -> None:
    layout = layout_for(default_template_dir() / DOCX_TEMPLATE)
    tried = 0
    for pack in packs(tmp_path):
        sections = resolve_sections(pack, None, None)
        for lang in pack.pack.languages:
            briefing = fit_briefing(pack, lang, sections, False, layout).briefing
            assert fits(briefing, layout)
            for left in briefing.left_out:
                if left.reason != REASON_FIT:
                    continue
                name = f"{left.kind}/{left.record_id}"
                assert not fits(with_record(pack, briefing, sections, name), layout), (pack.pack.id, lang, name)
                tried += 1
    assert tried > 100  # the packs hold far more than a page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: the page "
                    "count needs a real layout engine (sudo apt-get install libreoffice-writer-nogui)")
def test_the_hanoi_briefing_prints_all_eight_summits_on_one_page_in_both_languages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "facts" / "hanoi-convention"), "--format", "md,docx,pdf",
                                      "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "LibreOffice needed" not in result.stderr  # the estimate alone was right
    for lang in ("vi", "en"):
        md = (out / f"hanoi-convention.{lang}.md").read_text(encoding="utf-8")
        summits = md.split("\n## ")[4]
        assert all(short in summits for short in HANOI_SUMMITS), summits
        assert summits.count(" · ") == 7
        assert len(PdfReader(out / f"hanoi-convention.{lang}.pdf").pages) == 1
