"""Self-check of the calque and false-friend packs with plain ``re``.

Each example is treated as one sentence: a ``fire`` example must match at exactly the marked
span (the rule's ``group``) with ``unless`` not matching; a ``pass`` example must not match, or
be excluded by ``unless``. The full pipeline runs the same examples in test_rule_examples.py.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from transcheck.rulepacks import Pack, Rule, parse_pack, unmark

LANGS = ("fr", "es", "de", "it", "pt")
KINDS = {"calque": "style.calque", "false-friend": "style.false-friend"}
# Minimum number of rules per pack: (kind, lang) -> count.
MINIMUM = {
    ("calque", "fr"): 70,
    ("calque", "es"): 30,
    ("calque", "de"): 20,
    ("calque", "it"): 35,
    ("calque", "pt"): 30,
    ("false-friend", "fr"): 60,
    ("false-friend", "es"): 40,
    ("false-friend", "de"): 28,
    ("false-friend", "it"): 35,
    ("false-friend", "pt"): 35,
}


def _pack(kind: str, lang: str) -> Pack:
    path = resources.files("transcheck") / "rules" / kind / f"{lang}.yaml"
    return parse_pack(path.read_text(encoding="utf-8"), f"rules/{kind}/{lang}.yaml")


PACKS = {(kind, lang): _pack(kind, lang) for kind in KINDS for lang in LANGS}
RULES = [
    pytest.param(kind, lang, rule, id=rule.id)
    for (kind, lang), pack in PACKS.items()
    for rule in pack.rules
]


def _spans(rule: Rule, sentence: str) -> list[tuple[int, int]]:
    """Spans the rule flags in one sentence, ``unless`` applied."""
    assert rule.regex is not None
    if rule.unless_regex is not None and rule.unless_regex.search(sentence):
        return []
    spans = []
    for match in rule.regex.finditer(sentence):
        start, end = match.span(rule.group)
        if start >= 0 and end > start:
            spans.append((start, end))
    return spans


@pytest.mark.parametrize(("kind", "lang"), list(PACKS))
def test_pack_metadata_and_size(kind: str, lang: str) -> None:
    pack = PACKS[(kind, lang)]
    assert pack.name == f"{kind}-{lang}-en"
    assert len(pack.rules) >= MINIMUM.get((kind, lang), 15)
    for rule in pack.rules:
        assert rule.id.startswith(f"{kind}/{lang}-en/")
        assert re.fullmatch(r"[a-z0-9/-]+", rule.id), rule.id
        assert rule.type == KINDS[kind]
        assert rule.source_langs == (lang,)
        assert rule.target_langs == ("en",)
        assert rule.scope == "sentence"
        assert 0.5 <= rule.confidence <= 0.95


@pytest.mark.parametrize(("kind", "lang", "rule"), RULES)
def test_examples(kind: str, lang: str, rule: Rule) -> None:
    assert len(rule.examples.fire) >= 2 and len(rule.examples.pass_) >= 2
    for example in rule.examples.fire:
        text, marks = unmark(example)
        assert marks, f"fire example without a marked span: {example!r}"
        spans = _spans(rule, text)
        for start, end in marks:
            assert (start, end) in spans, (
                f"expected {text[start:end]!r} in {text!r}, got {[text[s:e] for s, e in spans]}"
            )
    for example in rule.examples.pass_:
        text, _ = unmark(example)
        spans = _spans(rule, text)
        assert not spans, f"fired on pass example {text!r}: {[text[s:e] for s, e in spans]}"


def test_rule_ids_unique_across_packs() -> None:
    ids = [rule.id for pack in PACKS.values() for rule in pack.rules]
    assert len(ids) == len(set(ids))


def test_suggestions_render() -> None:
    # ``{1}`` in a suggestion expands the group; the first fire example must render cleanly.
    for pack in PACKS.values():
        for rule in pack.rules:
            if rule.suggestion is None or rule.regex is None:
                continue
            text, _ = unmark(rule.examples.fire[0])
            match = rule.regex.search(text)
            assert match is not None
            rendered = rule.render_suggestion(match)
            assert rendered and "{" not in rendered and "\\" not in rendered, rule.id


def test_assist_at_is_a_false_friend_on_the_verb() -> None:
    # 'assist at the race' renders 'assister à' ('attend'): one word in the sense of its French
    # look-alike, so a false friend flagged on the verb, not a calque of the whole phrase.
    calque_ids = {rule.id for rule in PACKS[("calque", "fr")].rules}
    assert "calque/fr-en/assist-at" not in calque_ids
    fr_rules = PACKS[("false-friend", "fr")].rules
    rule = next(r for r in fr_rules if r.id == "false-friend/fr-en/assist-at-attend")
    text = "Thousands of fans assisted at the opening race of the season."
    assert [text[s:e] for s, e in _spans(rule, text)] == ["assisted"]


def test_shared_false_friends_cover_every_language() -> None:
    # False friends common to the Romance languages and German are kept in every pack.
    shared = ("actual-current", "eventually-possibly", "sensible-described", "sympathetic-likeable")
    for slug in shared:
        for lang in LANGS:
            ids = {rule.id for rule in PACKS[("false-friend", lang)].rules}
            assert f"false-friend/{lang}-en/{slug}" in ids
