"""Language-identification backends: one interface, restriction, odd input."""

from __future__ import annotations

import pytest

from transcheck.detection.backends import (
    BACKENDS,
    DEFAULT_BACKEND,
    Detector,
    clean_text,
    get_detector,
    normalize_lang,
)
from transcheck.errors import ConfigError

ODD_INPUTS = [
    "",
    "   ",
    "word",
    "12345 ... !!",
    "\x85\x93\x80 caf\x82 mis-encoded \x9d text",
    "broken \ud800 surrogate",
    "Привет, как дела?",
    "这是一个中文句子。",
    "これは日本語の文です。",
    "مرحبا بكم في المدينة",
    "שלום לכולם",
    "यह हिंदी का वाक्य है",
]


# lingua loads a model per language on first use (tens of seconds for all 75), so its tests
# restrict it to a few candidates; the benchmark covers its unrestricted mode.
def _candidates(name: str) -> list[str] | None:
    return ["en", "fr", "de", "ru", "zh", "ja", "ar", "he", "hi"] if name == "lingua" else None


@pytest.mark.parametrize("name", BACKENDS)
def test_every_backend_answers_the_interface(name: str) -> None:
    det = get_detector(name)
    assert isinstance(det, Detector)
    assert det.name == name
    text = "Le gouvernement a annoncé une nouvelle réforme des retraites ce matin."
    scores = det.detect(text, _candidates(name))
    assert scores[0][0] == "fr"
    assert abs(sum(p for _, p in scores) - 1.0) < 1e-6
    assert scores == sorted(scores, key=lambda kv: -kv[1])


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_never_raises(name: str, text: str) -> None:
    scores = get_detector(name).detect(text, _candidates(name))
    assert isinstance(scores, list)
    for lang, prob in scores:
        assert lang and 0 <= prob <= 1


@pytest.mark.parametrize("name", BACKENDS)
def test_restriction_to_candidates(name: str) -> None:
    det = get_detector(name)
    scores = det.detect("Das ist ein schönes Haus am See.", ["de", "nl"])
    assert {lang for lang, _ in scores} <= {"de", "nl"}
    assert scores[0][0] == "de"


def test_single_candidate_and_unknown_candidates() -> None:
    det = get_detector()
    assert det.detect("anything at all", ["fr"]) == [("fr", 1.0)]
    assert det.detect("anything at all", ["xx", "yy"]) == []


def test_restriction_helps_short_text() -> None:
    det = get_detector()
    assert det.detect("caminhos longos", ["es", "pt"])[0][0] == "pt"


def test_scripts_are_recognised() -> None:
    det = get_detector()
    expected = {
        "ru": ODD_INPUTS[6],
        "zh": ODD_INPUTS[7],
        "ja": ODD_INPUTS[8],
        "ar": ODD_INPUTS[9],
        "he": ODD_INPUTS[10],
        "hi": ODD_INPUTS[11],
    }
    for lang, text in expected.items():
        assert det.detect(text)[0][0] == lang, text


def test_langdetect_is_deterministic() -> None:
    det = get_detector("langdetect")
    text = "ciao a tutti"
    first = det.detect(text)
    assert all(det.detect(text) == first for _ in range(5))


def test_default_and_unknown_backend() -> None:
    assert get_detector().name == DEFAULT_BACKEND
    assert get_detector(None) is get_detector(DEFAULT_BACKEND)
    with pytest.raises(ConfigError, match="unknown language detector"):
        get_detector("nope")


def test_normalize_and_clean() -> None:
    assert normalize_lang("iw") == "he"
    assert normalize_lang("zh-Hant") == "zh"
    assert normalize_lang("PT_br") == "pt"
    assert clean_text("a\x85b\nc\x00") == "a b c"


def test_restricted_fasttext_matches_the_full_distribution() -> None:
    # Restriction reads only labels above a small threshold; renormalised over the
    # candidates, the answer is the one the full distribution gives.
    det = get_detector("fasttext")
    model = det._model  # type: ignore[attr-defined]
    texts = ["nous restons ouverts", "the", "Tivo", "das ist gut", "caminhos longos", "ok ok"]
    for cands in (["en", "fr"], ["en", "fr", "de", "es", "it", "pt", "nl"], ["ru", "uk"]):
        for text in texts:
            labels, probs = model.predict(text, k=-1, threshold=0.0)
            full = {normalize_lang(lb[9:]): float(p) for lb, p in zip(labels, probs, strict=True)}
            total = sum(full.get(c, 0.0) for c in cands)
            got = dict(det.detect(text, cands))
            for c in cands:
                want = full.get(c, 0.0) / total if total else 0.0
                assert abs(got.get(c, 0.0) - want) < 1e-3, (text, cands, c)
