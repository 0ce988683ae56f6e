"""The detect stage hook of the check pipeline."""

from __future__ import annotations

from types import SimpleNamespace

from transcheck.checks.base import Context, Need
from transcheck.detection.result import DetectionResult
from transcheck.detection.stage import prepare
from transcheck.document import Document
from transcheck.rulepacks import RuleBook
from transcheck.segment import segment

TEXT = "M. Dupont arrived in Pékin on Monday . He said : « this is a good day » and left."


def context() -> Context:
    seg = segment(TEXT)
    return Context(
        document=Document(text=TEXT, id="d"),
        sentences=seg.sentences,
        paragraphs=seg.paragraphs,
        rules=RuleBook([]),
    )


def checker(needs: set[Need]) -> SimpleNamespace:
    return SimpleNamespace(needs=lambda: needs, settings=SimpleNamespace(detect={}))


def test_runs_only_when_a_check_needs_languages() -> None:
    ctx = context()
    prepare(ctx, checker({Need.TEXT}))
    assert ctx.detection is None


def test_fills_detection_and_inferred_source() -> None:
    ctx = context()
    prepare(ctx, checker({Need.TEXT, Need.LANGUAGES}))
    assert isinstance(ctx.detection, DetectionResult)
    assert ctx.detection.lang == "en"
    assert ctx.source_langs[0] == "fr"
    # Runners-up with a fair share of the evidence follow, for rules of a plausible second
    # source language; languages with little or no evidence do not.
    ranked = {r.lang: r.prob for r in ctx.detection.source.ranked}
    assert all(ranked[lang] >= 0.1 for lang in ctx.source_langs)
    assert set(ctx.source_langs) == {lang for lang, p in ranked.items() if p >= 0.1}


def test_declared_source_is_kept() -> None:
    ctx = context()
    ctx.source_langs = ("de",)
    ctx.source_lang_declared = True
    prepare(ctx, checker({Need.TEXT, Need.LANGUAGES}))
    assert ctx.source_langs == ("de",)
