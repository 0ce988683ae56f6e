"""Baselines: remember the findings an archive already has, report only new ones.

A fingerprint identifies a finding without line numbers, so that edits elsewhere in a file do
not change it: the document id, the rule, the flagged text and a little normalised context on
either side, taken from the same line only (edits on other lines never change it).
Identical fingerprints in one document (the same mistake twice) are counted, and a baseline
suppresses at most as many as it recorded.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from transcheck.document import Document
from transcheck.errors import ConfigError
from transcheck.findings import Finding

BASELINE_VERSION = 1
_CONTEXT = 24
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def document_key(document: Document, base: str | None = None) -> str:
    """The document part of a fingerprint: a file's path relative to ``base`` (the baseline
    file's folder, else the current one) in POSIX form, so ``d/a.txt``, ``./d/a.txt`` and an
    absolute path agree; records add their id; standard input and strings keep their id."""
    import os
    from pathlib import PurePath

    path = document.path
    if not path or path == "-" or not os.path.exists(path):
        return document.id
    rel = PurePath(os.path.relpath(os.path.abspath(path), os.path.abspath(base or "."))).as_posix()
    return f"{rel}#{document.id}" if "record" in document.meta else rel


def fingerprint(document: Document, finding: Finding, base: str | None = None) -> str:
    """A stable identifier of ``finding`` in ``document`` (hex, 20 chars); ``base`` is the
    folder paths are taken relative to (see :func:`document_key`)."""
    text = document.text
    start, end = finding.span.start, finding.span.end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before = _norm(text[max(line_start, start - _CONTEXT) : start])
    after = _norm(text[end : min(line_end, end + _CONTEXT)])
    parts = (document_key(document, base), finding.rule, _norm(text[start:end]))
    key = "\x1f".join((*parts, before[-16:], after[:16]))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def write_baseline(path: str | Path, fingerprints: Iterable[str]) -> int:
    """Write a baseline file; return the number of findings recorded."""
    counts = Counter(fingerprints)
    data = {
        "transcheck_baseline": BASELINE_VERSION,
        "fingerprints": dict(sorted(counts.items())),
    }
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return sum(counts.values())


def read_baseline(path: str | Path) -> Counter[str]:
    """Fingerprint counts of a baseline file; a clear error when it is not one."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"baseline file not found: {p}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{p}: not a transcheck baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("transcheck_baseline") != BASELINE_VERSION:
        raise ConfigError(f"{p}: not a transcheck baseline (version {BASELINE_VERSION})")
    prints = data.get("fingerprints")
    if not isinstance(prints, dict) or not all(isinstance(v, int) for v in prints.values()):
        raise ConfigError(f"{p}: malformed 'fingerprints'")
    return Counter({str(k): int(v) for k, v in prints.items()})


class BaselineFilter:
    """Suppress findings recorded in a baseline, at most as many times as recorded.

    Fingerprints include the document, so counting per document (a fresh :meth:`for_document`
    each time) suppresses exactly what a whole-run count would, and checking the same
    document twice (the API in a loop) gives the same answer twice.
    """

    def __init__(self, counts: Counter[str]) -> None:
        self._counts = counts
        self._used: Counter[str] = Counter()

    def for_document(self) -> BaselineFilter:
        return BaselineFilter(self._counts)

    def is_known(self, fp: str) -> bool:
        if self._used[fp] < self._counts.get(fp, 0):
            self._used[fp] += 1
            return True
        return False
