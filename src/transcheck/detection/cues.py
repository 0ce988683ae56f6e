"""The cue lists of ``cues.yaml`` (loanwords, gate words, typography, name spellings...)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from transcheck.errors import ConfigError

# Key added to every source cue: the lowercase literals one of which each match contains
# (None: the regex must always run). Computed once, stored with the parsed data.
LITERALS = "_literals"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "transcheck"


def parse_cues(text: str) -> dict[str, Any]:
    """Parse the text of a cues file and add each source cue's literal prefilter."""
    import yaml

    from transcheck.prefilter import required_literals

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:  # pragma: no cover - the file is tested
        raise ConfigError(f"detection/cues.yaml: invalid YAML: {exc}") from None
    if not isinstance(data, dict):  # pragma: no cover
        raise ConfigError("detection/cues.yaml: expected a mapping")
    for cue in data.get("source_cues", []):
        literals = required_literals(str(cue["pattern"]))
        cue[LITERALS] = sorted(literals) if literals is not None else None
    return data


@functools.lru_cache(maxsize=1)
def load_cues() -> dict[str, Any]:
    """The parsed ``cues.yaml`` shipped with the package (cached in memory and on disk).

    Importing and running the YAML parser costs ~50 ms, a tenth of a one-file check; the
    parsed data is kept in a pickle keyed by the file's content. Any failure to read or write
    that cache just parses again.
    """
    import hashlib
    import pickle
    from importlib import resources

    text = (resources.files("transcheck.detection") / "cues.yaml").read_text(encoding="utf-8")
    key = hashlib.sha256(text.encode()).hexdigest()[:24]
    path = _cache_dir() / f"cues-{key}.pickle"
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, dict):
            return loaded
    except Exception:  # noqa: BLE001 - a missing or stale cache is normal
        pass
    data = parse_cues(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return data
