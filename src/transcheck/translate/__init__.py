"""Reference renderings: the translator protocol, backends, package management and cache.

Importing this package is cheap; backends load CTranslate2, sentencepiece or argostranslate
only when they translate.
"""

from transcheck.translate.base import ModelRef, TranslateSettings, Translator
from transcheck.translate.registry import get_translator

__all__ = ["ModelRef", "TranslateSettings", "Translator", "get_translator"]
