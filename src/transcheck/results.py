"""Results of checking documents: what reporters and the audit store consume."""

from __future__ import annotations

from dataclasses import dataclass, field

from transcheck.document import Document
from transcheck.findings import Finding, Severity


@dataclass
class DocumentResult:
    """Findings for one document, and what could not be done.

    Attributes:
        document: the checked document.
        findings: findings in document order, after selection, severity overrides and baseline.
        notes: one line each: checks skipped for a missing need, detection caveats...
        error: set when the document could not be checked at all; ``findings`` is then empty.
        suppressed: findings hidden by the baseline.
        fingerprints: baseline fingerprint of each finding, parallel to ``findings``.
        alignment: sentence alignment rows when a source was checked (for JSON/HTML reports).
        timing_ms: wall time spent checking the document.
        ignored: findings suppressed by per-file ignores or inline ``transcheck:`` comments.
    """

    document: Document
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    suppressed: int = 0
    fingerprints: list[str] = field(default_factory=list)
    alignment: list[dict[str, object]] | None = None
    timing_ms: float = 0.0
    ignored: int = 0

    def worst(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)


def fails(results: list[DocumentResult], fail_level: str) -> bool:
    """True when any finding is at or above ``fail_level`` (``never`` never fails)."""
    if fail_level == "never":
        return False
    threshold = Severity.parse(fail_level).rank
    return any(f.severity.rank >= threshold for r in results for f in r.findings)
