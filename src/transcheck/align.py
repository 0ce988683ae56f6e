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
        beta: chrF's beta for candidate scores (1: precision and recall alike).
        two_two: allow 2-2 beads (helps when both sides split a sentence differently).
        length_weight: weight of the length prior ``|log((len_r + 10) / (len_p + 10))|``.
        merge_penalty: cost of each sentence beyond one per side (so two good 1-1 beads win
            over one 2-2 bead, and a merge does not swallow a short neighbour).
        band: half-width of the search band around the diagonal, in sentences; ``None`` picks
            one from the sizes (wide enough for a dropped block of sentences).
        min_baseline, max_baseline: clamp of the per-document null similarity (0..1).
        pair_substitutions: turn an adjacent 1-0 and 0-1 into one (badly scored) 1-1 bead.
    """

    two_two: bool = True
    beta: float = 1.0
    length_weight: float = 0.1
    merge_penalty: float = 0.15
    band: int | None = None
    min_baseline: float = 0.12
    max_baseline: float = 0.35
    pair_substitutions: bool = True


def _strip(text: str) -> str:
    return "".join(text.split())


def _ngram_counts(text: str) -> list[Counter[str]]:
    s = _strip(text)
    return [Counter([s[i : i + n] for i in range(len(s) - n + 1)]) for n in range(1, 7)]


def _f_score(hyp: Any, ref: Any, match: Any, beta: float = BETA) -> Any:
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
    factor = beta**2
    denom = factor * avg_p + avg_r
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(
            denom > 0, (1 + factor) * avg_p * avg_r / np.where(denom > 0, denom, 1), 0.0
        )
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


_PRIME = 1_000_003
_SENT_BITS = 17  # up to 131072 sentences a side
_ORDER_BITS = 3
_KEY_BITS = 64 - _SENT_BITS - _ORDER_BITS


def _gram_table(texts: Sequence[str]) -> tuple[Any, Any, Any, Any]:
    """Distinct character n-grams (orders 1..6) of each text, hashed, with their counts.

    Returns ``(gram, sentence, count, lengths)``: ``gram`` is a 61-bit hash of the n-gram with
    its order in the low bits, sorted; ``lengths`` is ``(texts, CHAR_ORDER)`` n-gram totals.
    """
    import numpy as np

    stripped = [_strip(t) for t in texts]
    lens = np.array([len(t) for t in stripped], dtype=np.int64)
    totals = np.stack([np.maximum(lens - n + 1, 0) for n in range(1, CHAR_ORDER + 1)], axis=-1)
    joined = "".join(stripped)
    if not joined:
        empty = np.zeros(0, dtype=np.uint64)
        return empty, empty.astype(np.int64), empty.astype(np.float64), totals.astype(float)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sent_of = np.repeat(np.arange(len(texts), dtype=np.uint64), lens)
    end_of = np.repeat(np.cumsum(lens), lens)
    positions = np.arange(len(codes), dtype=np.int64)
    parts = []
    h = codes.copy()
    key_mask = np.uint64((1 << _KEY_BITS) - 1)
    with np.errstate(over="ignore"):
        for n in range(1, CHAR_ORDER + 1):
            if n > 1:  # rolling hash: h_n[i] = h_{n-1}[i] * P + c[i + n - 1]
                h = h[:-1] * np.uint64(_PRIME) + codes[n - 1 :]
            valid = positions[: len(h)] + n <= end_of[: len(h)]
            key = (h[valid] * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _KEY_BITS)
            parts.append(
                ((key & key_mask) << np.uint64(_ORDER_BITS + _SENT_BITS))
                | (np.uint64(n - 1) << np.uint64(_SENT_BITS))
                | sent_of[: len(h)][valid]
            )
    composite, counts = np.unique(np.concatenate(parts), return_counts=True)
    gram = composite >> np.uint64(_SENT_BITS)
    sent = (composite & np.uint64((1 << _SENT_BITS) - 1)).astype(np.int64)
    return gram, sent, counts.astype(np.float64), totals.astype(np.float64)


def _match_tensor(left: tuple[Any, ...], right: tuple[Any, ...], n: int, m: int) -> Any:
    """``(n, m, CHAR_ORDER)`` array of ``sum_g min(count_left, count_right)`` per order."""
    import numpy as np

    lg, ls, lc, _ = left
    rg, rs, rc, _ = right
    lo = np.searchsorted(rg, lg, side="left")
    hi = np.searchsorted(rg, lg, side="right")
    width = hi - lo
    total = int(width.sum())
    if total == 0:
        return np.zeros((n, m, CHAR_ORDER))
    li = np.repeat(np.arange(len(lg)), width)
    offsets = np.cumsum(width) - width
    ri = lo[li] + np.arange(total) - offsets[li]
    order = (lg[li] & np.uint64((1 << _ORDER_BITS) - 1)).astype(np.int64)
    bins = (ls[li] * m + rs[ri]) * CHAR_ORDER + order
    out = np.bincount(bins, weights=np.minimum(lc[li], rc[ri]), minlength=n * m * CHAR_ORDER)
    return out.reshape(n, m, CHAR_ORDER)


def chrf_scores(
    renderings: Sequence[str],
    published: Sequence[str],
    beta: float = BETA,
    *,
    two_two: bool = True,
) -> BeadScores:
    """chrF of all 1-1, 1-2, 2-1 and 2-2 candidate beads (0..1), in one vectorised pass.

    ``beta`` 2 is sacrebleu's chrF (recall weighs more); the aligner uses 1, so that a
    published sentence that drops part of its source still links to it. Merged beads add
    their sentences' statistics (an upper bound on the matches of the joined text).
    """
    import numpy as np

    n, m = len(renderings), len(published)
    if n == 0 or m == 0:
        return BeadScores(
            [[] for _ in range(n)],
            [[] for _ in range(n)],
            [[] for _ in range(max(n - 1, 0))],
            [[] for _ in range(max(n - 1, 0))],
        )
    left = _gram_table(renderings)
    right = _gram_table(published)
    match = _match_tensor(left, right, n, m)
    r_len, p_len = left[3], right[3]

    def score(mt: Any, rl: Any, pl: Any) -> list[list[float]]:
        if mt.shape[0] == 0 or mt.shape[1] == 0:
            return [[] for _ in range(mt.shape[0])]
        hyp = np.broadcast_to(pl[None, :, :], mt.shape)
        ref = np.broadcast_to(rl[:, None, :], mt.shape)
        return (_f_score(hyp, ref, mt, beta) / 100.0).tolist()

    r2, p2 = r_len[:-1] + r_len[1:], p_len[:-1] + p_len[1:]
    # Merged sides: the sum of the parts' matches, capped by what either side holds.
    m12 = np.minimum(match[:, :-1] + match[:, 1:], np.minimum(r_len[:, None, :], p2[None, :, :]))
    m21 = np.minimum(match[:-1] + match[1:], np.minimum(r2[:, None, :], p_len[None, :, :]))
    if two_two:
        # Only the diagonal pairs: the cross pairs of unrelated sentences would add noise.
        m22 = match[:-1, :-1] + match[1:, 1:]
        s22 = score(m22, r2, p2)
    else:
        s22 = [[0.0] * max(m - 1, 0) for _ in range(n - 1)]
    return BeadScores(
        s11=score(match, r_len, p_len),
        s12=score(m12, r_len, p2),
        s21=score(m21, r2, p_len),
        s22=s22,
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
    if n == 0 or m == 0:
        skips = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
        return Alignment(skips, n, m)
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
                    gain -= opts.merge_penalty * (di + dj - 2)
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
            table = {
                (1, 1): scores.s11,
                (1, 2): scores.s12,
                (2, 1): scores.s21,
                (2, 2): scores.s22,
            }[(di, dj)]
            sim = table[i - di][j - dj]
        else:
            sim = 0.0
        beads.append(Bead(src, tgt, round(100 * sim, 2)))
        i, j = i - di, j - dj
    beads.reverse()
    if opts.pair_substitutions:
        beads = _pair_substitutions(beads, scores)
    return Alignment(beads, n, m, baseline=round(100 * base, 2))


def _pair_substitutions(beads: list[Bead], scores: BeadScores) -> list[Bead]:
    """A 1-0 bead next to a 0-1 bead is one sentence rendered as something else: a 1-1 bead
    with its (low) score, so it reads as a mistranslation rather than an omission plus an
    addition."""
    out: list[Bead] = []
    for bead in beads:
        prev = out[-1] if out else None
        if prev is not None and {prev.kind, bead.kind} == {"1-0", "0-1"}:
            src = prev.src or bead.src
            tgt = prev.tgt or bead.tgt
            out[-1] = Bead(src, tgt, round(100 * scores.s11[src[0]][tgt[0]], 2))
        else:
            out.append(bead)
    return out


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
    opts = options or AlignOptions()
    scores = chrf_scores(renderings, published, beta=opts.beta, two_two=opts.two_two)
    for (i, j), value in (boost or {}).items():
        scores.s11[i][j] = value
    return align_scores(
        scores,
        [len(_strip(t)) for t in renderings],
        [len(_strip(t)) for t in published],
        opts,
    )
