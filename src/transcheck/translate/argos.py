"""The Argos backend: installed Argos packages run straight through CTranslate2.

argostranslate's own pipeline re-splits text into sentences (MiniSBD, which may download a
model) and translates one paragraph per call. transcheck already has its sentences, so each
batch goes to ``ctranslate2.Translator.translate_batch`` in one call, tokenized with the
package's SentencePiece model, with the decoding options argostranslate uses
(``replace_unknowns``, ``length_penalty=0.2``, the package's ``target_prefix``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from transcheck.errors import ModelError
from transcheck.translate.base import ModelRef, TranslateSettings
from transcheck.translate.packages import PackageInfo, find_package, installed_pairs
from transcheck.translate.pivot import plan_route

_argos_lock = threading.Lock()


def argos_package_module(packages_dir: Path) -> ModuleType:
    """Import ``argostranslate.package`` pointed at ``packages_dir``.

    argostranslate reads ``ARGOS_PACKAGES_DIR`` once, when ``argostranslate.settings`` is
    imported, so the variable is set before the first import and the module globals are
    updated on later calls with another dir.
    """
    with _argos_lock:
        if "argostranslate.settings" not in sys.modules:
            os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
        import argostranslate.package as argos_package
        import argostranslate.settings as argos_settings

        if Path(argos_settings.package_data_dir) != packages_dir:
            argos_settings.package_data_dir = packages_dir
            argos_settings.package_dirs = [packages_dir]
        return argos_package


class _SentencePiece:
    """Batch encode/decode with the package's SentencePiece model."""

    def __init__(self, path: Path) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=str(path))

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return [list(t) for t in self._sp.encode(sentences, out_type=str)]

    def decode(self, tokens: list[str]) -> str:
        # Target pieces unknown to the (source) SentencePiece model come back verbatim, so
        # their word-boundary marks are replaced too. Unlike argostranslate's decoder, real
        # underscores are kept.
        return str(self._sp.decode_pieces(tokens)).replace("\u2581", " ")


class _Bpe:
    """Moses tokenization + BPE for packages that ship ``bpe.model`` (argostranslate's code)."""

    def __init__(self, info: PackageInfo) -> None:
        from argostranslate.tokenizer import BPETokenizer

        self._tok = BPETokenizer(info.path / "bpe.model", info.from_code, info.to_code)

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return [list(self._tok.encode(s)) for s in sentences]

    def decode(self, tokens: list[str]) -> str:
        return str(self._tok.decode(tokens))


@dataclass
class PackageRunner:
    """One loaded package: tokenizer + CTranslate2 translator."""

    info: PackageInfo
    tokenizer: _SentencePiece | _Bpe
    translator: Any  # ctranslate2.Translator
    max_batch_size: int = 64

    def translate(self, sentences: list[str], *, beam_size: int = 4) -> list[str]:
        """Render ``sentences`` in one ``translate_batch`` call (empty ones stay empty)."""
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if not todo:
            return out
        tokens = self.tokenizer.encode([sentences[i] for i in todo])
        prefix = self.info.target_prefix
        results = self.translator.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            beam_size=beam_size,
            max_batch_size=self.max_batch_size,
            replace_unknowns=True,
            length_penalty=0.2,
            max_decoding_length=max(256, 2 * max(len(t) for t in tokens) + 16),
        )
        for i, result in zip(todo, results, strict=True):
            hyp = list(result.hypotheses[0])
            if prefix and hyp[:1] == [prefix]:
                hyp = hyp[1:]
            out[i] = self.tokenizer.decode(hyp).lstrip(" ")
        return out


def load_runner(
    info: PackageInfo,
    *,
    beam_size: int = 4,
    device: str = "cpu",
    compute_type: str = "default",
    inter_threads: int = 1,
    intra_threads: int = 0,
    max_batch_size: int = 64,
) -> PackageRunner:
    """Load a package (cached per process: loading a real model takes a second or more)."""
    del beam_size  # decoding option, not a load option; accepted for symmetry with settings
    model_dir = info.path / "model"
    try:
        st = (model_dir / "model.bin").stat()
    except OSError:
        raise ModelError(f"{info.path}: no CTranslate2 model (model/model.bin)") from None
    # The file's identity is part of the key: a replaced package must not reuse the old model.
    stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
    translator = _load_ct2(
        str(model_dir), stamp, device, compute_type, inter_threads, intra_threads
    )
    tokenizer: _SentencePiece | _Bpe
    if info.tokenizer == "sentencepiece.model":
        tokenizer = _SentencePiece(info.path / "sentencepiece.model")
    else:
        tokenizer = _Bpe(info)
    return PackageRunner(info, tokenizer, translator, max_batch_size)


@functools.lru_cache(maxsize=8)
def _load_ct2(
    model_dir: str,
    stamp: tuple[int, int, int],
    device: str,
    compute_type: str,
    inter_threads: int,
    intra_threads: int,
) -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise ModelError(
            "the Argos backend needs ctranslate2: pip install 'transcheck[translate]'"
        ) from None
    try:
        return ctranslate2.Translator(
            model_dir,
            device=device,
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except (RuntimeError, ValueError) as exc:
        raise ModelError(f"cannot load the translation model in {model_dir}: {exc}") from None


class ArgosTranslator:
    """Renderings from the Argos packages installed in ``settings.packages_dir``.

    A pair without a direct package goes through ``settings.pivot`` (English by default)
    when both halves are installed. Models load on the first sentence that needs them.
    """

    backend = "argos"

    def __init__(self, settings: TranslateSettings) -> None:
        self.settings = settings
        self.packages_dir = settings.resolved_packages_dir()
        self._routes: dict[tuple[str, str], list[PackageInfo]] = {}
        self._runners: dict[Path, PackageRunner] = {}

    def route(self, src: str, tgt: str) -> list[PackageInfo]:
        """The packages that render ``src -> tgt``: one, or two through the pivot language."""
        key = (src, tgt)
        if key not in self._routes:
            pairs = installed_pairs(self.packages_dir)
            hops = plan_route(src, tgt, pairs, self.settings.pivot, backend="argos")
            found = [find_package(self.packages_dir, a, b) for a, b in hops]
            self._routes[key] = [p for p in found if p is not None]
        return self._routes[key]

    def _options(self) -> str:
        # Decoding options change the output, so they are part of the cache version.
        s = self.settings
        text = f"beam={s.beam_size};compute={s.compute_type};device={s.device}"
        return hashlib.sha1(text.encode()).hexdigest()[:8]

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        """Package names (``a>b`` through the pivot) and their versions plus decoding options."""
        route = self.route(src, tgt)
        return ModelRef(
            self.backend,
            ">".join(p.name for p in route),
            ">".join(p.package_version for p in route) + "+" + self._options(),
        )

    def _runner(self, info: PackageInfo) -> PackageRunner:
        if info.path not in self._runners:
            s = self.settings
            self._runners[info.path] = load_runner(
                info,
                device=s.device,
                compute_type=s.compute_type,
                inter_threads=s.inter_threads,
                intra_threads=s.intra_threads,
                max_batch_size=s.max_batch_size,
            )
        return self._runners[info.path]

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        """Render ``sentences``; each hop of the route is one batched CTranslate2 call."""
        texts = list(sentences)
        for info in self.route(src, tgt):
            texts = self._runner(info).translate(texts, beam_size=self.settings.beam_size)
        return texts
