"""The cue lists of ``cues.yaml`` (loanwords, gate words, typography, name spellings...)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from transcheck.errors import ConfigError

# Keys added to every source cue, computed once and stored with the parsed data: the
# lowercase literals one of which each match contains, and the characters one of which each
# match contains (None: not known, the regex must run).
LITERALS = "_literals"
CHARS = "_chars"
# Part of the disk cache key: bump when parse_cues() changes what it stores.
CACHE_FORMAT = 2


def _sre(name: str, old: str) -> Any:
    """``re._parser`` / ``re._constants`` (Python 3.11+) or their older names."""
    import importlib

    try:
        return importlib.import_module(f"re.{name}")
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(old)


def _required_chars(items: Any) -> frozenset[str] | None:
    """Characters one of which every match of the parsed sequence ``items`` contains: the
    rarest mandatory literal or character class that is not a letter, digit or space."""
    c = _sre("_constants", "sre_constants")
    found: list[frozenset[str]] = []
    for op, arg in items:
        if op is c.LITERAL:
            found.append(frozenset(chr(arg)))
        elif op is c.IN and all(o is c.LITERAL for o, _ in arg):
            found.append(frozenset(chr(a) for _, a in arg))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            sub = _required_chars(list(arg[2]))
            if sub:
                found.append(sub)
        elif op is c.SUBPATTERN:
            sub = _required_chars(list(arg[-1]))
            if sub:
                found.append(sub)
    rare = [
        chars
        for chars in found
        if not any(ch.isascii() and (ch.isalnum() or ch.isspace()) for ch in chars)
    ]
    return min(rare, key=len) if rare else None


def required_chars(pattern: str) -> frozenset[str] | None:
    """Characters one of which every match of ``pattern`` contains (``None``: unknown)."""
    import re

    parser = _sre("_parser", "sre_parse")

    try:
        parsed = parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _required_chars(list(parsed))


def parse_cues(text: str) -> dict[str, Any]:
    """Parse the text of a cues file and add each source cue's literal prefilter."""
    import yaml

    from transcheck.prefilter import required_literals

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:  # pragma: no cover - the file is tested
        raise ConfigError(f"detection/cues.yaml: invalid YAML: {exc}") from None
    if not isinstance(data, dict):  # pragma: no cover
        raise ConfigError("detection/cues.yaml: expected a mapping")
    for cue in data.get("source_cues", []):
        literals = required_literals(str(cue["pattern"]))
        cue[LITERALS] = sorted(literals) if literals is not None else None
        chars = required_chars(str(cue["pattern"]))
        cue[CHARS] = "".join(sorted(chars)) if chars is not None else None
    return data


@functools.lru_cache(maxsize=1)
def load_cues() -> dict[str, Any]:
    """The parsed ``cues.yaml`` shipped with the package (cached in memory and on disk).

    Importing and running the YAML parser costs ~50 ms, a tenth of a one-file check; the
    parsed data is kept in a pickle keyed by the file's content. Any failure to read or write
    that cache just parses again.
    """
    from transcheck.diskcache import cached, content_key

    # A path next to this module, not importlib.resources (whose import alone costs ~20 ms).
    text = (Path(__file__).parent / "cues.yaml").read_text(encoding="utf-8")
    key = content_key([str(CACHE_FORMAT), text])
    return cached("cues", key, lambda: parse_cues(text), dict)
