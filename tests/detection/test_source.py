"""Source-language inference from calques, typography, names and untranslated spans."""

from __future__ import annotations

import re

from transcheck.detection.cues import load_cues
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
        assert cue["kind"] in {"typography", "transliteration", "orthography", "locale"}
        assert cue["langs"] and all(w > 0 for w in cue["langs"].values())
