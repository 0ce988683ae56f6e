"""Evaluate source-language inference on DEMETR machine translations into English, or on a
gold JSONL corpus.

Usage::

    python scripts/evaluate_source_lang.py DEMETR_DIR [--size 10] [--verbose]
    python scripts/evaluate_source_lang.py corpora/gold.jsonl

DEMETR mode reads every ``*.jsonl`` of ``DEMETR_DIR``, keeps one ``mt_sent`` per item ``id``
(the clean Google Translate output), groups them by ``lang_tag`` (the true source language)
into pseudo-documents of ``--size`` sentences, runs :func:`transcheck.detect` on each and
reports top-1 accuracy over the source languages, the share answered ``unknown``, accuracy on
the answered ones, and the same per language.

Gold mode (a ``.jsonl`` file in the gold format of DESIGN.md) runs detection on each document
and prints its declared ``source_lang`` next to the inferred one (and the best-ranked language
with its evidence), then accuracy and the share answered ``unknown`` over the documents that
declare a source language, and what was answered for those that do not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAGS = {
    "chinese_simple": "zh",
    "czech": "cs",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "japanese": "ja",
    "polish": "pl",
    "russian": "ru",
    "spanish": "es",
}


def load(folder: Path) -> dict[str, list[str]]:
    """Source language -> the ``mt_sent`` of each item, in id order."""
    items: dict[int, tuple[str, str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            tag = TAGS.get(rec.get("lang_tag", ""))
            if tag and rec.get("mt_sent"):
                items.setdefault(int(rec["id"]), (tag, rec["mt_sent"]))
    out: dict[str, list[str]] = {}
    for _, (tag, sent) in sorted(items.items()):
        out.setdefault(tag, []).append(sent)
    return out


def gold(path: Path, backend: str | None) -> None:
    """Declared versus inferred source language, document by document."""
    from transcheck.detection import UNKNOWN, detect_text

    total = correct = unknown = 0
    undeclared: Counter[str] = Counter()
    print("| document | declared | inferred | ranked first | main evidence |")
    print("|---|---|---|---|---|")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        declared = rec.get("source_lang") or UNKNOWN
        result = detect_text(rec["text"], target=rec.get("lang") or "en", backend=backend)
        source = result.source
        first = f"{source.ranked[0].lang} {source.ranked[0].prob:.2f}" if source.ranked else "-"
        cues = ", ".join(sorted({e.cue for e in source.evidence[:3]}))
        print(f"| {rec['id']} | {declared} | {source.lang} | {first} | {cues} |")
        if declared == UNKNOWN:
            undeclared[source.lang] += 1
            continue
        total += 1
        correct += source.lang == declared
        unknown += source.lang == UNKNOWN
    print()
    print(f"documents with a declared source language: {total}")
    print(f"accuracy: {correct / max(1, total):.3f}")
    print(f"answered unknown: {unknown / max(1, total):.3f}")
    answered = total - unknown
    print(f"accuracy when answered: {correct / max(1, answered):.3f} ({answered} answered)")
    answers = ", ".join(f"{lang} {n}" for lang, n in undeclared.most_common())
    print(f"documents without a declared source: {sum(undeclared.values())} ({answers or '-'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="DEMETR folder or gold JSONL file")
    parser.add_argument("--size", type=int, default=10, help="sentences per pseudo-document")
    parser.add_argument("--backend", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.data.is_file():
        gold(args.data, args.backend)
        return
    from transcheck.detection import UNKNOWN, detect_text

    by_lang = load(args.data)
    total = correct = unknown = 0
    rows = []
    confusion: Counter[tuple[str, str]] = Counter()
    for lang, sents in sorted(by_lang.items()):
        n = ok = unk = 0
        for i in range(0, len(sents) - args.size + 1, args.size):
            text = "\n\n".join(sents[i : i + args.size])
            result = detect_text(text, target="en", backend=args.backend)
            guess = result.source.lang
            n += 1
            ok += guess == lang
            unk += guess == UNKNOWN
            confusion[(lang, guess)] += 1
            if args.verbose:
                cues = ", ".join(f"{e.cue}:{e.langs[0]}" for e in result.source.evidence[:4])
                print(f"{lang} -> {guess}  [{cues}]")
        rows.append((lang, n, ok, unk))
        total += n
        correct += ok
        unknown += unk
    print(f"pseudo-documents: {total} of {args.size} sentences, {len(rows)} source languages")
    print(f"top-1 accuracy: {correct / max(1, total):.3f}")
    print(f"answered unknown: {unknown / max(1, total):.3f}")
    answered = total - unknown
    print(f"accuracy when answered: {correct / max(1, answered):.3f} ({answered} answered)")
    print()
    print("| source | docs | right | unknown | most frequent wrong answer |")
    print("|---|---|---|---|---|")
    for lang, n, ok, unk in rows:
        wrong = [
            (g, c) for (s, g), c in confusion.items() if s == lang and g not in (lang, UNKNOWN)
        ]
        top = max(wrong, key=lambda gc: gc[1]) if wrong else ("-", 0)
        print(f"| {lang} | {n} | {ok} | {unk} | {top[0]} ({top[1]}) |")


if __name__ == "__main__":
    main()
