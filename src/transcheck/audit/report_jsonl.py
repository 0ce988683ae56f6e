"""JSONL of findings: one JSON object per finding, streamed from the store in document order.

Each line holds the document (``path``, ``id``), where the finding is (``start``/``end`` into
the document text, ``line``/``column`` in the file), what it is (``type``, ``rule``,
``severity``, ``confidence``, ``source_lang``), what to tell a person (``message``,
``suggestion``, the flagged ``text``) and why (``evidence``, ``fingerprint``).
"""

from __future__ import annotations

import json
from typing import TextIO

from transcheck.audit.store import Store

FIELDS = (
    "type",
    "rule",
    "severity",
    "confidence",
    "source_lang",
    "start",
    "end",
    "line",
    "column",
    "text",
    "message",
    "suggestion",
    "evidence",
    "fingerprint",
)


def write_jsonl(store: Store, stream: TextIO) -> int:
    """Write every finding of ``store`` to ``stream``; return how many were written."""
    count = 0
    for path, doc_id, finding in store.iter_findings():
        record = {"path": path, "id": doc_id, **{k: finding[k] for k in FIELDS}}
        stream.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
        stream.write("\n")
        count += 1
    return count
