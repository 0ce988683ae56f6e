"""CSV summary: one row per document, for a spreadsheet.

Columns: ``path``, ``id``, ``status`` (done / failed), ``findings`` and the count per severity,
``worst`` severity, ``types`` (``type=count`` pairs, most frequent first), ``source_lang``,
``error`` (why a document failed) and ``timing_ms``. Cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``) are prefixed with a quote.
"""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO

from transcheck.audit.store import Store

COLUMNS = (
    "path",
    "id",
    "status",
    "findings",
    "error_findings",
    "warning_findings",
    "info_findings",
    "worst",
    "types",
    "source_lang",
    "error",
    "timing_ms",
)


def write_csv(store: Store, stream: TextIO) -> int:
    """Write one row per document of ``store`` to ``stream``; return the number of rows."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = 0
    for doc in store.iter_documents():
        types = Counter(f["type"] for f in doc.findings)
        worst = next((s for s in ("error", "warning", "info") if doc.counts.get(s)), "")
        writer.writerow(
            [
                _cell(v)
                for v in (
                    doc.path,
                    doc.doc_id,
                    doc.status,
                    len(doc.findings),
                    doc.counts.get("error", 0),
                    doc.counts.get("warning", 0),
                    doc.counts.get("info", 0),
                    worst,
                    "; ".join(f"{t}={n}" for t, n in types.most_common()),
                    doc.source_lang or "",
                    doc.error or "",
                    f"{doc.timing_ms:.1f}",
                )
            ]
        )
        rows += 1
    return rows


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
