"""What a worker does: check a chunk of documents and turn each result into a store row.

This module runs in pool processes and on Dask workers, so it stays small and imports nothing
heavy. A :class:`~transcheck.pipeline.Checker` is built once per worker process and settings
(see :func:`checker_for`) and reused for every chunk.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.results import DocumentResult

if TYPE_CHECKING:
    from transcheck.pipeline import Checker

DONE = "done"
FAILED = "failed"

#: Characters of context kept on each side of a finding for the HTML report's document view.
EXCERPT_CONTEXT = 160
#: At most this many characters of excerpts per document: reports stay proportional to findings.
EXCERPT_BUDGET = 8000


@dataclass
class Row:
    """Everything the store records about one document.

    Attributes:
        path: the file the document came from ("" when none).
        doc_id: the document id (the path for files, the record id for archive records).
        content_hash: see :func:`content_hash`; with ``settings_fp`` it decides ``--resume``.
        settings_fp: the audit fingerprint of the settings the document was checked with.
        status: ``done`` or ``failed``.
        error: why the document failed (unreadable, a check crashed...), else None.
        findings: one plain dict per finding (see :func:`finding_dict`).
        excerpts: ``[start, text]`` windows of the text around the findings.
        timing_ms: wall time spent checking the document.
    """

    path: str
    doc_id: str
    content_hash: str
    settings_fp: str
    status: str
    error: str | None = None
    lang: str | None = None
    source_lang: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    excerpts: list[list[Any]] = field(default_factory=list)
    timing_ms: float = 0.0


@dataclass
class ChunkResult:
    """Rows of one chunk, and the worker's process id and peak memory (for the benchmark)."""

    rows: list[Row]
    pid: int
    maxrss_kb: int
    elapsed_s: float


def document_key(doc: Document) -> tuple[str, str]:
    """The store key of a document: its path ("" when none) and id."""
    return (doc.path or "", doc.id)


def content_hash(doc: Document) -> str:
    """sha256 of what a check reads: ids, declared languages, text, source and reference."""
    h = hashlib.sha256()
    for part in (
        doc.path,
        doc.id,
        doc.lang,
        doc.source_lang,
        doc.text,
        doc.source_text,
        doc.reference_text,
    ):
        # A marker per field keeps ("ab", None) and ("a", "b") apart.
        if part is None:
            h.update(b"\x00N")
        else:
            data = part.encode("utf-8", "surrogatepass")
            h.update(b"\x00S" + str(len(data)).encode() + b":" + data)
    return h.hexdigest()


_CHECKERS: dict[str, Checker] = {}


def checker_for(settings: Settings) -> Checker:
    """The worker's checker for ``settings``, built on first use."""
    from transcheck.pipeline import Checker

    key = settings.fingerprint() + repr(settings.baseline)
    checker = _CHECKERS.get(key)
    if checker is None:
        _CHECKERS.clear()  # a worker serves one audit at a time
        checker = Checker(settings)
        _CHECKERS[key] = checker
    return checker


def check_chunk(settings: Settings, settings_fp: str, docs: Sequence[Document]) -> ChunkResult:
    """Check ``docs``; a document that crashes the pipeline becomes a failed row."""
    started = time.perf_counter()
    checker = checker_for(settings)
    rows = [check_one(checker, settings_fp, doc) for doc in docs]
    return ChunkResult(rows, os.getpid(), peak_rss_kb(), time.perf_counter() - started)


def check_one(checker: Checker, settings_fp: str, doc: Document) -> Row:
    """The row for one document (never raises for a problem of the document)."""
    started = time.perf_counter()
    try:
        result = checker.check(doc)
    except Exception as exc:  # recorded in the store, the audit goes on
        row = failed_row(doc, settings_fp, f"checking failed: {type(exc).__name__}: {exc}")
        row.timing_ms = round((time.perf_counter() - started) * 1000, 3)
        return row
    return result_row(result, settings_fp)


def result_row(result: DocumentResult, settings_fp: str) -> Row:
    """The row for a checked document; a crashed check makes it ``failed``, findings kept."""
    from transcheck.report import locate

    doc = result.document
    path, doc_id = document_key(doc)
    located = locate(result)
    findings = [finding_dict(loc, doc) for loc in located]
    return Row(
        path=path,
        doc_id=doc_id,
        content_hash=content_hash(doc),
        settings_fp=settings_fp,
        status=FAILED if result.error else DONE,
        error=result.error,
        lang=doc.lang,
        source_lang=doc.source_lang,
        findings=findings,
        notes=list(result.notes),
        excerpts=excerpts(doc.text, [(f["start"], f["end"]) for f in findings]),
        timing_ms=result.timing_ms,
    )


def failed_row(doc: Document, settings_fp: str, error: str) -> Row:
    """The row for a document that could not be checked."""
    path, doc_id = document_key(doc)
    return Row(
        path=path,
        doc_id=doc_id,
        content_hash=content_hash(doc),
        settings_fp=settings_fp,
        status=FAILED,
        error=error,
        lang=doc.lang,
        source_lang=doc.source_lang,
    )


def finding_dict(located: Any, doc: Document) -> dict[str, Any]:
    """A finding as plain data, located in its file (``located`` is a LocatedFinding)."""
    from transcheck.report import jsonable

    f = located.finding
    evidence = jsonable(dict(f.evidence))
    return {
        "type": f.type,
        "rule": f.rule,
        "severity": f.severity.value,
        "confidence": jsonable(f.confidence),
        "message": f.message,
        "suggestion": f.suggestion,
        "start": located.start,
        "end": located.end,
        "line": located.position.line,
        "column": located.position.column,
        "text": located.text,
        "evidence": evidence,
        "fingerprint": located.fingerprint,
        "source_lang": finding_source_lang(doc.source_lang, evidence),
    }


def finding_source_lang(declared: str | None, evidence: Any) -> str:
    """The source language a finding points to: the declared one, else the rule's only one."""
    if declared:
        return declared
    langs = evidence.get("source_langs") if isinstance(evidence, dict) else None
    if isinstance(langs, list) and len(langs) == 1 and isinstance(langs[0], str):
        return langs[0]
    return "unknown"


def excerpts(text: str, spans: Sequence[tuple[int, int]]) -> list[list[Any]]:
    """Merged ``[start, text]`` windows around ``spans``, at most :data:`EXCERPT_BUDGET` chars."""
    windows: list[list[int]] = []
    for start, end in sorted(spans):
        lo = max(0, start - EXCERPT_CONTEXT)
        hi = min(len(text), end + EXCERPT_CONTEXT)
        # Start after a line break when one is near, so excerpts begin at a paragraph.
        cut = text.rfind("\n", lo, start)
        lo = cut + 1 if cut >= 0 else lo
        cut = text.find("\n", end, hi)
        hi = cut if cut >= 0 else hi
        lo, hi = _word_edges(text, lo, hi, start, end)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out: list[list[Any]] = []
    budget = EXCERPT_BUDGET
    for lo, hi in windows:
        if budget <= 0:
            break
        hi = min(hi, lo + budget)
        out.append([lo, text[lo:hi]])
        budget -= hi - lo
    return out


def _word_edges(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """Move window edges that fall inside a word to the nearest space, keeping the finding."""
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def peak_rss_kb() -> int:
    """Peak resident memory of this process in KiB (0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def init_pool_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's business (it stops scheduling and commits)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
