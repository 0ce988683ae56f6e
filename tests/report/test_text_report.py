from __future__ import annotations

import io

from transcheck.document import Document, Span
from transcheck.findings import Finding, Severity
from transcheck.report import ReportOptions, render
from transcheck.results import DocumentResult

TEXT = "Kim Yo Jong said in his statement.\n\tits satellite program. -spies.\nNext line.\n"


def finding_at(text: str, needle: str, **kw: object) -> Finding:
    start = text.index(needle)
    fields: dict[str, object] = {
        "type": "boundary.split-word",
        "rule": "split-word/fr-en",
        "severity": Severity.WARNING,
        "span": Span(start, start + len(needle)),
        "message": '"-spies" is split from its word',
    }
    fields.update(kw)
    return Finding(**fields)  # type: ignore[arg-type]


def text_report(results: list[DocumentResult], **options: object) -> list[str]:
    out = io.StringIO()
    render("text", results, out, ReportOptions(**options))  # type: ignore[arg-type]
    return out.getvalue().splitlines()


def story(findings: list[Finding], **kw: object) -> DocumentResult:
    doc = Document(text=TEXT, id="story.txt", path="story.txt")
    return DocumentResult(document=doc, findings=findings, **kw)  # type: ignore[arg-type]


def test_known_case_exact_lines() -> None:
    f = finding_at(TEXT, "-spies", suggestion="satellite-spies")
    lines = text_report([story([f])])
    assert lines == [
        'story.txt:2:25: warning boundary.split-word [split-word/fr-en] "-spies" is split '
        "from its word",
        "            its satellite program. -spies.",
        "                                   ^~~~~~",
        "    suggestion: satellite-spies",
        "Found 1 finding (0 errors, 1 warning, 0 info) in 1 of 1 document.",
    ]


def test_summary_counts_notes_errors_and_suppressed() -> None:
    findings = [
        finding_at(
            TEXT,
            "his",
            type="agreement.pronoun-gender",
            rule="pronoun/gender",
            severity=Severity.ERROR,
            message="she, not he",
        ),
        finding_at(TEXT, "-spies"),
        finding_at(
            TEXT,
            "Next",
            type="residue.scrape",
            rule="residue/x",
            severity=Severity.INFO,
            message="m",
        ),
    ]
    ok = story(findings, notes=["no source text: accuracy checks skipped"], suppressed=3)
    bad = DocumentResult(
        document=Document(text="", id="b.txt", path="b.txt"), error="cannot decode as UTF-8"
    )
    clean = DocumentResult(document=Document(text="Fine.", id="c.txt", path="c.txt"))
    lines = text_report([ok, bad, clean], show_context=False)
    assert lines[0].startswith("story.txt:1:21: error agreement.pronoun-gender [pronoun/gender]")
    assert lines[1].startswith("story.txt:2:25: warning ")
    assert lines[2] == "story.txt:3:1: info residue.scrape [residue/x] m"
    assert lines[3] == "story.txt: note: no source text: accuracy checks skipped"
    assert lines[4] == "b.txt: error: cannot decode as UTF-8"
    assert lines[5] == (
        "Found 3 findings (1 error, 1 warning, 1 info) in 1 of 3 documents; "
        "3 suppressed by the baseline; 1 document could not be checked."
    )


def test_no_findings_summary() -> None:
    results = [
        DocumentResult(document=Document(text="a", id=f"{i}.txt", path=f"{i}.txt"))
        for i in range(2)
    ]
    assert text_report(results) == ["No findings in 2 documents."]


def test_span_past_line_end_is_underlined_to_end_of_line() -> None:
    start = TEXT.index("spies.")
    f = Finding(
        type="boundary.split-word",
        rule="r",
        severity=Severity.WARNING,
        span=Span(start, TEXT.index("line")),
        message="m",
    )
    lines = text_report([story([f])])
    assert lines[1] == "            its satellite program. -spies."
    assert lines[2] == "                                    ^~~~~~"


def test_empty_span_gets_one_caret() -> None:
    at = TEXT.index("statement")
    f = Finding(
        type="markup.unbalanced", rule="r", severity=Severity.INFO, span=Span(at, at), message="m"
    )
    lines = text_report([story([f])])
    assert lines[1] == "    Kim Yo Jong said in his statement."
    assert lines[2] == "                            ^"


def test_wide_characters_shift_the_underline_by_two_cells() -> None:
    text = "日本語の文 Korea of the North\n"
    doc = Document(text=text, id="zh.txt", path="zh.txt")
    f = finding_at(text, "Korea of the North", type="style.calque", rule="c")
    lines = text_report([DocumentResult(document=doc, findings=[f])])
    assert lines[0].startswith("zh.txt:1:7: ")
    assert lines[2] == "    " + " " * 11 + "^" + "~" * 17


def test_long_line_is_windowed_around_the_span() -> None:
    text = "a" * 200 + " Korea of the North " + "b" * 200
    doc = Document(text=text, id="long.txt", path="long.txt")
    f = finding_at(text, "Korea of the North", type="style.calque", rule="c")
    source, underline = text_report([DocumentResult(document=doc, findings=[f])])[1:3]
    source, underline = source[4:], underline[4:]
    assert source.startswith("…") and source.endswith("…")
    assert len(source) <= 100
    caret = underline.index("^")
    assert source[caret : caret + len(underline) - caret] == "Korea of the North"


def test_colour_only_when_asked_and_document_cannot_inject_escapes() -> None:
    text = "bad \x1b[2J\x1b[31mred\x07 text\n"
    doc = Document(text=text, id="e.txt", path="e.txt")
    f = finding_at(text, "red", message="found \x1b]0;title\x07")
    plain = "\n".join(text_report([DocumentResult(document=doc, findings=[f])]))
    assert "\x1b" not in plain and "\x07" not in plain
    coloured = "\n".join(text_report([DocumentResult(document=doc, findings=[f])], color=True))
    assert "\x1b[1;35mwarning\x1b[0m" in coloured
    assert "\x1b[2J" not in coloured and "\x1b]0" not in coloured


def test_record_display_path() -> None:
    text = "Korea of the North said."
    doc = Document(text=text, id="r-17", path="archive.jsonl", meta={"record": 17}, line_base=18)
    f = finding_at(text, "Korea of the North", type="style.calque", rule="c")
    lines = text_report([DocumentResult(document=doc, findings=[f])])
    assert lines[0].startswith("archive.jsonl[r-17]:1:1: warning style.calque [c]")
