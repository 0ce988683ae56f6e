"""Documents, spans and the mapping from text offsets back to ``path:line:col``.

A :class:`Document` holds the text exactly as a reader produced it. Every offset in the
project (spans of sentences, findings, alignments) is a Python string index into
``Document.text``. Readers that extract text from a container (HTML, a JSONL record) keep an
:class:`OffsetMap` so that a text offset still maps to a line and column of the original file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of string indices into a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def text(self, source: str) -> str:
        """The slice of ``source`` this span covers."""
        return source[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character (or are the same empty point)."""
        if self.start == self.end or other.start == other.end:
            return other.start <= self.start <= other.end or self.start <= other.start <= self.end
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the original file (column counts characters)."""

    line: int
    column: int


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise-linear map from text offsets to offsets in the raw file content.

    ``anchors`` is a sorted sequence of ``(text_offset, raw_offset)`` pairs; between two anchors
    characters map one to one. Readers add an anchor wherever extraction skipped or replaced
    raw characters (tags, entities, front matter).
    """

    anchors: tuple[tuple[int, int], ...]
    _keys: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(a[0] for a in self.anchors))

    def to_raw(self, offset: int) -> int:
        if not self.anchors:
            return offset
        i = bisect.bisect_right(self._keys, offset) - 1
        if i < 0:
            return offset
        text_off, raw_off = self.anchors[i]
        return raw_off + (offset - text_off)


class LineIndex:
    """Line starts of a string, for offset -> (line, column) in O(log n)."""

    def __init__(self, content: str) -> None:
        self._starts = [0]
        for i, ch in enumerate(content):
            if ch == "\n":
                self._starts.append(i + 1)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets ``[start, end)`` of 1-based ``line`` without its newline."""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else -1
        return start, end

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass
class Document:
    """A text to check, with where it came from.

    Attributes:
        text: the text checks read; all offsets index into it.
        id: a stable identifier (the path for files, the id field for archive records).
        path: the file the text came from, or ``"-"`` for standard input.
        lang: declared language of ``text`` (ISO 639-1), if known.
        source_lang: declared language the text was translated from, if known.
        source_text: the original text, when the user supplied it.
        reference_text: a trusted reference rendering, when the user supplied it.
        raw: the file content ``text`` was extracted from, when it differs from ``text``.
            Readers that must hide non-prose (Markdown code blocks, front matter) blank it
            with spaces in ``text`` (newlines kept) so offsets stay those of the file.
        offset_map: maps offsets in ``text`` to offsets in ``raw``.
        line_base: 1-based line in ``path`` where ``raw`` (or ``text``) starts; records of a
            JSONL archive start on their own line.
        meta: anything else a reader kept (format, record number, CSV row...).
    """

    text: str
    id: str
    path: str | None = None
    lang: str | None = None
    source_lang: str | None = None
    source_text: str | None = None
    reference_text: str | None = None
    raw: str | None = None
    offset_map: OffsetMap | None = None
    line_base: int = 1
    meta: dict[str, Any] = field(default_factory=dict)
    _line_index: LineIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def display_path(self) -> str:
        """What reports print before ``:line:col``."""
        base = self.path if self.path is not None else self.id
        if "record" in self.meta:
            return f"{base}[{self.id}]"
        return base

    def _index(self) -> LineIndex:
        if self._line_index is None:
            self._line_index = LineIndex(self.raw if self.raw is not None else self.text)
        return self._line_index

    def raw_offset(self, offset: int) -> int:
        """Offset into the file content (``raw`` or ``text``) for a text offset."""
        if self.offset_map is None:
            return offset
        return self.offset_map.to_raw(offset)

    def raw_end(self, end: int, start: int | None = None) -> int:
        """Raw offset just after the character before ``end``: the exclusive end of a span.

        Mapping ``end`` itself would land after markup that follows the span in the file
        (``the</b>``); mapping its last character keeps the end on the span's own text.
        """
        if start is not None and end <= start:
            return self.raw_offset(end)
        return self.raw_offset(end - 1) + 1 if end > 0 else self.raw_offset(end)

    def end_position(self, end: int, start: int | None = None) -> Position:
        """1-based line and column just after a span ending at ``end`` (see :meth:`raw_end`)."""
        pos = self._index().position(self.raw_end(end, start))
        if "record" in self.meta:
            return pos
        return Position(pos.line + self.line_base - 1, pos.column)

    def position(self, offset: int) -> Position:
        """1-based line and column of a text offset, in the original file."""
        pos = self._index().position(self.raw_offset(offset))
        if "record" in self.meta:
            return pos  # lines within the record's text field
        return Position(pos.line + self.line_base - 1, pos.column)

    def line_text(self, offset: int) -> tuple[str, int]:
        """The file line containing ``offset`` and the offset of that line's start in raw."""
        content = self.raw if self.raw is not None else self.text
        index = self._index()
        raw_off = self.raw_offset(offset)
        line = index.position(raw_off).line
        start, end = index.line_span(line)
        return content[start : end if end >= 0 else len(content)], start
