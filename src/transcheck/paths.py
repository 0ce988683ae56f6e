"""Where transcheck keeps its files: user data (translation packages) and caches.

A small module on purpose: the check command consults it without importing the translator.
"""

from __future__ import annotations

import os
from pathlib import Path


def _xdg_dir(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def user_data_dir() -> Path:
    """transcheck's data dir: ``$XDG_DATA_HOME/transcheck`` (default ``~/.local/share``)."""
    return _xdg_dir("XDG_DATA_HOME", ".local/share") / "transcheck"


def user_cache_dir() -> Path:
    """transcheck's cache dir: ``$XDG_CACHE_HOME/transcheck`` (default ``~/.cache``)."""
    return _xdg_dir("XDG_CACHE_HOME", ".cache") / "transcheck"


def default_packages_dir() -> Path:
    """Where transcheck keeps its translation packages (its own dir, not argostranslate's)."""
    return user_data_dir() / "packages"


def default_cache_path() -> Path:
    """The rendering cache database."""
    return user_cache_dir() / "renderings.sqlite3"
