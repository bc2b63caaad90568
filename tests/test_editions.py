"""Editions: the audit record of each briefing, `diff` between editions, `build --since` marks.

The story of the issue: the Hanoi briefing goes out in the morning; by the evening one figure
has firmed up, a quote was added and a number is disputed. The pack lives in git, so
`diff hanoi@HEAD~1 hanoi` and a diff of the two editions' audit records must both say exactly that.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

HANOI = Path(__file__).resolve().parent.parent / "facts" / "hanoi-convention"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

NEW_QUOTE = """
- id: q-vu-info-sharing
  speaker: nguyen-minh-vu
  kind: direct
  lang: vi
  text: "các quốc gia sẽ tăng cường chia sẻ thông tin 24/7"
  translations:
    en: "countries will step up information sharing around the clock"
  said_on: 2025-10-26
  status: verified
  verified_by: "evening desk"
  verified_on: 2026-11-23
  priority: 1
  evidence:
    - source: s000-closing-presser
      excerpt: "các quốc gia sẽ tăng cường chia sẻ thông tin 24/7"
"""


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Desk", "-c", "user.email=desk@example.org",
                           *args], capture_output=True, text=True, check=True)
    return done.stdout


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def evening_edits(pack: Path) -> None:
    """A value firms up, a quote is added, a number is disputed."""
    numbers = pack / "numbers.yaml"
    replace_once(numbers, "- id: delegates\n  measure: delegates\n  value: 2500\n",
                 "- id: delegates\n  measure: delegates\n  value: 2600\n")
    text = numbers.read_text(encoding="utf-8")
    start = text.index("- id: organisations\n")
    at = text.index("  status: verified\n", start)
    numbers.write_text(text[:at] + "  status: disputed\n" + text[at + len("  status: verified\n"):], encoding="utf-8")
    with open(pack / "quotes.yaml", "a", encoding="utf-8") as handle:
        handle.write(NEW_QUOTE)


@pytest.fixture
def editions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as a git repository: `hanoi` committed as the morning's pack, then the evening's;
    the morning built into `morning/`, the evening into `evening/`."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(HANOI, tmp_path / "hanoi")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "hanoi")
    git(tmp_path, "commit", "-q", "-m", "morning edition")
    assert run("build", "hanoi", "--format", "md", "--out", "morning").exit_code == 0
    evening_edits(tmp_path / "hanoi")
    git(tmp_path, "commit", "-q", "-a", "-m", "evening edition")
    assert run("build", "hanoi", "--format", "md", "--out", "evening").exit_code == 0
    return tmp_path


EVENING_EN = """\
en: 5 change(s)
  numbers/delegates: more than 2,500 delegates → more than 2,600 delegates
  quotes/q-vu-info-sharing: added (verified): Nguyễn Minh Vũ: “countries will step up information sharing around the clock”
  quotes/q-vu-info-sharing: now prints (new record)
  numbers/organisations: status: verified → disputed
  numbers/organisations: no longer prints: not verified (disputed; never printed)
"""
# The line the disputed number frees holds the new quote: in both languages the page keeps every
# other record it printed in the morning, so exactly the three edits show.
EVENING_VI = """\
vi: 5 change(s)
  numbers/delegates: hơn 2.500 đại biểu → hơn 2.600 đại biểu
  quotes/q-vu-info-sharing: added (verified): Nguyễn Minh Vũ: “các quốc gia sẽ tăng cường chia sẻ thông tin 24/7”
  quotes/q-vu-info-sharing: now prints (new record)
  numbers/organisations: status: verified → disputed
  numbers/organisations: no longer prints: not verified (disputed; never printed)
"""


def test_diff_of_a_git_revision_and_the_pack_says_exactly_what_changed(editions: Path) -> None:
    result = run("diff", "hanoi@HEAD~1", "hanoi")
    assert result.exit_code == 1, result.output
    assert result.output == "hanoi@HEAD~1 → hanoi\n" + EVENING_VI + EVENING_EN


@pytest.mark.parametrize(("lang", "expected"), [("vi", EVENING_VI), ("en", EVENING_EN)])
def test_diff_of_two_audit_records_says_the_same(editions: Path, lang: str, expected: str) -> None:
    old, new = f"morning/hanoi-convention.{lang}.audit.json", f"evening/hanoi-convention.{lang}.audit.json"
    result = run("diff", old, new)
    assert result.exit_code == 1, result.output
    assert result.output == f"{old} → {new}\n" + expected


def test_diff_lang_picks_one_language_and_json_carries_each_change(editions: Path) -> None:
    assert run("diff", "hanoi@HEAD~1", "hanoi", "--lang", "en").output == "hanoi@HEAD~1 → hanoi\n" + EVENING_EN
    data = json.loads(run("diff", "hanoi@HEAD~1", "hanoi", "--json").output)
    assert data["same"] is False and list(data["languages"]) == ["vi", "en"]
    first = data["languages"]["en"][0]
    assert first == {"record": "numbers/delegates", "kind": "numbers", "id": "delegates", "change": "changed",
                     "field": "quantity", "old": "more than 2,500 delegates", "new": "more than 2,600 delegates",
                     "status": "", "reason": "",
                     "text": "numbers/delegates: more than 2,500 delegates → more than 2,600 delegates"}
    assert [c["text"] for c in data["languages"]["en"]] == [line[2:] for line in EVENING_EN.splitlines()[1:]]


def test_diff_of_unchanged_editions_exits_0(editions: Path) -> None:
    result = run("diff", "hanoi@HEAD", "hanoi")
    assert (result.exit_code, result.output) == (0, "hanoi@HEAD → hanoi\nvi: no changes\nen: no changes\n")
    same = run("diff", "evening/hanoi-convention.vi.audit.json", "hanoi", "--lang", "vi")
    assert same.exit_code == 0, same.output


def test_a_new_verification_and_new_evidence_are_changes_too(editions: Path) -> None:
    numbers = editions / "hanoi" / "numbers.yaml"
    replace_once(numbers, """      excerpt: "150 tổ chức quốc tế, khu vực và tư nhân"\n""",
                 """      excerpt: "150 tổ chức quốc tế, khu vực và tư nhân"\n"""
                 """    - source: s004-minister-quang\n      excerpt: "hơn 100 tổ chức quốc tế"\n""")
    text = numbers.read_text(encoding="utf-8")
    start = text.index("- id: organisations\n")
    at = text.index('  verified_by: "briefgen fact desk"\n  verified_on: 2026-11-22\n', start)
    numbers.write_text(text[:at] + '  verified_by: "evening desk"\n  verified_on: 2026-11-23\n'
                       + text[at + len('  verified_by: "briefgen fact desk"\n  verified_on: 2026-11-22\n'):],
                       encoding="utf-8")
    result = run("diff", "hanoi@HEAD", "hanoi", "--lang", "en")
    assert result.output.splitlines()[1:] == [
        "en: 2 change(s)",
        "  numbers/organisations: verified: briefgen fact desk, 2026-11-22 → evening desk, 2026-11-23",
        "  numbers/organisations: evidence: s000-closing-presser “150 tổ chức quốc tế, khu vực và tư nhân” → "
        "s000-closing-presser “150 tổ chức quốc tế, khu vực và tư nhân”; s004-minister-quang “hơn 100 tổ chức quốc tế”",
    ]


def test_a_paraphrase_is_never_shown_in_quotation_marks(editions: Path) -> None:
    quotes = editions / "hanoi" / "quotes.yaml"
    replace_once(quotes, "trao đổi thông tin 24/7:", "trao đổi thông tin suốt ngày đêm:")
    result = run("diff", "hanoi@HEAD", "hanoi", "--lang", "vi")
    assert "  quotes/q-vu-24-7: words: Một điều khoản rất quan trọng của Công ước là các nước tăng cường trao đổi " \
           "thông tin 24/7: đầu mối" in result.output
    assert "“Một điều khoản" not in result.output


def test_audit_records_are_byte_identical_across_builds_and_hash_their_inputs(editions: Path) -> None:
    assert run("build", "hanoi", "--format", "md", "--out", "again").exit_code == 0
    for lang in ("vi", "en"):
        name = f"hanoi-convention.{lang}.audit.json"
        assert (editions / "again" / name).read_bytes() == (editions / "evening" / name).read_bytes()
        audit = json.loads((editions / "evening" / name).read_text(encoding="utf-8"))
        pack_files = {f["file"]: f["sha256"] for f in audit["inputs"]["pack_files"]}
        assert pack_files == {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                              for p in (editions / "hanoi").glob("*.yaml")}
        assert audit["inputs"]["templates"] == [
            {"file": "briefing.md.j2", "builtin": True,
             "sha256": hashlib.sha256((TEMPLATES / "briefing.md.j2").read_bytes()).hexdigest()},
            {"file": "briefing.docx", "builtin": True,
             "sha256": hashlib.sha256((TEMPLATES / "briefing.docx").read_bytes()).hexdigest()}]
        md = f"hanoi-convention.{lang}.md"
        assert audit["outputs"] == [{"file": md,
                                     "sha256": hashlib.sha256((editions / "evening" / md).read_bytes()).hexdigest()}]
        assert audit["options"]["sections"] == ["numbers", "quotes", "positions", "summits"]
        manifest = json.loads((editions / "evening" / ".briefgen-manifest.json").read_text())
        assert manifest["files"][name] == hashlib.sha256((editions / "evening" / name).read_bytes()).hexdigest()


def test_the_audit_record_says_what_printed_in_page_order_and_on_what_basis(editions: Path) -> None:
    audit = json.loads((editions / "evening" / "hanoi-convention.en.audit.json").read_text(encoding="utf-8"))
    md = (editions / "evening" / "hanoi-convention.en.md").read_text(encoding="utf-8").replace("**", "")
    # The Markdown's text as a reader sees it: its escapes (`&#39;`, `\.`) read back.
    md = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", html.unescape(md))
    printed = audit["printed"]
    # Page order: each printed paragraph is in the Markdown (bold aside), after the one before it.
    at = 0
    for item in printed:
        found = md.find(item["printed"][0], at)
        assert found >= at, item["id"]
        at = found
    quote = next(i for i in printed if i["id"] == "q-vu-info-sharing")
    assert quote["printed"] == ["“countries will step up information sharing around the clock” (translated) — "
                                "Nguyễn Minh Vũ"]
    assert (quote["status"], quote["verified_by"], quote["verified_on"]) == ("verified", "evening desk", "2026-11-23")
    excerpt = "các quốc gia sẽ tăng cường chia sẻ thông tin 24/7"
    assert quote["evidence"] == [{
        "source": "s000-closing-presser",
        "title": {"vi": "Họp báo bế mạc Lễ mở ký Công ước Hà Nội",
                  "en": "Closing press conference, Hanoi Convention signing"},
        "outlet": None, "published": "2025-10-26", "url": None, "excerpt": excerpt,
        "excerpt_sha256": hashlib.sha256(excerpt.encode("utf-8")).hexdigest()}]
    left = {f"{i['kind']}/{i['id']}": i["reason"] for i in audit["left_out"]}
    assert left["numbers/organisations"] == "not verified (disputed; never printed)"
    assert left["numbers/research-bodies"] == "did not fit on one page"
    every = {f"{i['kind']}/{i['id']}" for i in printed} | set(left)
    records = sum((editions / "hanoi" / f"{kind}.yaml").read_text(encoding="utf-8").count("\n- id: ")
                  for kind in ("numbers", "quotes", "positions", "summits"))
    assert len(every) == len(printed) + len(left) == records  # every record but the people, once


def test_build_since_marks_new_and_updated_records(editions: Path) -> None:
    result = run("build", "hanoi", "--format", "md", "--out", "marked", "--since", "hanoi@HEAD~1")
    assert result.exit_code == 0, result.output
    en = (editions / "marked" / "hanoi-convention.en.md").read_text(encoding="utf-8")
    vi = (editions / "marked" / "hanoi-convention.vi.md").read_text(encoding="utf-8")
    assert "- **more than 2,600 delegates** — attended over the two days **(updated)**\n" in en
    assert "- **hơn 2.600 đại biểu** — dự Lễ mở ký trong hai ngày **(cập nhật)**\n" in vi
    assert "“countries will step up information sharing around the clock” (translated) — Nguyễn Minh Vũ **(new)**\n" in en
    assert "“các quốc gia sẽ tăng cường chia sẻ thông tin 24/7” — Nguyễn Minh Vũ **(mới)**\n" in vi
    assert en.count("**(new)**") == 1 and en.count("**(updated)**") == 1
    assert ("hanoi-convention.en: changed since hanoi@HEAD~1: 1 new (quotes/q-vu-info-sharing), "
            "1 updated (numbers/delegates), 1 no longer printed (numbers/organisations)"
            ) in result.stderr
    audit = json.loads((editions / "marked" / "hanoi-convention.en.audit.json").read_text(encoding="utf-8"))
    assert audit["options"]["since"] == "hanoi@HEAD~1"
    assert {i["id"]: i.get("mark") for i in audit["printed"] if "mark" in i} == {
        "delegates": "updated", "q-vu-info-sharing": "new"}
    word = run("build", "hanoi", "--format", "docx", "--out", "marked-docx", "--since", "hanoi@HEAD~1", "--lang", "vi")
    assert word.exit_code == 0, word.output
    from docx import Document

    paragraphs = [p.text for p in Document(str(editions / "marked-docx" / "hanoi-convention.vi.docx")).paragraphs]
    assert "hơn 2.600 đại biểu — dự Lễ mở ký trong hai ngày (cập nhật)" in paragraphs
    assert "“các quốc gia sẽ tăng cường chia sẻ thông tin 24/7” — Nguyễn Minh Vũ (mới)" in paragraphs
    # An audit record works as the earlier edition too, and the same edition marks nothing.
    again = run("build", "hanoi", "--format", "md", "--out", "same", "--since",
                "evening/hanoi-convention.en.audit.json", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert (editions / "same" / "hanoi-convention.en.md").read_bytes() == \
        (editions / "evening" / "hanoi-convention.en.md").read_bytes()


def test_since_refuses_several_packs_and_marks_nothing_for_another_pack(editions: Path) -> None:
    shutil.copytree(editions / "hanoi", editions / "other")
    replace_once(editions / "other" / "pack.yaml", "id: hanoi-convention\n", "id: other-event\n")
    several = run("build", "hanoi", "other", "--since", "hanoi@HEAD~1")
    assert several.exit_code == 2 and "--since compares one pack" in several.output
    other = run("build", "other", "--format", "md", "--out", "other-out", "--since", "hanoi@HEAD~1", "--lang", "en")
    assert other.exit_code == 0, other.output
    assert ("other-event.en: since hanoi@HEAD~1: that is an edition of 'hanoi-convention', not 'other-event'; "
            "nothing marked") in other.stderr
    assert "**(new)**" not in (editions / "other-out" / "other-event.en.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["hanoi@no-such-rev", "hanoi"], "Error: hanoi@no-such-rev: no such revision 'no-such-rev'"),
    (["hanoi@--output=x", "hanoi"], "Error: hanoi@--output=x: '--output=x' is not a git revision"),
    (["nowhere@HEAD", "hanoi"], "Error: nowhere: no such pack (no folder 'nowhere', no 'facts/nowhere')"),
    (["broken.json", "hanoi"], "Error: broken.json:2: audit: not valid JSON (Expecting value)"),
    (["other.json", "hanoi"], 'Error: other.json: not a briefgen audit record (no "audit": "briefgen audit record" field)'),
    (["hanoi", "hanoi", "--lang", "fr"], None),
    (["typed.json", "hanoi"], "Error: typed.json: not a briefgen audit record (printed[0].id is not text)"),
    (["deep.json", "hanoi"], "Error: deep.json: audit: nested too deeply"),
    (["latin1.json", "hanoi"], "Error: latin1.json: not UTF-8 text, so not an audit record"),
    (["missing.audit.json", "hanoi"], "Error: missing.audit.json: no such audit record "
                                      "(a side is an audit record, a pack or PACK@REV)"),
])
def test_trouble_is_one_line_and_exit_2(editions: Path, args: list[str], message: str | None) -> None:
    (editions / "broken.json").write_text('{\n  "audit": ,\n}\n')
    (editions / "other.json").write_text('{"files": {}}\n')
    (editions / "typed.json").write_text(json.dumps({"audit": "briefgen audit record", "lang": "en", "left_out": [],
                                                     "printed": [{"kind": "numbers", "id": 7, "status": "x"}]}))
    (editions / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (editions / "latin1.json").write_bytes('{"audit": "Hà Nam"}'.encode("latin-1"))
    result = run("diff", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if message is not None:
        assert result.stderr.splitlines() == [message]


def test_a_symbolic_link_in_the_git_revision_is_refused(editions: Path) -> None:
    pack = editions / "hanoi"
    (pack / "people.yaml").unlink()
    (pack / "people.yaml").symlink_to("/etc/passwd")
    git(editions, "commit", "-q", "-a", "-m", "a link")
    result = run("diff", "hanoi@HEAD", "hanoi@HEAD~1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: hanoi@HEAD: people.yaml: not a regular file in git (mode 120000); not followed"]


def test_diff_of_an_edited_markdown_copy_and_the_new_build_is_a_unified_diff(editions: Path) -> None:
    kept = editions / "kept.en.md"
    built = editions / "evening" / "hanoi-convention.en.md"
    kept.write_text(built.read_text(encoding="utf-8").replace("**72 countries**", "**72 states**"), encoding="utf-8")
    result = run("diff", "kept.en.md", "evening/hanoi-convention.en.md")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[:3] == ["kept.en.md → evening/hanoi-convention.en.md", "--- kept.en.md",
                         "+++ evening/hanoi-convention.en.md"]
    changed = [line for line in lines[3:] if line[:1] in "+-"]
    assert changed == ["-- **72 states** — signed the Convention over the two days of the ceremony (25–26 October)",
                       "+- **72 countries** — signed the Convention over the two days of the ceremony (25–26 October)"]
    same = run("diff", "evening/hanoi-convention.en.md", "evening/hanoi-convention.en.md")
    assert (same.exit_code, same.output.splitlines()[1]) == (0, "no changes")


def test_diff_of_two_word_files_compares_their_paragraphs(editions: Path) -> None:
    from docx import Document

    assert run("build", "hanoi", "--format", "docx", "--out", "word", "--lang", "vi").exit_code == 0
    document = Document(str(editions / "word" / "hanoi-convention.vi.docx"))
    document.paragraphs[0].runs[0].text = "Công ước Hà Nội"  # an editor retitles the briefing
    document.save(str(editions / "kept.vi.docx"))
    result = run("diff", "kept.vi.docx", "word/hanoi-convention.vi.docx", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["same"] is False
    changed = [line for line in data["diff"][2:] if line[:1] in "+-"]
    assert changed == ["-Công ước Hà Nội",
                       "+Lễ mở ký Công ước của Liên Hợp Quốc về chống tội phạm mạng (Công ước Hà Nội)"]
    (editions / "fake.docx").write_bytes(b"not a zip")
    bad = run("diff", "fake.docx", "word/hanoi-convention.vi.docx")
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == ["Error: fake.docx: not a Word document (File is not a zip file)"]
    mixed = run("diff", "kept.vi.docx", "evening/hanoi-convention.vi.md")
    assert mixed.exit_code == 2


def test_the_html_page_shows_the_same_marks_and_its_template_is_in_the_audit(editions: Path) -> None:
    result = run("build", "hanoi", "--format", "html", "--out", "web", "--since", "hanoi@HEAD~1", "--lang", "en")
    assert result.exit_code == 0, result.output
    page = (editions / "web" / "hanoi-convention.en.html").read_text(encoding="utf-8")
    assert ('<strong>more than 2,600 delegates</strong> — attended over the two days '
            '<strong class="mark">(updated)</strong></li>') in page
    assert page.count('class="mark">(new)<') == 1 and page.count('class="mark">') == 2
    audit = json.loads((editions / "web" / "hanoi-convention.en.audit.json").read_text(encoding="utf-8"))
    assert [t["file"] for t in audit["inputs"]["templates"]] == ["briefing.html.j2", "briefing.docx"]
    assert [o["file"] for o in audit["outputs"]] == ["hanoi-convention.en.html"]
