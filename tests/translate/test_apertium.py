from __future__ import annotations

import pytest

from transcheck.errors import ModelError
from transcheck.translate.apertium import ApertiumTranslator, available_modes, clean_marks
from transcheck.translate.base import TranslateSettings


@pytest.fixture
def apertium() -> ApertiumTranslator:
    return ApertiumTranslator(TranslateSettings(backend="apertium"))


def test_modes_use_iso_639_1() -> None:
    modes = available_modes()
    assert modes[("en", "es")] == "eng-spa"
    assert modes[("es", "en")] == "spa-eng"


def test_round_trip_en_es_en(apertium: ApertiumTranslator) -> None:
    source = ["The cat eats the bread.", "", "Hello Zorglub, thanks!", "Second\nline here."]
    spanish = apertium.translate_batch(source, "en", "es")
    assert spanish[0] == "El gato come el pan."
    assert spanish[1] == ""
    assert spanish[2] == "Hola Zorglub, gracias!"  # unknown word, no '*' mark
    assert len(spanish) == 4 and spanish[3]
    back = apertium.translate_batch(spanish, "es", "en")
    assert back[0] == "The cat eats the bread."
    assert back[2].startswith("Hello Zorglub")
    assert "*" not in " ".join(spanish + back)


def test_model_ref(apertium: ApertiumTranslator) -> None:
    ref = apertium.model_ref("en", "es")
    assert ref.backend == "apertium" and ref.model_id == "eng-spa" and len(ref.version) == 12


def test_missing_pair(apertium: ApertiumTranslator) -> None:
    with pytest.raises(ModelError, match="no translation model for de->fr installed"):
        apertium.translate_batch(["Hallo"], "de", "fr")


def test_clean_marks() -> None:
    assert clean_marks("#venir y @ir", "come and go") == "venir y ir"
    assert clean_marks("Tengo un #hashtag y @usuario", "I have a #hashtag and @user") == (
        "Tengo un #hashtag y @usuario"
    )
    assert clean_marks("precio: 3 # 4", "price: 3 # 4") == "precio: 3 # 4"
