"""The Python API.

>>> from transcheck import check_text
>>> [f.type for f in check_text("Help for its satellite program. -spies. Talks went on.")]
['boundary.split-word']

Options are the config keys in snake_case (``select``, ``ignore``, ``severity``,
``min_confidence``, ``lang``, ``source_lang``, ``rule_packs``...). The API does not read
config files unless given ``config=PATH``, so results do not depend on the current directory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transcheck.config import Settings, load_settings
from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.findings import Finding
from transcheck.results import DocumentResult

if TYPE_CHECKING:
    from transcheck.detection import DetectionResult
    from transcheck.pipeline import Checker

_CHECKERS: dict[str, Checker] = {}


def settings_from_options(options: dict[str, Any], config: str | Path | None = None) -> Settings:
    """Settings from API keyword options (snake_case config keys)."""
    overrides = {k.replace("_", "-"): v for k, v in options.items()}
    return load_settings(overrides, config=config, isolated=config is None)


def _checker(settings: Settings) -> Checker:
    # Rule packs and checks are built once per distinct settings: check_text in a loop is cheap.
    from transcheck.pipeline import Checker

    key = settings.fingerprint() + repr(settings.baseline)
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = Checker(settings)
        if len(_CHECKERS) > 16:
            _CHECKERS.clear()
        _CHECKERS[key] = checker
    return checker


def check_document(
    document: Document, *, config: str | Path | None = None, **options: Any
) -> DocumentResult:
    """Check one :class:`Document`; the result carries findings, notes and errors."""
    return _checker(settings_from_options(options, config)).check(document)


def check_text(
    text: str,
    *,
    source_text: str | None = None,
    reference_text: str | None = None,
    doc_id: str = "<text>",
    config: str | Path | None = None,
    **options: Any,
) -> list[Finding]:
    """Findings for ``text``, in document order.

    Args:
        text: the published (translated) text.
        source_text: the original, to verify the translation against it.
        reference_text: a trusted reference rendering of the original.
        doc_id: the id used in fingerprints and reports.
        config: a ``.transcheck.toml`` or ``pyproject.toml`` to read settings from.
        **options: settings, e.g. ``source_lang="fr"``, ``select=["residue"]``.
    """
    settings = settings_from_options(options, config)
    document = Document(
        text=text,
        id=doc_id,
        lang=settings.lang,
        source_lang=settings.source_lang,
        source_text=source_text,
        reference_text=reference_text,
    )
    return _checker(settings).check(document).findings


def check_paths(
    paths: Sequence[str], *, config: str | Path | None = None, **options: Any
) -> Iterator[DocumentResult]:
    """Check files, directories and archives; yields one result per document or record."""
    from transcheck.readers import ReadFailure, iter_documents

    settings = settings_from_options(options, config)
    checker = _checker(settings)
    for item in iter_documents(list(paths), read_options(settings)):
        if isinstance(item, ReadFailure):
            yield failure_result(item)
        else:
            yield checker.check(item)


def check_file(
    path: str | Path, *, config: str | Path | None = None, **options: Any
) -> list[Finding]:
    """Findings for one text, Markdown or HTML file (use :func:`check_paths` for archives)."""
    results = list(check_paths([str(path)], config=config, **options))
    if len(results) != 1:
        raise InputError(f"{path}: holds {len(results)} documents; use check_paths()")
    if results[0].error and not results[0].findings:
        raise InputError(results[0].error)
    return results[0].findings


def detect(text: str, **options: Any) -> DetectionResult:
    """Languages of ``text``: document, paragraphs, sentences, mixed spans, likely source."""
    from transcheck.detection import detect_text

    return detect_text(text, **options)


def read_options(settings: Settings, *, recursive: bool = True) -> Any:
    """Reader options from settings."""
    from transcheck.readers import FieldMap, ReadOptions

    kwargs: dict[str, Any] = {
        "encoding": settings.encoding,
        "input_format": settings.input_format,
        "fields": FieldMap(**settings.fields),
        "lang": settings.lang,
        "source_lang": settings.source_lang,
        "recursive": recursive,
    }
    if settings.include:
        kwargs["include"] = settings.include
    if settings.exclude:
        kwargs["exclude"] = settings.exclude
    return ReadOptions(**kwargs)


def failure_result(failure: Any) -> DocumentResult:
    """A result for a file or record that could not be read."""
    doc = Document(text="", id=failure.id, path=failure.path)
    where = f"line {failure.line}: " if getattr(failure, "line", None) else ""
    return DocumentResult(document=doc, error=f"{where}{failure.message}")
