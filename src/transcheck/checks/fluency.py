"""Fluency checks: doubled words and phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

# Horizontal space or a single line break: a repetition does not cross a paragraph.
_GAP = r"(?:[ \t\u00a0]+|[ \t]*\n[ \t]*)"
_WORD_DOUBLE = re.compile(rf"\b([^\W\d_][\w'’-]*|\d[\d,.]*\d){_GAP}(\1)\b", re.IGNORECASE)
_PHRASE_DOUBLE = re.compile(
    rf"\b([^\W\d_][\w'’-]*(?:{_GAP}[\w'’-]+){{1,4}}){_GAP}(\1)\b", re.IGNORECASE
)


@register
class RepetitionCheck(Check):
    """Flags the second occurrence of a doubled word or phrase."""

    name = "repetition"
    types = ("fluency.repetition",)
    description = "doubled words or phrases"

    def run(self, ctx: Context) -> Iterable[Finding]:
        word_rule = ctx.rules.get("repetition/word")
        phrase_rule = ctx.rules.get("repetition/phrase")
        allowed = {
            " ".join(a.lower().split()) for a in ctx.rules.pack_data("fluency").get(
                "allowed_doubles", []
            )
        }
        text = ctx.text
        taken: list[Span] = []
        if phrase_rule is not None:
            for m in _PHRASE_DOUBLE.finditer(text):
                first, second = m.group(1), m.group(2)
                if first != second and first.lower() != second.lower():
                    continue
                span = Span(m.start(2), m.end(2))
                taken.append(Span(m.start(1), m.end(2)))
                yield ctx.finding(
                    phrase_rule,
                    span,
                    phrase_rule.message.replace("{0}", second),
                    suggestion="",
                    evidence={"repeated": second},
                )
        if word_rule is not None:
            for m in _WORD_DOUBLE.finditer(text):
                pair = f"{m.group(1)} {m.group(2)}".lower()
                if pair in allowed:
                    continue
                span = Span(m.start(2), m.end(2))
                if any(t.overlaps(span) for t in taken):
                    continue
                yield ctx.finding(
                    word_rule,
                    span,
                    word_rule.message.replace("{0}", m.group(2)),
                    suggestion="",
                    evidence={"repeated": m.group(2)},
                )
