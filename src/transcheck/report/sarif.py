"""The SARIF 2.1.0 report, for code-scanning dashboards and editors.

The mapping from findings to SARIF objects is documented in ``docs/output-formats.md``. Columns
count Unicode code points (``run.columnKind``), as transcheck's own columns do; end columns are
exclusive, as SARIF wants.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from transcheck.document import Document
from transcheck.findings import TYPES, Finding, Severity
from transcheck.report import (
    LocatedFinding,
    ReportOptions,
    jsonable,
    locate,
    record_id,
    summarize,
)
from transcheck.results import DocumentResult

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "transcheck/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions) -> None:
    """Write the SARIF log of ``results`` to ``stream``."""
    json.dump(to_sarif(results, options), stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def to_sarif(results: Sequence[DocumentResult], options: ReportOptions) -> dict[str, Any]:
    """The SARIF log as plain data: one run, one result per finding."""
    summary = summarize(results, options.fail_level)
    base = os.path.abspath(options.base_dir if options.base_dir is not None else os.getcwd())
    rules, rule_index = _rules(results)
    sarif_results = []
    notifications = []
    for result in results:
        location = _artifact_location(result.document, base)
        for located in locate(result):
            sarif_results.append(_result(result, located, location, rule_index))
        if result.error:
            notifications.append(_notification("error", result, result.error, location))
        for note in result.notes:
            notifications.append(_notification("note", result, note, location))

    invocation: dict[str, Any] = {"executionSuccessful": summary.errors == 0}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {
        "name": "transcheck",
        "version": options.tool_version,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
    }
    if _uses_srcroot(sarif_results, notifications):
        run["originalUriBaseIds"] = {SRCROOT: {"uri": _directory_uri(base)}}
    run["results"] = sarif_results
    run["properties"] = {
        "failLevel": summary.fail_level,
        "failed": summary.failed,
        "suppressed": summary.suppressed,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rules(results: Sequence[DocumentResult]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One reporting descriptor per rule id that occurs, sorted by id, and the id -> index map."""
    first: dict[str, Finding] = {}
    for result in results:
        for finding in result.findings:
            first.setdefault(finding.rule, finding)
    ids = sorted(first)
    return [_descriptor(first[rule]) for rule in ids], {rule: i for i, rule in enumerate(ids)}


def _descriptor(finding: Finding) -> dict[str, Any]:
    kind = TYPES[finding.type]
    return {
        "id": finding.rule,
        "name": finding.rule,
        "shortDescription": {"text": _sentence(kind.description)},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "type": finding.type,
            "mqmCategory": kind.mqm,
            "tags": ["translation", finding.type],
        },
    }


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _result(
    result: DocumentResult,
    located: LocatedFinding,
    artifact: dict[str, Any],
    rule_index: dict[str, int],
) -> dict[str, Any]:
    f = located.finding
    record = record_id(result)
    message = f.message if record is None else f"record {record}: {f.message}"
    if f.suggestion:
        message += f" (suggestion: {f.suggestion})"
    properties: dict[str, Any] = {
        "type": f.type,
        "confidence": jsonable(f.confidence),
        "evidence": jsonable(dict(f.evidence)),
    }
    if f.suggestion:
        properties["suggestion"] = f.suggestion
    location: dict[str, Any]
    if record is None:
        region: dict[str, Any] = {
            "startLine": located.position.line,
            "startColumn": located.position.column,
            "endLine": located.end_position.line,
            "endColumn": located.end_position.column,
            "snippet": {"text": located.text},
        }
        location = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    else:
        # Lines and columns of a record count inside its text field, not the archive file:
        # point at the record's line in the file, and keep the in-record position apart.
        region = {"startLine": result.document.line_base}
        location = {
            "physicalLocation": {"artifactLocation": artifact, "region": region},
            "logicalLocations": [
                {
                    "name": record,
                    "fullyQualifiedName": result.document.display_path,
                    "kind": "record",
                }
            ],
        }
        properties["text"] = located.text
        properties["recordLocation"] = {
            "line": located.position.line,
            "column": located.position.column,
            "endLine": located.end_position.line,
            "endColumn": located.end_position.column,
        }
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [location],
    }
    if located.fingerprint:
        out["partialFingerprints"] = {FINGERPRINT_KEY: located.fingerprint}
    out["properties"] = properties
    return out


def _notification(
    level: str, result: DocumentResult, text: str, artifact: dict[str, Any]
) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": f"{result.document.display_path}: {text}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
    }


def _artifact_location(doc: Document, base: str) -> dict[str, Any]:
    """``uri`` relative to ``base`` (with ``%SRCROOT%``) when the file is under it, else absolute.

    Standard input is ``stdin``; a document with no path (the Python API) uses its id.
    """
    if doc.path == "-":
        return {"uri": "stdin"}
    if doc.path is None:
        return {"uri": quote(doc.id, safe="/")}
    absolute = os.path.normpath(os.path.abspath(doc.path))
    try:
        relative: str | None = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        relative = None
    if relative is None or relative == ".." or relative.startswith(".." + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(PurePath(relative).as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _directory_uri(path: str) -> str:
    uri = Path(path).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _uses_srcroot(results: list[dict[str, Any]], notifications: list[dict[str, Any]]) -> bool:
    for item in (*results, *notifications):
        for location in item.get("locations", []):
            if location["physicalLocation"]["artifactLocation"].get("uriBaseId") == SRCROOT:
                return True
    return False
