"""Sentence alignment: exact chrF statistics, bead types, and the article pair."""

from __future__ import annotations

from pathlib import Path

import pytest
import sacrebleu

from transcheck.align import AlignOptions, align, chrf_scores, sentence_chrf
from transcheck.segment import segment

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "bilingual"

PAIRS = [
    ("The cat eats the bread in the garden.", "A cat is eating bread in a garden."),
    ("Hello there my friend, how are you?", "Hi there, friend!"),
    ("Some 2,000 résidents attended.", "你好世界 2,000"),
    ("x", ""),
    ("", ""),
]


@pytest.mark.parametrize(("ref", "hyp"), PAIRS)
def test_sentence_chrf_equals_sacrebleu(ref: str, hyp: str) -> None:
    assert sentence_chrf(hyp, ref) == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score)


def test_one_to_one_scores_equal_sacrebleu() -> None:
    refs = [r for r, _ in PAIRS]
    hyps = [h for _, h in PAIRS]
    scores = chrf_scores(refs, hyps)
    for i, ref in enumerate(refs):
        for j, hyp in enumerate(hyps):
            expected = sacrebleu.sentence_chrf(hyp, [ref]).score / 100
            assert scores.s11[i][j] == pytest.approx(expected, abs=1e-9)


RENDERINGS = [
    "The mayor opened the new bridge on Monday morning.",
    "It cost twelve million euros and took four years to build.",
    "Heavy rain fell all night over the whole valley.",
    "Schools will reopen next week after the holidays.",
    "The prefect promised a new traffic plan in six months.",
]


def _kinds(
    renderings: list[str], published: list[str]
) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(b.kind, b.src, b.tgt) for b in align(renderings, published).beads]


def test_identical_sides_align_one_to_one() -> None:
    beads = align(RENDERINGS, RENDERINGS).beads
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(5)]
    assert all(b.score == 100.0 for b in beads)


def test_split_merge_omission_addition() -> None:
    published = [
        "The mayor opened the new bridge on Monday morning.",
        "It cost twelve million euros.",
        "And it took four years to build.",
        "Schools will reopen next week after the holidays. The prefect promised a new "
        "traffic plan in six months.",
        "Critics called the whole ceremony an expensive electoral stunt.",
    ]
    assert _kinds(RENDERINGS, published) == [
        ("1-1", (0,), (0,)),
        ("1-2", (1,), (1, 2)),
        ("1-0", (2,), ()),
        ("2-1", (3, 4), (3,)),
        ("0-1", (), (4,)),
    ]


def test_replaced_sentence_is_one_badly_scored_bead() -> None:
    published = list(RENDERINGS)
    published[2] = "Prices kept climbing in every shop of the region."
    beads = align(RENDERINGS, published).beads
    assert [(b.src, b.tgt) for b in beads][2] == ((2,), (2,))
    assert beads[2].score < 30
    beads = align(RENDERINGS, published, AlignOptions(pair_substitutions=False)).beads
    assert ("1-0" in [b.kind for b in beads]) and ("0-1" in [b.kind for b in beads])


def test_boost_ties_a_copied_sentence_to_its_source() -> None:
    published = list(RENDERINGS)
    published[3] = "Les écoles rouvriront la semaine prochaine après les vacances."
    beads = align(RENDERINGS, published, boost={(3, 3): 0.95}).beads
    assert [(b.src, b.tgt) for b in beads][3] == ((3,), (3,))


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 2), (3, 0)])
def test_empty_sides(n: int, m: int) -> None:
    result = align(RENDERINGS[:n], RENDERINGS[:m])
    assert [b.kind for b in result.beads] == ["1-0"] * n + ["0-1"] * m


def test_lookup_by_sentence() -> None:
    result = align(RENDERINGS, RENDERINGS[:2] + RENDERINGS[3:])
    dropped = result.bead_of_src(2)
    assert dropped is not None and dropped.kind == "1-0"
    bead = result.bead_of_tgt(2)
    assert bead is not None and bead.src == (3,)


def _sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [" ".join(s.text(text).split()) for s in segment(text, "en").sentences]


def test_article_pair() -> None:
    renderings = _sentences(CORPUS / "tram-60.ref.en.txt")
    published = _sentences(CORPUS / "tram-60.en.txt")
    assert len(renderings) == len(published) == 60
    odd = [(b.kind, b.src, b.tgt) for b in align(renderings, published).beads if b.kind != "1-1"]
    assert odd == [
        ("1-2", (3,), (3, 4)),
        ("2-1", (5, 6), (6,)),
        ("1-0", (22,), ()),
        ("0-1", (), (27,)),
    ]
