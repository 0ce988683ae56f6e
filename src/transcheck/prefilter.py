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
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MIN_LENGTH = 3


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The candidate whose shortest alternative is longest (the most selective)."""
    good = [c for c in candidates if c and min(len(s) for s in c) >= MIN_LENGTH]
    if not good:
        return None
    return max(good, key=lambda c: (min(len(s) for s in c), -len(c)))


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
