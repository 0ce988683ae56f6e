"""Benchmark the language-identification backends on a lingua-style test set.

Usage::

    python scripts/bench_lid.py DATA_DIR [--backends fasttext,langdetect,...] [--limit N]

``DATA_DIR`` holds ``sentences/``, ``word-pairs/`` and ``single-words/`` folders (or has them
under ``language-testdata/``) with one ``<lang>.txt`` file per language, one item per line.

Each backend runs in its own subprocess so that load time and peak memory are its own. For
each backend the script reports accuracy (macro average over languages, one ``detect()`` per
line, no answer counts as wrong) on the three categories, unrestricted and restricted to a
language pair (en/fr, es/pt, de/nl, ru/uk), throughput on sentences (texts per second, one
thread, one call per text, the faster of two passes) and peak resident memory. All numbers go
into one table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CATEGORIES = ("sentences", "word-pairs", "single-words")
PAIRS = (("en", "fr"), ("es", "pt"), ("de", "nl"), ("ru", "uk"))
DEFAULT_BACKENDS = ("fasttext-cld2", "fasttext", "langdetect", "py3langid", "lingua", "cld2")


def _root(data: Path) -> Path:
    if (data / "language-testdata").is_dir():
        return data / "language-testdata"
    return data


def _load(data: Path, limit: int | None) -> dict[str, dict[str, list[str]]]:
    """category -> lang -> items."""
    out: dict[str, dict[str, list[str]]] = {}
    root = _root(data)
    for cat in CATEGORIES:
        folder = root / cat
        if not folder.is_dir():
            raise SystemExit(f"bench_lid: missing folder {folder}")
        out[cat] = {}
        for path in sorted(folder.glob("*.txt")):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
            lines = [ln for ln in lines if ln]
            out[cat][path.stem] = lines[:limit] if limit else lines
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _accuracy(det: object, items: dict[str, list[str]], candidates: list[str] | None) -> float:
    """Macro-averaged accuracy over the languages in ``items``."""
    per_lang = []
    for lang, texts in items.items():
        ok = 0
        for text in texts:
            res = det.detect(text, candidates)  # type: ignore[attr-defined]
            ok += bool(res) and res[0][0] == lang
        per_lang.append(ok / max(1, len(texts)))
    return 100.0 * sum(per_lang) / max(1, len(per_lang))


def worker(backend: str, data: Path, limit: int | None) -> dict[str, object]:
    """Measure one backend in this process; return the numbers."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from transcheck.detection.backends import get_detector

    corpus = _load(data, limit)
    base_rss = _rss_mb()
    t0 = time.perf_counter()
    det = get_detector(backend)
    det.detect("warm up the model")
    load_s = time.perf_counter() - t0
    supported = det.languages()
    result: dict[str, object] = {"backend": backend, "load_s": load_s}
    langs = sorted(lang for lang in corpus["sentences"] if lang in supported)
    result["languages"] = langs
    for cat in CATEGORIES:
        items = {lang: corpus[cat][lang] for lang in langs if lang in corpus[cat]}
        t1 = time.perf_counter()
        result[cat] = _accuracy(det, items, None)
        elapsed = time.perf_counter() - t1
        if cat == "sentences":
            # Throughput: the faster of the accuracy pass and one more pass over the same
            # sentences, so that a burst of load from other processes counts less.
            texts = [t for v in items.values() for t in v]
            t2 = time.perf_counter()
            for text in texts:
                det.detect(text)
            elapsed = min(elapsed, time.perf_counter() - t2)
            result["texts_per_s"] = len(texts) / elapsed
    for cat in CATEGORIES:
        pair_scores = {}
        for a, b in PAIRS:
            items = {lang: corpus[cat][lang] for lang in (a, b) if lang in corpus[cat]}
            pair_scores[f"{a}/{b}"] = _accuracy(det, items, [a, b])
        result[f"pair-{cat}"] = pair_scores
    result["peak_rss_mb"] = _rss_mb()
    result["model_rss_mb"] = _rss_mb() - base_rss
    return result


def _mean(values: dict[str, float]) -> float:
    return sum(values.values()) / max(1, len(values))


def _table(rows: list[dict[str, object]]) -> str:
    head = (
        "| backend | sent | pairs | words | sent 2-lang | pairs 2-lang | words 2-lang "
        "| sent/s | load s | peak MB | model MB |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['backend']} | error: {r['error']} |" + " |" * 9)
            continue
        lines.append(
            f"| {r['backend']} | {r['sentences']:.1f} | {r['word-pairs']:.1f} "
            f"| {r['single-words']:.1f} | {_mean(r['pair-sentences']):.1f} "  # type: ignore[arg-type]
            f"| {_mean(r['pair-word-pairs']):.1f} "  # type: ignore[arg-type]
            f"| {_mean(r['pair-single-words']):.1f} "  # type: ignore[arg-type]
            f"| {r['texts_per_s']:,.0f} | {r['load_s']:.2f} | {r['peak_rss_mb']:.0f} "
            f"| {r['model_rss_mb']:.0f} |"
        )
    lines.append("")
    lines.append("Restricted accuracy per pair (sentences / word pairs / single words):")
    lines.append("")
    lines.append("| backend | " + " | ".join(f"{a}/{b}" for a, b in PAIRS) + " |")
    lines.append("|" + "---|" * (len(PAIRS) + 1))
    for r in rows:
        if "error" in r:
            continue
        cells = []
        for a, b in PAIRS:
            key = f"{a}/{b}"
            cells.append(
                " / ".join(
                    f"{r[f'pair-{cat}'][key]:.1f}"  # type: ignore[index]
                    for cat in CATEGORIES
                )
            )
        lines.append(f"| {r['backend']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--backends", default=",".join(DEFAULT_BACKENDS))
    parser.add_argument("--limit", type=int, default=None, help="items per file (default all)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.limit)))
        return
    rows: list[dict[str, object]] = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        cmd = [sys.executable, __file__, str(args.data), "--worker", backend]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            err = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            rows.append({"backend": backend, "error": err})
        else:
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"done: {backend}", file=sys.stderr, flush=True)
    langs = next((r["languages"] for r in rows if "languages" in r), [])
    print(f"languages ({len(langs)}): {', '.join(langs)}")  # type: ignore[arg-type]
    print("accuracy in %, macro-averaged over languages; 2-lang = restricted to the pair")
    print()
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
