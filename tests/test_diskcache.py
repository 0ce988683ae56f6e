from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from transcheck.diskcache import cached


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "transcheck"


def test_builds_once_then_reads(cache_home: Path) -> None:
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    assert cached("t", "k", build, list) == [1, 2, 3]
    assert cached("t", "k", build, list) == [1, 2, 3]
    assert calls == [1]
    path = cache_home / "t-k.pickle"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_file_others_can_write_is_never_unpickled(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    path = cache_home / "t-k.pickle"
    path.write_bytes(pickle.dumps(["planted"]))
    os.chmod(path, 0o666)
    assert cached("t", "k", lambda: ["built"], list) == ["built"]


def test_wrong_type_or_garbage_rebuilds(cache_home: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    path = cache_home / "t-k.pickle"
    path.write_bytes(b"not a pickle")
    os.chmod(path, 0o600)
    assert cached("t", "k", lambda: ["built"], list) == ["built"]
    path.write_bytes(pickle.dumps({"a": 1}))
    assert cached("t", "k", lambda: ["again"], list) == ["again"]
