"""`briefgen extract`: a draft pack from articles, every record unverified, every excerpt verbatim.

The fixture articles in tests/articles/ were written for these tests (fictional events): one
Vietnamese, one English, each with the page furniture real articles carry.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefgen.cli import cli

ARTICLES = Path(__file__).parent / "articles"
VI = ARTICLES / "vi-danang-du-lich.txt"
EN = ARTICLES / "en-lisbon-ocean.txt"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles (../shared/seeds) are not here")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def listed(pack: Path, kind: str) -> list[dict[str, object]]:
    result = run("list", str(pack), "--kind", kind, "--json")
    assert result.exit_code == 0, result.output
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records


def check_findings(pack: Path, sources: Path) -> list[dict[str, object]]:
    result = run("check", str(pack), "--sources", str(sources), "--json")
    assert result.exit_code == 0, result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    out = tmp_path / "draft"
    result = run("extract", str(VI), str(EN), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote draft pack {out}: ")
    return out


def test_the_draft_passes_check_with_no_structure_or_evidence_error(draft: Path) -> None:
    findings = check_findings(draft, ARTICLES)
    assert [f for f in findings if f["severity"] == "error"] == []
    # What is still to do is said, as warnings: untranslated texts, the outlet.
    assert {f["severity"] for f in findings} == {"warning"}
    assert any("TODO translate" in str(f["message"]) for f in findings)
    assert any("TODO outlet" in str(f["message"]) for f in findings)


def test_every_record_is_unverified_and_says_what_found_it(draft: Path) -> None:
    for kind in ("numbers", "quotes", "positions", "summits"):
        records = listed(draft, kind)
        assert records, kind
        for r in records:
            assert r["status"] == "unverified"
            assert str(r["note"]).startswith("Drafted by briefgen extract, not verified: ")


def test_every_excerpt_is_verbatim_from_its_article(draft: Path) -> None:
    texts = {"src-vi-danang-du-lich": " ".join(VI.read_text(encoding="utf-8").split()),
             "src-en-lisbon-ocean": " ".join(EN.read_text(encoding="utf-8").split())}
    count = 0
    for kind in ("numbers", "quotes", "positions", "summits"):
        for r in listed(draft, kind):
            for ev in r["evidence"]:  # type: ignore[attr-defined]
                assert ev["excerpt"] in texts[ev["source"]]
                count += 1
    assert count > 20


def test_sources_record_file_sha256_title_and_the_date_line(draft: Path) -> None:
    import hashlib

    sources = {s["id"]: s for s in listed(draft, "sources")}
    vi = sources["src-vi-danang-du-lich"]
    assert vi["file"] == VI.name
    assert vi["sha256"] == hashlib.sha256(VI.read_bytes()).hexdigest()
    assert vi["title"] == "Đà Nẵng khai mạc Diễn đàn Du lịch biển 2026"
    assert vi["published"] == "2026-04-20"  # from "08:15 20/04/2026"
    assert sources["src-en-lisbon-ocean"]["published"] == "2026-06-03"  # from "June 3, 2026"
    pack = (draft / "pack.yaml").read_text(encoding="utf-8")
    assert "languages: [vi, en]" in pack and "date: 2026-06-03" in pack


def numbers_of(pack: Path) -> dict[tuple[object, ...], dict[str, object]]:
    """(value, approx, currency, unit in the article's language) -> record."""
    def unit(r: dict[str, object]) -> object:
        texts = [t for t in (r.get("unit") or {}).values() if not t.startswith("TODO")]  # type: ignore[attr-defined]
        return texts[0] if texts else None

    return {(r["value"], r.get("approx", "exact"), r.get("currency"), unit(r)): r for r in listed(pack, "numbers")}


def test_figures_are_read_with_their_qualifier_unit_and_currency(draft: Path) -> None:
    found = numbers_of(draft)
    expected = {
        (1200, "more_than", None, "đại biểu"),  # hơn 1.200 đại biểu
        (25, "exact", None, "quốc gia"),  # hai mươi lăm quốc gia
        (11000000, "nearly", None, "lượt khách"),  # gần 11 triệu lượt khách
        (38500000000000, "about", "VND", None),  # khoảng 38.500 tỷ đồng
        (18, "exact", None, "%"),  # 18%
        (450000000000, "exact", "VND", None),  # 450 tỷ đồng
        (4, "exact", None, "đường bay"),
        (72, "exact", None, "countries"),  # Seventy-two countries
        (1800, "more_than", None, "delegates"),  # more than 1,800
        (6600000, "exact", "USD", None),  # USD 6.6 million
        (2300000, "exact", "USD", None),  # $2.3 million
        (40, "at_least", None, "ratifications"),  # at least 40
        (3500000, "about", None, "fishers"),  # some 3.5 million
        (42, "exact", None, "%"),
    }
    assert expected <= set(found)


def test_dates_times_ordinals_identifiers_years_and_phone_numbers_are_not_figures(draft: Path) -> None:
    values = {r["value"] for r in listed(draft, "numbers")}
    # 20/4, 08:15, lần thứ 2, số 1234/QĐ-UBND, 15/3/2025, 0236 3550 111, năm 2025, 2027, +351 21 394 6000,
    # room 12B, ATF-15; and nothing from the related-articles list (500.000 khách, 3 new reserves).
    for value in (20, 8, 15, 1234, 2025, 2026, 2027, 236, 3550, 111, 351, 21, 394, 6000, 12, 500000):
        assert value not in values, value
    assert not any(r["value"] == 3 and "reserves" in str(r["label"]) for r in listed(draft, "numbers"))


def test_two_figures_in_one_sentence_are_two_candidates_each_with_its_excerpt(draft: Path) -> None:
    found = numbers_of(draft)
    six = found[(6600000, "exact", "USD", None)]["evidence"][0]["excerpt"]  # type: ignore[index]
    two = found[(2300000, "exact", "USD", None)]["evidence"][0]["excerpt"]  # type: ignore[index]
    assert "6.6 million" in six and "$2.3 million" in two


def test_quotes_are_direct_only_inside_quotation_marks_with_the_speaker_resolved(draft: Path) -> None:
    people = {p["id"]: p for p in listed(draft, "people")}
    assert people["tran-minh-khoa"]["name"] == "Trần Minh Khoa"
    assert people["tran-minh-khoa"]["title"] == {"vi": "Phó Chủ tịch UBND thành phố",
                                                 "en": "TODO translate (vi): Phó Chủ tịch UBND thành phố"}
    assert people["ana-costa"]["title"]["en"] == "Foreign Minister"  # type: ignore[index]
    quotes = listed(draft, "quotes")
    by_text = {q["text"]: q for q in quotes}
    # `"...", ông Khoa nói.`: the speaker named by "ông" and his given name.
    khoa = by_text["Chúng tôi muốn mỗi du khách quay lại Đà Nẵng ít nhất một lần nữa"]
    assert (khoa["kind"], khoa["speaker"], khoa["lang"]) == ("direct", "tran-minh-khoa", "vi")
    # Two quotations in one paragraph: the second has the speaker of the first.
    assert by_text["We expect at least 40 ratifications by next year."]["speaker"] == "ana-costa"
    assert by_text["This is the most important ocean agreement in a generation"]["kind"] == "direct"
    # "Theo ông Khoa, ..." and "According to Costa, ...": paraphrases, never direct.
    paraphrases = {(q["speaker"], str(q["text"])[:20]) for q in quotes if q["kind"] == "paraphrase"}
    assert ("tran-minh-khoa", "thành phố đã đầu tư ") in paraphrases
    assert ("ana-costa", "some 3.5 million fis") in paraphrases
    for q in quotes:
        if q["kind"] == "direct":
            assert q["text"] in q["evidence"][0]["excerpt"]  # type: ignore[index]


def test_a_country_representative_makes_a_position_with_its_iso_code(draft: Path) -> None:
    positions = listed(draft, "positions")
    assert sorted(p["country"] for p in positions) == ["JP", "JP"]
    vi = next(p for p in positions if p["evidence"][0]["source"] == "src-vi-danang-du-lich")  # type: ignore[index]
    # "Đại diện Nhật Bản cho biết ..." then "Nhật Bản cũng cam kết ...": one position, two excerpts.
    assert len(vi["evidence"]) == 2  # type: ignore[arg-type]
    assert not any("Nhật Bản" in str(q["text"]) for q in listed(draft, "quotes"))


def test_summits_have_name_short_form_year_and_city(draft: Path) -> None:
    summits = {(s["year"], s.get("short")): s for s in listed(draft, "summits")}
    assert summits[(2012, "ATF-15")]["city"]["vi"] == "Đà Nẵng"  # type: ignore[index]
    assert summits[(2012, "ATF-15")]["name"]["vi"] == "Hội nghị Bộ trưởng Du lịch ASEAN lần thứ 15"  # type: ignore[index]
    assert (2017, "APEC") in summits
    assert summits[(2022, None)]["city"]["en"] == "Lisbon"  # type: ignore[index]
    assert (2017, None) in summits  # the 2017 Our Ocean Conference


def test_page_furniture_is_ignored(draft: Path) -> None:
    everything = json.dumps([listed(draft, k) for k in ("numbers", "quotes", "positions", "summits")],
                            ensure_ascii=False)
    for furniture in ("Ảnh: TTXVN", "Photo: Reuters", "Bảo Ngọc", "Reporting by", "Hội An đón",
                      "marine reserves", "Du khách tham quan"):
        assert furniture not in everything


def test_output_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = run("extract", str(VI), str(EN), "--out", str(tmp_path / name), "--id", "same")
        assert result.exit_code == 0, result.output
    for file in sorted(os.listdir(tmp_path / "a")):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


def test_a_pack_is_never_overwritten_without_force_and_a_copy_is_kept(draft: Path) -> None:
    before = {f: (draft / f).read_bytes() for f in os.listdir(draft)}
    (draft / "numbers.yaml").write_text("# edited by a fact-checker\n", encoding="utf-8")
    result = run("extract", str(VI), "--out", str(draft))
    assert result.exit_code == 2
    assert "already holds a pack" in result.stderr and "--force" in result.stderr
    assert (draft / "numbers.yaml").read_text(encoding="utf-8") == "# edited by a fact-checker\n"
    result = run("extract", str(VI), "--out", str(draft), "--force")
    assert result.exit_code == 0, result.output
    assert (draft / "numbers.yaml.bak").read_text(encoding="utf-8") == "# edited by a fact-checker\n"
    assert (draft / "pack.yaml.bak").read_bytes() == before["pack.yaml"]
    assert "kept the replaced files as" in result.stdout


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(lambda p: p.write_bytes("Hội nghị".encode("utf-16")), "UTF-16", id="utf-16"),
    pytest.param(lambda p: p.write_bytes(b"H\xf4i ngh\xef 72 qu\xf4c gia\n"), "not UTF-8 text", id="latin-1"),
    pytest.param(lambda p: p.write_bytes(b""), "the article is empty", id="empty"),
    pytest.param(lambda p: p.write_bytes(b"  \n\n "), "the article is empty", id="only-blanks"),
    pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a text file", id="binary"),
    pytest.param(lambda p: p.mkdir(), "is a folder", id="folder"),
    pytest.param(_fifo, "not a regular file", id="fifo"),
    pytest.param(lambda p: None, "cannot read the article", id="missing"),
    pytest.param(lambda p: p.write_text("Tin\n\nHội nghị có 30\x9b đoàn.\n", encoding="utf-8"), "bad.txt:3: not plain text",
                 id="c1-control"),
])
def test_unreadable_input_is_one_line_exit_2_and_nothing_written(tmp_path: Path, make: object, message: str) -> None:
    bad = tmp_path / "bad.txt"
    make(bad)  # type: ignore[operator]
    out = tmp_path / "draft"
    result = run("extract", str(VI), str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr and str(bad) in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_usage_errors(tmp_path: Path) -> None:
    assert run("extract", str(VI)).exit_code == 2  # neither --out nor --into
    result = run("extract", str(VI), "--out", str(tmp_path / "a"), "--into", str(tmp_path / "b"))
    assert result.exit_code == 2 and "exactly one of --out" in result.stderr
    result = run("extract", str(VI), "--out", str(tmp_path / "a"), "--id", "Not An Id")
    assert result.exit_code == 2 and "not a valid pack id" in result.stderr
    assert run("extract", "--out", str(tmp_path / "a")).exit_code == 2


def test_into_appends_only_new_candidates_without_touching_existing_bytes(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert run("extract", str(VI), "--out", str(pack)).exit_code == 0
    before = {f: (pack / f).read_bytes() for f in os.listdir(pack)}
    result = run("extract", str(VI), str(EN), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"added to {pack}: ")
    assert "registered source(s): src-en-lisbon-ocean" in result.stdout
    for name in ("numbers.yaml", "quotes.yaml", "people.yaml", "positions.yaml", "summits.yaml"):
        after = (pack / name).read_bytes()
        assert after.startswith(before[name]), name  # appended after the last byte
    pack_after = (pack / "pack.yaml").read_text(encoding="utf-8")
    old = before["pack.yaml"].decode("utf-8")
    assert pack_after.count("- id: src-") == 2
    # The new source is an insertion: taking it out gives back the old file byte for byte.
    start = pack_after.index("  - id: src-en-lisbon-ocean")
    end = pack_after.index("\n", pack_after.index("sha256:", start)) + 1
    assert pack_after[:start] + pack_after[end:] == old
    # Nothing the pack held is added again: the Vietnamese article's records appear once.
    numbers = listed(pack, "numbers")
    assert len([n for n in numbers if n["value"] == 1200]) == 1
    assert {n["value"] for n in numbers} >= {1200, 72, 6600000}
    assert [f for f in check_findings(pack, ARTICLES) if f["severity"] == "error"] == []
    # A second run with the same articles adds nothing at all.
    again = {f: (pack / f).read_bytes() for f in os.listdir(pack)}
    result = run("extract", str(VI), str(EN), "--into", str(pack))
    assert result.exit_code == 0, result.output
    assert "0 numbers, 0 quotes, 0 people, 0 positions, 0 summits" in result.stdout
    assert {f: (pack / f).read_bytes() for f in os.listdir(pack)} == again


def test_into_a_hand_written_pack_keeps_its_people_and_languages(tmp_path: Path) -> None:
    pack = tmp_path / "hanoi"
    shutil.copytree(REPO / "facts" / "hanoi-convention", pack)
    before = {f: (pack / f).read_bytes() for f in os.listdir(pack)}
    result = run("extract", str(VI), "--into", str(pack))
    assert result.exit_code == 0, result.output
    for name, data in before.items():
        if name != "pack.yaml":
            assert (pack / name).read_bytes().startswith(data), name
    quotes = [q for q in listed(pack, "quotes") if q["status"] == "unverified"]
    assert quotes and all(q["translations"]["en"].startswith("TODO translate (vi): ") for q in quotes)  # type: ignore[index]
    result = run("check", str(pack))
    assert result.exit_code == 0, result.output  # structure and references stay clean


def test_into_a_pack_with_errors_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert run("extract", str(VI), "--out", str(pack)).exit_code == 0
    (pack / "numbers.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    result = run("extract", str(EN), "--into", str(pack))
    assert result.exit_code == 2
    assert (pack / "numbers.yaml").read_text(encoding="utf-8") == "- id: Bad Id\n"


def test_a_draft_with_undated_articles_says_so_and_build_refuses_it(tmp_path: Path) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Hội nghị khai mạc\n\nBộ trưởng Lê Văn An cho biết hội nghị có hơn 300 đại biểu tham dự.\n",
                       encoding="utf-8")
    out = tmp_path / "draft"
    assert run("extract", str(article), "--out", str(out)).exit_code == 0
    findings = check_findings(out, tmp_path)
    messages = {(f["field"], f["severity"]) for f in findings}
    assert ("sources.published", "warning") in messages and ("as_of", "warning") in messages
    assert ("date", "warning") in messages
    assert "date: unknown" in (out / "pack.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(out), "--include-unverified", "--format", "md",
                                      "--out", str(tmp_path / "built")])
    assert result.exit_code == 2
    assert "date: unknown: a briefing needs its as-of date" in result.stderr


@needs_seeds
def test_the_five_seeds_give_a_draft_that_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    result = run("extract", *sorted(str(p) for p in SEEDS.glob("*.txt")), "--out", str(out))
    assert result.exit_code == 0, result.output
    findings = check_findings(out, SEEDS)
    assert [f for f in findings if f["severity"] == "error"] == []
    people = {p["name"] for p in listed(out, "people")}
    assert {"Nguyễn Minh Vũ", "Phạm Thế Tùng", "Lương Tam Quang", "Ghada Waly", "Urawadee Sriphiromya"} <= people
    assert {p["country"] for p in listed(out, "positions")} == {"CN", "MY", "ID", "JP", "KR", "GB", "CH"}
    assert {s.get("short") for s in listed(out, "summits")} >= {"ASEM-5", "APEC", "IPU-132", "GMS-6", "P4G"}


EDGES_VI = ARTICLES / "vi-an-ninh-mang.txt"
EDGES_EN = ARTICLES / "en-cyber-talks.txt"


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    out = tmp_path / "edges"
    result = run("extract", str(EDGES_VI), str(EDGES_EN), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [f for f in check_findings(out, ARTICLES) if f["severity"] == "error"] == []
    return out


def test_a_quotation_across_paragraphs_and_a_mixed_pair_is_one_direct_quote(edges: Path) -> None:
    direct = [q for q in listed(edges, "quotes") if q["kind"] == "direct"]
    vi = next(q for q in direct if q["lang"] == "vi")
    # `"Chúng tôi ... quốc tế.` ¶ `"Trong số đó ... năm trước”.`: straight quote opened, curly closed.
    assert str(vi["text"]).startswith("Chúng tôi đã tiếp nhận hơn 1.200 yêu cầu")
    assert str(vi["text"]).endswith("nhanh hơn nhiều so với năm trước")
    assert vi["speaker"] == "nguyen-van-binh"
    en = next(q for q in direct if q["lang"] == "en")
    assert str(en["text"]).endswith("far faster than before")  # `," Binh said.` after the second paragraph
    assert en["speaker"] == next(p["id"] for p in listed(edges, "people") if p["name"] == "Nguyen Van Binh")


def test_a_pull_quote_box_gives_its_speaker_to_the_paragraph_below(edges: Path) -> None:
    people = {p["name"]: p for p in listed(edges, "people")}
    assert people["Sarah Lindqvist"]["title"]["vi"] == "Giám đốc điều hành Quỹ Hợp tác số Bắc Âu"  # type: ignore[index]
    box = next(q for q in listed(edges, "quotes") if q["speaker"] == people["Sarah Lindqvist"]["id"])
    assert box["kind"] == "paraphrase"  # no quotation marks: never direct
    assert str(box["text"]).startswith("Quỹ sẽ tài trợ 2,5 triệu euro")


def test_the_issues_examples_of_what_is_not_a_figure(edges: Path) -> None:
    numbers = listed(edges, "numbers")
    values = sorted(r["value"] for r in numbers if r["evidence"][0]["source"] == "src-vi-an-ninh-mang")  # type: ignore[index]
    # lần thứ 5, 27-28/11, A05 (twice), 24/7, ASEM-5, P4G, lần thứ 4, năm 2004 / 2025, 568/TB-VPCP,
    # 06:19, 024 3825 1234 are not figures; these are:
    assert values == [2, 3, 37, 48, 64, 800, 1200, 2500000]
    euro = next(r for r in numbers if r["value"] == 2500000)
    assert euro["currency"] == "EUR"


def test_a_summit_short_form_with_a_digit_inside(edges: Path) -> None:
    assert {(s["year"], s.get("short")) for s in listed(edges, "summits")} == {(2004, "ASEM-5"), (2025, "P4G")}


def test_lang_overrides_detection(tmp_path: Path) -> None:
    out = tmp_path / "as-en"
    assert run("extract", str(VI), "--out", str(out), "--lang", "en").exit_code == 0
    assert all(s["lang"] == "en" for s in listed(out, "sources"))
    assert run("extract", str(VI), "--out", str(tmp_path / "x"), "--lang", "fr").exit_code == 2


def test_into_keeps_a_crlf_file_crlf(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert run("extract", str(VI), "--out", str(pack)).exit_code == 0
    for name in os.listdir(pack):
        data = (pack / name).read_bytes()
        (pack / name).write_bytes(data.replace(b"\n", b"\r\n"))
    before = (pack / "numbers.yaml").read_bytes()
    result = run("extract", str(EN), "--into", str(pack))
    assert result.exit_code == 0, result.output
    after = (pack / "numbers.yaml").read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    assert b"\n" not in (pack / "pack.yaml").read_bytes().replace(b"\r\n", b"")


def test_a_hostile_article_still_gives_a_draft_that_passes_check(tmp_path: Path) -> None:
    """Private-use characters, a line separator and a NEL inside the text: candidates whose
    excerpt would hold what a pack refuses are left out, the rest is drafted and checks clean."""
    article = tmp_path / "odd.txt"
    article.write_text("Tin \ue000nhanh\n\nBộ trưởng Lê Văn An cho biết hội nghị có hơn 300 \ue000đại biểu\u0085"
                       " tham dự.\n\nÔng An nhấn mạnh, 42 quốc gia đã\u2028 ký kết văn kiện trong hai ngày.\n",
                       encoding="utf-8")
    out = tmp_path / "draft"
    result = run("extract", str(article), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [f for f in check_findings(out, tmp_path) if f["severity"] == "error"] == []
    assert 42 in {r["value"] for r in listed(out, "numbers")}
    assert 300 not in {r["value"] for r in listed(out, "numbers")}  # its clause holds a private-use character
    assert "\ue000" not in (out / "pack.yaml").read_text(encoding="utf-8")
