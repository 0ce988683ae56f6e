"""Names and places: capitalised spans of Latin-script text and a tolerant comparison.

A name is a run of capitalised words (with lowercase connectors such as ``of``, ``de``,
``von`` inside it) or an acronym. The first word of a sentence is only taken when it starts a
longer run or is an acronym, since any word is capitalised there. Comparison folds case and
accents, transliterates Cyrillic and Greek, and accepts close spellings (``Kharkiv`` /
``Kharkov``, ``Majorca`` / ``Mallorca``, ``Korea`` / ``Korean``), so a transliteration
variant is not reported as a different name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from transcheck.bilingual.numbers import fold


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = [
    "EntityMention",
    "extract_entities",
    "present_in",
    "token_set",
    "tokens_match",
    "transliterate",
]

_CONNECTORS = _wordset(
    "of the de du des la le di da do dos das del della von van der den al bin ben el upon"
)
# Capitalised words that are not names even inside a sentence.
_NOT_NAMES = _wordset(
    "i i'm i've i'd i'll mr mrs ms dr prof the a an this that these those he she it we they "
    "his her its our their monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "ok tv internet web"
)
# Titles and roles: part of a name run, but not what identifies the person.
_TITLES = _wordset(
    "chancellor president minister prime mayor king queen pope general senator governor "
    "secretary chairman chairwoman chair director chief judge justice prince princess "
    "sir lord lady dame saint st mr mrs ms dr prof professor captain colonel lieutenant "
    "sergeant commissioner ambassador bishop cardinal archbishop deputy vice former "
    "foreign interior defence defense finance state federal national"
)
_WORD = re.compile(r"[^\W\d_][\w'’\-.]*[\w]|[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“«(]\s*|\n)$")

_CYRILLIC_LATIN = (
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya ye i yi g"
)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ",
        _CYRILLIC_LATIN.split(" "),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςϊϋ",
        "a v g d e z i th i k l m n x o p r s t y f ch ps o a e i i o y o s i y".split(),  # noqa: SIM905
        strict=True,
    )
)


@dataclass(frozen=True)
class EntityMention:
    """A name found in a text.

    Attributes:
        start, end: offsets into the text it was found in.
        text: the surface form.
        keys: folded significant words (connectors and titles dropped), for comparison.
    """

    start: int
    end: int
    text: str
    keys: tuple[str, ...]


def transliterate(text: str) -> str:
    """Cyrillic and Greek letters spelled in Latin (lowercase); other characters kept."""
    out = []
    for ch in text:
        low = ch.lower()
        rep = _CYRILLIC.get(low) or _GREEK.get(low)
        if rep is None:
            out.append(ch)
        elif rep != "_":
            out.append(rep)
    return "".join(out)


def _key(word: str) -> str:
    word = re.sub(r"['’]s$", "", word)
    key = fold(transliterate(word)).strip(".-'’")
    if re.fullmatch(r"(?:\w\.)+\w?", key):
        key = key.replace(".", "")  # U.S. = US, U.N = UN
    return key


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def extract_entities(text: str) -> list[EntityMention]:
    """Names in ``text`` (one or more sentences of Latin-script text), in order."""
    words = list(_WORD.finditer(text))
    out: list[EntityMention] = []
    i = 0
    while i < len(words):
        m = words[i]
        word = m.group(0)
        if not _is_capitalised(word) or (word.lower() in _NOT_NAMES and not _is_acronym(word)):
            i += 1
            continue
        # Grow the run: capitalised words, with connectors between them.
        j = i
        end = i
        while j + 1 < len(words):
            gap = text[words[j].end() : words[j + 1].start()]
            if gap.strip(" \u00a0-") or "\n" in gap:
                break
            nxt = words[j + 1].group(0)
            if _is_capitalised(nxt) and nxt.lower() not in _NOT_NAMES:
                j += 1
                end = j
            elif (
                nxt.lower() in _CONNECTORS
                and j + 2 < len(words)
                and _is_capitalised(words[j + 2].group(0))
                and not text[words[j + 1].end() : words[j + 2].start()].strip(" \u00a0-")
            ):
                j += 2
                end = j
            else:
                break
        start_of_sentence = bool(_SENTENCE_START.search(text[: m.start()]))
        # A sentence's first word is a name only when more capitalised words follow it
        # directly ("Grigory Karasin said"), not through a connector ("Since the US").
        glued = end > i and _is_capitalised(words[i + 1].group(0))
        if start_of_sentence and not glued and not _is_acronym(word):
            i += 1
            continue
        run = words[i : end + 1]
        keys = tuple(
            part
            for w in run
            for part in _key(w.group(0)).split("-")
            if part not in _CONNECTORS and part not in _TITLES and len(part) >= 2
        )
        if keys:
            out.append(
                EntityMention(
                    run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()], keys
                )
            )
        i = end + 1
    return out


def token_set(text: str) -> frozenset[str]:
    """Folded, transliterated words of ``text`` (for presence tests)."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        key = _key(m.group(0))
        if key:
            out.add(key)
            if "-" in key:
                out.update(p for p in key.split("-") if p)
    return frozenset(out)


@lru_cache(maxsize=65536)
def tokens_match(a: str, b: str) -> bool:
    """True when two folded words are spellings of the same name."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) in (2, 3) and len(long_) <= 4 and long_.startswith(short):
        return True  # US / USA
    if len(short) < 4:
        return False
    if long_.startswith(short) and len(long_) - len(short) <= 3:
        return True  # Korea / Korean, Majorca / Majorcan
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common >= 6:
        return True  # Portugal / Portuguese
    if abs(len(a) - len(b)) > 3:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.75


def initials(text: str) -> str:
    """Initials of the capitalised words of ``text`` (``United Arab Emirates`` -> ``uae``)."""
    return "".join(m.group(0)[0] for m in _WORD.finditer(text) if m.group(0)[0].isupper()).lower()


def _acronym_explained(entity: EntityMention, others: list[EntityMention]) -> bool:
    """An acronym and its expansion name the same thing (UAE / United Arab Emirates)."""
    mine = entity.keys[0] if len(entity.keys) == 1 and _is_acronym(entity.text) else None
    for other in others:
        theirs = other.keys[0] if len(other.keys) == 1 and _is_acronym(other.text) else None
        if mine and not theirs:
            expansion = initials(other.text)
        elif theirs and not mine:
            mine_initials = initials(entity.text)
            if len(mine_initials) >= 2 and mine_initials in theirs:
                return True
            continue
        else:
            continue
        if len(expansion) >= 2 and expansion in mine:
            return True
    return False


def present_in(
    entity: EntityMention, words: frozenset[str], entities: list[EntityMention] | None = None
) -> bool:
    """True when any significant word of ``entity`` has a spelling in ``words`` (or, for an
    acronym, when ``entities`` hold its expansion, and the other way round)."""
    if entities and _acronym_explained(entity, entities):
        return True
    found = [_has(key, words) for key in entity.keys]
    # The last word carries a name (a surname, "Geneva" in "Lake Geneva"); otherwise most of
    # the words must be there ("Heilongjiang Agricultural Reclamation [Bureau]").
    return found[-1] or sum(found) * 3 >= 2 * len(found)


def _has(key: str, words: frozenset[str]) -> bool:
    if key in words:
        return True
    return len(key) >= 4 and any(
        tokens_match(key, w) for w in words if abs(len(w) - len(key)) <= 3 or w[:6] == key[:6]
    )
