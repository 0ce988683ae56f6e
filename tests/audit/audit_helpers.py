"""Helpers shared by the audit tests (a module, so test modules can import it by name)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from transcheck.audit.runner import AuditOutcome, AuditRequest, run_audit
from transcheck.audit.store import Store
from transcheck.document import Document

GOOD = (
    "The ministry said on Monday that talks would resume next week. Officials confirmed it.\n\n"
    "Analysts expect the central bank to keep rates unchanged until the end of the year.\n"
)
ARTIFACTS = (
    "It also discussed the development of its satellite program. -spies. The talks went on.",
    "The envoy of Korea of the North arrived in Lyon on Tuesday.",
    "source site-59",
    "The the committee will meet again in Porto.",
)


def article(rng: random.Random, i: int) -> str:
    """A short article; every third one carries an artifact."""
    parts = [f"Story {i}. The council of Ghent met on Friday to discuss item {i}.", GOOD]
    if i % 3 == 0:
        parts.insert(1, rng.choice(ARTIFACTS))
    return "\n\n".join(parts)


def make_corpus(root: Path, count: int, seed: int = 3) -> Path:
    """``count`` small articles in a two-level directory tree."""
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"d{i // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:05d}.txt").write_text(article(rng, i), encoding="utf-8")
    return root


def audit(paths: list[Path], store: Path, **kwargs: Any) -> AuditOutcome:
    """run_audit without config files and with a never-failing exit code unless asked."""
    overrides = dict(kwargs.pop("overrides", {}) or {})
    overrides.setdefault("fail-level", "never")
    request = AuditRequest(
        paths=[str(p) for p in paths],
        store=str(store),
        isolated=True,
        overrides=overrides,
        **kwargs,
    )
    return run_audit(request)


def contents(store: Path) -> list[tuple[object, ...]]:
    with Store(store, readonly=True) as db:
        return db.contents()


def committed_documents(store: Path, status: str | None = None) -> int:
    """Documents committed so far (with ``status``), read by another connection."""
    if not store.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            sql = "SELECT COUNT(*) FROM documents WHERE status = ? OR ? IS NULL"
            return int(db.execute(sql, (status, status)).fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def cli_command(*args: str) -> list[str]:
    """The transcheck command line in a fresh interpreter (no console script needed)."""
    return [sys.executable, "-c", "from transcheck.cli import main; main()", *args]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(*args), capture_output=True, text=True, cwd=cwd, timeout=300)


def explode() -> Document:
    """Unpickling a :class:`Bomb` in a worker kills the worker (as a segfault would)."""
    if os.environ.get("TRANSCHECK_TEST_PARENT") != str(os.getpid()):
        os._exit(3)
    return Document(text="never", id="bomb")


class Bomb(Document):
    """A document that kills the worker process it is sent to."""

    def __reduce__(self) -> Any:
        return (explode, ())
