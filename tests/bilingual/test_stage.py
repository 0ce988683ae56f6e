"""The bilingual stage: renderings, alignment rows, notes, round trips, the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from transcheck.bilingual import Bilingual
from transcheck.bilingual.stage import build, prepare
from transcheck.config import Settings
from transcheck.document import Document
from transcheck.errors import ModelError
from transcheck.pipeline import Checker
from transcheck.translate.base import ModelRef

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "bilingual"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


class FakeTranslator:
    """Renders through a dictionary of sentences; records the calls."""

    backend = "fake"

    def __init__(self, table: dict[tuple[str, str], dict[str, str]]) -> None:
        self.table = table
        self.calls: list[tuple[str, str, int]] = []

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        if (src, tgt) not in self.table:
            raise ModelError(f"no model for {src}->{tgt}")
        return ModelRef("fake", f"{src}-{tgt}", "1")

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        self.model_ref(src, tgt)
        self.calls.append((src, tgt, len(sentences)))
        return [self.table[(src, tgt)].get(s, s) for s in sentences]


FR = "Le maire a inauguré le pont lundi. Les écoles rouvriront la semaine prochaine."
RENDER = {
    ("fr", "en"): {
        "Le maire a inauguré le pont lundi.": "The mayor opened the bridge on Monday.",
        "Les écoles rouvriront la semaine prochaine.": "Schools will reopen next week.",
    }
}


def _checker(select: tuple[str, ...] = ("accuracy", "source-copy")) -> Checker:
    return Checker(Settings(select=select, translate={"packages_dir": "none"}))


def test_translator_renderings_are_batched_and_rows_reported() -> None:
    checker = _checker()
    fake = FakeTranslator(RENDER)
    checker.translator = fake
    doc = Document(
        text="The mayor opened the bridge on Monday. Schools reopen next week.",
        id="d",
        lang="en",
        source_lang="fr",
        source_text=FR,
    )
    result = checker.check(doc)
    assert fake.calls == [("fr", "en", 2)]
    assert result.alignment is not None
    first, second = result.alignment
    assert first == {
        "bead": 0,
        "kind": "1-1",
        "source": [0],
        "published": [0],
        "start": 0,
        "end": 38,
        "published_text": "The mayor opened the bridge on Monday.",
        "source_text": "Le maire a inauguré le pont lundi.",
        "rendering": "The mayor opened the bridge on Monday.",
        "chrf": 100.0,
        "bleu": 100.0,
    }
    assert second["rendering"] == "Schools will reopen next week."
    assert 0 < float(str(second["chrf"])) < 100


def test_bilingual_context_has_methods() -> None:
    checker = _checker()
    checker.translator = FakeTranslator(RENDER)
    doc = Document(
        text="The mayor opened the bridge on Monday.",
        id="d",
        lang="en",
        source_lang="fr",
        source_text=FR,
    )
    ctx = checker.context(doc)
    bi = ctx.bilingual
    assert isinstance(bi, Bilingual)
    assert bi.has_source() and bi.has_rendering() and bi.has_alignment()
    assert bi.model == "fake:fr-en@1"
    assert [b.kind for b in bi.alignment.beads] == ["1-1", "1-0"]  # type: ignore[union-attr]


def test_missing_model_leaves_a_note_and_no_rendering() -> None:
    checker = _checker()
    checker.translator = FakeTranslator({})
    doc = Document(
        text="The mayor opened the bridge.", id="d", lang="en", source_lang="fr", source_text=FR
    )
    bi = checker.context(doc).bilingual
    assert isinstance(bi, Bilingual)
    assert not bi.has_rendering() and bi.has_alignment()
    assert any("no model for fr->en" in note for note in bi.notes)


def test_no_source_no_reference_leaves_context_alone() -> None:
    ctx = _checker().context(Document(text="Plain text.", id="d", lang="en"))
    assert ctx.bilingual is None


def test_stage_is_skipped_when_no_check_needs_it() -> None:
    checker = Checker(Settings(select=("residue",)))
    doc = Document(text="Text.", id="d", lang="en", source_lang="fr", source_text=FR)
    ctx = checker.context(doc)
    assert ctx.bilingual is None
    prepare(ctx, checker)
    assert ctx.bilingual is None


def test_reference_sentences_pair_with_source_sentences_when_counts_agree() -> None:
    checker = _checker()
    doc = Document(
        text="The mayor opened the bridge on Monday.",
        id="d",
        lang="en",
        source_lang="fr",
        source_text=FR,
        reference_text="The mayor opened the bridge on Monday. Schools reopen soon.",
    )
    ctx = checker.context(doc)
    bi = build(ctx, checker)
    assert bi.rendering_origin == "reference"
    assert [u.source for u in bi.units] == [
        "Le maire a inauguré le pont lundi.",
        "Les écoles rouvriront la semaine prochaine.",
    ]


def test_round_trip_without_source() -> None:
    checker = Checker(Settings(select=("roundtrip",), source_lang="fr"))
    checker.translator = FakeTranslator(
        {
            ("en", "fr"): {
                "The cat eats the bread in the garden.": "Le chat mange le pain.",
                "The minister has 3 cars and a boat.": "Le ministre a 3 voitures.",
            },
            ("fr", "en"): {
                "Le chat mange le pain.": "The cat eats the bread in the garden.",
                "Le ministre a 3 voitures.": "Ministers keep voting.",
            },
        }
    )
    doc = Document(
        text="The cat eats the bread in the garden. The minister has 3 cars and a boat.",
        id="d",
        lang="en",
    )
    result = checker.check(doc)
    (f,) = result.findings
    assert f.rule == "accuracy/roundtrip/garbled"
    assert f.evidence["back"] == "Ministers keep voting."
    assert f.severity.value == "warning"  # the number 3 was lost too: two signals agree
    assert doc.text[f.span.start : f.span.end] == "The minister has 3 cars and a boat."


def test_round_trip_is_off_without_a_model() -> None:
    checker = Checker(Settings(select=("roundtrip",), source_lang="fr"))
    checker.translator = FakeTranslator({("fr", "en"): {}})  # no en->fr
    result = checker.check(
        Document(text="The cat eats the bread in the garden.", id="d", lang="en")
    )
    assert result.findings == []


def test_round_trip_alone_is_info() -> None:
    checker = Checker(Settings(select=("roundtrip",), source_lang="fr"))
    checker.translator = FakeTranslator(
        {
            ("en", "fr"): {"The cat eats the bread in the garden.": "x"},
            ("fr", "en"): {"x": "Ministers keep voting on Tuesday."},
        }
    )
    (f,) = checker.check(
        Document(text="The cat eats the bread in the garden.", id="d", lang="en")
    ).findings
    assert f.severity.value == "info"


def test_cli_check_with_source_and_reference_reports_alignment(tmp_path: Path) -> None:
    from transcheck.cli import cli

    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "check",
            str(CORPUS / "tram-60.en.txt"),
            "--source",
            str(CORPUS / "tram-60.fr.txt"),
            "--source-lang",
            "fr",
            "--reference",
            str(CORPUS / "tram-60.ref.en.txt"),
            "--format",
            "json",
            "--select",
            "accuracy,source-copy",
        ],
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    (doc,) = report["documents"]
    kinds = [row["kind"] for row in doc["alignment"]]
    assert kinds.count("1-0") == 1 and kinds.count("0-1") == 1
    types = {f["type"] for f in doc["findings"]}
    assert {
        "accuracy.number",
        "accuracy.entity",
        "accuracy.omission",
        "accuracy.addition",
        "language.untranslated",
    } <= types
