"""Literal prefilters for regex rules.

Most rule patterns contain a word that every match must contain ("have place", "deceived").
:func:`required_literals` finds such literals by walking the parsed pattern, so a rule whose
literals do not occur in a document is skipped without running its regex: a few hundred rules
then cost a few substring searches each instead of a regex scan each.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _p  # type: ignore[no-redef,unused-ignore]

MIN_LENGTH = 3
# Words so common that a literal made of them selects nothing.
_COMMON = frozenset(
    [
        "the",
        "of",
        "in",
        "to",
        "and",
        "a",
        "an",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "its",
        "this",
        "that",
        "where",
        "which",
        "who",
        "has",
        "have",
        "had",
        "not",
        "or",
        "but",
    ]
)


def _quality(alternative: str) -> int:
    core = alternative.strip().lower()
    if core in _COMMON or all(w in _COMMON for w in core.split()):
        return 0
    return len(core)


def _score(candidate: frozenset[str]) -> tuple[int, int]:
    return (min(_quality(s) for s in candidate), -len(candidate))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The candidate whose weakest alternative is most selective (long, not a common word)."""
    good = [c for c in candidates if c and _score(c)[0] >= MIN_LENGTH]
    if not good:
        return None
    return max(good, key=_score)


def _sequence(items: Any) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _c.SUBPATTERN:
            sub = _sequence(arg[-1])
            if sub is not None:
                candidates.append(sub)
        elif op is _c.BRANCH:
            alts = [_sequence(branch) for branch in arg[1]]
            if all(a is not None for a in alts):
                candidates.append(frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, body = arg
            if low >= 1:
                sub = _sequence(body)
                if sub is not None:
                    candidates.append(sub)
        # assertions, classes, anchors...: contribute nothing, break the literal run
    flush()
    return _best(candidates)


def group_count(pattern: str, flags: int = 0) -> tuple[int, frozenset[str]]:
    """Number of capturing groups of ``pattern`` and their names (the pattern is valid)."""
    state = _p.parse(pattern, flags).state
    return state.groups - 1, frozenset(state.groupdict)


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match contains, or None if none is known."""
    if flags & re.VERBOSE:
        return None
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    found = _sequence(list(parsed))
    if found is None:
        return None
    return frozenset(s.lower() for s in found)
