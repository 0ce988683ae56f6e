"""The pronoun-gender check beyond the rule-pack examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.findings import Finding, Severity
from transcheck.pipeline import Checker

SEED = Path(__file__).resolve().parents[2] / "corpora" / "seed" / "north-korea-arms.en.txt"
TYPE = "agreement.pronoun-gender"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Settings(select=(TYPE,)))


def findings(checker: Checker, text: str) -> list[Finding]:
    result = checker.check(Document(text=text, id="t", lang="en"))
    assert result.error is None, result.error
    return [f for f in result.findings if f.type == TYPE]


def flagged(checker: Checker, text: str) -> list[str]:
    return [f.span.text(text) for f in findings(checker, text)]


def test_seed_flags_only_his_statement(checker: Checker) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = findings(checker, text)
    assert len(found) == 1
    f = found[0]
    assert f.span.text(text) == "his"
    assert text[f.span.start - 20 : f.span.end + 10] == "Kim Yo Jong said in his statement"
    assert f.rule == "pronoun-gender/possessive"
    assert f.severity is Severity.WARNING
    assert f.suggestion == "her"
    assert 0.6 <= f.confidence <= 0.9
    ev = f.evidence
    assert ev["antecedent"] == "Kim Yo Jong"
    assert ev["pronoun"] == "his"
    assert ev["expected"] == "female"
    texts = [c["text"] for c in ev["clues"]]
    assert "sister" in texts
    assert "She" in texts and "she" in texts
    for clue in ev["clues"]:
        assert text[clue["offset"] : clue["offset"] + len(clue["text"])] == clue["text"]
    # "The powerful sister of ..." is among the clues, not only the headline's "sister".
    assert text.index("powerful sister") + len("powerful ") in [c["offset"] for c in ev["clues"]]
    assert f.message == (
        'Pronoun "his" for Kim Yo Jong, who is referred to as female ("sister", "she")'
    )


def test_two_people_of_different_genders_no_flag(checker: Checker) -> None:
    text = (
        "Mrs. Anna Smith and Mr. John Brown met on Monday to discuss the merger. "
        "His proposal was rejected after a long debate."
    )
    assert flagged(checker, text) == []


def test_consistent_she_her_no_flag(checker: Checker) -> None:
    text = (
        "The budget spokeswoman of the Greens, Britta Hansen, defended the cuts. "
        "She admitted that her party had given up several projects. "
        "Hansen said her colleagues agreed with her."
    )
    assert flagged(checker, text) == []


def test_man_called_her_after_mr(checker: Checker) -> None:
    text = "Mr. Dupont resigned on Monday after ten years. The board thanked her for the work."
    found = findings(checker, text)
    assert [f.span.text(text) for f in found] == ["her"]
    assert found[0].rule == "pronoun-gender/object"
    assert found[0].suggestion == "him"
    assert found[0].evidence["expected"] == "male"
    assert found[0].evidence["clues"][0]["text"] == "Mr"


def test_his_for_a_man_mentioned_in_between(checker: Checker) -> None:
    text = (
        "Anna Berg, the museum director, said on Monday that the guard, Tom Brown, "
        "had left his post before the alarm rang."
    )
    assert flagged(checker, text) == []
    text = "Mrs. Smith met Mr. Jones on Monday and praised his proposal."
    assert flagged(checker, text) == []


def test_his_inside_a_quote_is_not_judged(checker: Checker) -> None:
    text = (
        "Ms. Halvorsen presented the plan on Friday. "
        "“He gave his best and his team did too,” she said of her predecessor."
    )
    assert flagged(checker, text) == []


def test_plural_their_ignored(checker: Checker) -> None:
    text = (
        "Ms. Halvorsen met the union leaders on Friday. "
        "She said their demands were fair and that their members would be heard."
    )
    assert flagged(checker, text) == []


def test_subject_pronoun_after_quote(checker: Checker) -> None:
    text = (
        "The rapporteur of the text, Senator Maria Dubreuil, defended the bill. "
        "“We cannot ask our farmers to compete,” he said in the chamber."
    )
    found = findings(checker, text)
    assert [f.span.text(text) for f in found] == ["he"]
    assert found[0].rule == "pronoun-gender/subject"
    assert found[0].suggestion == "she"
    assert found[0].evidence["antecedent"] == "Maria Dubreuil"


def test_competitor_of_pronoun_gender_in_previous_sentence_blocks(checker: Checker) -> None:
    # "his" could be the driver's car: precision first.
    text = (
        "Firefighters pulled a car out of a canal; the driver, a 52-year-old man, was rescued. "
        "A teacher, Márcia Lopes, was injured when a tree fell on his car."
    )
    assert flagged(checker, text) == []


def test_unnamed_description_then_name(checker: Checker) -> None:
    text = (
        "The mother, 38, is in critical condition. "
        "The woman was flown to Munich, where she is waiting for a transplant. "
        "His condition was described as very serious."
    )
    found = findings(checker, text)
    assert [f.span.text(text) for f in found] == ["His"]
    assert found[0].suggestion == "Her"
    kinds = {c["text"].lower() for c in found[0].evidence["clues"]}
    assert {"mother", "woman", "she"} <= kinds


def test_one_weak_clue_is_not_enough(checker: Checker) -> None:
    # A single pronoun is no evidence against another pronoun.
    text = "Berg spoke to reporters. She said his staff followed every procedure."
    assert flagged(checker, text) == []


def test_same_surname_other_family_member(checker: Checker) -> None:
    text = (
        "Farmers, among them Dale Pruitt and his daughter Emma, oppose the plant. "
        "Ms. Pruitt, who runs the dairy, said she had not heard back. "
        "Mr. Pruitt said he would go to court."
    )
    assert flagged(checker, text) == []


def test_generic_his_or_her_and_honorifics(checker: Checker) -> None:
    text = (
        "Queen Margrethe thanked the staff. Every employee will keep his or her job, "
        "and His Majesty's government agreed, she said."
    )
    assert flagged(checker, text) == []


def test_empty_and_pronoun_free_text(checker: Checker) -> None:
    assert flagged(checker, "") == []
    assert flagged(checker, "Prices rose by 3% in May. Markets fell.") == []
