from __future__ import annotations

import pytest

from transcheck.document import Span
from transcheck.errors import ConfigError
from transcheck.findings import Finding, Severity
from transcheck.rulepacks import load_rulebook
from transcheck.selection import Selection


def _f(type_: str, rule: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(type=type_, rule=rule, severity=severity, span=Span(0, 1), message="m")


@pytest.mark.parametrize(
    ("select", "ignore", "wanted"),
    [
        (("ALL",), (), True),
        (("residue",), (), True),
        (("residue.scrape",), (), True),
        (("residue.caption",), (), False),
        (("residue/scrape",), (), True),
        (("residue/scrape/source-site",), (), True),
        (("residue/scrape/source",), (), False),  # prefixes stop at a "/" boundary
        (("ALL",), ("residue",), False),
        (("residue/scrape/source-site",), ("residue.scrape",), False),
    ],
)
def test_select_and_ignore(select: tuple[str, ...], ignore: tuple[str, ...], wanted: bool) -> None:
    sel = Selection(select=select, ignore=ignore)
    assert sel.wants("residue.scrape", "residue/scrape/source-site") is wanted


def test_most_specific_severity_override_wins() -> None:
    sel = Selection(
        severity=(
            ("residue", Severity.INFO),
            ("residue/scrape/source-site", Severity.ERROR),
            ("residue.scrape", Severity.WARNING),
        )
    )
    assert sel.severity_for(_f("residue.scrape", "residue/scrape/source-site")) is Severity.ERROR
    assert sel.severity_for(_f("residue.scrape", "residue/scrape/share")) is Severity.WARNING
    assert sel.severity_for(_f("residue.caption", "residue/caption/x")) is Severity.INFO


def test_min_confidence_drops_findings() -> None:
    low = Finding("style.calque", "c/x", Severity.INFO, Span(0, 1), "m", confidence=0.3)
    assert Selection(min_confidence=0.5).apply([low]) == []
    assert Selection(min_confidence=0.2).apply([low]) == [low]


def test_unknown_code_is_rejected_by_name() -> None:
    sel = Selection(select=("residu",))
    with pytest.raises(ConfigError, match="'residu' names no type, rule or check"):
        sel.validate(load_rulebook(), ["split-word"])


def test_check_names_are_codes() -> None:
    Selection(ignore=("split-word",)).validate(load_rulebook(), ["split-word"])
    assert not Selection(ignore=("split-word",)).wants_any(("boundary.split-word",), "split-word")
