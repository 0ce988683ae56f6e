"""The generic pattern check: runs every regex rule of the active rule packs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import TYPES, Finding
from transcheck.rulepacks import Rule, RuleBook
from transcheck.segment import sentence_index


def _matches(rule: Rule, ctx: Context) -> Iterator[tuple[int, re.Match[str]]]:
    """(offset of the searched region, match) for each match of the rule's regex."""
    regex = rule.regex
    if regex is None:
        return
    if rule.scope == "line":
        pos = 0
        for line in ctx.text.split("\n"):
            for match in regex.finditer(line):
                yield pos, match
            pos += len(line) + 1
    else:
        # Sentence rules also run once over the whole text (one scan instead of one per
        # sentence, shared with source-language inference); matches that cross a sentence
        # boundary are dropped in run_rule.
        for match in ctx.rule_matches(rule):
            yield 0, match


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


def run_rule(rule: Rule, ctx: Context, *, prefiltered: bool = False) -> Iterator[Finding]:
    """Findings of one pattern rule over the document (``prefiltered``: literals known found)."""
    literals = rule.prefilter
    if literals is not None and not prefiltered:
        lowered = ctx.lowered_text
        if not any(lit in lowered for lit in literals):
            return  # before compiling: most rules never need their regex
    confidence = ctx.source_confidence(rule)
    if confidence <= 0:
        return
    for base, match in _matches(rule, ctx):
        span = match_span(rule, match, base)
        if span is None or (len(span) == 0):
            continue
        if rule.scope == "sentence" and not _within_one_sentence(ctx, match.start(), match.end()):
            continue
        unless = rule.unless_regex
        if unless is not None and unless.search(_sentence_text(ctx, span.start)):
            continue
        yield ctx.finding(
            rule,
            span,
            rule.render_message(match),
            suggestion=rule.render_suggestion(match),
            evidence={"matched": match.group(0), "source_langs": list(rule.source_langs)},
            confidence=confidence,
        )


@dataclass
class _Index:
    """The active pattern rules, indexed by the literals that gate them."""

    by_literal: dict[str, list[Rule]]
    always: list[Rule]
    order: dict[str, int]


def _index(book: RuleBook, target: str) -> _Index:
    by_literal: dict[str, list[Rule]] = {}
    always: list[Rule] = []
    rules = [r for r in book.pattern_rules() if r.applies_to_target(target)]
    for rule in rules:
        if rule.prefilter is None:
            always.append(rule)
        else:
            for lit in rule.prefilter:
                by_literal.setdefault(lit, []).append(rule)
    return _Index(by_literal, always, {r.id: i for i, r in enumerate(rules)})


@register
class PatternCheck(Check):
    """Runs the regex rules of every active pack (calques, false friends, residue, typography...).

    Each distinct literal is looked for once per document; only the rules whose literals occur
    (and the few without one) run their regex.
    """

    name = "patterns"
    types = tuple(TYPES)
    description = "regex rules from the YAML rule packs"

    def __init__(self) -> None:
        self._indexes: dict[tuple[int, str], _Index] = {}

    def run(self, ctx: Context) -> Iterable[Finding]:
        key = (id(ctx.rules), ctx.target_lang)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = _index(ctx.rules, ctx.target_lang)
        lowered = ctx.lowered_text
        candidates = {
            rule.id: rule
            for lit, rules in index.by_literal.items()
            if lit in lowered
            for rule in rules
        }
        chosen = sorted(candidates.values(), key=lambda r: index.order[r.id])
        for rule in index.always:
            yield from run_rule(rule, ctx)
        for rule in chosen:
            yield from run_rule(rule, ctx, prefiltered=True)
