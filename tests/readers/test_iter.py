"""iter_documents: paths, directory walks, standard input and failures."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from transcheck.document import Document
from transcheck.errors import ConfigError, InputError
from transcheck.readers import ReadFailure, ReadOptions, iter_documents, read_document


def tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def ids(items: list[Document | ReadFailure]) -> list[str]:
    return [item.id for item in items]


def test_directory_walk_sorted_with_include_exclude(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "b.txt": b"bee",
            "a.md": b"# A",
            "sub/c.html": b"<p>c</p>",
            "sub/z.txt": b"z",
            "sub/deep/d.txt": b"d",
            "build/out.txt": b"generated",
            ".git/HEAD.txt": b"hidden",
            "image.png": b"\x89PNG",
            "notes.rst": b"not included",
        },
    )
    items = list(iter_documents([str(tmp_path)], ReadOptions(exclude=("build", "sub/z.txt"))))
    rel = [str(Path(item.id).relative_to(tmp_path)) for item in items]
    assert rel == ["a.md", "b.txt", "sub/c.html", "sub/deep/d.txt"]
    assert all(isinstance(item, Document) for item in items)
    texts = [item.text.strip() for item in items if isinstance(item, Document)]
    assert texts == ["A", "bee", "c", "d"]


def test_include_matches_relative_path_and_basename(tmp_path: Path) -> None:
    tree(tmp_path, {"docs/x.txt": b"x", "other/y.txt": b"y", "top.txt": b"t"})
    only_docs = iter_documents([str(tmp_path)], ReadOptions(include=("docs/*",)))
    assert [Path(item.id).name for item in only_docs] == ["x.txt"]
    by_name = iter_documents([str(tmp_path)], ReadOptions(include=("y.*",)))
    assert [Path(item.id).name for item in by_name] == ["y.txt"]
    excluded = iter_documents([str(tmp_path)], ReadOptions(exclude=("*.txt",)))
    assert list(excluded) == []


def test_unreadable_files_become_failures(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "a.txt": b"fine",
            "b.txt": b"\x00\x01binary",
            "c.txt": b"caf\xe9",
            "d.txt": b"x" * 50,
            "e.csv": b"a,b\n1,2\n",
            "f.txt": b"also fine",
        },
    )
    items = list(iter_documents([str(tmp_path)], ReadOptions(max_bytes=40)))
    assert [Path(item.id).name for item in items] == [
        "a.txt",
        "b.txt",
        "c.txt",
        "d.txt",
        "e.csv",
        "f.txt",
    ]
    kinds = [type(item).__name__ for item in items]
    assert kinds == [
        "Document",
        "ReadFailure",
        "ReadFailure",
        "ReadFailure",
        "ReadFailure",
        "Document",
    ]
    failures = [item for item in items if isinstance(item, ReadFailure)]
    assert "binary file" in failures[0].message
    assert "invalid UTF-8 at byte 3" in failures[1].message
    assert "file too large" in failures[2].message
    assert "no 'text' column" in failures[3].message
    assert all(not f.message.startswith(f.path) for f in failures)


def test_named_missing_path_raises_before_reading(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": b"a"})
    with pytest.raises(InputError, match=r"no such file: .*missing\.txt"):
        iter_documents([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")])


def test_bad_option_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        iter_documents([str(tmp_path)], ReadOptions(input_format="pdf"))


def test_named_files_keep_their_order_and_ignore_include(tmp_path: Path) -> None:
    tree(tmp_path, {"z.txt": b"z", "a.log": b"log text"})
    items = list(iter_documents([str(tmp_path / "z.txt"), str(tmp_path / "a.log")]))
    assert [item.text for item in items if isinstance(item, Document)] == ["z", "log text"]


def test_jsonl_in_walk_yields_records(tmp_path: Path) -> None:
    tree(tmp_path, {"r.jsonl": b'{"id": "1", "text": "a"}\nnope\n{"id": "3", "text": "c"}\n'})
    items = list(iter_documents([str(tmp_path)]))
    assert ids(items) == ["1", "line-2", "3"]
    assert isinstance(items[1], ReadFailure) and items[1].line == 2


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"\xef\xbb\xbfFrom stdin\r\nline two")
    (doc,) = list(iter_documents(["-"], ReadOptions(lang="en")))
    assert isinstance(doc, Document)
    assert (doc.text, doc.id, doc.path, doc.lang) == ("From stdin\nline two", "-", "-", "en")


def test_stdin_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    items = list(iter_documents(["-"], ReadOptions(input_format="jsonl")))
    assert ids(items) == ["a", "b"]
    assert all(isinstance(item, Document) and item.path == "-" for item in items)
    stdin(monkeypatch, b"<p>Hello <i>web</i></p>")
    assert read_document("-", ReadOptions(input_format="html")).text == "Hello web"


def test_stdin_binary_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"\x00\x00\x00")
    (failure,) = list(iter_documents(["-"]))
    assert isinstance(failure, ReadFailure) and failure.path == "-"
    assert "binary file" in failure.message


def test_forced_format_applies_to_walked_files(tmp_path: Path) -> None:
    tree(tmp_path, {"page.txt": b"<p>a <b>b</b></p>"})
    (doc,) = list(iter_documents([str(tmp_path)], ReadOptions(input_format="html")))
    assert isinstance(doc, Document) and doc.text == "a b"
