"""Benchmark ``transcheck audit`` on generated articles.

Generates N news-like articles (about 2 KB each, a third of them with machine-translation
artifacts) as text files in a directory tree, then audits them:

1. with 1 worker (checks in the audit process),
2. with a local pool of 2 worker processes,
3. on a Dask LocalCluster of 2 workers,
4. ``--resume`` of run 2 on the unchanged archive (everything skipped).

Each run is a fresh process so peak memory is its own. Prints documents/s, peak memory of the
audit process and of each worker, the resume speed-up, and whether all runs stored exactly the
same results. Usage::

    python scripts/bench_audit.py [--docs 10000] [--dir /tmp/bench-audit] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SENTENCES = [
    "The ministry said on {day} that talks with the unions would resume next week.",
    "Officials in {city} confirmed that {n} people had been evacuated as a precaution.",
    "The agreement, signed after months of negotiation, covers {n} projects in the region.",
    "Analysts expect the central bank to keep rates unchanged until the end of the year.",
    "According to the report, exports rose by {n} percent over the first quarter.",
    "The mayor of {city} promised to publish the full figures before the council meets.",
    "Several witnesses described long queues outside the station on {day} morning.",
    "The company declined to comment on the reports, citing an ongoing investigation.",
    "Opposition leaders called the decision a missed opportunity for the country.",
    "Researchers at the university of {city} said the results were encouraging but early.",
]
ARTIFACTS = [
    "It also discussed the development of its satellite program. -spies. The talks went on.",
    "The envoy of Korea of the North arrived in {city} on {day}.",
    "source site-{n}",
    "PHOTO JEAN DUPONT, ARCHIVES AGENCE FRANCE-PRESSE",
    "The the committee will meet again in {city}.",
    "He said (without giving details that the plan was ready.",
]
CITIES = ["Lyon", "Seville", "Munich", "Porto", "Turin", "Ghent", "Krakow", "Bergen"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(rng: random.Random) -> str:
    """One article of 3-5 paragraphs; about a third carry one or two artifacts."""

    def fill(template: str) -> str:
        return template.format(city=rng.choice(CITIES), day=rng.choice(DAYS), n=rng.randint(2, 900))

    paragraphs = []
    for _ in range(rng.randint(3, 5)):
        paragraphs.append(" ".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(3, 5))))
    if rng.random() < 0.35:
        for _ in range(rng.randint(1, 2)):
            paragraphs.insert(rng.randint(0, len(paragraphs)), fill(rng.choice(ARTIFACTS)))
    return "\n\n".join(paragraphs) + "\n"


def generate(root: Path, count: int, seed: int = 7) -> None:
    """``count`` articles as ``root/NN/article-NNNNN.txt`` (100 per folder)."""
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"article-{i:05d}.txt").write_text(article(rng), encoding="utf-8")


def one_run(args: argparse.Namespace) -> None:
    """Child mode: one audit, results as JSON on stdout."""
    from transcheck.audit.runner import AuditRequest, run_audit
    from transcheck.audit.store import Store
    from transcheck.audit.work import peak_rss_kb

    request = AuditRequest(
        paths=[args.input],
        store=args.store,
        isolated=True,
        resume=args.resume,
        workers=args.workers,
        dask_local=args.dask_local,
        overrides={"fail-level": "never"},
    )
    started = time.perf_counter()
    outcome = run_audit(request, err=sys.stderr)
    wall = time.perf_counter() - started
    with Store(args.store, readonly=True) as store:
        digest = hash_contents(store.contents())
    print(
        json.dumps(
            {
                "backend": outcome.backend,
                "workers": outcome.workers,
                "wall_s": round(wall, 2),
                "audit_s": round(outcome.elapsed_s, 2),
                "checked": outcome.counts.checked,
                "skipped": outcome.counts.skipped,
                "failed": outcome.counts.failed,
                "findings": outcome.totals.findings,
                "documents": outcome.totals.documents,
                "docs_per_s": round(outcome.counts.finished / outcome.elapsed_s, 1),
                "parent_peak_mb": round(peak_rss_kb() / 1024, 1),
                "worker_peak_mb": sorted(
                    round(v / 1024, 1) for v in outcome.worker_peak_kb.values()
                ),
                "contents": digest,
            }
        )
    )


def hash_contents(rows: list[tuple[object, ...]]) -> str:
    import hashlib

    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def child(input_dir: Path, store: Path, *extra: str) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--one",
        "--input",
        str(input_dir),
        "--store",
        str(store),
        *extra,
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--dir", help="work directory (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dask-local", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--resume", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args)
        return
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-audit-"))
    corpus = work / "articles"
    if not corpus.is_dir() or sum(1 for _ in corpus.rglob("*.txt")) != args.docs:
        started = time.perf_counter()
        generate(corpus, args.docs)
        print(
            f"generated {args.docs:,} articles in {time.perf_counter() - started:.1f} s "
            f"({sum(p.stat().st_size for p in corpus.rglob('*.txt')) / 1e6:.1f} MB)",
            file=sys.stderr,
        )
    for name in ("w1.db", "w2.db", "dask2.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(str(work / name) + suffix).unlink(missing_ok=True)
    runs = {
        "1 worker": child(corpus, work / "w1.db", "--workers", "1"),
        "2 workers": child(corpus, work / "w2.db", "--workers", "2"),
        "Dask LocalCluster(2)": child(corpus, work / "dask2.db", "--dask-local", "2"),
        "resume, 2 workers": child(corpus, work / "w2.db", "--workers", "2", "--resume"),
    }
    first = runs["2 workers"]["audit_s"]
    again = runs["resume, 2 workers"]["audit_s"]
    same = len({r["contents"] for r in runs.values()}) == 1
    summary = {
        "docs": args.docs,
        "cpus": os.cpu_count(),
        "runs": runs,
        "resume_speedup": round(float(first) / max(float(again), 1e-9), 1),
        "identical_store_contents": same,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{args.docs:,} articles, {os.cpu_count()} CPUs")
    print(
        f"{'run':<22}{'docs/s':>9}{'time s':>9}{'checked':>9}{'skipped':>9}{'findings':>10}"
        f"{'audit MB':>10}  worker peak MB"
    )
    for name, r in runs.items():
        print(
            f"{name:<22}{r['docs_per_s']:>9}{r['audit_s']:>9}{r['checked']:>9}{r['skipped']:>9}"
            f"{r['findings']:>10}{r['parent_peak_mb']:>10}  {r['worker_peak_mb']}"
        )
    print(f"resume speed-up over the first 2-worker run: {summary['resume_speedup']}x")
    print(f"all runs stored identical results: {same}")


if __name__ == "__main__":
    main()
