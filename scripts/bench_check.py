#!/usr/bin/env python3
"""Throughput of the text-only checks on one core: generated 600-word articles.

Generates N articles (deterministic, seeded) of about 600 words with a few planted artifacts,
then, in one run, measures articles/s for: reading + segmentation only (the floor every check
pays), all text-only checks without language detection, and all text-only checks (the
default). Prints the per-check cost and peak memory (ru_maxrss).

Usage: bench_check.py [-n 1000] [--words 600] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter

from transcheck.config import Settings
from transcheck.document import Document
from transcheck.pipeline import Checker
from transcheck.segment import segment

NAMES = [
    "Anne Martin",
    "Paul Weber",
    "Maria Rossi",
    "João Silva",
    "Kim Jong-un",
    "Olaf Berg",
    "Carmen López",
    "Jean-Pierre Dupont",
    "Giulia Bianchi",
    "Hans Müller",
]
PLACES = ["Paris", "Lyon", "Berlin", "Madrid", "Rome", "Lisbon", "Seoul", "Brussels", "Porto"]
SUBJECTS = [
    "The government",
    "The council",
    "The company",
    "Police",
    "The ministry",
    "Unions",
    "The central bank",
    "Prosecutors",
    "The committee",
    "Residents",
]
VERBS = ["said", "announced", "confirmed", "denied", "warned", "reported", "estimated"]
OBJECTS = [
    "a plan to cut spending",
    "new rules for rents",
    "an inquiry into the fire",
    "that prices would rise again",
    "talks with the opposition",
    "a delay in the rail project",
    "a rise in unemployment",
    "the closure of two plants",
]
TAILS = [
    "on Tuesday",
    "last week",
    "in a statement",
    "after a long meeting",
    "according to local media",
    "despite protests",
    "for the second time this year",
]
ARTIFACTS = [
    "Its anti. -aircraft units moved north.",
    "Inflation reached 3,5 % in May.",
    "The minister said the the plan was ready.",
    "Korea of the North tested a missile.",
    "Read also: five things to know",
    "PHOTO ANNE MARTIN, REUTERS",
    "He asked : why now ?",
]


def sentence(rng: random.Random) -> str:
    n = rng.randint(1, 9) * 1000
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    if rng.random() < 0.3:
        parts.append(f"in {rng.choice(PLACES)}, where some {n:,} people live")
    if rng.random() < 0.3:
        return f"{' '.join(parts)}, {rng.choice(NAMES)} told reporters."
    return " ".join(parts) + "."


def article(rng: random.Random, words: int) -> str:
    paragraphs: list[str] = [f"{rng.choice(PLACES).upper()} - {rng.choice(OBJECTS).capitalize()}"]
    count = 0
    while count < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.25:
            para += " " + rng.choice(ARTIFACTS)
        paragraphs.append(para)
        count += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def run(checker: Checker | None, docs: list[Document]) -> float:
    started = time.perf_counter()
    for doc in docs:
        if checker is None:
            segment(doc.text)
        else:
            checker.check(doc)
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = [Document(text=article(rng, args.words), id=f"a{i}", lang="en") for i in range(args.n)]
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    no_lid = Checker(Settings(ignore=("untranslated",)))
    full = Checker(Settings())
    for checker in (no_lid, full):  # warm up: rule regexes, detector model
        checker.check(docs[0])
    rows = [
        ("segmentation only (floor)", run(None, docs)),
        ("text-only checks, no language ID", run(no_lid, docs)),
        ("all text-only checks (default)", run(full, docs)),
    ]
    print(f"{args.n} articles, {words:.0f} words each on average, one process (one core)")
    for name, seconds in rows:
        print(
            f"{name:36} {args.n / seconds:8.1f} articles/s  ({seconds * 1000 / args.n:.2f} ms each)"
        )
    per_check: Counter[str] = Counter()
    context_time = 0.0
    for doc in docs[:200]:
        t = time.perf_counter()
        ctx = full.context(doc)
        context_time += time.perf_counter() - t
        for check in full.checks:
            if check.missing(ctx):
                continue
            t = time.perf_counter()
            list(check.run(ctx))
            per_check[check.name] += time.perf_counter() - t
    print("per-document cost over 200 articles:")
    print(f"  {'segment + detect (context)':28} {context_time * 1000 / 200:6.2f} ms")
    for name, seconds in per_check.most_common():
        print(f"  {name:28} {seconds * 1000 / 200:6.2f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak:.0f} MB")
    print("aim: at least 200 articles/s with all text-only checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
