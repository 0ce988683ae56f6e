"""The detect stage of the check pipeline (a context hook, see :mod:`transcheck.pipeline`).

It runs only when an active check needs per-sentence languages, so plain ``transcheck check``
never loads a language model. When the source language was not declared and the evidence
names one, it becomes the context's source language, followed by the runners-up that hold at
least ``ALTERNATIVE_SHARE`` of the evidence: an inferred source is a likelihood, so rules of a
plausible second language stay on (at reduced confidence) instead of being switched off.
"""

from __future__ import annotations

from typing import Any

from transcheck.checks.base import Context, Need
from transcheck.detection.result import UNKNOWN

ALTERNATIVE_SHARE = 0.1


def prepare(ctx: Context, checker: Any) -> None:
    """Fill ``ctx.detection`` (and an inferred source language) when a check needs them."""
    if Need.LANGUAGES not in checker.needs():
        return
    from transcheck.detection.core import detect_document

    options = getattr(checker.settings, "detect", {}) or {}
    result = detect_document(
        ctx.document,
        ctx.sentences,
        ctx.paragraphs,
        backend=options.get("backend"),
        candidates=options.get("candidates"),
        target=ctx.target_lang,
        rules=ctx.all_rules,
        matcher=ctx.rule_matches,
        # a declared source language needs no inference (and the rule scan costs ~3 ms)
        source=not ctx.source_lang_declared,
    )
    ctx.detection = result
    source = result.source
    if not ctx.source_lang_declared and source.lang != UNKNOWN:
        others = [r.lang for r in source.ranked if r.prob >= ALTERNATIVE_SHARE]
        ctx.source_langs = (source.lang, *(lang for lang in others if lang != source.lang))
