"""The generic pattern check: runs every regex rule of the active rule packs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import TYPES, Finding
from transcheck.rulepacks import Rule
from transcheck.segment import sentence_index


def _regions(rule: Rule, ctx: Context) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of the document the rule's regex runs over."""
    text = ctx.text
    if rule.scope == "line":
        pos = 0
        for line in text.split("\n"):
            yield pos, line
            pos += len(line) + 1
    else:
        # Sentence rules also run once over the whole text (one scan instead of one per
        # sentence); matches that cross a sentence boundary are dropped in run_rule.
        yield 0, text


def _sentence_text(ctx: Context, offset: int) -> str:
    i = sentence_index(ctx.sentences, offset)
    if i < 0:
        return ""
    s = ctx.sentences[i]
    return ctx.text[s.start : s.end]


def _within_one_sentence(ctx: Context, start: int, end: int) -> bool:
    i = sentence_index(ctx.sentences, start)
    return i >= 0 and end <= ctx.sentences[i].end


def match_span(rule: Rule, match: re.Match[str], base: int) -> Span | None:
    """The flagged span of a match: the rule's ``group`` (whole match by default)."""
    try:
        start, end = match.span(rule.group)
    except IndexError:
        return None
    if start < 0:
        return None
    return Span(base + start, base + end)


def run_rule(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Findings of one pattern rule over the document."""
    literals = rule.prefilter
    if literals is not None:
        lowered = ctx.lowered_text
        if not any(lit in lowered for lit in literals):
            return  # before compiling: most rules never need their regex
    regex = rule.regex
    if regex is None:
        return
    confidence = ctx.source_confidence(rule)
    if confidence <= 0:
        return
    for base, region in _regions(rule, ctx):
        for match in regex.finditer(region):
            span = match_span(rule, match, base)
            if span is None or (len(span) == 0):
                continue
            if rule.scope == "sentence" and not _within_one_sentence(ctx, match.start(), match.end()):
                continue
            if rule.unless_regex is not None:
                if rule.unless_regex.search(_sentence_text(ctx, span.start)):
                    continue
            yield ctx.finding(
                rule,
                span,
                rule.render_message(match),
                suggestion=rule.render_suggestion(match),
                evidence={"matched": match.group(0), "source_langs": list(rule.source_langs)},
                confidence=confidence,
            )


@register
class PatternCheck(Check):
    """Runs the regex rules of every active pack (calques, false friends, residue, typography...)."""

    name = "patterns"
    types = tuple(TYPES)
    description = "regex rules from the YAML rule packs"

    def run(self, ctx: Context) -> Iterable[Finding]:
        for rule in ctx.rules.pattern_rules():
            if rule.applies_to_target(ctx.target_lang):
                yield from run_rule(rule, ctx)
