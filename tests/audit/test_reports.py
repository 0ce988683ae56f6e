from __future__ import annotations

import csv
import json
import re
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from audit_helpers import audit

from transcheck.audit.report_html import safe_json, write_html
from transcheck.audit.runner import ReportTargets, write_reports
from transcheck.audit.store import Store

HOSTILE = (
    # the emoji is two UTF-16 units: highlights after it must not drift
    "Officials \U0001f600 met on Monday. <script>document.body.setAttribute('data-pwned', 'script')"
    "</script> The envoy of Korea of the North arrived.\n\n"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\"> The the talks "
    "went on. </script><!-- & \u2028 end\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    corpus = root / "in"
    corpus.mkdir()
    (corpus / "hostile <b>&name.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "split.txt").write_text("Help for its satellite program. -spies. It went on.\n")
    (corpus / "clean.txt").write_text("The council met on Friday and agreed on the budget.\n")
    (corpus / "binary <i>&.txt").write_bytes(b"\x00\x01")
    (corpus / "export.jsonl").write_text(
        json.dumps({"id": "=cmd|' /C calc'!A0", "text": "source site-59\nReal text here."}) + "\n"
    )
    audit([corpus], root / "s.db", workers=1)
    return root / "s.db"


def _html(store: Path, tmp: Path) -> Path:
    out = tmp / "report.html"
    write_reports(Store(store, readonly=True), ReportTargets(html=str(out)))
    return out


def test_jsonl_has_one_line_per_finding(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    with Store(store, readonly=True) as db:
        write_reports(db, ReportTargets(jsonl=str(out)))
        total = db.totals().findings
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == total > 0
    split = next(x for x in lines if x["type"] == "boundary.split-word")
    assert split["text"] == "program. -spies" and split["line"] == 1
    assert {"path", "id", "rule", "severity", "evidence", "message", "start", "end"} <= set(split)


def test_csv_has_one_row_per_document_and_no_formulas(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    with Store(store, readonly=True) as db:
        write_reports(db, ReportTargets(csv=str(out)))
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 5
    by_name = {Path(r["path"]).name + ("" if r["id"] == r["path"] else r["id"]): r for r in rows}
    assert by_name["binary <i>&.txt"]["status"] == "failed"
    assert "binary" in by_name["binary <i>&.txt"]["error"]
    assert by_name["clean.txt"]["findings"] == "0"
    record = next(r for r in rows if r["path"].endswith("export.jsonl"))
    assert record["id"].startswith("'=")  # neutralised for spreadsheets


def test_html_embeds_text_only_as_escaped_data(store: Path, tmp_path: Path) -> None:
    page = _html(store, tmp_path).read_text(encoding="utf-8")
    assert "<script>document" not in page and "<img" not in page
    assert "binary &lt;i&gt;&amp;.txt" in page  # a file name, escaped in the failures
    data = page.split('<script type="application/json" id="audit-data">')[1]
    data = data.split("</script>")[0]
    assert "<" not in data and ">" not in data and "&" not in data
    parsed = json.loads(data)
    assert any("<script>" in ex[1] for d in parsed["docs"] for ex in d[8])
    assert page.count("<script") == 2  # the data block and the report's own script
    assert "script-src 'sha256-" in page and "unsafe-inline'; script" not in page


def test_safe_json_round_trips() -> None:
    value = {"a": "</script><!--&\u2028é", "b": [1, 2.5, None]}
    text = safe_json(value)
    assert re.search(r"[<>&\u2028]", text) is None
    assert json.loads(text) == value


def test_report_rebuilt_from_the_store_is_the_same(store: Path, tmp_path: Path) -> None:
    first = _html(store, tmp_path).read_bytes()
    with Store(store, readonly=True) as db, open(tmp_path / "b.html", "w", encoding="utf-8") as fh:
        write_html(db, fh)
    assert (tmp_path / "b.html").read_bytes() == first


# --- in a real browser ------------------------------------------------------------------


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(["chromium", *flags, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_browser_shows_hostile_text_and_runs_none_of_it(store: Path, tmp_path: Path) -> None:
    page = _html(store, tmp_path)
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    assert 'id="doc-list"' in dom and "<article" in dom  # the report's script ran
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<img" not in dom
    # The hostile markup is shown as text inside the document view.
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert "&lt;img src=x onerror=" in dom
    assert re.search(
        r'<mark class="sev-\w+" title="[^"]*calque[^"]*">Korea of the North</mark>', dom
    )


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunk, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if chunk == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif chunk == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        offset = y * (stride + 1)
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = bytes(line)
    return width, height, rows


@pytest.mark.slow
def test_screenshot_shows_summary_and_a_highlighted_span(store: Path, tmp_path: Path) -> None:
    page = _html(store, tmp_path)
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    assert 'id="summary"' in dom and "<mark" in dom
    shot = tmp_path / "shot.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    data = shot.read_bytes()
    assert len(data) > 20_000
    width, height, rows = _png_pixels(data)
    assert (width, height) == (1280, 2000)
    channels = len(rows[0]) // width
    colours = {
        row[x * channels : x * channels + 3] for row in rows[::20] for x in range(0, width, 8)
    }
    assert len(colours) > 20  # text, charts and highlights, not a blank page
    # The highlight colours of the report's marks (error / warning) are on screen.
    assert {b"\xff\xd7\xd5", b"\xff\xf1\xc2"} & colours
