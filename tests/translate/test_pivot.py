from __future__ import annotations

import pytest

from transcheck.errors import ConfigError, ModelError
from transcheck.translate.pivot import plan_route

PAIRS = {("fr", "en"), ("en", "es"), ("es", "en")}


def test_direct_pair_preferred() -> None:
    assert plan_route("en", "es", PAIRS | {("en", "fr")}, "en", backend="argos") == [("en", "es")]


def test_pivot_route() -> None:
    assert plan_route("fr", "es", PAIRS, "en", backend="argos") == [("fr", "en"), ("en", "es")]


def test_missing_half_is_an_error() -> None:
    with pytest.raises(
        ModelError,
        match=r"no translation model for es->fr installed \(nor "
        r"es->en->fr\)",
    ):
        plan_route("es", "fr", PAIRS, "en", backend="argos")


def test_apertium_hint() -> None:
    with pytest.raises(ModelError, match=r"Debian package"):
        plan_route("de", "en", PAIRS, None, backend="apertium")


def test_same_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        plan_route("en", "en", PAIRS, "en", backend="argos")
