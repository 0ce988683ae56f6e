"""The audit's HTML report: one self-contained file that works offline, for any store size.

The summary (totals, findings by severity, type, source language and rule, with bar charts,
and the failed documents) is rendered here, escaped with :func:`html.escape`. Documents with
findings or failures travel as JSON in a ``<script type="application/json">`` block (with
``<``, ``>`` and ``&`` escaped as ``\\u003c``...) and the page's one fixed script renders them a
page at a time, with filters, building every node with ``textContent`` (never ``innerHTML``).
The Content Security Policy allows that script by hash and nothing else, so text from an
archive cannot run even if an escape were missed. Only text excerpts around findings are
embedded (see :mod:`transcheck.audit.work`), so the file grows with the findings, not with
the archive.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import time
from collections.abc import Iterable
from typing import Any, TextIO

from transcheck import __version__
from transcheck.audit.store import Store, StoredDocument
from transcheck.findings import TYPES

SEVERITIES = ("error", "warning", "info")
TOP_RULES = 25
TOP_FAILURES = 200

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("audit-data").textContent);
  var SEV = ["error", "warning", "info"];
  var PAGE = 25;
  var state = {page: 0, sev: "", type: "", status: "", q: ""};
  var list = document.getElementById("doc-list");
  var pager = document.getElementById("pager");
  var shown = document.getElementById("shown");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function typeOf(f) { return data.types[f[0]]; }
  function ruleOf(f) { return data.rules[f[1]]; }
  function sevOf(f) { return SEV[f[2]]; }

  function matches(d) {
    if (state.status === "failed" && d[3] !== "failed") { return false; }
    if (state.status === "findings" && d[9].length === 0) { return false; }
    if (state.q) {
      var hay = (d[0] + " " + d[4]).toLowerCase();
      if (hay.indexOf(state.q) < 0) { return false; }
    }
    if (state.sev || state.type) {
      var ok = d[9].some(function (f) {
        return (!state.sev || sevOf(f) === state.sev) && (!state.type || typeOf(f) === state.type);
      });
      if (!ok) { return false; }
    }
    return true;
  }

  function tip(f) {
    var lines = [sevOf(f) + " \u00b7 " + typeOf(f) + " \u00b7 " + ruleOf(f), f[7]];
    if (f[8]) { lines.push("suggestion: " + f[8]); }
    if (f[9]) { lines.push("evidence: " + f[9]); }
    lines.push("confidence: " + f[10]);
    return lines.join("\n");
  }

  function excerpt(doc, ex) {
    var start = ex[0], text = ex[1], end = start + text.length;
    var inside = doc[9].filter(function (f) {
      return (f[4] > start && f[3] < end) || (f[3] === f[4] && f[3] >= start && f[3] <= end);
    });
    var cuts = [0, text.length];
    inside.forEach(function (f) {
      cuts.push(Math.max(0, f[3] - start));
      cuts.push(Math.min(text.length, f[4] - start));
    });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; });
    cuts.sort(function (a, b) { return a - b; });
    var pre = el("pre", "excerpt");
    if (start > 0) { pre.appendChild(el("span", "gap", "\u2026 ")); }
    for (var i = 0; i + 1 < cuts.length; i++) {
      var lo = cuts[i], hi = cuts[i + 1];
      var piece = text.slice(lo, hi);
      var cover = inside.filter(function (f) {
        return f[3] - start <= lo && f[4] - start >= hi && f[4] > f[3];
      });
      if (!cover.length) { pre.appendChild(document.createTextNode(piece)); continue; }
      cover.sort(function (a, b) { return a[2] - b[2]; });
      var mark = el("mark", "sev-" + sevOf(cover[0]), piece);
      mark.title = cover.map(tip).join("\n\n");
      pre.appendChild(mark);
    }
    return pre;
  }

  function card(d) {
    var box = el("article", "doc");
    var head = el("header");
    head.appendChild(el("h3", null, d[0]));
    head.appendChild(el("span", "badge status-" + d[3], d[3]));
    SEV.forEach(function (s, i) {
      if (d[6][i]) { head.appendChild(el("span", "badge sev-" + s, d[6][i] + " " + s)); }
    });
    if (d[5]) { head.appendChild(el("span", "muted", "source: " + d[5])); }
    box.appendChild(head);
    if (d[4]) { box.appendChild(el("p", "error", d[4])); }
    d[7].forEach(function (n) { box.appendChild(el("p", "muted note", n)); });
    d[8].forEach(function (ex) { box.appendChild(excerpt(d, ex)); });
    if (d[9].length) {
      var table = el("table", "findings");
      var hr = el("tr");
      ["where", "severity", "type", "rule", "message", "flagged"].forEach(function (h) {
        hr.appendChild(el("th", null, h));
      });
      table.appendChild(hr);
      d[9].forEach(function (f) {
        var tr = el("tr", "sev-row-" + sevOf(f));
        tr.appendChild(el("td", "num", f[5] + ":" + f[6]));
        tr.appendChild(el("td", null, sevOf(f)));
        tr.appendChild(el("td", null, typeOf(f)));
        tr.appendChild(el("td", "rule", ruleOf(f)));
        var msg = el("td", null, f[7]);
        if (f[8]) { msg.appendChild(el("div", "muted", "\u2192 " + f[8])); }
        tr.appendChild(msg);
        var flagged = el("td");
        flagged.appendChild(el("code", null, f[11]));
        tr.title = tip(f);
        tr.appendChild(flagged);
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    return box;
  }

  function go(step) {
    state.page += step;
    render();
    window.scrollTo(0, list.offsetTop - 80);
  }

  function render() {
    var rows = data.docs.filter(matches);
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) { state.page = pages - 1; }
    list.textContent = "";
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (d) {
      list.appendChild(card(d));
    });
    shown.textContent = rows.length + " of " + data.docs.length + " listed documents match";
    pager.textContent = "";
    var prev = el("button", null, "\u2190 previous");
    prev.disabled = state.page === 0;
    prev.addEventListener("click", function () { go(-1); });
    var next = el("button", null, "next \u2192");
    next.disabled = state.page + 1 >= pages;
    next.addEventListener("click", function () { go(1); });
    pager.appendChild(prev);
    pager.appendChild(el("span", null, " page " + (state.page + 1) + " of " + pages + " "));
    pager.appendChild(next);
  }

  var typeSelect = document.getElementById("f-type");
  data.types.slice().sort().forEach(function (t) {
    var o = el("option", null, t); o.value = t; typeSelect.appendChild(o);
  });
  [["f-sev", "sev"], ["f-type", "type"], ["f-status", "status"]].forEach(function (p) {
    document.getElementById(p[0]).addEventListener("change", function (e) {
      state[p[1]] = e.target.value;
      state.page = 0;
      render();
    });
  });
  document.getElementById("f-q").addEventListener("input", function (e) {
    state.q = e.target.value.toLowerCase();
    state.page = 0;
    render();
  });
  document.body.classList.add("js");
  render();
})();
"""

_STYLE = """
:root { color-scheme: light; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --error: #ffd7d5; --error-edge: #cf222e; --warning: #fff1c2;
  --warning-edge: #bf8700; --info: #dbeafe; --info-edge: #0969da; --bar: #8c959f; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1.5rem; max-width: 80rem; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 0; word-break: break-all; display: inline; }
.muted { color: var(--muted); }
.totals { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.total { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .9rem; min-width: 8rem; }
.total b { display: block; font-size: 1.4rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.chart h3 { display: block; margin-bottom: .4rem; }
.chart table { width: 100%; border-collapse: collapse; }
.chart td { padding: .1rem .3rem; vertical-align: middle; font-size: .9em; }
.chart td.label { width: 45%; overflow-wrap: anywhere; }
.chart.wide { grid-column: 1 / -1; }
.chart td.num { text-align: right; width: 4.5rem; font-variant-numeric: tabular-nums; }
.bar { height: .8rem; background: var(--bar); border-radius: 2px; min-width: 1px; }
.bar.sev-error { background: var(--error-edge); }
.bar.sev-warning { background: var(--warning-edge); }
.bar.sev-info { background: var(--info-edge); }
table.list { border-collapse: collapse; width: 100%; font-size: .9em; }
table.list th, table.list td, table.findings th, table.findings td {
  border-bottom: 1px solid var(--line); padding: .25rem .4rem; text-align: left;
  vertical-align: top; }
.filters { position: sticky; top: 0; background: var(--bg); padding: .5rem 0; z-index: 1;
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem;
  align-items: center; }
.doc { border: 1px solid var(--line); border-radius: 6px; margin: .75rem 0; padding: .6rem .8rem; }
.doc header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.badge { border-radius: 1em; padding: 0 .55em; font-size: .8em; border: 1px solid var(--line); }
.badge.sev-error, mark.sev-error { background: var(--error); border-color: var(--error-edge); }
.badge.sev-warning, mark.sev-warning { background: var(--warning);
  border-color: var(--warning-edge); }
.badge.sev-info, mark.sev-info { background: var(--info); border-color: var(--info-edge); }
.badge.status-failed { background: var(--error-edge); color: #fff; }
mark { color: inherit; border-bottom: 2px solid; border-radius: 2px; cursor: help; }
pre.excerpt { white-space: pre-wrap; word-wrap: break-word; background: var(--panel);
  border-radius: 4px; padding: .5rem .7rem; margin: .5rem 0; font: inherit; }
.error { color: var(--error-edge); font-family: ui-monospace, monospace; font-size: .9em; }
table.findings { border-collapse: collapse; width: 100%; font-size: .85em; }
td.rule, td.num { white-space: nowrap; } code { white-space: pre-wrap; }
#pager { margin: 1rem 0; } .nojs-only { display: block; } body.js .nojs-only { display: none; }
"""


def write_html(store: Store, stream: TextIO, *, fail_level: str | None = None) -> None:
    """Write the HTML report of ``store`` to ``stream``."""
    run = store.latest_run() or {}
    fail_level = fail_level or run.get("fail_level") or "warning"
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    csp = (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    stream.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    stream.write(f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n')
    stream.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    stream.write("<title>transcheck audit report</title>\n")
    stream.write(f"<style>{_STYLE}</style>\n</head>\n<body>\n")
    _summary(store, run, fail_level, stream)
    _documents_section(stream)
    _failures(store, stream)
    stream.write('<script type="application/json" id="audit-data">')
    _data(store.iter_documents(only_notable=True), stream)
    stream.write("</script>\n")
    stream.write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def esc(value: object) -> str:
    """Text for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def _summary(store: Store, run: dict[str, Any], fail_level: str, out: TextIO) -> None:
    totals = store.totals()
    finished = run.get("finished") or run.get("started")
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(finished)) if finished else "?"
    out.write("<header>\n<h1>transcheck audit report</h1>\n")
    paths = ", ".join(str(p) for p in (run.get("paths") or []))
    out.write(
        f'<p class="muted">Store {esc(store.path.name)} · inputs {esc(paths)} · '
        f"run {esc(run.get('run', '?'))} ({esc(run.get('status', '?'))}) finished {esc(when)}"
        f" · settings {esc(run.get('settings_fp', '?'))} · transcheck {esc(__version__)}"
        f" · fail level {esc(fail_level)}</p>\n</header>\n"
    )
    out.write('<section id="summary">\n<h2>Summary</h2>\n<div class="totals">\n')
    clean = totals.done - totals.with_findings
    for label, value in (
        ("documents", totals.documents),
        ("checked", totals.done),
        ("failed", totals.failed),
        ("with findings", totals.with_findings),
        ("clean", max(0, clean)),
        ("findings", totals.findings),
    ):
        out.write(f'<div class="total"><b>{value:,}</b>{esc(label)}</div>\n')
    out.write('</div>\n<div class="grid">\n')
    _chart(
        out,
        "By severity",
        [(s, totals.by_severity.get(s, 0), None) for s in SEVERITIES],
        severity=True,
    )
    _chart(
        out,
        "By type",
        [(t, n, d) for t, n, d in store.group_counts("type")],
        describe=lambda t: TYPES[t].description if t in TYPES else "",
    )
    _chart(out, "By source language", store.group_counts("source_lang"))
    rules = store.group_counts("rule", limit=TOP_RULES)
    more = store.count_groups("rule") - len(rules)
    _chart(
        out,
        "By rule" + (f" (top {TOP_RULES}, {more:,} more)" if more > 0 else ""),
        rules,
        wide=True,
    )
    out.write("</div>\n</section>\n")


def _chart(
    out: TextIO,
    title: str,
    rows: Iterable[tuple[str, int, int | None]],
    *,
    severity: bool = False,
    describe: Any = None,
    wide: bool = False,
) -> None:
    rows = list(rows)
    top = max((n for _, n, _ in rows), default=0) or 1
    cls = "chart wide" if wide else "chart"
    out.write(f'<div class="{cls}"><h3>{esc(title)}</h3>\n<table>\n')
    if not rows or not any(n for _, n, _ in rows):
        out.write('<tr><td class="muted">no findings</td></tr>\n')
    for label, n, docs in rows:
        width = round(100 * n / top, 1)
        bar = f"bar sev-{esc(label)}" if severity else "bar"
        hint = f' title="{esc(describe(label))}"' if describe and describe(label) else ""
        docs_cell = f'<td class="num muted">{docs:,} docs</td>' if docs is not None else ""
        out.write(
            f'<tr><td class="label"{hint}>{esc(label)}</td><td class="num">{n:,}</td>'
            f'{docs_cell}<td><div class="{bar}" style="width:{width}%"></div></td></tr>\n'
        )
    out.write("</table></div>\n")


def _documents_section(out: TextIO) -> None:
    out.write(
        '<section id="documents">\n<h2>Documents with findings or failures</h2>\n'
        '<div class="filters">\n'
        '<label>Severity <select id="f-sev"><option value="">any</option>'
        "<option>error</option><option>warning</option><option>info</option></select></label>\n"
        '<label>Type <select id="f-type"><option value="">any</option></select></label>\n'
        '<label>Status <select id="f-status"><option value="">all listed</option>'
        '<option value="findings">with findings</option>'
        '<option value="failed">failed</option></select></label>\n'
        '<label>Search <input id="f-q" type="search" placeholder="path, id or error"></label>\n'
        '<span id="shown" class="muted"></span>\n</div>\n'
        '<p class="nojs-only muted">The document view needs JavaScript; the summary above '
        "does not.</p>\n"
        '<div id="doc-list"></div>\n<div id="pager"></div>\n</section>\n'
    )


def _failures(store: Store, out: TextIO) -> None:
    totals = store.totals()
    if not totals.failed:
        return
    out.write(f'<section id="failures">\n<h2>Failed documents ({totals.failed:,})</h2>\n')
    out.write('<table class="list">\n<tr><th>document</th><th>error</th></tr>\n')
    shown = 0
    for doc in store.iter_documents(only_notable=True):
        if doc.status != "failed":
            continue
        out.write(
            f'<tr><td>{esc(doc.display)}</td><td class="error">{esc(doc.error or "")}</td></tr>\n'
        )
        shown += 1
        if shown >= TOP_FAILURES:
            break
    out.write("</table>\n")
    if totals.failed > shown:
        out.write(
            f'<p class="muted">{totals.failed - shown:,} more: filter the documents '
            "above by status “failed”.</p>\n"
        )
    out.write("</section>\n")


def safe_json(value: Any) -> str:
    """JSON that cannot end a ``<script>`` element or open a comment: ``<>&`` escaped."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _utf16(excerpts: list[list[Any]], offset: int) -> int:
    """``offset`` (code points) as the page's JavaScript counts it (UTF-16 units) inside the
    excerpt that holds it; excerpt starts stay as they are, only distances within an excerpt
    matter to the page. Without this, highlights drift after an emoji."""
    for start, text in excerpts:
        if start <= offset <= start + len(text):
            return int(start + len(text[: offset - start].encode("utf-16-le")) // 2)
    return offset


def _data(docs: Iterable[StoredDocument], out: TextIO) -> None:
    """Stream ``{"docs": [...], "types": [...], "rules": [...]}``; strings of types and rules
    are indexed so each finding is a short array."""
    from transcheck.report import evidence_summary

    types: dict[str, int] = {}
    rules: dict[str, int] = {}
    out.write('{"docs":[')
    for i, doc in enumerate(docs):
        findings = [
            [
                types.setdefault(f["type"], len(types)),
                rules.setdefault(f["rule"], len(rules)),
                SEVERITIES.index(f["severity"]) if f["severity"] in SEVERITIES else 2,
                _utf16(doc.excerpts, f["start"]),
                _utf16(doc.excerpts, f["end"]),
                f["line"],
                f["column"],
                f["message"],
                f["suggestion"],
                evidence_summary(f["evidence"]) if isinstance(f["evidence"], dict) else "",
                f["confidence"],
                f["text"],
            ]
            for f in doc.findings
        ]
        source = doc.source_lang or next(
            (f["source_lang"] for f in doc.findings if f["source_lang"] != "unknown"), ""
        )
        record = [
            doc.display,
            doc.path,
            doc.doc_id,
            doc.status,
            doc.error or "",
            source,
            [doc.counts.get(s, 0) for s in SEVERITIES],
            doc.notes,
            doc.excerpts,
            findings,
        ]
        out.write(("," if i else "") + safe_json(record))
    out.write('],"types":' + safe_json(list(types)) + ',"rules":' + safe_json(list(rules)))
    out.write("}")
