"""Bilingual checks: the published text against its source (or a reference rendering).

They read ``ctx.bilingual`` (built by :mod:`transcheck.bilingual.stage`): source units with
their renderings and the sentence alignment. Rules and thresholds are in
``rules/accuracy.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from transcheck.checks.base import Check, Context, Need
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.errors import TranscheckError
from transcheck.findings import Finding, Severity
from transcheck.rulepacks import Rule

if TYPE_CHECKING:
    from transcheck.bilingual import Bilingual


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


PACK = "accuracy"

# English function words: not content, never evidence of an omission or addition by themselves.
_STOP = _wordset(
    """a an the of to in on at by for with from into onto over under about as and or but nor
    so yet if then than that this these those there here it its it's he she they we you i me
    him her them us my your his their our is are was were be been being am has have had do
    does did will would shall should can could may might must not no also which who whom
    whose what when where while why how all any both each few more most other some such only
    own same too very just one s t said says say says up out off again further once per via
    after before during since until upon within without between among against toward towards
    because although though however therefore thus"""
)
_WORDS = re.compile(r"[^\W_][\w'’-]*")
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:()\[\]—–]|\s-\s|\bwhich\b|\bwho\b|\bwhile\b|\bwhereas\b|"
    r"\bbecause\b|\balthough\b|\bbut\b)\s*"
)
# Scripts that an English (or other Latin-script) text does not use.
_FOREIGN_SCRIPT = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+"
    r"(?:[\s\u3000]*[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f"
    r"\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+)*"
)
_LATIN_TARGETS = _wordset("en fr de es it pt nl sv da no nb nn fi pl cs sk sl hr ro hu tr")


def _fmt(rule: Rule, **values: Any) -> str:
    try:
        return rule.message.format(**values)
    except (KeyError, IndexError, ValueError):
        return rule.message


def _bi(ctx: Context) -> Bilingual:
    bi = ctx.bilingual
    from transcheck.bilingual import Bilingual

    assert isinstance(bi, Bilingual)
    return bi


def _rules(ctx: Context, check: str) -> dict[str, Rule]:
    return {r.id: r for r in ctx.rules.for_check(check)}


def _data(ctx: Context) -> dict[str, Any]:
    book = ctx.all_rules or ctx.rules
    return book.pack_data(PACK) or ctx.rules.pack_data(PACK)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    from transcheck.bilingual.numbers import fold

    w = fold(word).strip("'’-")
    for suffix in ("'s", "’s", "ing", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)][:6]
    return w[:6]


def content_words(text: str) -> list[re.Match[str]]:
    """Content words of an English text (function words and one-letter words dropped)."""
    return [
        m
        for m in _WORDS.finditer(text)
        if m.group(0).lower() not in _STOP and (len(m.group(0)) > 2 or m.group(0).isdigit())
    ]


def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem(m.group(0)) for m in _WORDS.finditer(text))


def _coverage(words: list[str], stems: frozenset[str]) -> float:
    if not words:
        return 1.0
    return sum(1 for w in words if _stem(w) in stems) / len(words)


def _clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of ``text`` (split at commas, brackets, conjunctions)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


@register
class OmissionCheck(Check):
    """Source content with no counterpart: whole sentences, clauses, dropped words."""

    name = "omission"
    types = ("accuracy.omission",)
    needs = frozenset({Need.RENDERING, Need.ALIGNMENT})
    description = "source content without a counterpart in the published text"

    def run(self, ctx: Context) -> Iterable[Finding]:
        bi = _bi(ctx)
        assert bi.alignment is not None
        rules = _rules(ctx, self.name)
        data = _data(ctx)
        max_cov = float(data.get("clause_max_coverage", 0.2))
        min_words = int(data.get("min_clause_words", 3))
        sentence = rules.get("accuracy/omission/sentence")
        clause = rules.get("accuracy/omission/clause")
        gap = rules.get("accuracy/omission/gap")
        doc_stems = _stems(ctx.text)
        for k, bead in enumerate(bi.alignment.beads):
            if bi.is_copy(bead):
                continue
            rendering = bi.rendering_of(bead)
            if not bead.tgt:
                if sentence is None or len(content_words(rendering)) < 2:
                    continue
                # Content that turns up elsewhere in the text was moved, not dropped.
                words = [m.group(0) for m in content_words(rendering)]
                if _coverage(words, doc_stems) > 0.7:
                    continue
                yield ctx.finding(
                    sentence,
                    bi.insertion_point(k),
                    _fmt(sentence, rendering=rendering),
                    evidence={"rendering": rendering, "source": bi.source_of(bead), "bead": k},
                )
                continue
            if not bead.src:
                continue
            span = bi.published_span(bead)
            assert span is not None
            published = span.text(ctx.text)
            if clause is not None:
                yield from self._clauses(
                    ctx, bi, clause, k, rendering, published, span, max_cov, min_words
                )
            if gap is not None:
                yield from self._gaps(ctx, gap, data, rendering, published, span)

    @staticmethod
    def _clauses(
        ctx: Context,
        bi: Bilingual,
        rule: Rule,
        k: int,
        rendering: str,
        published: str,
        span: Span,
        max_cov: float,
        min_words: int,
    ) -> Iterator[Finding]:
        stems = _stems(published)
        for s, e in _clauses(rendering):
            part = rendering[s:e]
            words = [m.group(0) for m in content_words(part)]
            if len(words) < min_words:
                continue
            cov = _coverage(words, stems)
            if cov <= max_cov:
                score = bi.scores[k] if k < len(bi.scores) else None
                yield ctx.finding(
                    rule,
                    span,
                    _fmt(rule, missing=part.strip()),
                    evidence={
                        "missing": part.strip(),
                        "rendering": rendering,
                        "coverage": round(cov, 2),
                        "bead": k,
                        **({"chrf": score.chrf, "bleu": score.bleu} if score else {}),
                    },
                    confidence=rule.confidence * min(1.0, 0.6 + 0.1 * len(words)),
                )

    @staticmethod
    def _gaps(
        ctx: Context,
        rule: Rule,
        data: dict[str, Any],
        rendering: str,
        published: str,
        span: Span,
    ) -> Iterator[Finding]:
        for pattern in data.get("gap_patterns", []) or []:
            regex = _regex(pattern)
            for m in regex.finditer(published):
                if regex.search(rendering):
                    continue  # the rendering has the same sequence: it is the language
                yield ctx.finding(
                    rule,
                    Span(span.start + m.start(), span.start + m.end()),
                    _fmt(rule, match=m.group(0).strip()),
                    evidence={"pattern": pattern, "rendering": rendering},
                )


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if not pattern.startswith("^(?:Was") else 0)


@register
class AdditionCheck(Check):
    """Published content with no counterpart in the source."""

    name = "addition"
    types = ("accuracy.addition",)
    needs = frozenset({Need.RENDERING, Need.ALIGNMENT})
    description = "published content absent from the source"

    def run(self, ctx: Context) -> Iterable[Finding]:
        bi = _bi(ctx)
        assert bi.alignment is not None
        rules = _rules(ctx, self.name)
        data = _data(ctx)
        max_cov = float(data.get("clause_max_coverage", 0.2))
        min_words = int(data.get("min_clause_words", 3))
        modifiers = {w.lower() for w in data.get("modifiers", []) or []}
        sentence = rules.get("accuracy/addition/sentence")
        clause = rules.get("accuracy/addition/clause")
        modifier = rules.get("accuracy/addition/modifier")
        all_rendering = _stems(" ".join(u.rendering or "" for u in bi.units))
        for k, bead in enumerate(bi.alignment.beads):
            span = bi.published_span(bead)
            if span is None or bi.is_copy(bead):
                continue
            published = span.text(ctx.text)
            if not bead.src:
                words = [m.group(0) for m in content_words(published)]
                if sentence is None or len(words) < 2 or _coverage(words, all_rendering) > 0.7:
                    continue
                yield ctx.finding(sentence, span, evidence={"bead": k})
                continue
            rendering = bi.rendering_of(bead)
            stems = _stems(rendering)
            if clause is not None:
                for s, e in _clauses(published):
                    words = [m.group(0) for m in content_words(published[s:e])]
                    if len(words) < min_words or _coverage(words, stems) > max_cov:
                        continue
                    part = published[s:e]
                    lead = len(part) - len(part.lstrip())
                    body = part.rstrip().rstrip(".!?\"'”’»")
                    cut = Span(span.start + s + lead, span.start + s + len(body))
                    yield ctx.finding(
                        clause,
                        cut,
                        _fmt(clause, added=part.strip()),
                        evidence={"rendering": rendering, "bead": k},
                    )
            if modifier is not None and modifiers:
                rendering_words = {w.group(0).lower() for w in _WORDS.finditer(rendering)}
                for m in _WORDS.finditer(published):
                    word = m.group(0).lower()
                    if word in modifiers and word not in rendering_words:
                        yield ctx.finding(
                            modifier,
                            Span(span.start + m.start(), span.start + m.end()),
                            _fmt(modifier, word=m.group(0)),
                            evidence={"rendering": rendering, "bead": k},
                        )


@register
class NumberCheck(Check):
    """Numbers, dates and percentages that differ from the source (locale-aware)."""

    name = "numbers"
    types = ("accuracy.number",)
    needs = frozenset({Need.ALIGNMENT})
    description = "a number differs from the source"

    def run(self, ctx: Context) -> Iterable[Finding]:
        from transcheck.bilingual.numbers import NumberMention, extract_numbers, match_numbers

        bi = _bi(ctx)
        assert bi.alignment is not None
        rules = _rules(ctx, self.name)
        mismatch = rules.get("accuracy/number/mismatch")
        missing = rules.get("accuracy/number/missing")
        tgt = bi.target_lang
        per_bead = bi.source_text is None or all(u.source is not None for u in bi.units)
        # Published numbers and source-side numbers, each with its bead.
        pub: list[tuple[int, NumberMention, Span]] = []
        src: list[tuple[int, NumberMention]] = []
        explain: list[tuple[int, NumberMention]] = []
        for k, bead in enumerate(bi.alignment.beads):
            span = bi.published_span(bead)
            if span is not None:
                pub.extend(
                    (k, m, Span(span.start + m.start, span.start + m.end))
                    for m in extract_numbers(span.text(ctx.text), tgt)
                )
            if bi.source_text is None:
                src.extend((k, m) for m in extract_numbers(bi.rendering_of(bead), tgt))
            elif per_bead:
                src.extend(
                    (k, m) for m in extract_numbers(bi.source_of(bead) or "", bi.source_lang)
                )
            if bi.source_text is not None and bi.has_rendering():
                # The rendering may explain a published form the source writes otherwise.
                explain.extend((k, m) for m in extract_numbers(bi.rendering_of(bead), tgt))
        if not per_bead:
            # Reference sentences not paired with source sentences: the source as a whole.
            assert bi.source_text is not None
            src = [(-1, m) for m in extract_numbers(bi.source_text, bi.source_lang)]
        un_src, un_pub = _match_in_beads(src, pub)
        # Leftovers are matched again with neighbouring beads (a bead may be off by one).
        un_src, un_pub = _match_nearby(un_src, un_pub)
        if explain and un_pub:
            _p, _l, still = match_numbers([m for _k, m in explain], [m for _k, m, _s in un_pub])
            un_pub = [un_pub[j] for j in still]
        hinted: set[int] = set()  # source numbers already named by a mismatch finding
        if mismatch is not None:
            for k, m, where in un_pub:
                if not m.flaggable:
                    continue
                expected = [s for kk, s in un_src if kk in (k, -1) and s.flaggable]
                hint = f" (the source has {expected[0].text!r})" if expected else ""
                if expected:
                    hinted.add(id(expected[0]))
                yield ctx.finding(
                    mismatch,
                    where,
                    _fmt(mismatch, published=m.text, expected=hint),
                    evidence={
                        "published": m.text,
                        "values": sorted(m.values),
                        "source_numbers": [s.text for s in expected],
                        "bead": k,
                    },
                    confidence=mismatch.confidence * (1.0 if m.kind == "digits" else 0.8),
                )
        if missing is None:
            return
        for k, s in un_src:
            if not s.flaggable or id(s) in hinted:
                continue
            if bi.source_text is not None and (s.kind == "word" or s.values <= {0.0, 1.0}):
                # Spelled-out numbers and ones in a source are often idiom or articles
                # ("trois fois rien", "l'un"): reported only as a changed published number.
                continue
            where = self._where(bi, k)
            yield ctx.finding(
                missing,
                where,
                _fmt(missing, source=s.text),
                evidence={"source": s.text, "values": sorted(s.values), "bead": k},
                confidence=missing.confidence * (1.0 if s.kind == "digits" else 0.8),
            )

    @staticmethod
    def _where(bi: Bilingual, k: int) -> Span:
        assert bi.alignment is not None
        if k < 0:
            return bi.published[0] if bi.published else Span(0, 0)
        span = bi.published_span(bi.alignment.beads[k])
        return span if span is not None else bi.insertion_point(k)


def _match_nearby(
    src: list[tuple[int, Any]], pub: list[tuple[int, Any, Span]], reach: int = 2
) -> tuple[list[tuple[int, Any]], list[tuple[int, Any, Span]]]:
    from transcheck.bilingual.numbers import same_number

    used: set[int] = set()
    left_src: list[tuple[int, Any]] = []
    for k, m in src:
        hit = next(
            (
                j
                for j, (kk, p, _s) in enumerate(pub)
                if j not in used and (k == -1 or abs(kk - k) <= reach) and same_number(m, p)
            ),
            None,
        )
        if hit is None:
            left_src.append((k, m))
        else:
            used.add(hit)
    return left_src, [x for j, x in enumerate(pub) if j not in used]


def _match_in_beads(
    src: list[tuple[int, Any]], pub: list[tuple[int, Any, Span]]
) -> tuple[list[tuple[int, Any]], list[tuple[int, Any, Span]]]:
    """Match numbers bead by bead (bead -1 on the source side matches any bead)."""
    from transcheck.bilingual.numbers import match_numbers

    beads = sorted({k for k, _m in src} | {k for k, _m, _s in pub})
    if any(k == -1 for k, _m in src):
        beads = [-1]
    left_src: list[tuple[int, Any]] = []
    left_pub: list[tuple[int, Any, Span]] = []
    for k in beads:
        s_items = [x for x in src if x[0] == k]
        p_items = [x for x in pub if x[0] == k or k == -1]
        _p, us, up = match_numbers([m for _k, m in s_items], [m for _k, m, _s in p_items])
        left_src.extend(s_items[i] for i in us)
        left_pub.extend(p_items[j] for j in up)
    return left_src, left_pub


@register
class EntityCheck(Check):
    """Names and places of the rendering missing or replaced in the published text."""

    name = "entities"
    types = ("accuracy.entity",)
    needs = frozenset({Need.RENDERING, Need.ALIGNMENT})
    description = "a named entity differs from the source"

    def run(self, ctx: Context) -> Iterable[Finding]:
        from transcheck.bilingual.entities import extract_entities, present_in, token_set

        bi = _bi(ctx)
        assert bi.alignment is not None
        rules = _rules(ctx, self.name)
        replaced = rules.get("accuracy/entity/replaced")
        missing = rules.get("accuracy/entity/missing")
        doc_words = token_set(ctx.text)
        source_words = token_set(bi.source_text or "")
        rendering_doc = token_set(" ".join(u.rendering or "" for u in bi.units))
        for k, bead in enumerate(bi.alignment.beads):
            span = bi.published_span(bead)
            if span is None or not bead.src or bi.is_copy(bead):
                continue
            published = span.text(ctx.text)
            rendering = bi.rendering_of(bead)
            pub_words = token_set(published)
            pub_entities = extract_entities(published)
            ren_entities = extract_entities(rendering)
            lost = [
                e
                for e in ren_entities
                if not present_in(e, pub_words, pub_entities) and not present_in(e, doc_words)
            ]
            new = [
                e
                for e in pub_entities
                if not present_in(e, rendering_doc, ren_entities)
                and not present_in(e, source_words)
            ]
            if lost and new and replaced is not None:
                for old, e in zip(lost, new, strict=False):
                    yield ctx.finding(
                        replaced,
                        Span(span.start + e.start, span.start + e.end),
                        _fmt(replaced, published=e.text, expected=old.text),
                        evidence={"expected": old.text, "rendering": rendering, "bead": k},
                    )
                lost = lost[len(new) :]
            if missing is not None:
                for e in lost:
                    if _common_noun_like(e, rendering):
                        continue
                    yield ctx.finding(
                        missing,
                        span,
                        _fmt(missing, expected=e.text),
                        evidence={"expected": e.text, "rendering": rendering, "bead": k},
                    )


def _common_noun_like(entity: Any, text: str) -> bool:
    """A lone capitalised word after an article ("the Board", "the Games") is as often a
    styled common noun as a name: too weak to report as a missing name on its own."""
    if len(entity.keys) != 1 or entity.text.isupper():
        return False
    before = text[: entity.start].rstrip().lower()
    return before.endswith((" the", " a", " an")) or before in ("the", "a", "an")


def mistranslation_threshold(data: dict[str, Any], bi: Bilingual) -> float:
    """The chrF threshold for this document's language pair (see accuracy.yaml)."""
    table = data.get("mistranslation_thresholds", {}) or {}
    if bi.rendering_origin == "reference" and "reference" in table:
        return float(table["reference"])
    key = f"{bi.source_lang}-{bi.target_lang}"
    return float(table.get(key, table.get("default", 25)))


@register
class MistranslationCheck(Check):
    """Aligned sentences whose similarity to the rendering is below the pair's threshold."""

    name = "mistranslation"
    types = ("accuracy.mistranslation",)
    needs = frozenset({Need.RENDERING, Need.ALIGNMENT})
    description = "meaning diverges from the reference rendering"

    def run(self, ctx: Context) -> Iterable[Finding]:
        bi = _bi(ctx)
        assert bi.alignment is not None
        rule = _rules(ctx, self.name).get("accuracy/mistranslation/low-similarity")
        if rule is None:
            return
        threshold = mistranslation_threshold(_data(ctx), bi)
        for k, bead in enumerate(bi.alignment.beads):
            score = bi.scores[k] if k < len(bi.scores) else None
            span = bi.published_span(bead)
            if score is None or span is None or score.chrf >= threshold or bi.is_copy(bead):
                continue
            rendering = bi.rendering_of(bead)
            yield ctx.finding(
                rule,
                span,
                _fmt(rule, chrf=score.chrf, rendering=rendering),
                evidence={
                    "rendering": rendering,
                    "chrf": score.chrf,
                    "bleu": score.bleu,
                    "threshold": threshold,
                    "bead": k,
                    "model": bi.model,
                },
                confidence=rule.confidence * min(1.0, 0.5 + (threshold - score.chrf) / 30),
            )


@register
class SourceCopyCheck(Check):
    """Published sentences (or fragments) that are the source left as it is."""

    name = "source-copy"
    types = ("language.untranslated",)
    needs = frozenset({Need.SOURCE})
    description = "a published sentence or fragment left in the source language"

    def run(self, ctx: Context) -> Iterable[Finding]:
        bi = _bi(ctx)
        rules = _rules(ctx, self.name)
        identical = rules.get("language/untranslated/identical")
        fragment = rules.get("language/untranslated/fragment")
        if bi.source_text is None or bi.source_lang == bi.target_lang:
            return
        keys = {_key(s.text(bi.source_text)) for s in bi.source_sentences}
        copied: set[int] = set()
        for j, sent in enumerate(ctx.sentences):
            text = sent.text(ctx.text)
            words = [w for w in _WORDS.findall(text) if len(w) >= 3 and w[0].islower()]
            if identical is not None and len(words) >= 3 and _key(text) in keys:
                copied.add(j)
                yield ctx.finding(identical, sent, evidence={"sentence": j})
        if fragment is None:
            return
        yield from self._fragments(ctx, bi, fragment, copied)

    @staticmethod
    def _fragments(ctx: Context, bi: Bilingual, rule: Rule, copied: set[int]) -> Iterator[Finding]:
        assert bi.source_text is not None
        from transcheck.bilingual.numbers import fold

        source = bi.source_text
        source_words = {fold(w) for w in _WORDS.findall(source)}
        rendering = " ".join(u.rendering or "" for u in bi.units) if bi.has_rendering() else ""
        rendering_words = {fold(w) for w in _WORDS.findall(rendering)}
        latin_target = ctx.target_lang in _LATIN_TARGETS
        for j, sent in enumerate(ctx.sentences):
            if j in copied:
                continue
            text = sent.text(ctx.text)
            if latin_target:
                for m in _FOREIGN_SCRIPT.finditer(text):
                    if m.group(0) in rendering:
                        continue
                    conf = 1.0 if m.group(0) in source else 0.7
                    yield ctx.finding(
                        rule,
                        Span(sent.start + m.start(), sent.start + m.end()),
                        _fmt(rule, fragment=m.group(0)),
                        evidence={"in_source": m.group(0) in source},
                        confidence=rule.confidence * conf,
                    )
            if not rendering_words:
                continue  # a word shared by both languages is only suspect against a rendering
            for m in _WORDS.finditer(text):
                word = m.group(0)
                folded = fold(word)
                if (
                    len(word) < 3
                    or folded not in source_words
                    or folded in rendering_words
                    or _stem(word) in _rendering_stems(rendering)
                    or folded in _squeezed(rendering)
                ):
                    continue
                # Many words are spelled alike in both languages ("introduction"): ask the
                # language detector which of the two the word belongs to.
                prob = _source_language_probability(word, bi.source_lang, ctx.target_lang)
                if prob < 0.5:
                    continue
                yield ctx.finding(
                    rule,
                    Span(sent.start + m.start(), sent.start + m.end()),
                    _fmt(rule, fragment=word),
                    evidence={"in_source": True, "source_language_probability": round(prob, 3)},
                    confidence=rule.confidence * min(1.0, 0.5 + prob / 2),
                )


@lru_cache(maxsize=4096)
def _source_language_probability(word: str, source: str | None, target: str) -> float:
    """How likely ``word`` is in ``source`` rather than ``target`` (0 when unknown)."""
    if not source or source == target:
        return 0.0
    try:
        from transcheck.detection.backends import get_detector

        ranked = get_detector().detect(word, candidates=[source, target])
    except (TranscheckError, ImportError):
        return 0.0
    return next((p for lang, p in ranked if lang == source), 0.0)


@lru_cache(maxsize=32)
def _rendering_stems(rendering: str) -> frozenset[str]:
    return _stems(rendering)


@lru_cache(maxsize=32)
def _squeezed(rendering: str) -> str:
    from transcheck.bilingual.numbers import fold

    return re.sub(r"[\s-]+", "", fold(rendering))


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


@register
class RoundTripCheck(Check):
    """Without a source: sentences whose round trip through the source language is garbled."""

    name = "roundtrip"
    types = ("accuracy.mistranslation",)
    description = "round-trip rendering differs from the published sentence (weak signal)"

    def run(self, ctx: Context) -> Iterable[Finding]:
        from transcheck.bilingual.numbers import extract_numbers, match_numbers
        from transcheck.bilingual.roundtrip import roundtrip_similarity

        bi = ctx.bilingual
        from transcheck.bilingual import Bilingual

        if not isinstance(bi, Bilingual) or bi.roundtrip is None:
            return
        rule = _rules(ctx, self.name).get("accuracy/roundtrip/garbled")
        if rule is None:
            return
        threshold = float(_data(ctx).get("roundtrip_threshold", 35))
        mixed = getattr(ctx.detection, "mixed", None) or []
        for j, (sent, back) in enumerate(zip(ctx.sentences, bi.roundtrip, strict=False)):
            text = " ".join(sent.text(ctx.text).split())
            if len(content_words(text)) < 3:
                continue
            chrf = roundtrip_similarity(text, back)
            if chrf >= threshold:
                continue
            # Agreement with another signal lifts it from info: numbers that do not survive
            # the round trip, or a foreign-language span found in the sentence.
            _p, lost, _n = match_numbers(extract_numbers(text), extract_numbers(back))
            foreign = any(sent.start <= getattr(m, "start", -1) < sent.end for m in mixed)
            agree = bool([i for i in lost if extract_numbers(text)[i].flaggable]) or foreign
            yield ctx.finding(
                rule,
                sent,
                _fmt(rule, via=bi.source_lang or "?", chrf=chrf, back=back),
                evidence={
                    "back": back,
                    "via": bi.source_lang,
                    "pivot": (bi.roundtrip_pivot or [""] * (j + 1))[j],
                    "chrf": round(chrf, 2),
                    "agrees": agree,
                },
                severity=Severity.WARNING if agree else None,
            )
