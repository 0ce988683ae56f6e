"""Suppressing findings by code: per-file ignores from config, and inline comments.

Config (ruff's ``per-file-ignores``)::

    [tool.transcheck.per-file-ignores]
    "archive/2019/*.md" = ["style.false-friend"]
    "*.html" = ["residue"]

Inline, in Markdown and HTML (the comment is not published text)::

    <!-- transcheck: ignore style.calque, residue.scrape -->   the next paragraph
    <!-- transcheck: ignore -->                                 everything in the next paragraph
    <!-- transcheck: ignore-file markup -->                     the whole file

Codes are those of ``--select``/``--ignore``: types, families, rule ids or prefixes, checks.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from transcheck.document import Document, Span
from transcheck.findings import Finding
from transcheck.selection import code_matches

_COMMENT = re.compile(r"<!--\s*transcheck:\s*(ignore-file|ignore)\b([^>]*?)\s*-->", re.IGNORECASE)
ALL = ("ALL",)


@dataclass(frozen=True)
class _Region:
    start: int  # raw offsets the suppression covers (end exclusive)
    end: int
    codes: tuple[str, ...]


def _codes(raw: str) -> tuple[str, ...]:
    codes = tuple(c for c in re.split(r"[\s,]+", raw.strip()) if c)
    return codes or ALL


def inline_regions(document: Document, paragraphs: Sequence[Span]) -> list[_Region]:
    """Suppression regions from ``transcheck:`` comments in the file content."""
    content = document.raw if document.raw is not None else document.text
    if "transcheck:" not in content:
        return []
    regions: list[_Region] = []
    starts = [(document.raw_offset(p.start), document.raw_end(p.end, p.start)) for p in paragraphs]
    for m in _COMMENT.finditer(content):
        codes = _codes(m.group(2))
        if m.group(1).lower() == "ignore-file":
            regions.append(_Region(0, len(content) + 1, codes))
            continue
        following = next(((s, e) for s, e in starts if s >= m.end()), None)
        if following is not None:
            regions.append(_Region(following[0], following[1], codes))
    return regions


def _path_matches(path: str, pattern: str) -> bool:
    posix = PurePath(path).as_posix()
    return (
        fnmatch.fnmatch(posix, pattern)
        or fnmatch.fnmatch(posix, f"*/{pattern}")
        or fnmatch.fnmatch(PurePath(path).name, pattern)
    )


def file_codes(document: Document, per_file: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Codes ignored for this document's path by ``per-file-ignores``."""
    path = document.path
    if not per_file or not path or path == "-":
        return ()
    return tuple(
        code
        for pattern, codes in per_file.items()
        if _path_matches(path, pattern)
        for code in codes
    )


def suppress(
    document: Document,
    findings: list[Finding],
    paragraphs: Sequence[Span],
    per_file: Mapping[str, Sequence[str]],
) -> tuple[list[Finding], int]:
    """Findings that no per-file ignore or inline comment suppresses, and how many were."""
    ignored = file_codes(document, per_file)
    regions = inline_regions(document, paragraphs)
    if not ignored and not regions:
        return findings, 0
    kept: list[Finding] = []
    for f in findings:
        if any(code_matches(c, f.type, f.rule) for c in ignored):
            continue
        raw = document.raw_offset(f.span.start)
        if any(
            r.start <= raw < r.end and any(code_matches(c, f.type, f.rule) for c in r.codes)
            for r in regions
        ):
            continue
        kept.append(f)
    return kept, len(findings) - len(kept)
