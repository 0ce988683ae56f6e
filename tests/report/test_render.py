from __future__ import annotations

import io

import pytest

from transcheck.document import Document, Span
from transcheck.errors import ConfigError
from transcheck.findings import Finding, Severity
from transcheck.report import FORMATS, ReportOptions, evidence_summary, locate, render, summarize
from transcheck.results import DocumentResult


def result() -> DocumentResult:
    doc = Document(text="one two two", id="a.txt", path="a.txt")
    f = Finding(
        type="fluency.repetition",
        rule="rep/doubled",
        severity=Severity.INFO,
        span=Span(4, 50),
        message="doubled",
    )  # span past the end of the text
    return DocumentResult(document=doc, findings=[f])


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "html")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt: str, tmp_path: object) -> None:
    out = io.StringIO()
    render(fmt, [result()], out, ReportOptions(base_dir=str(tmp_path)))
    assert "rep/doubled" in out.getvalue()


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown report format 'xml'"):
        render("xml", [], io.StringIO())


def test_locate_clamps_spans_to_the_text() -> None:
    (located,) = locate(result())
    assert (located.start, located.end, located.text) == (4, 11, "two two")
    assert located.end_position.column == 12


def test_summary_and_fail_levels() -> None:
    assert summarize([result()], "info").failed is True
    assert summarize([result()], "Warning").failed is False
    assert summarize([result()], "never").failed is False
    with pytest.raises(ConfigError):
        summarize([], "loud")


def test_evidence_summary_is_cut() -> None:
    line = evidence_summary({"b": "x" * 500, "a": [1, 2]}, limit=40)
    assert line.startswith("a=[1,2]; b=xxx") and len(line) == 40 and line.endswith("…")
