"""The audit results store: one SQLite file, written by one process (the audit's parent).

Tables:

- ``documents``: one row per document, keyed by (path, id): content hash, the settings
  fingerprint it was checked with, status (``done`` / ``failed``), error, counts per
  severity, notes, text excerpts around the findings (for the HTML report), timing.
- ``findings``: one row per finding, keyed by (path, id, n), for grouped counts and reports.
- ``runs``: one row per ``audit`` invocation: settings, inputs, totals, worker memory.
- ``meta``: the schema version.

The database runs in WAL mode and the writer commits in batches (every ``commit_every`` rows
or ``commit_seconds``): a killed audit loses at most the open batch, which ``--resume`` redoes,
and a document's row and its findings are always committed together, so a document is never
half-recorded nor counted twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.audit.work import DONE, FAILED, Row
from transcheck.errors import InputError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL,
    settings_fp TEXT NOT NULL,
    settings TEXT NOT NULL,
    fail_level TEXT NOT NULL,
    paths TEXT NOT NULL,
    backend TEXT NOT NULL,
    workers INTEGER NOT NULL,
    resume INTEGER NOT NULL,
    stats TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    settings_fp TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    lang TEXT,
    source_lang TEXT,
    n_findings INTEGER NOT NULL,
    n_error INTEGER NOT NULL,
    n_warning INTEGER NOT NULL,
    n_info INTEGER NOT NULL,
    notes TEXT NOT NULL,
    excerpts TEXT NOT NULL,
    timing_ms REAL NOT NULL,
    run INTEGER NOT NULL,
    PRIMARY KEY (path, doc_id)
);
CREATE TABLE IF NOT EXISTS findings (
    path TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    type TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    confidence REAL NOT NULL,
    source_lang TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    message TEXT NOT NULL,
    suggestion TEXT,
    text TEXT NOT NULL,
    evidence TEXT NOT NULL,
    fingerprint TEXT,
    PRIMARY KEY (path, doc_id, n)
);
"""

#: Columns of ``findings`` a report may group by.
GROUPS = ("type", "severity", "source_lang", "rule")


@dataclass
class RunInfo:
    """What an audit run records about itself when it starts."""

    settings_fp: str
    settings: dict[str, Any]
    fail_level: str
    paths: list[str]
    backend: str
    workers: int
    resume: bool


@dataclass
class StoredDocument:
    """A document row read back from the store, with its findings in document order."""

    path: str
    doc_id: str
    content_hash: str
    settings_fp: str
    status: str
    error: str | None
    lang: str | None
    source_lang: str | None
    counts: dict[str, int]
    notes: list[str]
    excerpts: list[list[Any]]
    timing_ms: float
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def display(self) -> str:
        """``path`` for a file, ``path[id]`` for an archive record."""
        if not self.path:
            return self.doc_id
        return self.path if self.doc_id == self.path else f"{self.path}[{self.doc_id}]"


@dataclass
class Totals:
    """Counts over the whole store."""

    documents: int = 0
    done: int = 0
    failed: int = 0
    with_findings: int = 0
    findings: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)


class Store:
    """The results store; use as a context manager, or call :meth:`close`.

    Args:
        path: the SQLite file (created when missing unless ``readonly``).
        readonly: open an existing store for reports only.
        commit_every: commit after this many rows...
        commit_seconds: ...or when this much time has passed since the last commit.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        commit_every: int = 256,
        commit_seconds: float = 2.0,
    ) -> None:
        self.path = Path(path)
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        if readonly and not self.path.is_file():
            raise InputError(f"no audit store at {self.path}")
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            self._setup(readonly)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not an audit store ({exc})") from None
        self._pending = 0
        self._last_commit = time.monotonic()

    def _setup(self, readonly: bool) -> None:
        if readonly:
            self.db.execute("PRAGMA query_only = ON")
            version = self._meta("schema_version")
            if version is None:
                raise InputError(f"{self.path}: not an audit store (no schema version)")
        else:
            self.db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against a killed process in WAL mode (only an OS crash may lose
            # the last commits), and much faster than FULL.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(_SCHEMA)
            version = self._meta("schema_version")
            if version is None:
                self.db.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
        if version is not None and int(version) != SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: store schema version {version}, this transcheck reads "
                f"{SCHEMA_VERSION}; audit again into a new store"
            )

    def _meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return None if row is None else str(row[0])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Commit what is pending and close the file."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()

    # --- writing -------------------------------------------------------------------------

    def start_run(self, info: RunInfo) -> int:
        """Record a new run; without ``resume`` the previous results are cleared."""
        self.db.execute("BEGIN IMMEDIATE")
        # A run still marked running was killed: nothing else writes to this store.
        self.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        if not info.resume:
            self.db.execute("DELETE FROM findings")
            self.db.execute("DELETE FROM documents")
        cur = self.db.execute(
            "INSERT INTO runs (started, status, settings_fp, settings, fail_level, paths, "
            "backend, workers, resume) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                info.settings_fp,
                json.dumps(info.settings, sort_keys=True, default=str),
                info.fail_level,
                json.dumps(info.paths),
                info.backend,
                info.workers,
                int(info.resume),
            ),
        )
        self.db.execute("COMMIT")
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, status: str, stats: dict[str, Any]) -> None:
        """Commit pending rows and record how the run ended."""
        self.commit()
        self.db.execute(
            "UPDATE runs SET finished = ?, status = ?, stats = ? WHERE run = ?",
            (time.time(), status, json.dumps(stats, sort_keys=True), run),
        )

    def is_current(self, path: str, doc_id: str, content_hash: str, settings_fp: str) -> bool:
        """True when the document is recorded ``done`` with this content and settings."""
        row = self.db.execute(
            "SELECT content_hash, settings_fp, status FROM documents WHERE path = ? AND doc_id = ?",
            (path, doc_id),
        ).fetchone()
        return row is not None and tuple(row) == (content_hash, settings_fp, DONE)

    def put(self, row: Row, run: int) -> None:
        """Record (or replace) a document and its findings; commits in batches."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        key = (row.path, row.doc_id)
        self.db.execute("DELETE FROM findings WHERE path = ? AND doc_id = ?", key)
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in row.findings:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)",
            (
                row.path,
                row.doc_id,
                row.content_hash,
                row.settings_fp,
                row.status,
                row.error,
                row.lang,
                row.source_lang,
                len(row.findings),
                counts["error"],
                counts["warning"],
                counts["info"],
                json.dumps(row.notes),
                json.dumps(row.excerpts),
                row.timing_ms,
                run,
            ),
        )
        self.db.executemany(
            "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row.path,
                    row.doc_id,
                    n,
                    f["type"],
                    f["rule"],
                    f["severity"],
                    f["confidence"],
                    f["source_lang"],
                    f["start"],
                    f["end"],
                    f["line"],
                    f["column"],
                    f["message"],
                    f["suggestion"],
                    f["text"],
                    json.dumps(f["evidence"], sort_keys=True),
                    f["fingerprint"],
                )
                for n, f in enumerate(row.findings)
            ],
        )
        self._pending += 1
        if (
            self._pending >= self.commit_every
            or time.monotonic() - self._last_commit >= self.commit_seconds
        ):
            self.commit()

    def commit(self) -> None:
        """Make every row put so far durable."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0
        self._last_commit = time.monotonic()

    # --- reading -------------------------------------------------------------------------

    def latest_run(self) -> dict[str, Any] | None:
        """The most recent run as a dict (settings, paths and stats decoded)."""
        cur = self.db.execute("SELECT * FROM runs ORDER BY run DESC LIMIT 1")
        row = cur.fetchone()
        if row is None:
            return None
        out = dict(zip([d[0] for d in cur.description], row, strict=True))
        for key in ("settings", "paths", "stats"):
            out[key] = json.loads(out[key]) if out[key] else None
        return out

    def totals(self) -> Totals:
        """Document and finding counts over the store."""
        docs, done, failed, with_findings, n, e, w, i = self.db.execute(
            "SELECT COUNT(*), SUM(status = ?), SUM(status = ?), SUM(n_findings > 0), "
            "SUM(n_findings), SUM(n_error), SUM(n_warning), SUM(n_info) FROM documents",
            (DONE, FAILED),
        ).fetchone()
        return Totals(
            documents=docs,
            done=done or 0,
            failed=failed or 0,
            with_findings=with_findings or 0,
            findings=n or 0,
            by_severity={"error": e or 0, "warning": w or 0, "info": i or 0},
        )

    def group_counts(self, column: str, limit: int | None = None) -> list[tuple[str, int, int]]:
        """``(value, findings, documents)`` per value of a findings column, most first."""
        if column not in GROUPS:
            raise ValueError(f"cannot group by {column!r}")
        sql = (
            f"SELECT {column}, COUNT(*), COUNT(DISTINCT path || char(0) || doc_id) "
            f"FROM findings GROUP BY {column} ORDER BY COUNT(*) DESC, {column}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(str(v), int(n), int(d)) for v, n, d in self.db.execute(sql)]

    def count_groups(self, column: str) -> int:
        """How many distinct values a findings column has."""
        if column not in GROUPS:
            raise ValueError(f"cannot group by {column!r}")
        return int(self.db.execute(f"SELECT COUNT(DISTINCT {column}) FROM findings").fetchone()[0])

    def iter_documents(self, *, only_notable: bool = False) -> Iterator[StoredDocument]:
        """Documents in (path, id) order with their findings, streamed.

        ``only_notable`` keeps documents with findings or a failure (what a report lists).
        """
        where = " WHERE n_findings > 0 OR status != 'done'" if only_notable else ""
        docs = self.db.execute(
            "SELECT path, doc_id, content_hash, settings_fp, status, error, lang, source_lang, "
            "n_findings, n_error, n_warning, n_info, notes, excerpts, timing_ms FROM documents"
            f"{where} ORDER BY path, doc_id"
        )
        found = self.iter_findings()
        pending: tuple[str, str, dict[str, Any]] | None = None
        for row in docs:
            doc = StoredDocument(
                path=row[0],
                doc_id=row[1],
                content_hash=row[2],
                settings_fp=row[3],
                status=row[4],
                error=row[5],
                lang=row[6],
                source_lang=row[7],
                counts={"error": row[9], "warning": row[10], "info": row[11]},
                notes=json.loads(row[12]),
                excerpts=json.loads(row[13]),
                timing_ms=row[14],
            )
            wanted = row[8]
            # Both queries run in the same (path, doc_id) order: a merge, not a query per row.
            while len(doc.findings) < wanted:
                if pending is None:
                    pending = next(found)
                if (pending[0], pending[1]) == (doc.path, doc.doc_id):
                    doc.findings.append(pending[2])
                pending = None
            yield doc

    def iter_findings(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every finding as ``(path, doc_id, finding)`` in document order."""
        cur = self.db.execute(
            'SELECT path, doc_id, type, rule, severity, confidence, source_lang, start, "end", '
            "line, col, message, suggestion, text, evidence, fingerprint FROM findings "
            "ORDER BY path, doc_id, n"
        )
        for r in cur:
            yield (
                r[0],
                r[1],
                {
                    "type": r[2],
                    "rule": r[3],
                    "severity": r[4],
                    "confidence": r[5],
                    "source_lang": r[6],
                    "start": r[7],
                    "end": r[8],
                    "line": r[9],
                    "column": r[10],
                    "message": r[11],
                    "suggestion": r[12],
                    "text": r[13],
                    "evidence": json.loads(r[14]),
                    "fingerprint": r[15],
                },
            )

    def contents(self) -> list[tuple[Any, ...]]:
        """Everything that says what was found, without timings or run numbers (for tests)."""
        docs = self.db.execute(
            "SELECT path, doc_id, content_hash, settings_fp, status, error, n_findings, notes, "
            "excerpts FROM documents ORDER BY path, doc_id"
        ).fetchall()
        finds = self.db.execute("SELECT * FROM findings ORDER BY path, doc_id, n").fetchall()
        return [("doc", *d) for d in docs] + [("finding", *f) for f in finds]
