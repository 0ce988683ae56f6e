"""Input readers: turn files, standard input and archive records into :class:`Document` objects.

One module per format (``text``, ``markdown``, ``html``, ``records`` for JSONL and CSV). This
module holds the options shared by all readers and the entry points the commands use:

- :func:`read_document` reads one file into one document (raises :class:`InputError`);
- :func:`iter_documents` walks files, directories and standard input lazily, yielding one
  document per file or per archive record, and a :class:`ReadFailure` for anything that cannot
  be read, so a batch can record it and go on;
- :func:`read_string` wraps text already in memory (the Python API).

Format modules are imported lazily so that importing this package stays cheap.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from transcheck.document import Document
from transcheck.errors import ConfigError, InputError

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "jsonl", "csv")
#: Formats whose files hold many records (one document each).
ARCHIVE_FORMATS: frozenset[str] = frozenset({"jsonl", "csv"})

_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}

STDIN = "-"


@dataclass(frozen=True)
class FieldMap:
    """Names of the record fields (JSONL keys, CSV columns) that feed a document."""

    id: str = "id"
    text: str = "text"
    source_text: str = "source_text"
    source_lang: str = "source_lang"
    lang: str = "lang"
    reference_text: str = "reference"


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs.

    Attributes:
        encoding: codec of the files; ``None`` means UTF-8 (a BOM is stripped) and invalid
            bytes are an error naming the file and byte offset.
        input_format: one of :data:`FORMATS`; ``None`` picks the format by file extension
            (standard input defaults to ``text``).
        fields: record field names for JSONL and CSV.
        lang: declared language for documents that do not declare one.
        source_lang: declared source language for documents that do not declare one.
        include: globs of the files a directory walk reads (matched against the path relative
            to the directory and against the basename).
        exclude: globs of files and directories a walk skips (same matching).
        max_bytes: larger files are not read (a :class:`ReadFailure`). For JSONL and CSV
            archives the limit applies to each record instead, so large archives stream.
        recursive: walk directories; when False a directory path is an error (``check``
            wants ``--recursive`` so that a stray directory argument is not a silent walk).
    """

    encoding: str | None = None
    input_format: str | None = None
    fields: FieldMap = field(default_factory=FieldMap)
    lang: str | None = None
    source_lang: str | None = None
    include: tuple[str, ...] = (
        "*.txt",
        "*.md",
        "*.markdown",
        "*.html",
        "*.htm",
        "*.jsonl",
        "*.ndjson",
        "*.csv",
        "*.tsv",
    )
    exclude: tuple[str, ...] = ()
    max_bytes: int = 20_000_000
    recursive: bool = True


@dataclass(frozen=True)
class ReadFailure:
    """A file or record that could not be read; batches record it and go on.

    ``id`` is the record id (or ``line-N``) for a bad record, the path for a whole file.
    ``line`` is the 1-based line in ``path`` where the problem is, when known.
    """

    path: str
    id: str
    message: str
    line: int | None = None


def detect_format(path: str) -> str:
    """The reader format for ``path`` by its extension; unknown extensions read as ``text``."""
    if path == STDIN:
        return "text"
    ext = os.path.splitext(path)[1].lower()
    return _EXTENSIONS.get(ext, "text")


def check_options(options: ReadOptions) -> None:
    """Raise :class:`ConfigError` for an unknown format or encoding."""
    if options.input_format is not None and options.input_format not in FORMATS:
        raise ConfigError(
            f"unknown input format {options.input_format!r} (choose from {', '.join(FORMATS)})"
        )
    if options.encoding is not None:
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise ConfigError(f"unknown encoding {options.encoding!r}") from None
    if options.max_bytes <= 0:
        raise ConfigError(f"max_bytes must be positive (got {options.max_bytes})")


def _format_for(path: str, options: ReadOptions) -> str:
    if options.input_format is not None:
        return options.input_format
    return detect_format(path)


def read_document(path: str, options: ReadOptions = ReadOptions()) -> Document:
    """Read one file (or ``"-"`` for standard input) into a document.

    A JSONL or CSV file must hold exactly one record here; use :func:`iter_documents` for
    archives. Raises :class:`InputError` when the file cannot be read.
    """
    check_options(options)
    fmt = _format_for(path, options)
    if path != STDIN:
        if not os.path.exists(path):
            raise InputError(f"no such file: {path}")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory (read it with iter_documents)")
    if fmt in ARCHIVE_FORMATS:
        return _single_record(path, _iter_file(path, fmt, options))
    if path == STDIN:
        return _document_from_bytes(_stdin_bytes(), STDIN, fmt, options)
    from transcheck.readers.text import read_bytes

    return _document_from_bytes(read_bytes(path, options.max_bytes), path, fmt, options)


def iter_documents(
    paths: Sequence[str], options: ReadOptions = ReadOptions()
) -> Iterator[Document | ReadFailure]:
    """Documents from files, directories and standard input, lazily and in a stable order.

    Each path may be a file, a directory (walked recursively, in sorted order, reading the
    files that match ``options.include`` and not ``options.exclude``; hidden directories are
    skipped) or ``"-"`` for standard input. JSONL and CSV files yield one document per record,
    read line by line so that archives of any size stream.

    Explicitly named paths are checked before anything is read: a missing one raises
    :class:`InputError` at once. Everything that fails later (an unreadable file, a bad record)
    is yielded as a :class:`ReadFailure` and the walk goes on.
    """
    check_options(options)
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise InputError(f"no such file: {path}")
        if not options.recursive and path != STDIN and os.path.isdir(path):
            raise InputError(f"{path} is a directory: use --recursive to check the files in it")
    return _iter_paths(list(paths), options)


def read_string(
    text: str,
    *,
    doc_id: str = "<string>",
    input_format: str = "text",
    path: str | None = None,
    lang: str | None = None,
    source_lang: str | None = None,
) -> Document:
    """A document from text already in memory, read as ``input_format`` would read a file."""
    options = ReadOptions(input_format=input_format, lang=lang, source_lang=source_lang)
    check_options(options)
    from transcheck.readers.text import normalize_newlines

    content = normalize_newlines(text[1:] if text.startswith("\ufeff") else text)
    if input_format in ARCHIVE_FORMATS:
        import io

        stream = io.BytesIO(content.encode("utf-8"))
        records = _iter_stream(stream, path or doc_id, input_format, options)
        return _single_record(path or doc_id, records)
    doc = _document_from_text(content, doc_id, input_format, options)
    doc.path = path
    return doc


# --- internals ---------------------------------------------------------------------------


def _document_from_text(content: str, path: str, fmt: str, options: ReadOptions) -> Document:
    """Build the document for a whole-file format from decoded, newline-normalised content."""
    if fmt == "markdown":
        from transcheck.readers.markdown import markdown_document

        return markdown_document(content, path, options)
    if fmt == "html":
        from transcheck.readers.html import html_document

        return html_document(content, path, options)
    from transcheck.readers.text import text_document

    return text_document(content, path, options)


def _document_from_bytes(data: bytes, path: str, fmt: str, options: ReadOptions) -> Document:
    from transcheck.readers.text import decode_bytes

    encoding = options.encoding
    if encoding is None and fmt == "html":
        from transcheck.readers.html import sniff_charset

        encoding = sniff_charset(data)  # an HTML page may declare its encoding
    return _document_from_text(decode_bytes(data, path, encoding), path, fmt, options)


def _stdin_bytes() -> bytes:
    return _stdin_stream().read()


def _stdin_stream() -> BinaryIO:
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("standard input is not available")
    return stream


def _single_record(path: str, items: Iterator[Document | ReadFailure]) -> Document:
    first: Document | None = None
    for item in items:
        if isinstance(item, ReadFailure):
            where = f"{path}:{item.line}" if item.line is not None else path
            raise InputError(f"{where}: {item.message}")
        if first is not None:
            raise InputError(f"{path}: holds more than one record (read it as a batch)")
        first = item
    if first is None:
        raise InputError(f"{path}: no records")
    return first


def _iter_paths(paths: list[str], options: ReadOptions) -> Iterator[Document | ReadFailure]:
    for path in paths:
        if path == STDIN:
            yield from _iter_stdin(options)
        elif os.path.isdir(path):
            for file_path in walk_files(path, options.include, options.exclude):
                yield from _iter_one(file_path, options)
        else:
            yield from _iter_one(path, options)


def _iter_stdin(options: ReadOptions) -> Iterator[Document | ReadFailure]:
    fmt = options.input_format or "text"
    try:
        if fmt in ARCHIVE_FORMATS:
            yield from _iter_stream(_stdin_stream(), STDIN, fmt, options)
        else:
            yield _document_from_bytes(_stdin_bytes(), STDIN, fmt, options)
    except InputError as exc:
        yield ReadFailure(STDIN, STDIN, strip_path(str(exc), STDIN))


def _iter_one(path: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    fmt = _format_for(path, options)
    try:
        if fmt in ARCHIVE_FORMATS:
            yield from _iter_file(path, fmt, options)
        else:
            from transcheck.readers.text import read_bytes

            data = read_bytes(path, options.max_bytes)
            yield _document_from_bytes(data, path, fmt, options)
    except InputError as exc:
        yield ReadFailure(path, path, strip_path(str(exc), path))


def strip_path(message: str, path: str) -> str:
    """ReadFailure already names the path; drop a leading ``path: `` from the message."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _iter_file(path: str, fmt: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    if path == STDIN:
        yield from _iter_stream(_stdin_stream(), STDIN, fmt, options)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - the with block below closes it
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror or exc}") from None
    with stream:
        yield from _iter_stream(stream, path, fmt, options)


def _iter_stream(
    stream: BinaryIO, path: str, fmt: str, options: ReadOptions
) -> Iterator[Document | ReadFailure]:
    from transcheck.readers.records import iter_csv, iter_jsonl

    if fmt == "jsonl":
        yield from iter_jsonl(stream, path, options)
    else:
        yield from iter_csv(stream, path, options)


def walk_files(root: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    """Files under ``root`` matching ``include`` and not ``exclude``, in sorted order.

    Globs are matched against the path relative to ``root`` (with ``/`` separators) and
    against the basename; an excluded directory is not entered. Hidden directories (``.git``,
    ``.venv``...) are skipped.
    """

    def matches(rel: str, patterns: Sequence[str]) -> bool:
        name = rel.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)

    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        # Prune in place so os.walk neither enters nor orders them differently.
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not matches(rel_dir + d, exclude)
        )
        for name in sorted(filenames):
            rel = rel_dir + name
            if matches(rel, include) and not matches(rel, exclude):
                yield os.path.join(dirpath, name)


__all__ = [
    "ARCHIVE_FORMATS",
    "FORMATS",
    "FieldMap",
    "ReadFailure",
    "ReadOptions",
    "check_options",
    "detect_format",
    "iter_documents",
    "read_document",
    "read_string",
    "walk_files",
]
