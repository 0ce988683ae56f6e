from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import (
    Bomb,
    audit,
    cli_command,
    committed_documents,
    contents,
    make_corpus,
)

from transcheck.audit.store import Store
from transcheck.checks import registry
from transcheck.checks.base import Check, Context
from transcheck.document import Document
from transcheck.errors import ConfigError, InputError
from transcheck.findings import Finding

FIFTY_MB = 50 * 1024 * 1024


def _docs(store: Path) -> dict[str, tuple[str, str | None, int]]:
    with Store(store, readonly=True) as db:
        return {
            Path(d.doc_id).name: (d.status, d.error, len(d.findings)) for d in db.iter_documents()
        }


def test_bad_files_are_recorded_and_every_good_one_is_done(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "in", 40)
    bad = root / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me, a story.".encode("latin-1"))
    (bad / "empty.txt").write_bytes(b"")
    with open(bad / "huge.txt", "wb") as fh:  # 50 MB of prose, written sparse-free but fast
        line = b"The council met again on Friday to discuss the budget for next year.\n"
        fh.write(line * (FIFTY_MB // len(line) + 1))
    assert (bad / "huge.txt").stat().st_size > FIFTY_MB

    outcome = audit([root], tmp_path / "s.db", workers=2)
    docs = _docs(tmp_path / "s.db")
    good = {name: v for name, v in docs.items() if name.startswith("a")}
    assert len(good) == 40 and all(status == "done" for status, _, _ in good.values())
    assert sum(n for _, _, n in good.values()) > 0
    assert docs["binary.txt"][:2] == ("failed", "binary file (NUL bytes), not read")
    assert docs["latin1.txt"][0] == "failed"
    assert "invalid UTF-8 at byte 3 (line 1)" in str(docs["latin1.txt"][1])
    assert "--encoding" in str(docs["latin1.txt"][1])
    assert docs["empty.txt"][:2] == ("failed", "empty document: no text to check")
    assert docs["huge.txt"][0] == "failed"
    assert "file too large" in str(docs["huge.txt"][1]) and "limit 20000000" in str(
        docs["huge.txt"][1]
    )
    assert (outcome.counts.checked, outcome.counts.failed) == (40, 4)
    assert outcome.totals.failed == 4 and outcome.exit_code == 0


def test_max_bytes_is_the_limit_for_files(tmp_path: Path, corpus: Path) -> None:
    audit([corpus], tmp_path / "s.db", workers=1, max_bytes=100)
    docs = _docs(tmp_path / "s.db")
    assert {status for status, _, _ in docs.values()} == {"failed"}
    assert all("limit 100" in str(error) for _, error, _ in docs.values())


def test_resume_skips_unchanged_and_rechecks_changed_documents(
    tmp_path: Path, corpus: Path
) -> None:
    store = tmp_path / "s.db"
    first = audit([corpus], store, workers=1)
    assert (first.counts.checked, first.counts.skipped) == (60, 0)
    again = audit([corpus], store, workers=1, resume=True)
    assert (again.counts.checked, again.counts.skipped) == (0, 60)
    assert contents(store) == contents(store)

    changed = corpus / "d00" / "a00001.txt"
    changed.write_text("A new story about the satellite program. -spies. It went on.\n")
    third = audit([corpus], store, workers=1, resume=True)
    assert (third.counts.checked, third.counts.skipped) == (1, 59)
    assert _docs(store)["a00001.txt"][2] == 1

    # Different settings: everything is checked again, and findings follow the settings.
    fourth = audit([corpus], store, workers=1, resume=True, overrides={"select": "boundary"})
    assert (fourth.counts.checked, fourth.counts.skipped) == (60, 0)
    with Store(store, readonly=True) as db:
        assert {t for t, _, _ in db.group_counts("type")} == {"boundary.split-word"}


def test_without_resume_the_store_starts_again(tmp_path: Path, corpus: Path) -> None:
    store = tmp_path / "s.db"
    audit([corpus], store, workers=1)
    other = make_corpus(tmp_path / "other", 5)
    audit([other], store, workers=1)
    assert len(_docs(store)) == 5


def test_archives_with_field_mapping_and_bad_records(tmp_path: Path) -> None:
    jsonl = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"key": f"k{i}", "body": f"Story {i}. Korea of the North said so."})
        for i in range(5)
    ]
    lines.insert(2, "{not json")
    jsonl.write_text("\n".join(lines) + "\n")
    csv_file = tmp_path / "export.csv"
    csv_file.write_text("key,body\nc1,Help for its satellite program. -spies. It went on.\n")
    outcome = audit(
        [jsonl, csv_file],
        tmp_path / "s.db",
        workers=1,
        overrides={"fields": {"id": "key", "text": "body"}},
    )
    with Store(tmp_path / "s.db", readonly=True) as db:
        docs = {(Path(d.path).name, d.doc_id): d for d in db.iter_documents()}
    assert {k for k in docs if docs[k].status == "done"} == {
        ("export.jsonl", f"k{i}") for i in range(5)
    } | {("export.csv", "c1")}
    failed = [d for d in docs.values() if d.status == "failed"]
    assert len(failed) == 1 and failed[0].error and failed[0].error.startswith("line 3: ")
    assert outcome.counts.findings >= 6


@pytest.fixture()
def crashing_check() -> Iterator[None]:
    """A check that crashes on documents mentioning CRASH (registered for this test only)."""

    class Crashing(Check):
        name = "crashing-test-check"
        types = ("fluency.repetition",)
        description = "crashes on purpose"

        def run(self, ctx: Context) -> list[Finding]:
            if "CRASH" in ctx.text:
                raise ValueError("cannot cope with this document")
            return []

    saved = dict(registry._REGISTRY)
    registry.all_checks()
    registry.register(Crashing)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


def test_a_check_that_crashes_fails_its_document_and_the_run_goes_on(
    tmp_path: Path, corpus: Path, crashing_check: None
) -> None:
    (corpus / "d00" / "a00002.txt").write_text("CRASH. Help for its program. -spies. Then.\n")
    outcome = audit([corpus], tmp_path / "s.db", workers=1)
    docs = _docs(tmp_path / "s.db")
    status, error, findings = docs["a00002.txt"]
    assert status == "failed"
    assert error == (
        "check 'crashing-test-check' failed: ValueError: cannot cope with this document"
    )
    assert findings == 1  # the other checks' findings are kept
    assert outcome.counts.failed == 1 and outcome.counts.checked == 59


def test_a_document_that_kills_its_worker_is_isolated_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import transcheck.readers as readers

    monkeypatch.setenv("TRANSCHECK_TEST_PARENT", str(os.getpid()))
    good = [
        Document(text=f"Story {i}. The envoy of Korea of the North came.", id=f"g{i}", path="mem")
        for i in range(30)
    ]
    bomb = Bomb(text="This one kills the worker.", id="bomb", path="mem")
    items = [*good[:13], bomb, *good[13:]]
    monkeypatch.setattr(readers, "iter_documents", lambda paths, options: iter(items))
    outcome = audit([tmp_path], tmp_path / "s.db", workers=2, chunk_size=4)
    with Store(tmp_path / "s.db", readonly=True) as db:
        docs = {d.doc_id: d for d in db.iter_documents()}
    assert len(docs) == 31
    assert all(docs[f"g{i}"].status == "done" and docs[f"g{i}"].findings for i in range(30))
    assert docs["bomb"].status == "failed"
    assert str(docs["bomb"].error).startswith("worker failed on this document: BrokenProcessPool")
    assert outcome.counts.checked == 30 and outcome.counts.failed == 1


def test_settings_errors_come_before_any_work(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(ConfigError):
        audit([corpus], tmp_path / "s.db", overrides={"select": "no-such-thing"})
    with pytest.raises(InputError, match="no such file"):
        audit([tmp_path / "missing"], tmp_path / "s.db")
    with pytest.raises(ConfigError, match="exclude each other"):
        audit([corpus], tmp_path / "s.db", scheduler="tcp://127.0.0.1:1", dask_local=2)
    assert not (tmp_path / "s.db").exists()


def test_pool_and_in_process_runs_store_the_same_results(tmp_path: Path, corpus: Path) -> None:
    audit([corpus], tmp_path / "one.db", workers=1)
    audit([corpus], tmp_path / "two.db", workers=2, chunk_size=7)
    assert contents(tmp_path / "one.db") == contents(tmp_path / "two.db")


@pytest.mark.slow
def test_dask_local_cluster_stores_the_same_results(tmp_path: Path, corpus: Path) -> None:
    audit([corpus], tmp_path / "one.db", workers=1)
    outcome = audit([corpus], tmp_path / "dask.db", dask_local=2, chunk_size=8)
    assert outcome.backend == "dask LocalCluster(2)" and outcome.workers == 2
    assert contents(tmp_path / "one.db") == contents(tmp_path / "dask.db")
    assert len(outcome.worker_peak_kb) >= 1


# --- killed and interrupted audits ------------------------------------------------------

KILL_DOCS = 600


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """A corpus and the store contents of an uninterrupted audit of it."""
    root = tmp_path_factory.mktemp("kill")
    corpus = make_corpus(root / "corpus", KILL_DOCS)
    (root / "corpus" / "zz-binary.txt").write_bytes(b"\x00\x01\x02")
    reference = audit([corpus], root / "reference.db", workers=2)
    assert reference.counts.finished == KILL_DOCS + 1
    return corpus, contents(root / "reference.db")


def _start(corpus: Path, store: Path, config: Path, *extra: str) -> subprocess.Popen[str]:
    config.write_text("fail-level = 'never'\n[audit]\ncommit-every = 10\nchunk-size = 4\n")
    return subprocess.Popen(
        cli_command(
            "audit",
            str(corpus),
            "--store",
            str(store),
            "--workers",
            "2",
            "--config",
            str(config),
            *extra,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_rows(proc: subprocess.Popen[str], store: Path, rows: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the audit finished before it could be stopped"
        seen = committed_documents(store)
        if seen >= rows:
            return seen
        time.sleep(0.01)
    raise AssertionError("the audit made no progress")


@pytest.mark.slow
def test_sigkill_midway_then_resume_gives_the_uninterrupted_store(
    tmp_path: Path, big_corpus: tuple[Path, list[Any]]
) -> None:
    corpus, reference = big_corpus
    store = tmp_path / "s.db"
    proc = _start(corpus, store, tmp_path / "c.toml")
    _wait_for_rows(proc, store, 150)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # orphaned workers, if any
    assert proc.returncode == -signal.SIGKILL
    assert 150 <= committed_documents(store) < KILL_DOCS + 1  # killed midway
    kept = committed_documents(store, "done")

    resumed = _start(corpus, store, tmp_path / "c.toml", "--resume")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert f"{kept:,} unchanged" in out  # nothing committed was checked again
    assert contents(store) == reference  # nothing lost, nothing twice
    with Store(store, readonly=True) as db:
        assert db.totals().documents == KILL_DOCS + 1
        statuses = [r[0] for r in db.db.execute("SELECT status FROM runs ORDER BY run")]
    assert statuses == ["interrupted", "complete"]


@pytest.mark.slow
def test_ctrl_c_commits_what_is_done_and_exits_130(
    tmp_path: Path, big_corpus: tuple[Path, list[Any]]
) -> None:
    corpus, reference = big_corpus
    store = tmp_path / "s.db"
    proc = _start(corpus, store, tmp_path / "c.toml", "--report", str(tmp_path / "r.html"))
    _wait_for_rows(proc, store, 100)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "--resume" in err
    assert "Traceback" not in err
    assert not (tmp_path / "r.html").exists()  # no partial report
    kept = committed_documents(store, "done")
    resumed = _start(corpus, store, tmp_path / "c.toml", "--resume")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert f"{kept:,} unchanged" in out
    assert contents(store) == reference


def test_records_sharing_an_id_are_all_kept(tmp_path: Path) -> None:
    import json as json_lib
    import sqlite3

    archive = tmp_path / "dup.jsonl"
    rows = [
        {"id": "a", "text": "Its anti. -aircraft guns moved."},
        {"id": "a", "text": "The the plan was ready."},
        {"id": "b", "text": "Talks ended."},
        {"id": "a", "text": "Read also: more news\n\nTalks ended."},
    ]
    archive.write_text("".join(json_lib.dumps(r) + "\n" for r in rows))
    store = tmp_path / "s.db"
    audit([archive], store, workers=1)
    with sqlite3.connect(store) as db:
        ids = sorted(r[0] for r in db.execute("SELECT doc_id FROM documents"))
    assert ids == ["a", "a#2", "a#3", "b"]


def test_a_store_in_use_is_refused(tmp_path: Path) -> None:
    import fcntl

    from transcheck.errors import ConfigError

    store = tmp_path / "s.db"
    (tmp_path / "a.txt").write_text("Talks ended.\n")
    with open(f"{store}.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ConfigError, match="in use by another audit"):
            audit([tmp_path / "a.txt"], store, workers=1)
    audit([tmp_path / "a.txt"], store, workers=1)  # free again once released
