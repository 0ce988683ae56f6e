"""detect_text / detect_document: the whole result, odd input, the public API."""

from __future__ import annotations

import json

import pytest

import transcheck
from transcheck.detection import UNKNOWN, DetectionResult, detect_document, detect_text
from transcheck.document import Document
from transcheck.segment import segment

MIXED = (
    "The minister said the plan was ready. Officials added nous restons ouverts au dialogue "
    "but gave no details.\n\n"
    "M. Dupont arrived in Pékin on Monday . He said : « this is a good day » and left."
)


def test_full_result() -> None:
    result = detect_text(MIXED)
    assert isinstance(result, DetectionResult)
    assert result.lang == "en"
    assert 0.5 < result.confidence <= 1
    assert len(result.paragraphs) == 2
    assert all(p.lang == "en" for p in result.paragraphs)
    assert len(result.sentences) >= 4
    assert [s.lang for s in result.spans] == ["fr"]
    assert result.source.lang == "fr"
    assert result.source.evidence
    json.dumps(result.to_dict())  # plain data


def test_public_api_function() -> None:
    result = transcheck.detect("Das ist ein Satz auf Deutsch, und noch einer dazu.")
    assert result.lang == "de"


def test_sentence_languages() -> None:
    text = "This is English. Ceci est une phrase en français. Esto es una frase en español."
    langs = [s.lang for s in detect_text(text).sentences]
    assert langs == ["en", "fr", "es"]


def test_candidates_restrict_everything() -> None:
    result = detect_text("caminhos longos", candidates=["es", "pt"])
    assert result.lang == "pt"
    assert {s.lang for s in result.scores} <= {"es", "pt"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n ",
        "word",
        "Zebra",
        "42 !!",
        "\x85\x93\x80\x9f",
        "caf\x82 na\x8bve r\x82sum\x82",
        "Москва — столица России.",
        "北京是中国的首都。",
        "東京は日本の首都です。",
        "القاهرة هي عاصمة مصر.",
        "ירושלים היא עיר עתיקה.",
        "दिल्ली भारत की राजधानी है।",
        "a\ud800b",
        "\u200b\u200b",
    ],
)
def test_odd_input_answers_or_unknown(text: str) -> None:
    result = detect_text(text)
    assert isinstance(result.lang, str) and result.lang
    assert 0.0 <= result.confidence <= 1.0
    json.dumps(result.to_dict())


def test_empty_is_unknown_with_note() -> None:
    result = detect_text("")
    assert result.lang == UNKNOWN
    assert result.notes


def test_scripts_detected() -> None:
    assert detect_text("Москва — столица России, крупнейший город страны.").lang == "ru"
    assert detect_text("北京是中国的首都，也是一座历史悠久的城市。").lang == "zh"
    assert detect_text("दिल्ली भारत की राजधानी है और एक बड़ा शहर है।").lang == "hi"


def test_backends_are_swappable() -> None:
    for name in ("langdetect", "py3langid", "cld2", "fasttext"):
        result = detect_text("Il pleut depuis trois jours sur la ville.", backend=name)
        assert result.lang == "fr" and result.backend == name


def test_detect_document_uses_declared_language_as_target() -> None:
    text = "Ceci est un texte. The committee met behind closed doors for three hours today."
    doc = Document(text=text, id="d", lang="fr")
    seg = segment(text, lang="fr")
    result = detect_document(doc, seg.sentences, seg.paragraphs, source=False)
    assert any(s.lang == "en" for s in result.spans)
    assert result.source.lang == UNKNOWN
