"""Score mixed-language span detection against gold ``language.untranslated`` artifacts.

Usage::

    python scripts/evaluate_mixed.py [corpora/mixed/spans.jsonl] [--backend NAME] [--verbose]

A predicted span matches a gold span when they overlap (DESIGN.md). Prints recall, precision,
false flags per clean document, the share of matched spans whose language is right, and the
mean character overlap (intersection over union) of matched pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "corpora" / "mixed" / "spans.jsonl"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--backend", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from transcheck.detection import detect_text

    gold_n = pred_n = hit_gold = hit_pred = lang_ok = 0
    ious: list[float] = []
    clean_docs = clean_flags = 0
    per_lang: dict[str, list[int]] = {}
    started = time.perf_counter()
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        text = doc["text"]
        result = detect_text(text, target=doc.get("lang") or "en", backend=args.backend)
        gold = [
            (a["start"], a["end"], a.get("note", "").removeprefix("lang="))
            for a in doc["artifacts"]
            if a["type"] == "language.untranslated"
        ]
        pred = [(s.start, s.end, s.lang) for s in result.spans]
        gold_n += len(gold)
        pred_n += len(pred)
        if not gold:
            clean_docs += 1
            clean_flags += len(pred)
        for g in gold:
            matches = [p for p in pred if _overlap(g[:2], p[:2]) > 0]
            stats = per_lang.setdefault(g[2], [0, 0])
            stats[1] += 1
            if matches:
                hit_gold += 1
                stats[0] += 1
                best = max(matches, key=lambda p: _overlap(g[:2], p[:2]))
                lang_ok += best[2] == g[2]
                inter = _overlap(g[:2], best[:2])
                ious.append(inter / (max(g[1], best[1]) - min(g[0], best[0])))
            elif args.verbose:
                print(f"MISSED {doc['id']} [{g[2]}] {text[g[0] : g[1]]!r}")
        for p in pred:
            if any(_overlap(p[:2], g[:2]) > 0 for g in gold):
                hit_pred += 1
            elif args.verbose:
                print(f"FALSE  {doc['id']} [{p[2]}] {text[p[0] : p[1]]!r}")
    elapsed = time.perf_counter() - started
    recall = hit_gold / gold_n if gold_n else 0.0
    precision = hit_pred / pred_n if pred_n else 0.0
    print(f"corpus: {args.corpus.name}  gold spans: {gold_n}  predicted: {pred_n}")
    print(f"span recall:    {recall:.3f}")
    print(f"span precision: {precision:.3f}")
    print(
        f"false flags per clean document: {clean_flags / max(1, clean_docs):.3f} "
        f"({clean_flags} in {clean_docs})"
    )
    print(f"language right on matched spans: {lang_ok / max(1, hit_gold):.3f}")
    print(f"mean overlap (IoU) of matched spans: {sum(ious) / max(1, len(ious)):.3f}")
    print(
        "recall by language: "
        + ", ".join(f"{lang} {ok}/{n}" for lang, (ok, n) in sorted(per_lang.items()))
    )
    print(f"time: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
