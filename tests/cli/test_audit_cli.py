from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcheck.cli import cli

CLEAN = "The council met on Friday and agreed on the budget for next year.\n"
SPLIT = "Help for its satellite program. -spies. The talks went on.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "clean.txt").write_text(CLEAN)
    (root / "sub" / "split.txt").write_text(SPLIT)
    (root / "sub" / "skip.md").write_text(SPLIT)
    (root / "binary.txt").write_bytes(b"\x00\x01")
    return root


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess: stdout and stderr are pipes, not a terminal."""
    return subprocess.run(
        [sys.executable, "-c", "from transcheck.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_writes_store_and_reports_and_exits_by_findings(tmp_path: Path, corpus: Path) -> None:
    store, html, jsonl, csv_path = (tmp_path / n for n in ("a.db", "r.html", "f.jsonl", "s.csv"))
    result = _run(
        "audit",
        str(corpus),
        "--isolated",
        "--store",
        str(store),
        "--workers",
        "1",
        "--report",
        str(html),
        "--jsonl",
        str(jsonl),
        "--csv",
        str(csv_path),
        "--exclude",
        "*.md",
    )
    assert result.returncode == 1, result.stderr  # a split word is an error
    assert "audited 3 documents" in result.stdout and "1 failed" in result.stdout
    assert "1 documents failed" in result.stderr
    assert "docs/s" not in result.stderr  # no progress line when stderr is not a terminal
    assert html.stat().st_size > 1000 and csv_path.read_text().count("\n") == 4
    assert json.loads(jsonl.read_text().splitlines()[0])["type"] == "boundary.split-word"

    clean = _run(
        "audit", str(corpus / "clean.txt"), "--isolated", "--store", str(store), "--workers", "1"
    )
    assert clean.returncode == 0, clean.stderr


def test_fail_level_and_failed_documents_do_not_change_the_exit_status(
    tmp_path: Path, corpus: Path
) -> None:
    result = _run(
        "audit",
        str(corpus),
        "--isolated",
        "--store",
        str(tmp_path / "a.db"),
        "--workers",
        "1",
        "--fail-level",
        "never",
    )
    assert result.returncode == 0, result.stderr


def test_report_rebuilds_from_the_store(tmp_path: Path, corpus: Path) -> None:
    store = tmp_path / "a.db"
    _run(
        "audit",
        str(corpus),
        "--isolated",
        "--store",
        str(store),
        "--workers",
        "1",
        "--report",
        str(tmp_path / "first.html"),
    )
    result = _run(
        "report",
        str(store),
        "--report",
        str(tmp_path / "again.html"),
        "--jsonl",
        str(tmp_path / "f.jsonl"),
    )
    assert result.returncode == 1
    assert "4 documents (3 done, 1 failed)" in result.stdout
    assert (tmp_path / "again.html").read_bytes() == (tmp_path / "first.html").read_bytes()
    assert _run("report", str(store), "--fail-level", "never").returncode == 0


def test_progress_line_when_asked(tmp_path: Path, corpus: Path) -> None:
    result = _run(
        "audit",
        str(corpus),
        "--isolated",
        "--store",
        str(tmp_path / "a.db"),
        "--workers",
        "1",
        "--progress",
    )
    assert "4/4 docs 100%" in result.stderr and "docs/s" in result.stderr
    assert "docs/s" not in result.stdout.split("audited")[0]


def test_usage_and_input_errors_exit_2_with_one_line(tmp_path: Path, corpus: Path) -> None:
    for args, message in (
        (("audit",), "no input"),
        (("audit", "-"), "not standard input"),
        (("audit", str(tmp_path / "nope")), "no such file"),
        (("audit", str(corpus), "--select", "bogus.type"), "bogus"),
        (
            ("audit", str(corpus), "--scheduler", "tcp://a:1", "--dask-local", "2"),
            "exclude each other",
        ),
        (("report", str(tmp_path / "missing.db")), "no audit store"),
    ):
        result = _run(*args, "--isolated") if args[0] == "audit" and len(args) > 1 else _run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_audit_settings_from_config(tmp_path: Path, corpus: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f"[audit]\nstore = '{tmp_path / 'cfg.db'}'\nworkers = 1\nmax-bytes = 10\n")
    result = _run("audit", str(corpus), "--config", str(config), "--fail-level", "never")
    assert result.returncode == 0, result.stderr
    assert "0 checked" in result.stdout and "4 failed" in result.stdout  # over 10 bytes
    config.write_text("[audit]\nspeed = 'fast'\n")
    bad = _run("audit", str(corpus), "--config", str(config))
    assert bad.returncode == 2 and "unknown key 'audit.speed'" in bad.stderr


def test_help_documents_exit_status_and_failures() -> None:
    result = CliRunner().invoke(cli, ["audit", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for phrase in (
        "--resume",
        "--scheduler",
        "--dask-local",
        "--workers",
        "recorded as failed",
        "do not change the exit status",
        "130 interrupted",
    ):
        assert phrase in text
