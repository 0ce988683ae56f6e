"""The bilingual stage of the check pipeline (a context hook, see :mod:`transcheck.pipeline`).

When a document comes with its source text (``--source``, a ``source_text`` field) or a
trusted reference rendering (``--reference``), :func:`prepare` segments that side, gets
renderings (the reference's sentences, or the translator's renderings of the source
sentences), aligns them with the published sentences and sets ``ctx.bilingual``.

Without a renderer the alignment falls back to numbers, names and lengths, which is enough
for the number check; checks that need renderings are then off. Without any source, and only
when the round-trip check is active and a model for the pair is installed, the published
sentences are rendered into the likely source language and back.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import weakref
from typing import Any

from transcheck.align import Alignment, BeadScores, align, align_scores, sentence_chrf
from transcheck.bilingual import BeadScore, Bilingual, SourceUnit
from transcheck.checks.base import Context, Need
from transcheck.errors import TranscheckError

log = logging.getLogger(__name__)

BILINGUAL_NEEDS = frozenset({Need.SOURCE, Need.RENDERING, Need.ALIGNMENT})
ROUNDTRIP_CHECK = "roundtrip"

# Translators made from the checker's settings, per checker (None: none could be made).
_MADE: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def prepare(ctx: Context, checker: Any) -> None:
    """Fill ``ctx.bilingual`` for a document with a source or reference (see module doc)."""
    doc = ctx.document
    names = {check.name for check in getattr(checker, "checks", [])}
    if doc.source_text is None and doc.reference_text is None:
        if ROUNDTRIP_CHECK in names:
            _prepare_roundtrip(ctx, checker)
        return
    needs = checker.needs() if hasattr(checker, "needs") else set(BILINGUAL_NEEDS)
    if not needs & BILINGUAL_NEEDS:
        return
    ctx.bilingual = build(ctx, checker)


def source_language(ctx: Context, source_text: str | None) -> str | None:
    """The declared source language, else the one the context knows, else a guess."""
    if ctx.document.source_lang:
        return ctx.document.source_lang.lower()
    if ctx.source_langs:
        return ctx.source_langs[0]
    if not source_text:
        return None
    try:
        from transcheck.detection.backends import get_detector

        ranked = get_detector().detect(source_text[:3000])
    except (TranscheckError, ImportError):
        return None
    return ranked[0][0] if ranked and ranked[0][0] != "unknown" else None


def _normal(text: str) -> str:
    return " ".join(text.split())


def _identity_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def build(ctx: Context, checker: Any) -> Bilingual:
    """The :class:`Bilingual` of ``ctx.document`` (which has a source or a reference)."""
    from transcheck.segment import segment

    doc = ctx.document
    src_lang = source_language(ctx, doc.source_text)
    tgt = ctx.target_lang
    published = list(ctx.sentences)
    pub_texts = [_normal(s.text(doc.text)) for s in published]
    bi = Bilingual(
        source_text=doc.source_text,
        source_lang=src_lang,
        target_lang=tgt,
        published=published,
        published_text=doc.text,
    )
    src_texts: list[str] = []
    if doc.source_text is not None:
        bi.source_sentences = segment(doc.source_text, src_lang).sentences
        src_texts = [_normal(s.text(doc.source_text)) for s in bi.source_sentences]

    if doc.reference_text is not None:
        ref_sents = segment(doc.reference_text, tgt).sentences
        refs = [_normal(s.text(doc.reference_text)) for s in ref_sents]
        attach = len(refs) == len(src_texts)  # same count: take the sentences as paired
        bi.units = [
            SourceUnit(
                i,
                ref,
                src_texts[i] if attach else None,
                bi.source_sentences[i] if attach else None,
            )
            for i, ref in enumerate(refs)
        ]
        bi.rendering_origin = "reference"
    else:
        renderings = _render(bi, src_texts, checker)
        bi.units = [
            SourceUnit(i, renderings[i] if renderings else None, text, bi.source_sentences[i])
            for i, text in enumerate(src_texts)
        ]
        bi.rendering_origin = "translator" if renderings is not None else ""

    boost: dict[tuple[int, int], float] = {}
    if src_lang != tgt:
        by_key: dict[str, int] = {}
        for unit in bi.units:
            if unit.source is not None and len(unit.source) >= 12:
                by_key.setdefault(_identity_key(unit.source), unit.index)
        for j, text in enumerate(pub_texts):
            i = by_key.get(_identity_key(text))
            if i is not None:
                boost[(i, j)] = 0.95  # a sentence left untranslated still has its place
                bi.copied.add(j)
    if bi.has_rendering():
        bi.alignment = align([u.rendering or "" for u in bi.units], pub_texts, boost=boost)
    elif bi.units:
        bi.alignment = _anchor_alignment([u.source or "" for u in bi.units], pub_texts, boost)
        bi.notes.append(
            "source aligned by numbers, names and lengths only: checks that need renderings "
            "are off (install a translation model for "
            f"{src_lang or '?'}->{tgt}, or pass --reference)"
        )
    if bi.alignment is not None and bi.has_rendering():
        bi.scores = [_bead_score(bi, k) for k in range(len(bi.alignment.beads))]
    return bi


def _bead_score(bi: Bilingual, k: int) -> BeadScore | None:
    assert bi.alignment is not None
    bead = bi.alignment.beads[k]
    if not bead.src or not bead.tgt:
        return None
    hyp = _normal(bi.published_of(bead))
    ref = bi.rendering_of(bead)
    return BeadScore(
        round(sentence_chrf(hyp, ref), 2), round(sentence_bleu(hyp, ref, bi.target_lang), 2)
    )


_BLEU: dict[str, Any] = {}


def sentence_bleu(hypothesis: str, reference: str, lang: str = "en") -> float:
    """sacrebleu sentence BLEU (0..100), with character tokens for Chinese and Japanese."""
    tokenize = "zh" if lang == "zh" else "char" if lang in ("ja", "ko", "th") else "13a"
    metric = _BLEU.get(tokenize)
    if metric is None:  # building the metric object costs more than scoring a sentence
        from sacrebleu.metrics import BLEU

        metric = _BLEU[tokenize] = BLEU(tokenize=tokenize, effective_order=True)
    return float(metric.sentence_score(hypothesis, [reference]).score)


def translator_for(checker: Any) -> Any | None:
    """``checker.translator``, or one made (once per checker) from its translate settings."""
    existing = getattr(checker, "translator", None)
    if existing is not None:
        return existing
    try:
        return _MADE[checker]
    except (KeyError, TypeError):
        pass
    made: Any | None = None
    try:
        from transcheck.translate import get_translator
        from transcheck.translate.base import settings_from_mapping

        table = getattr(getattr(checker, "settings", None), "translate", {}) or {}
        made = get_translator(settings_from_mapping(table, "[tool.transcheck.translate]"))
    except TranscheckError as exc:
        log.debug("no translator: %s", exc)
    with contextlib.suppress(TypeError):  # a checker that cannot be weakly referenced
        _MADE[checker] = made
    return made


def _render(bi: Bilingual, sentences: list[str], checker: Any) -> list[str] | None:
    """Renderings of the source sentences, or None (with a note) when there can be none."""
    if not sentences:
        return []
    if bi.source_lang is None:
        bi.notes.append("source language unknown (pass --source-lang): no renderings")
        return None
    if bi.source_lang == bi.target_lang:
        return list(sentences)
    translator = translator_for(checker)
    if translator is None:
        bi.notes.append("no translator available: checks that need renderings are off")
        return None
    try:
        ref = translator.model_ref(bi.source_lang, bi.target_lang)
        out = translator.translate_batch(sentences, bi.source_lang, bi.target_lang)
    except TranscheckError as exc:
        bi.notes.append(f"no renderings: {exc}")
        return None
    bi.model = f"{ref.backend}:{ref.model_id}@{ref.version}"
    return [_normal(t) for t in out]


# --- alignment without renderings ----------------------------------------------------------


def _anchors(text: str) -> set[str]:
    from transcheck.bilingual.entities import extract_entities
    from transcheck.bilingual.numbers import extract_numbers

    keys = {f"#{v:g}" for m in extract_numbers(text) if m.flaggable for v in m.values}
    keys.update(k for e in extract_entities(text) for k in e.keys)
    keys.update(re.findall(r"[\"“”«»()]", text))
    return keys


def _anchor_alignment(
    sources: list[str], published: list[str], boost: dict[tuple[int, int], float]
) -> Alignment:
    """Gale-Church-like alignment: length ratio plus shared numbers and names."""
    src_len = [len(s) for s in sources]
    pub_len = [len(p) for p in published]
    ratio = (sum(pub_len) or 1) / (sum(src_len) or 1)

    def sim(src: str, pub: str) -> float:
        a, b = _anchors(src), _anchors(pub)
        dice = 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
        closeness = math.exp(-abs(math.log((len(src) * ratio + 10) / (len(pub) + 10))))
        return 0.5 * dice + 0.5 * closeness

    def table(left: list[str], right: list[str]) -> list[list[float]]:
        return [[sim(s, p) for p in right] for s in left]

    s2 = [" ".join(sources[i : i + 2]) for i in range(len(sources) - 1)]
    p2 = [" ".join(published[j : j + 2]) for j in range(len(published) - 1)]
    scores = BeadScores(
        table(sources, published), table(sources, p2), table(s2, published), table(s2, p2)
    )
    for (i, j), value in boost.items():
        scores.s11[i][j] = value
    return align_scores(scores, [int(n * ratio) for n in src_len], pub_len)


# --- round trip ----------------------------------------------------------------------------


def _prepare_roundtrip(ctx: Context, checker: Any) -> None:
    """Back-translations of the published sentences through the likely source language."""
    from transcheck.bilingual.roundtrip import round_trip

    src_lang = ctx.source_langs[0] if ctx.source_langs else None
    if src_lang is None or src_lang == ctx.target_lang or not ctx.sentences:
        return
    translator = translator_for(checker)
    if translator is None:
        return
    texts = [_normal(s.text(ctx.text)) for s in ctx.sentences]
    try:
        pivot, back = round_trip(translator, texts, ctx.target_lang, src_lang)
    except TranscheckError as exc:
        log.debug("no round trip: %s", exc)
        return  # no model for the pair: the round-trip check stays silent
    ctx.bilingual = Bilingual(
        source_text=None,
        source_lang=src_lang,
        target_lang=ctx.target_lang,
        published=list(ctx.sentences),
        published_text=ctx.text,
        roundtrip=back,
        roundtrip_pivot=pivot,
    )
