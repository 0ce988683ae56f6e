from __future__ import annotations

from transcheck.audit.work import (
    DONE,
    FAILED,
    check_one,
    content_hash,
    excerpts,
    result_row,
)
from transcheck.config import Settings
from transcheck.document import Document
from transcheck.pipeline import Checker
from transcheck.results import DocumentResult


def test_content_hash_covers_text_source_and_ids() -> None:
    base = Document(text="Hello.", id="1", path="a.jsonl")
    same = Document(text="Hello.", id="1", path="a.jsonl", meta={"record": 3})
    assert content_hash(base) == content_hash(same)
    for other in (
        Document(text="Hello!", id="1", path="a.jsonl"),
        Document(text="Hello.", id="2", path="a.jsonl"),
        Document(text="Hello.", id="1", path="b.jsonl"),
        Document(text="Hello.", id="1", path="a.jsonl", source_text="Bonjour."),
        Document(text="Hello.", id="1", path="a.jsonl", source_text=""),
    ):
        assert content_hash(other) != content_hash(base)


def test_excerpts_keep_findings_and_stay_bounded() -> None:
    text = "\n".join(f"Paragraph {i} " + "word " * 60 for i in range(200))
    spans = [
        (text.index(f"Paragraph {i} "), text.index(f"Paragraph {i} ") + 9) for i in range(0, 200, 2)
    ]
    windows = excerpts(text, spans)
    assert sum(len(t) for _, t in windows) <= 8000
    start, first = windows[0]
    assert text[start : start + len(first)] == first
    assert first.startswith("Paragraph 0")


def test_rows_for_findings_and_for_a_crash() -> None:
    checker = Checker(Settings())
    doc = Document(text="Help for its satellite program. -spies. Talks went on.", id="d")
    row = check_one(checker, "fp", doc)
    assert row.status == DONE and row.error is None
    assert [f["type"] for f in row.findings] == ["boundary.split-word"]
    f = row.findings[0]
    assert doc.text[f["start"] : f["end"]] == f["text"] and f["line"] == 1
    assert row.excerpts and row.excerpts[0][1].startswith("Help for")

    crashed = DocumentResult(document=doc, error="check 'x' failed: ValueError: boom")
    assert result_row(crashed, "fp").status == FAILED


def test_a_pipeline_crash_becomes_a_failed_row() -> None:
    class Broken(Checker):
        def check(self, document: Document) -> DocumentResult:
            raise RuntimeError("segmenter exploded")

    row = check_one(Broken(Settings()), "fp", Document(text="Hello.", id="d"))
    assert row.status == FAILED
    assert row.error == "checking failed: RuntimeError: segmenter exploded"
