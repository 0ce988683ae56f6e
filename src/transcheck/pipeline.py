"""The flow of DESIGN.md for one document: segment -> detect -> (translate -> align) -> check.

:class:`Checker` is built once per run (rule packs loaded, selection validated, checks
instantiated) and then checks any number of documents; the batch audit reuses it per worker.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from transcheck.baseline import BaselineFilter, fingerprint, read_baseline
from transcheck.checks.base import Check, Context, Need
from transcheck.checks.registry import all_checks
from transcheck.config import Settings
from transcheck.document import Document
from transcheck.errors import ConfigError
from transcheck.findings import Finding
from transcheck.results import DocumentResult
from transcheck.rulepacks import RuleBook, load_rulebook
from transcheck.segment import segment
from transcheck.selection import Selection
from transcheck.suppression import suppress

log = logging.getLogger(__name__)

DEFAULT_TARGET = "en"

# Hooks filled by optional stages (detection, bilingual) so this module stays light:
# each takes the context under construction and may set fields on it.
ContextHook = Callable[[Context, "Checker"], None]


class Checker:
    """Checks documents with one set of settings."""

    def __init__(self, settings: Settings | None = None, *, rules: RuleBook | None = None) -> None:
        self.settings = settings or Settings()
        book = rules if rules is not None else load_rulebook(self.settings.rule_packs)
        registry = all_checks()
        self.selection = Selection(
            select=self.settings.select,
            ignore=self.settings.ignore,
            severity=tuple(self.settings.severity.items()),
            min_confidence=self.settings.min_confidence,
        )
        self.selection.validate(book, registry)
        for name in self.settings.checks:
            if name not in registry:
                raise ConfigError(
                    f"checks: no check named {name!r} (checks: {', '.join(registry)})"
                )
        unknown = sorted({r.check for r in book if r.check and r.check not in registry})
        if unknown:
            rule = next(r for r in book if r.check == unknown[0])
            raise ConfigError(f"{rule.origin}: rule {rule.id!r} names no check {unknown[0]!r}")
        for glob, codes in self.settings.per_file_ignores.items():
            try:
                Selection(select=(), ignore=codes).validate(book, registry)
            except ConfigError as exc:
                raise ConfigError(
                    str(exc).replace("ignore:", f"per-file-ignores {glob!r}:", 1)
                ) from None
        self.all_rules = book
        self.rules = book.filtered(
            r.id for r in book if self.selection.wants(r.type, r.id, r.check)
        )
        self.checks: list[Check] = [
            cls()
            for name, cls in registry.items()
            if self.selection.wants_any(cls.types, name) and self._enabled(name)
        ]
        self._baseline = (
            BaselineFilter(read_baseline(self.settings.baseline))
            if self.settings.baseline
            else None
        )
        self.translator: Any | None = None  # set by callers that verify against a source
        # Fingerprint paths are relative to the baseline file's folder (see baseline.py).
        self.fingerprint_base: str | None = (
            os.path.dirname(os.path.abspath(self.settings.baseline))
            if self.settings.baseline
            else None
        )
        self._needs: set[Need] | None = None

    def _rank_rule(self, ctx: Context) -> Callable[[Finding], int]:
        """Tie-break for equal findings from several packs: the likelier source language first."""
        order = list(ctx.source_langs)
        source = getattr(ctx.detection, "source", None)
        order += [s.lang for s in getattr(source, "ranked", ())]

        def rank(f: Finding) -> int:
            rule = self.all_rules.get(f.rule)
            langs = rule.source_langs if rule is not None else ()
            return min((order.index(lang) for lang in langs if lang in order), default=len(order))

        return rank

    def _enabled(self, name: str) -> bool:
        options = self.settings.checks.get(name, {})
        return bool(options.get("enabled", True)) if isinstance(options, dict) else True

    def needs(self) -> set[Need]:
        """Everything the active checks need."""
        if self._needs is None:
            self._needs = {need for check in self.checks for need in check.needs}
        return self._needs

    def context(self, document: Document) -> Context:
        """Segment the document and gather what the checks need."""
        lang = document.lang or self.settings.lang
        seg = segment(document.text, lang=lang)
        declared = document.source_lang or self.settings.source_lang
        ctx = Context(
            document=document,
            sentences=seg.sentences,
            paragraphs=seg.paragraphs,
            rules=self.rules,
            target_lang=lang or DEFAULT_TARGET,
            source_langs=(declared,) if declared else (),
            source_lang_declared=declared is not None,
            options={k: v for k, v in self.settings.checks.items() if isinstance(v, dict)},
            all_rules=self.all_rules,
        )
        _run_hooks(ctx, self)
        return ctx

    def check(self, document: Document) -> DocumentResult:
        """All findings for ``document``; a crashing check is recorded, the others still run."""
        started = time.perf_counter()
        result = DocumentResult(document=document)
        if not document.text.strip():
            result.notes.append("no text")
            return result
        ctx = self.context(document)
        findings: list[Finding] = []
        for check in self.checks:
            missing = check.missing(ctx)
            if missing:
                if check.needs - {Need.TEXT, Need.LANGUAGES}:
                    continue  # bilingual checks: silently off without a source
                result.notes.append(
                    f"check '{check.name}' skipped: needs {', '.join(m.value for m in missing)}"
                )
                continue
            try:
                produced = list(check.run(ctx))
            except Exception as exc:  # a bug in one check must not lose the others' work
                log.debug("check %s crashed", check.name, exc_info=True)
                result.error = f"check '{check.name}' failed: {type(exc).__name__}: {exc}"
                continue
            findings.extend(self.selection.apply(produced, check.name))
        findings = _subsume(_dedupe(findings, self._rank_rule(ctx)))
        findings, result.ignored = suppress(
            document, findings, ctx.paragraphs, self.settings.per_file_ignores
        )
        findings.sort(key=Finding.sort_key)
        prints = [fingerprint(document, f, self.fingerprint_base) for f in findings]
        if self._baseline is not None:
            known = self._baseline.for_document()
            pairs = zip(findings, prints, strict=True)
            kept = [(f, p) for f, p in pairs if not known.is_known(p)]
            result.suppressed = len(findings) - len(kept)
            findings = [f for f, _ in kept]
            prints = [p for _, p in kept]
        result.findings = findings
        result.fingerprints = prints
        bilingual = ctx.bilingual
        if bilingual is not None and hasattr(bilingual, "alignment_rows"):
            result.alignment = bilingual.alignment_rows()
        result.notes.extend(getattr(ctx.detection, "notes", []) or [])
        result.notes.extend(getattr(bilingual, "notes", []) or [])
        result.timing_ms = round((time.perf_counter() - started) * 1000, 3)
        return result


# A finding of the key type explains findings of these types on the same text: a sentence
# left in French is not also an addition, an omission and a mistranslation.
SUBSUMES: dict[str, frozenset[str]] = {
    "language.untranslated": frozenset(
        {"accuracy.mistranslation", "accuracy.addition", "accuracy.omission"}
    ),
}


def _subsume(findings: list[Finding]) -> list[Finding]:
    covering = [(f.span, SUBSUMES[f.type]) for f in findings if f.type in SUBSUMES]
    if not covering:
        return findings
    return [
        f
        for f in findings
        if not any(f.type in types and span.overlaps(f.span) for span, types in covering)
    ]


def _dedupe(findings: list[Finding], rank: Callable[[Finding], int] = lambda f: 0) -> list[Finding]:
    """One finding per (type, span): keep the most confident, name the others in evidence.

    With the source language unknown every pack applies, so a symptom shared by several
    languages ("Korea of the North") would otherwise be reported once per pack.
    """
    best: dict[tuple[str, int, int], Finding] = {}
    also: dict[tuple[str, int, int], list[str]] = {}
    for f in findings:
        key = (f.type, f.span.start, f.span.end)
        kept = best.get(key)
        if kept is None:
            best[key] = f
            continue
        better = (f.confidence, -rank(f)) > (kept.confidence, -rank(kept))
        winner, loser = (f, kept) if better else (kept, f)
        best[key] = winner
        also.setdefault(key, []).append(loser.rule)
    out: list[Finding] = []
    for key, f in best.items():
        others = [r for r in also.get(key, []) if r != f.rule]
        if others:
            f = replace(f, evidence={**f.evidence, "also_matched": sorted(set(others))})
        out.append(f)
    return out


def _needs_languages(ctx: Context, checker: Checker) -> bool:
    return Need.LANGUAGES in checker.needs()


def _may_be_bilingual(ctx: Context, checker: Checker) -> bool:
    """A source or reference is there, or a round trip could run (a model is installed)."""
    doc = ctx.document
    if doc.source_text is not None or doc.reference_text is not None:
        return True
    if not ctx.source_langs or not any(c.name == "roundtrip" for c in checker.checks):
        return False
    if checker.translator is not None:
        return True
    return _models_installed(checker.settings, ctx.source_langs[0])


def _models_installed(settings: Settings, lang: str) -> bool:
    """Packages into and out of ``lang`` are installed (read from their metadata only)."""
    import json
    import os
    from pathlib import Path

    table = settings.translate
    configured = table.get("packages-dir") or table.get("packages_dir")
    if configured:
        folder = Path(str(configured)).expanduser()
    else:
        from transcheck.paths import default_packages_dir

        folder = default_packages_dir()
    into = out_of = False
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    meta = json.loads(Path(entry.path, "metadata.json").read_text("utf-8"))
                except (OSError, ValueError):
                    continue
                into = into or meta.get("to_code") == lang
                out_of = out_of or meta.get("from_code") == lang
    except OSError:
        return False
    return into and out_of


# Optional stages: (module with prepare(ctx, checker), when to import and run it). Imported on
# first use only, so a plain text check never loads the bilingual machinery.
HOOKS: tuple[tuple[str, Callable[[Context, Checker], bool]], ...] = (
    ("transcheck.detection.stage", _needs_languages),
    ("transcheck.bilingual.stage", _may_be_bilingual),
)
_LOADED_HOOKS: dict[str, ContextHook | None] = {}


def _hook(module_name: str) -> ContextHook | None:
    if module_name not in _LOADED_HOOKS:
        import importlib

        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module_name.startswith(exc.name):
                raise
            _LOADED_HOOKS[module_name] = None
        else:
            _LOADED_HOOKS[module_name] = module.prepare
    return _LOADED_HOOKS[module_name]


def _run_hooks(ctx: Context, checker: Checker) -> None:
    for module_name, wanted in HOOKS:
        if wanted(ctx, checker):
            hook = _hook(module_name)
            if hook is not None:
                hook(ctx, checker)
