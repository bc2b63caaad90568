"""Hostile and unlucky files around a build: kept edits, a save during a build, templates that reach
out, LibreOffice's pipe and leftovers. (One-line refusals of bad files are in test_bad_inputs.py.)"""
from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from packgen import number, quote, write_pack

import briefgen.io.output
from briefgen.cli import cli

REPO = Path(__file__).resolve().parents[1]
EDITS = ".briefgen-edits"
NEEDS_OFFICE = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice (soffice) is not installed: PDF builds cannot run")


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pack = write_pack(tmp_path / "demo", numbers=[number("n", "5", "năm mục", "five items")],
                      quotes=[quote("q", "Phiên bản một.", "Version one.")])
    monkeypatch.chdir(tmp_path)
    return pack


def build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", "demo", "--lang", "vi", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def edit_pack(pack: Path, old: str, new: str) -> None:
    path = pack / "quotes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# --- --force keeps what an editor wrote (issue 15, item 5) -------------------------------------------------

def test_force_keeps_edited_md_and_docx_and_the_report_names_the_copies(demo: Path) -> None:
    assert build()[0] == 0
    out = demo.parent / "out"
    edited = {"demo.vi.md": b"# my edits\n", "demo.vi.docx": b"PK edited by Word"}
    when = 1761473700  # 2025-10-26 10:15:00 UTC
    for name, data in edited.items():
        (out / name).write_bytes(data)
        os.utime(out / name, (when, when))
    code, _, err = build()
    assert code == 1 and "use --force to replace it" in err
    code, _, err = build("--force")
    assert code == 0
    kept = {"demo.vi.md": "demo.vi.20251026T101500Z.md", "demo.vi.docx": "demo.vi.20251026T101500Z.docx"}
    for name, copy in kept.items():
        assert (out / EDITS / copy).read_bytes() == edited[name]
        assert f"kept the edited out/{name} as out/{EDITS}/{copy}" in err.splitlines()
        assert (out / name).read_bytes() != edited[name]  # replaced by the new build
    # The same edit again, saved in the same second: a second copy, the first never overwritten.
    (out / "demo.vi.md").write_bytes(b"# my edits, again\n")
    os.utime(out / "demo.vi.md", (when, when))
    code, _, err = build("--force")
    assert code == 0
    assert f"kept the edited out/demo.vi.md as out/{EDITS}/demo.vi.20251026T101500Z-2.md" in err.splitlines()
    assert (out / EDITS / "demo.vi.20251026T101500Z.md").read_bytes() == b"# my edits\n"
    assert (out / EDITS / "demo.vi.20251026T101500Z-2.md").read_bytes() == b"# my edits, again\n"
    # An unedited output is replaced without a copy.
    edit_pack(demo, "Phiên bản một.", "Phiên bản hai.")
    code, _, err = build("--force")
    assert code == 0 and "kept" not in err
    assert len(os.listdir(out / EDITS)) == 3


def test_a_kept_edits_folder_that_is_a_link_is_refused_and_nothing_replaced(demo: Path, tmp_path: Path) -> None:
    assert build()[0] == 0
    out = demo.parent / "out"
    (tmp_path / "elsewhere").mkdir()
    (out / EDITS).symlink_to(tmp_path / "elsewhere")
    (out / "demo.vi.md").write_bytes(b"# my edits\n")
    code, _, err = build("--force")
    assert code == 2
    assert err.splitlines() == [f"Error: out/{EDITS}: is not a folder; briefgen never follows a link or writes "
                                "through a folder or pipe for its own files in the output folder: remove it"]
    assert (out / "demo.vi.md").read_bytes() == b"# my edits\n"
    assert os.listdir(tmp_path / "elsewhere") == []


# --- an editor saves while the build writes ----------------------------------------------------------------

def test_an_output_saved_during_the_write_is_never_replaced(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The save lands after the edit check and after the temp files are written: the last moment before
    the renames. The build must notice it, replace nothing, and leave no temp file."""
    assert build()[0] == 0
    out = demo.parent / "out"
    edit_pack(demo, "Phiên bản một.", "Phiên bản hai.")
    manifest = (out / ".briefgen-manifest.json").read_bytes()
    before = {name: (out / name).read_bytes() for name in ("demo.vi.md", "demo.vi.docx")}
    real_stage = briefgen.io.output.stage

    def stage_then_editor_saves(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
        staged = real_stage(folder, files)
        if "demo.vi.md" in files:
            (folder / "demo.vi.md").write_bytes(b"# saved by an editor just now\n")
        return staged

    monkeypatch.setattr(briefgen.io.output, "stage", stage_then_editor_saves)
    for force in ([], ["--force"]):
        code, _, err = build(*force)
        assert code == 1
        assert err.splitlines() == ["Error: out/demo.vi.md: changed while briefgen was writing (saved by an "
                                    "editor?); nothing was replaced: build again"]
        assert (out / "demo.vi.md").read_bytes() == b"# saved by an editor just now\n"
        assert (out / "demo.vi.docx").read_bytes() == before["demo.vi.docx"]  # every file or none
        assert (out / ".briefgen-manifest.json").read_bytes() == manifest
        assert not [p for p in out.iterdir() if p.name.startswith(".briefgen-tmp-")]
        (out / "demo.vi.md").write_bytes(before["demo.vi.md"])


# --- Word templates that reach outside themselves ------------------------------------------------------------

IMAGE_REL = ('<Relationship Id="rIdHostile" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/image" Target="{target}" TargetMode="External"/>')
LINKED_PICTURE = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="914400"/>'
    '<wp:docPr id="900" name="linked"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="900" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdHostile"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
INCLUDE_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                 'INCLUDEPICTURE "{target}" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
                 '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def hostile_template(folder: Path, image: str, field: str) -> Path:
    """The built-in Word template with a picture linked to `image` and an INCLUDEPICTURE of `field`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    with zipfile.ZipFile(REPO / "templates" / "briefing.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename).decode("utf-8") if info.filename.endswith((".xml", ".rels")) else None
            if info.filename == "word/_rels/document.xml.rels":
                assert data is not None
                data = data.replace("</Relationships>", IMAGE_REL.format(target=image) + "</Relationships>")
            elif info.filename == "word/document.xml":
                assert data is not None
                head = '<w:t xml:space="preserve">{{ b.title }}</w:t></w:r>'
                assert head in data
                data = data.replace(head, head + LINKED_PICTURE + INCLUDE_FIELD.format(target=field), 1)
            dst.writestr(info, src.read(info.filename) if data is None else data.encode("utf-8"))
    (folder / "briefing.docx").write_bytes(out.getvalue())
    return folder / "briefing.docx"


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def image_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 serving a PNG, recording every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def removal_warnings(template: str, image: str, field: str) -> list[str]:
    note = "a template may not reach outside itself (no network, no other file); embed pictures instead"
    return [f"{template}:1: template: warning: removed a linked image ({image}) from "
            f"word/_rels/document.xml.rels: {note}",
            f"{template}:1: template: warning: removed a INCLUDEPICTURE field (INCLUDEPICTURE \"{field}\" \\d) "
            f"from word/document.xml: {note}"]


def test_linked_pictures_and_fields_are_removed_before_anything_reads_them(demo: Path, tmp_path: Path) -> None:
    private = tmp_path / "private.png"
    private.write_bytes(PNG)
    image, field = private.as_uri(), "../private.png"
    hostile_template(tmp_path / "tpl", image, field)
    code, _, err = build("--template", "tpl", "--format", "docx")
    assert code == 0, err
    assert err.splitlines() == removal_warnings("tpl/briefing.docx", image, field)
    with zipfile.ZipFile(demo.parent / "out" / "demo.vi.docx") as docx:
        everything = b"".join(docx.read(n) for n in docx.namelist())
    assert b"private.png" not in everything and b"External" not in everything
    assert b"INCLUDEPICTURE" not in everything


@NEEDS_OFFICE
def test_a_pdf_build_with_a_template_linking_a_web_image_makes_no_request(demo: Path, tmp_path: Path,
                                                                         image_server: tuple[str, list[str]]) -> None:
    base, requests = image_server
    image, field = f"{base}/x.png", f"{base}/field.png"
    hostile_template(tmp_path / "tpl", image, field)
    code, stdout, err = build("--template", "tpl", "--format", "pdf")
    assert code == 0, err
    assert err.splitlines() == removal_warnings("tpl/briefing.docx", image, field)
    assert "wrote out/demo.vi.pdf" in stdout
    time.sleep(0.5)  # a request LibreOffice might still make after writing would arrive by now
    assert requests == []


def test_the_network_prefix_is_a_namespace_where_the_system_allows_one() -> None:
    from briefgen.render.office import offline

    prefix = offline()
    if not prefix:
        pytest.skip("this system allows no network namespace (unshare -n / -rn): LibreOffice runs with the "
                    "network, templates are still stripped of links")
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            "import socket; s = socket.socket(); s.settimeout(2); "
                            "print(s.connect_ex(('127.0.0.1', 9)))"], capture_output=True, text=True, timeout=30)
    # In a namespace of its own even the loopback is down: connecting fails at once.
    assert probe.returncode == 0 and probe.stdout.strip() != "0"


# --- LibreOffice's pipe and the leftovers of killed builds -----------------------------------------------------

@NEEDS_OFFICE
def test_the_pipe_is_looked_for_where_libreoffice_makes_it_whatever_tmpdir_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from briefgen.render.office import pipe_paths
    from briefgen.render.pdf import LibreOffice

    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    office = LibreOffice()
    try:
        assert office.work.parent == tmp_path / "tmp"
        office.start()
        office._wait_until_listening()
        made = [p for p in pipe_paths(office.profile) if p.exists()]
        assert made, f"LibreOffice made no pipe where briefgen looks ({pipe_paths(office.profile)})"
        assert made[0].lstat().st_ctime_ns >= office.started_ns - 50_000_000
    finally:
        office.close()
    assert not office.work.exists()


def office_processes(home_in: Path) -> list[int]:
    """Processes started with HOME inside `home_in` (the LibreOffice of a build whose TMPDIR it is)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(v.startswith(f"HOME={home_in}/".encode()) for v in environ):
            found.append(int(entry.name))
    return found


@NEEDS_OFFICE
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_pdf_build_leaves_no_folder_and_no_libreoffice(demo: Path, tmp_path: Path, how: int) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), XDG_CACHE_HOME=str(tmp_path / "cache"))
    command = [sys.executable, "-m", "briefgen", "build", str(demo), "--lang", "vi", "--format", "pdf",
               "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not office_processes(tmp) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the build finished before LibreOffice could be seen running")
    proc.send_signal(how)
    proc.wait(timeout=180)  # its clean-up stops LibreOffice (up to 10 s); a loaded CI machine is slow
    if how == signal.SIGTERM:  # its own clean-up ran
        assert proc.returncode == 128 + signal.SIGTERM
    else:  # nothing could run: its folder is left over, and the next build cleans up
        assert [p for p in tmp.iterdir() if p.name.startswith("briefgen-lo-")]
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
    for _ in range(100):  # LibreOffice takes a moment to go
        if not office_processes(tmp):
            break
        time.sleep(0.1)
    assert office_processes(tmp) == []
    assert [p.name for p in tmp.iterdir() if p.name.startswith("briefgen-lo-")] == []


# --- the manifest after all this ---------------------------------------------------------------------------

def test_the_manifest_still_lists_exactly_what_briefgen_wrote(demo: Path) -> None:
    assert build("--format", "md")[0] == 0
    out = demo.parent / "out"
    (out / "demo.vi.md").write_bytes(b"edited")
    assert build("--format", "md", "--force")[0] == 0
    manifest = json.loads((out / ".briefgen-manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == {name: hashlib.sha256((out / name).read_bytes()).hexdigest()
                                 for name in ("demo.vi.md", "demo.vi.audit.json")}
    assert EDITS not in manifest["files"]
