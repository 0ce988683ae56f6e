"""Time the detect stage of the check pipeline per document, with and without span gating.

Usage::

    python scripts/bench_detect_stage.py [corpora/gold.jsonl] [--repeat N] [--backend NAME]

Each document is segmented once; then :func:`transcheck.detection.detect_document` (what the
detect stage runs: sentence languages, mixed spans, source inference with the built-in rule
packs) is timed over the whole corpus, ``--repeat`` times, keeping the fastest pass:

* ``full``: word-level labelling of every sentence (``gate=False``), the baseline;
* ``gated``: word labelling only for sentences with a cheap sign of foreign text.

Also prints how many sentences the gate let through and any span the two passes disagree on
(the gate must not lose spans).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "corpora" / "gold.jsonl"


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backend", default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from transcheck.detection import spans as spans_module
    from transcheck.detection.core import detect_document
    from transcheck.document import Document
    from transcheck.rulepacks import load_rulebook
    from transcheck.segment import segment

    book = load_rulebook()
    docs = []
    for rec in _load(args.corpus):
        lang = rec.get("lang") or "en"
        doc = Document(text=rec["text"], id=rec["id"], lang=lang)
        seg = segment(doc.text, lang=lang)
        docs.append((doc, seg))

    def run(gate: bool) -> tuple[float, list[set[tuple[int, int, str]]]]:
        started = time.perf_counter()
        found = []
        for doc, seg in docs:
            result = detect_document(
                doc,
                seg.sentences,
                seg.paragraphs,
                target=doc.lang,
                rules=book,
                backend=args.backend,
                gate=gate,
            )
            found.append({(s.start, s.end, s.lang) for s in result.spans})
        return time.perf_counter() - started, found

    run(True)  # load the model, compile what is compiled once
    best = {True: float("inf"), False: float("inf")}
    spans: dict[bool, list[set[tuple[int, int, str]]]] = {}
    for _ in range(max(1, args.repeat)):
        for gate in (False, True):
            seconds, spans[gate] = run(gate)
            best[gate] = min(best[gate], seconds)

    opened = [0, 0]
    signal = spans_module.foreign_signal

    def counting(*a: Any, **k: Any) -> bool:
        answer = signal(*a, **k)
        opened[0] += 1
        opened[1] += answer
        return answer

    spans_module.foreign_signal = counting
    try:
        run(True)
    finally:
        spans_module.foreign_signal = signal

    n = len(docs)
    print(f"corpus: {args.corpus.name}  documents: {n}  passes: {args.repeat} (fastest kept)")
    print(f"full labelling (gate off): {best[False] * 1000 / n:7.2f} ms/document")
    print(f"gated labelling (default): {best[True] * 1000 / n:7.2f} ms/document")
    print(f"speed-up: {best[False] / best[True]:.1f}x")
    print(f"sentences labelled with the gate: {opened[1]} of {opened[0]} eligible")
    lost = extra = 0
    for (doc, _), full, gated in zip(docs, spans[False], spans[True], strict=True):
        for s in sorted(full - gated):
            lost += 1
            print(f"  lost  {doc.id}: {doc.text[s[0] : s[1]]!r} [{s[2]}]")
        for s in sorted(gated - full):
            extra += 1
            print(f"  extra {doc.id}: {doc.text[s[0] : s[1]]!r} [{s[2]}]")
    print(f"spans lost by the gate: {lost}, spans only with the gate: {extra}")


if __name__ == "__main__":
    main()
