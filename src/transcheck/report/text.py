"""The text report: one line per finding, compiler style, with the span underlined.

::

    story.txt:3:25: warning boundary.split-word [split-word/fr-en] "-spies" split from its word
        its satellite program. -spies.
                               ^~~~~~~
        suggestion: satellite-spies

Columns in the header count characters; the underline is laid out in terminal cells (tabs
expanded to stops of 8, wide CJK characters take two cells) so it sits under the span.
Control characters from the document are shown as U+FFFD: a published text must not be able
to move the cursor or recolour the terminal of the person reading the report.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from transcheck.findings import Severity
from transcheck.report import LocatedFinding, ReportOptions, Summary, locate, summarize
from transcheck.results import DocumentResult

TAB_SIZE = 8
WINDOW = 100  # cells of a context line before it is cut around the span
INDENT = "    "
ELLIPSIS = "…"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;35m",
    Severity.INFO: "\x1b[1;36m",
}
_CARET_COLOR = "\x1b[1;32m"
_DIM = "\x1b[2m"


def render_text(results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions) -> None:
    """Write the text report of ``results`` to ``stream``."""
    summary = summarize(results, options.fail_level)
    paint = _Painter(options.color)
    for result in results:
        for line in _document_lines(result, options, paint):
            stream.write(line + "\n")
    stream.write(paint(_summary_line(summary), _BOLD) + "\n")


class _Painter:
    """Wraps text in an ANSI colour only when colour is on."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled and text else text


def _document_lines(result: DocumentResult, options: ReportOptions, paint: _Painter) -> list[str]:
    path = clean(result.document.display_path)
    lines = []
    if result.error:
        lines.append(
            f"{paint(path, _BOLD)}: {paint('error', _SEVERITY_COLOR[Severity.ERROR])}: "
            f"{clean(result.error)}"
        )
    for located in locate(result):
        lines.extend(_finding_lines(result, located, path, options, paint))
    for note in result.notes:
        lines.append(f"{paint(path, _BOLD)}: {paint('note', _DIM)}: {clean(note)}")
    return lines


def _finding_lines(
    result: DocumentResult,
    located: LocatedFinding,
    path: str,
    options: ReportOptions,
    paint: _Painter,
) -> list[str]:
    f = located.finding
    pos = located.position
    where = paint(f"{path}:{pos.line}:{pos.column}:", _BOLD)
    severity = paint(f.severity.value, _SEVERITY_COLOR[f.severity])
    lines = [f"{where} {severity} {f.type} [{clean(f.rule)}] {clean(f.message)}"]
    if options.show_context:
        source, underline = context_lines(result, located)
        lines.append(INDENT + source)
        lines.append(INDENT + paint(underline, _CARET_COLOR))
    if f.suggestion:
        lines.append(f"{INDENT}suggestion: {clean(f.suggestion)}")
    return lines


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _summary_line(s: Summary) -> str:
    docs = "document" if s.documents == 1 else "documents"
    if s.findings:
        sev = s.by_severity
        head = (
            f"Found {_plural(s.findings, 'finding')} ({_plural(sev['error'], 'error')}, "
            f"{_plural(sev['warning'], 'warning')}, {sev['info']} info) "
            f"in {s.documents_with_findings} of {s.documents} {docs}"
        )
    else:
        head = f"No findings in {s.documents} {docs}"
    tail = ""
    if s.suppressed:
        tail += f"; {s.suppressed} suppressed by the baseline"
    if s.errors:
        tail += f"; {_plural(s.errors, 'document')} could not be checked"
    return head + tail + "."


# --- cleaning and cell widths --------------------------------------------------------------

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS


def clean(text: str) -> str:
    """One terminal-safe line: whitespace controls become spaces, other controls U+FFFD."""
    out = []
    for ch in text:
        if ch in "\t\n\r\v\f":
            out.append(" ")
        elif _unsafe(ch):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def cell_width(ch: str) -> int:
    """Terminal cells a character takes: 0 for combining marks and format characters, 2 wide."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


@dataclass(frozen=True)
class _Cell:
    char: str
    width: int


def _cells(line: str) -> tuple[list[_Cell], list[int]]:
    """Display cells of ``line`` and, for each character index (and the end), its first cell."""
    cells: list[_Cell] = []
    first_cell: list[int] = []
    column = 0
    for ch in line:
        first_cell.append(len(cells))
        if ch == "\t":
            for _ in range(TAB_SIZE - column % TAB_SIZE):
                cells.append(_Cell(" ", 1))
                column += 1
            continue
        shown = "\ufffd" if _unsafe(ch) else ch
        width = cell_width(shown)
        cells.append(_Cell(shown, width))
        column += width
    first_cell.append(len(cells))
    return cells, first_cell


def _width(cells: list[_Cell], lo: int, hi: int) -> int:
    return sum(c.width for c in cells[lo:hi])


def _window(cells: list[_Cell], s0: int, s1: int) -> tuple[int, int]:
    """The cells ``[lo, hi)`` to show of a line wider than :data:`WINDOW`, around ``[s0, s1)``."""
    if _width(cells, 0, len(cells)) <= WINDOW:
        return 0, len(cells)
    budget = WINDOW - 2  # room for an ellipsis on each side
    span_width = _width(cells, s0, s1)
    lead = max(10, (budget - span_width) // 2)
    lo, used = s0, 0
    while lo > 0 and used + cells[lo - 1].width <= lead:
        lo -= 1
        used += cells[lo].width
    hi, used = lo, 0
    while hi < len(cells) and used + cells[hi].width <= budget:
        used += cells[hi].width
        hi += 1
    # Near the end of the line: spend what is left of the budget on the left.
    while lo > 0 and used + cells[lo - 1].width <= budget:
        lo -= 1
        used += cells[lo].width
    return lo, hi


def context_lines(result: DocumentResult, located: LocatedFinding) -> tuple[str, str]:
    """The source line of a finding (windowed, tabs expanded) and its ``^~~~`` underline.

    A span that runs past the end of its line is underlined to the end of the line; an empty
    span, or one that starts at the end of the line, gets a single ``^``.
    """
    doc = result.document
    line, line_start = doc.line_text(located.start)
    line = line.removesuffix("\r")
    start = min(max(doc.raw_offset(located.start) - line_start, 0), len(line))
    end = min(max(doc.raw_end(located.end, located.start) - line_start, start), len(line))
    cells, first_cell = _cells(line)
    s0, s1 = first_cell[start], first_cell[end]
    lo, hi = _window(cells, s0, s1)
    left = ELLIPSIS if lo > 0 else ""
    right = ELLIPSIS if hi < len(cells) else ""
    source = left + "".join(c.char for c in cells[lo:hi]) + right
    u0, u1 = max(s0, lo), min(s1, hi)
    pad = len(left) + _width(cells, lo, u0)
    marks = max(1, _width(cells, u0, u1))
    return source, " " * pad + "^" + "~" * (marks - 1)
