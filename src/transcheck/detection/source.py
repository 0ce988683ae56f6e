"""Which language a translation was most likely translated from, with the evidence.

Evidence comes from what a translation keeps of its source:

* calque, false-friend and source-typography rules of the rule packs that fire (each rule
  names its source languages);
* the source cues of ``cues.yaml``: typography, name transliteration, orthography, press
  conventions (datelines, credit lines) and, as tie-breakers only, locale (topic) markers;
  several rules matching the same words are one clue shared by their languages;
* the language of untranslated fragments (mixed-language spans).

Each item adds weight to its languages (the text's own language excluded). The ranked list is
the weights normalised; the answer is ``unknown`` unless the best language has at least
``MIN_WEIGHT`` of evidence and ``MIN_SHARE`` of the total.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from transcheck.detection.cues import CHARS, LITERALS, load_cues
from transcheck.detection.result import UNKNOWN, Evidence, LangScore, MixedSpan, SourceInference

MIN_WEIGHT = 2.0
MIN_SHARE = 0.4
DEFAULT_MAX = 3
# Weight of one hit of a rule of each type, times the rule's confidence.
RULE_WEIGHTS = {
    "style.calque": 1.5,
    "style.false-friend": 1.0,
    "typography.source-convention": 1.0,
    "language.untranslated": 1.5,
}
_KIND = {
    "style.calque": "calque",
    "style.false-friend": "false-friend",
    "typography.source-convention": "typography",
    "language.untranslated": "untranslated",
}
SPAN_WEIGHT = 1.5


@dataclass(frozen=True)
class _Cue:
    id: str
    kind: str
    pattern: str
    langs: dict[str, float]
    max: int
    literals: frozenset[str] | None  # one of them occurs in every match (None: unknown)
    chars: str | None  # one of these characters occurs in every match (None: unknown)

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: most cues are ruled out by their literals.
        return re.compile(self.pattern)


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[_Cue, ...]:
    out = []
    for raw in load_cues().get("source_cues", []):
        literals = raw.get(LITERALS)
        out.append(
            _Cue(
                id=str(raw["id"]),
                kind=str(raw["kind"]),
                pattern=str(raw["pattern"]),
                langs={str(k): float(v) for k, v in raw["langs"].items()},
                max=int(raw.get("max", DEFAULT_MAX)),
                literals=frozenset(literals) if literals is not None else None,
                chars=raw.get(CHARS),
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _cue_literals() -> frozenset[str]:
    return frozenset(lit for cue in _cues() for lit in (cue.literals or ()))


def _cues_for(present: frozenset[str]) -> list[Any]:
    """Cues whose literal prefilter passes, in file order (cues without literals always)."""
    index = _cue_index()
    chosen = set(index[1])
    for lit in present:
        chosen.update(index[0].get(lit, ()))
    return [cue for i, cue in enumerate(_cues()) if i in chosen]


@functools.lru_cache(maxsize=1)
def _cue_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """literal -> indexes of the cues it gates, and the cues without a literal."""
    by_literal: dict[str, list[int]] = {}
    always: list[int] = []
    for i, cue in enumerate(_cues()):
        if cue.literals is None:
            always.append(i)
        else:
            for lit in cue.literals:
                by_literal.setdefault(lit, []).append(i)
    return {k: tuple(v) for k, v in by_literal.items()}, tuple(always)


def _cue_evidence(text: str, target: str, lowered: str | None = None) -> Iterable[Evidence]:
    lowered = text.lower() if lowered is None else lowered
    present = {lit for lit in _cue_literals() if lit in lowered}
    for cue in _cues_for(frozenset(present)):
        if cue.literals is not None and cue.literals.isdisjoint(present):
            continue
        if cue.chars is not None and not any(ch in text for ch in cue.chars):
            continue
        langs = {k: v for k, v in cue.langs.items() if k != target}
        if not langs:
            continue
        matches = list(cue.regex.finditer(text))
        if not matches:
            continue
        count = min(len(matches), cue.max)
        for lang, weight in langs.items():
            yield Evidence(
                cue.kind,
                cue.id,
                (lang,),
                count,
                round(weight * count, 3),
                matches[0].group().strip(),
                matches[0].start(),
            )


@dataclass(frozen=True)
class _RuleEntry:
    rule: Any
    literals: frozenset[str] | None
    langs: tuple[str, ...]


# (rule book, target) -> the rules that can be evidence, with what they need; the book is
# kept to make sure its id is not reused.
_RULE_INDEX: dict[tuple[int, str], tuple[Any, list[_RuleEntry], frozenset[str]]] = {}


def _rule_index(rules: Any, target: str) -> tuple[list[_RuleEntry], frozenset[str]]:
    """The rules of ``rules`` that can be evidence for a translation into ``target``, and all
    their prefilter literals."""
    key = (id(rules), target)
    cached = _RULE_INDEX.get(key)
    if cached is not None and cached[0] is rules:
        return cached[1], cached[2]
    entries = []
    for rule in rules:
        # ``rule.pattern``, not ``rule.regex``: the regex compiles on first access.
        if rule.type not in RULE_WEIGHTS or not rule.source_langs or not rule.pattern:
            continue
        if not rule.applies_to_target(target):
            continue
        langs = tuple(lang for lang in rule.source_langs if lang != target)
        if langs:
            entries.append(_RuleEntry(rule, rule.prefilter, langs))
    literals = frozenset(lit for e in entries for lit in (e.literals or ()))
    if len(_RULE_INDEX) > 16:
        _RULE_INDEX.clear()
    _RULE_INDEX[key] = (rules, entries, literals)
    return entries, literals


def _rule_evidence(
    text: str,
    target: str,
    rules: Any,
    lowered: str | None = None,
    matcher: Callable[[Any], Iterable[re.Match[str]]] | None = None,
) -> list[Evidence]:
    lowered = text.lower() if lowered is None else lowered
    entries, literals = _rule_index(rules, target)
    # The literal prefilter first: most rules are ruled out before their regex compiles. Each
    # distinct literal is looked up once.
    present = {lit for lit in literals if lit in lowered}
    found: list[tuple[list[tuple[int, int]], Evidence]] = []
    for entry in entries:
        if entry.literals is not None and entry.literals.isdisjoint(present):
            continue
        rule, langs = entry.rule, entry.langs
        if rule.regex is None:
            continue
        hits = []
        for m in matcher(rule) if matcher is not None else rule.regex.finditer(text):
            if rule.unless_regex is not None:
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                line = text[line_start : line_end if line_end >= 0 else len(text)]
                if rule.unless_regex.search(line):
                    continue
            hits.append(m)
            if len(hits) >= DEFAULT_MAX:
                break
        if not hits:
            continue
        weight = RULE_WEIGHTS[rule.type] * rule.confidence * len(hits) / len(langs)
        found.append(
            (
                [(m.start(), m.end()) for m in hits],
                Evidence(
                    _KIND[rule.type],
                    rule.id,
                    langs,
                    len(hits),
                    round(weight, 3),
                    hits[0].group().strip(),
                    hits[0].start(),
                ),
            )
        )
    return _merge_same_matches(found)


def _merge_same_matches(
    found: list[tuple[list[tuple[int, int]], Evidence]],
) -> list[Evidence]:
    """One item per stretch of text: "Korea of the North" is a calque in the French, Spanish,
    Italian and Portuguese packs, but it is one clue shared by four languages, not four
    clues. Items whose matches overlap become one with all their languages and the largest
    weight."""
    merged: list[tuple[list[tuple[int, int]], Evidence]] = []
    for spans, item in found:
        for i, (other_spans, other) in enumerate(merged):
            if any(a < d and c < b for a, b in spans for c, d in other_spans):
                langs = other.langs + tuple(x for x in item.langs if x not in other.langs)
                best = max(other, item, key=lambda e: (e.weight, e.count))
                merged[i] = (
                    other_spans + spans,
                    replace(best, langs=langs, weight=round(max(other.weight, item.weight), 3)),
                )
                break
        else:
            merged.append((spans, item))
    return [item for _, item in merged]


def _span_evidence(spans: Sequence[MixedSpan], target: str) -> Iterable[Evidence]:
    by_lang: dict[str, list[MixedSpan]] = {}
    for span in spans:
        if span.lang and span.lang != target:
            by_lang.setdefault(span.lang, []).append(span)
    for lang, items in by_lang.items():
        count = min(len(items), DEFAULT_MAX)
        weight = sum(SPAN_WEIGHT * s.confidence for s in items[:count])
        yield Evidence(
            "untranslated",
            f"untranslated/{lang}",
            (lang,),
            len(items),
            round(weight, 3),
            items[0].text[:80],
            items[0].start,
        )


def infer_source(
    text: str,
    *,
    target: str = "en",
    spans: Sequence[MixedSpan] = (),
    rules: Any | None = None,
    use_rules: bool = True,
    matcher: Callable[[Any], Iterable[re.Match[str]]] | None = None,
) -> SourceInference:
    """Rank the likely source languages of ``text``, a translation into ``target``.

    ``rules`` is a :class:`~transcheck.rulepacks.RuleBook` (the built-in packs when ``None``);
    ``spans`` are mixed-language spans already found in the text. ``matcher(rule)`` gives a
    rule's matches over ``text`` when the caller already has them (the check pipeline shares
    them with the pattern check).
    """
    evidence: list[Evidence] = []
    if text.strip():
        lowered = text.lower()
        evidence.extend(_cue_evidence(text, target, lowered))
        if use_rules:
            if rules is None:
                from transcheck.rulepacks import load_rulebook

                rules = load_rulebook()
            evidence.extend(_rule_evidence(text, target, rules, lowered, matcher))
        evidence.extend(_span_evidence(spans, target))
    weights: dict[str, float] = {}
    for item in evidence:
        for lang in item.langs:
            weights[lang] = weights.get(lang, 0.0) + item.weight / len(item.langs)
    total = sum(weights.values())
    if total <= 0:
        return SourceInference()
    ranked = tuple(
        LangScore(lang, round(w / total, 4))
        for lang, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    best = ranked[0]
    best_weight = weights[best.lang]
    evidence.sort(key=lambda e: (-e.weight, e.cue))
    # Confidence grows with the amount of evidence and with its agreement.
    confidence = round(best.prob * (1 - math.exp(-best_weight / MIN_WEIGHT)), 4)
    decided = best_weight >= MIN_WEIGHT and best.prob >= MIN_SHARE
    return SourceInference(
        lang=best.lang if decided else UNKNOWN,
        confidence=confidence,
        ranked=ranked,
        evidence=tuple(evidence),
        total_weight=round(total, 3),
    )
