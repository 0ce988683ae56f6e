"""What ``transcheck check`` does, apart from parsing its options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from transcheck.api import failure_result, read_options
from transcheck.baseline import write_baseline
from transcheck.config import load_settings
from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.results import DocumentResult, fails


@dataclass
class CheckRequest:
    """A ``check`` invocation: inputs, settings overrides and what to do with the result."""

    paths: list[str]
    overrides: dict[str, Any] = field(default_factory=dict)
    config: str | None = None
    isolated: bool = False
    source_path: str | None = None
    reference_path: str | None = None
    write_baseline: str | None = None
    quiet: bool = False
    recursive: bool = False


def _read_side_file(path: str, encoding: str | None) -> str:
    from transcheck.readers import ReadOptions, read_document

    return read_document(path, ReadOptions(encoding=encoding)).text


def _attach_sides(doc: Document, request: CheckRequest, encoding: str | None) -> Document:
    if request.source_path:
        doc.source_text = _read_side_file(request.source_path, encoding)
    if request.reference_path:
        doc.reference_text = _read_side_file(request.reference_path, encoding)
    return doc


def run_check(request: CheckRequest, stream: TextIO, *, color: bool, err: TextIO) -> int:
    """Check every input, write the report to ``stream``; return the exit code."""
    from transcheck.pipeline import Checker
    from transcheck.readers import ReadFailure, iter_documents
    from transcheck.report import ReportOptions, render

    settings = load_settings(request.overrides, config=request.config, isolated=request.isolated)
    if request.write_baseline:
        settings.baseline = None  # record everything there is now
    checker = Checker(settings)
    if request.write_baseline:
        checker.fingerprint_base = os.path.dirname(os.path.abspath(request.write_baseline))
    results: list[DocumentResult] = []
    sided = bool(request.source_path or request.reference_path)
    for item in iter_documents(request.paths, read_options(settings, recursive=request.recursive)):
        if isinstance(item, ReadFailure):
            results.append(failure_result(item))
            continue
        if sided:
            if results:
                raise InputError("--source and --reference take a single input document")
            item = _attach_sides(item, request, settings.encoding)
        results.append(checker.check(item))

    if request.write_baseline:
        prints = [p for r in results for p in r.fingerprints]
        count = write_baseline(request.write_baseline, prints)
        err.write(
            f"transcheck: baseline of {count} findings written to {Path(request.write_baseline)}\n"
        )
        return 2 if any(r.error for r in results) else 0

    options = ReportOptions(
        color=color,
        show_context=not request.quiet,
        fail_level=settings.fail_level,
    )
    render(settings.format, results, stream, options)
    for r in results:
        if r.error:
            err.write(f"transcheck: error: {r.document.display_path}: {r.error}\n")
    if any(r.error for r in results):
        return 2
    return 1 if fails(results, settings.fail_level) else 0
