"""transcheck: multilingual translation verification.

The public API::

    from transcheck import check_text, check_file, Finding, Document

    findings = check_text(article, source_lang="fr")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Finding",
    "Severity",
    "Span",
    "__version__",
    "check_file",
    "check_text",
    "detect",
]

if TYPE_CHECKING:
    from transcheck.api import check_file, check_text, detect
    from transcheck.document import Document, Span
    from transcheck.findings import Finding, Severity


def __getattr__(name: str) -> Any:
    # Lazy so that `import transcheck` stays cheap for the CLI and the pre-commit hook.
    if name in ("check_text", "check_file", "detect"):
        from transcheck import api

        return getattr(api, name)
    if name in ("Document", "Span"):
        from transcheck import document

        return getattr(document, name)
    if name in ("Finding", "Severity"):
        from transcheck import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'transcheck' has no attribute {name!r}")
