from __future__ import annotations

import base64
import hashlib
import io
import re
from html.parser import HTMLParser
from typing import Any

from transcheck.document import Document, Span
from transcheck.findings import Finding, Severity
from transcheck.report import ReportOptions, render
from transcheck.report.html import _SCRIPT
from transcheck.results import DocumentResult

HOSTILE = (
    "Intro <script>alert(1)</script> and <img src=x onerror=alert(1)> then\n"
    'Korea of the North said "it\'s" & more.\n'
)
VOID = {"meta", "input", "br", "img", "link", "hr", "wbr"}


class Tags(HTMLParser):
    """Records every tag, checks nesting, and collects the text of <pre class="text">."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False
        self.pre_depth: int | None = None
        self.pre_texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag == "pre" and dict(attrs).get("class") == "text":
            self.pre_depth = len(self.stack)
            self.pre_texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        if self.pre_depth == len(self.stack):
            self.pre_depth = None
        self.stack.pop()
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts[-1] += data
        if self.pre_depth is not None:
            self.pre_texts[-1] += data


def html_report(results: list[DocumentResult], **options: Any) -> str:
    out = io.StringIO()
    render("html", results, out, ReportOptions(**options))
    return out.getvalue()


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    assert tags.stack == [], "unclosed tags"
    return tags


def hostile_result() -> DocumentResult:
    def at(needle: str, length: int | None = None) -> Span:
        start = HOSTILE.index(needle)
        return Span(start, start + (length if length is not None else len(needle)))

    findings = [
        Finding(
            type="residue.scrape",
            rule='scrape/"quoted" <b>rule</b>',
            severity=Severity.ERROR,
            span=at("<script>alert(1)</script>"),
            message="Markup \"left\" in <script>body</script> & 'quotes'",
            evidence={"match": "<img src=x onerror=alert(1)>", "why": '"><script>x()</script>'},
        ),
        Finding(
            type="residue.scrape",
            rule="scrape/img",
            severity=Severity.WARNING,
            span=at("<img src=x onerror=alert(1)>"),
            message="onerror=alert(2)",
            suggestion="<svg onload=alert(3)>",
        ),
        # Overlapping spans: "Korea of the North" and "the North said".
        Finding(
            type="style.calque",
            rule="calque/fr-en/korea-of-the-north",
            severity=Severity.INFO,
            span=at("Korea of the North"),
            message="calque",
        ),
        Finding(
            type="fluency.repetition",
            rule="rep/x",
            severity=Severity.WARNING,
            span=at("the North said"),
            message="overlapping",
        ),
        Finding(
            type="markup.unbalanced",
            rule="quote/x",
            severity=Severity.INFO,
            span=at('"it\'s"', 0),
            message="empty span",
        ),
    ]
    doc = Document(
        text=HOSTILE, id="<evil>.txt", path='dir/"<evil>".txt', lang="en", source_lang="fr"
    )
    return DocumentResult(
        document=doc,
        findings=findings,
        notes=["note <script>n()</script>"],
        fingerprints=[f"fp{i}" for i in range(len(findings))],
    )


def test_everything_is_escaped() -> None:
    page = html_report([hostile_result()])
    tags = parse(page)
    assert [t for t, _ in tags.tags].count("script") == 1
    assert tags.scripts == [_SCRIPT]
    assert page.count("<script") == 1
    assert "img" not in {t for t, _ in tags.tags}
    assert "svg" not in {t for t, _ in tags.tags}
    for tag, attrs in tags.tags:
        # No event handler or loading attribute anywhere; "onerror=" survives only as text
        # inside quoted title values (where the parser shows it to be harmless data).
        assert not [a for a in attrs if a.startswith("on") or a == "src"], (tag, attrs)
        assert str(attrs.get("href", "#")).startswith("#")
        for name, value in attrs.items():
            if "onerror" in str(value):
                assert (tag, name) == ("mark", "title")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;left&quot;" in page and "&#x27;quotes&#x27;" in page


def test_text_is_preserved_and_every_finding_appears() -> None:
    result = hostile_result()
    page = html_report([result])
    tags = parse(page)
    assert tags.pre_texts == [HOSTILE]
    items = [a for t, a in tags.tags if t == "li" and "finding" in str(a.get("class"))]
    assert len(items) == len(result.findings)
    titles = "\n".join(str(a.get("title")) for t, a in tags.tags if t == "mark")
    for i, f in enumerate(result.findings):
        assert f.message in titles
        assert f"[{f.rule}]" in titles
        assert ("span", {"class": "anchor", "id": f"d0-f{i}"}) in tags.tags
        assert ("a", {"class": "loc", "href": f"#d0-f{i}"}) in tags.tags
    assert "evidence: match=<img src=x onerror=alert(1)>" in titles
    marks = [a for t, a in tags.tags if t == "mark"]
    assert any("overlap" in str(a["class"]) for a in marks)
    assert any("point" in str(a["class"]) for a in marks)
    assert any(str(a["class"]).startswith("sev-error") for a in marks)


def test_self_contained_with_summary() -> None:
    clean = DocumentResult(document=Document(text="Fine.", id="ok.txt", path="ok.txt"))
    broken = DocumentResult(
        document=Document(text="", id="bad.txt", path="bad.txt"), error="cannot <decode>"
    )
    page = html_report([hostile_result(), clean, broken], tool_version="0.0.1")
    tags = parse(page)
    assert not re.search(r"https?://", page)
    assert "link" not in {t for t, _ in tags.tags}
    csp = next(a["content"] for t, a in tags.tags if t == "meta" and "http-equiv" in a)
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in str(csp)
    assert "default-src 'none'" in str(csp)
    assert "5 findings in 1 of 3 documents" in page
    assert "Could not be checked: cannot &lt;decode&gt;" in page
    assert (
        "<td><code>residue.scrape</code></td><td>scraper or CMS leftovers in the body</td>"
        '<td class="n">2</td>' in page
    )
    assert '<span class="sev sev-error">error</span></td><td class="n">1</td>' in page


def test_empty_report() -> None:
    page = html_report([])
    parse(page)
    assert "No findings in 0 documents" in page
