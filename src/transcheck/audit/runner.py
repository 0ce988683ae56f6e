"""What ``transcheck audit`` does, apart from parsing its options.

The parent process reads the inputs as a stream, decides per document whether it must be
checked (``--resume`` skips documents recorded ``done`` with the same content hash and settings
fingerprint), sends chunks of documents to a backend (in-process, a local process pool, or
Dask) with a bounded number of chunks in flight so memory stays flat, and is the only writer of
the results store. A chunk that fails as a whole (a worker process died) is retried one
document at a time, alone in the pool, so the document responsible is found and recorded as
failed while every other document is still checked.

Ctrl-C (or SIGTERM) stops scheduling: finished chunks are recorded and committed, running ones
are abandoned, and ``--resume`` picks up from there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from transcheck.audit.backends import Backend
from transcheck.audit.progress import Counts, Progress, estimate_total
from transcheck.audit.store import RunInfo, Store, Totals
from transcheck.audit.work import (
    FAILED,
    ChunkResult,
    Row,
    content_hash,
    document_key,
    failed_row,
    peak_rss_kb,
)
from transcheck.config import Settings, load_settings
from transcheck.document import Document
from transcheck.errors import ConfigError
from transcheck.findings import Severity

#: Keys of ``[tool.transcheck.audit]`` (command-line options win over them).
AUDIT_KEYS: dict[str, str] = {
    "workers": "worker processes (default: the number of CPUs)",
    "chunk-size": "documents per task (default: 32)",
    "max-bytes": "larger files are recorded as failed, not read (default: 20000000)",
    "commit-every": "store commits after this many documents (default: 256)",
    "store": "the results store (default: audit.db)",
}

DEFAULT_CHUNK = 32
DEFAULT_STORE = "audit.db"
EMPTY_ERROR = "empty document: no text to check"


@dataclass
class ReportTargets:
    """Report files to write at the end of an audit (None: not wanted)."""

    html: str | None = None
    jsonl: str | None = None
    csv: str | None = None

    def any(self) -> bool:
        return bool(self.html or self.jsonl or self.csv)


@dataclass
class AuditRequest:
    """An ``audit`` invocation.

    Attributes:
        paths: files, directories and archives to read.
        overrides: settings from the command line (kebab-case config keys).
        store: the SQLite results store (default from config, else ``audit.db``).
        workers: processes of the local pool (1: check in this process).
        scheduler: address of an existing Dask scheduler.
        dask_local: start a Dask LocalCluster with this many workers.
        progress: draw the progress line on ``err``.
    """

    paths: list[str]
    overrides: dict[str, Any] = field(default_factory=dict)
    config: str | None = None
    isolated: bool = False
    store: str | None = None
    resume: bool = False
    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    chunk_size: int | None = None
    max_bytes: int | None = None
    commit_every: int | None = None
    progress: bool = False
    reports: ReportTargets = field(default_factory=ReportTargets)


@dataclass
class AuditOutcome:
    """How an audit went: this run's counts, the store's totals and the exit code."""

    run: int
    store: str
    backend: str
    workers: int
    counts: Counts
    totals: Totals
    elapsed_s: float
    worker_peak_kb: dict[int, int]
    interrupted: bool
    exit_code: int

    @property
    def docs_per_s(self) -> float:
        """Documents accounted for per second of wall time (skipped ones included)."""
        return self.counts.finished / self.elapsed_s if self.elapsed_s > 0 else 0.0


def audit_settings(request: AuditRequest) -> Settings:
    """Settings for the audit, with the ``[tool.transcheck.audit]`` keys validated."""
    settings = load_settings(request.overrides, config=request.config, isolated=request.isolated)
    for key, value in settings.audit.items():
        if key not in AUDIT_KEYS:
            raise ConfigError(f"unknown key 'audit.{key}' (known keys: {', '.join(AUDIT_KEYS)})")
        if key == "store":
            if not isinstance(value, str) or not value:
                raise ConfigError("'audit.store' must be a file name")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"'audit.{key}' must be a positive integer (got {value!r})")
    return settings


def audit_fingerprint(settings: Settings, checker: Any) -> str:
    """What decides whether a stored result is still valid for ``--resume``.

    The settings fingerprint, plus what it cannot see: the transcheck version, the checks
    that run, the content of every rule in force and of the baseline file.
    """
    from transcheck import __version__

    h = hashlib.sha256()
    h.update(settings.fingerprint().encode())
    h.update(__version__.encode())
    h.update(repr(sorted(c.name for c in checker.checks)).encode())
    h.update(repr(sorted(repr(rule) for rule in checker.all_rules)).encode())
    if settings.baseline:
        try:
            with open(settings.baseline, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        except OSError:
            h.update(b"no baseline")
    return h.hexdigest()[:16]


def run_audit(request: AuditRequest, *, err: TextIO = sys.stderr) -> AuditOutcome:
    """Audit ``request.paths`` into the store, write the reports; return the outcome."""
    from transcheck.api import read_options
    from transcheck.pipeline import Checker
    from transcheck.readers import iter_documents

    settings = audit_settings(request)
    conf = settings.audit
    checker = Checker(settings)  # validates selection and rule packs before any work starts
    fp = audit_fingerprint(settings, checker)
    options = read_options(settings)
    max_bytes = request.max_bytes or conf.get("max-bytes")
    if max_bytes:
        options = dataclasses.replace(options, max_bytes=int(max_bytes))
    items = iter_documents(request.paths, options)  # raises now for a missing path
    store_path = request.store or conf.get("store") or DEFAULT_STORE
    chunk_size = request.chunk_size or int(conf.get("chunk-size", DEFAULT_CHUNK))
    commit_every = request.commit_every or int(conf.get("commit-every", 256))

    total = None
    if request.progress:
        total = estimate_total(request.paths, options.include, options.exclude)
    progress = Progress(err, enabled=request.progress, total=total)
    lock = _lock_store(Path(store_path))
    backend = _backend(request, settings, fp, checker)
    stopper = _Stopper()
    try:
        opened = Store(store_path, commit_every=commit_every)
    except BaseException:
        backend.close(cancel=True)  # the workers must not outlive a store that cannot open
        lock.close()
        raise
    with lock, opened as store:
        run = store.start_run(
            RunInfo(
                settings_fp=fp,
                settings=dataclasses.asdict(settings),
                fail_level=settings.fail_level,
                paths=list(request.paths),
                backend=backend.name,
                workers=backend.workers,
                resume=request.resume,
            )
        )
        scheduler = _Scheduler(backend, store, run, fp, chunk_size, progress, stopper)
        started = time.perf_counter()
        with stopper:
            try:
                scheduler.run(_prepare(items, store, fp, request.resume, scheduler))
            finally:
                backend.close(cancel=stopper.signum is not None)
        elapsed = time.perf_counter() - started
        progress.close(scheduler.counts)
        interrupted = stopper.signum is not None
        peaks = dict(scheduler.peaks)
        store.finish_run(
            run,
            "interrupted" if interrupted else "complete",
            {
                **dataclasses.asdict(scheduler.counts),
                "elapsed_s": round(elapsed, 3),
                "worker_peak_kb": {str(k): v for k, v in peaks.items()},
            },
        )
        totals = store.totals()
        if not interrupted and request.reports.any():
            write_reports(store, request.reports, settings.fail_level)
    if interrupted:
        code = 128 + (stopper.signum or signal.SIGINT)
    else:
        code = 1 if fails_at(totals, settings.fail_level) else 0
    return AuditOutcome(
        run=run,
        store=str(store_path),
        backend=backend.name,
        workers=backend.workers,
        counts=scheduler.counts,
        totals=totals,
        elapsed_s=elapsed,
        worker_peak_kb=peaks,
        interrupted=interrupted,
        exit_code=code,
    )


def _backend(request: AuditRequest, settings: Settings, fp: str, checker: Any) -> Backend:
    from transcheck.audit import backends, work

    if request.scheduler and request.dask_local:
        raise ConfigError("--scheduler and --dask-local exclude each other")
    if request.scheduler or request.dask_local:
        return backends.DaskBackend(
            settings, fp, address=request.scheduler, local_workers=request.dask_local
        )
    workers = request.workers or int(settings.audit.get("workers", 0)) or os.cpu_count() or 1
    if workers <= 1:
        # Reuse the checker built for validation: this process is the only worker.
        work._CHECKERS.clear()
        work._CHECKERS[settings.fingerprint() + repr(settings.baseline)] = checker
        return backends.InlineBackend(settings, fp)
    return backends.PoolBackend(settings, fp, workers)


def fails_at(totals: Totals, fail_level: str) -> bool:
    """True when the store holds a finding at or above ``fail_level``."""
    if fail_level == "never":
        return False
    threshold = Severity.parse(fail_level).rank
    return any(n for sev, n in totals.by_severity.items() if Severity(sev).rank >= threshold)


def _prepare(
    items: Iterator[Any], store: Store, fp: str, resume: bool, scheduler: _Scheduler
) -> Iterator[Document]:
    """Documents that must be checked; everything else is recorded (or skipped) on the way."""
    from transcheck.readers import ReadFailure

    counts = scheduler.counts
    ids = _UniqueIds()
    for item in items:
        counts.seen += 1
        if not isinstance(item, ReadFailure):
            ids.make_unique(item)
        if isinstance(item, ReadFailure):
            where = f"line {item.line}: " if item.line else ""
            scheduler.record(
                Row(
                    path=item.path,
                    doc_id=item.id,
                    content_hash="",
                    settings_fp=fp,
                    status=FAILED,
                    error=f"{where}{item.message}",
                )
            )
            continue
        if resume:
            path, doc_id = document_key(item)
            if store.is_current(path, doc_id, content_hash(item), fp):
                counts.skipped += 1
                scheduler.tick()
                continue
        if not item.text.strip():
            scheduler.record(failed_row(item, fp, EMPTY_ERROR))
            continue
        yield item
        if scheduler.stopping():
            return


def _lock_store(path: Path) -> Any:
    """An exclusive lock on ``<store>.lock`` for the run: a second audit on the same store
    would otherwise reset or interleave with this one's rows."""
    import fcntl

    lock_path = Path(f"{path}.lock")
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise ConfigError(f"cannot lock {path}: {exc.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ConfigError(f"{path} is in use by another audit") from None
    return handle


class _UniqueIds:
    """Gives a record whose id repeats within its file the id ``<id>#<n>``, so that no record
    overwrites another in the store. Only 64-bit hashes of the current file's ids are kept."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._seen: set[int] = set()
        self._repeats: dict[str, int] = {}

    def make_unique(self, doc: Document) -> None:
        if "record" not in doc.meta:
            return
        if doc.path != self._path:
            self._path, self._seen, self._repeats = doc.path, set(), {}
        key = hash(doc.id)
        if key in self._seen:
            n = self._repeats.get(doc.id, 1) + 1
            self._repeats[doc.id] = n
            doc.meta["repeated_id"] = doc.id
            doc.id = f"{doc.id}#{n}"
            key = hash(doc.id)
        self._seen.add(key)


class _Scheduler:
    """Keeps a bounded number of chunks in flight and records their rows."""

    def __init__(
        self,
        backend: Backend,
        store: Store,
        run: int,
        fp: str,
        chunk_size: int,
        progress: Progress,
        stopper: _Stopper,
    ) -> None:
        self.backend = backend
        self.store = store
        self.run_id = run
        self.fp = fp
        self.chunk_size = chunk_size
        self.progress = progress
        self.stopper = stopper
        self.counts = Counts()
        self.peaks: dict[int, int] = {}
        self.max_in_flight = max(2, backend.workers * 3)
        self.in_flight: dict[Any, list[Document]] = {}
        self.suspects: deque[Document] = deque()
        self.isolating = False  # a suspect runs alone in the backend

    def stopping(self) -> bool:
        return self.stopper.signum is not None

    def tick(self) -> None:
        self.progress.update(self.counts)

    def record(self, row: Row) -> None:
        self.store.put(row, self.run_id)
        if row.status == FAILED:
            self.counts.failed += 1
        else:
            self.counts.checked += 1
        self.counts.findings += len(row.findings)
        self.tick()

    def run(self, documents: Iterator[Document]) -> None:
        chunk: list[Document] = []
        for doc in documents:
            chunk.append(doc)
            if len(chunk) >= self.chunk_size:
                self._submit(chunk)
                chunk = []
            if self.stopping():
                return
        if chunk and not self.stopping():
            self._submit(chunk)
        while (self.in_flight or self.suspects) and not self.stopping():
            self._drain(block=True)
        if self.stopping():
            self._drain(block=False)  # keep what already finished

    def _busy(self) -> bool:
        return len(self.in_flight) >= self.max_in_flight or bool(self.suspects) or self.isolating

    def _submit(self, chunk: list[Document]) -> None:
        while self._busy() and not self.stopping():
            self._drain(block=True)
        if not self.stopping():
            self.in_flight[self.backend.submit(chunk)] = chunk
            self._drain(block=False)

    def _drain(self, *, block: bool) -> None:
        if not self.in_flight and self.suspects:
            # Alone in the pool: if it kills its worker again, it is the culprit.
            doc = self.suspects.popleft()
            self.in_flight[self.backend.submit([doc])] = [doc]
            self.isolating = True
        if not self.in_flight:
            return
        done = self.backend.wait(self.in_flight.keys(), timeout=0.2 if block else 0)
        for handle in done:
            chunk = self.in_flight.pop(handle)
            alone = self.isolating
            self.isolating = False
            try:
                result: ChunkResult = self.backend.result(handle)
            except Exception as exc:  # a worker died or a task failed
                self._chunk_failed(chunk, exc, alone=alone)
                continue
            self.peaks[result.pid] = max(self.peaks.get(result.pid, 0), result.maxrss_kb)
            for row in result.rows:
                self.record(row)
        if not done:
            self.tick()

    def _chunk_failed(self, chunk: list[Document], exc: Exception, *, alone: bool) -> None:
        self.backend.recover()
        if alone:
            reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
            self.record(failed_row(chunk[0], self.fp, f"worker failed on this document: {reason}"))
        else:
            self.suspects.extend(chunk)


class _Stopper:
    """SIGINT/SIGTERM handler: the first signal asks the audit to stop, a second one kills it."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum

    def __enter__(self) -> _Stopper:
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def write_reports(store: Store, targets: ReportTargets, fail_level: str | None = None) -> None:
    """Write the requested reports from ``store`` (each file replaced atomically)."""
    writers: list[tuple[str, Callable[[Store, TextIO], Any]]] = []
    if targets.html:
        from transcheck.audit.report_html import write_html

        writers.append((targets.html, lambda s, fh: write_html(s, fh, fail_level=fail_level)))
    if targets.jsonl:
        from transcheck.audit.report_jsonl import write_jsonl

        writers.append((targets.jsonl, write_jsonl))
    if targets.csv:
        from transcheck.audit.report_csv import write_csv

        writers.append((targets.csv, write_csv))
    for path, writer in writers:
        tmp = f"{path}.tmp"
        newline = "" if writer.__name__ == "write_csv" else "\n"
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            writer(store, fh)
        os.replace(tmp, path)


__all__ = [
    "AUDIT_KEYS",
    "AuditOutcome",
    "AuditRequest",
    "ReportTargets",
    "audit_fingerprint",
    "audit_settings",
    "fails_at",
    "peak_rss_kb",
    "run_audit",
    "write_reports",
]
