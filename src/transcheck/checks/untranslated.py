"""Untranslated text, from the published text alone (per-sentence and in-sentence detection)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from transcheck.checks.base import Check, Context, Need
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

_NAMES = {
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "he": "Hebrew",
    "tr": "Turkish",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "el": "Greek",
    "hi": "Hindi",
    "ro": "Romanian",
    "hu": "Hungarian",
    "ca": "Catalan",
}


def language_name(code: str) -> str:
    return _NAMES.get(code, code)


@register
class UntranslatedCheck(Check):
    """Flags sentences and in-sentence spans the detect stage found in another language."""

    name = "untranslated"
    types = ("language.untranslated",)
    needs = frozenset({Need.TEXT, Need.LANGUAGES})
    description = "spans left in another language"

    def run(self, ctx: Context) -> Iterable[Finding]:
        detection = ctx.detection
        if detection is None:
            return
        data = ctx.rules.pack_data("language")
        min_words = int(data.get("min_words", 2))
        min_conf = float(data.get("min_confidence", 0.6))
        sentence_rule = ctx.rules.get("language/untranslated/sentence")
        span_rule = ctx.rules.get("language/untranslated/span")
        residue = _residue_spans(ctx)
        foreign = [Span(m.start, m.end) for m in detection.spans if m.lang != ctx.target_lang]
        markers = _markers(data)
        titles = frozenset(str(w).lower() for w in data.get("title_words", []))
        for mixed in detection.spans:
            if mixed.lang in (ctx.target_lang, "unknown"):
                continue
            # A run in another writing system (受影响 in English copy) is evidence on its own,
            # even one word long and whatever the exact language guess.
            by_script = mixed.method == "script"
            if not by_script and (mixed.words < min_words or mixed.confidence < min_conf):
                continue
            span = Span(mixed.start, mixed.end)
            if any(r.overlaps(span) for r in residue):
                continue  # "Lire aussi : ..." is residue, reported as such
            if glossed(ctx.text, span, markers, foreign):
                continue  # the quote is followed by its translation: a choice, not an oversight
            if quoted_title(ctx.text, span, titles):
                continue  # the novel “Cien años de soledad”: a title keeps its language
            rule = sentence_rule if mixed.method == "sentence" else span_rule
            if rule is None:
                continue
            text = ctx.text[span.start : span.end]
            message = rule.message.replace("{lang_name}", language_name(mixed.lang)).replace(
                "{text}", text if len(text) <= 80 else text[:77] + "…"
            )
            yield ctx.finding(
                rule,
                span,
                message,
                evidence={
                    "lang": mixed.lang,
                    "detector_confidence": round(mixed.confidence, 3),
                    "method": mixed.method,
                    "words": mixed.words,
                    "backend": getattr(detection, "backend", ""),
                },
                confidence=rule.confidence
                * (1.0 if by_script else max(min_conf, min(1.0, mixed.confidence))),
            )


# Closing marks that may sit between a quoted span and its gloss: “¡Viva!” (“Long live!”).
_CLOSERS = "”\"»’'›」』!?…. "
_OPENERS = "“\"«‘'‹„「『 "
_GLOSS_WORD = re.compile(r"[^\W\d_]{2,}")


def _markers(data: dict[str, Any]) -> tuple[str, ...]:
    """Gloss markers of the pack data, longest first (lowercase)."""
    raw = data.get("gloss_markers", ["(", "—", "–"])
    return tuple(sorted((str(m).lower() for m in raw), key=len, reverse=True))


def glossed(text: str, span: Span, markers: Sequence[str], foreign: Sequence[Span]) -> bool:
    """Whether ``span`` is followed by its translation: a marker (``(``, a dash, ``, meaning``)
    right after the span and its closing quote, then two or more words in no foreign
    language (up to the closing bracket, dash or line end)."""
    i = span.end
    while i < len(text) and text[i] in _CLOSERS:
        i += 1
    rest = text[i : i + 40].lower()
    marker = next((m for m in markers if rest.startswith(m)), None)
    if marker is None:
        return False
    j = i + len(marker)
    while j < len(text) and text[j] in _OPENERS:
        j += 1
    stop = min(len(text), j + 300)
    for end_mark in (")", "]", "\n", "—", "–"):
        k = text.find(end_mark, j, stop)
        if k >= 0:
            stop = k
    gloss = Span(j, stop)
    if len(_GLOSS_WORD.findall(text[gloss.start : gloss.end])) < 2:
        return False
    return not any(f.overlaps(gloss) for f in foreign)


def quoted_title(text: str, span: Span, titles: frozenset[str]) -> bool:
    """Whether ``span`` is a whole quotation introduced as the name of a work or group by
    one of ``titles`` just before it: the novel “Cien años de soledad”, a platform called
    “Canarias tiene un límite”."""
    before = text[max(0, span.start - 80) : span.start].rstrip(" ¡¿")
    if not before or before[-1] not in _OPENERS.strip():
        return False
    after = text[span.end : span.end + 3].lstrip("!?…")
    if not after or after[0] not in "”\"»’'›」』":
        return False
    lead = [w.strip(",:;").lower() for w in before[:-1].split()[-3:]]
    phrases = {" ".join(lead[k:]) for k in range(len(lead))}
    return bool(phrases & titles)


def _residue_spans(ctx: Context) -> list[Span]:
    """Lines the residue rules match (whatever the selection): not untranslated prose."""
    book = ctx.all_rules or ctx.rules
    spans: list[Span] = []
    for rule in book:
        if not rule.type.startswith("residue.") or rule.regex is None:
            continue
        if rule.prefilter is not None and not any(
            lit in ctx.lowered_text for lit in rule.prefilter
        ):
            continue
        if rule.scope == "line":
            pos = 0
            for line in ctx.text.split("\n"):
                if rule.regex.search(line):
                    spans.append(Span(pos, pos + len(line)))
                pos += len(line) + 1
        else:
            spans.extend(Span(m.start(), m.end()) for m in ctx.rule_matches(rule))
    return spans
