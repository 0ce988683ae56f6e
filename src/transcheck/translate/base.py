"""The translator protocol, its settings and the default locations of packages and cache.

Everything here is cheap to import: the heavy modules (CTranslate2, sentencepiece,
argostranslate) are imported only by the backends that need them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from transcheck.paths import (  # noqa: F401 - re-exported for the translate package
    default_cache_path,
    default_packages_dir,
    user_cache_dir,
    user_data_dir,
)

BACKENDS = ("argos", "apertium")


@dataclass(frozen=True)
class ModelRef:
    """What produced a rendering: enough to key a cache entry.

    Two translators that report the same ``ModelRef`` for a pair must render the same input
    the same way, so ``version`` also covers the decoding options that change output.
    """

    backend: str
    model_id: str
    version: str


@runtime_checkable
class Translator(Protocol):
    """Turns batches of sentences into renderings, one for one, for any supported pair."""

    backend: str

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        """The model (id and version) that renders ``src`` into ``tgt``.

        Cheap: reads metadata only, never loads a model. Raises ``ModelError`` when no
        model (direct or through the pivot language) is available for the pair.
        """
        ...

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        """Render each of ``sentences`` from ``src`` into ``tgt`` (same length, same order)."""
        ...


@dataclass
class TranslateSettings:
    """How reference renderings are produced (``[tool.transcheck.translate]``).

    ``packages_dir`` and ``cache_path`` default (``None``) to locations under the user data
    and cache dirs, resolved when used so that changes to ``XDG_*`` are honoured.
    """

    backend: str = "argos"
    packages_dir: Path | None = None
    cache_path: Path | None = None
    use_cache: bool = True
    beam_size: int = 4
    inter_threads: int = 1
    intra_threads: int = 0  # 0 = let CTranslate2 pick
    compute_type: str = "default"
    max_batch_size: int = 64
    pivot: str | None = "en"
    device: str = "cpu"

    def __post_init__(self) -> None:
        from transcheck.errors import ConfigError

        if self.backend not in BACKENDS:
            raise ConfigError(
                f"unknown translation backend {self.backend!r} (expected one of: "
                + ", ".join(BACKENDS)
                + ")"
            )
        for name in ("beam_size", "inter_threads", "max_batch_size"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"translate.{name} must be at least 1")
        if self.intra_threads < 0:
            raise ConfigError("translate.intra_threads must be 0 (automatic) or more")
        if self.packages_dir is not None:
            self.packages_dir = Path(self.packages_dir).expanduser()
        if self.cache_path is not None:
            self.cache_path = Path(self.cache_path).expanduser()
        if self.pivot == "":
            self.pivot = None

    def resolved_packages_dir(self) -> Path:
        """``packages_dir`` or the default under the user data dir."""
        return self.packages_dir if self.packages_dir is not None else default_packages_dir()

    def resolved_cache_path(self) -> Path:
        """``cache_path`` or the default under the user cache dir."""
        return self.cache_path if self.cache_path is not None else default_cache_path()


_INT_KEYS = ("beam_size", "inter_threads", "intra_threads", "max_batch_size")
_STR_KEYS = ("backend", "compute_type", "device")
_PATH_KEYS = ("packages_dir", "cache_path")


def settings_from_mapping(
    values: Mapping[str, Any],
    where: str = "translate settings",
    base: TranslateSettings | None = None,
) -> TranslateSettings:
    """``TranslateSettings`` from a config table (kebab- or snake-case keys), over ``base``.

    ``None`` values are ignored, so command-line options that were not given can be passed
    straight through. Unknown keys and wrong types are a ``ConfigError``.
    """
    from transcheck.errors import ConfigError

    current = dataclasses.asdict(base or TranslateSettings())
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if value is None:
            continue
        if key not in current:
            known = ", ".join(sorted(k.replace("_", "-") for k in current))
            raise ConfigError(f"{where}: unknown key '{raw_key}' (known keys: {known})")
        if key in _INT_KEYS and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{where}: {raw_key} must be an integer")
        if key in _STR_KEYS and not isinstance(value, str):
            raise ConfigError(f"{where}: {raw_key} must be a string")
        if key == "use_cache" and not isinstance(value, bool):
            raise ConfigError(f"{where}: {raw_key} must be true or false")
        if key == "pivot" and not isinstance(value, str):
            raise ConfigError(f'{where}: {raw_key} must be a language code or ""')
        if key in _PATH_KEYS:
            if not isinstance(value, str | os.PathLike):
                raise ConfigError(f"{where}: {raw_key} must be a path")
            value = Path(value)
        current[key] = value
    return TranslateSettings(**current)
