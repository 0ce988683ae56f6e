from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import ModelError
from transcheck.translate.argos import ArgosTranslator
from transcheck.translate.base import TranslateSettings
from transcheck.translate.packages import install_package
from transcheck.translate.testmodel import EN_ES, FR_EN, reference_translation

SENTENCES = [
    "Le chat mange le pain.",
    "Je trouve un livre rouge dans la maison.",
    "Zorglub_42 boit de l'eau très souvent!",
    "Bonjour, merci!",
]


def test_installed_tiny_model_translates(fr_en: Path, settings: TranslateSettings) -> None:
    translator = ArgosTranslator(settings)
    out = translator.translate_batch(SENTENCES, "fr", "en")
    assert out[0] == "The cat eats the bread."
    assert out == [reference_translation(s, FR_EN) for s in SENTENCES]
    # sentencepiece's decoder keeps underscores (argostranslate's turns them into spaces)
    assert out[2].startswith("Zorglub_42 drinks")


def test_empty_and_blank_sentences_stay_empty(fr_en: Path, settings: TranslateSettings) -> None:
    translator = ArgosTranslator(settings)
    assert translator.translate_batch(["", "  ", "Le chien dort."], "fr", "en") == [
        "",
        "",
        "The dog sleeps.",
    ]
    assert translator.translate_batch([], "fr", "en") == []


def test_model_ref_reads_metadata_only(fr_en: Path, settings: TranslateSettings) -> None:
    translator = ArgosTranslator(settings)
    ref = translator.model_ref("fr", "en")
    assert ref.backend == "argos" and ref.model_id == "translate-fr_en-1_0"
    assert ref.version.startswith("1.0+")
    assert translator._runners == {}  # nothing loaded
    other = ArgosTranslator(TranslateSettings(packages_dir=fr_en, beam_size=1))
    assert other.model_ref("fr", "en").version != ref.version  # decoding options count


def test_target_prefix_is_honoured(
    model_files: dict[str, Path], packages_dir: Path, settings: TranslateSettings
) -> None:
    install_package(model_files["fr_en_prefix"], packages_dir)
    out = ArgosTranslator(settings).translate_batch(SENTENCES[:2], "fr", "en")
    assert out == [reference_translation(s, FR_EN) for s in SENTENCES[:2]]
    assert not any("__en__" in text for text in out)


def test_pivot_through_english(
    model_files: dict[str, Path], fr_en: Path, settings: TranslateSettings
) -> None:
    install_package(model_files["en_es"], fr_en)
    translator = ArgosTranslator(settings)
    assert [p.name for p in translator.route("fr", "es")] == [
        "translate-fr_en-1_0",
        "translate-en_es-1_0",
    ]
    assert translator.model_ref("fr", "es").model_id == "translate-fr_en-1_0>translate-en_es-1_0"
    out = translator.translate_batch(SENTENCES[:2], "fr", "es")
    assert out == ["El gato come el pan.", "yo encuentra un libro rojo en el casa."]
    assert out == [
        reference_translation(reference_translation(s, FR_EN), EN_ES) for s in SENTENCES[:2]
    ]


def test_no_pivot_when_disabled(model_files: dict[str, Path], fr_en: Path) -> None:
    install_package(model_files["en_es"], fr_en)
    translator = ArgosTranslator(TranslateSettings(packages_dir=fr_en, pivot=None))
    with pytest.raises(ModelError, match="no translation model for fr->es installed"):
        translator.model_ref("fr", "es")


def test_missing_pair_says_what_to_install(settings: TranslateSettings) -> None:
    with pytest.raises(ModelError) as err:
        ArgosTranslator(settings).translate_batch(["Hallo"], "de", "en")
    message = str(err.value)
    assert message.startswith("no translation model for de->en installed")
    assert "transcheck models install" in message


def test_bad_compute_type_is_a_model_error(fr_en: Path) -> None:
    translator = ArgosTranslator(TranslateSettings(packages_dir=fr_en, compute_type="bogus"))
    with pytest.raises(ModelError, match="cannot load the translation model"):
        translator.translate_batch(["Le chat."], "fr", "en")


def test_many_sentences_one_call(fr_en: Path, settings: TranslateSettings) -> None:
    sentences = [f"Le chat mange le pain {i}." for i in range(150)]
    translator = ArgosTranslator(settings)
    out = translator.translate_batch(sentences, "fr", "en")
    assert out == [f"The cat eats the bread {i}." for i in range(150)]
