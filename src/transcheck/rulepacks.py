"""Rule packs: pattern-like knowledge kept as YAML data.

A pack is a YAML file::

    pack: residue                    # unique pack name
    description: CMS and scraper leftovers
    target_langs: [en]               # optional, default [en]; rules inherit it
    source_langs: []                 # optional; empty means "any source language"
    rules:
      - id: residue/scrape/source-site      # stable, unique across packs
        type: residue.scrape                # a type from DESIGN.md
        severity: warning                   # error | warning | info
        message: "Scraper residue: {match!r}"   # {match}, {0}, {1}... {name} from groups
        pattern: '(?m)^\\s*source site-\\d+\\s*$'   # Python regex (module ``re``)
        flags: [IGNORECASE]                 # optional re flags
        group: 0                            # optional: which group is the flagged span
        scope: text                         # text | sentence | line (where the regex runs)
        unless: '\\bin fact\\b'             # optional: skip when this matches the sentence
        suggestion: Remove the line.
        confidence: 0.9
        source_langs: [fr]                  # optional, overrides the pack
        examples:
          fire:                             # each must produce this rule; <<...>> marks
            - "Body text.\\n\\n<<source site-59>>"  # the exact span it must flag
          pass:                             # each must not produce this rule
            - "The source site-plan was approved."

A rule without ``pattern`` is implemented by a check in :mod:`transcheck.checks` that names
it (``check: split-word``); its examples run all the same. Users add packs with
``rule-packs = ["path/to/pack.yaml", "dir/"]`` in their config.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from transcheck.errors import ConfigError
from transcheck.findings import TYPES, Severity

_SCOPES = ("text", "sentence", "line")
_RULE_KEYS = {
    "id",
    "type",
    "severity",
    "message",
    "pattern",
    "flags",
    "group",
    "scope",
    "unless",
    "suggestion",
    "confidence",
    "source_langs",
    "target_langs",
    "check",
    "examples",
    "data",
    "note",
}
_PACK_KEYS = {"pack", "description", "target_langs", "source_langs", "rules", "data"}
_FLAG_NAMES = {"IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "UNICODE", "ASCII"}


@dataclass(frozen=True)
class Examples:
    """Texts a rule must fire on (``<<...>>`` marks the expected span) and must not."""

    fire: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. See the module docstring for the YAML form."""

    id: str
    type: str
    severity: Severity
    message: str
    pack: str
    pattern: str | None = None
    flags: int = 0
    group: int | str = 0
    scope: str = "text"
    unless: str | None = None
    suggestion: str | None = None
    confidence: float = 0.8
    source_langs: tuple[str, ...] = ()
    target_langs: tuple[str, ...] = ("en",)
    check: str | None = None
    examples: Examples = field(default_factory=Examples)
    data: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    # derived from the pattern; kept out of repr/eq so reprs are stable across processes
    literals: frozenset[str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.pattern, self.flags) if self.pattern else None

    @property
    def prefilter(self) -> frozenset[str] | None:
        """Lowercase literals one of which any match must contain (None: always run)."""
        return self.literals

    @cached_property
    def unless_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.unless, self.flags) if self.unless else None

    def applies_to_target(self, lang: str) -> bool:
        return not self.target_langs or lang in self.target_langs or "*" in self.target_langs

    def render_message(self, match: re.Match[str] | None) -> str:
        if match is None:
            return self.message
        values: dict[str, Any] = {"match": match.group(0)}
        values.update({k: v or "" for k, v in match.groupdict().items()})
        groups = [match.group(0), *(g or "" for g in match.groups())]
        try:
            return self.message.format(*groups, **values)
        except (IndexError, KeyError, ValueError):
            return self.message

    def render_suggestion(self, match: re.Match[str] | None) -> str | None:
        if self.suggestion is None or match is None:
            return self.suggestion
        try:
            return match.expand(self.suggestion.replace("{", "\\g<").replace("}", ">"))
        except (re.error, IndexError):
            return self.suggestion


@dataclass(frozen=True)
class Pack:
    name: str
    description: str
    rules: tuple[Rule, ...]
    origin: str
    data: dict[str, Any] = field(default_factory=dict)


class RuleBook:
    """The rules in force: all packs loaded, selection applied."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = tuple(packs)
        self._rules: dict[str, Rule] = {}
        for pack in self.packs:
            for rule in pack.rules:
                if rule.id in self._rules:
                    other = self._rules[rule.id].origin
                    raise ConfigError(
                        f"duplicate rule id {rule.id!r} in {rule.origin} (also in {other})"
                    )
                self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def for_check(self, check: str) -> list[Rule]:
        """Rules a code check implements."""
        return [r for r in self._rules.values() if r.check == check]

    def with_data(self, key: str, value: Any) -> list[Rule]:
        """Rules whose ``data`` has ``key: value`` (e.g. credit-line rules: ``role: credit``)."""
        return [r for r in self._rules.values() if r.data.get(key) == value]

    def pattern_rules(self) -> list[Rule]:
        return [r for r in self._rules.values() if r.pattern is not None and r.check is None]

    def pack_data(self, pack: str) -> dict[str, Any]:
        for p in self.packs:
            if p.name == pack:
                return p.data
        return {}

    def filtered(self, keep: Iterable[str]) -> RuleBook:
        wanted = set(keep)
        packs = [
            Pack(
                p.name, p.description, tuple(r for r in p.rules if r.id in wanted), p.origin, p.data
            )
            for p in self.packs
        ]
        return RuleBook(packs)


def _langs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of language codes")
    return tuple(v.lower() for v in value)


def _examples(value: Any, where: str) -> Examples:
    if value is None:
        return Examples()
    if not isinstance(value, dict) or set(value) - {"fire", "pass"}:
        raise ConfigError(f"{where}: examples must be a mapping with 'fire' and/or 'pass'")
    fire = value.get("fire") or []
    pass_ = value.get("pass") or []
    if not isinstance(fire, list) or not isinstance(pass_, list):
        raise ConfigError(f"{where}: 'fire' and 'pass' must be lists of strings")
    for item in (*fire, *pass_):
        if not isinstance(item, str):
            raise ConfigError(f"{where}: every example must be a string")
    return Examples(tuple(fire), tuple(pass_))


def _flags(value: Any, where: str) -> int:
    flags = 0
    if isinstance(value, str):
        value = [value]
    if value is not None and not isinstance(value, list):
        raise ConfigError(f"{where}: 'flags' must be a list such as [IGNORECASE]")
    for name in value or []:
        if name not in _FLAG_NAMES:
            raise ConfigError(f"{where}: unknown regex flag {name!r}")
        flags |= getattr(re, name)
    return flags


def _rule(raw: Any, pack: str, defaults: dict[str, Any], origin: str, index: int) -> Rule:
    where = f"{origin}: rule #{index + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for key in ("id", "type", "severity", "message"):
        if key not in raw:
            raise ConfigError(f"{where}: missing required key {key!r}")
    rid = str(raw["id"])
    where = f"{origin}: rule {rid!r}"
    if raw["type"] not in TYPES:
        raise ConfigError(f"{where}: unknown type {raw['type']!r}")
    try:
        severity = Severity.parse(str(raw["severity"]))
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    pattern = raw.get("pattern")
    if pattern is None and raw.get("check") is None:
        raise ConfigError(f"{where}: a rule needs a 'pattern' or the 'check' implementing it")
    flags = _flags(raw.get("flags"), where)
    for key in ("pattern", "unless"):
        if raw.get(key) is not None:
            try:
                re.compile(raw[key], flags)
            except re.error as exc:
                raise ConfigError(f"{where}: bad {key} regex: {exc}") from None
    scope = raw.get("scope", "text")
    if scope not in _SCOPES:
        raise ConfigError(f"{where}: scope must be one of {', '.join(_SCOPES)}")
    confidence = float(raw.get("confidence", 0.8))
    if not 0 <= confidence <= 1:
        raise ConfigError(f"{where}: confidence must be between 0 and 1")
    source_langs = (
        _langs(raw["source_langs"], where) if "source_langs" in raw else defaults["source_langs"]
    )
    target_langs = (
        _langs(raw["target_langs"], where) if "target_langs" in raw else defaults["target_langs"]
    )
    from transcheck.prefilter import required_literals

    return Rule(
        literals=required_literals(pattern, flags) if pattern else None,
        id=rid,
        type=raw["type"],
        severity=severity,
        message=str(raw["message"]),
        pack=pack,
        pattern=pattern,
        flags=flags,
        group=raw.get("group", 0),
        scope=scope,
        unless=raw.get("unless"),
        suggestion=raw.get("suggestion"),
        confidence=confidence,
        source_langs=source_langs,
        target_langs=target_langs,
        check=raw.get("check"),
        examples=_examples(raw.get("examples"), where),
        data=dict(raw.get("data") or {}),
        origin=origin,
    )


def _checked_rule(raw: Any, pack: str, defaults: dict[str, Any], origin: str, index: int) -> Rule:
    """:func:`_rule`, with a value of the wrong type reported as a :class:`ConfigError`."""
    where = (
        f"{origin}: rule {raw.get('id', f'#{index + 1}')!r}" if isinstance(raw, dict) else origin
    )
    if isinstance(raw, dict):
        for key in ("pattern", "unless", "message", "suggestion"):
            if raw.get(key) is not None and not isinstance(raw[key], str):
                raise ConfigError(f"{where}: '{key}' must be a string")
        if "data" in raw and not isinstance(raw["data"], dict | type(None)):
            raise ConfigError(f"{where}: 'data' must be a mapping")
        if "group" in raw and not isinstance(raw["group"], int | str):
            raise ConfigError(f"{where}: 'group' must be a group number or name")
    try:
        rule = _rule(raw, pack, defaults, origin, index)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{where}: invalid value ({exc})") from None
    if rule.pattern is not None:
        # Parsed, not compiled: compiling every rule at load would cost what the prefilter saves.
        from transcheck.prefilter import group_count

        groups, names = group_count(rule.pattern, rule.flags)
        if isinstance(rule.group, int) and rule.group > groups:
            raise ConfigError(f"{where}: group {rule.group} is not in the pattern")
        if isinstance(rule.group, str) and rule.group not in names:
            raise ConfigError(f"{where}: group {rule.group!r} is not in the pattern")
    return rule


def parse_pack(content: str, origin: str) -> Pack:
    """Parse one pack from YAML text; ``origin`` names it in errors."""
    import yaml

    # libyaml's loader is ~10x faster than the pure-Python one; it ships in PyYAML wheels.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(content, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark is not None else origin
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict) or "pack" not in raw:
        raise ConfigError(f"{origin}: a rule pack is a mapping with a 'pack' name and 'rules'")
    if not isinstance(raw.get("data") or {}, dict):
        raise ConfigError(f"{origin}: 'data' must be a mapping")
    unknown = set(raw) - _PACK_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown key {sorted(unknown)[0]!r}")
    name = str(raw["pack"])
    defaults = {
        "source_langs": _langs(raw.get("source_langs"), origin),
        "target_langs": _langs(raw.get("target_langs"), origin) or ("en",),
    }
    rules_raw = raw.get("rules") or []
    if not isinstance(rules_raw, list):
        raise ConfigError(f"{origin}: 'rules' must be a list")
    rules = tuple(_checked_rule(r, name, defaults, origin, i) for i, r in enumerate(rules_raw))
    return Pack(name, str(raw.get("description", "")), rules, origin, dict(raw.get("data") or {}))


def builtin_pack_files() -> list[tuple[str, str]]:
    """``(origin, yaml text)`` for every pack shipped in ``transcheck/rules``."""
    here = Path(__file__).with_name("rules")
    if here.is_dir():
        root: Any = here  # an installed package: plain files, no importlib.resources cost
    else:  # pragma: no cover - zipped installs
        from importlib import resources

        root = resources.files("transcheck") / "rules"
    out: list[tuple[str, str]] = []

    def walk(node: Any, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith((".yaml", ".yml")):
                out.append((f"rules/{prefix}{child.name}", child.read_text(encoding="utf-8")))

    walk(root, "")
    return out


def _user_pack_files(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")])
        elif path.is_file():
            files = [path]
        else:
            raise ConfigError(f"rule pack not found: {path}")
        for f in files:
            try:
                out.append((str(f), f.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read rule pack {f}: {exc}") from None
    return out


_MEMORY: dict[str, list[Pack]] = {}
_PREFILTER_SOURCE = Path(__file__).with_name("prefilter.py")


def _parse_all(files: list[tuple[str, str]]) -> list[Pack]:
    """Parse packs, through the disk cache (YAML and regex analysis cost ~0.3 s, most of a
    one-file check; unpickling costs ~10 ms)."""
    from transcheck import __version__
    from transcheck.diskcache import cached, content_key

    # The code that builds the objects is part of the key: an edited class never meets an
    # old pickle.
    code = [str(Path(__file__).stat().st_mtime_ns), str(_PREFILTER_SOURCE.stat().st_mtime_ns)]
    key = content_key([__version__, *code, *(f"{origin}\0{text}" for origin, text in files)])
    if key not in _MEMORY:
        _MEMORY[key] = cached(
            "rulebook", key, lambda: [parse_pack(text, origin) for origin, text in files], list
        )
    return _MEMORY[key]


def load_rulebook(extra: Sequence[str | Path] = ()) -> RuleBook:
    """Built-in packs plus the user's ``extra`` pack files or directories."""
    return RuleBook(_parse_all(builtin_pack_files() + _user_pack_files(extra)))


MARK_OPEN, MARK_CLOSE = "<<", ">>"


def unmark(example: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``<<...>>`` marks from an example; return the text and the marked ranges."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    i = 0
    pos = 0
    while i < len(example):
        if example.startswith(MARK_OPEN, i):
            close = example.find(MARK_CLOSE, i + 2)
            if close < 0:
                raise ValueError(f"unclosed {MARK_OPEN} in example {example!r}")
            inner = example[i + 2 : close]
            marks.append((pos, pos + len(inner)))
            out.append(inner)
            pos += len(inner)
            i = close + 2
        else:
            out.append(example[i])
            pos += 1
            i += 1
    return "".join(out), marks
