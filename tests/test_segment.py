"""Tests for transcheck.segment: paragraphs, sentences, exact offsets, no artifact repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.document import Span
from transcheck.segment import Segmentation, paragraphs, segment, sentence_index, sentences

SEED = Path(__file__).resolve().parents[1] / "corpora" / "seed" / "north-korea-arms.en.txt"

# (id, text, lang, expected sentence texts). scripts/bench_segment.py reuses this table.
CASES: list[tuple[str, str, str | None, list[str]]] = [
    # --- artifacts that must stay visible ---------------------------------------------------
    (
        "split-compound",
        "Assistance in its satellite program. -spies. On Tuesday he left.",
        "en",
        ["Assistance in its satellite program.", "-spies.", "On Tuesday he left."],
    ),
    (
        "split-anti",
        "They fired anti. -aircraft guns at the drones.",
        "en",
        ["They fired anti.", "-aircraft guns at the drones."],
    ),
    (
        "lowercase-after-word",
        "It is the program. spies were everywhere.",
        "en",
        ["It is the program.", "spies were everywhere."],
    ),
    # --- abbreviations ----------------------------------------------------------------------
    (
        "titles",
        "Mr. Smith met Mrs. Jones and Ms. Lee. Dr. Park was late.",
        "en",
        ["Mr. Smith met Mrs. Jones and Ms. Lee.", "Dr. Park was late."],
    ),
    (
        "military-political",
        "Gen. Lee, Sen. Warren, Rep. Kim, Gov. Hochul, Lt. Col. Park and Sgt. Cho met. It rained.",
        "en",
        [
            "Gen. Lee, Sen. Warren, Rep. Kim, Gov. Hochul, Lt. Col. Park and Sgt. Cho met.",
            "It rained.",
        ],
    ),
    (
        "name-suffixes-street",
        "Martin Luther King Jr. spoke on St. Patrick's Day. John Smith Sr. listened.",
        "en",
        ["Martin Luther King Jr. spoke on St. Patrick's Day.", "John Smith Sr. listened."],
    ),
    (
        "companies",
        "Apple Inc. and Acme Corp. sued Foo Ltd. and Bar Co. over it. They lost.",
        "en",
        ["Apple Inc. and Acme Corp. sued Foo Ltd. and Bar Co. over it.", "They lost."],
    ),
    (
        "versus",
        "It was Korea vs. Japan. Japan won.",
        "en",
        ["It was Korea vs. Japan.", "Japan won."],
    ),
    (
        "etc-lowercase",
        "Guns, shells, etc. were shipped. Nobody denied it.",
        "en",
        ["Guns, shells, etc. were shipped.", "Nobody denied it."],
    ),
    (
        "etc-capital",
        "They sent guns, shells, etc. The ships left in March.",
        "en",
        ["They sent guns, shells, etc.", "The ships left in March."],
    ),
    (
        "eg-ie",
        "Some weapons, e.g. shells, are old, i.e. useless. Others work.",
        "en",
        ["Some weapons, e.g. shells, are old, i.e. useless.", "Others work."],
    ),
    (
        "am-pm",
        "The talks began at 9 a.m. and ended at 5 p.m. The next day was quiet.",
        "en",
        ["The talks began at 9 a.m. and ended at 5 p.m.", "The next day was quiet."],
    ),
    (
        "country-acronyms",
        "The U.S. and the U.K. asked the U.N. and the E.U. for help. They refused.",
        "en",
        ["The U.S. and the U.K. asked the U.N. and the E.U. for help.", "They refused."],
    ),
    (
        "months",
        "It happened on Jan. 5, Feb. 2, Aug. 9, Sept. 1, Oct. 3, Nov. 8 and Dec. 24. "
        "Then it stopped.",
        "en",
        [
            "It happened on Jan. 5, Feb. 2, Aug. 9, Sept. 1, Oct. 3, Nov. 8 and Dec. 24.",
            "Then it stopped.",
        ],
    ),
    (
        "number-abbreviation",
        "He was No. 5 on the list. I said no. Then he left.",
        "en",
        ["He was No. 5 on the list.", "I said no.", "Then he left."],
    ),
    (
        "french-titles",
        "M. Macron a reçu Mme Dupont et Mlle Roy. Ils ont parlé.",
        "fr",
        ["M. Macron a reçu Mme Dupont et Mlle Roy.", "Ils ont parlé."],
    ),
    (
        "german-abbreviations",
        "Er kaufte z.B. Brot bei Dr. Meier. Sie kam z. B. später. Dann ging er.",
        "de",
        ["Er kaufte z.B. Brot bei Dr. Meier.", "Sie kam z. B. später.", "Dann ging er."],
    ),
    (
        "german-ordinal",
        "Er kam am 3. Oktober zurück. Sie blieb.",
        "de",
        ["Er kam am 3. Oktober zurück.", "Sie blieb."],
    ),
    (
        "spanish-titles",
        "El Sr. García y la Sra. López llegaron. Hablaron.",
        "es",
        ["El Sr. García y la Sra. López llegaron.", "Hablaron."],
    ),
    # --- initials, names, numbers -----------------------------------------------------------
    (
        "initial",
        "George W. Bush met Kim Jong-un. Nothing came of it.",
        "en",
        ["George W. Bush met Kim Jong-un.", "Nothing came of it."],
    ),
    (
        "multiple-initials",
        "J. R. R. Tolkien wrote it. It sold well.",
        "en",
        ["J. R. R. Tolkien wrote it.", "It sold well."],
    ),
    (
        "decimal",
        "Growth was 3.5 percent in 2023. It was 2.1 before.",
        "en",
        ["Growth was 3.5 percent in 2023.", "It was 2.1 before."],
    ),
    (
        "enumerator",
        "1. Check the figures. 2. Publish.",
        "en",
        ["1. Check the figures.", "2. Publish."],
    ),
    # --- quotes, ellipses, ? and ! ------------------------------------------------------------
    (
        "period-inside-curly-quote",
        "“It is absurd,” she said.” Next came the denial.",
        "en",
        ["“It is absurd,” she said.”", "Next came the denial."],
    ),
    (
        "quoted-word-then-sentence",
        "They called it “absurd.” The ministry agreed.",
        "en",
        ["They called it “absurd.”", "The ministry agreed."],
    ),
    (
        "straight-and-single-quotes",
        "He said \"no.\" She said 'yes.' They » left.",
        "en",
        ['He said "no."', "She said 'yes.'", "They » left."],
    ),
    (
        "guillemets",
        "Il a dit « non. » Elle est partie.",
        "fr",
        ["Il a dit « non. »", "Elle est partie."],
    ),
    (
        "ellipsis-mid-sentence",
        "weapons produced by… (us) are ‘destined for export’.” Then silence.",
        "en",
        ["weapons produced by… (us) are ‘destined for export’.”", "Then silence."],
    ),
    (
        "three-dots-lowercase",
        "He paused... and then continued. Then he stopped... Nobody spoke.",
        "en",
        ["He paused... and then continued.", "Then he stopped...", "Nobody spoke."],
    ),
    (
        "question-exclamation",
        "Is it true? Yes! Really?! Of course.",
        "en",
        ["Is it true?", "Yes!", "Really?!", "Of course."],
    ),
    (
        "quoted-question-lowercase",
        "“Why?” she asked. “Because!” He left.",
        "en",
        ["“Why?” she asked.", "“Because!”", "He left."],
    ),
    # --- datelines and stacked lines ----------------------------------------------------------
    (
        "dateline-parenthesis",
        "(Seoul) The sister of Kim Jong-un denied it. She was angry.",
        "en",
        ["(Seoul) The sister of Kim Jong-un denied it.", "She was angry."],
    ),
    (
        "dateline-reuters",
        "SEOUL (Reuters) - North Korea denied it. Seoul disagreed.",
        "en",
        ["SEOUL (Reuters) - North Korea denied it.", "Seoul disagreed."],
    ),
    (
        "dateline-own-line",
        "SEOUL (Reuters) -\nNorth Korea denied it.",
        "en",
        ["SEOUL (Reuters) -\nNorth Korea denied it."],
    ),
    (
        "headline-stacked",
        "Kim's sister denies arms deliveries\nThe powerful sister denied it.",
        "en",
        ["Kim's sister denies arms deliveries", "The powerful sister denied it."],
    ),
    (
        "enumerator-after-headline",
        "Steps\n1. Check the figures.",
        "en",
        ["Steps", "1. Check the figures."],
    ),
    (
        "wrapped-prose",
        "The powerful sister of the leader\ndenied any deliveries. She left.",
        "en",
        ["The powerful sister of the leader\ndenied any deliveries.", "She left."],
    ),
    (
        "abbreviation-at-line-end",
        "It was signed by Mr.\nKim in Seoul.",
        "en",
        ["It was signed by Mr.\nKim in Seoul."],
    ),
    # --- other scripts --------------------------------------------------------------------------
    (
        "cjk",
        "朝鲜否认向俄罗斯运送武器。她说这是荒谬的！真的吗？“是的。”结束",
        "zh",
        ["朝鲜否认向俄罗斯运送武器。", "她说这是荒谬的！", "真的吗？", "“是的。”", "结束"],
    ),
    (
        "japanese",
        "北朝鮮は否定した。ロシアも否定した。",
        "ja",
        ["北朝鮮は否定した。", "ロシアも否定した。"],
    ),
    (
        "arabic",
        "هل هذا صحيح؟ نعم. انتهى.",
        "ar",
        ["هل هذا صحيح؟", "نعم.", "انتهى."],
    ),
    (
        "devanagari",
        "यह सच है। वह चली गई।",
        "hi",
        ["यह सच है।", "वह चली गई।"],
    ),
    (
        "russian",
        "Он приехал в 2023 году. Т.е. поздно. Она ушла.",
        "ru",
        ["Он приехал в 2023 году.", "Т.е. поздно.", "Она ушла."],
    ),
]


def _texts(text: str, spans: list[Span]) -> list[str]:
    return [span.text(text) for span in spans]


@pytest.mark.parametrize(
    ("text", "lang", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_sentence_cases(text: str, lang: str | None, expected: list[str]) -> None:
    assert _texts(text, sentences(text, lang=lang)) == expected


def _check_properties(text: str, seg: Segmentation) -> None:
    """Bounds, order, trimming, no overlap, and every non-space char in exactly one sentence."""
    for group in (seg.paragraphs, seg.sentences):
        previous_end = 0
        for span in group:
            assert 0 <= span.start < span.end <= len(text)
            assert span.start >= previous_end
            assert not text[span.start].isspace()
            assert not text[span.end - 1].isspace()
            previous_end = span.end
    # Each sentence lies inside one paragraph.
    for span in seg.sentences:
        assert sum(p.contains(span) for p in seg.paragraphs) == 1
    owner = [0] * len(text)
    for span in seg.sentences:
        for i in range(span.start, span.end):
            owner[i] += 1
    for i, char in enumerate(text):
        if not char.isspace():
            assert owner[i] == 1, f"char {i} {char!r} covered {owner[i]} times"
    # Paragraphs cover every non-space char too.
    para_owner = [0] * len(text)
    for span in seg.paragraphs:
        for i in range(span.start, span.end):
            para_owner[i] += 1
    assert all(para_owner[i] == 1 for i, c in enumerate(text) if not c.isspace())


PROPERTY_TEXTS = [
    *(c[1] for c in CASES),
    "",
    "   \n\n  \t ",
    "one",
    ".",
    "...",
    "?!?",
    "a. b. c.",
    "  Lead.  \n\n\n  Body one. Body two.\n  \n Tail  ",
    "Windows line ends.\r\n\r\nSecond paragraph. Two sentences.\r\n",
    "Old Mac.\r\rSecond.\rThird line",
    "Mixed 。 spaces ！ here ？",
    "“”’ ) ] . . .",
    "Mr.",
    "e.g.",
    "1.",
    "\u3000全角スペース。\u3000次の文。",
]


@pytest.mark.parametrize("text", PROPERTY_TEXTS)
def test_properties(text: str) -> None:
    _check_properties(text, segment(text))


def test_properties_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    _check_properties(text, segment(text, lang="en"))


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    seg = segment(text, lang="en")
    sents = _texts(text, seg.sentences)
    paras = _texts(text, seg.paragraphs)
    assert any(s.endswith("in its satellite program.") for s in sents)
    assert "-spies." in sents
    credit = "PHOTO VLADIMIR SMIRNOV, ARCHIVES ASSOCIATED PRESS"
    assert credit in paras
    assert credit in sents
    assert "source site-59" in paras
    assert "source site-59" in sents
    assert paras[0] == "North Korea | Kim Jong-un’s sister denies arms deliveries to Russia"
    assert sents[1].startswith("(Seoul) The powerful sister")
    assert len(paras) == 16
    assert len(sents) == 17


def test_paragraphs_basic() -> None:
    text = "\n\n  Headline  \n\nBody line one.\nBody line two.\n   \n\t\nCredit\n"
    assert _texts(text, paragraphs(text)) == [
        "Headline",
        "Body line one.\nBody line two.",
        "Credit",
    ]


def test_paragraphs_crlf() -> None:
    text = "First.\r\n\r\nSecond.\r\nStill second.\r\n"
    assert _texts(text, paragraphs(text)) == ["First.", "Second.\r\nStill second."]
    assert _texts(text, sentences(text)) == ["First.", "Second.", "Still second."]


def test_paragraphs_empty() -> None:
    assert paragraphs("") == []
    assert paragraphs(" \n\n \t") == []
    assert segment("") == Segmentation(paragraphs=[], sentences=[])


def test_sentences_never_cross_given_paragraphs() -> None:
    text = "One two three four"
    paras = [Span(0, 7), Span(8, 18)]
    assert _texts(text, sentences(text, paras)) == ["One two", "three four"]


def test_sentences_rejects_out_of_range_paragraph() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        sentences("short", [Span(0, 50)])


def test_ordinal_needs_language() -> None:
    text = "Er kam am 3. Oktober zurück."
    assert len(sentences(text, lang="de-DE")) == 1
    assert len(sentences(text, lang="en")) == 2


def test_sentence_index() -> None:
    text = "One. Two.  Three."
    sents = sentences(text)
    assert _texts(text, sents) == ["One.", "Two.", "Three."]
    assert sentence_index(sents, 0) == 0
    assert sentence_index(sents, 3) == 0
    assert sentence_index(sents, 4) == -1  # the space between sentences
    assert sentence_index(sents, 5) == 1
    assert sentence_index(sents, 10) == -1
    assert sentence_index(sents, 11) == 2
    assert sentence_index(sents, 16) == 2
    assert sentence_index(sents, 17) == -1
    assert sentence_index(sents, -1) == -1
    assert sentence_index([], 0) == -1


def test_properties_fuzz() -> None:
    """Deterministic random texts over the characters the rules react to never break invariants."""
    import random

    rng = random.Random(20240607)
    alphabet = [*"aB z.!?…。？।؟\"'“”’»«()-\n\r\t ", "Mr.", "U.S.", "etc.", "3.5", " \n\n", "W."]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        _check_properties(text, segment(text, lang=rng.choice([None, "en", "de", "zh"])))
