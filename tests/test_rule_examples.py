"""Every example of every rule pack runs as a test (LanguageTool style).

A ``fire`` example must produce a finding of its rule, exactly on the ``<<marked>>`` span when
one is marked; a ``pass`` example must produce no finding of its rule. Examples of bilingual
rules (``data: {bilingual: true}``) read ``SIDE ||| PUBLISHED``: SIDE is the reference
rendering or the source text, as the rule's ``example_side`` says.
"""

from __future__ import annotations

import pytest

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.pipeline import Checker
from transcheck.rulepacks import Rule, load_rulebook, unmark

BOOK = load_rulebook()
CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}:{kind}{i}")
    for rule in BOOK
    for kind, examples in (("fire", rule.examples.fire), ("pass", rule.examples.pass_))
    for i, example in enumerate(examples)
]
_CHECKERS: dict[tuple[str, str | None], Checker] = {}


def _checker(rule: Rule, packages_dir: str) -> Checker:
    source = rule.source_langs[0] if rule.source_langs else None
    key = (rule.id, source)
    if key not in _CHECKERS:
        # No translation model: bilingual examples run against their reference or source.
        settings = Settings(
            select=(rule.id,), source_lang=source, translate={"packages-dir": packages_dir}
        )
        _CHECKERS[key] = Checker(settings, rules=BOOK)
    return _CHECKERS[key]


def test_every_rule_has_examples_both_ways() -> None:
    # Rules that need an installed model to fire are exercised by their own tests with a
    # translator stand-in (tests/bilingual/test_stage.py); they still need pass examples.
    missing = [
        r.id
        for r in BOOK
        if not r.examples.pass_ or (not r.examples.fire and not r.data.get("needs_model"))
    ]
    assert not missing, f"rules without fire and pass examples: {missing}"


@pytest.mark.parametrize(("rule", "kind", "example"), CASES)
def test_rule_example(
    rule: Rule, kind: str, example: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    side = None
    if rule.data.get("bilingual"):
        side, sep, example = example.partition(" ||| ")
        assert sep, f"{rule.id}: bilingual example without ' ||| ': {example!r}"
    text, marks = unmark(example)
    lang = rule.target_langs[0] if rule.target_langs and rule.target_langs[0] != "*" else "en"
    doc = Document(text=text, id="example", lang=lang)
    if side is not None:
        if rule.data.get("example_side", "reference") == "reference":
            doc.reference_text = side
        else:
            doc.source_text = side
            doc.source_lang = rule.data.get("example_source_lang") or (
                rule.source_langs[0] if rule.source_langs else None
            )
    result = _checker(rule, str(tmp_path_factory.getbasetemp() / "no-models")).check(doc)
    assert result.error is None, result.error
    mine = [f for f in result.findings if f.rule == rule.id]
    spans = [(f.span.start, f.span.end) for f in mine]
    if kind == "pass":
        assert not mine, f"{rule.id} fired on a pass example at {spans}: {text!r}"
        return
    assert mine, f"{rule.id} did not fire on {text!r}"
    for start, end in marks:
        assert (start, end) in spans, (
            f"{rule.id}: expected span {text[start:end]!r}, got {[text[s:e] for s, e in spans]}"
        )
