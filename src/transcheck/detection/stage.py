"""The detect stage of the check pipeline (a context hook, see :mod:`transcheck.pipeline`).

It runs only when an active check needs per-sentence languages, so plain ``transcheck check``
never loads a language model. When the source language was not declared and the evidence
names one, it becomes the context's source language.
"""

from __future__ import annotations

from typing import Any

from transcheck.checks.base import Context, Need
from transcheck.detection.result import UNKNOWN


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
    )
    ctx.detection = result
    if not ctx.source_lang_declared and result.source.lang != UNKNOWN:
        ctx.source_langs = (result.source.lang,)
