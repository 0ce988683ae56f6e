from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from transcheck.translate import get_translator
from transcheck.translate.argos import ArgosTranslator
from transcheck.translate.base import ModelRef, TranslateSettings
from transcheck.translate.cache import (
    CachedTranslator,
    CacheError,
    RenderingCache,
    sentence_hash,
)

REF = ModelRef("argos", "translate-fr_en-1_0", "1.0+abc")


class CountingTranslator:
    """Upper-cases; records every batch it is asked to render."""

    backend = "fake"

    def __init__(self, version: str = "1") -> None:
        self.version = version
        self.calls: list[list[str]] = []

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        return ModelRef(self.backend, "upper", self.version)

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        self.calls.append(list(sentences))
        return [s.upper() for s in sentences]


def test_second_pass_translates_nothing(tmp_path: Path) -> None:
    inner = CountingTranslator()
    cached = CachedTranslator(inner, RenderingCache(tmp_path / "c.sqlite3"))
    sentences = ["un", "deux", "un", "trois"]
    assert cached.translate_batch(sentences, "fr", "en") == ["UN", "DEUX", "UN", "TROIS"]
    assert inner.calls == [["un", "deux", "trois"]]  # the duplicate is rendered once
    again = CachedTranslator(inner, RenderingCache(tmp_path / "c.sqlite3"))  # a new process
    assert again.translate_batch(sentences, "fr", "en") == ["UN", "DEUX", "UN", "TROIS"]
    assert len(inner.calls) == 1
    assert (again.counters.hits, again.counters.misses) == (4, 0)
    again.translate_batch(["deux", "quatre"], "fr", "en")
    assert inner.calls[-1] == ["quatre"]


def test_key_includes_version_and_pair(tmp_path: Path) -> None:
    store = RenderingCache(tmp_path / "c.sqlite3")
    v1, v2 = CountingTranslator("1"), CountingTranslator("2")
    CachedTranslator(v1, store).translate_batch(["a"], "fr", "en")
    CachedTranslator(v2, store).translate_batch(["a"], "fr", "en")
    CachedTranslator(v1, store).translate_batch(["a"], "fr", "de")
    assert len(v1.calls) == 2 and len(v2.calls) == 1
    assert store.stats().entries == 3


def test_cache_hit_with_real_argos_loads_no_model(
    fr_en: Path, settings: TranslateSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentences = ["Le chat mange le pain.", "Le chien dort."]
    first = get_translator(settings)
    assert isinstance(first, CachedTranslator)
    assert first.translate_batch(sentences, "fr", "en") == [
        "The cat eats the bread.",
        "The dog sleeps.",
    ]

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached sentence loaded or ran the model")

    monkeypatch.setattr(ArgosTranslator, "_runner", no_model)
    second = get_translator(settings)
    assert second.translate_batch(sentences, "fr", "en") == [
        "The cat eats the bread.",
        "The dog sleeps.",
    ]
    assert isinstance(second, CachedTranslator) and second.counters.misses == 0


def test_no_cache_setting_returns_bare_translator(settings: TranslateSettings) -> None:
    assert isinstance(get_translator(settings, use_cache=False), ArgosTranslator)
    settings.use_cache = False
    assert isinstance(get_translator(settings), ArgosTranslator)
    assert not settings.resolved_cache_path().exists()


def test_database_is_wal_and_stores_no_text(tmp_path: Path) -> None:
    store = RenderingCache(tmp_path / "c.sqlite3")
    store.put_many(REF, "fr", "en", {sentence_hash("Le secret."): "The secret."})
    store.close()
    conn = sqlite3.connect(tmp_path / "c.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = conn.execute("SELECT * FROM renderings").fetchall()
    assert len(rows) == 1 and "Le secret." not in repr(rows)


def test_stats_and_clear(tmp_path: Path) -> None:
    store = RenderingCache(tmp_path / "c.sqlite3")
    assert store.stats().exists is False and store.clear() == 0
    store.put_many(REF, "fr", "en", {"h1": "a", "h2": "b"})
    store.put_many(ModelRef("apertium", "eng-spa", "x"), "en", "es", {"h1": "c"})
    stats = store.stats()
    assert stats.entries == 3 and stats.size_bytes > 0
    assert [(g.backend, g.entries) for g in stats.groups] == [("apertium", 1), ("argos", 2)]
    assert store.clear(backend="apertium") == 1
    assert store.clear(model_id="translate-fr_en-1_0") == 2
    assert store.stats().entries == 0


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"definitely not sqlite" * 100)
    with pytest.raises(CacheError, match="cannot open the rendering cache"):
        RenderingCache(path).get_many(REF, "fr", "en", ["h"])


_WRITER = """
import sys
from pathlib import Path
from transcheck.translate.base import ModelRef
from transcheck.translate.cache import RenderingCache

path, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = RenderingCache(path)
ref = ModelRef("argos", "m", "1")
for i in range(count):
    # overlapping keys on purpose: the workers race to insert the same rows
    store.put_many(ref, "fr", "en", {f"h{i}": f"r{i}", f"w{worker}-{i}": "x"})
    assert store.get_many(ref, "fr", "en", [f"h{i}"]) == {f"h{i}": f"r{i}"}
store.close()
"""


def test_concurrent_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    workers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(w), "60"]) for w in range(4)
    ]
    assert [p.wait(timeout=120) for p in workers] == [0, 0, 0, 0]
    assert RenderingCache(path).stats().entries == 60 + 4 * 60
