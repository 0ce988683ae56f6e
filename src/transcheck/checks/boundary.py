"""Boundary checks: words and compounds broken across a sentence break."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding
from transcheck.rulepacks import Rule

# The last word of a sentence ending in a period; the word is group 1.
_LAST_WORD = re.compile(r"(\w[\w'’]*)\.\s*$")
# "program. -spies": a word, a period, spaces on one line, a hyphen glued to a word. Found in
# the text directly, whatever the segmenter made of the period (it may know "Co." etc.).
_HYPHEN_SPLIT = re.compile(r"\b(\w[\w'’]*)\.[ \t\u00a0]+[-‐‑]([^\W\d_][\w'’-]*)")
_LOWER_START = re.compile(r"^([a-z][a-z'’]*)\b")
_WORD = re.compile(r"\w+")


@register
class SplitWordCheck(Check):
    """Flags ``program. -spies`` and ``fire. fighters``: a period inside a compound."""

    name = "split-word"
    types = ("boundary.split-word",)
    description = "a word or compound broken across a sentence boundary"

    def run(self, ctx: Context) -> Iterable[Finding]:
        rules = {r.id: r for r in ctx.rules.for_check(self.name)}
        hyphen = rules.get("split-word/hyphen-fragment")
        lower = rules.get("split-word/lowercase-fragment")
        data = ctx.rules.pack_data("boundary")
        final_ok = {w.lower() for w in data.get("not_sentence_final", [])}
        starters = {w.lower() for w in data.get("lowercase_starters", [])}
        if hyphen is not None:
            for m in _HYPHEN_SPLIT.finditer(ctx.text):
                yield self._finding(ctx, hyphen, m, m.end(), m.group(2), 1.0)
        if lower is None:
            return
        for prev, nxt in _pairs(ctx):
            last = _LAST_WORD.search(ctx.text, prev.start, prev.end)
            if last is None or last.end() != prev.end or last.group(1).lower() in final_ok:
                continue
            head = ctx.text[nxt.start : nxt.end]
            low = _LOWER_START.match(head)
            if low is not None:
                if low.group(1) in starters:
                    continue
                # A one- or two-word fragment is almost surely a broken compound.
                words = len(_WORD.findall(head))
                scale = 1.0 if words <= 3 else 0.8
                yield self._finding(ctx, lower, last, nxt.start + low.end(), low.group(1), scale)

    @staticmethod
    def _finding(
        ctx: Context, rule: Rule, last: re.Match[str], end: int, fragment: str, scale: float
    ) -> Finding:
        span = Span(last.start(1), end)
        flagged = span.text(ctx.text)
        head = last.group(1)
        suggestion = f"{head}-{fragment}" if rule.id.endswith("hyphen-fragment") else None
        return ctx.finding(
            rule,
            span,
            rule.message.replace("{0}", flagged),
            suggestion=suggestion,
            evidence={"before": head, "fragment": fragment},
            confidence=rule.confidence * scale,
        )


def _pairs(ctx: Context) -> Iterator[tuple[Span, Span]]:
    """Consecutive sentences within one paragraph."""
    paragraphs = ctx.paragraphs
    p = 0
    for prev, nxt in zip(ctx.sentences, ctx.sentences[1:], strict=False):
        while p < len(paragraphs) and paragraphs[p].end < prev.end:
            p += 1
        if p < len(paragraphs) and paragraphs[p].contains(nxt):
            yield prev, nxt
