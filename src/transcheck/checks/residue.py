"""Residue checks that need more than a line pattern: caption lines beside photo credits."""

from __future__ import annotations

import re
from collections.abc import Iterable

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

_TERMINAL = re.compile(r"[.!?:;…\"”’»)]\s*$")
_WORD = re.compile(r"\w+")


@register
class CaptionCheck(Check):
    """Flags a caption line next to a photo credit line.

    A caption is a single-line paragraph (or line) without final punctuation directly before
    or after a credit line ("PHOTO NAME, AGENCY", "(Photo: AFP)"); the credit itself is
    flagged by the pattern rules.
    """

    name = "caption"
    types = ("residue.caption",)
    description = "photo captions beside credit lines"

    def run(self, ctx: Context) -> Iterable[Finding]:
        rule = ctx.rules.get("residue/caption/caption-line")
        if rule is None:
            return
        credits = [
            r.regex
            for r in (ctx.all_rules or ctx.rules).with_data("role", "credit")
            if r.regex is not None
        ]
        if not credits:
            return
        max_words = int(rule.data.get("max_words", 40))
        lines = _lines(ctx.text)
        is_credit = [any(rx.search(text) for rx in credits) for _, text in lines]
        flagged: set[int] = set()
        for i, credit in enumerate(is_credit):
            if not credit:
                continue
            for j in (i - 1, i + 1, i + 2, i - 2):
                # Skip over one blank line between the credit and its caption.
                if not 0 <= j < len(lines) or j in flagged or is_credit[j]:
                    continue
                if abs(j - i) == 2 and lines[(i + j) // 2][1].strip():
                    continue
                start, text = lines[j]
                stripped = text.strip()
                if not stripped or _TERMINAL.search(stripped):
                    continue
                if j == _first_content_line(lines):
                    continue  # the headline
                if not 2 <= len(_WORD.findall(stripped)) <= max_words:
                    continue
                offset = start + (len(text) - len(text.lstrip()))
                span = Span(offset, offset + len(stripped))
                flagged.add(j)
                yield ctx.finding(
                    rule,
                    span,
                    rule.message.replace("{0}", stripped),
                    evidence={"credit_line": lines[i][1].strip()},
                )


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _first_content_line(lines: list[tuple[int, str]]) -> int:
    for i, (_, text) in enumerate(lines):
        if text.strip():
            return i
    return -1
