"""Reports: render the results of ``transcheck check`` as text, JSON, SARIF or HTML.

Every format reads the same :class:`~transcheck.results.DocumentResult` list, and the shared work
(locating findings in the file, counting, turning evidence into JSON) lives here so that the
formats agree on line numbers and totals. Format modules are imported only when used, so the
text report never pays for the HTML one.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from transcheck import __version__
from transcheck.document import Position, Span
from transcheck.errors import ConfigError
from transcheck.findings import Finding, Severity
from transcheck.results import DocumentResult, fails

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "html")

# Highest first: the order in which reports list severities.
SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class ReportOptions:
    """How to render a report.

    Attributes:
        color: ANSI colours in text output (the CLI passes True on a terminal).
        show_context: text output prints the source line with the span underlined.
        tool_version: the version reported in JSON, SARIF and HTML.
        fail_level: ``error``, ``warning``, ``info`` or ``never``; reports say whether it is met.
        base_dir: SARIF artifact URIs are made relative to it (default: the working directory).
    """

    color: bool = False
    show_context: bool = True
    tool_version: str = __version__
    fail_level: str = "warning"
    base_dir: str | None = None


DEFAULT_OPTIONS = ReportOptions()

Renderer = Callable[[Sequence[DocumentResult], TextIO, ReportOptions], None]


def render(
    fmt: str,
    results: Sequence[DocumentResult],
    stream: TextIO,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> None:
    """Write the report of ``results`` in format ``fmt`` (one of :data:`FORMATS`) to ``stream``.

    Raises:
        ConfigError: for an unknown format or fail level.
    """
    renderer = _renderer(fmt)
    renderer(results, stream, options)


def _renderer(fmt: str) -> Renderer:
    if fmt == "text":
        from transcheck.report.text import render_text

        return render_text
    if fmt == "json":
        from transcheck.report.json_format import render_json

        return render_json
    if fmt == "sarif":
        from transcheck.report.sarif import render_sarif

        return render_sarif
    if fmt == "html":
        from transcheck.report.html import render_html

        return render_html
    raise ConfigError(f"unknown report format {fmt!r} (expected one of: {', '.join(FORMATS)})")


@dataclass(frozen=True)
class LocatedFinding:
    """A finding with everything a report prints about where it is.

    ``start`` and ``end`` are the span clamped to the document text, so a faulty span from a
    check cannot crash a report. ``end_position`` is exclusive: the line and column just after
    the last flagged character (SARIF's convention).
    """

    finding: Finding
    index: int
    start: int
    end: int
    text: str
    position: Position
    end_position: Position
    fingerprint: str | None


def locate(result: DocumentResult) -> list[LocatedFinding]:
    """Locate every finding of ``result`` in its file, in the order of ``result.findings``."""
    doc = result.document
    n = len(doc.text)
    # Fingerprints are parallel to findings; anything else means none were computed.
    fps = result.fingerprints if len(result.fingerprints) == len(result.findings) else []
    located = []
    for i, finding in enumerate(result.findings):
        start = min(finding.span.start, n)
        end = max(start, min(finding.span.end, n))
        located.append(
            LocatedFinding(
                finding=finding,
                index=i,
                start=start,
                end=end,
                text=doc.text[start:end],
                position=doc.position(start),
                end_position=doc.end_position(end, start),
                fingerprint=fps[i] if fps else None,
            )
        )
    return located


@dataclass(frozen=True)
class Summary:
    """Totals over a list of results.

    Attributes:
        documents: documents in the report.
        documents_with_findings: documents with at least one finding.
        findings: findings reported (suppressed ones excluded).
        errors: documents that could not be checked.
        suppressed: findings hidden by the baseline.
        by_severity: count per severity, every severity present, highest first.
        by_type: count per finding type that occurs, sorted by type.
        fail_level: the fail level the totals were judged against.
        failed: whether any finding is at or above ``fail_level``.
    """

    documents: int
    documents_with_findings: int
    findings: int
    errors: int
    suppressed: int
    by_severity: dict[str, int]
    by_type: dict[str, int]
    fail_level: str
    failed: bool


def summarize(results: Sequence[DocumentResult], fail_level: str = "warning") -> Summary:
    """Count findings by severity and type; raise :class:`ConfigError` for a bad fail level."""
    severities = Counter(f.severity for r in results for f in r.findings)
    types = Counter(f.type for r in results for f in r.findings)
    fail_level = fail_level.strip().lower()
    if fail_level != "never":
        try:
            Severity.parse(fail_level)
        except ValueError:
            raise ConfigError(
                f"invalid fail level {fail_level!r} (expected error, warning, info or never)"
            ) from None
    failed = fails(list(results), fail_level)
    return Summary(
        documents=len(results),
        documents_with_findings=sum(1 for r in results if r.findings),
        findings=sum(len(r.findings) for r in results),
        errors=sum(1 for r in results if r.error),
        suppressed=sum(r.suppressed for r in results),
        by_severity={s.value: severities.get(s, 0) for s in SEVERITIES},
        by_type=dict(sorted(types.items())),
        fail_level=fail_level,
        failed=failed,
    )


_MAX_DEPTH = 32


def jsonable(value: Any, _depth: int = 0) -> Any:
    """Convert evidence (or any value) to plain JSON data, deterministically and without failing.

    Tuples, lists and sets become lists (sets sorted), mappings become objects with string keys
    (sorted), a :class:`Span` becomes ``{"start", "end"}``, other dataclasses their fields,
    enums their value, non-finite floats and anything else their ``str()``.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if _depth >= _MAX_DEPTH:
        return str(value)  # cycles or absurd nesting: stop, do not recurse forever
    depth = _depth + 1
    if isinstance(value, enum.Enum):
        return jsonable(value.value, depth)
    if isinstance(value, Span):
        return {"start": value.start, "end": value.end}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: jsonable(getattr(value, f.name), depth)
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        items = {_key(k): jsonable(v, depth) for k, v in value.items()}
        return dict(sorted(items.items()))
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth) for v in value]
    if isinstance(value, (set, frozenset)):
        converted = [jsonable(v, depth) for v in value]
        return sorted(converted, key=repr)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _key(key: Any) -> str:
    return str(key.value) if isinstance(key, enum.Enum) else str(key)


def evidence_summary(evidence: Mapping[str, Any], limit: int = 240) -> str:
    """One line ``key=value; ...`` for tooltips and terse displays, cut to ``limit`` characters."""
    parts = []
    for key in sorted(evidence, key=str):
        value = jsonable(evidence[key])
        shown = value if isinstance(value, str) else _compact_json(value)
        parts.append(f"{key}={shown}")
    line = "; ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _compact_json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_id(result: DocumentResult) -> str | None:
    """The record id when the document is a record of an archive, else None."""
    doc = result.document
    return doc.id if "record" in doc.meta else None


__all__ = [
    "DEFAULT_OPTIONS",
    "FORMATS",
    "SEVERITIES",
    "LocatedFinding",
    "ReportOptions",
    "Summary",
    "evidence_summary",
    "jsonable",
    "locate",
    "record_id",
    "render",
    "summarize",
]
