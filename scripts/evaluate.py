#!/usr/bin/env python3
"""Evaluate transcheck's findings against a gold JSONL corpus (format in DESIGN.md).

A finding matches a gold artifact when the types agree and the spans overlap. Prints precision,
recall and F1 per type, and false flags per clean document (a document without artifacts).

Usage: evaluate.py GOLD.jsonl [--json] [--min-severity info|warning|error] [--min-confidence X]
                   [--no-source-lang] [--show-errors] [--select CODES]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.config import Settings
from transcheck.document import Document, Span
from transcheck.findings import TYPES, Finding, Severity
from transcheck.pipeline import Checker


@dataclass
class Tally:
    tp: int = 0  # findings that match a gold artifact
    fp: int = 0
    gold: int = 0
    found: int = 0  # gold artifacts matched by at least one finding

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    per_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    clean_docs: int = 0
    clean_flags: int = 0
    documents: int = 0
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def total(self) -> Tally:
        t = Tally()
        for v in self.per_type.values():
            t.tp += v.tp
            t.fp += v.fp
            t.gold += v.gold
            t.found += v.found
        return t


def score_document(record: dict[str, Any], findings: list[Finding], report: Report) -> None:
    gold = [(a["type"], Span(a["start"], a["end"])) for a in record.get("artifacts", [])]
    matched_gold: set[int] = set()
    for t, _ in gold:
        report.per_type[t].gold += 1
    text = record["text"]
    for f in findings:
        hits = [i for i, (t, s) in enumerate(gold) if t == f.type and s.overlaps(f.span)]
        if hits:
            report.per_type[f.type].tp += 1
            matched_gold.update(hits)
        else:
            report.per_type[f.type].fp += 1
            report.errors.append(
                {
                    "doc": record["id"],
                    "kind": "false",
                    "type": f.type,
                    "rule": f.rule,
                    "text": text[f.span.start : f.span.end],
                }
            )
    for i in matched_gold:
        report.per_type[gold[i][0]].found += 1
    for i, (t, s) in enumerate(gold):
        if i not in matched_gold:
            report.errors.append(
                {"doc": record["id"], "kind": "missed", "type": t, "text": text[s.start : s.end]}
            )
    if not gold:
        report.clean_docs += 1
        report.clean_flags += len(findings)


def evaluate(path: Path, args: argparse.Namespace) -> Report:
    report = Report()
    select = tuple(args.select.split(",")) if args.select else ("ALL",)
    checker = Checker(Settings(select=select, min_confidence=args.min_confidence))
    floor = Severity.parse(args.min_severity).rank
    started = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            doc = Document(
                text=record["text"],
                id=record["id"],
                lang=record.get("lang") or "en",
                source_lang=None if args.no_source_lang else record.get("source_lang"),
                source_text=record.get("source_text"),
            )
            result = checker.check(doc)
            if result.error:
                print(f"evaluate: {record['id']}: {result.error}", file=sys.stderr)
            findings = [f for f in result.findings if f.severity.rank >= floor]
            score_document(record, findings, report)
            report.documents += 1
    report.seconds = time.perf_counter() - started
    return report


def as_json(report: Report) -> dict[str, Any]:
    def row(t: Tally) -> dict[str, Any]:
        return {
            "precision": round(t.precision(), 4),
            "recall": round(t.recall(), 4),
            "f1": round(t.f1(), 4),
            "tp": t.tp,
            "fp": t.fp,
            "gold": t.gold,
            "found": t.found,
        }

    return {
        "documents": report.documents,
        "per_type": {k: row(v) for k, v in sorted(report.per_type.items())},
        "total": row(report.total()),
        "clean_documents": report.clean_docs,
        "false_flags_per_clean_document": round(report.clean_flags / report.clean_docs, 3)
        if report.clean_docs
        else None,
        "seconds": round(report.seconds, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--min-severity", default="info", choices=["info", "warning", "error"])
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument(
        "--no-source-lang",
        action="store_true",
        help="ignore declared source languages (every pack applies)",
    )
    ap.add_argument("--select", help="comma-separated codes to evaluate")
    ap.add_argument("--show-errors", action="store_true", help="list misses and false flags")
    args = ap.parse_args()
    if not args.gold.is_file():
        print(f"evaluate: no such file: {args.gold}", file=sys.stderr)
        return 2
    report = evaluate(args.gold, args)
    data = as_json(report)
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{'type':32} {'prec':>6} {'recall':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'gold':>5}")
    for name in sorted(set(report.per_type) | {t for t in TYPES if TYPES[t].needs == "text"}):
        t = report.per_type[name]
        print(
            f"{name:32} {t.precision():6.3f} {t.recall():6.3f} {t.f1():6.3f} "
            f"{t.tp:4d} {t.fp:4d} {t.gold:5d}"
        )
    tot = report.total()
    print(
        f"{'ALL':32} {tot.precision():6.3f} {tot.recall():6.3f} {tot.f1():6.3f} "
        f"{tot.tp:4d} {tot.fp:4d} {tot.gold:5d}"
    )
    print(
        f"false flags per clean document: {data['false_flags_per_clean_document']} "
        f"({report.clean_docs} clean documents)"
    )
    print(
        f"{report.documents} documents in {report.seconds:.2f} s "
        f"({report.seconds / max(report.documents, 1) * 1000:.1f} ms/document)"
    )
    if args.show_errors:
        for e in report.errors:
            print(
                f"  {e['kind']:6} {e['doc']:28} {e['type']:30} {e.get('rule', ''):40} "
                f"{e['text'][:60]!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
