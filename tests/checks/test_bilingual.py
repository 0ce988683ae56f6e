"""The bilingual checks: each fires on a planted error and stays quiet on a faithful pair.

Two ways to get renderings: a trusted reference (``--reference``, no model) and the tiny
word-by-word fr->en test model (``transcheck.translate.testmodel``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.findings import Finding
from transcheck.pipeline import Checker
from transcheck.rulepacks import Rule, load_rulebook, unmark
from transcheck.translate.packages import install_package
from transcheck.translate.testmodel import build_test_package

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "bilingual"
BILINGUAL = ("omission", "addition", "numbers", "entities", "mistranslation", "source-copy")
BOOK = load_rulebook()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No translation package or cache of the real home can leak into a test."""
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def fr_en_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages dir holding the tiny fr->en model."""
    out = tmp_path_factory.mktemp("bilingual-models")
    packages = out / "packages"
    install_package(build_test_package(out, "fr", "en"), packages)
    return packages


def _checker(tmp_path: Path, packages: Path | None = None) -> Checker:
    translate = {
        "cache_path": str(tmp_path / "cache.sqlite3"),
        "intra_threads": 1,
        "packages_dir": str(packages or tmp_path / "no-packages"),
    }
    return Checker(Settings(select=BILINGUAL, translate=translate))


def _run(
    checker: Checker,
    published: str,
    *,
    source: str | None = None,
    reference: str | None = None,
    source_lang: str | None = "fr",
) -> list[Finding]:
    doc = Document(
        text=published,
        id="t",
        lang="en",
        source_lang=source_lang,
        source_text=source,
        reference_text=reference,
    )
    result = checker.check(doc)
    assert result.error is None, result.error
    return result.findings


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


# --- with a reference rendering (no model) -----------------------------------------------

REFERENCE = (
    "The mayor opened the new bridge over the Rhône on Monday. "
    "It cost 12.5 million euros, of which 30% was paid by the regional council. "
    "About 2,000 residents attended the ceremony with Anne Hidalgo. "
    "Heavy rain fell all night over the whole valley. "
    "Schools will reopen next week."
)
FAITHFUL = (
    "On Monday the mayor opened the new bridge over the Rhône. "
    "It cost 12.5 million euros, of which 30% was paid by the regional council. "
    "Some 2,000 residents attended the ceremony with Anne Hidalgo. "
    "Heavy rain fell all night over the whole valley. "
    "Schools will reopen next week."
)


def test_reference_faithful_pair_is_quiet(tmp_path: Path) -> None:
    findings = _run(_checker(tmp_path), FAITHFUL, reference=REFERENCE)
    assert [f for f in findings if f.severity.rank >= 1] == []


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("Heavy rain fell all night over the whole valley. ", "", "accuracy/omission/sentence"),
        (", of which 30% was paid by the regional council", "", "accuracy/omission/clause"),
        (
            "Schools will reopen next week.",
            "Schools will reopen next week. Critics called the whole ceremony a costly stunt.",
            "accuracy/addition/sentence",
        ),
        ("2,000 residents", "3,000 residents", "accuracy/number/mismatch"),
        ("Anne Hidalgo", "Rachida Dati", "accuracy/entity/replaced"),
        ("with Anne Hidalgo", "with the mayor", "accuracy/entity/missing"),
        (
            "Heavy rain fell all night over the whole valley.",
            "Officials wept quietly because prices kept climbing.",
            "accuracy/mistranslation/low-similarity",
        ),
        ("over the Rhône", "over the of Rhône", "accuracy/omission/gap"),
    ],
)
def test_reference_planted_error_fires(tmp_path: Path, old: str, new: str, rule: str) -> None:
    assert old in FAITHFUL
    findings = _run(_checker(tmp_path), FAITHFUL.replace(old, new), reference=REFERENCE)
    assert rule in _rules(findings)


def test_mistranslation_finding_shows_rendering_and_scores(tmp_path: Path) -> None:
    published = FAITHFUL.replace(
        "Heavy rain fell all night over the whole valley.",
        "Officials wept quietly because prices kept climbing.",
    )
    findings = _run(_checker(tmp_path), published, reference=REFERENCE)
    (f,) = [f for f in findings if f.type == "accuracy.mistranslation"]
    assert f.evidence["rendering"] == "Heavy rain fell all night over the whole valley."
    assert f.evidence["chrf"] < f.evidence["threshold"]
    assert "bleu" in f.evidence
    assert published[f.span.start : f.span.end].startswith("Officials")


def test_number_locale_forms_are_equal(tmp_path: Path) -> None:
    source = (
        "Environ 7 000 personnes ont manifesté le 12 mars, soit 3,5 % de la ville, "
        "pour un coût de 1,5 million d'euros."
    )
    published = (
        "About 7,000 people marched on March 12, or 3.5% of the city, at a cost of "
        "1.5 million euros."
    )
    assert _rules(_run(_checker(tmp_path), published, source=source)) == set()
    wrong = published.replace("March 12", "March 21")
    findings = _run(_checker(tmp_path), wrong, source=source)
    assert "accuracy/number/mismatch" in _rules(findings)
    (f,) = [f for f in findings if f.rule == "accuracy/number/mismatch"]
    assert wrong[f.span.start : f.span.end] == "21"


def test_untranslated_sentence_is_reported_once(tmp_path: Path) -> None:
    source = "Le maire a inauguré le pont. Les écoles rouvriront la semaine prochaine."
    reference = "The mayor opened the bridge. Schools will reopen next week."
    published = "The mayor opened the bridge. Les écoles rouvriront la semaine prochaine."
    findings = _run(_checker(tmp_path), published, source=source, reference=reference)
    assert _rules(findings) == {"language/untranslated/identical"}


def test_source_without_model_runs_number_and_copy_checks_only(tmp_path: Path) -> None:
    checker = _checker(tmp_path)
    source = "Le maire a inauguré le pont. Il a coûté 40 millions d'euros."
    published = "The mayor opened the bridge. It cost 45 million euros."
    doc = Document(text=published, id="t", lang="en", source_lang="fr", source_text=source)
    result = checker.check(doc)
    (f,) = result.findings
    assert f.rule == "accuracy/number/mismatch"
    assert "'45 million' is not in the source (the source has '40 millions')" in f.message
    bi = checker.context(doc).bilingual
    assert bi is not None and not bi.has_rendering() and bi.has_alignment()
    assert any("renderings" in note for note in bi.notes)


# --- with the tiny test model --------------------------------------------------------------

SOURCE_FR = "Le chat mange le pain. Le chien boit 3 eau. La femme lit un livre. Il dort ici."
FAITHFUL_EN = (
    "The cat eats the bread. The dog drinks 3 water. The woman reads a book. He sleeps here."
)


def test_model_renders_and_faithful_pair_is_quiet(tmp_path: Path, fr_en_packages: Path) -> None:
    checker = _checker(tmp_path, fr_en_packages)
    doc = Document(text=FAITHFUL_EN, id="t", lang="en", source_lang="fr", source_text=SOURCE_FR)
    result = checker.check(doc)
    assert result.error is None
    assert result.findings == []
    assert result.alignment is not None
    assert [row["kind"] for row in result.alignment] == ["1-1"] * 4
    assert result.alignment[0]["rendering"] == "The cat eats the bread."
    assert result.alignment[0]["chrf"] == 100.0


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("drinks 3 water", "drinks 5 water", "accuracy/number/mismatch"),
        (" The woman reads a book.", "", "accuracy/omission/sentence"),
        (
            "He sleeps here.",
            "He sleeps here. The garden is red and very big today.",
            "accuracy/addition/sentence",
        ),
        (
            "The woman reads a book.",
            "Prices climbed sharply last quarter.",
            "accuracy/mistranslation/low-similarity",
        ),
        ("The woman reads a book.", "La femme lit un livre.", "language/untranslated/identical"),
    ],
)
def test_model_planted_error_fires(
    tmp_path: Path, fr_en_packages: Path, old: str, new: str, rule: str
) -> None:
    published = FAITHFUL_EN.replace(old, new)
    findings = _run(_checker(tmp_path, fr_en_packages), published, source=SOURCE_FR)
    assert rule in _rules(findings)


def test_model_entity_replaced(tmp_path: Path, fr_en_packages: Path) -> None:
    source = "Le chat de Marie Curie mange le pain."
    checker = _checker(tmp_path, fr_en_packages)
    assert _run(checker, "The cat of Marie Curie eats the bread.", source=source) == []
    findings = _run(checker, "The cat of Marie Dupont eats the bread.", source=source)
    assert "accuracy/entity/replaced" in _rules(findings)


# --- the rule-pack examples ("SIDE ||| PUBLISHED") ------------------------------------------

EXAMPLES = [
    pytest.param(rule, kind, example, id=f"{rule.id}:{kind}{i}")
    for rule in BOOK
    if rule.data.get("bilingual")
    for kind, examples in (("fire", rule.examples.fire), ("pass", rule.examples.pass_))
    for i, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "kind", "example"), EXAMPLES)
def test_bilingual_rule_example(tmp_path: Path, rule: Rule, kind: str, example: str) -> None:
    side, published = example.split(" ||| ")
    text, marks = unmark(published)
    source_lang = rule.source_langs[0] if rule.source_langs else None
    doc = Document(text=text, id="example", lang="en", source_lang=source_lang)
    if rule.data.get("example_side") == "reference":
        doc.reference_text = side
    else:
        doc.source_text = side
    checker = Checker(
        Settings(
            select=(rule.id,),
            source_lang=source_lang,
            translate={"packages_dir": str(tmp_path / "none")},
        ),
        rules=BOOK,
    )
    result = checker.check(doc)
    assert result.error is None
    spans = [(f.span.start, f.span.end) for f in result.findings if f.rule == rule.id]
    if kind == "pass":
        assert not spans, f"{rule.id} fired on a pass example: {text!r}"
        return
    assert spans, f"{rule.id} did not fire on {text!r}"
    for mark in marks:
        assert mark in spans


def test_every_bilingual_rule_has_a_check() -> None:
    from transcheck.checks.registry import all_checks

    checks = all_checks()
    for rule in BOOK:
        if rule.pack == "accuracy":
            assert rule.check in checks, rule.id


# --- the article pair ----------------------------------------------------------------------


def test_article_pair_finds_every_planted_error(tmp_path: Path) -> None:
    published = (CORPUS / "tram-60.en.txt").read_text(encoding="utf-8")
    doc = Document(
        text=published,
        id="tram",
        lang="en",
        source_lang="fr",
        source_text=(CORPUS / "tram-60.fr.txt").read_text(encoding="utf-8"),
        reference_text=(CORPUS / "tram-60.ref.en.txt").read_text(encoding="utf-8"),
    )
    result = _checker(tmp_path).check(doc)
    found = {(f.rule, published[f.span.start : f.span.end]) for f in result.findings}
    assert ("accuracy/number/mismatch", "54,000") in found
    assert ("accuracy/entity/replaced", "Alain Juppé") in found
    assert ("accuracy/omission/sentence", "") in found
    assert ("accuracy/omission/clause", "It cost 410 million euros.") in found
    assert (
        "accuracy/addition/sentence",
        "Critics say the line was mainly built to win votes before the elections.",
    ) in found
    assert (
        "language/untranslated/identical",
        "La concertation pourrait s'ouvrir à la fin de l'année.",
    ) in found
    # Nothing else at warning or above.
    expected_rules = {
        "accuracy/number/mismatch",
        "accuracy/number/missing",
        "accuracy/entity/replaced",
        "accuracy/omission/sentence",
        "accuracy/omission/clause",
        "accuracy/addition/sentence",
        "language/untranslated/identical",
    }
    extra = [f for f in result.findings if f.severity.rank >= 1 and f.rule not in expected_rules]
    assert extra == []
    assert result.alignment is not None
    odd = [
        (row["kind"], row["source"], row["published"])
        for row in result.alignment
        if row["kind"] != "1-1"
    ]
    assert odd == [("1-2", [3], [3, 4]), ("2-1", [5, 6], [6]), ("1-0", [22], []), ("0-1", [], [27])]


def test_source_words_left_in_latin_script(tmp_path: Path) -> None:
    source = "Cuomo unterzeichnete letzten Monat ein wichtiges Gesetz zur Ehe."
    reference = "Cuomo signed an important marriage law last month."
    checker = _checker(tmp_path)
    findings = _run(
        checker,
        "Cuomo signed an important marriage law last month.",
        source=source,
        reference=reference,
        source_lang="de",
    )
    assert findings == []
    published = "Cuomo unterzeichnete an important marriage law last month."
    findings = _run(checker, published, source=source, reference=reference, source_lang="de")
    spans = [
        published[f.span.start : f.span.end]
        for f in findings
        if f.rule == "language/untranslated/fragment"
    ]
    assert spans == ["unterzeichnete"]
