"""Picking a translator from settings."""

from __future__ import annotations

from transcheck.errors import ConfigError
from transcheck.translate.base import TranslateSettings, Translator


def get_translator(settings: TranslateSettings, *, use_cache: bool | None = None) -> Translator:
    """The translator ``settings`` describe, wrapped in the rendering cache unless
    ``settings.use_cache`` (or the ``use_cache`` override) is false. Loads no model."""
    inner: Translator
    if settings.backend == "argos":
        from transcheck.translate.argos import ArgosTranslator

        inner = ArgosTranslator(settings)
    elif settings.backend == "apertium":
        from transcheck.translate.apertium import ApertiumTranslator

        inner = ApertiumTranslator(settings)
    else:
        raise ConfigError(f"unknown translation backend {settings.backend!r}")
    if not (settings.use_cache if use_cache is None else use_cache):
        return inner
    from transcheck.translate.cache import CachedTranslator, RenderingCache

    return CachedTranslator(inner, RenderingCache(settings.resolved_cache_path()))
