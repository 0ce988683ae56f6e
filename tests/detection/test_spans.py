"""Mixed-language spans inside English text."""

from __future__ import annotations

from transcheck.detection.backends import get_detector
from transcheck.detection.spans import find_spans, main_script
from transcheck.document import Span
from transcheck.segment import segment


def spans(text: str, target: str = "en") -> list[tuple[str, str]]:
    seg = segment(text, lang=target)
    found = find_spans(text, seg.sentences, target, get_detector())
    for s in found:
        assert text[s.start : s.end] == s.text
    return [(s.lang, s.text) for s in found]


def test_french_clause_inside_english_sentence() -> None:
    text = (
        "Officials insisted the talks had been productive, and a spokesman added nous "
        "restons ouverts au dialogue but gave no further details."
    )
    found = spans(text)
    assert len(found) == 1
    lang, chunk = found[0]
    assert lang == "fr"
    assert "restons ouverts au dialogue" in chunk
    assert "spokesman" not in chunk and "further" not in chunk


def test_one_line_spanish_quote() -> None:
    text = (
        "Farmers say the drought is the worst in decades.\n\n"
        "No ha llovido nada desde marzo y las cosechas se perdieron.\n\n"
        "The ministry promised aid."
    )
    found = spans(text)
    assert found == [("es", "No ha llovido nada desde marzo y las cosechas se perdieron")]


def test_offsets_point_into_the_text() -> None:
    text = "He told reporters wir müssen die Kosten deutlich senken and left."
    seg = segment(text)
    (span,) = find_spans(text, seg.sentences, "en", get_detector())
    assert span.lang == "de"
    assert text[span.start : span.end].startswith("wir müssen")
    assert span.words >= 2


def test_names_and_loanwords_are_left_alone() -> None:
    clean = [
        "Jean-Luc Moreau and Ana Beatriz Souza met at a café in Lisbon to discuss the merger.",
        "A sense of déjà vu hung over the summit, and the deal was a fait accompli.",
        "The Zeitgeist of the decade was one of angst and wanderlust, the curator said.",
        "Hans-Peter Müller of Rheinmetall will hire engineers in Düsseldorf and Kassel.",
        "The guerrilla group announced a truce after the junta agreed to talks in Bogotá.",
        "Prices rose 3 per cent, the fastest pace since the coup d'état.",
    ]
    for text in clean:
        assert spans(text) == [], text


def test_other_script_run_is_a_span() -> None:
    text = "The ambassador told reporters мы не будем комментировать эти слухи and left."
    found = spans(text)
    assert found == [("ru", "мы не будем комментировать эти слухи")]


def test_main_script() -> None:
    assert main_script("Привет мир and one") == "CYRILLIC"
    assert main_script("") == "LATIN"


def test_empty_and_tiny_sentences() -> None:
    det = get_detector()
    assert find_spans("", [], "en", det) == []
    assert find_spans("Oui.", [Span(0, 4)], "en", det) == []


def test_lone_brand_in_another_script_is_not_a_span() -> None:
    assert spans("Компания представила новый iPhone в Москве.", target="ru") == []
    found = spans("The sign read 欢迎光临 in red letters.")
    assert [lang for lang, _ in found] == ["zh"]
