"""Which rules and findings are in force: ``select``/``ignore`` codes and severity overrides.

A code is one of: ``ALL``; a type (``residue.scrape``) or type family (``residue``); a rule id
(``calque/fr-en/korea-of-the-north``) or a rule-id prefix ending at a ``/`` boundary
(``calque/fr-en``, ``calque``); a check name (``split-word``). Ignore wins over select, and the
most specific severity override wins (rule id, then rule prefix, then type, then family).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcheck.errors import ConfigError
from transcheck.findings import TYPES, Finding, Severity
from transcheck.rulepacks import RuleBook


def _matches_type(code: str, type_: str) -> bool:
    return code == type_ or type_.startswith(code + ".")


def _matches_rule(code: str, rule: str) -> bool:
    return code == rule or rule.startswith(code.rstrip("/") + "/")


_FAMILIES = frozenset(t.split(".")[0] for t in TYPES)


def _is_type_code(code: str) -> bool:
    return code in TYPES or code in _FAMILIES


def code_matches(code: str, type_: str, rule: str, check: str | None = None) -> bool:
    """True when ``code`` names this type, rule or check."""
    return (
        code == "ALL"
        or _matches_type(code, type_)
        or _matches_rule(code, rule)
        or (check is not None and code == check)
    )


def _specificity(code: str, type_: str, rule: str) -> int:
    """Rank of a matching code: rule id > rule prefix > type > type family > ALL."""
    if code == rule:
        return 100
    if "/" in code and _matches_rule(code, rule):
        return 10 + code.count("/")
    if code == type_:
        return 5
    if _matches_type(code, type_) or _matches_rule(code, rule):
        return 1
    return 0


@dataclass(frozen=True)
class Selection:
    """The user's ``select``, ``ignore`` and severity overrides, validated."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    min_confidence: float = 0.0

    def validate(self, rules: RuleBook, check_names: Iterable[str]) -> None:
        """Reject codes that name nothing, so a typo never silently disables a check."""
        checks = set(check_names)
        families = {t.split(".")[0] for t in TYPES}
        rule_ids = [r.id for r in rules]
        for origin, codes in (
            ("select", self.select),
            ("ignore", self.ignore),
            ("severity", tuple(c for c, _ in self.severity)),
        ):
            for code in codes:
                if code == "ALL" or code in TYPES or code in families or code in checks:
                    continue
                if any(_matches_rule(code, rid) for rid in rule_ids):
                    continue
                raise ConfigError(
                    f"{origin}: {code!r} names no type, rule or check "
                    "(see `transcheck rules` for the list)"
                )

    def wants(self, type_: str, rule: str, check: str | None = None) -> bool:
        selected = any(code_matches(c, type_, rule, check) for c in self.select)
        return selected and not any(code_matches(c, type_, rule, check) for c in self.ignore)

    def wants_any(self, types: Sequence[str], check: str) -> bool:
        """Could a check emitting ``types`` produce anything selected?"""
        if any(c == check for c in self.ignore):
            return False
        return any(
            c in ("ALL", check)
            or any(_matches_type(c, t) for t in types)
            or not _is_type_code(c)  # a rule id or prefix: any check may implement it
            for c in self.select
        )

    def severity_for(self, finding: Finding) -> Severity:
        best: tuple[int, Severity] | None = None
        for code, level in self.severity:
            if (
                code == "ALL"
                or _matches_type(code, finding.type)
                or _matches_rule(code, finding.rule)
            ):
                rank = _specificity(code, finding.type, finding.rule)
                if best is None or rank > best[0]:
                    best = (rank, level)
        return best[1] if best else finding.severity

    def apply(self, findings: Iterable[Finding], check: str | None = None) -> list[Finding]:
        """Keep selected findings at or above ``min_confidence``, with severities overridden."""
        out: list[Finding] = []
        for f in findings:
            if not self.wants(f.type, f.rule, check) or f.confidence < self.min_confidence:
                continue
            level = self.severity_for(f)
            out.append(f if level is f.severity else f.with_severity(level))
        return out
