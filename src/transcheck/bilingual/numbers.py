"""Locale-aware numbers: find them in text and decide when two of them say the same thing.

Each mention carries a *set* of candidate values, because the separators are ambiguous
across locales: ``1,500`` is fifteen hundred in English and one and a half in French, so it
gets both values, and two mentions match when their sets meet. This makes ``7 000`` equal to
``7,000``, ``3,5`` equal to ``3.5``, ``1,5 million`` equal to ``1.5 million`` and ``1 500 000``,
``16万`` equal to ``160,000``, ``2 p.m.`` equal to ``14h``, and ``12 mars`` equal to
``March 12`` (a month next to a number is a mention whose value is the month number).

Spelled-out small numbers (``two``, ``deux``, ``zwei``...) are mentions too, except words that
double as articles (``one``, ``un``, ``ein``...): those only *explain* a digit on the other side
and are never reported as missing or extra.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["NumberMention", "extract_numbers", "match_numbers", "same_number"]


@dataclass(frozen=True)
class NumberMention:
    """A number in a text: where it is, what it may mean, and how sure we are it is one.

    Attributes:
        start, end: offsets into the text the mention was found in.
        text: the surface form (``"1,5 million"``).
        values: candidate values, rounded to 6 significant digits.
        kind: ``digits``, ``word`` (spelled out), ``month`` or ``weak`` (article-like words
            that never count as missing or extra).
    """

    start: int
    end: int
    text: str
    values: frozenset[float]
    kind: str = "digits"

    @property
    def flaggable(self) -> bool:
        """Whether a missing or extra mention of this kind is worth reporting."""
        return self.kind != "weak"


_SCALES: dict[str, float] = {}
for _words, _value in (
    ("thousand thousands mille mil tausend mila тысяча тысячи тысяч tys k", 1e3),
    (
        "million millions mio mln m millón millones milione milioni milhão milhões miljoen "
        "millionen миллион миллиона миллионов млн",
        1e6,
    ),
    (
        "billion billions bn milliard milliards mrd md mld miliardo miliardi milliarde "
        "milliarden bilhão bilhões миллиард миллиарда миллиардов млрд",
        1e9,
    ),
    ("trillion trillions", 1e12),
):
    for _w in _words.split():
        _SCALES[_w] = _value
_SCALES["mil millones"] = 1e9
_CJK_SCALES = {
    "十": 10.0,
    "百": 100.0,
    "千": 1e3,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "兆": 1e12,
}

# Spelled-out numbers by language: 2..20, then tens and a few more (lowercase).
_WORD_NUMBERS: dict[str, dict[str, float]] = {}
for _lang, _lang_words, _extra in (
    (
        "en",
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty",
        "thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90 hundred:100 dozen:12 "
        "twenties:20 thirties:30 forties:40 fifties:50 sixties:60 seventies:70 eighties:80 "
        "nineties:90",
    ),
    (
        "fr",
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
        "seize dix-sept dix-huit dix-neuf vingt",
        "trente:30 quarante:40 cinquante:50 soixante:60 cent:100 douzaine:12",
    ),
    (
        "de",
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
        "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
        "dreißig:30 vierzig:40 fünfzig:50 hundert:100",
    ),
    (
        "es",
        "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve veinte",
        "treinta:30 cuarenta:40 cincuenta:50 cien:100",
    ),
    (
        "it",
        "due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
        "quattordici quindici sedici diciassette diciotto diciannove venti",
        "trenta:30 quaranta:40 cinquanta:50 cento:100",
    ),
    (
        "pt",
        "dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze "
        "dezesseis dezessete dezoito dezenove vinte",
        "trinta:30 quarenta:40 cinquenta:50 cem:100",
    ),
):
    table = {w: float(i + 2) for i, w in enumerate(_lang_words.split())}
    table.update({w: float(v) for w, v in (x.split(":") for x in _extra.split())})
    _WORD_NUMBERS[_lang] = table
# Words that are numbers only sometimes (articles, ordinals, "both"): they explain a number on
# the other side but are never reported.
_WEAK_WORDS: dict[str, dict[str, float]] = {
    "en": {
        "one": 1,
        "a": 1,
        "an": 1,
        "single": 1,
        "first": 1,
        "once": 1,
        "both": 2,
        "pair": 2,
        "couple": 2,
        "second": 2,
        "twice": 2,
        "double": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "half": 0.5,
        "zero": 0,
        "none": 0,
        "no": 0,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "premier": 1,
        "première": 1,
        "deuxième": 2,
        "second": 2,
        "seconde": 2,
        "troisième": 3,
        "moitié": 0.5,
        "zéro": 0,
        "double": 2,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "einen": 1,
        "einem": 1,
        "einer": 1,
        "eins": 1,
        "erste": 1,
        "zweite": 2,
        "dritte": 3,
        "beide": 2,
        "halb": 0.5,
        "null": 0,
    },
    "es": {
        "uno": 1,
        "una": 1,
        "un": 1,
        "primer": 1,
        "primero": 1,
        "primera": 1,
        "segundo": 2,
        "tercer": 3,
        "ambos": 2,
        "medio": 0.5,
        "cero": 0,
    },
    "it": {
        "uno": 1,
        "una": 1,
        "un": 1,
        "primo": 1,
        "prima": 1,
        "secondo": 2,
        "terzo": 3,
        "entrambi": 2,
        "mezzo": 0.5,
        "zero": 0,
    },
    "pt": {
        "um": 1,
        "uma": 1,
        "primeiro": 1,
        "primeira": 1,
        "segundo": 2,
        "terceiro": 3,
        "ambos": 2,
        "meio": 0.5,
        "zero": 0,
    },
}
_ALL_WORD_NUMBERS = {w: v for t in _WORD_NUMBERS.values() for w, v in t.items()}
_ALL_WEAK = {w: float(v) for t in _WEAK_WORDS.values() for w, v in t.items()}

_MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan feb mar apr may jun jul aug sep oct nov dec",
):
    for _i, _w in enumerate(_names.split()):
        _MONTHS.setdefault(_w, _i + 1)
_MONTHS["sept"] = 9

_SEP = r"[ \u00a0\u202f.,'’]"
_DIGITS = r"\d{1,3}(?:" + _SEP + r"\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE_WORDS = sorted(_SCALES, key=len, reverse=True)
_NUMBER = re.compile(
    r"(?<![^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff])(?<![.,])(?P<num>" + _DIGITS + r")"
    r"(?:[ \u00a0\u202f]?(?P<cjk>[十百千万萬亿億兆]+)(?P<rest>\d+(?![\d.,]))?)?"
    r"(?:(?:[ \u00a0\u202f]|\s(?:de\s)?)?(?P<scale>"
    + "|".join(re.escape(w) for w in _SCALE_WORDS)
    + r")\b)?"
    r"(?P<suffix>(?:st|nd|rd|th|er|re|e|ème|eme|º|ª|\.)(?![\w]))?"
    r"(?:\s?(?P<ampm>[ap]\.?\s?m\b\.?))?",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\w.,])(?P<h>\d{1,2})(?:[:.]|\s?h\s?)(?P<min>\d{2})(?!\d)"
    r"(?:\s?(?P<ampm>[ap]\.?\s?m\b\.?))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_OPENING = ("", ".", "!", "?", "«", '"', "“", "(")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
_CJK_NUM = re.compile(r"[〇零一二两三四五六七八九十百千万萬亿億]+")
_CJK_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _round(value: float) -> float:
    if value == 0:
        return 0.0
    return float(f"{value:.6g}")


def _digit_values(token: str) -> set[float]:
    """Every value a digit string can have in some locale."""
    clean = token.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    parts = re.split(r"([ .,'])", clean)
    digits = parts[0::2]
    seps = parts[1::2]
    if not seps:
        return {float(clean)}
    values: set[float] = set()
    # Thousands separators everywhere but maybe a decimal mark at the end.
    groups_ok = all(len(g) == 3 for g in digits[1:])
    if groups_ok and len(set(seps)) == 1:
        values.add(float("".join(digits)))
    last = seps[-1]
    if last in ".,":
        head = digits[:-1]
        head_seps = seps[:-1]
        if all(len(g) == 3 for g in head[1:]) and last not in head_seps:
            values.add(float("".join(head) + "." + digits[-1]))
    if not values:
        values.add(float("".join(digits)))
    return values


def _cjk_value(text: str) -> float | None:
    """Value of a Chinese numeral such as ``三十五`` or ``两万``; None for lone unit signs."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in text:
        if ch in _CJK_DIGIT:
            digit = float(_CJK_DIGIT[ch])
        elif ch in ("十", "百", "千"):
            section += (digit if digit is not None else 1.0) * _CJK_SCALES[ch]
            digit = None
        else:  # 万, 亿
            section += digit or 0.0
            total = (total + section) * _CJK_SCALES[ch] if section or total else 0.0
            section = 0.0
            digit = None
    total += section + (digit or 0.0)
    return total if total else None


def extract_numbers(text: str, lang: str | None = None) -> list[NumberMention]:
    """Numbers, spelled-out numbers, times and dated months in ``text``, in order.

    ``lang`` is accepted for future locale rules; separators are read in every locale at once.
    """
    text = text.translate(_FULLWIDTH)
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in _TIME.finditer(text):
        hour = float(m.group("h"))
        minute = float(m.group("min"))
        if hour > 24 or minute > 59:
            continue
        hours = {hour}
        if m.group("ampm") and m.group("ampm").lower().startswith("p") and hour < 12:
            hours = {hour + 12}
        hours |= {hour * 100 + minute}  # "12 h 00" is also written "1200 GMT"
        mentions.append(
            NumberMention(
                m.start("h"), m.end("h"), m.group("h"), frozenset(_round(h) for h in hours)
            )
        )
        kind = "weak" if minute == 0 else "digits"
        mentions.append(
            NumberMention(m.start("min"), m.end("min"), m.group("min"), frozenset({minute}), kind)
        )
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw = m.group("num")
        try:
            values = _digit_values(raw)
        except ValueError:
            continue
        end = m.end("num")
        if m.group("cjk"):
            factor = 1.0
            for ch in m.group("cjk"):
                factor *= _CJK_SCALES[ch]
            values = {v * factor for v in values}
            end = m.end("cjk")
            if m.group("rest"):  # 1万1000 = 11000
                values = {v + float(m.group("rest")) for v in values}
                end = m.end("rest")
        elif m.group("scale"):
            factor = _SCALES[m.group("scale").lower()]
            # "3 m" is more often metres than millions: keep both readings for bare "m"/"k".
            if m.group("scale").lower() in ("m", "k", "md"):
                values = values | {v * factor for v in values}
            else:
                values = {v * factor for v in values}
            end = m.end("scale")
        if m.group("ampm"):
            values = values | {v + 12 for v in values if v < 12}
        mentions.append(
            NumberMention(
                m.start(), end, text[m.start() : end], frozenset(_round(v) for v in values)
            )
        )
    for m in _CJK_NUM.finditer(text):
        run = m.group(0)
        if len(run) == 1 and run in "一十百千万萬亿億":
            continue  # 一 is also "a", "one whole"; lone unit signs are words
        if any(s <= m.start() < e for s, e in ((x.start, x.end) for x in mentions)):
            continue
        value = _cjk_value(run)
        if value is None:
            continue
        # A lone numeral is as often part of a word or name (九龍 Kowloon, 一些 some).
        kind = "weak" if len(run) == 1 else "word"
        mentions.append(NumberMention(m.start(), m.end(), run, frozenset({_round(value)}), kind))
    mentions.extend(_word_mentions(text, mentions, lang))
    mentions.sort(key=lambda x: (x.start, x.end))
    return mentions


def _word_mentions(text: str, digits: list[NumberMention], lang: str | None) -> list[NumberMention]:
    base = (lang or "").split("-")[0].lower()
    if base in _WORD_NUMBERS:
        numbers, weak = _WORD_NUMBERS[base], {k: float(v) for k, v in _WEAK_WORDS[base].items()}
    elif base:
        numbers, weak = {}, {}  # no word list for this language: digits only
    else:
        numbers, weak = _ALL_WORD_NUMBERS, _ALL_WEAK
    out: list[NumberMention] = []
    digit_spans = [(d.start, d.end) for d in digits]
    for m in _word_parts(text, numbers):
        word = m.group(0)
        low = word.lower()
        if any(s <= m.start() < e for s, e in digit_spans):
            continue
        if low in _MONTHS:
            # A month counts only next to a number ("12 mars", "March 12", "mai 2023").
            before = text[max(0, m.start() - 6) : m.start()]
            after = text[m.end() : m.end() + 6]
            if (
                re.search(r"\d\s*(?:er|st|nd|rd|th|\.)?\s*$", before) or re.match(r"\s*\d", after)
            ) and (low != "may" or word == "May"):
                out.append(
                    NumberMention(
                        m.start(), m.end(), word, frozenset({float(_MONTHS[low])}), "month"
                    )
                )
            continue
        if word[:1].isupper() and text[: m.start()].rstrip()[-1:] not in _OPENING:
            continue  # capitalised inside a sentence: a name ("Otto Ritter")
        if low in numbers:
            out.append(NumberMention(m.start(), m.end(), word, frozenset({numbers[low]}), "word"))
        elif low in weak:
            out.append(NumberMention(m.start(), m.end(), word, frozenset({weak[low]}), "weak"))
    return out


def _word_parts(text: str, numbers: dict[str, float]) -> list[re.Match[str]]:
    """Words; a hyphenated word is split unless it is a number itself (``dix-sept``)."""
    out: list[re.Match[str]] = []
    for m in _WORD.finditer(text):
        if "-" in m.group(0) and m.group(0).lower() not in numbers:
            out.extend(_PLAIN_WORD.finditer(text, m.start(), m.end()))
        else:
            out.append(m)
    return out


def same_number(a: NumberMention, b: NumberMention) -> bool:
    """True when the two mentions can denote the same value."""
    return bool(a.values & b.values)


def match_numbers(
    left: list[NumberMention], right: list[NumberMention]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair mentions of two texts one to one.

    Returns ``(pairs, unmatched_left, unmatched_right)`` as indices. Digits pair first, then
    words, so a spelled-out ``one`` cannot steal the ``1`` that a digit needed.
    """
    pairs: list[tuple[int, int]] = []
    used_right: set[int] = set()
    order = sorted(range(len(left)), key=lambda i: (left[i].kind == "weak", i))
    unmatched_left: list[int] = []
    for i in order:
        choice = None
        for j in sorted(range(len(right)), key=lambda k: (right[k].kind == "weak", k)):
            if j not in used_right and same_number(left[i], right[j]):
                choice = j
                break
        if choice is None:
            unmatched_left.append(i)
        else:
            used_right.add(choice)
            pairs.append((i, choice))
    unmatched_right = [j for j in range(len(right)) if j not in used_right]
    return pairs, sorted(unmatched_left), unmatched_right


def fold(text: str) -> str:
    """Lowercase without accents: the comparison form of words and names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
