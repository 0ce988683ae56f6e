"""The registry of checks.

Check classes live in modules of this package, one module per family. They register with
:func:`register`; :func:`all_checks` imports the family modules on first use so that adding a
check means adding a module name to :data:`FAMILIES`.
"""

from __future__ import annotations

import importlib
from typing import TypeVar

from transcheck.checks.base import Check

# Modules holding checks; a missing module is skipped so families can land one at a time.
FAMILIES: tuple[str, ...] = (
    "transcheck.checks.patterns",
    "transcheck.checks.boundary",
    "transcheck.checks.residue",
    "transcheck.checks.agreement",
    "transcheck.checks.untranslated",
    "transcheck.checks.typography",
    "transcheck.checks.fluency",
    "transcheck.checks.markup",
    "transcheck.checks.bilingual",
)

_REGISTRY: dict[str, type[Check]] = {}
_LOADED = False

C = TypeVar("C", bound=type[Check])


def register(cls: C) -> C:
    """Class decorator: make a check available under its ``name``."""
    name = cls.name
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise ValueError(f"duplicate check name {name!r}")
    _REGISTRY[name] = cls
    return cls


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for module in FAMILIES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    _LOADED = True


def all_checks() -> dict[str, type[Check]]:
    """Every registered check by name, in registration order."""
    _load()
    return dict(_REGISTRY)
