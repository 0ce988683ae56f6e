"""Measure the bilingual checks on DEMETR minimal pairs or on MQM-annotated zh-en news.

Usage:
    python scripts/evaluate_bilingual.py DEMETR_DIR [--limit N] [--json OUT]
    python scripts/evaluate_bilingual.py MQM_DIR --packages-dir DIR [--cache PATH] [--limit N]

DEMETR (a folder of ``<perturbation>.jsonl``): each item is checked twice, source =
``src_sent``, reference = ``eng_sent`` (``--reference`` mode, no model), published =
``mt_sent`` (clean) and ``pert_sent`` (perturbed). Printed per perturbation: the share of
perturbed items that get a finding (warning or error) of the expected type and of any type, the
false-flag rate on the clean items, and, from the same items, the DEMETR paper's protocol for
sentence chrF and BLEU: the share of items where score(mt) > score(pert).

MQM (a folder of ``mqm_*.jsonl``): every (system, segment) is checked with its Chinese source
and renderings from the installed zh->en model. Printed: precision and recall of our
sentence-level flags against "has a Major error", ROC AUC of our risk score, and ROC AUC of
sentence chrF of the rendering alone.

Data is read for measurement only; nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.findings import Finding, Severity
from transcheck.pipeline import Checker
from transcheck.results import DocumentResult

CHECKS = ("omission", "addition", "numbers", "entities", "mistranslation", "source-copy")
LANGS = {
    "chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
    "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es",
}  # fmt: skip
# Perturbation file -> the finding types that count as detecting it.
EXPECTED: dict[str, tuple[str, ...]] = {
    "critical_id10_numbers_replaced": ("accuracy.number",),
    "critical_id9_ne_replaced": ("accuracy.entity",),
    "critical_id25_ne_removed": ("accuracy.entity", "accuracy.omission"),
    "critical_id6_addition": ("accuracy.addition",),
    "critical_id21_adj_adv_removed": ("accuracy.omission",),
    "critical_id22_verb_removed": ("accuracy.omission",),
    "critical_id23_noun_removed": ("accuracy.omission",),
    "critical_id24_subj_removed": ("accuracy.omission",),
    "critical_id4_codemix": ("language.untranslated",),
}
OTHERS = ("critical_id11_gender", "base_id35_reference")


def _flags(result: DocumentResult, *, with_info: bool = False) -> list[Finding]:
    floor = Severity.INFO.rank if with_info else Severity.WARNING.rank
    return [f for f in result.findings if f.severity.rank >= floor]


def _read_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve (Mann-Whitney U with average ranks for ties)."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda p: p[0])
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(1 for _s, y in pairs if y)
    neg = len(pairs) - pos
    if not pos or not neg:
        return float("nan")
    rank_sum = sum(r for r, (_s, y) in zip(ranks, pairs, strict=True) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


# --- DEMETR ----------------------------------------------------------------------------------


def evaluate_demetr(folder: Path, limit: int | None) -> dict[str, Any]:
    import sacrebleu

    checker = Checker(Settings(select=CHECKS, fail_level="never"))
    clean_cache: dict[tuple[str, str, str], DocumentResult] = {}

    def check(src: str, ref: str, pub: str, lang: str, key: str) -> DocumentResult:
        doc = Document(
            text=pub, id=key, lang="en", source_lang=lang, source_text=src, reference_text=ref
        )
        return checker.check(doc)

    rows: dict[str, Any] = {}
    pert_scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    clean_scores: dict[tuple[str, str, str], tuple[float, float]] = {}
    names = [*EXPECTED, *OTHERS]
    started = time.perf_counter()
    for name in names:
        path = folder / f"{name}.jsonl"
        if not path.exists():
            continue
        items = list(_read_jsonl(path))[:limit]
        stats: dict[str, float] = defaultdict(float)
        per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in items:
            lang = LANGS.get(item["lang_tag"], "")
            src, ref, mt, pert = (
                item["src_sent"],
                item["eng_sent"],
                item["mt_sent"],
                item["pert_sent"],
            )
            ckey = (src, ref, mt)
            if ckey not in clean_cache:
                clean_cache[ckey] = check(src, ref, mt, lang, f"{item['id']}-mt")
            clean = clean_cache[ckey]
            perturbed = check(src, ref, pert, lang, f"{item['id']}-pert")
            expected = EXPECTED.get(name, ())
            hit_type = any(f.type in expected for f in _flags(perturbed))
            hit_any = bool(_flags(perturbed))
            stats["n"] += 1
            stats["typed"] += hit_type
            stats["any"] += hit_any
            stats["any_info"] += bool(_flags(perturbed, with_info=True))
            stats["clean_flag"] += bool(_flags(clean))
            # "Detected as a pair": the perturbed item is flagged and the clean one is not.
            stats["pair"] += hit_any and not _flags(clean)
            c_mt = sacrebleu.sentence_chrf(mt, [ref]).score
            c_pert = sacrebleu.sentence_chrf(pert, [ref]).score
            b_mt = sacrebleu.sentence_bleu(mt, [ref]).score
            b_pert = sacrebleu.sentence_bleu(pert, [ref]).score
            stats["chrf_ok"] += c_mt > c_pert
            stats["bleu_ok"] += b_mt > b_pert
            pert_scores[name].append((c_pert, b_pert))
            clean_scores[ckey] = (c_mt, b_mt)
            per_lang[lang][0] += 1
            per_lang[lang][1] += hit_type if expected else hit_any
        n = stats["n"] or 1
        rows[name] = {
            "n": int(stats["n"]),
            "detect_typed": stats["typed"] / n,
            "detect_any": stats["any"] / n,
            "detect_any_with_info": stats["any_info"] / n,
            "pair": stats["pair"] / n,
            "false_flag_mt": stats["clean_flag"] / n,
            "chrf_mt_gt_pert": stats["chrf_ok"] / n,
            "bleu_mt_gt_pert": stats["bleu_ok"] / n,
            "per_lang": {k: round(v[1] / v[0], 3) for k, v in sorted(per_lang.items()) if v[0]},
        }
    clean_flags = [bool(_flags(r)) for r in clean_cache.values()]
    # The string metrics as single-document detectors: flag a sentence whose score against the
    # reference is below the threshold that flags as many clean sentences as we do.
    rate = sum(clean_flags) / (len(clean_flags) or 1)
    for col, metric in ((0, "chrf"), (1, "bleu")):
        clean_sorted = sorted(v[col] for v in clean_scores.values())
        cut = clean_sorted[int(rate * len(clean_sorted))] if clean_sorted else 0.0
        for pname, scores in pert_scores.items():
            hits = sum(v[col] < cut for v in scores)
            rows[pname][f"{metric}_detect_same_ff"] = hits / len(scores)
    by_type: dict[str, int] = defaultdict(int)
    for r in clean_cache.values():
        for f in _flags(r):
            by_type[f.rule] += 1
    return {
        "perturbations": rows,
        "clean_items": len(clean_flags),
        "false_flag_rate_mt": sum(clean_flags) / (len(clean_flags) or 1),
        "false_flags_by_rule": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "seconds": round(time.perf_counter() - started, 1),
    }


def print_demetr(report: dict[str, Any]) -> None:
    head = (
        f"{'perturbation':34} {'n':>4} {'typed':>6} {'any':>6} {'+info':>6} {'pair':>6} "
        f"{'FF(mt)':>7} {'chrF':>6} {'BLEU':>6} {'chrF@FF':>7} {'BLEU@FF':>7}"
    )
    print(head)
    print("-" * len(head))
    for name, r in report["perturbations"].items():
        typed = f"{100 * r['detect_typed']:5.1f}%" if name in EXPECTED else "     -"
        print(
            f"{name:34} {r['n']:>4} {typed} {100 * r['detect_any']:5.1f}% "
            f"{100 * r['detect_any_with_info']:5.1f}% {100 * r['pair']:5.1f}% "
            f"{100 * r['false_flag_mt']:6.1f}% {100 * r['chrf_mt_gt_pert']:5.1f}% "
            f"{100 * r['bleu_mt_gt_pert']:5.1f}% {100 * r['chrf_detect_same_ff']:6.1f}% "
            f"{100 * r['bleu_detect_same_ff']:6.1f}%"
        )
    print(
        f"\nclean mt_sent items: {report['clean_items']}, false-flag rate "
        f"{100 * report['false_flag_rate_mt']:.1f}% (warning or error findings)"
    )
    print("false flags on mt_sent by rule:", report["false_flags_by_rule"])
    print(f"time: {report['seconds']} s")
    print(
        "typed = a finding of the expected type; any = any warning/error finding; +info = "
        "with info findings; pair = perturbed flagged and clean not;\nFF(mt) = clean item "
        "flagged; chrF/BLEU = paper protocol, share of items with score(mt) > score(pert);\n"
        "chrF@FF/BLEU@FF = that metric against the reference used as a detector, thresholded "
        "to flag as many clean items as we do."
    )


# --- MQM ----------------------------------------------------------------------------------------


def _major(record: dict[str, Any], accuracy_only: bool = False) -> bool:
    for e in record.get("errors", []):
        if str(e.get("severity", "")).lower() != "major":
            continue
        if accuracy_only and not str(e.get("category", "")).lower().startswith("accuracy"):
            continue
        return True
    return False


def _risk(result: DocumentResult) -> float:
    """Our sentence risk score: the strongest finding, plus a little for low similarity."""
    weights = {Severity.ERROR: 1.0, Severity.WARNING: 0.8, Severity.INFO: 0.3}
    top = max((weights[f.severity] * f.confidence for f in result.findings), default=0.0)
    chrfs = [float(str(row.get("chrf"))) for row in result.alignment or [] if "chrf" in row]
    sim = min(chrfs) if chrfs else 100.0
    return top + (100.0 - sim) / 100.0


def evaluate_mqm(folder: Path, packages: Path, cache: Path, limit: int | None) -> dict[str, Any]:
    from transcheck.align import sentence_chrf
    from transcheck.translate import TranslateSettings, get_translator

    records = [r for p in sorted(folder.glob("mqm_*.jsonl")) for r in _read_jsonl(p)]
    records = [r for r in records if not r.get("target_suspect")][:limit]
    # One thread per call: on a shared machine OpenMP spinning costs more than it gains.
    translator = get_translator(
        TranslateSettings(packages_dir=packages, cache_path=cache, intra_threads=1)
    )
    checker = Checker(Settings(select=CHECKS, fail_level="never"))
    checker.translator = translator
    started = time.perf_counter()
    # Render every distinct source once, in batches (the cache then serves the checks).
    from transcheck.segment import segment

    sources = sorted({r["source"] for r in records})
    sentences = sorted(
        {" ".join(s.text(src).split()) for src in sources for s in segment(src, "zh").sentences}
    )
    for i in range(0, len(sentences), 64):
        translator.translate_batch(sentences[i : i + 64], "zh", "en")
    rendered_at = time.perf_counter()
    labels, labels_acc, risks, flags, chrf_risk = [], [], [], [], []
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule -> [flagged, major]
    for k, r in enumerate(records):
        doc = Document(
            text=r["target"],
            id=f"{r['system']}:{r['seg_id']}",
            lang="en",
            source_lang="zh",
            source_text=r["source"],
        )
        result = checker.check(doc)
        if result.error:
            print("error:", result.error, file=sys.stderr)
        labels.append(_major(r))
        labels_acc.append(_major(r, accuracy_only=True))
        risks.append(_risk(result))
        flags.append(bool(_flags(result)))
        for rule in {f.rule for f in _flags(result)}:
            by_rule[rule][0] += 1
            by_rule[rule][1] += labels[-1]
        bi_rendering = " ".join(
            str(row.get("rendering", "")) for row in result.alignment or [] if row.get("rendering")
        )
        chrf_risk.append(100.0 - sentence_chrf(" ".join(r["target"].split()), bi_rendering))
        if k and k % 2000 == 0:
            print(f"  {k} records...", file=sys.stderr)

    def prf(pred: list[bool], gold: list[bool]) -> dict[str, float]:
        tp = sum(p and g for p, g in zip(pred, gold, strict=True))
        fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
        fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
        return {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "flag_rate": sum(pred) / len(pred),
            "base_rate": sum(gold) / len(gold),
        }

    # chrF alone, thresholded to flag as many sentences as we do (same budget).
    budget = sum(flags)
    cut = sorted(chrf_risk, reverse=True)[budget - 1] if budget else float("inf")
    chrf_flags = [c >= cut for c in chrf_risk]
    return {
        "records": len(records),
        "distinct_source_sentences": len(sentences),
        "render_seconds": round(rendered_at - started, 1),
        "check_seconds": round(time.perf_counter() - rendered_at, 1),
        "ours_vs_major": prf(flags, labels),
        "ours_vs_accuracy_major": prf(flags, labels_acc),
        "chrf_same_budget_vs_major": prf(chrf_flags, labels),
        "rules": {
            rule: {"flagged": n, "precision_major": round(hit / n, 3)}
            for rule, (n, hit) in sorted(by_rule.items(), key=lambda kv: -kv[1][0])
        },
        "auc_ours_major": roc_auc(risks, labels),
        "auc_chrf_major": roc_auc(chrf_risk, labels),
        "auc_ours_accuracy_major": roc_auc(risks, labels_acc),
        "auc_chrf_accuracy_major": roc_auc(chrf_risk, labels_acc),
    }


def print_mqm(report: dict[str, Any]) -> None:
    print(
        f"records: {report['records']} (distinct source sentences "
        f"{report['distinct_source_sentences']}); rendering {report['render_seconds']} s, "
        f"checking {report['check_seconds']} s"
    )
    for key in ("ours_vs_major", "ours_vs_accuracy_major", "chrf_same_budget_vs_major"):
        r = report[key]
        print(
            f"{key:28} precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
            f"flagged {100 * r['flag_rate']:.1f}%  positives {100 * r['base_rate']:.1f}%"
        )
    for rule, r in report["rules"].items():
        print(f"  {rule:40} flags {r['flagged']:6}  precision vs Major {r['precision_major']:.3f}")
    print(
        f"ROC AUC vs Major:          ours {report['auc_ours_major']:.3f}   "
        f"chrF of rendering alone {report['auc_chrf_major']:.3f}"
    )
    print(
        f"ROC AUC vs Accuracy Major: ours {report['auc_ours_accuracy_major']:.3f}   "
        f"chrF of rendering alone {report['auc_chrf_accuracy_major']:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="items per file (records)")
    parser.add_argument(
        "--packages-dir", type=Path, default=None, help="translation packages (MQM: needs zh->en)"
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/transcheck-eval-cache.sqlite3"))
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    if any(folder.glob("critical_*.jsonl")):
        report = evaluate_demetr(folder, args.limit)
        print_demetr(report)
    elif any(folder.glob("mqm_*.jsonl")):
        from transcheck.translate.base import default_packages_dir

        packages = args.packages_dir or default_packages_dir()
        report = evaluate_mqm(folder, packages, args.cache, args.limit)
        print_mqm(report)
    else:
        print(
            f"{folder}: neither DEMETR (critical_*.jsonl) nor MQM (mqm_*.jsonl) data",
            file=sys.stderr,
        )
        return 2
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
