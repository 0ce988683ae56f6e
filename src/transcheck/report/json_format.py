"""The JSON report (schema version 1), described by ``report/schema.json``.

The layout is documented in ``docs/output-formats.md``. Objects we define keep a fixed key order
(so a person reading the file sees ``schema_version`` first); evidence, alignment rows and counts
are sorted, so the same results always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from transcheck.report import LocatedFinding, ReportOptions, jsonable, locate, summarize
from transcheck.results import DocumentResult

SCHEMA_VERSION = 1


def render_json(results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions) -> None:
    """Write the JSON report of ``results`` to ``stream``."""
    json.dump(to_json(results, options), stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def to_json(results: Sequence[DocumentResult], options: ReportOptions) -> dict[str, Any]:
    """The JSON report as plain data."""
    summary = summarize(results, options.fail_level)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "transcheck", "version": options.tool_version},
        "documents": [_document(r) for r in results],
        "summary": {
            "documents": summary.documents,
            "documents_with_findings": summary.documents_with_findings,
            "findings": summary.findings,
            "errors": summary.errors,
            "suppressed": summary.suppressed,
            "by_severity": summary.by_severity,
            "by_type": summary.by_type,
            "fail_level": summary.fail_level,
            "failed": summary.failed,
        },
    }


def _document(result: DocumentResult) -> dict[str, Any]:
    doc = result.document
    out: dict[str, Any] = {
        "id": doc.id,
        "path": doc.path,
        "display_path": doc.display_path,
        "lang": doc.lang,
        "source_lang": doc.source_lang,
    }
    if "record" in doc.meta:
        out["record"] = jsonable(doc.meta["record"])
    out["error"] = result.error
    out["notes"] = list(result.notes)
    out["suppressed"] = result.suppressed
    if result.alignment:
        out["alignment"] = jsonable(result.alignment)
    out["findings"] = [_finding(located) for located in locate(result)]
    return out


def _finding(located: LocatedFinding) -> dict[str, Any]:
    f = located.finding
    return {
        "type": f.type,
        "rule": f.rule,
        "severity": f.severity.value,
        "confidence": jsonable(f.confidence),
        "message": f.message,
        "suggestion": f.suggestion,
        "span": {"start": located.start, "end": located.end},
        "text": located.text,
        "location": {
            "line": located.position.line,
            "column": located.position.column,
            "end_line": located.end_position.line,
            "end_column": located.end_position.column,
        },
        "evidence": jsonable(dict(f.evidence)),
        "fingerprint": located.fingerprint,
    }
