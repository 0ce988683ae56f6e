"""Locale-aware numbers."""

from __future__ import annotations

import pytest

from transcheck.bilingual.numbers import extract_numbers, match_numbers, same_number


def _one(text: str, lang: str | None = None) -> frozenset[float]:
    found = [m for m in extract_numbers(text, lang) if m.kind != "weak"]
    assert len(found) == 1, found
    return found[0].values


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("7 000", "7,000"),
        ("7\u202f000", "7000"),
        ("7.000", "7,000"),
        ("3,5", "3.5"),
        ("1,5 million", "1.5 million"),
        ("1,5 million", "1 500 000"),
        ("2,3 milliards", "2.3 billion"),
        ("16万", "160,000"),
        ("1万1000", "11,000"),
        ("１２万", "120,000"),
        ("3 mil millones", "3 billion"),
        ("570 tys.", "570 thousand"),
        ("12,5 %", "12.5%"),
        ("$1.5bn", "1,5 Mrd"),
    ],
)
def test_same_value_across_locales(left: str, right: str) -> None:
    assert _one(left) & _one(right)


@pytest.mark.parametrize(
    ("left", "right"), [("7 000", "70,000"), ("3,5", "5.3"), ("1,5 million", "15 million")]
)
def test_different_values(left: str, right: str) -> None:
    assert not _one(left) & _one(right)


def test_spelled_out_numbers_by_language() -> None:
    assert _one("les deux hommes", "fr") == {2.0}
    assert _one("the two men", "en") == {2.0}
    # "ten" is Polish for "this": no English word list applies to Polish.
    assert [m for m in extract_numbers("na ten rok", "pl") if m.kind != "weak"] == []
    weak = extract_numbers("one man", "en")
    assert [(m.text, m.kind) for m in weak] == [("one", "weak")]
    assert not weak[0].flaggable


def test_times_and_dates() -> None:
    fr = extract_numbers("le 12 mars à 14 h 30", "fr")
    en = extract_numbers("on March 12 at 2:30 p.m.", "en")
    pairs, left, right = match_numbers(fr, en)
    assert left == [] and right == [] and len(pairs) == 4
    assert [m.text for m in extract_numbers("à 5 h 30", "fr")] == ["5", "30"]


def test_month_counts_only_next_to_a_number() -> None:
    assert [m.kind for m in extract_numbers("May I come in March?", "en")] == []
    assert [m.kind for m in extract_numbers("on 3 May 2021", "en")] == ["digits", "month", "digits"]


def test_chinese_dates_and_numerals() -> None:
    values = [sorted(m.values) for m in extract_numbers("2020年3月5日，三十五人")]
    assert values == [[2020.0], [3.0], [5.0], [35.0]]


def test_offsets_point_into_the_text() -> None:
    text = "Environ 7 000 personnes, soit 3,5 %."
    for m in extract_numbers(text, "fr"):
        assert text[m.start : m.end] == m.text


def test_matching_prefers_digits_over_weak_words() -> None:
    left = extract_numbers("1 homme", "fr")
    right = extract_numbers("one man and 1 dog", "en")
    pairs, un_left, un_right = match_numbers(left, right)
    assert un_left == []
    assert [right[j].text for j in un_right] == ["one"]
    assert same_number(left[0], right[pairs[0][1]])
