"""A pickle cache for data that is slow to build from files shipped with the package.

Rule packs and detection cues are YAML plus regex analysis: ~0.3 s to build, ~10 ms to
unpickle. The cache is keyed by a hash of the inputs, so an edited file simply misses. Any
failure to read or write the cache just builds again: it is never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from typing import TypeVar

from transcheck.paths import user_cache_dir

T = TypeVar("T")


def content_key(parts: Iterable[str]) -> str:
    """A short hash of ``parts`` (in order)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


def cached(name: str, key: str, build: Callable[[], T], expect: type) -> T:
    """``build()``'s result, from ``<cache dir>/<name>-<key>.pickle`` when it is there."""
    path = user_cache_dir() / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, expect):
            return loaded  # type: ignore[return-value]
    except Exception:
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return value
