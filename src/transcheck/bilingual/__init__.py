"""Bilingual verification: the source side of a document, its renderings and the alignment.

:mod:`transcheck.bilingual.stage` builds a :class:`Bilingual` for each document that comes with
a source text or a reference rendering (a pipeline context hook); the ``accuracy.*`` checks in
:mod:`transcheck.checks.bilingual` read it. Importing this package is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transcheck.document import Span

if TYPE_CHECKING:
    from transcheck.align import Alignment, Bead

__all__ = ["BeadScore", "Bilingual", "SourceUnit"]


@dataclass(frozen=True)
class SourceUnit:
    """One sentence of the source side, as aligned.

    Attributes:
        index: position on the source side.
        rendering: its rendering in the published language (translator output or a sentence
            of the reference), or None when there is none.
        source: the source sentence, when known for this unit.
        source_span: where ``source`` is in the source text.
    """

    index: int
    rendering: str | None
    source: str | None = None
    source_span: Span | None = None


@dataclass(frozen=True)
class BeadScore:
    """sacrebleu chrF and BLEU (0..100) of one bead's published text against its rendering."""

    chrf: float
    bleu: float


@dataclass
class Bilingual:
    """What the checks know about the source side of one document.

    Attributes:
        source_text: the original, when given.
        source_lang: its language, when known.
        target_lang: the published language.
        source_sentences: sentence spans over ``source_text``.
        units: the source side of the alignment (source sentences, or reference sentences).
        rendering_origin: ``"reference"``, ``"translator"`` or ``""`` (no renderings).
        model: the model that produced the renderings, when a translator did.
        alignment: source units to published sentences, when it could be computed.
        scores: per bead (same order as ``alignment.beads``), None for 1-0 / 0-1 beads.
        published: the published sentence spans (those of the context).
        published_text: the published document text.
        roundtrip: back-translations of the published sentences, when no source was given
            and a model for the pair is installed.
        notes: what could not be done and why.
        copied: published sentences that are a source sentence left as it is (reported by
            the source-copy check; the other checks leave them alone).
    """

    source_text: str | None
    source_lang: str | None
    target_lang: str
    published: list[Span]
    published_text: str
    source_sentences: list[Span] = field(default_factory=list)
    units: list[SourceUnit] = field(default_factory=list)
    rendering_origin: str = ""
    model: str | None = None
    alignment: Alignment | None = None
    scores: list[BeadScore | None] = field(default_factory=list)
    roundtrip: list[str] | None = None
    roundtrip_pivot: list[str] | None = None
    notes: list[str] = field(default_factory=list)
    copied: set[int] = field(default_factory=set)

    # --- what Context.has() asks -------------------------------------------------------
    def has_source(self) -> bool:
        """A source text was given."""
        return self.source_text is not None

    def has_rendering(self) -> bool:
        """Every source unit has a rendering (reference or translator)."""
        return bool(self.rendering_origin) and all(u.rendering is not None for u in self.units)

    def has_alignment(self) -> bool:
        """Source units are aligned to the published sentences."""
        return self.alignment is not None

    # --- helpers for checks ----------------------------------------------------------------
    def is_copy(self, bead: Bead) -> bool:
        """True when the bead's published side is a source sentence left untranslated."""
        return any(j in self.copied for j in bead.tgt)

    def published_span(self, bead: Bead) -> Span | None:
        """The published text covered by ``bead`` (None for a 1-0 bead)."""
        if not bead.tgt:
            return None
        return Span(self.published[bead.tgt[0]].start, self.published[bead.tgt[-1]].end)

    def published_of(self, bead: Bead) -> str:
        span = self.published_span(bead)
        return "" if span is None else span.text(self.published_text)

    def rendering_of(self, bead: Bead) -> str:
        return " ".join(self.units[i].rendering or "" for i in bead.src)

    def source_of(self, bead: Bead) -> str | None:
        """The source sentences of ``bead``, or None when units carry no source."""
        parts = [self.units[i].source for i in bead.src]
        if not parts or any(p is None for p in parts):
            return None
        return " ".join(p for p in parts if p is not None)

    def insertion_point(self, bead_index: int) -> Span:
        """An empty span where the content of a 1-0 bead would go in the published text."""
        assert self.alignment is not None
        for bead in reversed(self.alignment.beads[:bead_index]):
            if bead.tgt:
                end = self.published[bead.tgt[-1]].end
                return Span(end, end)
        for bead in self.alignment.beads[bead_index:]:
            if bead.tgt:
                start = self.published[bead.tgt[0]].start
                return Span(start, start)
        return Span(0, 0)

    def alignment_rows(self) -> list[dict[str, Any]]:
        """One row per bead for the JSON and HTML reports."""
        if self.alignment is None:
            return []
        rows: list[dict[str, Any]] = []
        for k, bead in enumerate(self.alignment.beads):
            row: dict[str, Any] = {
                "bead": k,
                "kind": bead.kind,
                "source": list(bead.src),
                "published": list(bead.tgt),
            }
            span = self.published_span(bead)
            if span is not None:
                row["start"], row["end"] = span.start, span.end
                row["published_text"] = span.text(self.published_text)
            if bead.src:
                src = self.source_of(bead)
                if src is not None:
                    row["source_text"] = src
                if self.has_rendering():
                    row["rendering"] = self.rendering_of(bead)
            score = self.scores[k] if k < len(self.scores) else None
            if score is not None:
                row["chrf"] = score.chrf
                row["bleu"] = score.bleu
            rows.append(row)
        return rows
