"""Mixed-language spans: a clause, quote or sentence left in another language.

Two methods, per sentence:

* **script**: a run of words in another writing system than the text's (Cyrillic in English,
  Latin in Russian, Han in anything else) is a span; its language comes from the detector.
* **words**: for texts in a script shared by several languages (Latin, Cyrillic), each word
  gets language probabilities from the detector restricted to the target and a few likely
  foreign languages; a Viterbi pass with a switching penalty labels the words, and every run
  of two or more foreign words that the detector confirms as a whole becomes a span.

Capitalised words inside a sentence (names) and established loanwords (``cues.yaml``,
``loanwords``) vote for no language, so "Jean-Luc Picard", "Zeitgeist" and "déjà vu" are
left alone, while the same words inside a foreign run do not break it.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from transcheck.detection.backends import Detector
from transcheck.detection.cues import load_cues
from transcheck.detection.result import MixedSpan
from transcheck.document import Span

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Foreign candidates tried for word labelling, by script of the target language.
SCRIPT_LANGS: dict[str, tuple[str, ...]] = {
    "LATIN": ("en", "fr", "es", "de", "it", "pt", "nl"),
    "CYRILLIC": ("ru", "uk", "bg"),
}
_OPEN_QUOTES = "\"“„«‘'‹(「¡¿"
# Opening quote mark -> the marks that close it.
_QUOTE_PAIRS = {
    "“": "”“",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"',
}
# A run of at most this many words right after a capitalised name is part of the name.
NAME_TAIL_WORDS = 3
SWITCH_PROB = 0.05
PAIR_WEIGHT = 0.25
MIN_WORDS = 2
MIN_SPAN_PROB = 0.8
SENTENCE_PROB = 0.95
# A word whose log-probability for the target exceeds the span language's by less than
# this is ambiguous and may join an adjacent span.
AMBIGUOUS_MARGIN = 2.5
_FLOOR = 1e-3
# Sentence-level probability of the foreign candidates that calls for word labelling.
GATE_FOREIGN_PROB = 0.05
WINDOW_WORDS = 400  # longest word run labelled at once (see find_spans)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    script: str
    neutral: bool  # names, name particles, acronyms and loanwords: no vote
    name: bool = False  # a capitalised word inside the sentence


@functools.lru_cache(maxsize=8192)
def char_script(ch: str) -> str:
    """Unicode script family of a letter (``LATIN``, ``CYRILLIC``, ``CJK`` ...)."""
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    if head in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"):
        return "CJK"
    return head or "OTHER"


def word_script(word: str) -> str:
    """Script of the first letter of ``word``."""
    for ch in word:
        if ch.isalpha():
            return char_script(ch)
    return "OTHER"


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")


def has_foreign_letter(text: str) -> bool:
    """True when ``text`` has a letter outside ASCII (curly quotes and dashes do not count)."""
    return not text.isascii() and any(
        ch.isalpha() for run in _NON_ASCII.findall(text) for ch in run
    )


def main_script(text: str) -> str:
    """The script most letters of ``text`` are written in (``LATIN`` for empty text)."""
    if not has_foreign_letter(text):
        return "LATIN"  # ASCII letters only (the common case): no need to look at each word
    ascii_letters = sum(map(len, _ASCII_WORD.findall(text)))
    other = sum(ch.isalpha() for run in _NON_ASCII.findall(text) for ch in run)
    if ascii_letters > other:
        return "LATIN"  # most letters are ASCII, hence Latin (names like João, Müller)
    counts: dict[str, int] = {}
    for m in _WORD.finditer(text):
        script = word_script(m.group())
        counts[script] = counts.get(script, 0) + len(m.group())
    return max(counts, key=lambda s: counts[s]) if counts else "LATIN"


@functools.lru_cache(maxsize=8)
def _loanwords(lang: str) -> tuple[frozenset[str], int]:
    """Established loanwords of ``lang`` (lowercase, words joined by one space) and the
    largest number of words in one."""
    phrases = set()
    for raw in load_cues().get("loanwords", {}).get(lang, []):
        words = _WORD.findall(str(raw).lower().replace("’", "'"))
        if words:
            phrases.add(" ".join(words))
    return frozenset(phrases), max((p.count(" ") + 1 for p in phrases), default=0)


def _loan_mask(tokens: Sequence[str], lang: str) -> list[bool]:
    """Which tokens belong to a loanword or loan phrase (longest match first)."""
    phrases, longest = _loanwords(lang)
    mask = [False] * len(tokens)
    if not phrases:
        return mask
    lowered = [t.lower().replace("’", "'") for t in tokens]
    i = 0
    while i < len(lowered):
        for n in range(min(longest, len(lowered) - i), 0, -1):
            if " ".join(lowered[i : i + n]) in phrases:
                mask[i : i + n] = [True] * n
                i += n
                break
        else:
            i += 1
    return mask


@functools.lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_cues().get("name_particles", []))


def _words(text: str, span: Span, target: str) -> list[_Word]:
    sentence = text[span.start : span.end]
    matches = list(_WORD.finditer(sentence))
    in_loan = _loan_mask([m.group() for m in matches], target)
    particles = _particles()
    out: list[_Word] = []
    for i, m in enumerate(matches):
        word = m.group()
        # A capital inside the sentence marks a name; the first word is capitalised anyway.
        name = i > 0 and word[:1].isupper() and not word.isupper()
        acronym = word.isupper() and len(word) > 1
        # "da" in "Lula da Silva", "de" in "rue de Rome": a particle right before a
        # capitalised word belongs to the name.
        particle = (
            word.lower() in particles
            and i + 1 < len(matches)
            and matches[i + 1].group()[:1].isupper()
            and sentence[m.end() : matches[i + 1].start()].isspace()
        )
        out.append(
            _Word(
                span.start + m.start(),
                span.start + m.end(),
                word,
                word_script(word),
                in_loan[i] or name or acronym or particle,
                name,
            )
        )
    return out


def _script_spans(
    text: str, words: list[_Word], script: str, detector: Detector
) -> list[MixedSpan]:
    spans: list[MixedSpan] = []
    run: list[_Word] = []
    for word in [*words, None]:
        if word is not None and word.script not in (script, "OTHER"):
            run.append(word)
            continue
        if run:
            start, end = run[0].start, run[-1].end
            chunk = text[start:end]
            # A lone word in another script is a span when it is a real word: a phrase in
            # Chinese or Japanese (no spaces), or three letters or more in an alphabet
            # (отношения, परिणामस्वरूप); a Greek letter or symbol (α-helix, π) is not, nor a
            # Latin brand or name in other copy (iPhone in Russian text).
            letters = [ch for ch in chunk if ch.isalpha()]
            lone_word = (run[0].script == "CJK" and len(chunk) >= 2) or (
                run[0].script != "LATIN"
                and len(letters) >= (5 if run[0].script == "GREEK" else 3)
                and all(char_script(ch) == run[0].script for ch in letters)
            )
            if len(run) >= 2 or lone_word:
                scores = detector.detect(chunk)
                if scores:
                    lang, prob = scores[0]
                    spans.append(
                        MixedSpan(start, end, lang, round(prob, 4), chunk, len(run), "script")
                    )
            run = []
    return spans


def _viterbi(emissions: list[list[float]], n_labels: int) -> list[int]:
    stay = math.log(1 - SWITCH_PROB)
    switch = math.log(SWITCH_PROB / max(1, n_labels - 1))
    # Start in the target language (label 0) unless the words say otherwise.
    score = [
        emissions[0][k] + (math.log(0.8) if k == 0 else math.log(0.2 / n_labels))
        for k in range(n_labels)
    ]
    back: list[list[int]] = []
    for em in emissions[1:]:
        new, ptr = [], []
        for k in range(n_labels):
            best, arg = max((score[j] + (stay if j == k else switch), j) for j in range(n_labels))
            new.append(best + em[k])
            ptr.append(arg)
        score = new
        back.append(ptr)
    k = max(range(n_labels), key=lambda i: score[i])
    path = [k]
    for ptr in reversed(back):
        k = ptr[k]
        path.append(k)
    return path[::-1]


def _word_runs(
    words: list[_Word], labels: Sequence[str], detector: Detector
) -> tuple[list[tuple[int, int, str]], list[list[float]]]:
    """``(first word, last word, lang)`` of each run of foreign-labelled words, and each
    word's own log-probabilities over ``labels``."""
    uniform = [0.0] * len(labels)
    cache: dict[str, list[float]] = {}

    def logp(chunk: str) -> list[float]:
        key = chunk.lower()
        if key not in cache:
            probs = dict(detector.detect(chunk, labels))
            cache[key] = [math.log(max(probs.get(lang, 0.0), _FLOOR)) for lang in labels]
        return cache[key]

    # Each word's own evidence, plus half the evidence of the word pairs it belongs to:
    # single words are ambiguous ("no", "a", "die"), pairs much less so.
    singles = [uniform if w.neutral else logp(w.text) for w in words]
    pairs = [logp(f"{a.text} {b.text}") for a, b in itertools.pairwise(words)]
    emissions: list[list[float]] = []
    for i, word in enumerate(words):
        if word.neutral:
            emissions.append(uniform)
            continue
        around = [pairs[j] for j in (i - 1, i) if 0 <= j < len(pairs)]
        emissions.append(
            [singles[i][k] + PAIR_WEIGHT * sum(p[k] for p in around) for k in range(len(labels))]
        )
    path = _viterbi(emissions, len(labels))
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(path):
        if path[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < len(path) and path[j + 1] == path[i]:
            j += 1
        # Names at the edges belong to neither language.
        a, b = i, j
        while a <= b and words[a].neutral:
            a += 1
        while b >= a and words[b].neutral:
            b -= 1
        if a <= b:
            runs.append((a, b, labels[path[i]]))
        i = j + 1
    return runs, singles


def _grow(
    text: str,
    words: list[_Word],
    singles: list[list[float]],
    a: int,
    b: int,
    k: int,
    detector: Detector,
    pair: tuple[str, str],
) -> tuple[int, int]:
    """Widen run ``[a, b]`` (label ``k``) to the whole sentence when the sentence as a whole
    is in that language, else over edge words that do not clearly belong to the target
    language ("dialogue", "No") as long as the span still reads as foreign."""
    lang = pair[1]
    outside = [w for w in words[:a] + words[b + 1 :] if not w.neutral]
    if 0 < len(outside) <= max(2, len(words) // 5):
        whole = text[words[0].start : words[-1].end]
        if dict(detector.detect(whole, pair)).get(lang, 0.0) >= SENTENCE_PROB:
            return 0, len(words) - 1

    def ambiguous(i: int) -> bool:
        return singles[i][0] - singles[i][k] < AMBIGUOUS_MARGIN

    def joined(i: int) -> bool:
        """Word ``i`` and word ``i + 1`` are separated by spaces only (no comma, quote...)."""
        return not text[words[i].end : words[i + 1].start].strip()

    def still_foreign(i: int, j: int) -> bool:
        chunk = text[words[i].start : words[j].end]
        return dict(detector.detect(chunk, pair)).get(lang, 0.0) >= SENTENCE_PROB

    while (
        a > 0
        and ambiguous(a - 1)
        and not words[a - 1].neutral
        and joined(a - 1)
        and still_foreign(a - 1, b)
    ):
        a -= 1
    while (
        b + 1 < len(words)
        and ambiguous(b + 1)
        and not words[b + 1].neutral
        and joined(b)
        and still_foreign(a, b + 1)
    ):
        b += 1
    return a, b


def _quoted(text: str, sent: Span) -> list[tuple[int, int]]:
    """``[start, end)`` of the quoted passages of a sentence (inside the quote marks)."""
    regions: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for i in range(sent.start, sent.end):
        ch = text[i]
        if opened is None:
            if ch in _QUOTE_PAIRS:
                opened = (ch, i)
        elif ch in _QUOTE_PAIRS[opened[0]]:
            regions.append((opened[1] + 1, i))
            opened = None
    return regions


def _clip_to_quote(
    text: str, sent: Span, words: list[_Word], core: tuple[int, int], span: tuple[int, int]
) -> tuple[int, int]:
    """Keep a grown span ``span`` (word indices) inside the quotation its ``core`` run is in:
    “Estamos muy contentos”, he added -> the quote without the attribution."""
    start, end = words[core[0]].start, words[core[1]].end
    for lo, hi in _quoted(text, sent):
        if lo <= start and end <= hi:
            a, b = span
            while a < core[0] and words[a].start < lo:
                a += 1
            while b > core[1] and words[b].end > hi:
                b -= 1
            return a, b
    return span


def _name_tail(text: str, words: list[_Word], a: int, b: int) -> bool:
    """Whether run ``[a, b]`` continues a capitalised name: "La Nuit des ponts", "the platform
    Canarias tiene un límite". Titles and names of organisations keep their language; a
    capital right after an opening quote starts a quotation instead."""
    if a == 0 or not words[a - 1].name:
        return False
    if text[words[a - 1].end : words[a].start].strip():
        return False
    if len([w for w in words[a : b + 1] if not w.neutral]) > NAME_TAIL_WORDS:
        return False
    first = a - 1
    while (
        first > 0
        and words[first - 1].name
        and not text[words[first - 1].end : words[first].start].strip()
    ):
        first -= 1
    before = text[: words[first].start].rstrip()
    return not (before and before[-1] in _OPEN_QUOTES)


def _extend_to_quote(text: str, words: list[_Word], a: int) -> int:
    """Include a capitalised first word right after an opening quote or bracket."""
    if a > 0 and words[a - 1].neutral:
        before = text[: words[a - 1].start].rstrip()
        if before and before[-1] in _OPEN_QUOTES:
            return a - 1
    return a


@functools.lru_cache(maxsize=32)
def _gate_words(target: str, foreign: tuple[str, ...]) -> frozenset[str]:
    """Function words of the ``foreign`` languages that are not also words of ``target``."""
    lists = load_cues().get("foreign_words", {})
    own = {str(w).lower() for w in lists.get(target, [])}
    found = {str(w).lower() for lang in foreign for w in lists.get(lang, [])}
    return frozenset(found - own)


@functools.lru_cache(maxsize=32)
def _native_letters(target: str) -> frozenset[str] | None:
    """Non-ASCII letters of ``target``'s own words; ``None`` when the cues do not say."""
    letters = load_cues().get("native_letters", {}).get(target)
    return None if letters is None else frozenset(str(letters))


def _signal_in_scores(
    scores: Sequence[tuple[str, float]], target: str, foreign: Sequence[str]
) -> bool:
    wanted = set(foreign)
    if sum(p for lang, p in scores if lang in wanted) >= GATE_FOREIGN_PROB:
        return True
    return any(lang != target for lang, _ in scores[:1])


def foreign_signal(
    words: Sequence[_Word],
    scores: Sequence[tuple[str, float]],
    target: str,
    foreign: Sequence[str],
) -> bool:
    """Whether a sentence shows a cheap sign of words in one of the ``foreign`` languages:
    detector probability for them at the sentence level, one of their function words, or a
    letter the target language does not use. Only such sentences get word-level labelling
    (a few milliseconds each); ``True`` when the cues have no data for ``target``."""
    native = _native_letters(target)
    if native is None:
        return True
    if _signal_in_scores(scores, target, foreign):
        return True
    gate = _gate_words(target, tuple(foreign))
    for word in words:
        if word.neutral:
            continue
        low = word.text.lower().replace("’", "'")
        if low in gate:
            return True
        # A foreign letter in a capitalised word is most often a name (João, López, Müller):
        # alone it is no sign of untranslated text; the words around it would be.
        if word.text[:1].isupper():
            continue
        if not low.isascii() and any(not ch.isascii() and ch not in native for ch in low):
            return True
    return False


def _label_words(
    text: str,
    sent: Span,
    same: list[_Word],
    labels: list[str],
    target: str,
    detector: Detector,
) -> list[MixedSpan]:
    """Spans found by word-level labelling of ``same`` (words of one sentence, in order)."""
    found: list[MixedSpan] = []
    runs, singles = _word_runs(same, labels, detector)
    for a, b, lang in runs:
        if len([w for w in same[a : b + 1] if not w.neutral]) < MIN_WORDS:
            continue
        if _name_tail(text, same, a, b):
            continue
        k = labels.index(lang)
        core = (a, b)
        a, b = _grow(text, same, singles, a, b, k, detector, (target, lang))
        a, b = _clip_to_quote(text, sent, same, core, (a, b))
        a = _extend_to_quote(text, same, a)
        start, end = same[a].start, same[b].end
        chunk = text[start:end]
        prob = dict(detector.detect(chunk, [target, lang])).get(lang, 0.0)
        if prob < MIN_SPAN_PROB:
            continue
        whole = a == 0 and b == len(same) - 1
        found.append(
            MixedSpan(
                start,
                end,
                lang,
                round(prob, 4),
                chunk,
                b - a + 1,
                "sentence" if whole else "words",
            )
        )
    return found


def find_spans(
    text: str,
    sentences: Sequence[Span],
    target: str,
    detector: Detector,
    *,
    foreign: Sequence[str] | None = None,
    scores: Sequence[Sequence[tuple[str, float]]] | None = None,
    gate: bool = True,
) -> list[MixedSpan]:
    """Mixed-language spans of ``text`` (in language ``target``), sentence by sentence.

    ``foreign`` are the languages to look for besides ``target`` (by default a few common
    languages written in the target's script). ``scores`` are the sentences' own language
    distributions when already known (computed here otherwise). With ``gate`` (the default)
    only sentences with a :func:`foreign_signal` get word-level labelling; ``gate=False``
    labels every sentence (slower, for comparison).
    """
    script = main_script(text)
    pool = tuple(foreign) if foreign is not None else SCRIPT_LANGS.get(script, ())
    labels = [target, *(lang for lang in pool if lang != target)]
    labels = [lang for lang in labels if lang in detector.languages()]
    spans: list[MixedSpan] = []
    gate_words = (
        _gate_words(target, tuple(labels[1:]))
        if gate and len(labels) > 1 and _native_letters(target) is not None
        else None
    )
    for index, sent in enumerate(sentences):
        if gate_words is not None and script == "LATIN":
            # Fast path, same answer: a sentence with no letter outside ASCII has no run in
            # another script and no foreign letter; unless the detector or a function word
            # says otherwise, foreign_signal() would turn it away after the costly _words().
            sentence = text[sent.start : sent.end]
            if not has_foreign_letter(sentence):
                own = scores[index] if scores is not None else detector.detect(sentence)
                if not _signal_in_scores(own, target, labels[1:]) and gate_words.isdisjoint(
                    w.lower().replace("’", "'") for w in _WORD.findall(sentence)
                ):
                    continue
        words = _words(text, sent, target)
        if not words:
            continue
        spans.extend(_script_spans(text, words, script, detector))
        same = [w for w in words if w.script == script]
        if len(labels) < 2 or len([w for w in same if not w.neutral]) < MIN_WORDS:
            continue
        if gate:
            own = (
                scores[index]
                if scores is not None
                else detector.detect(text[sent.start : sent.end])
            )
            if not foreign_signal(same, own, target, labels[1:]):
                continue
        # Labelling costs grow faster than linearly with sentence length; a "sentence" of
        # thousands of words (text without punctuation) is labelled in windows.
        for lo in range(0, len(same), WINDOW_WORDS):
            spans.extend(
                _label_words(text, sent, same[lo : lo + WINDOW_WORDS], labels, target, detector)
            )
    spans.sort(key=lambda s: (s.start, s.end))
    return spans
