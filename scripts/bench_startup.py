#!/usr/bin/env python3
"""Start-up cost of `transcheck check` on a small file, against bare Python, in one run.

Runs each command N times (alternating, to share the machine's state) and prints the median
wall time; the aim is under 0.25 s above `python -c pass`.

Usage: bench_startup.py [-n 20] [--file FILE]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "PARIS (Reuters) - The government on Tuesday presented a plan to cut energy subsidies by "
    "3.5 billion euros next year, a move unions said would hit households hardest.\n\n"
    "Finance Minister Anne Dupont told reporters the cuts were needed to meet European deficit "
    'rules. "We have no choice," she said, adding that pensions would not be affected.\n\n'
    "The opposition called the plan unfair and promised to fight it in parliament, where the "
    "government lacks a majority. A vote is expected before the end of the month.\n\n"
    "Some 7,000 people marched in Lyon on Saturday against rising prices, police said. "
    "Organisers put the figure at 12,000 and said more protests would follow in Marseille, "
    "Toulouse and Lille if the government did not change course.\n\n"
    "The plan also freezes the salaries of senior civil servants for two years and delays a "
    "promised reform of housing aid, which the minister said would be presented in the spring.\n"
)


def _time(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def _compile_package() -> None:
    """Byte-compile transcheck as `pip install` does (an editable install under
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at every start)."""
    import compileall
    import os

    import transcheck

    folder = os.path.dirname(transcheck.__file__)
    compileall.compile_dir(folder, quiet=1, force=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--file", type=Path, help="file to check (default: a 1 KB article)")
    ap.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile the package first"
    )
    args = ap.parse_args()
    if not args.no_compile:
        _compile_package()
    exe = shutil.which("transcheck") or str(Path(sys.executable).parent / "transcheck")
    with tempfile.TemporaryDirectory() as tmp:
        target = args.file or Path(tmp) / "article.txt"
        if args.file is None:
            target.write_text(ARTICLE, encoding="utf-8")
        size = target.stat().st_size
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "transcheck --version": [exe, "--version"],
            "transcheck check": [exe, "check", "--isolated", "-q", str(target)],
        }
        _time(commands["transcheck check"])  # warm the OS cache and the rule-pack cache
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.n):
            for name, cmd in commands.items():
                times[name].append(_time(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"file: {size} bytes, {args.n} runs each (median wall time)")
    for name, values in times.items():
        med = statistics.median(values)
        extra = "" if name == "python -c pass" else f"  (+{med - base:.3f} s over bare Python)"
        print(f"{name:24} {med:.3f} s{extra}")
    over = statistics.median(times["transcheck check"]) - base
    print(f"aim: under 0.250 s above bare Python -> {'met' if over < 0.25 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
