"""Sentence alignment of a source side to the published text, Bleualign-style.

The source side is a list of *renderings* (reference renderings of the source sentences, in the
published language), so both sides can be compared as strings. Candidate beads are scored with
sacrebleu's chrF (character n-grams of order 1..6, beta 2, whitespace removed), published text
as hypothesis and rendering as reference, and the best monotone chain of beads is found by
dynamic programming over 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 beads with a length prior.

Speed: the chrF statistics of every 1-1, 1-2, 2-1 and 2-2 candidate come from a few small
matrix products. A sentence's n-grams are counted once; a match count ``sum min(a, b)`` is
``sum_k [a >= k][b >= k]`` over count levels ``k``, which is a product of 0/1 matrices restricted
to the n-grams that occur on both sides. A merged sentence pair is scored with the sum of its
sentences' counts (the few n-grams that would cross the join are left out), so a 1-1 score is
exactly ``sacrebleu.sentence_chrf`` and a merged score is within a point of it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

CHAR_ORDER = 6
BETA = 2.0

__all__ = [
    "AlignOptions",
    "Alignment",
    "Bead",
    "BeadScores",
    "align",
    "align_scores",
    "chrf_scores",
    "sentence_chrf",
]


@dataclass(frozen=True)
class Bead:
    """One link of an alignment: source-side sentences ``src`` with published ``tgt``.

    Either side may be empty (a 1-0 bead is source content with no counterpart, a 0-1 bead
    published content with none). ``score`` is chrF (0..100) of the bead, 0 for empty sides.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        """``"1-1"``, ``"2-1"``, ``"1-0"`` ...: sentences on each side."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class Alignment:
    """Beads in order, covering every sentence of both sides exactly once."""

    beads: list[Bead]
    n_src: int
    n_tgt: int
    baseline: float = 0.0  # chrF of unrelated pairs in this document (0..100)
    _by_tgt: dict[int, int] = field(default_factory=dict, repr=False)
    _by_src: dict[int, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for i, bead in enumerate(self.beads):
            for s in bead.src:
                self._by_src[s] = i
            for t in bead.tgt:
                self._by_tgt[t] = i

    def bead_of_tgt(self, index: int) -> Bead | None:
        """The bead holding published sentence ``index``."""
        i = self._by_tgt.get(index)
        return None if i is None else self.beads[i]

    def bead_of_src(self, index: int) -> Bead | None:
        """The bead holding source-side sentence ``index``."""
        i = self._by_src.get(index)
        return None if i is None else self.beads[i]


@dataclass(frozen=True)
class AlignOptions:
    """Knobs of the dynamic programme.

    Attributes:
        two_two: allow 2-2 beads (helps when both sides split a sentence differently).
        length_weight: weight of the length prior ``|log((len_r + 10) / (len_p + 10))|``.
        merge_penalty: cost of a bead with more than one sentence on a side (so two good 1-1
            beads win over one 2-2 bead).
        band: half-width of the search band around the diagonal, in sentences; ``None`` picks
            one from the sizes (wide enough for a dropped block of sentences).
        min_baseline, max_baseline: clamp of the per-document null similarity (0..1).
    """

    two_two: bool = True
    length_weight: float = 0.15
    merge_penalty: float = 0.04
    band: int | None = None
    min_baseline: float = 0.12
    max_baseline: float = 0.35


def _strip(text: str) -> str:
    return "".join(text.split())


def _ngram_counts(text: str) -> list[Counter[str]]:
    s = _strip(text)
    return [Counter([s[i : i + n] for i in range(len(s) - n + 1)]) for n in range(1, 7)]


def _f_score(hyp: Any, ref: Any, match: Any) -> Any:
    """sacrebleu's chrF from per-order statistics, vectorised over the leading axes.

    ``hyp``, ``ref``, ``match`` are arrays ``(..., CHAR_ORDER)``; returns ``(...)`` in 0..100.
    """
    import numpy as np

    eps = 1e-16
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(hyp > 0, match / np.maximum(hyp, 1), eps)
        rec = np.where(ref > 0, match / np.maximum(ref, 1), eps)
    effective = (hyp > 0) & (ref > 0)
    n_eff = effective.sum(axis=-1)
    avg_p = np.where(effective, prec, 0.0).sum(axis=-1) / np.maximum(n_eff, 1)
    avg_r = np.where(effective, rec, 0.0).sum(axis=-1) / np.maximum(n_eff, 1)
    factor = BETA**2
    denom = factor * avg_p + avg_r
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(denom > 0, (1 + factor) * avg_p * avg_r / np.where(denom > 0, denom, 1),
                         0.0)
    return 100.0 * np.where(n_eff > 0, score, 0.0)


def sentence_chrf(hypothesis: str, reference: str) -> float:
    """chrF of one pair, the same number ``sacrebleu.sentence_chrf`` gives (without sacrebleu).

    Fast enough to call inside checks on every aligned pair.
    """
    import numpy as np

    h = _ngram_counts(hypothesis)
    r = _ngram_counts(reference)
    stats = np.array(
        [
            [sum(h[n].values()), sum(r[n].values()), sum((h[n] & r[n]).values())]
            for n in range(CHAR_ORDER)
        ],
        dtype=np.float64,
    )
    return float(_f_score(stats[:, 0], stats[:, 1], stats[:, 2]))


@dataclass
class BeadScores:
    """chrF (0..1) of every candidate bead, as nested lists for a fast DP.

    ``s11[i][j]``: rendering i vs published j; ``s12[i][j]``: rendering i vs published j, j+1;
    ``s21[i][j]``: renderings i, i+1 vs published j; ``s22[i][j]``: both merged.
    """

    s11: list[list[float]]
    s12: list[list[float]]
    s21: list[list[float]]
    s22: list[list[float]]


def _count_matrix(
    counts: list[list[Counter[str]]], vocab: list[dict[str, int]]
) -> list[Any]:
    """Per order, a dense ``(sentences, |shared n-grams|)`` count matrix."""
    import numpy as np

    out = []
    for n in range(CHAR_ORDER):
        ids = vocab[n]
        mat = np.zeros((len(counts), len(ids)), dtype=np.float32)
        for row, sent in enumerate(counts):
            for gram, c in sent[n].items():
                col = ids.get(gram)
                if col is not None:
                    mat[row, col] = c
        out.append(mat)
    return out


def _merge_rows(mat: Any) -> Any:
    return mat[:-1] + mat[1:]


def _matches(a: Any, b: Any) -> Any:
    """``sum_g min(a[i, g], b[j, g])`` for all rows i of ``a`` and j of ``b``."""
    import numpy as np

    if a.shape[0] == 0 or b.shape[0] == 0 or a.shape[1] == 0:
        return np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    total = np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    level = 1.0
    while True:
        cols = (a >= level).any(axis=0) & (b >= level).any(axis=0)
        if not cols.any():
            break
        total += (a[:, cols] >= level).astype(np.float32) @ (b[:, cols] >= level).T.astype(
            np.float32
        )
        level += 1.0
    return total


def chrf_scores(renderings: Sequence[str], published: Sequence[str]) -> BeadScores:
    """chrF of all 1-1, 1-2, 2-1 and 2-2 candidate beads (0..1), in one vectorised pass."""
    import numpy as np

    r_counts = [_ngram_counts(t) for t in renderings]
    p_counts = [_ngram_counts(t) for t in published]
    vocab: list[dict[str, int]] = []
    for n in range(CHAR_ORDER):
        r_set: set[str] = set()
        for c in r_counts:
            r_set.update(c[n])
        p_set: set[str] = set()
        for c in p_counts:
            p_set.update(c[n])
        vocab.append({g: i for i, g in enumerate(r_set & p_set)})
    r_mats = _count_matrix(r_counts, vocab)
    p_mats = _count_matrix(p_counts, vocab)
    r_len = np.array([[sum(c[n].values()) for n in range(CHAR_ORDER)] for c in r_counts],
                     dtype=np.float64).reshape(len(r_counts), CHAR_ORDER)
    p_len = np.array([[sum(c[n].values()) for n in range(CHAR_ORDER)] for c in p_counts],
                     dtype=np.float64).reshape(len(p_counts), CHAR_ORDER)

    def score(r_side: list[Any], p_side: list[Any], rl: Any, pl: Any) -> list[list[float]]:
        if rl.shape[0] == 0 or pl.shape[0] == 0:
            return [[] for _ in range(rl.shape[0])]
        match = np.stack([_matches(r_side[n], p_side[n]) for n in range(CHAR_ORDER)], axis=-1)
        hyp = np.broadcast_to(pl[None, :, :], match.shape)
        ref = np.broadcast_to(rl[:, None, :], match.shape)
        return (_f_score(hyp, ref, match.astype(np.float64)) / 100.0).tolist()  # type: ignore[no-any-return]

    r2 = [_merge_rows(m) for m in r_mats]
    p2 = [_merge_rows(m) for m in p_mats]
    r2_len = _merge_rows(r_len)
    p2_len = _merge_rows(p_len)
    return BeadScores(
        s11=score(r_mats, p_mats, r_len, p_len),
        s12=score(r_mats, p2, r_len, p2_len),
        s21=score(r2, p_mats, r2_len, p_len),
        s22=score(r2, p2, r2_len, p2_len),
    )


def _baseline(s11: list[list[float]], options: AlignOptions) -> float:
    """The similarity of unrelated pairs: the median 1-1 score (most pairs are unrelated)."""
    values = sorted(v for row in s11 for v in row)
    if len(values) < 9:
        return options.min_baseline + 0.05
    median = values[len(values) // 2]
    return min(options.max_baseline, max(options.min_baseline, median))


def align_scores(
    scores: BeadScores,
    src_lengths: Sequence[int],
    tgt_lengths: Sequence[int],
    options: AlignOptions | None = None,
) -> Alignment:
    """The best monotone alignment for precomputed bead scores (0..1 similarities).

    A bead gains ``(sim - baseline) * (sentences on both sides) / 2`` minus the length prior
    and, for merges, ``merge_penalty``; 1-0 and 0-1 beads gain nothing. The baseline is the
    document's typical similarity of unrelated pairs, so any pair clearly above it links.
    """
    opts = options or AlignOptions()
    n, m = len(src_lengths), len(tgt_lengths)
    base = _baseline(scores.s11, opts)
    band = opts.band if opts.band is not None else max(8, 2 * abs(n - m) + 6)
    lw = opts.length_weight
    neg = -1e18
    # best[i][j]: best gain aligning the first i source and j published sentences.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    ratio = m / n if n else 1.0

    def length_cost(ls: int, lt: int) -> float:
        return lw * abs(math.log((ls + 10) / (lt + 10)))

    moves = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)] + ([(2, 2)] if opts.two_two else [])
    for i in range(n + 1):
        centre = i * ratio
        lo = max(0, int(centre) - band)
        hi = min(m, int(centre) + band + 1)
        row = best[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            top = neg
            arg = (0, 0)
            for di, dj in moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = best[pi][pj]
                if prev <= neg:
                    continue
                if di == 0 or dj == 0:
                    gain = 0.0
                else:
                    if di == 1 and dj == 1:
                        sim = scores.s11[pi][pj]
                    elif di == 1:
                        sim = scores.s12[pi][pj]
                    elif dj == 1:
                        sim = scores.s21[pi][pj]
                    else:
                        sim = scores.s22[pi][pj]
                    ls = sum(src_lengths[pi:i])
                    lt = sum(tgt_lengths[pj:j])
                    gain = (sim - base) * (di + dj) / 2 - length_cost(ls, lt)
                    if di + dj > 2:
                        gain -= opts.merge_penalty
                value = prev + gain
                if value > top:
                    top, arg = value, (di, dj)
            row[j] = top
            back[i][j] = arg
    beads: list[Bead] = []
    i, j = n, m
    if best[n][m] <= neg:  # cannot happen with 1-0/0-1 moves, but stay total
        raise RuntimeError("alignment band excluded the end cell")
    while i > 0 or j > 0:
        di, dj = back[i][j]
        src = tuple(range(i - di, i))
        tgt = tuple(range(j - dj, j))
        if di and dj:
            table = {(1, 1): scores.s11, (1, 2): scores.s12, (2, 1): scores.s21,
                     (2, 2): scores.s22}[(di, dj)]
            sim = table[i - di][j - dj]
        else:
            sim = 0.0
        beads.append(Bead(src, tgt, round(100 * sim, 2)))
        i, j = i - di, j - dj
    beads.reverse()
    return Alignment(beads, n, m, baseline=round(100 * base, 2))


def align(
    renderings: Sequence[str],
    published: Sequence[str],
    options: AlignOptions | None = None,
    *,
    boost: dict[tuple[int, int], float] | None = None,
) -> Alignment:
    """Align source-side renderings to published sentences (see the module docstring).

    ``boost`` overrides 1-1 similarities (0..1), e.g. to tie a published sentence to the source
    sentence it copies verbatim.
    """
    scores = chrf_scores(renderings, published)
    for (i, j), value in (boost or {}).items():
        scores.s11[i][j] = value
    return align_scores(
        scores,
        [len(_strip(t)) for t in renderings],
        [len(_strip(t)) for t in published],
        options,
    )
