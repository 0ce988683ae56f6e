"""HTML: visible text, entity decoding, paragraph breaks and offsets back to the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transcheck.document import Document
from transcheck.errors import InputError
from transcheck.readers import read_document, read_string

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Titre de la page</title>
  <style>body { font-family: serif; }</style>
  <script>var s = "<p>pas du texte</p>";</script>
</head>
<body>
  <h1>Le   caf&eacute;
      du coin</h1>
  <!-- un commentaire -->
  <p>Il &eacute;tait une <em>fois</em>, AT&amp;T &#233;crivait&#x21;
     puis<br>une ligne</p>
  <noscript>Activez JavaScript</noscript>
  <ul><li>un</li><li>deux</li></ul>
  <table><tr><td>A1</td><td>B1</td></tr></table>
  <p hidden>cach&eacute;</p>
  <p>Lancez <code>make all</code> maintenant.</p>
</body>
</html>
"""


def page(tmp_path: Path, content: str = PAGE, name: str = "page.html") -> Document:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read_document(str(path))


def test_visible_text_and_breaks(tmp_path: Path) -> None:
    doc = page(tmp_path)
    assert doc.text == (
        "Le café du coin\n\n"
        "Il était une fois, AT&T écrivait! puis\nune ligne\n\n"
        "un\n\ndeux\n\n"
        "A1 B1\n\n"
        "Lancez maintenant."
    )
    assert doc.raw == PAGE
    assert doc.lang == "fr"
    assert doc.meta == {"format": "html", "title": "Titre de la page"}


def test_every_character_maps_to_itself(tmp_path: Path) -> None:
    doc = page(tmp_path)
    assert doc.raw is not None
    for offset, ch in enumerate(doc.text):
        if ch.isspace():
            continue
        raw = doc.raw[doc.raw_offset(offset)]
        assert raw == ch or raw == "&", (offset, ch, raw)


def test_line_and_column_of_words(tmp_path: Path) -> None:
    doc = page(tmp_path)

    def where(word: str) -> tuple[int, int]:
        pos = doc.position(doc.text.index(word))
        return pos.line, pos.column

    assert where("coin") == (11, 10)
    assert where("fois") == (13, 30)
    assert where("café") == (10, 12)
    assert where("écrivait") == (13, 50)  # the "&" of &#233;
    assert where("une ligne") == (14, 14)
    assert where("B1") == (17, 29)
    assert where("maintenant") == (19, 35)


def test_entities_and_whitespace() -> None:
    doc = read_string(
        "<p>a&nbsp;b &lt;tag&gt; x&#32;&#32;y AT&T &bogus; 5 &amp 6</p>", input_format="html"
    )
    assert doc.text == "a\xa0b <tag> x y AT&T &bogus; 5 & 6"


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "w.htm"
    path.write_bytes(b"\xef\xbb\xbf<p>one</p>\r\n<p>\r\ntwo  words</p>\r\n")
    doc = read_document(str(path))
    assert doc.text == "one\n\ntwo words"
    pos = doc.position(doc.text.index("words"))
    assert (pos.line, pos.column) == (3, 6)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<div>a<div>b</div>c</div>", "a\n\nb\n\nc"),
        ("a<br>b<br/><br>c", "a\nb\n\nc"),
        ("<span>a</span><span>b</span> <span>c</span>", "ab c"),
        ("<template><p>t</p></template><p>x</p>", "x"),
        ("<svg><text>s</text></svg>ok", "ok"),
        ("<head><title>t</title><body><p>open head</p>", "open head"),
        ("<head><meta charset='utf-8'><p>no body tag</p>", "no body tag"),
        ("text <script>if (a < b) { x = '</p>'; }</script> after", "text after"),
        ("", ""),
        ("   \n  ", ""),
    ],
)
def test_structure(source: str, expected: str) -> None:
    assert read_string(source, input_format="html").text == expected


def test_offsets_on_a_larger_page() -> None:
    body = "\n".join(
        f"<p class='p{i}'>Zeile {i} mit &auml; und <a href='#{i}'>Link {i}</a>.</p>"
        for i in range(200)
    )
    doc = read_string(f"<html><body>\n{body}\n</body></html>", input_format="html")
    assert doc.raw is not None
    for match in re.finditer(r"Link (\d+)", doc.text):
        pos = doc.position(match.start())
        line = doc.raw.split("\n")[pos.line - 1]
        assert line[pos.column - 1 :].startswith(match.group())
        assert pos.line == int(match.group(1)) + 2


def test_meta_charset_declares_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        b"</head><body><p>Caf\xe9 cr\xe8me</p></body></html>"
    )
    assert read_document(str(path)).text == "Café crème"
    utf8 = tmp_path / "utf8.html"
    utf8.write_bytes(b'<meta charset="utf-8"><p>caf\xe9</p>')
    with pytest.raises(InputError, match="invalid UTF-8 at byte 28"):
        read_document(str(utf8))


def test_span_end_stays_on_the_text_before_markup(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>He said the <b>the</b> plan.</p>", encoding="utf-8")
    doc = read_document(str(page))
    start = doc.text.index("the the") + 4
    end = start + 3
    assert doc.position(start).column == doc.raw.index("<b>the") + 4
    # the exclusive end is just after "the", not after "</b>"
    assert doc.end_position(end, start).column == doc.raw.index("</b>") + 1
