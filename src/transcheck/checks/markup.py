"""Markup checks: quotation marks and brackets that do not balance within a paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

_PAIRS = {"“": "”", "(": ")", "[": "]", "‘": "’", "„": "“"}
_CLOSERS = {"”": "“", ")": "(", "]": "[", "’": "‘"}
# "a)", "iv)", "1)" list markers and :) ;) smileys close nothing.
_LIST_MARKER = re.compile(r"(?:^|[\s,;:])[a-zA-Z0-9]{1,3}$")
_SMILEY = re.compile(r"[:;=8][-']?$")


@dataclass(frozen=True)
class _Problem:
    offset: int
    char: str
    kind: str  # "unclosed" | "unopened"


def _scan(text: str, start: int, end: int) -> Iterator[_Problem]:
    """Unbalanced marks in ``text[start:end]`` (one paragraph)."""
    stack: list[tuple[str, int]] = []
    straight: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch == '"':
            # Inches and seconds (6'2") are not quotes.
            if i > start and text[i - 1] in "'0123456789":
                continue
            straight.append(i)
        elif ch == "“" and any(opener == "„" for opener, _ in stack):
            # German order „...“: this “ closes (the typography rules flag both marks).
            idx = max(k for k, (opener, _) in enumerate(stack) if opener == "„")
            del stack[idx]
        elif ch in _PAIRS:
            if ch == "‘" and i + 1 < end and text[i + 1].isdigit():
                continue  # ‘90s
            stack.append((ch, i))
        elif ch == "”" and straight and not any(o == "“" for o, _ in stack):
            straight.pop()  # "mixed quotes” close each other
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            openers = (opener, "„") if ch == "”" else (opener,)
            found = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] in openers), None)
            if found is not None:
                del stack[found]
                continue
            if ch == "’":
                continue  # an apostrophe
            before = text[start:i]
            if ch == ")" and (_LIST_MARKER.search(before) or _SMILEY.search(before)):
                continue
            yield _Problem(i, ch, "unopened")
    for ch, i in stack:
        if ch != "‘":
            yield _Problem(i, ch, "unclosed")
    if len(straight) % 2 == 1:
        yield _Problem(straight[-1], '"', "unclosed")


@register
class BalanceCheck(Check):
    """Flags quotation marks and brackets left open or closed without opening."""

    name = "balance"
    types = ("markup.unbalanced",)
    description = "unbalanced quotes or brackets"

    def run(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.text
        paragraphs = ctx.paragraphs
        for n, para in enumerate(paragraphs):
            next_start = text[paragraphs[n + 1].start] if n + 1 < len(paragraphs) else ""
            for problem in _scan(text, para.start, para.end):
                is_quote = problem.char in '“"'
                if problem.kind == "unclosed" and is_quote and next_start == problem.char:
                    continue  # a quotation running on into the next paragraph
                kind = "quote" if problem.char in '“”"‘’' else "bracket"
                rule = ctx.rules.get(f"markup/{problem.kind}-{kind}")
                if rule is None:
                    continue
                yield ctx.finding(
                    rule,
                    Span(problem.offset, problem.offset + 1),
                    rule.message.replace("{0}", problem.char),
                    evidence={"mark": problem.char},
                    confidence=rule.confidence * (0.7 if problem.char == '"' else 1.0),
                )
