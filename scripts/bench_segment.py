"""Compare transcheck.segment with pysbd: speed (sentences/s) and agreement on the test cases.

Usage: python scripts/bench_segment.py [--repeat N]

Both segmenters get the same paragraphs (transcheck.segment.paragraphs), so only sentence
splitting is compared. A case agrees when the trimmed sentence texts equal the expected ones
exactly; "offsets exact" counts cases where every span a segmenter returns slices the text to
the sentence it reports. pysbd is skipped with a message when it is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from transcheck.document import Span
from transcheck.segment import paragraphs, sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "seed" / "north-korea-arms.en.txt"
PYSBD_LANGS = frozenset(
    "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split()  # noqa: SIM905
)

Splitter = Callable[[str, "str | None"], tuple[list[Span], bool]]


def _load_cases() -> list[tuple[str, str, str | None, list[str]]]:
    spec = importlib.util.spec_from_file_location("_seg_cases", ROOT / "tests" / "test_segment.py")
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load tests/test_segment.py")
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CASES)


def _ours(text: str, lang: str | None) -> tuple[list[Span], bool]:
    return sentences(text, lang=lang), True


def _pysbd_splitter() -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenters: dict[str, object] = {}

    def split(text: str, lang: str | None) -> tuple[list[Span], bool]:
        code = lang if lang in PYSBD_LANGS else "en"
        seg = segmenters.get(code)
        if seg is None:
            seg = segmenters[code] = pysbd.Segmenter(language=code, clean=False, char_span=True)
        spans: list[Span] = []
        exact = True
        for para in paragraphs(text):
            chunk = para.text(text)
            for piece in seg.segment(chunk):  # type: ignore[attr-defined]
                if chunk[piece.start : piece.end] != piece.sent:
                    exact = False
                start, end = piece.start, piece.end
                while start < end and chunk[start].isspace():
                    start += 1
                while end > start and chunk[end - 1].isspace():
                    end -= 1
                if start < end:
                    spans.append(Span(para.start + start, para.start + end))
        return spans, exact

    return split


def _evaluate(name: str, split: Splitter, cases: list, seed: str, repeat: int) -> None:
    agree = 0
    exact_cases = 0
    misses: list[str] = []
    for case_id, text, lang, expected in cases:
        spans, exact = split(text, lang)
        exact_cases += exact
        got = [s.text(text) for s in spans]
        if got == expected:
            agree += 1
        else:
            misses.append(case_id)
    count = 0
    begin = time.perf_counter()
    for _ in range(repeat):
        count += len(split(seed, "en")[0])
    elapsed = time.perf_counter() - begin
    per_doc_ms = elapsed / repeat * 1000
    print(
        f"{name:<20} agree {agree:>2}/{len(cases)}  offsets exact {exact_cases:>2}/{len(cases)}  "
        f"{count / elapsed:>10,.0f} sentences/s  seed article {per_doc_ms:.3f} ms"
    )
    if misses:
        print(f"{'':<20} disagrees on: {', '.join(misses)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="seed article runs for timing")
    args = parser.parse_args()
    cases = _load_cases()
    seed = SEED.read_text(encoding="utf-8")
    _evaluate("transcheck.segment", _ours, cases, seed, args.repeat)
    pysbd_split = _pysbd_splitter()
    if pysbd_split is None:
        print("pysbd               skipped: not installed (pip install pysbd)")
    else:
        _evaluate("pysbd", pysbd_split, cases, seed, max(1, args.repeat // 10))


if __name__ == "__main__":
    main()
