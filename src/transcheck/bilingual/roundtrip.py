"""Round-trip renderings: published -> likely source language -> published language.

Without the original, a sentence whose round trip comes back very different from itself is
more likely garbled (or a hard case for the model): a weak signal, reported at ``info``
unless something else in the same sentence agrees.
"""

from __future__ import annotations

from typing import Any

__all__ = ["round_trip", "roundtrip_similarity"]


def round_trip(
    translator: Any, sentences: list[str], lang: str, via: str
) -> tuple[list[str], list[str]]:
    """``(renderings in via, renderings back in lang)`` for ``sentences``.

    Raises :class:`~transcheck.errors.ModelError` when a direction has no model (checked on
    the metadata first, so nothing is translated when one half is missing).
    """
    translator.model_ref(lang, via)
    translator.model_ref(via, lang)
    pivot = translator.translate_batch(sentences, lang, via)
    back = translator.translate_batch(pivot, via, lang)
    return list(pivot), list(back)


def roundtrip_similarity(sentence: str, back: str) -> float:
    """chrF (0..100) of the back-translation against the published sentence."""
    from transcheck.align import sentence_chrf

    return sentence_chrf(back, sentence)
