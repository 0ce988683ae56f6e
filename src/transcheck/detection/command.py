"""What ``transcheck detect`` does: read documents, detect, write text or JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from transcheck.detection.result import UNKNOWN, DetectionResult
from transcheck.document import Document
from transcheck.errors import ConfigError

FORMATS = ("text", "json")


@dataclass
class DetectRequest:
    """Options of one ``detect`` run (command line values; ``None`` = from config)."""

    paths: list[str]
    fmt: str | None = None
    backend: str | None = None
    candidates: Sequence[str] | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    config: str | None = None
    isolated: bool = False


def parse_candidates(value: str | Sequence[str] | None) -> list[str] | None:
    """``"en,fr"`` or a list of codes -> validated lower-case codes (``None`` when empty)."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [str(c).strip().lower() for c in items if str(c).strip()]
    for code in codes:
        if not code.replace("-", "").isalpha() or not 2 <= len(code) <= 8:
            raise ConfigError(f"candidates: {code!r} is not a language code such as 'en'")
    return codes or None


def _snippet(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _pos(doc: Document, offset: int) -> str:
    pos = doc.position(offset)
    return f"{pos.line}:{pos.column}"


def render_text(doc: Document, result: DetectionResult) -> str:
    """A human-readable report for one document."""
    where = doc.display_path
    lines = [f"{where}: {result.lang} ({result.confidence:.2f}) [{result.backend}]"]
    others = ", ".join(f"{s.lang} {s.prob:.2f}" for s in result.scores[1:4])
    if others:
        lines.append(f"  also: {others}")
    src = result.source
    if src.lang != UNKNOWN:
        lines.append(f"  likely source: {src.lang} ({src.confidence:.2f})")
    else:
        lines.append("  likely source: unknown (evidence too weak)")
    if src.ranked:
        lines.append("    ranked: " + ", ".join(f"{r.lang} {r.prob:.2f}" for r in src.ranked[:5]))
    for ev in src.evidence[:10]:
        at = f" at {_pos(doc, ev.start)}" if ev.start is not None else ""
        lines.append(
            f"    {ev.kind} {ev.cue} -> {'/'.join(ev.langs)} x{ev.count} "
            f"(+{ev.weight:.2f}){at}: {_snippet(ev.example, 40)!r}"
        )
    if result.paragraphs:
        lines.append("  paragraphs:")
        for seg in result.paragraphs:
            lines.append(f"    {_pos(doc, seg.start)}  {seg.lang} {seg.confidence:.2f}")
    if result.sentences:
        lines.append("  sentences:")
        for seg in result.sentences:
            snippet = _snippet(doc.text[seg.start : seg.end])
            lines.append(f"    {_pos(doc, seg.start)}  {seg.lang} {seg.confidence:.2f}  {snippet}")
    if result.spans:
        lines.append("  mixed-language spans:")
        for span in result.spans:
            lines.append(
                f"    {_pos(doc, span.start)}-{_pos(doc, span.end)}  {span.lang} "
                f"{span.confidence:.2f} ({span.method})  {_snippet(span.text)!r}"
            )
    for note in result.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def as_json(doc: Document, result: DetectionResult) -> dict[str, Any]:
    """One document's result as a JSON-ready dict, with line:col for spans."""
    data = result.to_dict()
    for span in data["spans"]:
        start, end = doc.position(span["start"]), doc.position(span["end"])
        span["line"], span["column"] = start.line, start.column
        span["end_line"], span["end_column"] = end.line, end.column
    return {"id": doc.id, "path": doc.path, **data}


def run_detect(request: DetectRequest, out: TextIO, err: TextIO) -> int:
    """Run ``detect``; return the exit code (2 when an input could not be read)."""
    from transcheck.api import read_options
    from transcheck.config import load_settings
    from transcheck.detection.backends import get_detector
    from transcheck.detection.core import detect_document
    from transcheck.readers import ReadFailure, iter_documents
    from transcheck.segment import segment

    settings = load_settings(request.overrides, config=request.config, isolated=request.isolated)
    fmt = request.fmt or "text"
    if fmt not in FORMATS:
        raise ConfigError(f"detect: format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    backend = request.backend or settings.detect.get("backend")
    if backend is not None and not isinstance(backend, str):
        raise ConfigError("detect.backend must be a string")
    candidates = parse_candidates(
        request.candidates if request.candidates else settings.detect.get("candidates")
    )
    get_detector(backend)  # fail early on an unknown or missing backend
    failures = 0
    documents: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    first = True
    for item in iter_documents(request.paths, read_options(settings)):
        if isinstance(item, ReadFailure):
            failures += 1
            where = f"{item.path}:{item.line}" if item.line else item.path
            err.write(f"transcheck: error: {where}: {item.message}\n")
            failed.append(
                {"path": item.path, "id": item.id, "line": item.line, "message": item.message}
            )
            continue
        seg = segment(item.text, lang=item.lang)
        result = detect_document(
            item, seg.sentences, seg.paragraphs, candidates=candidates, backend=backend
        )
        if fmt == "json":
            documents.append(as_json(item, result))
        else:
            out.write(("" if first else "\n") + render_text(item, result) + "\n")
            first = False
    if fmt == "json":
        json.dump({"documents": documents, "failures": failed}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return 2 if failures else 0
