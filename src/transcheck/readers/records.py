"""Archives of records: JSONL (one JSON object per line) and CSV/TSV (a header row, then rows).

Each record becomes one :class:`Document`; its fields are named by :class:`FieldMap`. Files
are read line by line, never whole, so that archives of millions of records stream through a
batch. A bad record is a :class:`ReadFailure` and reading goes on with the next one; a file
that cannot be used at all (no text column) raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.readers import ReadFailure, ReadOptions, strip_path
from transcheck.readers.text import (
    BINARY_SNIFF_BYTES,
    decode_error_message,
    is_wide_codec,
    looks_binary,
    normalize_newlines,
    sniff_bom,
)


@dataclass(frozen=True)
class Line:
    """One physical line of an archive: its decoded text, or why it could not be decoded."""

    number: int
    offset: int
    text: str | None
    error: str | None = None


def iter_lines(stream: BinaryIO, path: str, encoding: str | None) -> Iterator[Line]:
    """Decoded lines of ``stream`` (line ends kept), one at a time.

    The first 8 KB are checked for binary content and a byte-order mark. Lines that do not
    decode are yielded with an ``error`` (naming the byte offset) so readers can go on.
    UTF-16/32 content cannot be split on ``\\n`` bytes and is decoded whole instead.
    """
    head = stream.read(BINARY_SNIFF_BYTES)
    codec, skip = (None, 0) if encoding is not None else sniff_bom(head)
    name = encoding or codec or "utf-8"
    if is_wide_codec(name):
        yield from _wide_lines(head + stream.read(), skip, name, path, encoding)
        return
    if looks_binary(head):
        raise InputError(f"{path}: binary file (NUL bytes), not read")
    offset = skip
    for number, raw in enumerate(_byte_lines(head[skip:], stream), start=1):
        try:
            text: str | None = raw.decode(name)
            error = None
        except UnicodeDecodeError as exc:
            text, error = None, decode_error_message(path, offset + exc.start, number, encoding)
        if number == 1 and text is not None and text.startswith("\ufeff"):
            text = text[1:]
        yield Line(number, offset, text, error)
        offset += len(raw)


def _byte_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """Lines of ``head`` followed by the rest of ``stream``, joined across the seam."""
    carry = b""
    for piece in io.BytesIO(head):
        if piece.endswith(b"\n"):
            yield piece
        else:
            carry = piece
    for piece in stream:
        yield carry + piece
        carry = b""
    if carry:
        yield carry


def _wide_lines(
    data: bytes, skip: int, name: str, path: str, encoding: str | None
) -> Iterator[Line]:
    try:
        text = data[skip:].decode(name)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = data.count(b"\n", 0, offset) + 1  # approximate for wide codecs
        raise InputError(decode_error_message(path, offset, line, encoding)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Split on "\n" only, as for bytes: str.splitlines() also breaks at U+2028 and friends.
    pieces = text.split("\n")
    for number, piece in enumerate(pieces, start=1):
        if number < len(pieces):
            yield Line(number, -1, piece + "\n")
        elif piece:
            yield Line(number, -1, piece)


# --- mapping a record to a document --------------------------------------------------------


def record_document(
    values: Mapping[str, object],
    *,
    path: str,
    fmt: str,
    record: int,
    line: int,
    options: ReadOptions,
) -> Document | ReadFailure:
    """The document for one record, or a :class:`ReadFailure` naming the bad field."""
    fields = options.fields
    fallback_id = f"line-{line}"
    raw_id = values.get(fields.id)
    if raw_id is None or raw_id == "":
        doc_id = fallback_id
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return ReadFailure(
            path, fallback_id, f"field '{fields.id}' must be a string or number", line
        )

    text = values.get(fields.text)
    if text is None:
        hint = f"set the field name with --text-field (fields: {_names(values)})"
        return ReadFailure(path, doc_id, f"no '{fields.text}' field; {hint}", line)
    if not isinstance(text, str):
        kind = type(text).__name__
        return ReadFailure(path, doc_id, f"field '{fields.text}' is not a string ({kind})", line)

    optional: dict[str, str | None] = {}
    for key in (fields.source_text, fields.reference_text, fields.lang, fields.source_lang):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            kind = type(value).__name__
            return ReadFailure(path, doc_id, f"field '{key}' is not a string ({kind})", line)
        optional[key] = value or None  # CSV cells are "" when empty

    source_text = optional[fields.source_text]
    reference = optional[fields.reference_text]
    lang = optional[fields.lang]
    source_lang = optional[fields.source_lang]
    return Document(
        text=normalize_newlines(text),
        id=doc_id,
        path=path,
        lang=lang.strip() if lang else options.lang,
        source_lang=source_lang.strip() if source_lang else options.source_lang,
        source_text=normalize_newlines(source_text) if source_text is not None else None,
        reference_text=normalize_newlines(reference) if reference is not None else None,
        line_base=line,
        meta={"record": record, "format": fmt, "line": line},
    )


def _names(values: Iterable[str]) -> str:
    names = ", ".join(str(v) for v in values)
    return names or "none"


# --- JSONL ---------------------------------------------------------------------------------


def iter_jsonl(
    stream: BinaryIO, path: str, options: ReadOptions
) -> Iterator[Document | ReadFailure]:
    """One document per non-blank line of a JSONL stream; bad lines become failures."""
    record = 0
    for line in iter_lines(stream, path, options.encoding):
        if line.text is not None and not line.text.strip():
            continue
        record += 1
        line_id = f"line-{line.number}"
        if line.text is None:
            yield ReadFailure(path, line_id, strip_path(line.error or "", path), line.number)
            continue
        if len(line.text) > options.max_bytes:
            message = f"record too large ({len(line.text)} characters, limit {options.max_bytes})"
            yield ReadFailure(path, line_id, message, line.number)
            continue
        try:
            value = json.loads(line.text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            yield ReadFailure(path, line_id, message, line.number)
            continue
        if not isinstance(value, dict):
            kind = type(value).__name__
            yield ReadFailure(path, line_id, f"expected a JSON object, got {kind}", line.number)
            continue
        yield record_document(
            value, path=path, fmt="jsonl", record=record, line=line.number, options=options
        )


# --- CSV / TSV -----------------------------------------------------------------------------


class _StopRecords(Exception):
    """A line that could not be decoded: CSV rows cannot be resynchronised after it."""

    def __init__(self, line: Line) -> None:
        super().__init__(line.error)
        self.line = line


def _csv_text(lines: Iterator[Line]) -> Iterator[str]:
    for line in lines:
        if line.text is None:
            raise _StopRecords(line)
        yield line.text


def _delimiter(path: str, header: str) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    # Standard input or an unusual extension: a tab-separated header gives itself away.
    if "\t" in header and "," not in header:
        return "\t"
    return ","


def iter_csv(stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    """One document per row of a CSV (or TSV) stream with a header row.

    Quoted fields may span lines. A header without the text column raises
    :class:`InputError`; a row without a text value is a failure and reading goes on.
    """
    # Long texts in one cell are normal here; the per-record limit is max_bytes.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    source = _csv_text(iter_lines(stream, path, options.encoding))
    try:
        first = next(source, None)
    except _StopRecords as stop:
        raise InputError(stop.line.error or f"{path}: cannot decode the header") from None
    if first is None or not first.strip():
        raise InputError(f"{path}: no header row (a CSV file starts with its column names)")
    reader = csv.reader(_chain(first, source), delimiter=_delimiter(path, first))
    header = [name.strip() for name in next(reader)]
    text_field = options.fields.text
    if text_field not in header:
        columns = ", ".join(header)
        raise InputError(
            f"{path}: no '{text_field}' column (columns: {columns}); "
            "set the field name with --text-field"
        )
    record = 0
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except _StopRecords as stop:
            message = strip_path(stop.line.error or "cannot decode", path)
            yield ReadFailure(path, f"line-{stop.line.number}", message, stop.line.number)
            return
        except csv.Error as exc:
            yield ReadFailure(path, f"line-{start}", f"malformed CSV: {exc}", start)
            return
        last_line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        record += 1
        values = dict(zip(header, row, strict=False))  # short rows lack cells
        yield record_document(
            values, path=path, fmt="csv", record=record, line=start, options=options
        )


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
