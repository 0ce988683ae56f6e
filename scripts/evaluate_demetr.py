#!/usr/bin/env python3
"""Reference-free checks on DEMETR perturbations (text only: no source, no model).

For each perturbation that a text-only check should see, the share of perturbed sentences
(`pert_sent`) flagged with the matching type; and the share of the unperturbed machine
translations (`mt_sent`, one per item id) flagged with any type: the false-flag rate.

Usage: evaluate_demetr.py DEMETR_DIR [--json] [--min-severity info|warning|error]
       [--no-source-lang] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.findings import Finding, Severity
from transcheck.pipeline import Checker

LANGS = {
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
# perturbation file -> the finding types that count as detecting it
MATCHING: dict[str, tuple[str, ...]] = {
    "critical_id11_gender": ("agreement.pronoun-gender",),
    "critical_id4_codemix": ("language.untranslated",),
    "minor_id1_repeat2": ("fluency.repetition",),
    "minor_id2_repeat4": ("fluency.repetition",),
    "minor_id30_tokenized": ("markup.unbalanced", "typography.source-convention"),
    "minor_id28_final_punc_removed": ("markup.unbalanced",),
    "minor_id29_punc_addition": ("markup.unbalanced", "typography.source-convention"),
}


def _findings(
    checker: Checker, text: str, lang_tag: str, args: argparse.Namespace, doc_id: str
) -> list[Finding]:
    source = None if args.no_source_lang else LANGS.get(lang_tag)
    doc = Document(text=text, id=doc_id, lang="en", source_lang=source)
    floor = Severity.parse(args.min_severity).rank
    return [f for f in checker.check(doc).findings if f.severity.rank >= floor]


def evaluate(root: Path, args: argparse.Namespace) -> dict[str, Any]:
    checker = Checker(Settings())
    out: dict[str, Any] = {"perturbations": {}, "examples": {}}
    clean: dict[int, tuple[str, str]] = {}
    started = time.perf_counter()
    for name, types in MATCHING.items():
        path = root / f"{name}.jsonl"
        if not path.is_file():
            print(f"evaluate_demetr: missing {path}", file=sys.stderr)
            continue
        n = hit = 0
        examples: list[str] = []
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            clean.setdefault(int(rec["id"]), (rec["mt_sent"], rec["lang_tag"]))
            found = _findings(
                checker, rec["pert_sent"], rec["lang_tag"], args, f"{name}-{rec['id']}"
            )
            n += 1
            if any(f.type in types for f in found):
                hit += 1
            elif len(examples) < args.show:
                examples.append(rec["pert_sent"])
        out["perturbations"][name] = {
            "items": n,
            "detected": hit,
            "rate": round(hit / n, 4) if n else None,
            "types": list(types),
        }
        out["examples"][name] = examples
    flagged = 0
    by_type: Counter[str] = Counter()
    false_examples: list[dict[str, str]] = []
    for item_id, (text, tag) in sorted(clean.items()):
        found = _findings(checker, text, tag, args, f"mt-{item_id}")
        if found:
            flagged += 1
            by_type.update({f.type for f in found})
            if len(false_examples) < args.show:
                false_examples.extend(
                    {
                        "type": f.type,
                        "rule": f.rule,
                        "text": text[f.span.start : f.span.end],
                        "sentence": text,
                    }
                    for f in found[:1]
                )
    out["clean"] = {
        "items": len(clean),
        "flagged": flagged,
        "rate": round(flagged / len(clean), 4) if clean else None,
        "by_type": dict(by_type.most_common()),
    }
    out["false_examples"] = false_examples
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("demetr", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--min-severity", default="info", choices=["info", "warning", "error"])
    ap.add_argument(
        "--no-source-lang",
        action="store_true",
        help="do not declare the source language (inferred or unknown)",
    )
    ap.add_argument("--show", type=int, default=0, help="print N missed and false examples")
    args = ap.parse_args()
    if not args.demetr.is_dir():
        print(f"evaluate_demetr: not a directory: {args.demetr}", file=sys.stderr)
        return 2
    result = evaluate(args.demetr, args)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{'perturbation':32} {'items':>6} {'detected':>9} {'rate':>7}  matching types")
    for name, row in result["perturbations"].items():
        print(
            f"{name:32} {row['items']:6d} {row['detected']:9d} {row['rate']:7.1%}  "
            f"{', '.join(row['types'])}"
        )
    c = result["clean"]
    print(
        f"\nunperturbed mt_sent flagged (any type, >= {args.min_severity}): "
        f"{c['flagged']}/{c['items']} = {c['rate']:.1%}  {c['by_type']}"
    )
    print(f"{result['seconds']} s")
    if args.show:
        for name, examples in result["examples"].items():
            for e in examples:
                print(f"  missed {name}: {e}")
        for e in result["false_examples"]:
            print(f"  false {e['type']} [{e['rule']}] {e['text']!r} in: {e['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
