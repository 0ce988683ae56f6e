"""Plain text reading: encodings, BOM, line ends, binary and empty files."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import ConfigError, InputError
from transcheck.readers import ReadOptions, detect_format, read_document, read_string


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_utf8_plain(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Grüße\nzweite Zeile\n".encode())
    doc = read_document(path)
    assert doc.text == "Grüße\nzweite Zeile\n"
    assert doc.id == path and doc.path == path
    assert doc.meta["format"] == "text"
    pos = doc.position(doc.text.index("Zeile"))
    assert (pos.line, pos.column) == (2, 8)


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfHello world")
    doc = read_document(path)
    assert doc.text == "Hello world"
    pos = doc.position(doc.text.index("world"))
    assert (pos.line, pos.column) == (1, 7)


def test_crlf_and_lone_cr_normalised_positions_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", b"one\r\ntwo words\rthree\r\n")
    doc = read_document(path)
    assert doc.text == "one\ntwo words\nthree\n"
    pos = doc.position(doc.text.index("words"))
    assert (pos.line, pos.column) == (2, 5)
    pos = doc.position(doc.text.index("three"))
    assert (pos.line, pos.column) == (3, 1)


def test_latin1_needs_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "ligne\ncafé crème".encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert path in message
    assert "byte 9" in message  # "ligne\ncaf" is 9 bytes
    assert "line 2" in message
    assert "--encoding" in message
    assert "\n" not in message
    doc = read_document(path, ReadOptions(encoding="latin-1"))
    assert doc.text == "ligne\ncafé crème"


def test_unknown_encoding_is_config_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"x")
    with pytest.raises(ConfigError, match="unknown encoding"):
        read_document(path, ReadOptions(encoding="no-such-codec"))


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", "Hallo Welt\r\n".encode("utf-16"))
    assert read_document(path).text == "Hallo Welt\n"


def test_binary_file_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "blob.txt", b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="binary file"):
        read_document(path)


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")
    doc = read_document(path)
    assert doc.text == ""


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "nope.txt"))


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"x" * 100)
    with pytest.raises(InputError, match="file too large"):
        read_document(path, ReadOptions(max_bytes=10))


def test_options_set_languages(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"Hello")
    doc = read_document(path, ReadOptions(lang="en", source_lang="zh"))
    assert (doc.lang, doc.source_lang) == ("en", "zh")


def test_detect_format() -> None:
    assert detect_format("a/b.TXT") == "text"
    assert detect_format("x.md") == "markdown"
    assert detect_format("x.markdown") == "markdown"
    assert detect_format("x.htm") == "html"
    assert detect_format("x.ndjson") == "jsonl"
    assert detect_format("x.tsv") == "csv"
    assert detect_format("x.unknown") == "text"
    assert detect_format("-") == "text"


def test_forced_format(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", b"<p>Hello <b>there</b></p>")
    assert read_document(path).text == "<p>Hello <b>there</b></p>"
    assert read_document(path, ReadOptions(input_format="html")).text == "Hello there"
    with pytest.raises(ConfigError, match="unknown input format"):
        read_document(path, ReadOptions(input_format="docx"))


def test_read_string() -> None:
    doc = read_string("\ufeffa\r\nb", doc_id="x", lang="fr")
    assert doc.text == "a\nb"
    assert (doc.id, doc.path, doc.lang) == ("x", None, "fr")
    html_doc = read_string("<p>Hi&amp;bye</p>", input_format="html", path="p.html")
    assert html_doc.text == "Hi&bye"
    assert html_doc.path == "p.html"
