from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from transcheck.audit.store import RunInfo, Store
from transcheck.audit.work import DONE, FAILED, Row
from transcheck.errors import InputError


def _info(resume: bool = False) -> RunInfo:
    return RunInfo(
        settings_fp="fp",
        settings={},
        fail_level="warning",
        paths=["x"],
        backend="inline",
        workers=1,
        resume=resume,
    )


def _finding(start: int, severity: str = "warning", rule: str = "r/one") -> dict[str, object]:
    return {
        "type": "residue.scrape",
        "rule": rule,
        "severity": severity,
        "confidence": 0.9,
        "message": "m",
        "suggestion": None,
        "start": start,
        "end": start + 2,
        "line": 1,
        "column": start + 1,
        "text": "xx",
        "evidence": {"k": [1, 2]},
        "fingerprint": "f",
        "source_lang": "fr",
    }


def _row(doc_id: str, n: int = 1, status: str = DONE, content: str = "h") -> Row:
    return Row(
        path="a.jsonl",
        doc_id=doc_id,
        content_hash=content,
        settings_fp="fp",
        status=status,
        findings=[_finding(i * 3) for i in range(n)],
    )


def test_put_replaces_a_document_and_its_findings(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run = store.start_run(_info())
        store.put(_row("1", n=3), run)
        store.put(_row("1", n=1), run)
        store.put(_row("2", n=0, status=FAILED), run)
        store.commit()
        totals = store.totals()
    assert (totals.documents, totals.findings, totals.failed, totals.done) == (2, 1, 1, 1)
    with Store(tmp_path / "s.db", readonly=True) as store:
        docs = list(store.iter_documents())
        assert [(d.doc_id, len(d.findings)) for d in docs] == [("1", 1), ("2", 0)]
        assert docs[0].findings[0]["evidence"] == {"k": [1, 2]}
        assert store.group_counts("source_lang") == [("fr", 1, 1)]


def test_is_current_needs_same_hash_settings_and_done(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run = store.start_run(_info())
        store.put(_row("1"), run)
        store.put(_row("2", status=FAILED), run)
        assert store.is_current("a.jsonl", "1", "h", "fp")
        assert not store.is_current("a.jsonl", "1", "other", "fp")
        assert not store.is_current("a.jsonl", "1", "h", "other-settings")
        assert not store.is_current("a.jsonl", "2", "h", "fp")  # failed ones are retried
        assert not store.is_current("a.jsonl", "3", "h", "fp")


def test_batches_are_committed_and_the_open_batch_is_not(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", commit_every=10, commit_seconds=3600)
    run = store.start_run(_info())
    for i in range(25):
        store.put(_row(str(i)), run)
    reader = sqlite3.connect(tmp_path / "s.db")
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 20
    store.close()
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 25
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_run_without_resume_starts_empty_and_marks_killed_runs(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.start_run(_info())  # never finished, as if killed
        store.put(_row("1"), 1)
    with Store(tmp_path / "s.db") as store:
        run = store.start_run(_info(resume=True))
        assert store.totals().documents == 1
        assert store.db.execute("SELECT status FROM runs WHERE run = 1").fetchone()[0] == (
            "interrupted"
        )
        store.finish_run(run, "complete", {"checked": 0})
        assert store.latest_run()["stats"] == {"checked": 0}  # type: ignore[index]
        store.start_run(_info(resume=False))
        assert store.totals().documents == 0


def test_opening_something_else_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no audit store"):
        Store(tmp_path / "missing.db", readonly=True)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello, this is not sqlite at all" * 20)
    with pytest.raises(InputError, match="not an audit store"):
        Store(bogus)
