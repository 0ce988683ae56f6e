"""Agreement checks: a pronoun whose gender contradicts the person it refers to.

Machine translation from languages where the possessive agrees with the possessed noun
(French ``sa déclaration``, Spanish ``su``, Italian ``sua``, German ``ihr``) or where the
subject is dropped produces "Kim Yo Jong said in his statement" in a text that calls her
"sister" and "she". The ``pronoun-gender`` check models the discourse in one left-to-right
pass and then judges each pronoun:

1. **People.** Capitalised names with person evidence (a title, a given name, a role noun in
   front or in apposition, a family-name-first name), later surnames linked back to them, and
   person descriptions ("the mayor", "the mother", "the 52-year-old"). A definite
   description links to an earlier person with the same role (or a synonym: "the head of
   government" for a prime minister); a generic one ("the woman") to the latest compatible
   person; an unnamed description in the lead ("The powerful sister of ...") to the first new
   person who is then named as a bare subject ("Kim Yo Jong said ...").
2. **Evidence.** Each person collects gender clues: titles, given names, gendered nouns, and
   pronouns that clearly refer to them (resolved with the evidence known so far: the one
   compatible candidate among the people in reach).
3. **Judgement.** A pronoun is flagged when its antecedent (the subject of its sentence, or of
   the previous sentence when its own has nobody before it) has strong evidence for the other
   gender, nothing for the pronoun's gender, and no other person who could be meant: nobody
   of the pronoun's (or unknown) gender earlier in the sentence, nobody of the pronoun's gender
   in the preceding sentences of the paragraph. Pronouns inside quotations are not judged.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from transcheck.checks.base import Check, Context
from transcheck.checks.registry import register
from transcheck.document import Span
from transcheck.findings import Finding

PACK = "agreement"
FEMALE, MALE = "female", "male"

_TOKEN = re.compile(
    r"(?P<age>\d+-year-old)|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<num>\d[\d.,]*)|(?P<punct>\S)"
)
_CLITIC = re.compile(r"^(?P<base>.+)[’'](?P<clitic>s|d|ll|ve|re|m)$", re.IGNORECASE)
_QUOTE_CHARS = re.compile(r"[“”„\"«»]")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# English grammar words: not data of the pack, since the check is for English targets.
_PREPOSITIONS = _set(
    "of to by for with from in on at about against than like between among after before "
    "under behind despite toward towards into over through during per via without upon "
    "according thanks"
)
_COMPLEMENTIZERS = frozenset({"that", "whether"})
_SPEECH_VERBS = _set(
    "said says say told tells added adds adding explained stated declared announced insisted "
    "recalled recalling admitted argued claimed noted warned stressed confirmed denied "
    "believes believed thinks thought hoped feared felt knew saying insisting wrote writes "
    "replied answered acknowledged conceded promised suggested"
)
_DETERMINERS = {
    "the": "def",
    "this": "def",
    "that": "def",
    "a": "indef",
    "an": "indef",
    "one": "indef",
    "another": "indef",
    "his": "poss",
    "her": "poss",
    "its": "poss",
    "their": "poss",
    "my": "poss",
    "our": "poss",
    "your": "poss",
}
# Words that end a noun phrase when scanning for a determiner or an apposition head.
_FUNCTION = (
    _set(
        "and or but nor so yet if when while where who whom whose which what why how as is was "
        "are were be been being has have had do does did will would can could shall should may "
        "might must not no also then now said says told who's"
    )
    | _PREPOSITIONS
)
# Capitalised words that never start a person's name (sentence starters, days, months...).
_NOT_NAMES = _set(
    "the a an in on at for from to of by with and but or according after before during since "
    "speaking asked last this that these those it its their our my your his her he she they "
    "we i you there here when while where who what why how if as about some many several all "
    "both each every no not more most visibly actually however meanwhile also then now today "
    "yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december photo "
    "foto photos video read share subscribe click advertisement comments mehr leer leggi "
    "leia lire until among despite following under over between whose which"
)
_AFTER_HER_OBJECT = _set(
    "to for and or that on in at with by from as about of into up down out off back again "
    "after before over the a an this these those his their its our my your if when while "
    "because but so than is was"
)
# Person nouns that are often adjectives or modifiers of another noun.
_ADJECTIVAL = _set(
    "official veteran star host anchor relative rival patient expert incumbent guard agent "
    "partner fan chief senior junior deputy leader player child baby"
)
_APPOSITION_PREPS = frozenset({"of", "for", "in", "at", "from"})
_TERMINAL = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")
_HONORIFICS = frozenset({"majesty", "highness", "excellency", "holiness", "grace", "lordship"})
_AGE_HEAD_NEXT = _set(
    "who whose was is had has said says told and of from in at on with did does will would "
    "could can also"
)


def _fold(word: str) -> str:
    """Lowercase without accents, for name look-ups."""
    if word.isascii():
        return word.lower()
    norm = unicodedata.normalize("NFKD", word)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


# --- the lexicon (from the pack's data) -----------------------------------------------------


@dataclass(frozen=True)
class _Role:
    """A person noun: its canonical phrase, synonym group, gender and kind of clue."""

    phrase: str
    group: str
    gender: str | None
    kind: str  # "noun" (strong clue), "weak-noun", "role" (no gender)
    generic: bool


@dataclass
class _Lexicon:
    pronoun_form: dict[str, str]
    pronoun_gender: dict[str, str]
    swap: dict[tuple[str, str], str]
    titles: dict[str, str]
    roles: dict[tuple[str, ...], _Role]
    role_max: dict[str, int]
    given: dict[str, str]
    surname_first: frozenset[str]
    particles: frozenset[str]
    non_person: frozenset[str]


_LEXICON_CACHE: list[tuple[dict[str, Any], _Lexicon]] = []


def _words(value: Any) -> list[str]:
    return [str(v) for v in value or []]


def _lexicon(data: dict[str, Any]) -> _Lexicon:
    """Build (once per pack data) the look-up tables the check runs on."""
    for known, lex in _LEXICON_CACHE:
        if known is data:
            return lex
    pronoun_form: dict[str, str] = {}
    swap: dict[tuple[str, str], str] = {}
    for form, pairs in (data.get("pronouns") or {}).items():
        for word, other in (pairs or {}).items():
            pronoun_form.setdefault(str(word), str(form))
            swap[(str(form), str(word))] = str(other)
    if "her" in pronoun_form:
        pronoun_form["her"] = "her"  # object or possessive: decided by the next word
    pronoun_gender = {w: FEMALE for w in _words(data.get("female_pronouns"))}
    pronoun_gender.update({w: MALE for w in _words(data.get("male_pronouns"))})
    titles: dict[str, str] = {}
    for gender in (FEMALE, MALE):
        for t in _words((data.get("titles") or {}).get(gender)):
            titles[t] = gender
    groups: dict[str, str] = {}
    for group in data.get("role_synonyms") or []:
        names = _words(group)
        for name in names:
            groups[name.lower()] = names[0].lower()
    generic = {w.lower() for w in _words(data.get("generic_nouns"))}
    roles: dict[tuple[str, ...], _Role] = {}

    def add(phrase: str, gender: str | None, kind: str) -> None:
        low = phrase.lower()
        key = tuple(low.split())
        roles[key] = _Role(low, groups.get(low, low), gender, kind, low in generic)

    for phrase in _words(data.get("roles")):
        add(phrase, None, "role")
    for gender in (FEMALE, MALE):
        for phrase in _words((data.get("weak_nouns") or {}).get(gender)):
            add(phrase, gender, "weak-noun")
        for phrase in _words((data.get("nouns") or {}).get(gender)):
            add(phrase, gender, "noun")
    role_max: dict[str, int] = {}
    for key in roles:
        role_max[key[0]] = max(role_max.get(key[0], 0), len(key))
    given: dict[str, str] = {}
    for gender in (FEMALE, MALE):
        for name in _words((data.get("given_names") or {}).get(gender)):
            given[_fold(name)] = gender
    lex = _Lexicon(
        pronoun_form=pronoun_form,
        pronoun_gender=pronoun_gender,
        swap=swap,
        titles=titles,
        roles=roles,
        role_max=role_max,
        given=given,
        surname_first=frozenset(_fold(w) for w in _words(data.get("surname_first"))),
        particles=frozenset(w.lower() for w in _words(data.get("name_particles"))),
        non_person=frozenset(_fold(w) for w in _words(data.get("non_person_words"))),
    )
    _LEXICON_CACHE.append((data, lex))
    return lex


# --- tokens ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # word | age | num | punct
    sent: int
    quoted: bool
    poss: bool  # followed by a possessive 's (split off)
    cap: bool  # Capitalised word (not all capitals: "KCNA", "PHOTO")


def _tokens(text: str, sentences: Sequence[Span], quoted: Sequence[tuple[int, int]]) -> list[_Tok]:
    out: list[_Tok] = []
    ends = [s.end for s in sentences]
    n_sent = len(ends)
    sent = 0
    q = 0
    n_quoted = len(quoted)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        word = m.group()
        start, end = m.span()
        poss = False
        cap = False
        if kind == "word":
            if ("’" in word or "'" in word) and (c := _CLITIC.match(word)):
                word = c.group("base")
                end = start + len(word)
                poss = c.group("clitic").lower() == "s"
            cap = word[0].isupper() and (len(word) == 1 or not word.isupper())
        while sent < n_sent - 1 and ends[sent] <= start:
            sent += 1
        while q < n_quoted and quoted[q][1] <= start:
            q += 1
        inq = q < n_quoted and quoted[q][0] <= start
        out.append(_Tok(word, word.lower(), start, end, kind, sent, inq, poss, cap))
    return out


def _quoted(text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int]]:
    """Quoted ranges; an unclosed quotation runs to the end of its paragraph."""
    out: list[tuple[int, int]] = []
    for para in paragraphs:
        opener: str | None = None
        begin = 0
        for m in _QUOTE_CHARS.finditer(text, para.start, para.end):
            ch = m.group()
            if opener is None:
                if ch in '“„«"':
                    opener, begin = ch, m.start()
                continue
            closes = (
                (ch == "”" and opener in "“„")
                or (ch == "“" and opener == "„")
                or (ch == "»" and opener == "«")
                or (ch == '"' and opener == '"')
            )
            if closes:
                out.append((begin, m.end()))
                opener = None
        if opener is not None:
            out.append((begin, para.end))
    return out


# --- discourse model ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clue:
    text: str
    offset: int
    gender: str
    kind: str  # title | name | noun | weak-noun | pronoun

    @property
    def strong(self) -> bool:
        return self.kind in ("title", "name", "noun")


@dataclass(eq=False)
class _Entity:
    name: str | None = None
    description: str | None = None
    keys: set[tuple[str, ...]] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    clues: list[_Clue] = field(default_factory=list)
    first_sent: int = 0
    last_sent: int = 0
    last_subject: int = -1
    lead_unnamed: bool = False

    @property
    def display(self) -> str:
        return self.name or self.description or "this person"

    def lex_gender(self) -> str | None:
        genders = {c.gender for c in self.clues if c.kind != "pronoun"}
        return genders.pop() if len(genders) == 1 else None

    def gender(self, exclude: int | None = None) -> str | None:
        """Gender from all evidence (without the clue at ``exclude``); None when unsure."""
        lex = {c.gender for c in self.clues if c.kind != "pronoun"}
        if len(lex) == 1:
            return lex.pop()
        if lex:
            return None
        f = sum(1 for c in self.clues if c.gender == FEMALE and c.offset != exclude)
        m = sum(1 for c in self.clues if c.gender == MALE and c.offset != exclude)
        return FEMALE if f > m else MALE if m > f else None


@dataclass(eq=False)
class _Mention:
    kind: str  # name | desc | pron
    start: int
    end: int
    tok_start: int
    tok_end: int
    sent: int
    text: str
    subject: bool
    quoted: bool
    entity: _Entity | None = None
    gender: str | None = None  # own gender (pronouns, gendered nouns)
    form: str = ""  # pronouns: subject | object | possessive

    def lex_gender(self) -> str | None:
        if self.entity is not None:
            return self.entity.lex_gender() or (self.gender if self.kind != "pron" else None)
        return self.gender

    def full_gender(self, exclude: int | None) -> str | None:
        if self.entity is not None:
            return self.entity.gender(exclude)
        return self.gender


@dataclass
class _Run:
    i: int
    j: int  # token range of the name itself
    poss: bool


@dataclass
class _RoleHit:
    i: int
    j: int
    role: _Role
    attached: bool = False
    appositive_of: _RoleHit | None = None
    entity: _Entity | None = None


@dataclass
class Verdict:
    """A judged pronoun: the antecedent entity and the clues against the pronoun."""

    pronoun: _Mention
    antecedent: _Mention
    entity: _Entity
    expected: str
    clues: list[_Clue]
    against: int
    local: bool


class _Discourse:
    """People, mentions and pronouns of one text (see the module docstring)."""

    def __init__(
        self, text: str, sentences: Sequence[Span], paragraphs: Sequence[Span], lex: _Lexicon
    ) -> None:
        self.text = text
        self.lex = lex
        self.toks = _tokens(text, sentences, _quoted(text, paragraphs))
        n = len(sentences)
        self.sent_range: list[tuple[int, int]] = [(0, 0)] * n
        i = 0
        for s in range(n):
            a = i
            while i < len(self.toks) and self.toks[i].sent == s:
                i += 1
            self.sent_range[s] = (a, i)
        # Running text ends with terminal punctuation; headlines, captions and credits do not.
        self.running = [bool(_TERMINAL.search(text, sp.start, sp.end)) for sp in sentences]
        pstarts = [p.start for p in paragraphs]
        self.para = [max(0, bisect.bisect_right(pstarts, s.start) - 1) for s in sentences]
        self.by_sent: list[list[_Mention]] = [[] for _ in range(n)]
        self.entities: list[_Entity] = []
        self.keys: dict[tuple[str, ...], list[_Entity]] = {}
        self.pronouns: list[_Mention] = []
        for s in range(n):
            self._sentence(s)

    # -- building ---------------------------------------------------------------------------

    def _sentence(self, s: int) -> None:
        a, b = self.sent_range[s]
        toks = self.toks
        hits = self._role_hits(a, b)
        covered = {k for h in hits for k in range(h.i, h.j)}
        titles: dict[int, int] = {}  # token index of the name start -> token of its title
        title_tok: dict[int, int] = {}
        for k in range(a, b):
            t = toks[k]
            if t.kind == "word" and t.text in self.lex.titles:
                nxt = k + 2 if k + 1 < b and toks[k + 1].text == "." else k + 1
                if nxt < b and toks[nxt].cap:
                    titles[nxt] = k
                    title_tok[k] = nxt
                    covered.add(k)
        runs = self._runs(a, b, covered)
        items: list[tuple[int, str, Any]] = []
        for run in runs:
            items.append((run.i, "run", run))
        for h in hits:
            items.append((h.i, "role", h))
        for k in range(a, b):
            if toks[k].kind == "word" and toks[k].low in self.lex.pronoun_form:
                items.append((k, "pron", k))
        # Appositions and premodifiers first, so that a role hit before its name is absorbed.
        run_info: dict[int, list[_RoleHit]] = {}
        persons = [
            run
            for run in runs
            if not any(_fold(t.text) in self.lex.non_person for t in toks[run.i : run.j])
        ]
        for run in persons:
            run_info[id(run)] = self._before(run, hits, titles)
        claimed = {id(h) for found in run_info.values() for h in found}
        for run in persons:
            # An apposition after the name needs a name that is a person by itself, and a
            # role that does not already introduce the next name ("In Brussels, the
            # Commissioner for Defence, Ingrid Halvorsen").
            after = self._after(run.j, b, hits) if not run.poss else None
            if after is not None and id(after) not in claimed and self._evidence(run, titles):
                run_info[id(run)].append(after)
                claimed.add(id(after))
        for run in persons:
            for h in run_info[id(run)]:
                h.attached = True
        # A description in apposition to a description: "The novelist, a former teacher,".
        for h in hits:
            if not h.attached:
                appositive = self._after(h.j, b, hits)
                if appositive is not None and not appositive.attached:
                    appositive.appositive_of = h
        for _, kind, obj in sorted(items, key=lambda it: it[0]):
            if kind == "run":
                if id(obj) in run_info:
                    self._name(s, obj, run_info[id(obj)], titles)
            elif kind == "role" and not obj.attached:
                self._description(s, obj, a)
            elif kind == "pron":
                self._pronoun(s, obj, b)

    def _role_hits(self, a: int, b: int) -> list[_RoleHit]:
        toks = self.toks
        out: list[_RoleHit] = []
        k = a
        while k < b:
            t = toks[k]
            if t.kind == "age":
                nxt = toks[k + 1] if k + 1 < b else None
                if nxt is None or nxt.kind == "punct" or nxt.low in _AGE_HEAD_NEXT:
                    out.append(
                        _RoleHit(k, k + 1, _Role("n-year-old", "n-year-old", None, "role", True))
                    )
                k += 1
                continue
            longest = self.lex.role_max.get(t.low, 0) if t.kind == "word" else 0
            found = False
            for n in range(min(longest, b - k), 0, -1):
                key = tuple(x.low for x in toks[k : k + n])
                role = self.lex.roles.get(key)
                # A possessive inside a multiword phrase breaks it ("the head's of" is not one).
                if (
                    role is not None
                    and not any(x.poss for x in toks[k : k + n - 1])
                    and not (role.phrase in _ADJECTIVAL and self._modifier(k + n, b))
                ):
                    out.append(_RoleHit(k, k + n, role))
                    k += n
                    found = True
                    break
            if not found:
                k += 1
        return out

    def _modifier(self, k: int, b: int) -> bool:
        """The next token is a noun the word before it modifies ("the official target")."""
        if k >= b:
            return False
        t = self.toks[k]
        if t.kind != "word" or t.cap or t.low in _FUNCTION or t.low in _SPEECH_VERBS:
            return False
        return not t.low.endswith(("ed", "s"))

    def _runs(self, a: int, b: int, covered: set[int]) -> list[_Run]:
        """Capitalised sequences that may be names (person evidence is checked later)."""
        toks = self.toks
        lex = self.lex
        out: list[_Run] = []
        k = a
        while k < b:
            t = toks[k]
            if not t.cap or k in covered or t.low in _NOT_NAMES or t.low in lex.pronoun_form:
                k += 1
                continue
            i = k
            j = k + 1
            while not toks[j - 1].poss and j < b:
                nt = toks[j]
                if nt.cap and j not in covered and nt.low not in _NOT_NAMES:
                    j += 1
                elif (
                    nt.low in lex.particles
                    and nt.kind == "word"
                    and not nt.cap
                    and j + 1 < b
                    and toks[j + 1].cap
                ):
                    j += 2
                elif (
                    nt.text == "." and len(toks[j - 1].text) == 1 and j + 1 < b and toks[j + 1].cap
                ):
                    j += 2  # an initial: "George W. Bush"
                else:
                    break
            out.append(_Run(i, j, toks[j - 1].poss))
            k = j
        return out

    def _before(self, run: _Run, hits: list[_RoleHit], titles: dict[int, int]) -> list[_RoleHit]:
        """Role nouns in front of a name: "Prime Minister Élisabeth Borne", "Dr. Angela
        Brooks", "The mayor of Alzira, Rosa Ferrer"."""
        toks = self.toks
        title_k = titles.get(run.i)
        start = title_k if title_k is not None else run.i
        out: list[_RoleHit] = []
        for h in hits:
            if (h.j == start or (h.j + 1 == start and toks[h.j].text == ".")) and not toks[
                h.j - 1
            ].poss:
                out.append(h)
                start = h.i  # "The rapporteur of the text, Senator Maria Dubreuil"
                break
        if start > 0 and toks[start - 1].text == ",":
            for h in hits:
                if h.j >= start or toks[h.j - 1].poss or h in out:
                    continue
                between = toks[h.j : start - 1]
                if not between or (
                    (between[0].low in _APPOSITION_PREPS or h.role.phrase.endswith(" of"))
                    and len(between) <= 8
                    and all(x.text != "," and x.low not in _SPEECH_VERBS for x in between)
                    and not any(h.i < o.i < start for o in hits if o is not h)
                ):
                    out.append(h)
        return out

    def _after(self, j: int, b: int, hits: list[_RoleHit]) -> _RoleHit | None:
        """A role noun in apposition after token ``j``: "Ribeiro, a former judge,"."""
        toks = self.toks
        if j + 1 >= b or toks[j].text != "," or toks[j - 1].poss:
            return None
        k = j + 1
        head = toks[k]
        # An apposition opens with its determiner or its noun; "X, met the guard" does not.
        opens = head.low in _DETERMINERS or head.cap or head.poss
        if not opens and not any(h.i == k for h in hits):
            return None
        steps = 0
        while k < b and steps < 6:
            hit = next((h for h in hits if h.i == k), None)
            if hit is not None:
                if not toks[hit.j - 1].poss:
                    return hit
                k = hit.j
                steps += 1
                continue
            t = toks[k]
            if t.kind == "punct" or t.low in _FUNCTION:
                return None
            k += 1
            steps += 1
        return None

    def _evidence(self, run: _Run, titles: dict[int, int]) -> bool:
        """Person evidence of a name by itself (title, given name, known person)."""
        full = tuple(_fold(t.text) for t in self.toks[run.i : run.j])
        lex = self.lex
        return (
            run.i in titles
            or full[0] in lex.given
            or full[0].split("-")[0] in lex.given
            or (full[0] in lex.surname_first and len(full) >= 2)
            or full in self.keys
        )

    def _name(self, s: int, run: _Run, attached: list[_RoleHit], titles: dict[int, int]) -> None:
        toks = self.toks
        lex = self.lex
        words = toks[run.i : run.j]
        folded = tuple(_fold(t.text) for t in words if t.cap or t.low not in lex.particles)
        full = tuple(_fold(t.text) for t in words)
        if any(f in lex.non_person for f in full):
            return
        title_k = titles.get(run.i)
        first = folded[0] if folded else ""
        given = lex.given.get(first) or lex.given.get(first.split("-")[0] if "-" in first else "")
        evidence = (
            title_k is not None
            or bool(attached)
            or given is not None
            or (first in lex.surname_first and len(full) >= 2)
        )
        entity = self._lookup(full)
        other_person = False
        if entity is not None and title_k is not None:
            # "Ms. Pruitt" after "Dale Pruitt ... his daughter": another Pruitt.
            other_person = not _compatible(entity.gender(), lex.titles[toks[title_k].text])
            if other_person:
                entity = None
        ambiguous = entity is None and bool(self.keys.get(full)) and not other_person
        if entity is None and not evidence and not ambiguous:
            return
        start_tok = min([run.i, *(h.i for h in attached), *([title_k] if title_k else [])])
        mention = _Mention(
            "name",
            toks[start_tok].start,
            toks[run.j - 1].end,
            start_tok,
            run.j,
            s,
            self.text[toks[run.i].start : toks[run.j - 1].end],
            subject=not run.poss and self._subject_position(start_tok),
            quoted=toks[run.i].quoted,
        )
        if ambiguous:
            self._add_mention(mention)
            return
        if entity is None:
            bare = not attached and title_k is None
            entity = self._lead_description(s, run, given) if bare and mention.subject else None
            if entity is None:
                entity = _Entity(first_sent=s)
                self.entities.append(entity)
            if entity.name is None:
                entity.name = mention.text
                self._index(entity, full, first in lex.surname_first)
        mention.entity = entity
        known = {(c.kind, c.text) for c in entity.clues}
        if title_k is not None and ("title", toks[title_k].text) not in known:
            t = toks[title_k]
            entity.clues.append(_Clue(t.text, t.start, lex.titles[t.text], "title"))
        if given is not None and ("name", toks[run.i].text) not in known:
            t = toks[run.i]
            entity.clues.append(_Clue(t.text, t.start, given, "name"))
        for h in attached:
            self._role_clue(entity, h)
        self._add_mention(mention)

    def _lead_description(self, s: int, run: _Run, given: str | None) -> _Entity | None:
        """An unnamed person described in the lead and named later as a bare subject.

        News style: "The powerful sister of leader X denied ..." then "Kim Yo Jong said ...".
        The name must be new, the subject of a verb, and not contradict the description.
        """
        toks = self.toks
        nxt = toks[run.j] if run.j < len(toks) and toks[run.j].sent == s else None
        if nxt is None or nxt.kind != "word" or nxt.cap or nxt.low in _FUNCTION - _SPEECH_VERBS:
            return None
        pending = [
            e
            for e in self.entities
            if e.lead_unnamed and e.name is None and e.first_sent < s and s - e.last_sent <= 8
        ]
        for e in sorted(pending, key=lambda e: -e.last_sent):
            lex_g = e.lex_gender()
            if given is None or lex_g is None or lex_g == given:
                e.lead_unnamed = False
                return e
        return None

    def _description(self, s: int, hit: _RoleHit, a: int) -> None:
        toks = self.toks
        det, det_k = self._determiner(hit.i, a)
        first = toks[hit.i]
        if (det is None or det_k is None) and hit.appositive_of is None:
            return  # a bare role noun: a verb ("judge"), a modifier, or noise
        if det_k is None:
            det_k = hit.i
        # "Kim Jong-un’s sister": the description is the noun, the possessor is someone else.
        start_tok = hit.i if toks[det_k].poss else det_k
        mention = _Mention(
            "desc",
            toks[start_tok].start,
            toks[hit.j - 1].end,
            start_tok,
            hit.j,
            s,
            self.text[toks[start_tok].start : toks[hit.j - 1].end],
            subject=not toks[hit.j - 1].poss and self._subject_position(det_k),
            quoted=first.quoted,
            gender=hit.role.gender,
        )
        entity: _Entity | None = hit.appositive_of.entity if hit.appositive_of else None
        if entity is None and det == "def":
            entity = self._role_link(s, hit.role)
        if entity is None:
            entity = _Entity(first_sent=s, description=mention.text)
            # An unnamed person introduced in the headline or the lead may be named later.
            entity.lead_unnamed = det in ("def", "poss") and mention.subject and self.para[s] <= 1
            self.entities.append(entity)
        mention.entity = entity
        hit.entity = entity
        self._role_clue(entity, hit)
        self._add_mention(mention)

    def _determiner(self, k: int, a: int) -> tuple[str | None, int | None]:
        """The determiner of the noun phrase ending at token ``k`` ("the powerful sister")."""
        toks = self.toks
        for back in range(1, 5):
            j = k - back
            if j < a:
                return None, None
            t = toks[j]
            if t.poss and t.kind == "word":
                return "poss", j  # "Kim Jong-un’s sister"
            det = _DETERMINERS.get(t.low)
            if det is not None:
                return det, j
            if t.kind == "punct" or t.low in _FUNCTION:
                return None, None
        return None, None

    def _role_link(self, s: int, role: _Role) -> _Entity | None:
        """The earlier person a definite description refers to, if any."""
        candidates = [
            e
            for e in self.entities
            if role.group in e.roles and _compatible(e.lex_gender(), role.gender)
        ]
        if candidates:
            recent = [e for e in candidates if e.last_subject >= s - 4]
            pool = recent or candidates
            return max(pool, key=lambda e: e.last_subject if recent else e.last_sent)
        if role.generic:
            near = [
                e
                for e in self.entities
                if s - e.last_sent <= 6 and _compatible(e.lex_gender(), role.gender)
            ]
            if near:
                return max(near, key=lambda e: e.last_sent)
        return None

    def _role_clue(self, entity: _Entity, hit: _RoleHit) -> None:
        role = hit.role
        entity.roles.add(role.group)
        if entity.description is None and entity.name is None:
            entity.description = role.phrase
        if role.gender is not None:
            t = self.toks[hit.i]
            text = self.text[t.start : self.toks[hit.j - 1].end]
            entity.clues.append(_Clue(text, t.start, role.gender, role.kind))

    def _pronoun(self, s: int, k: int, b: int) -> None:
        toks = self.toks
        t = toks[k]
        form = self.lex.pronoun_form[t.low]
        gender = self.lex.pronoun_gender.get(t.low)
        if gender is None:
            return
        nxt = toks[k + 1] if k + 1 < b else None
        if nxt is not None and nxt.low in _HONORIFICS:
            return  # "Her Majesty"
        prev = toks[k - 1] if k > 0 else None
        if (nxt is not None and nxt.text in ("/", "or")) or (
            prev is not None and prev.text in ("/", "or")
        ):
            return  # "his or her", "he/she": generic
        if form == "her":
            if nxt is None or nxt.kind == "punct" or nxt.low in _AFTER_HER_OBJECT:
                form = "object"
            else:
                form = "possessive"
        mention = _Mention(
            "pron",
            t.start,
            t.end,
            k,
            k + 1,
            s,
            t.text,
            subject=form == "subject",
            quoted=t.quoted,
            gender=gender,
            form=form,
        )
        if not t.quoted:
            entity = self._resolve(mention)
            if entity is not None:
                mention.entity = entity
                entity.clues.append(_Clue(t.text, t.start, gender, "pronoun"))
        self._add_mention(mention)
        self.pronouns.append(mention)

    # -- helpers -----------------------------------------------------------------------------

    def _subject_position(self, k: int) -> bool:
        """Not the object of a preposition (the start of a clause, or after a comma)."""
        if k == 0:
            return True
        prev = self.toks[k - 1]
        if prev.sent != self.toks[k].sent:
            return True
        return prev.low not in _PREPOSITIONS

    def _index(self, entity: _Entity, full: tuple[str, ...], surname_first: bool) -> None:
        keys = {full}
        if len(full) >= 2:
            if surname_first:
                keys.add(full[:1])
            else:
                keys.add(full[-1:])
                keys.add(full[1:])
                for n, w in enumerate(full):
                    if w in self.lex.particles and n > 0:
                        keys.add(full[n:])
                        break
        for key in keys:
            self.keys.setdefault(key, []).append(entity)
        entity.keys |= keys

    def _lookup(self, full: tuple[str, ...]) -> _Entity | None:
        found = self.keys.get(full)
        if found and len(set(map(id, found))) == 1:
            return found[0]
        return None

    def _add_mention(self, mention: _Mention) -> None:
        self.by_sent[mention.sent].append(mention)
        e = mention.entity
        if e is not None:
            e.last_sent = mention.sent
            if mention.subject and not mention.quoted:
                e.last_subject = mention.sent

    def _boundary(self, a: int, b: int) -> bool:
        """A clause boundary between tokens ``a`` and ``b``: "that", or "said" + a clause."""
        toks = self.toks
        for k in range(a, b):
            low = toks[k].low
            if low in _COMPLEMENTIZERS:
                return True
            if low in _SPEECH_VERBS and k + 1 < b:
                nxt = toks[k + 1]
                if nxt.kind == "word" and nxt.low not in _PREPOSITIONS:
                    return True
        return False

    def _back(self, s: int, n: int) -> list[int]:
        """Up to ``n`` running-text sentences before ``s`` (headlines and captions skipped)."""
        out: list[int] = []
        t = s - 1
        while t >= 0 and len(out) < n and s - t <= 6:
            if self.running[t]:
                out.append(t)
            t -= 1
        return out

    def _previous(self, s: int) -> list[int]:
        """The sentences a reader still has in mind: up to two before, in the paragraph
        (or the last one of the previous paragraph when ``s`` opens its paragraph)."""
        back = self._back(s, 2)
        same = [t for t in back if self.para[t] == self.para[s]]
        return same or back[:1]

    def _open(self, sents: Iterable[int], skip: _Mention | None = None) -> list[_Mention]:
        return [m for t in sents for m in self.by_sent[t] if not m.quoted and m is not skip]

    def _earlier_in_sentence(self, p: _Mention) -> list[_Mention]:
        return [m for m in self._open([p.sent], p) if m.tok_end <= p.tok_start]

    def _local(self, p: _Mention, before: list[_Mention]) -> tuple[_Mention, bool]:
        """The antecedent in the pronoun's own sentence (its subject if there is one) and
        whether the pronoun is in the same clause as that subject."""
        subjects = [m for m in before if m.subject]
        ante = subjects[0] if subjects else before[-1]
        return ante, ante.subject and not self._boundary(ante.tok_end, p.tok_start)

    def _topic(self, s: int) -> tuple[_Mention | None, int]:
        """The subject of the nearest earlier sentence that mentions someone."""
        for t in self._back(s, 3):
            there = self._open([t])
            if there:
                subjects = [m for m in there if m.subject]
                return (subjects[0] if subjects else there[0]), t
        return None, -1

    def _resolve(self, p: _Mention) -> _Entity | None:
        """The person a pronoun clearly refers to, from the evidence known so far: the one
        compatible candidate of the nearest place that has any."""
        before = self._earlier_in_sentence(p)
        pools: list[list[_Mention]] = []
        if before:
            pools.append(before)
            if self._local(p, before)[1]:
                return _unique(before, p.gender)
        pools.extend(self._open([t]) for t in self._back(p.sent, 3))
        for pool in pools:
            found = [m for m in pool if _compatible(m.lex_gender(), p.gender)]
            if found:
                return _unique(found, p.gender)
        return None

    # -- judgement ---------------------------------------------------------------------------

    def verdicts(self) -> Iterator[Verdict]:
        for p in self.pronouns:
            if p.quoted:
                continue
            v = self._judge(p)
            if v is not None:
                yield v

    def _judge(self, p: _Mention) -> Verdict | None:
        g = p.gender
        if g is None:
            return None
        before = self._earlier_in_sentence(p)
        # Candidates that block when of the pronoun's gender or unknown (``near``), and
        # those that block only when of the pronoun's gender (``far``).
        ante: _Mention | None
        if before:
            ante, local = self._local(p, before)
            near = before
            far = self._open(self._previous(p.sent))
            if not local:
                near, far = near + far, []
        else:
            local = False
            ante, t = self._topic(p.sent)
            if ante is None:
                return None
            sents = {t, *self._back(p.sent, 2)}
            if ante.full_gender(p.start) == _other(g):
                sents.update(self._back(t, 2))  # a reader would look further back
            # Cataphora: "In his speech, Mr. X said" – anyone later in the sentence counts.
            near = self._open(sorted(sents)) + self._open([p.sent], p)
            far = []
        entity = ante.entity
        if entity is None:
            return None
        for m in near:
            if m.entity is not entity and _compatible(m.full_gender(p.start), g):
                return None
        for m in far:
            if m.entity is not entity and m.full_gender(p.start) == g:
                return None
        clues = [c for c in entity.clues if c.offset != p.start]
        against = [c for c in clues if c.gender != g]
        same = [c for c in clues if c.gender == g]
        if any(c.kind != "pronoun" for c in same):
            return None
        if not (any(c.strong for c in against) or len(against) >= 2):
            return None
        if same and len(same) * 2 >= len(against):
            return None
        return Verdict(p, ante, entity, _other(g), against, len(same), local)


def _unique(mentions: list[_Mention], gender: str | None) -> _Entity | None:
    """The entity of the only compatible candidate (None when several or none)."""
    keys: dict[int, _Mention] = {}
    for m in mentions:
        if _compatible(m.lex_gender(), gender):
            keys.setdefault(id(m.entity) if m.entity is not None else id(m), m)
    if len(keys) == 1:
        return next(iter(keys.values())).entity
    return None


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _other(gender: str) -> str:
    return MALE if gender == FEMALE else FEMALE


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@register
class PronounGenderCheck(Check):
    """Flags a pronoun whose gender contradicts the person it refers to."""

    name = "pronoun-gender"
    types = ("agreement.pronoun-gender",)
    description = "pronoun gender contradicting the referent established in the text"

    def run(self, ctx: Context) -> Iterable[Finding]:
        rules = {r.id.rsplit("/", 1)[-1]: r for r in ctx.rules.for_check(self.name)}
        if not rules:
            return
        data = ctx.rules.pack_data(PACK)
        if not data:
            return  # the word lists live in the pack; without them there is nothing to judge
        lex = _lexicon(data)
        if not lex.pronoun_form:
            return
        discourse = _Discourse(ctx.text, ctx.sentences, ctx.paragraphs, lex)
        for v in discourse.verdicts():
            form = v.pronoun.form
            rule = rules.get("possessive" if form == "possessive" else form)
            if rule is None:
                continue
            yield self._finding(ctx, lex, rule, v)

    @staticmethod
    def _finding(ctx: Context, lex: _Lexicon, rule: Any, v: Verdict) -> Finding:
        p = v.pronoun
        shown: list[str] = []
        for c in v.clues:
            word = c.text.lower() if c.kind in ("pronoun", "noun", "weak-noun") else c.text
            if word not in shown:
                shown.append(word)
        clue_text = ", ".join(f'"{w}"' for w in shown[:4])
        message = (
            rule.message.replace("{pronoun}", p.text)
            .replace("{antecedent}", v.entity.display)
            .replace("{expected}", v.expected)
            .replace("{clues}", clue_text)
        )
        low = p.text.lower()
        form_key = "possessive" if p.form == "possessive" else p.form
        swap = lex.swap.get((form_key, low))
        if low == "her" and p.form == "object":
            swap = lex.swap.get(("object", "her"))
        suggestion = _match_case(swap, p.text) if swap else None
        n = len(v.clues)
        confidence = 0.55 + 0.1 * min(n, 3)
        if any(c.kind in ("title", "noun") for c in v.clues):
            confidence += 0.05
        if v.against:
            confidence -= 0.1
        if not v.local:
            confidence -= 0.05
        confidence = min(0.9, max(0.6, confidence))
        evidence: dict[str, Any] = {
            "antecedent": v.entity.display,
            "pronoun": p.text,
            "expected": v.expected,
            "clues": [{"text": c.text, "offset": c.offset, "kind": c.kind} for c in v.clues],
        }
        if v.antecedent.text != v.entity.display:
            evidence["mention"] = v.antecedent.text
        if v.entity.name and v.entity.description:
            evidence["described_as"] = v.entity.description
        return ctx.finding(
            rule,
            Span(p.start, p.end),
            message,
            suggestion=suggestion,
            evidence=evidence,
            confidence=round(confidence, 3),
        )
