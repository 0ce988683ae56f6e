"""Text-only checks on whole articles (the rule examples test each rule in isolation)."""

from __future__ import annotations

from transcheck import check_text


def _found(text: str, **options: object) -> list[tuple[str, str]]:
    return [(f.type, text[f.span.start : f.span.end]) for f in check_text(text, **options)]


def test_seed_findings(seed_text: str) -> None:
    found = _found(seed_text, select=["boundary", "residue"])
    assert ("boundary.split-word", "program. -spies") in found
    assert ("residue.scrape", "source site-59") in found
    assert ("residue.caption", "PHOTO VLADIMIR SMIRNOV, ARCHIVES ASSOCIATED PRESS") in found
    assert (
        "residue.caption",
        "North Korean leader Kim Jong-un and Russian President Vladimir Putin in September 2023",
    ) in found
    assert len(found) == 4


def test_clean_copy_with_look_alikes_passes() -> None:
    text = (
        "Jean-Pierre Dupont, a well-known anti-aircraft specialist, met U.S. officials on Sept. 4."
        "\n\nSome 7,000 people (3.5% of residents) attended. Mayor Anne Martin was there."
        " “We had had enough,” she said."
        "\n\nGen. Lee arrived at 5 p.m. He said that that plan, the latter two agreed, was dead."
    )
    assert _found(text) == []


def test_split_word_evidence_and_suggestion() -> None:
    text = "The army moved its anti. -aircraft guns."
    (f,) = check_text(text, select=["boundary"])
    assert f.evidence["before"] == "anti" and f.evidence["fragment"] == "aircraft"
    assert f.suggestion == "anti-aircraft"
    assert f.severity.value == "error"


def test_caption_needs_a_credit_line() -> None:
    with_credit = "Talks ended.\n\nPHOTO JOHN SMITH, REUTERS\n\nThe leaders in Moscow\n\nMore."
    without = "Talks ended.\n\nThe leaders in Moscow\n\nMore."
    assert ("residue.caption", "The leaders in Moscow") in _found(with_credit)
    assert _found(without, select=["residue.caption"]) == []


def test_quote_running_into_next_paragraph_is_not_unbalanced() -> None:
    text = "“We will go on to the end.\n\n“Nobody will stop us,” he said."
    assert _found(text, select=["markup"]) == []
    assert _found("“We will go on.\n\nHe left.", select=["markup"]) == [("markup.unbalanced", "“")]


def test_german_quotes_flag_typography_not_balance() -> None:
    text = "He spoke of a „responsible budget“ on Monday."
    assert _found(text, select=["markup", "typography"]) == [
        ("typography.source-convention", "„"),
        ("typography.source-convention", "“"),
    ]


def test_source_language_scales_confidence() -> None:
    text = "Inflation reached 3,5 % in May."
    (declared,) = check_text(text, select=["typography/decimal-comma"], source_lang="fr")
    (unknown,) = check_text(text, select=["typography/decimal-comma"])
    assert unknown.confidence < declared.confidence
    # a source language the rule does not apply to: not reported at all
    assert check_text(text, select=["typography/decimal-comma"], source_lang="ja") == []
