"""Plain text files, and the byte-level helpers every reader shares.

Decoding rules: without an explicit encoding the content must be UTF-8 (a UTF-8 BOM is
stripped; a UTF-16 or UTF-32 BOM selects that codec). Line ends (CRLF, lone CR) become ``\\n``;
only line ends change, so every ``line:col`` stays that of the file.
"""

from __future__ import annotations

import codecs
import os
import re

from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.readers import ReadOptions

#: How much of a file is looked at to tell binary from text (as git and grep do).
BINARY_SNIFF_BYTES = 8192

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NEWLINES = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR to ``\\n`` (line and column numbers are unchanged)."""
    if "\r" not in text:
        return text
    return _NEWLINES.sub("\n", text)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The content of ``path``; :class:`InputError` when it is too large or unreadable."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(
                f"{path}: file too large ({size} bytes, limit {max_bytes}); "
                "raise the limit (max_bytes) to read it"
            )
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def sniff_bom(data: bytes) -> tuple[str | None, int]:
    """The codec a byte-order mark at the start of ``data`` selects, and the BOM's length."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None, 0


def is_wide_codec(encoding: str) -> bool:
    """True for codecs (UTF-16, UTF-32) whose text legitimately holds NUL bytes."""
    name = codecs.lookup(encoding).name
    return name.startswith(("utf-16", "utf-32"))


def looks_binary(data: bytes) -> bool:
    """NUL bytes near the start: not a text file."""
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


def decode_bytes(data: bytes, path: str, encoding: str | None) -> str:
    """Decode file content and normalise line ends; :class:`InputError` on bad bytes.

    Without ``encoding`` the content is UTF-8 (BOM stripped) unless a UTF-16/32 BOM says
    otherwise. Binary content (NUL bytes in the first 8 KB) is refused.
    """
    codec, skip = (None, 0) if encoding is not None else sniff_bom(data)
    wide = (codec is not None and codec.startswith(("utf-16", "utf-32"))) or (
        encoding is not None and is_wide_codec(encoding)
    )
    if not wide and looks_binary(data):
        raise InputError(f"{path}: binary file (NUL bytes), not read")
    name = encoding or codec or "utf-8"
    try:
        text = data[skip:].decode(name)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(decode_error_message(path, offset, line, encoding)) from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM left by an explicit utf-8/utf-16 encoding
    return normalize_newlines(text)


def decode_error_message(path: str, offset: int, line: int, encoding: str | None) -> str:
    """One line naming the file, byte offset and line of an undecodable byte."""
    if encoding is None:
        return (
            f"{path}: invalid UTF-8 at byte {offset} (line {line}); if the file uses another "
            "encoding, pass it with --encoding (e.g. --encoding latin-1)"
        )
    return f"{path}: cannot decode byte {offset} (line {line}) as {encoding}; check --encoding"


def text_document(content: str, path: str, options: ReadOptions) -> Document:
    """A plain-text document: the text is the (decoded, newline-normalised) content."""
    return Document(
        text=content,
        id=path,
        path=path,
        lang=options.lang,
        source_lang=options.source_lang,
        meta={"format": "text"},
    )
