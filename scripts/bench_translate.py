"""Benchmark transcheck's translate path on a real Argos model, in one run.

    python scripts/get_real_model.py            # once: installs translate-zh_en-1_9
    python scripts/bench_translate.py [--corpus corpora/bench/zh-news-200.txt]

Measured on the same sentences, same loaded CTranslate2 model and options:

1. transcheck: ``ArgosTranslator.translate_batch`` (tokenize, one batched call, decode);
2. raw: ``ctranslate2.Translator.translate_batch`` on the same pre-computed tokens;
3. argostranslate: ``translate.translate`` sentence by sentence. Its sentence splitter
   (MiniSBD) would download a model on first use; sentences are already split here, so the
   splitter is replaced by the identity and all network access is blocked while it runs;
4. the cache: the same batch through ``CachedTranslator``, cold then warm.

Peak memory is ``ru_maxrss`` after the model is loaded and at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from transcheck.translate.argos import ArgosTranslator
from transcheck.translate.base import TranslateSettings, default_packages_dir
from transcheck.translate.cache import CachedTranslator, RenderingCache

ROOT = Path(__file__).resolve().parent.parent


def maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func: Any, *args: Any, repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


class _NoNetwork:
    """Make every socket connection fail while active (argostranslate must stay offline)."""

    def __enter__(self) -> _NoNetwork:
        self._connect = socket.socket.connect
        self._getaddrinfo = socket.getaddrinfo

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise OSError("network disabled by bench_translate.py")

        socket.socket.connect = refuse  # type: ignore[method-assign]
        socket.getaddrinfo = refuse
        return self

    def __exit__(self, *exc: object) -> None:
        socket.socket.connect = self._connect  # type: ignore[method-assign]
        socket.getaddrinfo = self._getaddrinfo


def bench_argostranslate(
    packages_dir: Path, sentences: list[str], src: str, tgt: str, settings: TranslateSettings
) -> dict[str, Any]:
    """argostranslate's own pipeline, one call per sentence, offline."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    os.environ["ARGOS_BEAM_SIZE"] = str(settings.beam_size)
    os.environ["ARGOS_INTRA_THREADS"] = str(settings.intra_threads)
    from argostranslate import sbd, translate

    from transcheck.translate.argos import argos_package_module

    argos_package_module(packages_dir)

    def identity_split(self: Any, text: str) -> list[str]:
        return [text]

    # Sentences are already split; the stock splitter would download a MiniSBD model.
    sbd.MiniSBDSentencizer.split_sentences = identity_split
    try:
        with _NoNetwork():
            translate.translate(sentences[0], src, tgt)  # load the model (not timed)
            start = time.perf_counter()
            outputs = [translate.translate(s, src, tgt) for s in sentences]
            elapsed = time.perf_counter() - start
    except Exception as exc:  # report, do not crash the rest of the benchmark
        return {"ran": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ran": True, "seconds": elapsed, "outputs": outputs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora/bench/zh-news-200.txt")
    parser.add_argument("--packages-dir", type=Path, default=None)
    parser.add_argument("--src", default="zh")
    parser.add_argument("--tgt", default="en")
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--intra-threads", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="Best of N for timed runs.")
    parser.add_argument("--skip-argostranslate", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the numbers here.")
    args = parser.parse_args()

    sentences = [line.strip() for line in args.corpus.read_text("utf-8").splitlines()]
    sentences = [s for s in sentences if s]
    packages_dir = args.packages_dir or default_packages_dir()
    settings = TranslateSettings(
        packages_dir=packages_dir, beam_size=args.beam_size, intra_threads=args.intra_threads
    )
    translator = ArgosTranslator(settings)
    (package,) = translator.route(args.src, args.tgt)
    rss_before = maxrss_mb()
    start = time.perf_counter()
    runner = translator._runner(package)
    load_seconds = time.perf_counter() - start
    translator.translate_batch(sentences[:4], args.src, args.tgt)  # warm-up
    rss_loaded = maxrss_mb()

    # 1. transcheck's path
    ours_s, ours = timed(translator.translate_batch, sentences, args.src, args.tgt,
                         repeat=args.repeat)  # fmt: skip

    # 2. raw CTranslate2 on the same tokens and options
    tokens = runner.tokenizer.encode(sentences)

    def raw() -> Any:
        return runner.translator.translate_batch(
            tokens,
            beam_size=settings.beam_size,
            max_batch_size=settings.max_batch_size,
            replace_unknowns=True,
            length_penalty=0.2,
        )

    raw_s, raw_results = timed(raw, repeat=args.repeat)
    raw_text = [runner.tokenizer.decode(r.hypotheses[0]).lstrip(" ") for r in raw_results]

    # 4. cache: cold run, then warm run, on a fresh database
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        cache = RenderingCache(Path(tmp) / "renderings.sqlite3")
        cached = CachedTranslator(translator, cache)
        cold_s, _ = timed(cached.translate_batch, sentences, args.src, args.tgt)
        warm_s, warm = timed(cached.translate_batch, sentences, args.src, args.tgt,
                             repeat=args.repeat)  # fmt: skip
        cache.close()
    rss_after_ours = maxrss_mb()

    # 3. argostranslate, sentence by sentence (loads its own copy of the model)
    argos: dict[str, Any] = {"ran": False, "error": "skipped"}
    if not args.skip_argostranslate:
        argos = bench_argostranslate(packages_dir, sentences, args.src, args.tgt, settings)

    n = len(sentences)
    report: dict[str, Any] = {
        "model": package.name,
        "sentences": n,
        "beam_size": settings.beam_size,
        "intra_threads": settings.intra_threads,
        "cpu_count": os.cpu_count(),
        "model_load_seconds": round(load_seconds, 3),
        "transcheck_seconds": round(ours_s, 3),
        "transcheck_sentences_per_s": round(n / ours_s, 1),
        "raw_ct2_seconds": round(raw_s, 3),
        "raw_ct2_sentences_per_s": round(n / raw_s, 1),
        "transcheck_vs_raw": round(raw_s / ours_s, 3),
        "identical_to_raw": sum(a == b for a, b in zip(ours, raw_text, strict=True)),
        "cache_cold_seconds": round(cold_s, 3),
        "cache_warm_seconds": round(warm_s, 5),
        "cache_speedup": round(cold_s / warm_s, 1),
        "cache_identical": warm == ours,
        "maxrss_mb_before_model": round(rss_before, 1),
        "maxrss_mb_model_loaded": round(rss_loaded, 1),
        "maxrss_mb_after_transcheck_runs": round(rss_after_ours, 1),
    }
    if argos.get("ran"):
        report.update(
            argostranslate_seconds=round(argos["seconds"], 3),
            argostranslate_sentences_per_s=round(n / argos["seconds"], 1),
            transcheck_vs_argostranslate=round(argos["seconds"] / ours_s, 2),
            identical_to_argostranslate=sum(
                a == b for a, b in zip(ours, argos["outputs"], strict=True)
            ),
            maxrss_mb_end=round(maxrss_mb(), 1),
        )
    else:
        report["argostranslate_error"] = argos.get("error")
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    for source, rendering in list(zip(sentences, ours, strict=True))[:3]:
        print(f"\n{source}\n-> {rendering}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
