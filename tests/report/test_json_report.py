from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jsonschema
import pytest

from transcheck.document import Document, Span
from transcheck.findings import Finding, Severity
from transcheck.report import ReportOptions, jsonable, render
from transcheck.results import DocumentResult

TEXT = "Kim Yo Jong said in his statement.\nIts satellite program. -spies.\n"


@dataclass(frozen=True)
class Antecedent:
    name: str
    span: Span


def schema() -> dict[str, Any]:
    return json.loads(resources.files("transcheck.report").joinpath("schema.json").read_text())


def as_json(results: list[DocumentResult], **options: Any) -> dict[str, Any]:
    out = io.StringIO()
    render("json", results, out, ReportOptions(**options))
    return json.loads(out.getvalue())


def sample() -> list[DocumentResult]:
    start = TEXT.index("-spies")
    his = TEXT.index("his")
    findings = [
        Finding(
            type="agreement.pronoun-gender",
            rule="pronoun/gender",
            severity=Severity.ERROR,
            span=Span(his, his + 3),
            message="“she” earlier",
            confidence=0.8,
            evidence={
                "antecedent": Antecedent("Kim Yo Jong", Span(0, 11)),
                "scores": (0.5, float("nan")),
                "tags": {"b", "a"},
                "obj": object,
            },
        ),
        Finding(
            type="boundary.split-word",
            rule="split-word/fr-en",
            severity=Severity.WARNING,
            span=Span(start, start + 6),
            message="split",
            suggestion="satellite-spies",
        ),
    ]
    doc = Document(text=TEXT, id="story.txt", path="story.txt", lang="en", source_lang="fr")
    ok = DocumentResult(
        document=doc,
        findings=findings,
        fingerprints=["fp1", "fp2"],
        notes=["n"],
        suppressed=1,
        alignment=[{"source": (0,), "target": (0, 1), "score": 0.7}],
    )
    rec = DocumentResult(
        document=Document(text="Über", id="r1", path="a.jsonl", meta={"record": 3}, line_base=3),
        findings=[
            Finding(
                type="style.calque", rule="c", severity=Severity.INFO, span=Span(0, 4), message="m"
            )
        ],
    )
    bad = DocumentResult(document=Document(text="", id="-", path="-"), error="empty input")
    return [ok, rec, bad]


def test_output_validates_against_the_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    data = as_json(sample())
    jsonschema.Draft202012Validator(schema()).validate(data)
    empty = as_json([])
    jsonschema.Draft202012Validator(schema()).validate(empty)


def test_documents_findings_and_summary() -> None:
    data = as_json(sample(), tool_version="9.9")
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "transcheck", "version": "9.9"}
    doc = data["documents"][0]
    assert (doc["id"], doc["lang"], doc["source_lang"], doc["notes"]) == (
        "story.txt",
        "en",
        "fr",
        ["n"],
    )
    assert doc["alignment"] == [{"score": 0.7, "source": [0], "target": [0, 1]}]
    split = doc["findings"][1]
    assert split["span"] == {"start": 58, "end": 64}
    assert split["text"] == "-spies"
    assert split["location"] == {"line": 2, "column": 24, "end_line": 2, "end_column": 30}
    assert split["fingerprint"] == "fp2"
    assert split["suggestion"] == "satellite-spies"
    assert data["documents"][1]["record"] == 3
    assert data["documents"][1]["findings"][0]["fingerprint"] is None
    assert "alignment" not in data["documents"][1]
    assert data["documents"][2]["error"] == "empty input"
    assert data["summary"] == {
        "documents": 3,
        "documents_with_findings": 2,
        "findings": 3,
        "errors": 1,
        "suppressed": 1,
        "by_severity": {"error": 1, "warning": 1, "info": 1},
        "by_type": {"agreement.pronoun-gender": 1, "boundary.split-word": 1, "style.calque": 1},
        "fail_level": "warning",
        "failed": True,
    }


def test_evidence_is_converted_safely() -> None:
    evidence = as_json(sample())["documents"][0]["findings"][0]["evidence"]
    assert evidence["antecedent"] == {"name": "Kim Yo Jong", "span": {"start": 0, "end": 11}}
    assert evidence["scores"] == [0.5, "nan"]
    assert evidence["tags"] == ["a", "b"]
    assert evidence["obj"] == str(object)


def test_jsonable_handles_cycles_and_odd_keys() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert isinstance(json.dumps(jsonable(loop)), str)
    assert jsonable({1: math.inf, Severity.INFO: b"x"}) == {"1": "inf", "info": "x"}


def test_deterministic_and_not_ascii_escaped() -> None:
    first, second = io.StringIO(), io.StringIO()
    render("json", sample(), first)
    render("json", sample(), second)
    assert first.getvalue() == second.getvalue()
    assert "“she” earlier" in first.getvalue() and "Über" in first.getvalue()
    assert first.getvalue().endswith("}\n")


def test_bad_fail_level_is_a_config_error() -> None:
    from transcheck.errors import ConfigError

    with pytest.raises(ConfigError, match="fail level"):
        as_json(sample(), fail_level="sometimes")
