"""Time sentence alignment of a 60-sentence article pair, beside a naive baseline.

Usage: python scripts/bench_align.py [--repeat N]

Input: ``corpora/bilingual/tram-60.ref.en.txt`` (renderings of the 60 source sentences) and
``corpora/bilingual/tram-60.en.txt`` (the published text, 60 sentences, with a split, a merge,
a dropped and an added sentence). Translation is excluded: the renderings are given.

- ours: :func:`transcheck.align.align` (chrF statistics of all 1-1/1-2/2-1/2-2 candidates from
  hashed n-gram tables, then the banded dynamic programme);
- baseline: a naive full ``n x m`` matrix of ``sacrebleu.sentence_chrf`` (1-1 candidates only,
  no merges, no dynamic programme), measured in the same run.

Prints the median wall and CPU time of each, and whether ours recovers the expected beads.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from transcheck.align import align
from transcheck.segment import segment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "bilingual"
EXPECTED_NON_1_1 = [
    ("1-2", [3], [3, 4]),
    ("2-1", [5, 6], [6]),
    ("1-0", [22], []),
    ("0-1", [], [27]),
]


def _sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [" ".join(s.text(text).split()) for s in segment(text, "en").sentences]


def _naive(renderings: list[str], published: list[str]) -> list[list[float]]:
    import sacrebleu

    return [[sacrebleu.sentence_chrf(p, [r]).score for p in published] for r in renderings]


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return 1000 * statistics.median(walls), 1000 * statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    renderings = _sentences(CORPUS / "tram-60.ref.en.txt")
    published = _sentences(CORPUS / "tram-60.en.txt")
    align(renderings, published)  # warm up (imports numpy, first allocations)
    _naive(renderings[:2], published[:2])
    ours_wall, ours_cpu = _time(lambda: align(renderings, published), args.repeat)
    base_wall, base_cpu = _time(lambda: _naive(renderings, published), max(3, args.repeat // 5))
    result = align(renderings, published)
    found = [(b.kind, list(b.src), list(b.tgt)) for b in result.beads if b.kind != "1-1"]
    print(f"{len(renderings)} rendering sentences x {len(published)} published sentences")
    print(f"{'':34} {'wall ms':>9} {'cpu ms':>9}")
    print(f"{'ours (align, all bead types + DP)':34} {ours_wall:9.1f} {ours_cpu:9.1f}")
    print(f"{'naive sacrebleu chrF n x m matrix':34} {base_wall:9.1f} {base_cpu:9.1f}")
    print(
        f"speed-up (cpu): {base_cpu / ours_cpu:.1f}x; target < 50 ms: "
        f"{'met' if ours_cpu < 50 else 'NOT met'}"
    )
    print(f"non 1-1 beads: {found}")
    print(
        f"expected:      {EXPECTED_NON_1_1} -> {'ok' if found == EXPECTED_NON_1_1 else 'DIFFERS'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
