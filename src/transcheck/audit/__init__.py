"""Batch audit of archives: many documents checked in parallel into a resumable results store.

- :mod:`transcheck.audit.work`: what a worker does with a chunk of documents (no scheduling);
- :mod:`transcheck.audit.store`: the SQLite results store (one writer: the parent process);
- :mod:`transcheck.audit.runner`: reading, resume decisions, the local process pool or Dask;
- :mod:`transcheck.audit.progress`: the progress line on a terminal;
- ``report_html``, ``report_jsonl``, ``report_csv``: reports rebuilt from a store.

Nothing here knows about individual checks: whatever :class:`~transcheck.pipeline.Checker`
runs is stored, counted and reported, so a new check needs no change in this package.
Heavy modules (Dask, the report writers) are imported only when used.
"""

from __future__ import annotations
