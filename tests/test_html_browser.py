"""The HTML briefing in a real browser: headless Chromium prints it on one A4 page and lays it
out at a phone's width (390 CSS px) with nothing wider than the screen.

Skipped, with the reason printed, where Chromium is not installed (`.ci/run` installs Debian's
`chromium`). Each run has a fresh profile and every network feature off; the page itself may
load nothing (its Content-Security-Policy), so nothing leaves the machine. Screenshots are
kept under the test's tmp folder (printed) for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packgen import number, position, write_pack
from test_build_html import Page

from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars"]
PHONE = 390  # CSS px: a common phone's width

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")


def chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="briefgen-chromium-") as profile:
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              timeout=120, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Hanoi briefings, and a pack of long unbreakable words, built as HTML once."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(REPO / "facts" / "hanoi-convention", root / "facts" / "hanoi-convention")
    long_word = "Quốc-tế-hóa-" * 12 + "https://example.org/" + "a" * 90
    write_pack(root / "long", pack_id="long", numbers=[number("n", "2500", long_word, long_word)],
               positions=[position("p", "FR", long_word, long_word, points=[{"vi": long_word, "en": long_word}])],
               title=(long_word, long_word))
    runner = CliRunner()
    for args in (["hanoi-convention"], [str(root / "long")]):
        result = runner.invoke(cli, ["build", *args, "--format", "html", "--out", str(root / "out")])
        assert result.exit_code == 0, result.output
    return {p.name.removesuffix(".html"): p for p in (root / "out").glob("*.html")}


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chromium_prints_the_hanoi_briefing_on_one_a4_page_with_its_text_intact(
        pages: dict[str, Path], lang: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    page = pages[f"hanoi-convention.{lang}"]
    pdf = tmp_path / f"{page.stem}.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points
    printed = reader.pages[0].extract_text()
    # The CSS draws nested list items' "– " marker as text.
    expected = Page(page.read_text(encoding="utf-8"), nested_marker="\u2013 ").visible()
    assert _folded(printed) == expected
    assert unicodedata.normalize("NFC", printed) == printed
    if lang == "vi":
        assert "Lập trường các nước" in printed and "hơn 6,6 triệu USD" in printed


# A wrapper page (not the briefing) holds the briefing, unchanged, in a 390-px-wide frame and
# measures it: headless Chromium's window is at least 500 px wide, and the briefing's own policy
# rightly forbids scripts. A srcdoc frame shares the wrapper's origin, so its DOM can be read.
_WRAPPER = """<!DOCTYPE html>
<html><body style="margin:0; background:#888">
<iframe id="frame" width="{width}" height="{height}" style="border:0; display:block" srcdoc="{page}"></iframe>
<script>
document.getElementById("frame").addEventListener("load", (event) => {{
  const doc = event.target.contentDocument, view = event.target.contentWindow;
  let widest = doc.documentElement.scrollWidth, what = "HTML";
  for (const el of doc.querySelectorAll("body *")) {{
    const right = Math.ceil(el.getBoundingClientRect().right);
    if (right > widest) {{ widest = right; what = el.tagName; }}
  }}
  document.body.setAttribute("data-measure", `${{view.innerWidth}} ${{doc.documentElement.clientWidth}} ${{widest}} ${{what}}`);
}});
</script>
</body></html>
"""


def _measured(page: Path, folder: Path, height: int = 844) -> Path:
    import html

    wrapper = folder / f"measure-{height}-{page.name}"
    wrapper.write_text(_WRAPPER.format(width=PHONE, height=height,
                                       page=html.escape(page.read_text(encoding="utf-8"))), encoding="utf-8")
    return wrapper


def _png_size(png: Path) -> tuple[int, int]:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("stem", ["hanoi-convention.vi", "hanoi-convention.en", "long.vi"])
def test_at_a_phone_width_nothing_is_wider_than_the_screen(pages: dict[str, Path], stem: str,
                                                           tmp_path: Path) -> None:
    wrapper = _measured(pages[stem], tmp_path)
    dom = chromium("--window-size=800,900", "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri())
    found = re.search(r'data-measure="(\d+) (\d+) (\d+) (\w+)"', dom.stdout.decode("utf-8"))
    assert found is not None, "the measuring script did not run"
    viewport, client, widest = (int(found.group(n)) for n in (1, 2, 3))
    element = found.group(4)
    assert viewport == PHONE and client <= PHONE
    assert widest <= client, f"<{element.lower()}> reaches {widest} px on a {client} px wide screen"
    # For a person to look at: the briefing in its 390-px frame (left), the wrapper's grey beside it.
    shot = tmp_path / f"{stem}.{PHONE}px.png"
    chromium("--window-size=520,2000", f"--screenshot={shot}", _measured(pages[stem], tmp_path, 2000).as_uri())
    assert _png_size(shot) == (520, 2000)
    print(f"screenshot: {shot}")
