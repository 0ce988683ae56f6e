"""Findings: what a check reports, and the type taxonomy they use."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from transcheck.document import Span


class Severity(str, enum.Enum):
    """How serious a finding is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class ArtifactType:
    """One row of the taxonomy in DESIGN.md."""

    name: str
    description: str
    needs: str  # "text" or "source"
    mqm: str


TYPES: dict[str, ArtifactType] = {
    t.name: t
    for t in (
        ArtifactType(
            "boundary.split-word",
            "a word or compound broken across a sentence boundary",
            "text",
            "Fluency/Text-Breaking",
        ),
        ArtifactType(
            "agreement.pronoun-gender",
            "pronoun gender contradicts the referent established in the text",
            "text",
            "Accuracy/Gender Mismatch",
        ),
        ArtifactType(
            "style.calque",
            "literal rendering of a source-language expression or name",
            "text",
            "Style/Unidiomatic",
        ),
        ArtifactType(
            "style.false-friend",
            "a word used in the sense of a similar source-language word",
            "text",
            "Accuracy/Mistranslation",
        ),
        ArtifactType(
            "language.untranslated",
            "a span left in the source (or any other) language",
            "text",
            "Accuracy/Source language fragment",
        ),
        ArtifactType("residue.scrape", "scraper or CMS leftovers in the body", "text", "Other"),
        ArtifactType(
            "residue.caption", "photo credits and captions inside the body", "text", "Other"
        ),
        ArtifactType(
            "typography.source-convention",
            "source-language typography left in the target",
            "text",
            "Locale convention",
        ),
        ArtifactType("fluency.repetition", "doubled words or phrases", "text", "Fluency/Grammar"),
        ArtifactType(
            "markup.unbalanced", "unbalanced quotes or brackets", "text", "Fluency/Punctuation"
        ),
        ArtifactType(
            "accuracy.number",
            "a number differs from the source",
            "source",
            "Accuracy/Mistranslation",
        ),
        ArtifactType("accuracy.omission", "source content missing", "source", "Accuracy/Omission"),
        ArtifactType(
            "accuracy.addition", "content absent from the source", "source", "Accuracy/Addition"
        ),
        ArtifactType(
            "accuracy.entity",
            "a named entity differs from the source",
            "source",
            "Accuracy/Mistranslation",
        ),
        ArtifactType(
            "accuracy.mistranslation",
            "meaning diverges from the reference rendering",
            "source",
            "Accuracy/Mistranslation",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    """One artifact found in a document.

    Attributes:
        type: a name from :data:`TYPES`, e.g. ``boundary.split-word``.
        rule: the specific rule that fired, e.g. ``calque/fr-en/korea-of-the-north``.
        severity: error, warning or info (after any user override).
        span: the flagged characters of the document text.
        message: one line for a person.
        suggestion: a replacement or an action, when there is one.
        evidence: what the decision rests on (scores, the matched rule, the antecedent...).
        confidence: 0..1, how sure the check is.
    """

    type: str
    rule: str
    severity: Severity
    span: Span
    message: str
    suggestion: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown finding type {self.type!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.rule)
