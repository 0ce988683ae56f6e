"""Language detection: the language of a document and of each segment, mixed-language spans
and the likely source language of a translation.

``detect_text(text)`` is the entry point (exposed as ``transcheck.detect``); backends load
their models lazily, so importing this package is cheap.
"""

from __future__ import annotations

from transcheck.detection.backends import BACKENDS, DEFAULT_BACKEND, Detector, get_detector
from transcheck.detection.core import detect_document, detect_text
from transcheck.detection.result import (
    UNKNOWN,
    DetectionResult,
    Evidence,
    LangScore,
    MixedSpan,
    SegmentLanguage,
    SourceInference,
)

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "UNKNOWN",
    "DetectionResult",
    "Detector",
    "Evidence",
    "LangScore",
    "MixedSpan",
    "SegmentLanguage",
    "SourceInference",
    "detect_document",
    "detect_text",
    "get_detector",
]
