"""Paragraph and sentence segmentation with exact offsets.

Every span is a half-open ``[start, end)`` range of string indices into the text, trimmed of
surrounding whitespace. Sentences never cross paragraph boundaries, and every non-space
character of a paragraph belongs to exactly one sentence.

The segmenter deliberately does **not** repair machine-translation artifacts: after a period
followed by whitespace it breaks unless the token before the period is a known abbreviation,
an initial or a number pattern, whatever the case of the next character. So
``"in its satellite program. -spies."`` stays two sentences (``"...program."`` and
``"-spies."``), which is what lets the split-word check see the artifact.

Rules, in short:

* ``!``, ``?`` (and ``?!``, ``‼`` ...) followed by whitespace end a sentence, except inside a
  closing quote followed by a lowercase word (``“Why?” she asked``).
* An ellipsis (``…`` or two or more periods) ends a sentence only when an uppercase (or
  uncased) letter follows: ``weapons produced by… (us) are`` stays one sentence.
* A single period ends a sentence unless the token before it is an abbreviation (``Dr.``,
  ``U.S.``, ``e.g.``, ``z.B.``, ``Sra.`` ...), an initial before a capitalised word
  (``George W. Bush``), ``No.``-like abbreviations before a digit, an enumerator at sentence
  start (``1.``), or, for languages that write ordinals with a dot (German ...), a short number.
  ``etc.``, ``a.m.``, ``p.m.``, ``et al.`` end a sentence only when a capital follows.
* Closing quotes and brackets right after the terminal belong to the sentence they end.
* CJK ``。！？``, Devanagari ``।`` and Arabic ``؟`` end a sentence with no space after them.
* Inside a paragraph, a line break after a line without final punctuation is a sentence break
  (a headline or caption stacked on a body line), unless the line ends with a continuation mark
  (``,``, ``:``, ``-``, ``—`` ..., e.g. a ``SEOUL (Reuters) -`` dateline) or the next line
  starts with a lowercase letter (hard-wrapped prose).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from transcheck.document import Span

__all__ = ["Segmentation", "paragraphs", "segment", "sentence_index", "sentences"]


@dataclass(frozen=True)
class Segmentation:
    """Paragraph and sentence spans of one text, both in text order."""

    paragraphs: list[Span]
    sentences: list[Span]


# --- character classes ---------------------------------------------------------------------

# Closing quotes and brackets that stay with the sentence they end.
_CLOSERS = "\"'’”»›)]}」』）》〉】〕"
# Opening quotes skipped when looking at the first letter of the next sentence.
_OPENERS = "\"'‘“„«‹([{¿¡「『（《〈【〔-–—*•"
# Terminals that end a sentence even without a following space.
_NOSPACE_TERMINALS = "。！？｡।॥؟۔"
# Strong terminals that need a following space (or the paragraph end).
_STRONG_TERMINALS = "!?‼⁇⁈⁉։።．"
# A line ending in one of these continues on the next line (dateline dash, colon, comma...).
_CONTINUATION = ",;:-–—(/&+=|"

# A paragraph separator: a newline, then one or more whitespace-only lines. ``\r`` is treated as
# a line end too so that CRLF or old-Mac text never crashes and still splits sensibly.
_NEWLINE = r"(?:\r\n|\r(?!\n)|\n)"
_BLANK_LINES = re.compile(_NEWLINE + r"(?:[^\S\r\n]*" + _NEWLINE + ")+")
_NOT_SPACE = re.compile(r"\S")

# French typography puts a (narrow) no-break space before the closing guillemet: "« non. »".
_CLOSER_CLASS = "(?:[" + re.escape(_CLOSERS) + "]|[^\\S\\r\\n]+[»›](?=\\s|$))*"
# Candidate sentence ends: a run of terminal punctuation plus closers, then either a no-space
# terminal, whitespace or the end of the paragraph.
_CANDIDATE = re.compile(
    "(?P<nospace>[" + re.escape(_NOSPACE_TERMINALS) + "]+" + _CLOSER_CLASS + ")"
    "|(?P<term>(?P<run>[.…" + re.escape(_STRONG_TERMINALS) + "]+)(?P<close>" + _CLOSER_CLASS + "))"
    "(?=\\s|$)"
)
# Inner line breaks of a paragraph.
_LINE_BREAK = re.compile(r"\r\n?|\n")

# Letter-dot groups such as U.S., e.g., z.B., EE.UU., т.е. (the trailing period included).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.){2,}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ROMAN = re.compile(r"[IVXLC]+")
_LETTER_DOT_AHEAD = re.compile(r"\s+[^\W\d_]\.")


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- abbreviation lists ----------------------------------------------------------------------
# Matched case-exactly, plus an all-caps form of each (``ST. LOUIS``). Capitalised entries only
# match capitalised tokens, so a lowercase word such as "ms" or "rep" still ends a sentence.

# Abbreviations that (almost) never end a sentence: titles, name parts, months, Latin...
_ABBREVIATIONS = _words(
    """
    Mr Mrs Ms Mx Messrs Dr Drs Prof Profs Gen Gens Sen Sens Rep Reps Gov Govs Lt Col Sgt Maj Capt
    Cmdr Cdr Adm Brig Cpl Pvt Pte Gen Insp Supt Det Amb Pres Hon Rev Fr Sr Jr St Ste Mt Ft Pt
    Inc Corp Ltd Co Bros Assn Dept Univ Ave Blvd vs v cf ca approx esp viz
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    MM Mme Mmes Mlle Mlles Me Mgr Pr av apr env
    Hr Hrn Frl bzw ggf vgl sog inkl evtl Str Mio Mrd Tsd Jh Abs
    Sra Sres Srta Srs Dña Dra Ud Uds Vd Vds Avda
    Sig Sigg Dott Avv Ing Geom
    Dhr Mevr bijv
    ул им проф акад тыс млн млрд руб
    """
)
# Abbreviations that may end a sentence: a break only when a capital letter follows.
_FINAL_ABBREVIATIONS = _words("etc usw usf ecc al ibid a.m p.m A.M P.M")
# Abbreviations that precede a number (No. 5, p. 12, Art. 3): no break only before a digit.
_NUMERIC_ABBREVIATIONS = _words("No Nos Nr Nº no nos nr p pp Art art Vol vol Fig fig ch Ch")
# Languages that write ordinals with a trailing dot ("am 3. Oktober").
_ORDINAL_DOT_LANGS = _words("de da nb nn no fi cs sk pl hu sl hr sr bs is et lv lt tr fo")


# --- paragraphs ------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span ``[start, end)`` without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def paragraphs(text: str) -> list[Span]:
    """Blocks of ``text`` separated by one or more blank (whitespace-only) lines.

    Each span is trimmed of surrounding whitespace; a single line surrounded by blank lines (a
    headline, a credit line, a caption) is a paragraph of its own.
    """
    spans: list[Span] = []
    start = 0
    for sep in _BLANK_LINES.finditer(text):
        span = _trim(text, start, sep.start())
        if span is not None:
            spans.append(span)
        start = sep.end()
    span = _trim(text, start, len(text))
    if span is not None:
        spans.append(span)
    return spans


# ``sentences`` takes a parameter named ``paragraphs`` (public API), which shadows the function.
_paragraphs = paragraphs


# --- sentences -------------------------------------------------------------------------------


def _base_lang(lang: str | None) -> str:
    if not lang:
        return ""
    return lang.replace("_", "-").split("-", 1)[0].lower()


def _next_char(text: str, pos: int, end: int) -> str:
    """The first character at or after ``pos`` that is neither whitespace nor an opening mark."""
    while pos < end and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return text[pos] if pos < end else ""


def _next_is_capital(text: str, pos: int, end: int) -> bool:
    """True when the next word starts with an uppercase or uncased letter (CJK, Arabic...)."""
    char = _next_char(text, pos, end)
    return char.isalpha() and not char.islower()


def _next_is_digit(text: str, pos: int, end: int) -> bool:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos < end and text[pos].isdigit()


def _token_before(text: str, dot: int, sent_start: int) -> tuple[str, int]:
    """The whitespace-delimited token ending at ``dot`` (exclusive) and its start index."""
    start = dot
    while start > sent_start and not text[start - 1].isspace():
        start -= 1
    token = text[start:dot]
    # Leading opening marks and dashes are not part of the word: "(Mr." -> "Mr", "-spies".
    stripped = token.lstrip(_OPENERS)
    return stripped, start + (len(token) - len(stripped))


def _in_list(token: str, words: frozenset[str]) -> bool:
    if token in words:
        return True
    return token.isupper() and (token.capitalize() in words or token.lower() in words)


def _period_breaks(
    text: str, dot: int, after: int, end: int, sent_start: int, ordinal_dots: bool
) -> bool:
    """Whether a single period at ``dot`` (with the sentence so far from ``sent_start``) ends it.

    ``after`` is the index just past the period and its closers; ``end`` the paragraph end.
    """
    token, token_start = _token_before(text, dot, sent_start)
    if not token:
        return True
    dotted = token + "."
    if _DOTTED.fullmatch(dotted):
        if _in_list(token, _FINAL_ABBREVIATIONS):
            return _next_is_capital(text, after, end)
        return False
    if _in_list(token, _ABBREVIATIONS):
        return False
    if _in_list(token, _FINAL_ABBREVIATIONS):
        return _next_is_capital(text, after, end)
    if _in_list(token, _NUMERIC_ABBREVIATIONS):
        return not _next_is_digit(text, after, end)
    if len(token) == 1 and token.isalpha():
        # An initial ("George W. Bush", "J. R. R. Tolkien", French "M. Macron") precedes a
        # capitalised word; letters of a spaced abbreviation ("z. B.", "d. h.") never break.
        previous = text[sent_start:token_start].split()
        if (
            previous
            and len(previous[-1]) == 2
            and previous[-1][0].islower()
            and previous[-1][1] == "."
        ):
            return False
        if token.isupper():
            return not _next_is_capital(text, after, end)
        return not _LETTER_DOT_AHEAD.match(text, after, end)
    if _NUMBER.fullmatch(token) or (_ROMAN.fullmatch(token) and len(token) <= 4):
        # An enumerator at the start of a sentence ("1.", "IV.") or an ordinal in languages
        # that mark ordinals with a dot ("am 3. Oktober").
        if text[sent_start:token_start].strip() == "":
            return False
        return not (ordinal_dots and token.isdigit() and len(token) <= 3)
    return True


def _candidate_breaks(
    text: str, start: int, end: int, lang: str, line_breaks: list[int]
) -> list[int]:
    """Offsets (exclusive ends) where punctuation ends sentences in the paragraph ``[start, end)``.

    ``line_breaks`` (sorted) are sentence ends already decided, so that "at sentence start"
    rules (enumerators) see them.
    """
    ordinal_dots = lang in _ORDINAL_DOT_LANGS
    breaks: list[int] = []
    sent_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        # finditer's ``endpos`` makes "$" match at the paragraph end, as intended.
        after = match.end()
        i = bisect.bisect_right(line_breaks, match.start()) - 1
        if i >= 0 and line_breaks[i] > sent_start:
            sent_start = line_breaks[i]
        if match.group("nospace") is None:
            run = match.group("run")
            closers = match.group("close")
            if any(c in _STRONG_TERMINALS for c in run):
                # A quoted question or exclamation followed by a lowercase word continues the
                # sentence ("“Why?” she asked"); a bare "? lowercase" is still a break.
                quoted = any(c in "\"'’”»›" for c in closers)
                ok = not (quoted and _next_char(text, after, end).islower())
            elif "…" in run or len(run) > 1:
                ok = _next_is_capital(text, after, end)
            else:
                ok = _period_breaks(text, match.start(), after, end, sent_start, ordinal_dots)
            if not ok:
                continue
        breaks.append(after)
        sent_start = after
    return breaks


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Inner line breaks that end a sentence: the line has no final punctuation."""
    breaks: list[int] = []
    for match in _LINE_BREAK.finditer(text, start, end):
        line_end = match.start()
        while line_end > start and text[line_end - 1].isspace():
            line_end -= 1
        if line_end == start:
            continue
        last = text[line_end - 1]
        # Lines ending in final punctuation are handled by the punctuation rules (which may
        # decide "no break" for an abbreviation before the line end).
        stripped_line_end = line_end
        while stripped_line_end > start and text[stripped_line_end - 1] in _CLOSERS:
            stripped_line_end -= 1
        final = text[stripped_line_end - 1] if stripped_line_end > start else ""
        if final in ".…" + _STRONG_TERMINALS + _NOSPACE_TERMINALS:
            continue
        if last in _CONTINUATION:
            continue
        nxt = _NOT_SPACE.search(text, match.end(), end)
        if nxt is None or text[nxt.start()].islower():
            continue
        breaks.append(line_end)
    return breaks


def _paragraph_sentences(text: str, para: Span, lang: str) -> list[Span]:
    chunk = text[para.start : para.end]
    lines = _line_breaks(text, para.start, para.end) if "\n" in chunk or "\r" in chunk else []
    breaks = _candidate_breaks(text, para.start, para.end, lang, lines)
    if lines:
        breaks = sorted(set(breaks) | set(lines))
    spans: list[Span] = []
    start = para.start
    for cut in [*breaks, para.end]:
        span = _trim(text, start, cut)
        if span is not None:
            spans.append(span)
        start = cut
    return spans


def sentences(
    text: str, paragraphs: list[Span] | None = None, lang: str | None = None
) -> list[Span]:
    """Sentence spans of ``text``, in order, never crossing a paragraph boundary.

    ``paragraphs`` defaults to :func:`paragraphs` of ``text``; ``lang`` (a BCP-47-like code such
    as ``"de"`` or ``"pt-BR"``) only switches language-specific rules (ordinal dots).
    """
    if paragraphs is None:
        paragraphs = _paragraphs(text)
    base = _base_lang(lang)
    spans: list[Span] = []
    for para in paragraphs:
        if para.end > len(text):
            raise ValueError(f"paragraph span [{para.start}, {para.end}) is outside the text")
        spans.extend(_paragraph_sentences(text, para, base))
    return spans


def segment(text: str, lang: str | None = None) -> Segmentation:
    """Paragraphs and sentences of ``text`` (see the module docstring for the rules)."""
    paras = paragraphs(text)
    return Segmentation(paragraphs=paras, sentences=sentences(text, paras, lang))


def sentence_index(sentences: list[Span], offset: int) -> int:
    """Index of the sentence containing ``offset``, or -1 when it falls between or outside them.

    ``sentences`` must be sorted and non-overlapping (as :func:`sentences` returns them).
    """
    i = bisect.bisect_right(sentences, offset, key=lambda span: span.start) - 1
    if i >= 0 and offset < sentences[i].end:
        return i
    return -1
