"""JSONL and CSV archives: one document per record, failures per bad record."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.readers import (
    FieldMap,
    ReadFailure,
    ReadOptions,
    iter_documents,
    read_document,
    read_string,
)
from transcheck.readers.records import iter_jsonl


def read_all(path: Path, options: ReadOptions | None = None) -> list[Document | ReadFailure]:
    return list(iter_documents([str(path)], options or ReadOptions()))


def test_jsonl_fields_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": "Bonjour\r\nle monde", "lang": "fr", "source_text": "Hi"}),
        "",
        json.dumps({"text": "Sans id", "reference": "Without id", "source_lang": "en"}),
        json.dumps({"id": 7, "text": ""}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path, ReadOptions(lang="de", source_lang="zh"))
    assert all(isinstance(item, Document) for item in items)
    first, second, third = (item for item in items if isinstance(item, Document))
    assert (first.id, first.text, first.lang, first.source_lang) == (
        "r1",
        "Bonjour\nle monde",
        "fr",
        "zh",
    )
    assert first.source_text == "Hi"
    assert first.path == str(path)
    assert first.meta == {"record": 1, "format": "jsonl", "line": 1}
    assert first.line_base == 1
    assert first.display_path == f"{path}[r1]"
    pos = first.position(first.text.index("monde"))
    assert (pos.line, pos.column) == (2, 4)  # within the record's text
    assert (second.id, second.lang, second.source_lang) == ("line-3", "de", "en")
    assert second.reference_text == "Without id"
    assert second.meta == {"record": 2, "format": "jsonl", "line": 3}
    assert second.line_base == 3
    assert (third.id, third.text) == ("7", "")


def test_jsonl_bad_lines_do_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.ndjson"
    path.write_bytes(
        b'{"id": "ok1", "text": "first"}\n'
        b"{not json}\n"
        b'{"id": "no-text", "body": "x"}\n'
        b'{"id": "num", "text": 42}\n'
        b"[1, 2]\n"
        b'{"id": "latin", "text": "caf\xe9"}\n'
        b'{"id": "ok2", "text": "last"}'
    )
    items = read_all(path)
    docs = [item.id for item in items if isinstance(item, Document)]
    failures = [item for item in items if isinstance(item, ReadFailure)]
    assert docs == ["ok1", "ok2"]
    assert [(f.id, f.line) for f in failures] == [
        ("line-2", 2),
        ("no-text", 3),
        ("num", 4),
        ("line-5", 5),
        ("line-6", 6),
    ]
    assert "invalid JSON" in failures[0].message
    assert "'text'" in failures[1].message and "body" in failures[1].message
    assert "'text'" in failures[2].message and "not a string" in failures[2].message
    assert "JSON object" in failures[3].message
    assert "invalid UTF-8" in failures[4].message and "byte" in failures[4].message
    assert all(f.path == str(path) for f in failures)
    last = items[-1]
    assert isinstance(last, Document) and last.meta["record"] == 7


def test_jsonl_field_map(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"key": "k1", "body": "Texte", "src": "Text"}) + "\n")
    fields = FieldMap(id="key", text="body", source_text="src")
    (doc,) = read_all(path, ReadOptions(fields=fields))
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.source_text) == ("k1", "Texte", "Text")


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b"}\r\n')
    texts = [item.text for item in read_all(path) if isinstance(item, Document)]
    assert texts == ["a", "b"]


def test_jsonl_record_limit(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"text": "short"}\n{"text": "' + "x" * 200 + '"}\n')
    items = read_all(path, ReadOptions(max_bytes=100))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], ReadFailure) and "too large" in items[1].message


def test_jsonl_streams() -> None:
    """Records come out before the stream is exhausted."""

    class Stream(io.BytesIO):
        def __init__(self) -> None:
            super().__init__(b"".join(b'{"text": "r%d"}\n' % i for i in range(50_000)))

    stream = Stream()
    records = iter_jsonl(stream, "s.jsonl", ReadOptions())
    first = next(records)
    assert isinstance(first, Document) and first.text == "r0"
    assert stream.tell() < len(stream.getvalue())


def test_csv_multiline_field(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(
        b"id,text,lang,source_text\r\n"
        b'a,"Erste Zeile\r\nzweite Zeile, mit Komma",de,\r\n'
        b'b,"Er sagte ""ja""",,Yes\r\n'
        b"\r\n"
        b"c,Dritte,,\r\n"
    )
    items = read_all(path, ReadOptions(lang="en"))
    docs = [item for item in items if isinstance(item, Document)]
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert docs[0].text == "Erste Zeile\nzweite Zeile, mit Komma"
    assert docs[0].lang == "de"
    assert docs[0].source_text is None  # empty cell
    assert docs[0].meta == {"record": 1, "format": "csv", "line": 2}
    assert docs[1].text == 'Er sagte "ja"'
    assert (docs[1].lang, docs[1].source_text) == ("en", "Yes")
    assert docs[1].meta == {"record": 2, "format": "csv", "line": 4}
    assert docs[2].meta == {"record": 3, "format": "csv", "line": 6}
    assert docs[2].line_base == 6


def test_csv_without_id_column_and_tsv(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("text\tnote\nHallo, Welt\tx\nZweite\ty\n", encoding="utf-8")
    docs = read_all(path)
    assert [(d.id, d.text) for d in docs if isinstance(d, Document)] == [
        ("line-2", "Hallo, Welt"),
        ("line-3", "Zweite"),
    ]


def test_csv_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError) as err:
        read_document(str(path))
    assert str(err.value) == (
        f"{path}: no 'text' column (columns: a, b, c); set the field name with --text-field"
    )
    (failure,) = read_all(path)
    assert isinstance(failure, ReadFailure)
    assert failure.path == str(path)
    assert failure.message.startswith("no 'text' column (columns: a, b, c)")


def test_csv_custom_text_field_and_short_row(tmp_path: Path) -> None:
    path = tmp_path / "i.csv"
    path.write_text("key,body\nk1,Texte\nk2\nk3,Fin\n")
    items = read_all(path, ReadOptions(fields=FieldMap(id="key", text="body")))
    assert isinstance(items[0], Document) and items[0].text == "Texte"
    assert isinstance(items[1], ReadFailure) and items[1].line == 3 and items[1].id == "k2"
    assert isinstance(items[2], Document) and items[2].id == "k3"


def test_csv_empty_and_undecodable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    (failure,) = read_all(empty)
    assert isinstance(failure, ReadFailure) and "no header row" in failure.message
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"text\nok\ncaf\xe9\nafter\n")
    items = read_all(bad)
    assert isinstance(items[0], Document)
    assert isinstance(items[1], ReadFailure)
    assert items[1].line == 3 and "byte 11" in items[1].message
    latin = read_all(bad, ReadOptions(encoding="latin-1"))
    assert [d.text for d in latin if isinstance(d, Document)] == ["ok", "café", "after"]


def test_read_document_on_single_record_archive(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "x", "text": "only"}\n')
    assert read_document(str(one)).id == "x"
    two = tmp_path / "two.jsonl"
    two.write_text('{"text": "a"}\n{"text": "b"}\n')
    with pytest.raises(InputError, match="more than one record"):
        read_document(str(two))
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    with pytest.raises(InputError, match=r"bad.jsonl:1: invalid JSON"):
        read_document(str(bad))


def test_read_string_record() -> None:
    doc = read_string('{"id": "s", "text": "t"}', input_format="jsonl")
    assert (doc.id, doc.text, doc.path) == ("s", "t", "<string>")
