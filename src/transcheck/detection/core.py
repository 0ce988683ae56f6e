"""Detection of one document: languages of the document, paragraphs and sentences, mixed
spans and the likely source language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from transcheck.detection.backends import Detector, get_detector, identifiable, normalize_lang
from transcheck.detection.result import (
    UNKNOWN,
    DetectionResult,
    LangScore,
    SegmentLanguage,
)
from transcheck.detection.source import infer_source
from transcheck.detection.spans import find_spans
from transcheck.document import Document, Span

# Sentences shorter than this (in letters) are re-read restricted to the document's
# languages when their own answer is unsure: "Oui." alone says little.
SHORT_LETTERS = 25
SURE = 0.9


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _aggregate(items: Sequence[tuple[int, list[tuple[str, float]]]]) -> list[tuple[str, float]]:
    """Letter-weighted average of several distributions, best first."""
    total: dict[str, float] = {}
    weight = 0
    for letters, scores in items:
        if not scores:
            continue
        weight += letters
        for lang, prob in scores:
            total[lang] = total.get(lang, 0.0) + letters * prob
    if weight == 0:
        return []
    return sorted(((k, v / weight) for k, v in total.items()), key=lambda kv: (-kv[1], kv[0]))


def _segment(kind: str, span: Span, scores: list[tuple[str, float]]) -> SegmentLanguage:
    if not scores:
        return SegmentLanguage(kind, span.start, span.end, UNKNOWN, 0.0)
    alts = tuple(LangScore(lang, round(p, 4)) for lang, p in scores[1:4])
    return SegmentLanguage(kind, span.start, span.end, scores[0][0], round(scores[0][1], 4), alts)


def _sentence_scores(
    text: str, sentences: Sequence[Span], det: Detector, candidates: list[str] | None
) -> list[tuple[int, list[tuple[str, float]]]]:
    out = []
    for span in sentences:
        chunk = text[span.start : span.end]
        scores = det.detect(chunk, candidates) if identifiable(chunk) else []
        out.append((_letters(chunk), scores))
    if candidates is None:
        # Re-read short unsure sentences against the languages the document is written in.
        doc = _aggregate(out)
        likely = [lang for lang, p in doc[:3] if p >= 0.05]
        for i, (letters, scores) in enumerate(out):
            if scores and letters < SHORT_LETTERS and scores[0][1] < SURE and len(likely) > 1:
                span = sentences[i]
                out[i] = (letters, det.detect(text[span.start : span.end], likely) or scores)
    return out


def detect_document(
    document: Document,
    sentences: Sequence[Span],
    paragraphs: Sequence[Span],
    *,
    candidates: Sequence[str] | None = None,
    backend: str | None = None,
    target: str | None = None,
    rules: Any | None = None,
    matcher: Any | None = None,
    spans: bool = True,
    source: bool = True,
    gate: bool = True,
) -> DetectionResult:
    """Detect languages in a segmented document.

    Args:
        document: the text (offsets of every result index into ``document.text``).
        sentences, paragraphs: its segmentation.
        candidates: restrict detection to these languages (expected target plus likely
            sources); best for short texts.
        backend: detector name (see :data:`~transcheck.detection.backends.BACKENDS`).
        target: the language the text should be in; defaults to the declared
            ``document.lang``, then to the detected language.
        rules: the rule book for source-language evidence (built-in packs when ``None``).
        spans, source: whether to look for mixed spans and infer the source language.
        gate: label words only in sentences with a sign of foreign text (see
            :func:`~transcheck.detection.spans.foreign_signal`); ``False`` labels them all.
    """
    det = get_detector(backend)
    cands = sorted({normalize_lang(c) for c in candidates}) if candidates else None
    text = document.text
    result = DetectionResult(backend=det.name)
    if not identifiable(text):
        result.notes.append("no letters to identify a language from")
        return result
    sent_scores = _sentence_scores(text, sentences, det, cands)
    doc = _aggregate(sent_scores)
    if not doc:
        # Segmentation found nothing usable (e.g. one unterminated fragment): read it whole.
        doc = det.detect(text, cands)
    if doc:
        result.lang, result.confidence = doc[0][0], round(doc[0][1], 4)
        result.scores = [LangScore(lang, round(p, 4)) for lang, p in doc[:5]]
    else:
        result.notes.append("language could not be identified")
    result.sentences = [
        _segment("sentence", s, sc) for s, (_, sc) in zip(sentences, sent_scores, strict=True)
    ]
    for para in paragraphs:
        inside = [sc for s, sc in zip(sentences, sent_scores, strict=True) if para.contains(s)]
        result.paragraphs.append(_segment("paragraph", para, _aggregate(inside)))
    if _letters(text) < 20:
        result.notes.append("text too short for a reliable answer")
    lang = normalize_lang(target or document.lang or "") or result.lang
    if lang == UNKNOWN:
        return result
    if spans:
        foreign = [c for c in cands if c != lang] if cands else None
        result.spans = find_spans(
            text,
            sentences,
            lang,
            det,
            foreign=foreign,
            scores=[sc for _, sc in sent_scores],
            gate=gate,
        )
    if source:
        result.source = infer_source(
            text, target=lang, spans=result.spans, rules=rules, matcher=matcher
        )
    return result


def detect_text(
    text: str,
    *,
    candidates: Sequence[str] | None = None,
    backend: str | None = None,
    target: str | None = None,
    rules: Any | None = None,
) -> DetectionResult:
    """Languages of ``text``: document, paragraphs, sentences, mixed spans, likely source.

    Never raises on odd input (empty, one word, any script, control characters): it answers
    ``unknown`` instead. Raises :class:`~transcheck.errors.ConfigError` for an unknown backend.
    """
    from transcheck.segment import segment

    if not isinstance(text, str):
        raise TypeError(f"detect_text() needs a str, not {type(text).__name__}")
    seg = segment(text, lang=target)
    doc = Document(text=text, id="<text>", lang=target)
    return detect_document(
        doc,
        seg.sentences,
        seg.paragraphs,
        candidates=candidates,
        backend=backend,
        target=target,
        rules=rules,
    )
