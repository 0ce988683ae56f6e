"""A pickle cache for data that is slow to build from files shipped with the package.

Rule packs and detection cues are YAML plus regex analysis: ~0.3 s to build, ~10 ms to
unpickle. The cache is keyed by a hash of the inputs, so an edited file simply misses. Any
failure to read or write the cache just builds again: it is never an error.

Unpickling runs code, so a cache file is only read when it and its folder belong to the user
and nobody else can write them (the folder is made 0700, files 0600); anything else is
ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from transcheck.paths import user_cache_dir

T = TypeVar("T")


def content_key(parts: Iterable[str]) -> str:
    """A short hash of ``parts`` (in order)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (the file and its folder)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: rely on the profile folder
        return True
    uid = os.getuid()
    for item in (path, path.parent):
        st = item.stat()
        if st.st_uid != uid or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def cached(name: str, key: str, build: Callable[[], T], expect: type) -> T:
    """``build()``'s result, from ``<cache dir>/<name>-<key>.pickle`` when it is there."""
    path = user_cache_dir() / f"{name}-{key}.pickle"
    try:
        if not _private(path):
            raise PermissionError(path)
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, expect):
            return loaded  # type: ignore[return-value]
    except Exception:
        pass
    value = build()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return value
