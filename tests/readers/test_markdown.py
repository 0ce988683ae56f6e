"""Markdown: prose kept at file offsets, everything else blanked."""

from __future__ import annotations

from pathlib import Path

from transcheck.readers import ReadOptions, read_document, read_string
from transcheck.readers.markdown import blank_markdown


def blanked(source: str) -> str:
    text, _ = blank_markdown(source)
    assert len(text) == len(source)
    assert [len(line) for line in text.split("\n")] == [len(line) for line in source.split("\n")]
    return text


def words(source: str) -> list[str]:
    return blanked(source).split()


def test_offsets_are_file_offsets(tmp_path: Path) -> None:
    source = (
        "---\n"
        "title: Ein Titel\n"
        "lang: de\n"
        "---\n"
        "# Überschrift\n"
        "\n"
        "```python\n"
        "print('hello world')\n"
        "```\n"
        "\n"
        "Danach kommt der Satz.\n"
    )
    path = tmp_path / "doc.md"
    path.write_text(source, encoding="utf-8")
    doc = read_document(str(path))
    assert doc.raw == source
    assert len(doc.text) == len(source)
    offset = doc.text.index("Satz")
    assert source[offset : offset + 4] == "Satz"
    pos = doc.position(offset)
    assert (pos.line, pos.column) == (11, 18)
    assert "hello" not in doc.text and "Titel" not in doc.text and "python" not in doc.text
    assert doc.text.split() == ["Überschrift", "Danach", "kommt", "der", "Satz."]
    assert doc.lang == "de"  # declared in the front matter, wins over the default
    assert doc.meta["format"] == "markdown"


def test_crlf_file_positions(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"# Title\r\n\r\n~~~\r\ncode\r\n~~~\r\nText here.\r\n")
    doc = read_document(str(path))
    pos = doc.position(doc.text.index("here"))
    assert (pos.line, pos.column) == (6, 6)
    assert doc.text.split() == ["Title", "Text", "here."]


def test_toml_front_matter_and_default_lang() -> None:
    doc = read_string('+++\ntitle = "x"\n+++\nBody.\n', input_format="markdown", lang="en")
    assert doc.text.split() == ["Body."]
    assert doc.lang == "en"


def test_unclosed_front_matter_is_a_rule() -> None:
    assert words("---\nNot front matter.\n") == ["Not", "front", "matter."]


def test_fences() -> None:
    source = "a\n\n````md\n```\ninner\n```\n````\nb\n~~~\nx\n~~~\nc\n"
    assert words(source) == ["a", "b", "c"]
    assert words("start\n\n```\nnever closed\nstill code\n") == ["start"]


def test_indented_code_but_not_list_continuation() -> None:
    source = "Para.\n\n    code line\n    more code\n\nBack.\n\n- item\n\n    continued item\n"
    assert words(source) == ["Para.", "Back.", "item", "continued", "item"]


def test_inline_markup() -> None:
    source = (
        "Use `rm -rf` with **care** and _taste_, ~~not~~ never.\n"
        'A [link text](https://example.com/x_(y) "Title") and ![the alt](pic.png).\n'
        'A <span class="k">tag</span> and <!-- a\ncomment --> and <https://auto.link>.\n'
    )
    assert words(source) == [
        "Use",
        "with",
        "care",
        "and",
        "taste",
        ",",
        "not",
        "never.",
        "A",
        "link",
        "text",
        "and",
        "the",
        "alt",
        ".",
        "A",
        "tag",
        "and",
        "and",
        ".",
    ]


def test_emphasis_is_conservative() -> None:
    assert words("snake_case_name and 2 * 3 and a*b\n") == [
        "snake_case_name",
        "and",
        "2",
        "*",
        "3",
        "and",
        "a*b",
    ]
    # The backslash becomes a space: the escaped character stays, detached.
    assert blanked(r"\*not emphasis\* and \`tick\`") == r" *not emphasis * and  `tick `"


def test_block_markers() -> None:
    source = (
        "## Heading two ##\n"
        "\n"
        "> Quoted words\n"
        "> > nested\n"
        "\n"
        "1. first\n"
        "2) second\n"
        "* [x] done task\n"
        "\n"
        "***\n"
        "\n"
        "Setext title\n"
        "============\n"
    )
    assert words(source) == (
        [
            "Heading",
            "two",
            "Quoted",
            "words",
            "nested",
            "first",
            "second",
            "done",
            "task",
            "Setext",
            "title",
        ]
    )


def test_tables_and_reference_links() -> None:
    source = (
        "| Name | Wert |\n"
        "|:-----|-----:|\n"
        "| eins | zwei |\n"
        "\n"
        "See [the docs] and [more][docs].\n"
        "\n"
        "[the docs]: https://example.com/docs\n"
        '[docs]: https://example.com "Docs"\n'
    )
    assert words(source) == [
        "Name",
        "Wert",
        "eins",
        "zwei",
        "See",
        "the",
        "docs",
        "and",
        "more",
        ".",
    ]


def test_literal_brackets_stay() -> None:
    assert words("An array [1, 2] stays.\n") == ["An", "array", "[1,", "2]", "stays."]


def test_script_block_in_markdown_blanked() -> None:
    assert words("Text.\n\n<script>\nvar a = 1;\n</script>\n\nMore.\n") == ["Text.", "More."]


def test_options_encoding(tmp_path: Path) -> None:
    path = tmp_path / "l.markdown"
    path.write_bytes("# Café\n".encode("latin-1"))
    doc = read_document(str(path), ReadOptions(encoding="latin-1"))
    assert doc.text.split() == ["Café"]
