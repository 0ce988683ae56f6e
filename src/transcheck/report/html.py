"""The HTML report: one self-contained page that works offline.

A summary table, then each document's text with every finding highlighted and a list of the
findings. Everything that comes from a document, a rule pack or a check goes through
:func:`esc`; the page's only script is the fixed one below, and the page's Content Security
Policy allows that script by hash and nothing else, so even a mistake in escaping could not run
script from a checked text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TextIO

from transcheck.findings import TYPES, Severity
from transcheck.report import (
    SEVERITIES,
    LocatedFinding,
    ReportOptions,
    Summary,
    evidence_summary,
    jsonable,
    locate,
    summarize,
)
from transcheck.results import DocumentResult

_SCRIPT = """
document.querySelectorAll("input[data-severity]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.body.classList.toggle("hide-" + box.dataset.severity, !box.checked);
  });
});
"""

_STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e;
  --line: #d1d9e0; --panel: #f6f8fa; --error: #ffd7d5; --error-edge: #cf222e;
  --warning: #fff1c2; --warning-edge: #bf8700; --info: #dbeafe; --info-edge: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --error: #5c1d1f; --error-edge: #ff7b72; --warning: #4d3800; --warning-edge: #d29922;
    --info: #0c2d6b; --info-edge: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1.5rem; max-width: 72rem; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0; word-break: break-all; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; font-size: .9em; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 1.5rem 1rem 0; display: inline-table;
  vertical-align: top; }
th, td { text-align: left; padding: .25rem .75rem; border-bottom: 1px solid var(--line); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.filters { margin: .5rem 0 1rem; }
.filters label { margin-right: 1rem; }
section.doc { border: 1px solid var(--line); border-radius: 6px; margin: 1.5rem 0;
  padding: 1rem 1.25rem; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel);
  padding: .75rem 1rem; border-radius: 6px; max-height: 36rem; overflow: auto;
  font-family: inherit; font-size: 1rem; line-height: 1.6; }
mark { color: inherit; border-bottom: 2px solid; padding: 0; }
mark.overlap { border-bottom: 4px double; }
mark.sev-error { background: var(--error); border-color: var(--error-edge); }
mark.sev-warning { background: var(--warning); border-color: var(--warning-edge); }
mark.sev-info { background: var(--info); border-color: var(--info-edge); }
mark.point::before { content: "\\2038"; }
.anchor:target + mark, .anchor:target + .anchor + mark { outline: 2px solid var(--fg); }
ol.findings { padding-left: 1.5rem; }
ol.findings li { margin: .6rem 0; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .75rem; padding: .1rem .4rem;
  border-radius: 4px; border-left: 4px solid; }
.sev.sev-error { background: var(--error); border-color: var(--error-edge); }
.sev.sev-warning { background: var(--warning); border-color: var(--warning-edge); }
.sev.sev-info { background: var(--info); border-color: var(--info-edge); }
.error { border-left: 4px solid var(--error-edge); background: var(--error);
  padding: .5rem .75rem; }
details pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel);
  padding: .5rem; }
body.hide-error li.sev-error, body.hide-warning li.sev-warning,
body.hide-info li.sev-info { display: none; }
body.hide-error mark.sev-error, body.hide-warning mark.sev-warning,
body.hide-info mark.sev-info { background: transparent; border-color: transparent; }
"""


def render_html(results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions) -> None:
    """Write the HTML report of ``results`` to ``stream``."""
    summary = summarize(results, options.fail_level)
    parts = [_head(), _header(summary, options)]
    for index, result in enumerate(results):
        parts.append(_document(index, result))
    parts.append(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")
    stream.write("".join(parts))


def esc(value: object) -> str:
    """Escape for HTML text and quoted attributes, after replacing control characters."""
    text = str(value)
    text = "".join(
        "\ufffd" if unicodedata.category(ch) == "Cc" and ch not in "\n\t\r" else ch for ch in text
    )
    return html.escape(text, quote=True)


def _script_hash() -> str:
    digest = hashlib.sha256(_SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _head() -> str:
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src '{_script_hash()}'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>transcheck report</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
    )


def _header(s: Summary, options: ReportOptions) -> str:
    docs = "document" if s.documents == 1 else "documents"
    if s.findings:
        line = (
            f"{s.findings} finding{'' if s.findings == 1 else 's'} in "
            f"{s.documents_with_findings} of {s.documents} {docs}"
        )
    else:
        line = f"No findings in {s.documents} {docs}"
    extras = []
    if s.suppressed:
        extras.append(f"{s.suppressed} suppressed by the baseline")
    if s.errors:
        extras.append(f"{s.errors} could not be checked")
    if s.fail_level != "never":
        verdict = "fails" if s.failed else "passes"
        extras.append(f"{verdict} at fail level {s.fail_level}")
    if extras:
        line += " (" + "; ".join(extras) + ")"
    out = [
        "<header>\n<h1>transcheck report</h1>\n",
        f'<p class="muted">transcheck {esc(options.tool_version)} · {esc(line)}.</p>\n',
        "</header>\n",
        '<section class="summary">\n<table class="by-severity">\n',
        "<thead><tr><th>Severity</th><th>Findings</th></tr></thead>\n<tbody>\n",
    ]
    for name, count in s.by_severity.items():
        out.append(
            f'<tr><td><span class="sev sev-{name}">{name}</span></td>'
            f'<td class="n">{count}</td></tr>\n'
        )
    out.append("</tbody>\n</table>\n")
    if s.by_type:
        out.append(
            '<table class="by-type">\n<thead><tr><th>Type</th><th>What it flags</th>'
            "<th>Findings</th></tr></thead>\n<tbody>\n"
        )
        for name, count in s.by_type.items():
            kind = TYPES.get(name)
            description = kind.description if kind else ""
            out.append(
                f"<tr><td><code>{esc(name)}</code></td><td>{esc(description)}</td>"
                f'<td class="n">{count}</td></tr>\n'
            )
        out.append("</tbody>\n</table>\n")
    out.append('<form class="filters">Show: ')
    for severity in SEVERITIES:
        name = severity.value
        out.append(f'<label><input type="checkbox" checked data-severity="{name}"> {name}</label>')
    out.append("</form>\n</section>\n")
    return "".join(out)


def _document(index: int, result: DocumentResult) -> str:
    doc = result.document
    located = locate(result)
    out = [f'<section class="doc" id="d{index}">\n<h2>{esc(doc.display_path)}</h2>\n']
    meta = []
    if doc.id != doc.display_path and doc.id != doc.path:
        meta.append(f"id {doc.id}")
    if doc.lang or doc.source_lang:
        meta.append(f"{doc.source_lang or '?'} → {doc.lang or '?'}")
    meta.append(f"{len(located)} finding{'' if len(located) == 1 else 's'}")
    if result.suppressed:
        meta.append(f"{result.suppressed} suppressed by the baseline")
    out.append(f'<p class="muted">{esc(" · ".join(meta))}</p>\n')
    if result.error:
        out.append(f'<p class="error">Could not be checked: {esc(result.error)}</p>\n')
    if result.notes:
        out.append('<ul class="notes">\n')
        out.extend(f"<li>{esc(note)}</li>\n" for note in result.notes)
        out.append("</ul>\n")
    if not result.error:
        out.append(f'<pre class="text">{_highlight(index, doc.text, located)}</pre>\n')
    if located:
        out.append('<ol class="findings">\n')
        out.extend(_finding_item(index, item) for item in located)
        out.append("</ol>\n")
    if result.alignment:
        out.append(_alignment(result.alignment))
    out.append("</section>\n")
    return "".join(out)


def _anchor(doc_index: int, finding_index: int) -> str:
    return f"d{doc_index}-f{finding_index}"


def _tooltip(item: LocatedFinding) -> str:
    f = item.finding
    lines = [f"{f.severity.value} {f.type} [{f.rule}]", f.message, f"confidence {f.confidence:.2f}"]
    if f.suggestion:
        lines.append(f"suggestion: {f.suggestion}")
    if f.evidence:
        lines.append(f"evidence: {evidence_summary(f.evidence)}")
    return "\n".join(lines)


def _worst(items: Sequence[LocatedFinding]) -> Severity:
    return max((i.finding.severity for i in items), key=lambda s: s.rank)


def _highlight(doc_index: int, text: str, located: Sequence[LocatedFinding]) -> str:
    """The text with each finding in ``<mark>``; overlapping spans are split into segments.

    Cutting the text at every span boundary gives segments that each lie inside the same set of
    findings, so marks never overlap and the markup stays well nested whatever the spans are.
    """
    bounds = sorted({0, len(text)} | {i.start for i in located} | {i.end for i in located})
    starting: dict[int, list[LocatedFinding]] = defaultdict(list)
    opening: dict[int, list[LocatedFinding]] = defaultdict(list)
    for item in located:
        starting[item.start].append(item)
        if item.end > item.start:
            opening[item.start].append(item)
    # One sweep over the boundaries: findings join the open set where they start and leave it
    # where they end (a rescan of every finding at every boundary was quadratic).
    open_items: dict[int, LocatedFinding] = {}
    out = []
    for k, start in enumerate(bounds):
        for item in opening.get(start, []):
            open_items[item.index] = item
        for item in starting.get(start, []):
            out.append(f'<span class="anchor" id="{_anchor(doc_index, item.index)}"></span>')
            if item.end == item.start:  # nothing to wrap: a visible point marker
                out.append(
                    f'<mark class="point sev-{item.finding.severity.value}" '
                    f'title="{esc(_tooltip(item))}"></mark>'
                )
        if k + 1 == len(bounds):
            break
        end = bounds[k + 1]
        segment = esc(text[start:end])
        for gone in [key for key, i in open_items.items() if i.end <= start]:
            del open_items[gone]
        covering = sorted(open_items.values(), key=lambda i: i.index)
        if covering:
            title = "\n\n".join(_tooltip(i) for i in covering)
            classes = f"sev-{_worst(covering).value}" + (" overlap" if len(covering) > 1 else "")
            out.append(f'<mark class="{classes}" title="{esc(title)}">{segment}</mark>')
        else:
            out.append(segment)
    return "".join(out)


def _finding_item(doc_index: int, item: LocatedFinding) -> str:
    f = item.finding
    sev = f.severity.value
    pos = item.position
    parts = [
        f'<li class="finding sev-{sev}">',
        f'<a class="loc" href="#{_anchor(doc_index, item.index)}">{pos.line}:{pos.column}</a> ',
        f'<span class="sev sev-{sev}">{sev}</span> ',
        f'<code class="type">{esc(f.type)}</code> <code class="rule">[{esc(f.rule)}]</code>',
        f'<div class="message">{esc(f.message)}</div>',
    ]
    if item.text:
        parts.append(f'<div class="flagged muted">flagged: <q>{esc(item.text)}</q></div>')
    if f.suggestion:
        parts.append(f'<div class="suggestion">suggestion: {esc(f.suggestion)}</div>')
    meta = f"confidence {f.confidence:.2f}"
    if item.fingerprint:
        meta += f" · fingerprint {item.fingerprint}"
    parts.append(f'<div class="muted">{esc(meta)}</div>')
    if f.evidence:
        evidence = json.dumps(
            jsonable(dict(f.evidence)), ensure_ascii=False, indent=2, sort_keys=True
        )
        parts.append(f"<details><summary>evidence</summary><pre>{esc(evidence)}</pre></details>")
    parts.append("</li>\n")
    return "".join(parts)


def _alignment(rows: list[dict[str, object]]) -> str:
    columns = sorted({str(key) for row in rows for key in row})
    out = [
        "<details><summary>sentence alignment</summary>\n<table>\n<thead><tr>",
        *(f"<th>{esc(c)}</th>" for c in columns),
        "</tr></thead>\n<tbody>\n",
    ]
    for row in rows:
        values = {str(k): v for k, v in row.items()}
        cells = []
        for column in columns:
            value: Any = jsonable(values.get(column, ""))
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            cells.append(f"<td>{esc(shown)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</tbody>\n</table>\n</details>\n")
    return "".join(out)
