"""Build a tiny, valid Argos package (.argosmodel) for tests and demos.

    python scripts/build_test_model.py OUT_DIR [--from fr] [--to en] [--version 1.0]

The model translates word by word through a toy lexicon (fr->en and en->es are built in);
see transcheck.translate.testmodel for how it works.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from transcheck.translate.testmodel import build_test_package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--from", dest="src", default="fr")
    parser.add_argument("--to", dest="tgt", default="en")
    parser.add_argument("--version", default="1.0")
    parser.add_argument("--target-prefix", default="")
    parser.add_argument("--quantization", default="int8")
    args = parser.parse_args()
    start = time.perf_counter()
    path = build_test_package(
        args.out_dir,
        args.src,
        args.tgt,
        version=args.version,
        target_prefix=args.target_prefix,
        quantization=args.quantization,
    )
    elapsed = time.perf_counter() - start
    print(f"built {path} ({path.stat().st_size} bytes) in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
