"""Source-language inference from calques, typography, names and untranslated spans."""

from __future__ import annotations

import re
from pathlib import Path

from transcheck.detection import cues as cues_module
from transcheck.detection.cues import CHARS, LITERALS, load_cues, parse_cues, required_chars
from transcheck.detection.result import UNKNOWN, MixedSpan
from transcheck.detection.source import infer_source
from transcheck.rulepacks import RuleBook, parse_pack

PACK = """
pack: test-calques
source_langs: [fr]
rules:
  - id: calque/fr-en/test-korea-of-the-north
    type: style.calque
    severity: warning
    message: calque
    pattern: '\\bKorea of the North\\b'
    confidence: 1.0
"""


def book() -> RuleBook:
    return RuleBook([parse_pack(PACK, "test.yaml")])


def test_french_typography_and_names_point_to_french() -> None:
    text = (
        "M. Dupont arrived in Pékin on Monday . He said : « this is a good day » and "
        "left at 14h30 for Moscou."
    )
    result = infer_source(text, target="en", rules=book())
    assert result.lang == "fr"
    assert result.ranked[0].lang == "fr"
    kinds = {e.kind for e in result.evidence if "fr" in e.langs}
    assert {"typography", "transliteration"} <= kinds
    assert abs(sum(r.prob for r in result.ranked) - 1) < 0.01


def test_rule_pack_hits_are_evidence() -> None:
    text = "Korea of the North fired a missile. Korea of the North said it was a test."
    result = infer_source(text, target="en", rules=book())
    calques = [e for e in result.evidence if e.kind == "calque"]
    assert calques and calques[0].cue == "calque/fr-en/test-korea-of-the-north"
    assert calques[0].count == 2
    assert result.lang == "fr"


def test_german_quotes_and_transliteration() -> None:
    text = "Selenskyj spoke in Kiew. „We will not give up“, he said, near Tschernobyl."
    result = infer_source(text, target="en", rules=book())
    assert result.lang == "de"


def test_untranslated_spans_count() -> None:
    spans = [
        MixedSpan(10, 40, "es", 0.99, "no ha llovido nada desde marzo", 6, "words"),
        MixedSpan(60, 80, "es", 0.98, "las cosechas se perdieron", 4, "words"),
    ]
    result = infer_source("x" * 100, target="en", spans=spans, rules=book())
    assert result.lang == "es"
    assert result.evidence[0].kind == "untranslated"


def test_weak_evidence_is_unknown() -> None:
    result = infer_source("The weather was fine in Paris.", target="en", rules=book())
    assert result.lang == UNKNOWN
    result = infer_source("", target="en", rules=book())
    assert result.lang == UNKNOWN and result.ranked == ()


def test_target_language_is_never_the_source() -> None:
    text = "M. Dupont a dit : « oui » à 14h30."
    result = infer_source(text, target="fr", rules=book())
    assert all(r.lang != "fr" for r in result.ranked)


def test_builtin_rulebook_loads() -> None:
    result = infer_source("M. Dupont said : « yes » at 14h30 in Pékin.", target="en")
    assert result.lang == "fr"


def test_cues_file_is_valid() -> None:
    cues = load_cues()
    assert "en" in cues["loanwords"]
    ids = [c["id"] for c in cues["source_cues"]]
    assert len(ids) == len(set(ids))
    for cue in cues["source_cues"]:
        re.compile(cue["pattern"])
        assert cue["kind"] in {
            "typography",
            "transliteration",
            "orthography",
            "convention",
            "locale",
        }
        assert cue["langs"] and all(w > 0 for w in cue["langs"].values())
        if cue["kind"] == "locale":  # topic, not source language: a tie-breaker only
            assert max(cue["langs"].values()) * cue.get("max", 3) < 0.5


def test_cache_holds_what_the_file_says() -> None:
    text = (Path(cues_module.__file__).parent / "cues.yaml").read_text(encoding="utf-8")
    assert load_cues() == parse_cues(text)


def test_cue_prefilters_are_sound() -> None:
    cues = load_cues()
    for cue in cues["source_cues"]:
        chars = cue[CHARS]
        literals = cue[LITERALS]
        # Every match contains one of the literals and one of the characters.
        probe = {
            "typo/guillemets": "« oui »",
            "ortho/es": "España",
            "translit/fr": "Poutine",
            "news/credit-fr": "PHOTO JEAN DUPONT, ARCHIVES LA PRESSE",
        }.get(cue["id"])
        if probe is None:
            continue
        match = re.search(cue["pattern"], probe)
        assert match, cue["id"]
        if chars is not None:
            assert any(ch in match.group() for ch in chars)
        if literals is not None:
            assert any(lit in match.group().lower() for lit in literals)


def test_required_chars() -> None:
    assert required_chars("[¿¡]") == frozenset("¿¡")
    assert required_chars(r"\b\w*[ñÑ]\w*") == frozenset("ñÑ")
    assert required_chars(r"\b(?:Paris|Rome)\b") is None  # letters: the literals do it
    assert required_chars("(?i)«x") is None


def test_topic_is_not_evidence() -> None:
    text = (
        "Russia said on Monday that Moscow would answer. The Kremlin and Russian officials, "
        "including Putin and Lavrov, met in Moscow while Russia prepared its answer."
    )
    result = infer_source(text, target="en", rules=book())
    assert result.lang == UNKNOWN
    assert sum(e.weight for e in result.evidence if e.kind == "locale") <= 0.1


def test_french_press_conventions() -> None:
    text = (
        "Korea | Sister denies arms deliveries\n\n"
        "(Seoul) The powerful sister of the leader on Friday denied any deliveries, calling "
        "the accusations absurd. Russia and the latter two countries are under sanctions.\n\n"
        "PHOTO VLADIMIR SMIRNOV, ARCHIVES ASSOCIATED PRESS\n\n"
        "The leader and the Russian president met in September in Russia."
    )
    result = infer_source(text, target="en", rules=book())
    assert result.lang == "fr"
    cues = {e.cue for e in result.evidence}
    assert {"news/dateline-parenthesised", "news/credit-fr"} <= cues
    assert not any("latter" in e.example for e in result.evidence)
    dateline = next(e for e in result.evidence if e.cue == "news/dateline-parenthesised")
    assert dateline.example == "(Seoul)"


def test_dateline_alone_does_not_decide() -> None:
    text = "(Rome) The mayor opened the new bridge on Monday in front of a large crowd."
    result = infer_source(text, target="en", rules=book())
    assert result.lang == UNKNOWN
    assert result.ranked[0].lang == "fr"


def test_one_match_in_several_packs_is_one_clue() -> None:
    packs = [
        parse_pack(
            PACK.replace("test-calques", f"test-{lang}")
            .replace("[fr]", f"[{lang}]")
            .replace("calque/fr-en/", f"calque/{lang}-en/"),
            f"{lang}.yaml",
        )
        for lang in ("fr", "es", "it", "pt")
    ]
    result = infer_source("Korea of the North fired a missile.", target="en", rules=RuleBook(packs))
    calques = [e for e in result.evidence if e.kind == "calque"]
    assert len(calques) == 1
    assert set(calques[0].langs) == {"fr", "es", "it", "pt"}
    assert result.lang == UNKNOWN  # a clue shared by four languages names none of them


def test_rules_ruled_out_by_their_literals_never_compile() -> None:
    rules = book()
    infer_source("Nothing to see in this sentence.", target="en", rules=rules)
    (rule,) = list(rules)
    assert "regex" not in rule.__dict__
    infer_source("Korea of the North fired.", target="en", rules=rules)
    assert "regex" in rule.__dict__
