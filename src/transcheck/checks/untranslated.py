"""Untranslated text, from the published text alone (per-sentence and in-sentence detection)."""

from __future__ import annotations

from collections.abc import Iterable

from transcheck.checks.base import Check, Context, Need
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

_NAMES = {
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "ar": "Arabic", "he": "Hebrew", "tr": "Turkish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech",
    "el": "Greek", "hi": "Hindi", "ro": "Romanian", "hu": "Hungarian", "ca": "Catalan",
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
            spans.extend(Span(m.start(), m.end()) for m in rule.regex.finditer(ctx.text))
    return spans
