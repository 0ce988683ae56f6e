"""Mixed-language spans inside English text."""

from __future__ import annotations

from transcheck.detection.backends import get_detector
from transcheck.detection.spans import _Word, find_spans, foreign_signal, main_script
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


def test_name_particles_and_titles_are_names() -> None:
    clean = [
        "A violent fire broke out on Sunday night in a building on rue de Rome in Marseille.",
        "(Prati di Tivo) Italy's Matteo Ricci took the leader's jersey on Sunday.",
        "(Brasília) President Luiz Inácio Lula da Silva said on Tuesday that it had fallen.",
        "The prize was awarded to Nadia Berthelot for La Nuit des ponts, a novel about miners.",
        "A spokeswoman for the platform Canarias tiene un límite organized the protests.",
    ]
    for text in clean:
        assert spans(text) == [], text


def test_quote_after_capital_is_still_a_span() -> None:
    # A capital right after an opening quote starts a quotation, not a name.
    found = spans("The fans were angry. “Das ist einfach nur bitter,” said the captain.")
    assert found == [("de", "Das ist einfach nur bitter")]


def test_span_stops_at_the_closing_quote() -> None:
    text = "The coach was pleased. “Estamos muy contentos con el resultado”, he added."
    assert spans(text) == [("es", "Estamos muy contentos con el resultado")]
    seg = segment(text)
    (span,) = find_spans(text, seg.sentences, "en", get_detector())
    assert span.method == "words"


def test_span_does_not_grow_across_a_comma() -> None:
    found = spans("According to the lender, wie es in der Union heißt, the plan failed.")
    assert found == [("de", "wie es in der Union heißt")]


def test_inverted_mark_opens_a_quote() -> None:
    found = spans("They chanted “¡El pueblo unido jamás será vencido!” in the square.")
    assert found == [("es", "El pueblo unido jamás será vencido")]


def _word(text: str, neutral: bool = False) -> _Word:
    return _Word(0, len(text), text, "LATIN", neutral)


def test_foreign_signal() -> None:
    words = ["the", "talks", "went", "on", "until", "late", "at", "night"]
    english = [_word(w) for w in words]
    assert not foreign_signal(english, [("en", 0.99)], "en", ["fr", "de"])
    # A function word of a candidate language, a letter English does not use, or the
    # sentence's own probability open the gate.
    assert foreign_signal([*english, _word("nicht")], [("en", 0.99)], "en", ["fr", "de"])
    assert foreign_signal([*english, _word("élu")], [("en", 0.99)], "en", ["fr"])
    assert foreign_signal(english, [("en", 0.9), ("fr", 0.1)], "en", ["fr"])
    assert foreign_signal(english, [("fr", 0.6), ("en", 0.4)], "en", ["fr"])
    # Names do not count; function words of languages not looked for do not either.
    assert not foreign_signal([*english, _word("Müller", True)], [("en", 1.0)], "en", ["de"])
    assert not foreign_signal([*english, _word("nicht")], [("en", 1.0)], "en", ["fr"])
    # No data for the target language: always label.
    assert foreign_signal(english, [("xx", 1.0)], "xx", ["en"])


def test_gate_keeps_the_spans_of_full_labelling() -> None:
    texts = [
        "Officials said the talks were productive, and a spokesman added nous restons "
        "ouverts au dialogue but gave no details. The meeting ended at noon.",
        "The mayor opened the library. Wir müssen die Kosten deutlich senken, she said.",
        "The weather was fine and the match went ahead as planned on Sunday afternoon.",
    ]
    det = get_detector()
    for text in texts:
        seg = segment(text)
        full = find_spans(text, seg.sentences, "en", det, gate=False)
        assert find_spans(text, seg.sentences, "en", det) == full


def test_lone_word_in_another_alphabet_is_a_span() -> None:
    found = spans("The council said that the отношения between the two countries were good.")
    assert [lang for lang, _ in found] == ["ru"]
    assert spans("The α-helix and π were measured in the lab.") == []


def test_a_very_long_unpunctuated_sentence_is_labelled_in_windows() -> None:
    english = "the council said that the plan would be ready next week and nobody would lose "
    french = (
        "le conseil a dit que le plan serait prêt la semaine prochaine et personne ne perdrait "
    )
    text = english * 40 + french * 3 + english * 40  # ~1,300 words, one "sentence"
    found = spans(text)
    assert [lang for lang, _ in found] == ["fr"]
    assert "semaine prochaine" in found[0][1]
