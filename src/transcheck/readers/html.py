"""HTML files: the visible text, with offsets that map back to the file.

The document text is what a reader of the page sees: no ``<head>`` (so no ``<title>``),
scripts, styles, templates, comments, code or elements marked ``hidden``; entities decoded;
block elements separated by a blank line (``<br>`` by a line break); runs of whitespace
collapsed to one space as a browser renders them. An :class:`OffsetMap` records where each
piece of text sits in the file, so :meth:`Document.position` gives the file's ``line:col``
(a decoded entity maps to its ``&``).

Built on the standard library's :class:`html.parser.HTMLParser` with ``convert_charrefs``
off, so that every piece of text arrives with its own position in the file.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser

from transcheck.document import Document, OffsetMap
from transcheck.readers import ReadOptions
from transcheck.readers.text import sniff_bom

# Not visible text. Code is not prose either (the Markdown reader blanks it too).
DROPPED = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "textarea",
        "pre",
        "code",
        "kbd",
        "samp",
    }
)
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "optgroup",
        "option",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
CELLS = frozenset({"td", "th"})
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)

# What may stand in <head>; any other start tag ends a head left open, as in browsers.
HEAD_CONTENT = frozenset(
    {"base", "link", "meta", "noscript", "script", "style", "template", "title", "head"}
)

# HTML whitespace (not Python's \s, which would also collapse no-break spaces).
_PIECES = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_HTML_SPACE = frozenset(" \t\n\r\f")


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def sniff_charset(data: bytes) -> str | None:
    """The encoding a ``<meta charset>`` near the start declares, when it is not UTF-8.

    Used only when no encoding was given and the file has no byte-order mark.
    """
    if sniff_bom(data)[0] is not None:
        return None
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec == "utf-8" else codec


def html_document(content: str, path: str, options: ReadOptions) -> Document:
    """An HTML document: visible text, ``raw`` = file content, an offset map into it."""
    extractor = HTMLTextExtractor(content)
    extractor.run()
    meta: dict[str, object] = {"format": "html"}
    if extractor.title:
        meta["title"] = extractor.title
    return Document(
        text=extractor.text,
        id=path,
        path=path,
        lang=extractor.lang or options.lang,
        source_lang=options.source_lang,
        raw=content,
        offset_map=OffsetMap(tuple(extractor.anchors)),
        meta=meta,
    )


class HTMLTextExtractor(HTMLParser):
    """Collects visible text and ``(text_offset, raw_offset)`` anchors from an HTML string."""

    def __init__(self, content: str) -> None:
        super().__init__(convert_charrefs=False)
        self.content = content
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", content)]
        self._out: list[str] = []
        self._length = 0
        self.anchors: list[tuple[int, int]] = []
        self._pending_break = 0  # newlines owed before the next visible character
        self._break_raw = 0
        self._pending_space: int | None = None  # raw offset of whitespace owed
        self._skip: str | None = None  # the dropped element we are inside of
        self._skip_depth = 0
        self._in_title = False
        self._title: list[str] = []
        self.lang: str | None = None

    # -- results --------------------------------------------------------------------------

    def run(self) -> None:
        self.feed(self.content)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self._out)

    @property
    def title(self) -> str:
        return " ".join("".join(self._title).split())

    # -- output ---------------------------------------------------------------------------

    def _raw(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _emit(self, piece: str, raw: int) -> None:
        """Append ``piece``, whose characters sit at ``raw``, ``raw + 1``... in the file."""
        if not piece:
            return
        if self.anchors:
            text_at, raw_at = self.anchors[-1]
            linear = raw_at + (self._length - text_at) == raw
        else:
            linear = False
        if not linear:
            self.anchors.append((self._length, raw))
        self._out.append(piece)
        self._length += len(piece)

    def _separate(self) -> None:
        """Pay owed separators before visible text (none at the very start)."""
        if self._length and self._pending_break:
            self._emit("\n" * self._pending_break, self._break_raw)
        elif self._length and self._pending_space is not None:
            self._emit(" ", self._pending_space)
        self._pending_break = 0
        self._pending_space = None

    def _owe_break(self, count: int, raw: int, *, add: bool = False) -> None:
        if not self._pending_break:
            self._break_raw = raw
        total = self._pending_break + count if add else max(self._pending_break, count)
        self._pending_break = min(total, 2)

    def _owe_space(self, raw: int) -> None:
        if self._pending_space is None:
            self._pending_space = raw

    def _visible(self, data: str, raw: int) -> None:
        for piece in _PIECES.finditer(data):
            if piece.group()[0] in _HTML_SPACE:
                self._owe_space(raw + piece.start())
            else:
                self._separate()
                self._emit(piece.group(), raw + piece.start())

    # -- parser events --------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._skip is not None:
            if tag == self._skip and tag not in VOID:
                self._skip_depth += 1
            elif self._skip == "head" and tag not in HEAD_CONTENT:
                self._skip, self._skip_depth = None, 0  # <head> left open: body content
            else:
                return
        if tag == "html":
            self.lang = _lang_attr(attrs) or self.lang
        if tag not in VOID and (tag in DROPPED or any(name == "hidden" for name, _ in attrs)):
            self._skip, self._skip_depth = tag, 1
            return
        self._boundary(tag, self._raw())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> is one line break, not a start and an end tag.
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip = None
            return
        if tag != "br":  # </br> is an error browsers read as <br>; keep it simple
            self._boundary(tag, self._raw(), end=True)

    def _boundary(self, tag: str, raw: int, *, end: bool = False) -> None:
        if tag == "br":
            self._owe_break(1, raw, add=True)
        elif tag in BLOCKS:
            self._owe_break(2, raw)
        elif tag in CELLS and not end:
            self._owe_space(raw)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._skip is None:
            self._visible(data, self._raw())

    def handle_entityref(self, name: str) -> None:
        raw = self._raw()
        self._reference(raw, html.unescape(f"&{name};"), f"&{name};", 1 + len(name))

    def handle_charref(self, name: str) -> None:
        raw = self._raw()
        self._reference(raw, html.unescape(f"&#{name};"), f"&#{name};", 2 + len(name))

    def _reference(self, raw: int, decoded: str, written: str, length: int) -> None:
        if self.content.startswith(";", raw + length):
            length += 1
        if decoded == written:  # not an entity we know: the characters stand as written
            decoded = self.content[raw : raw + length]
            if self._in_title:
                self._title.append(decoded)
            if self._skip is None:
                self._visible(decoded, raw)
            return
        if self._in_title:
            self._title.append(decoded)
        if self._skip is not None:
            return
        for ch in decoded:
            if ch in _HTML_SPACE:
                self._owe_space(raw)
            else:
                self._separate()
                # Every decoded character maps to the entity's "&".
                self.anchors.append((self._length, raw))
                self._out.append(ch)
                self._length += 1


def _lang_attr(attrs: list[tuple[str, str | None]]) -> str | None:
    for name, value in attrs:
        if name in ("lang", "xml:lang") and value and value.strip():
            return value.strip()
    return None
