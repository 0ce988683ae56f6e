"""Fluency checks: doubled words and phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

_TOKEN = re.compile(r"[\w'’-]+")
_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*\n[ \t]*")  # a repetition does not cross a paragraph
MAX_PHRASE = 5


@dataclass(frozen=True)
class _Run:
    """Tokens ``[i, i + n)`` repeated at ``[i + n, i + 2n)``."""

    first: int
    size: int


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]


def _joined(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when token ``i`` and ``i + 1`` are separated by spaces only (one line break at most)."""
    return _GAP.fullmatch(text, tokens[i][1], tokens[i + 1][0]) is not None


def _repeats(text: str, tokens: list[tuple[int, int, str]]) -> Iterator[_Run]:
    """Longest first at each position; a run is reported once."""
    words = [t[2] for t in tokens]
    count = len(words)
    i = 0
    while i < count:
        found = 0
        for n in range(min(MAX_PHRASE, (count - i) // 2), 0, -1):
            # cheap first-word test before slicing: almost every position fails it
            if words[i] != words[i + n] or words[i : i + n] != words[i + n : i + 2 * n]:
                continue
            if all(_joined(text, tokens, k) for k in range(i, i + 2 * n - 1)):
                found = n
                break
        if found:
            yield _Run(i, found)
            i += 2 * found
        else:
            i += 1


@register
class RepetitionCheck(Check):
    """Flags the second occurrence of a doubled word or phrase ("the the", "in the city in the
    city"), except doubles that are correct English ("had had") or names ("Bora Bora")."""

    name = "repetition"
    types = ("fluency.repetition",)
    description = "doubled words or phrases"

    def run(self, ctx: Context) -> Iterable[Finding]:
        word_rule = ctx.rules.get("repetition/word")
        phrase_rule = ctx.rules.get("repetition/phrase")
        allowed = {
            " ".join(a.lower().split())
            for a in ctx.rules.pack_data("fluency").get("allowed_doubles", [])
        }
        text = ctx.text
        tokens = _tokens(text)
        for run in _repeats(text, tokens):
            first, n = run.first, run.size
            start, end = tokens[first + n][0], tokens[first + 2 * n - 1][1]
            repeated = text[start:end]
            if n == 1:
                if word_rule is None or f"{tokens[first][2]} {tokens[first][2]}" in allowed:
                    continue
                if not any(ch.isalnum() for ch in repeated):
                    continue
                rule = word_rule
            else:
                if phrase_rule is None:
                    continue
                rule = phrase_rule
            yield ctx.finding(
                rule,
                Span(start, end),
                rule.message.replace("{0}", repeated),
                suggestion="",
                evidence={"repeated": repeated},
            )
