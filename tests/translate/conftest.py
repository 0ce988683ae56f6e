"""Fixtures for the translation tests: tiny Argos packages built once per session, and an
environment where nothing can reach the real home (XDG dirs, packages dir, cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.translate.base import TranslateSettings
from transcheck.translate.packages import install_package
from transcheck.translate.testmodel import build_test_package


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and every XDG dir at the test's tmp dir."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    monkeypatch.chdir(tmp_path)  # no project config file is picked up
    return home


@pytest.fixture(scope="session")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny packages: fr->en, en->es, and fr->en with a target prefix (version 2.0)."""
    out = tmp_path_factory.mktemp("argosmodels")
    return {
        "fr_en": build_test_package(out, "fr", "en"),
        "en_es": build_test_package(out, "en", "es"),
        "fr_en_prefix": build_test_package(
            out / "prefix", "fr", "en", version="2.0", target_prefix="__en__"
        ),
    }


@pytest.fixture
def packages_dir(tmp_path: Path) -> Path:
    return tmp_path / "packages"


@pytest.fixture
def settings(packages_dir: Path, tmp_path: Path) -> TranslateSettings:
    """Argos settings on the test's own dirs; one thread suits the tiny models."""
    return TranslateSettings(
        packages_dir=packages_dir, cache_path=tmp_path / "cache" / "r.sqlite3", intra_threads=1
    )


@pytest.fixture
def fr_en(model_files: dict[str, Path], packages_dir: Path) -> Path:
    """fr->en installed; returns the packages dir."""
    install_package(model_files["fr_en"], packages_dir)
    return packages_dir
