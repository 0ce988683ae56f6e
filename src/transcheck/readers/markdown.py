"""Markdown files: prose only, at the offsets of the file.

The document text has the same length and line structure as the file: everything that is not
prose is replaced by spaces (newlines kept), so every text offset is also a file offset and no
offset map is needed. Blanked: front matter (YAML ``---`` or TOML ``+++``), fenced and indented
code blocks, inline code, HTML comments and tags, link and image destinations (the link text
and the image alt text stay), reference definitions, heading ``#``'s, list bullets and task
boxes, blockquote ``>``, thematic breaks, setext underlines, emphasis markers and table pipes.

This is a line-oriented approximation of CommonMark with GFM tables, not a full parser: it
aims at keeping prose intact and code out, and errs towards keeping characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from transcheck.document import Document
from transcheck.readers import ReadOptions

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_FRONT_MATTER_KEY = re.compile(
    r"^(lang|language|source_lang|source_language)\s*[:=]\s*[\"']?"
    r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)[\"']?\s*$"
)
_FENCE_OPEN = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_FENCE_CLOSE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*$")
_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_BULLET = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK_BOX = re.compile(r"\[[ xX]\](?=[ \t])")
_THEMATIC = re.compile(r"^[ ]{0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"^[ ]{0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+(#+)[ \t]*$")
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:[ \t]*\S")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_RAW_TAGS = frozenset({"script", "style", "textarea", "pre"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?=\n)")
_INLINE_START = re.compile(r"[\\`<]")
_BRACKET = re.compile(r"\[")
_EMPHASIS_CHAR = re.compile(r"[*_~]")


def markdown_document(content: str, path: str, options: ReadOptions) -> Document:
    """A Markdown document: prose at file offsets; ``raw`` is the file content."""
    text, declared = blank_markdown(content)
    return Document(
        text=text,
        id=path,
        path=path,
        lang=declared.get("lang") or options.lang,
        source_lang=declared.get("source_lang") or options.source_lang,
        raw=content,
        meta={"format": "markdown"},
    )


def blank_markdown(content: str) -> tuple[str, dict[str, str]]:
    """The prose of ``content`` with everything else blanked, and languages the front matter
    declares (keys ``lang`` and ``source_lang``)."""
    blanker = _Blanker(content)
    first_line, declared = blanker.front_matter()
    blanker.blocks(first_line)
    blanker.inline()
    return "".join(blanker.chars), declared


@dataclass
class _Blanker:
    content: str
    chars: list[str] = field(init=False)
    lines: list[tuple[int, int]] = field(init=False)  # [start, end) without the newline
    literal: set[int] = field(default_factory=set)  # backslash-escaped characters
    ref_labels: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.chars = list(self.content)
        self.lines = []
        start = 0
        for line in self.content.split("\n"):
            self.lines.append((start, start + len(line)))
            start += len(line) + 1

    # -- helpers --------------------------------------------------------------------------

    def blank(self, start: int, end: int) -> None:
        chars = self.chars
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    def current(self, start: int, end: int) -> str:
        return "".join(self.chars[start:end])

    # -- front matter ---------------------------------------------------------------------

    def front_matter(self) -> tuple[int, dict[str, str]]:
        """Blank a leading YAML/TOML block; return the index of the first line after it."""
        if not self.lines:
            return 0, {}
        opener = self.content[self.lines[0][0] : self.lines[0][1]].rstrip()
        closers = {"---": ("---", "..."), "+++": ("+++",)}.get(opener)
        if closers is None:
            return 0, {}
        for index in range(1, len(self.lines)):
            start, end = self.lines[index]
            if self.content[start:end].rstrip() in closers:
                declared = self._declared(1, index)
                self.blank(0, end)
                return index + 1, declared
        return 0, {}  # no closing line: a thematic break, not front matter

    def _declared(self, first: int, stop: int) -> dict[str, str]:
        declared: dict[str, str] = {}
        for start, end in self.lines[first:stop]:
            match = _FRONT_MATTER_KEY.match(self.content[start:end])
            if match:
                key = "source_lang" if match.group(1).startswith("source") else "lang"
                declared.setdefault(key, match.group(2))
        return declared

    # -- block structure ------------------------------------------------------------------

    def blocks(self, first_line: int) -> None:
        fence: str | None = None  # the opening fence run while inside a fenced block
        in_list = False
        prev_blank = True
        prev_code = False
        prev_paragraph: tuple[int, int] | None = None
        in_table = False
        for start, end in self.lines[first_line:]:
            # Containers first: blockquote markers belong to the line whatever it holds.
            quote = _QUOTE_PREFIX.match(self.content, start, end)
            body = start
            if quote:
                self.blank(start, quote.end())
                body = quote.end()
            line = self.content[body:end]

            if fence is not None:
                close = _FENCE_CLOSE.match(line)
                if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                    fence = None
                self.blank(body, end)
                prev_blank, prev_code, prev_paragraph = False, False, None
                continue

            if not line.strip():
                prev_blank, prev_code, prev_paragraph, in_table = True, False, None, False
                continue

            indent = _indent_width(line)
            code_indent = 8 if in_list else 4
            if indent >= code_indent and (prev_blank or prev_code):
                self.blank(body, end)
                prev_blank, prev_code, prev_paragraph = False, True, None
                continue

            if _THEMATIC.match(line) or (prev_paragraph is not None and _SETEXT.match(line)):
                self.blank(body, end)
                prev_blank, prev_code, prev_paragraph = False, False, None
                continue

            if in_table or (
                prev_paragraph is not None and "|" in line and _TABLE_DELIM.match(line)
            ):
                if not in_table and prev_paragraph is not None:
                    self._blank_pipes(*prev_paragraph)  # the header row
                    self.blank(body, end)  # the delimiter row
                    in_table = True
                else:
                    self._blank_pipes(body, end)
                prev_blank, prev_code, prev_paragraph = False, False, None
                continue

            bullet = _BULLET.match(line)
            if bullet:
                marker = body + bullet.start(2)
                self.blank(marker, marker + len(bullet.group(2)))
                in_list = True
                box = _TASK_BOX.match(line, bullet.end())
                if box:
                    self.blank(body + box.start(), body + box.end())
                body += bullet.end()
                line = self.content[body:end]
            elif prev_blank and indent == 0:
                in_list = False

            opening = _FENCE_OPEN.match(line)
            if opening and (in_list or len(opening.group(1)) <= 3):
                run = opening.group(2)
                if not (run[0] == "`" and "`" in opening.group(3)):
                    fence = run
                    self.blank(body, end)
                    prev_blank, prev_code, prev_paragraph = False, False, None
                    continue

            heading = _ATX.match(line)
            if heading:
                self.blank(body + heading.start(1), body + heading.end(1))
                closing = _ATX_CLOSE.search(line, heading.end(1))
                if closing:
                    self.blank(body + closing.start(1), body + closing.end(1))
                prev_blank, prev_code, prev_paragraph = False, False, None
                continue

            ref = _REF_DEF.match(line)
            if ref and (prev_blank or prev_paragraph is None):
                self.ref_labels.add(_label(ref.group(1)))
                self.blank(body, end)
                prev_blank, prev_code, prev_paragraph = False, False, None
                continue

            prev_blank, prev_code, prev_paragraph = False, False, (body, end)

    def _blank_pipes(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.content[i] == "|" and not (i > start and self.content[i - 1] == "\\"):
                self.chars[i] = " "

    # -- inline ---------------------------------------------------------------------------

    def inline(self) -> None:
        self._code_html_escapes()
        text = "".join(self.chars)
        breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
        self._links(text, breaks)
        self._emphasis("".join(self.chars), breaks)

    def _code_html_escapes(self) -> None:
        """One left-to-right pass: escapes, code spans, comments, autolinks, tags."""
        text = "".join(self.chars)
        breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
        n = len(text)
        i = 0
        while i < n:
            found = _INLINE_START.search(text, i)  # jump over plain prose
            if found is None:
                break
            i = found.start()
            ch = text[i]
            if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCT:
                self.chars[i] = " "
                self.literal.add(i + 1)
                i += 2
            elif ch == "`":
                i = self._code_span(text, i, _paragraph_end(breaks, i, n))
            elif ch == "<":
                i = self._angle(text, i)
            else:
                i += 1

    def _code_span(self, text: str, i: int, limit: int) -> int:
        run_end = i
        while run_end < limit and text[run_end] == "`":
            run_end += 1
        width = run_end - i
        j = run_end
        while j < limit:
            if text[j] != "`":
                j += 1
                continue
            k = j
            while k < limit and text[k] == "`":
                k += 1
            if k - j == width:
                self.blank(i, k)
                return k
            j = k
        return run_end  # no closing run: the backticks are literal

    def _angle(self, text: str, i: int) -> int:
        if text.startswith("<!--", i):
            close = text.find("-->", i + 4)
            end = len(text) if close < 0 else close + 3
            self.blank(i, end)
            return end
        autolink = _AUTOLINK.match(text, i)
        if autolink:
            self.blank(i, autolink.end())
            return autolink.end()
        tag = _TAG.match(text, i)
        if not tag:
            return i + 1
        end = tag.end()
        name = tag.group(1).lower()
        if name in _RAW_TAGS and not text.startswith("</", i) and not tag.group(0).endswith("/>"):
            # Raw-text elements: their content is not prose either.
            closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, end)
            end = len(text) if closing is None else closing.end()
        self.blank(i, end)
        return end

    def _links(self, text: str, breaks: list[int]) -> None:
        """``[text](dest)``, ``[text][ref]``, ``[ref]``, ``![alt](src)``: keep the text."""
        n = len(text)
        for found in _BRACKET.finditer(text):
            i = found.start()
            if i in self.literal:
                continue
            limit = _paragraph_end(breaks, i, n)
            close = self._matching(text, i, limit, "[", "]")
            if close is None:
                continue
            after = close + 1
            if after < limit and text[after] == "(":
                end = self._matching(text, after, limit, "(", ")")
                if end is None:
                    continue
            elif after < limit and text[after] == "[":
                end = self._matching(text, after, limit, "[", "]")
                if end is None:
                    continue
            elif _label(text[i + 1 : close]) in self.ref_labels:
                end = close
            else:
                continue  # literal brackets
            self.blank(close, end + 1)
            self.chars[i] = " "
            if i > 0 and text[i - 1] == "!" and (i - 1) not in self.literal:
                self.chars[i - 1] = " "

    def _matching(self, text: str, i: int, limit: int, opener: str, closer: str) -> int | None:
        depth = 0
        for j in range(i, limit):
            ch = text[j]
            if j in self.literal:
                continue
            if ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    return j
        return None

    def _emphasis(self, text: str, breaks: list[int]) -> None:
        """Blank ``*``/``_``/``~`` runs that open and close emphasis within a paragraph."""
        n = len(text)
        stack: list[tuple[str, int, int]] = []
        paragraph_end = _paragraph_end(breaks, 0, n)
        i = 0
        while i < n:
            found = _EMPHASIS_CHAR.search(text, i)
            if found is None:
                break
            i = found.start()
            if i >= paragraph_end:
                stack.clear()  # emphasis never spans paragraphs
                paragraph_end = _paragraph_end(breaks, i, n)
            ch = text[i]
            if i in self.literal:
                i += 1
                continue
            j = i
            while j < n and text[j] == ch and j not in self.literal:
                j += 1
            if ch == "~" and j - i > 2:
                i = j
                continue
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < n else " "
            left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
            right = not before.isspace() and (
                not _punct(before) or after.isspace() or _punct(after)
            )
            if ch == "_":
                can_open = left and (not right or _punct(before))
                can_close = right and (not left or _punct(after))
            else:
                can_open, can_close = left, right
            opener = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == ch), None)
            if can_close and opener is not None:
                _, start, stop = stack[opener]
                del stack[opener:]
                self.blank(start, stop)
                self.blank(i, j)
            elif can_open:
                stack.append((ch, i, j))
            i = j


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _paragraph_end(breaks: list[int], i: int, n: int) -> int:
    """Offset of the first paragraph break after ``i`` (or ``n``)."""
    k = bisect.bisect_right(breaks, i)
    return breaks[k] if k < len(breaks) else n
