"""Opt-in tests on the real zh->en Argos model (install it with scripts/get_real_model.py).

Skipped unless the model is installed: these are the only skips in the suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transcheck.translate.argos import ArgosTranslator
from transcheck.translate.base import TranslateSettings, default_packages_dir
from transcheck.translate.cache import CachedTranslator, RenderingCache
from transcheck.translate.packages import find_package, verify_packages

# Resolved at import, before the fixtures point HOME and XDG_* at tmp dirs.
REAL_DIR = Path(os.environ.get("TRANSCHECK_PACKAGES_DIR") or default_packages_dir())
REAL = find_package(REAL_DIR, "zh", "en")

pytestmark = [
    pytest.mark.realmodel,
    pytest.mark.skipif(REAL is None, reason="run scripts/get_real_model.py to enable"),
]

SENTENCES = [
    "国家统计局周一发布数据显示，今年前三季度国内生产总值同比增长百分之五点二。",
    "市政府宣布，从下个月起将延长地铁末班车的运营时间。",
]


def test_real_model_verifies() -> None:
    (result,) = verify_packages(REAL_DIR, ["zh-en"])
    assert result.ok, result.problems


def test_real_model_renders_and_caches(tmp_path: Path) -> None:
    translator = ArgosTranslator(TranslateSettings(packages_dir=REAL_DIR, beam_size=2))
    cached = CachedTranslator(translator, RenderingCache(tmp_path / "c.sqlite3"))
    out = cached.translate_batch(SENTENCES, "zh", "en")
    assert "5.2" in out[0] and "Monday" in out[0]
    assert "month" in out[1]
    assert all("\u2581" not in text and text.isascii() for text in out)
    assert cached.translate_batch(SENTENCES, "zh", "en") == out
    assert cached.counters.hits == 2
