"""The cue lists of ``cues.yaml`` (loanwords, typography, name spellings, locale markers)."""

from __future__ import annotations

import functools
from typing import Any

from transcheck.errors import ConfigError


@functools.lru_cache(maxsize=1)
def load_cues() -> dict[str, Any]:
    """The parsed ``cues.yaml`` shipped with the package (cached)."""
    from importlib import resources

    import yaml

    text = (resources.files("transcheck.detection") / "cues.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - the file is tested
        raise ConfigError(f"detection/cues.yaml: invalid YAML: {exc}") from None
    if not isinstance(data, dict):  # pragma: no cover
        raise ConfigError("detection/cues.yaml: expected a mapping")
    return data
