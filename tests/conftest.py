from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed" / "north-korea-arms.en.txt"


@pytest.fixture()
def seed_path() -> Path:
    return SEED


@pytest.fixture()
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
