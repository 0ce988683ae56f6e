from __future__ import annotations

from pathlib import Path

import pytest

from transcheck import check_text
from transcheck.errors import ConfigError
from transcheck.findings import TYPES
from transcheck.rulepacks import load_rulebook, parse_pack, unmark

GOOD = """
pack: house
rules:
  - id: house/scrape/promo
    type: residue.scrape
    severity: warning
    scope: line
    pattern: '^\\s*(Get our briefing.*)$'
    group: 1
    message: 'Promo: "{1}"'
    examples:
      fire: ["Talks ended.\\n<<Get our briefing>>"]
      pass: ["Talks ended."]
"""


def test_builtin_packs_load_and_use_known_types() -> None:
    book = load_rulebook()
    assert len(book) > 20
    assert {r.type for r in book} <= set(TYPES)
    ids = [r.id for r in book]
    assert len(ids) == len(set(ids))


def test_user_pack_is_applied(tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text(GOOD)
    text = "Talks ended.\nGet our briefing now\n"
    found = check_text(text, rule_packs=[str(pack)], select=["house"])
    assert [(f.rule, text[f.span.start : f.span.end]) for f in found] == [
        ("house/scrape/promo", "Get our briefing now")
    ]
    assert found[0].message == 'Promo: "Get our briefing now"'


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.replace("residue.scrape", "residue.scrap"), "unknown type 'residue.scrap'"),
        (lambda s: s.replace("severity: warning", "severity: loud"), "unknown severity 'loud'"),
        (lambda s: s.replace("scope: line", "scope: page"), "scope must be one of"),
        (lambda s: s.replace("(Get our", "((Get our"), "bad pattern regex"),
        (lambda s: s.replace("    group: 1\n", "    grup: 1\n"), "unknown key 'grup'"),
        (
            lambda s: s.replace("    message: 'Promo: \"{1}\"'\n", ""),
            "missing required key 'message'",
        ),
        (lambda s: s + "  - [", "invalid YAML"),
        (
            lambda s: s.replace("severity: warning", "severity: warning\n    confidence: x"),
            "invalid value",
        ),
        (lambda s: s.replace("group: 1", "group: 3"), "group 3 is not in the pattern"),
        (lambda s: s.replace("group: 1", "group: [1]"), "'group' must be a group number"),
        (
            lambda s: s.replace("scope: line", "scope: line\n    data: [1, 2]"),
            "'data' must be a mapping",
        ),
        (lambda s: s.replace("scope: line", "scope: line\n    flags: 5"), "'flags' must be a list"),
        (
            lambda s: s.replace('fire: ["Talks', 'fire: 5\n      nope: ["Talks'),
            "examples must be a mapping",
        ),
    ],
)
def test_bad_pack_is_a_clear_error(mutate: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")) as exc:
        parse_pack(mutate(GOOD), "house.yaml")  # type: ignore[operator]
    assert str(exc.value).startswith("house.yaml")


def test_duplicate_rule_ids_across_packs_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("pack: house", "pack: other"))
    with pytest.raises(ConfigError, match="duplicate rule id 'house/scrape/promo'"):
        load_rulebook([tmp_path])


def test_missing_user_pack() -> None:
    with pytest.raises(ConfigError, match="rule pack not found"):
        load_rulebook(["/nonexistent/pack.yaml"])


def test_unmark() -> None:
    assert unmark("a <<bc>> d <<e>>") == ("a bc d e", [(2, 4), (7, 8)])
    with pytest.raises(ValueError):
        unmark("a <<b")


def test_flags_may_be_one_string() -> None:
    pack = parse_pack(GOOD.replace("scope: line", "scope: line\n    flags: IGNORECASE"), "p.yaml")
    assert pack.rules[0].flags


def test_a_rule_naming_no_check_is_rejected(tmp_path: Path) -> None:
    from transcheck.config import Settings
    from transcheck.pipeline import Checker

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("    pattern: '^\\s*(Get our briefing.*)$'\n", "    check: nosuch\n")
    )
    with pytest.raises(ConfigError, match="names no check 'nosuch'"):
        Checker(Settings(rule_packs=(str(bad),)))
