"""`transcheck check` end to end, through the console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transcheck.cli import main

CLEAN = "The talks ended on Friday.\n\nBoth sides said they would meet again in May.\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_seed_reports_the_known_artifacts(
    seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "--isolated", str(seed_path)], capsys)
    assert code == 1
    assert f"{seed_path}:22:177: error boundary.split-word" in out
    assert "residue.scrape [residue/scrape/source-site]" in out
    assert out.count("residue.caption") == 2
    assert "program. -spies" in out


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "clean.txt"
    f.write_text(CLEAN)
    code, out, _ = run(["check", "--isolated", str(f)], capsys)
    assert code == 0
    assert "No findings in 1 document" in out


@pytest.mark.parametrize(
    ("level", "expected"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_level(
    seed_path: Path, level: str, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(["check", "--isolated", "--fail-level", level, str(seed_path)], capsys)[0] == expected
    )


def test_fail_level_error_passes_when_only_warnings(
    seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        ["check", "--isolated", "--fail-level", "error", "--ignore", "boundary", str(seed_path)],
        capsys,
    )
    assert code == 0


def test_select_and_severity_override(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "check",
            "--isolated",
            "--select",
            "residue.scrape",
            "--severity",
            "residue.scrape=info",
            "--fail-level",
            "warning",
            str(seed_path),
        ],
        capsys,
    )
    assert code == 0
    assert "info residue.scrape" in out
    assert "boundary" not in out.split("Found")[0]


def test_json_output_to_file(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "r.json"
    code, out, _ = run(
        ["check", "--isolated", "-f", "json", "-o", str(out_file), str(seed_path)], capsys
    )
    assert code == 1
    assert out == ""
    data = json.loads(out_file.read_text())
    types = sorted(f["type"] for d in data["documents"] for f in d["findings"])
    assert "boundary.split-word" in types and "residue.scrape" in types


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    data = b"Its anti. -aircraft guns.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(["check", "--isolated", "-"], capsys)
    assert code == 1
    assert "-:1:5: error boundary.split-word" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "no input"),
        (["check", "--isolated", "nope.txt"], "nope.txt"),
        (["check", "--isolated", "--select", "residu", "{seed}"], "'residu' names no type"),
        (["check", "--isolated", "--severity", "x", "{seed}"], "expected CODE=LEVEL"),
        (["check", "--isolated", "--fail-level", "loud", "{seed}"], "loud"),
        (
            ["check", "--isolated", "--baseline", "missing.json", "{seed}"],
            "baseline file not found",
        ),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(
    args: list[str], message: str, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([a.replace("{seed}", str(seed_path)) for a in args], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_bad_config_names_the_key(
    tmp_path: Path,
    seed_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / ".transcheck.toml").write_text('fail-levle = "error"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check", str(seed_path)], capsys)
    assert code == 2
    assert "unknown key 'fail-levle'" in err
    assert len(err.strip().splitlines()) == 1


def test_config_file_is_used(
    tmp_path: Path,
    seed_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.transcheck]\nfail-level = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert run(["check", str(seed_path)], capsys)[0] == 0
    # the command line wins over the file
    assert run(["check", "--fail-level", "error", str(seed_path)], capsys)[0] == 1


def test_baseline_reports_only_new_findings(
    tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    baseline = tmp_path / "baseline.json"
    code, _, err = run(
        [
            "check",
            "--isolated",
            "--select",
            "boundary,residue",
            "--write-baseline",
            str(baseline),
            str(article),
        ],
        capsys,
    )
    assert code == 0 and "baseline of 4 findings" in err
    again = ["check", "--isolated", "--select", "boundary,residue", "--baseline", str(baseline)]
    assert run([*again, str(article)], capsys)[0] == 0
    # An unrelated edit elsewhere plus one new artifact: only the new one is reported.
    edited = "Editor's note: updated.\n\n" + seed_text + "\n\nRead also: more news\n"
    article.write_text(edited)
    code, out, _ = run([*again, str(article)], capsys)
    assert code == 1
    assert out.count("[residue/") == 1 and "Read also: more news" in out
    assert "4 suppressed" in out or "suppressed" in out


def test_entry_point_starts_without_heavy_modules() -> None:
    seed = Path(__file__).resolve().parents[2] / "corpora" / "seed" / "north-korea-arms.en.txt"
    code = (
        "import sys\nfrom transcheck.cli import main\n"
        f"try:\n    main(['check', '--isolated', '-q', {str(seed)!r}])\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('ctranslate2', 'sentencepiece', 'sacrebleu', 'argostranslate', "
        "'numpy', 'dask', 'transcheck.translate', 'transcheck.align') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        ("bin.txt", b"\x00\x01\x02binary", 2, "binary file"),
        (
            "latin.txt",
            "caf\u00e9 au lait\n".encode("latin-1"),
            2,
            "invalid UTF-8 at byte 3 (line 1)",
        ),
        ("bad.jsonl", b'{"id": "a", "text": "Fine."}\n{broken\n', 2, "line 2: invalid JSON"),
        ("empty.txt", b"", 0, "no text"),
    ],
)
def test_bad_inputs(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    code: int,
    message: str,
) -> None:
    got, out, err = run(["check", "--isolated", _write(tmp_path / name, data)], capsys)
    assert got == code
    assert message in out + err
    assert "Traceback" not in out + err
    if code == 2:
        errors = [line for line in err.splitlines() if line.startswith("transcheck: error")]
        assert len(errors) == 1 and message in errors[0]


def test_directory_needs_recursive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Its anti. -aircraft guns.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# Title\n\nThe the end.\n")
    code, _, err = run(["check", "--isolated", str(tmp_path)], capsys)
    assert code == 2 and "is a directory: use --recursive" in err
    code, out, _ = run(["check", "--isolated", "-r", str(tmp_path)], capsys)
    assert code == 1
    assert "a.txt:1:5: error boundary.split-word" in out
    assert "b.md:3:5: warning fluency.repetition" in out


def test_unknown_output_format(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--isolated", "-f", "xml", str(seed_path)], capsys)
    assert code == 2 and "'xml' is not one of" in err


def test_same_findings_in_every_format(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import html as html_lib
    import re

    outputs = {}
    for fmt in ("text", "json", "sarif", "html"):
        target = tmp_path / f"r.{fmt}"
        assert (
            run(["check", "--isolated", "-f", fmt, "-o", str(target), str(seed_path)], capsys)[0]
            == 1
        )
        outputs[fmt] = target.read_text(encoding="utf-8")
    text_rows = set(re.findall(r":(\d+):(\d+): \w+ \S+ \[([^\]]+)\]", outputs["text"]))
    data = json.loads(outputs["json"])
    json_rows = {
        (str(f["location"]["line"]), str(f["location"]["column"]), f["rule"])
        for d in data["documents"]
        for f in d["findings"]
    }
    sarif = json.loads(outputs["sarif"])
    sarif_rows = {
        (
            str(r["locations"][0]["physicalLocation"]["region"]["startLine"]),
            str(r["locations"][0]["physicalLocation"]["region"]["startColumn"]),
            r["ruleId"],
        )
        for r in sarif["runs"][0]["results"]
    }
    assert len(text_rows) == 6
    assert text_rows == json_rows == sarif_rows
    page = html_lib.unescape(outputs["html"])
    for _, _, rule in text_rows:
        assert rule in page
