"""Plain data returned by language detection (JSON-ready through :meth:`to_dict`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNKNOWN = "unknown"


@dataclass(frozen=True)
class LangScore:
    """A language and its probability."""

    lang: str
    prob: float


@dataclass(frozen=True)
class SegmentLanguage:
    """The language of one paragraph or sentence (``kind``), ``[start, end)`` in the text."""

    kind: str
    start: int
    end: int
    lang: str
    confidence: float
    alternatives: tuple[LangScore, ...] = ()


@dataclass(frozen=True)
class MixedSpan:
    """A span of the text in another language than its surroundings.

    ``method`` says how it was found: ``script`` (a run in another writing system),
    ``words`` (word-level language labelling) or ``sentence`` (a whole sentence).
    """

    start: int
    end: int
    lang: str
    confidence: float
    text: str
    words: int
    method: str


@dataclass(frozen=True)
class Evidence:
    """One clue about the source language of a translation.

    ``kind`` is one of ``calque``, ``false-friend``, ``typography``, ``transliteration``,
    ``untranslated``, ``orthography``, ``convention`` (the source press's house style),
    ``locale`` (topic: a tie-breaker only) or ``rule`` (another rule pack's hit);
    ``cue`` names the rule or cue; ``langs`` are the source languages it points to; ``weight``
    is its total contribution (already multiplied by ``count``).
    """

    kind: str
    cue: str
    langs: tuple[str, ...]
    count: int
    weight: float
    example: str = ""
    start: int | None = None


@dataclass(frozen=True)
class SourceInference:
    """Ranked source-language distribution with its evidence; ``lang`` is ``unknown`` when
    the evidence is too weak to name one."""

    lang: str = UNKNOWN
    confidence: float = 0.0
    ranked: tuple[LangScore, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    total_weight: float = 0.0


@dataclass
class DetectionResult:
    """Everything ``transcheck detect`` knows about one text.

    Attributes:
        lang: the document's language (ISO 639-1) or ``unknown``.
        confidence: 0..1 for ``lang``.
        scores: the document-level distribution, best first.
        paragraphs, sentences: the language of each segment, in text order.
        spans: mixed-language spans inside sentences (and foreign sentences).
        source: the likely source language of a translation, with evidence.
        backend: the detector that produced the scores.
        notes: remarks for the report (e.g. "text too short").
    """

    lang: str = UNKNOWN
    confidence: float = 0.0
    scores: list[LangScore] = field(default_factory=list)
    paragraphs: list[SegmentLanguage] = field(default_factory=list)
    sentences: list[SegmentLanguage] = field(default_factory=list)
    spans: list[MixedSpan] = field(default_factory=list)
    source: SourceInference = field(default_factory=SourceInference)
    backend: str = ""
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (tuples become lists)."""
        return asdict(self)
