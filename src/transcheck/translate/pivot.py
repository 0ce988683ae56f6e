"""Routing a language pair through a pivot language when no direct model exists."""

from __future__ import annotations

from collections.abc import Collection

from transcheck.errors import ConfigError, ModelError

_INSTALL_HINT = {
    "argos": "run `transcheck models install PATH.argosmodel` "
    "or `transcheck models install --from-index {src} {tgt}`",
    "apertium": "install the Debian package apertium-{src}-{tgt} (or a pair through {pivot})",
}


def plan_route(
    src: str,
    tgt: str,
    pairs: Collection[tuple[str, str]],
    pivot: str | None,
    *,
    backend: str,
) -> list[tuple[str, str]]:
    """The hops that render ``src -> tgt`` with the available ``pairs``.

    The direct pair when it exists, else ``src -> pivot -> tgt`` when both halves exist;
    otherwise a ``ModelError`` that says what to install.
    """
    if src == tgt:
        raise ConfigError(f"source and target language are the same ({src})")
    if (src, tgt) in pairs:
        return [(src, tgt)]
    if pivot and pivot not in (src, tgt) and (src, pivot) in pairs and (pivot, tgt) in pairs:
        return [(src, pivot), (pivot, tgt)]
    hint = _INSTALL_HINT.get(backend, "install one").format(src=src, tgt=tgt, pivot=pivot)
    through = f" (nor {src}->{pivot}->{tgt})" if pivot and pivot not in (src, tgt) else ""
    raise ModelError(f"no translation model for {src}->{tgt} installed{through}; {hint}")
