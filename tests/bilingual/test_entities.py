"""Names: extraction and tolerant comparison."""

from __future__ import annotations

import pytest

from transcheck.bilingual.entities import (
    extract_entities,
    present_in,
    token_set,
    tokens_match,
    transliterate,
)


def _texts(text: str) -> list[str]:
    return [e.text for e in extract_entities(text)]


def test_runs_connectors_and_sentence_starts() -> None:
    text = (
        "More than 140 sets were used by Heilongjiang Agricultural Reclamation. "
        "The Bank of England and Prime Minister Markus Söder (CSU) met in Lake Geneva."
    )
    assert _texts(text) == [
        "Heilongjiang Agricultural Reclamation",
        "Bank of England",
        "Prime Minister Markus Söder",
        "CSU",
        "Lake Geneva",
    ]


def test_sentence_initial_single_word_is_not_a_name() -> None:
    assert _texts("Yesterday it rained. Nobody came.") == []
    assert _texts("NATO met.") == ["NATO"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("kharkiv", "kharkov"),
        ("majorca", "mallorca"),
        ("korea", "korean"),
        ("portugal", "portuguese"),
        ("zelensky", "zelenskyy"),
    ],
)
def test_spelling_variants_match(a: str, b: str) -> None:
    assert tokens_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("paris", "berlin"), ("geneva", "vienna"), ("dupont", "durand")]
)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not tokens_match(a, b)


def test_transliteration_and_case() -> None:
    assert transliterate("Москва") == "moskva"
    (entity,) = extract_entities("It was signed by President Zelensky.")
    assert present_in(entity, token_set("Его подписал Зеленский"))
    (name,) = extract_entities("We met Olaf Scholz.")
    assert present_in(name, token_set("we met olaf scholz"))


def test_surname_decides_for_people() -> None:
    (carignon,) = extract_entities("It was said by Alain Carignon.")
    assert not present_in(carignon, token_set("It was said by Alain Juppé."))
    (bureau,) = extract_entities("It went to the Heilongjiang Agricultural Reclamation Bureau.")
    assert present_in(bureau, token_set("used by Heilongjiang Agricultural Reclamation"))


@pytest.mark.parametrize(
    ("acronym", "expansion"),
    [
        ("UAE", "United Arab Emirates"),
        ("U.N.", "United Nations"),
        ("EPL", "Premier League"),
        ("ISIS", "Islamic State"),
    ],
)
def test_acronyms_and_expansions(acronym: str, expansion: str) -> None:
    (short,) = extract_entities(f"It was the {acronym} again.")
    (long_,) = extract_entities(f"It was the {expansion} again.")
    assert present_in(short, frozenset(), [long_])
    assert present_in(long_, frozenset(), [short])
