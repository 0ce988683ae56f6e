"""The check protocol and the context every check reads.

Checks never talk to each other: shared work (segmentation, language detection, renderings,
alignment) is computed once by the pipeline and carried in :class:`Context`.
"""

from __future__ import annotations

import abc
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from transcheck.document import Document, Span
from transcheck.findings import Finding, Severity

if TYPE_CHECKING:
    from transcheck.rulepacks import Rule, RuleBook


class Need(str, enum.Enum):
    """What a check needs besides the published text."""

    TEXT = "text"
    SOURCE = "source"  # the original text (``--source`` or a ``source_text`` field)
    RENDERING = "rendering"  # reference renderings of the source (translator or --reference)
    ALIGNMENT = "alignment"  # source sentences aligned to published sentences
    LANGUAGES = "languages"  # per-sentence language detection


@dataclass
class Context:
    """Everything the pipeline knows about one document when checks run.

    Attributes:
        document: the document being checked.
        sentences: sentence spans over ``document.text``, in order.
        paragraphs: paragraph spans over ``document.text``, in order.
        rules: the active rule packs (after selection).
        target_lang: language of the published text (declared, detected, or ``"en"``).
        source_langs: likely source languages, most likely first; empty when unknown, in
            which case every pack applies at lower confidence.
        source_lang_declared: True when ``source_langs[0]`` was given by the user.
        detection: result of the detect stage, when it ran.
        bilingual: source sentences, renderings and alignment, when a source is available.
        options: check options from config (``[tool.transcheck.checks.<name>]``).
        all_rules: every loaded rule, selected or not (for checks that build on other rules'
            knowledge, such as captions next to credit lines).
    """

    document: Document
    sentences: list[Span]
    paragraphs: list[Span]
    rules: RuleBook
    target_lang: str = "en"
    source_langs: tuple[str, ...] = ()
    source_lang_declared: bool = False
    detection: Any | None = None
    bilingual: Any | None = None
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    all_rules: RuleBook | None = None
    _matches: dict[str, list[re.Match[str]]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def lowered_text(self) -> str:
        """``text.lower()``, for literal prefilters (not for offsets: lengths may differ)."""
        return self.document.text.lower()

    def rule_matches(self, rule: Rule) -> list[re.Match[str]]:
        """Matches of a text- or sentence-scoped rule's regex over the whole text, computed
        once per document (the pattern check and source-language inference share them)."""
        found = self._matches.get(rule.id)
        if found is None:
            regex = rule.regex
            found = list(regex.finditer(self.document.text)) if regex is not None else []
            self._matches[rule.id] = found
        return found

    def has(self, need: Need) -> bool:
        """True when the context can satisfy ``need``."""
        if need is Need.TEXT:
            return True
        if need is Need.LANGUAGES:
            return self.detection is not None
        if self.bilingual is None:
            return False
        return bool(getattr(self.bilingual, "has_" + need.value, lambda: True)())

    def source_confidence(self, rule: Rule) -> float:
        """Scale a rule's confidence by how sure we are the rule's source language applies."""
        if not rule.source_langs:
            return rule.confidence
        if self.source_langs and self.source_langs[0] in rule.source_langs:
            return rule.confidence
        if any(lang in rule.source_langs for lang in self.source_langs):
            return rule.confidence * 0.8
        if not self.source_langs:
            return rule.confidence * 0.7  # source unknown: every pack applies, less surely
        return 0.0  # a known source language that the rule does not apply to

    def finding(
        self,
        rule: Rule,
        span: Span,
        message: str | None = None,
        *,
        suggestion: str | None = None,
        evidence: dict[str, Any] | None = None,
        confidence: float | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding for ``rule`` with the rule's defaults filled in."""
        ev: dict[str, Any] = {"rule": rule.id, "pack": rule.pack}
        if evidence:
            ev.update(evidence)
        return Finding(
            type=rule.type,
            rule=rule.id,
            severity=severity or rule.severity,
            span=span,
            message=message or rule.message,
            suggestion=suggestion if suggestion is not None else rule.suggestion,
            evidence=ev,
            confidence=round(
                min(1.0, max(0.0, confidence if confidence is not None else rule.confidence)), 3
            ),
        )


class Check(abc.ABC):
    """A named, individually toggleable check.

    Subclasses set ``name`` (stable, e.g. ``split-word``), the finding ``types`` they can emit,
    and ``needs``. The pipeline skips a check, with a note, when a need is missing, and skips
    it silently when the user's selection excludes every type and rule it could report.
    """

    name: ClassVar[str]
    types: ClassVar[tuple[str, ...]]
    needs: ClassVar[frozenset[Need]] = frozenset({Need.TEXT})
    description: ClassVar[str] = ""

    @abc.abstractmethod
    def run(self, ctx: Context) -> Iterable[Finding]:
        """Yield findings for ``ctx.document``."""

    def missing(self, ctx: Context) -> list[Need]:
        return [need for need in sorted(self.needs, key=lambda n: n.value) if not ctx.has(need)]
