from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import ConfigError
from transcheck.translate.base import (
    TranslateSettings,
    default_cache_path,
    default_packages_dir,
    settings_from_mapping,
)


def test_defaults_follow_xdg(isolated_home: Path) -> None:
    settings = TranslateSettings()
    assert settings.resolved_packages_dir() == isolated_home / "data" / "transcheck" / "packages"
    assert default_packages_dir() == settings.resolved_packages_dir()
    assert settings.resolved_cache_path() == (
        isolated_home / "cache" / "transcheck" / "renderings.sqlite3"
    )
    assert default_cache_path() == settings.resolved_cache_path()


def test_relative_xdg_is_ignored(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    assert default_cache_path() == isolated_home / ".cache" / "transcheck" / "renderings.sqlite3"


def test_settings_from_mapping_kebab_and_none() -> None:
    settings = settings_from_mapping(
        {"beam-size": 2, "packages-dir": "/x/p", "use_cache": False, "pivot": "", "backend": None}
    )
    assert settings.beam_size == 2 and settings.packages_dir == Path("/x/p")
    assert settings.use_cache is False and settings.pivot is None
    assert settings.backend == "argos"
    layered = settings_from_mapping({"intra-threads": 1}, base=settings)
    assert layered.beam_size == 2 and layered.intra_threads == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"beam-size": "4"}, "beam-size must be an integer"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"backend": "google"}, "unknown translation backend 'google'"),
        ({"beam_size": 0}, "beam_size must be at least 1"),
        ({"use-cache": "yes"}, "use-cache must be true or false"),
    ],
)
def test_bad_settings(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_mapping(values)
