"""The rendering cache: SQLite in WAL mode, shared safely by concurrent processes.

A rendering is keyed by backend, model id, model version, language pair and the SHA-256 of
the sentence; the sentence itself is not stored. WAL lets readers run while one process
writes; writers wait for each other (``busy_timeout``) instead of failing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from transcheck.errors import TranscheckError
from transcheck.translate.base import ModelRef, Translator

SCHEMA_VERSION = 1
_BUSY_TIMEOUT_MS = 60_000
_CHUNK = 500  # stay well under SQLite's bound-parameter limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS renderings (
    backend TEXT NOT NULL,
    model_id TEXT NOT NULL,
    model_version TEXT NOT NULL,
    src TEXT NOT NULL,
    tgt TEXT NOT NULL,
    sentence_hash TEXT NOT NULL,
    rendering TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (backend, model_id, model_version, src, tgt, sentence_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def sentence_hash(sentence: str) -> str:
    """The cache key of a sentence: SHA-256 of its exact UTF-8 text, hex."""
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheGroup:
    """Entry count for one backend / model / version / pair."""

    backend: str
    model_id: str
    model_version: str
    src: str
    tgt: str
    entries: int


@dataclass(frozen=True)
class CacheStats:
    """What ``transcheck cache stats`` shows."""

    path: Path
    exists: bool
    entries: int
    size_bytes: int
    groups: list[CacheGroup] = field(default_factory=list)


class CacheError(TranscheckError):
    """The cache database cannot be opened or used."""


class RenderingCache:
    """Get and put renderings; one connection per instance (open one per process)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            with _transaction(conn):
                _create_schema(conn)
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(
                f"cannot open the rendering cache {self.path}: {exc} "
                "(delete the file, or run with --no-cache)"
            ) from None
        self._conn = conn
        return conn

    def close(self) -> None:
        """Close the connection (reopened on the next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> RenderingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, ref: ModelRef, src: str, tgt: str, hashes: list[str]) -> dict[str, str]:
        """Cached renderings for the given sentence hashes (missing ones are absent)."""
        conn = self._connect()
        found: dict[str, str] = {}
        try:
            for chunk in _chunks(hashes, _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT sentence_hash, rendering FROM renderings WHERE backend = ? AND "
                    "model_id = ? AND model_version = ? AND src = ? AND tgt = ? AND "
                    f"sentence_hash IN ({marks})",
                    (ref.backend, ref.model_id, ref.version, src, tgt, *chunk),
                )
                found.update(rows)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read the rendering cache {self.path}: {exc}") from None
        return found

    def put_many(self, ref: ModelRef, src: str, tgt: str, items: dict[str, str]) -> None:
        """Store renderings (hash -> rendering) in one transaction."""
        if not items:
            return
        conn = self._connect()
        now = time.time()
        rows = [
            (ref.backend, ref.model_id, ref.version, src, tgt, h, text, now)
            for h, text in items.items()
        ]
        try:
            with _transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO renderings VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the rendering cache {self.path}: {exc}") from None

    def stats(self) -> CacheStats:
        """Entry counts per model and pair, and the size on disk (database + WAL)."""
        if not self.path.exists():
            return CacheStats(self.path, False, 0, 0)
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT backend, model_id, model_version, src, tgt, COUNT(*) FROM renderings "
                "GROUP BY backend, model_id, model_version, src, tgt ORDER BY 1, 2, 3, 4, 5"
            ).fetchall()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read the rendering cache {self.path}: {exc}") from None
        groups = [CacheGroup(*row) for row in rows]
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        return CacheStats(self.path, True, sum(g.entries for g in groups), size, groups)

    def clear(self, *, model_id: str | None = None, backend: str | None = None) -> int:
        """Delete entries (all, or those of one model and/or backend); returns how many."""
        if not self.path.exists():
            return 0
        conn = self._connect()
        where, params = [], []
        if model_id is not None:
            where.append("model_id = ?")
            params.append(model_id)
        if backend is not None:
            where.append("backend = ?")
            params.append(backend)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        try:
            with _transaction(conn):
                deleted = conn.execute(f"DELETE FROM renderings{clause}", params).rowcount
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise CacheError(f"cannot clear the rendering cache {self.path}: {exc}") from None
        return int(deleted)


def _create_schema(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if row is None:
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    elif row[0] != str(SCHEMA_VERSION):
        raise sqlite3.DatabaseError(f"unknown cache schema version {row[0]}")


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue on
    # busy_timeout instead of failing with "database is locked" on upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class CacheCounters:
    """Hits and misses seen by a :class:`CachedTranslator`."""

    hits: int = 0
    misses: int = 0


class CachedTranslator:
    """A translator that asks the cache first and renders only the sentences it lacks.

    Duplicates inside a batch are rendered once. The inner translator is not called at
    all when every sentence is cached (so its model is never loaded).
    """

    def __init__(self, inner: Translator, cache: RenderingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.backend = inner.backend
        self.counters = CacheCounters()

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        return self.inner.model_ref(src, tgt)

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        """Cached renderings plus fresh ones for the misses (stored before returning)."""
        ref = self.inner.model_ref(src, tgt)
        hashes = [sentence_hash(s) for s in sentences]
        found = self.cache.get_many(ref, src, tgt, sorted(set(hashes)))
        missing: dict[str, str] = {}
        for h, s in zip(hashes, sentences, strict=True):
            if h not in found:
                missing.setdefault(h, s)
        self.counters.hits += sum(1 for h in hashes if h in found)
        self.counters.misses += len(sentences) - sum(1 for h in hashes if h in found)
        if missing:
            rendered = self.inner.translate_batch(list(missing.values()), src, tgt)
            fresh = dict(zip(missing.keys(), rendered, strict=True))
            self.cache.put_many(ref, src, tgt, fresh)
            found.update(fresh)
        return [found[h] for h in hashes]
