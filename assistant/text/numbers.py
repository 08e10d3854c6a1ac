"""Numbers written in English words: one owner for the words and their values.

Question analysis, the support scorer, the briefing's figures, eval drafting and eval matching all read
numbers; each used to carry its own word list, and some lacked "fourteen" or "sixty".
"""

from __future__ import annotations

import re

from assistant.text.dates import MONTH_RE

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
ONES: dict[str, int] = {word: n for n, word in enumerate(_UNITS.split(), 1)}
ONES.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
ONES.update({"eighty": 80, "ninety": 90})
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS: dict[str, int] = {**ONES, **SCALES, "dozen": 12}  # single number words
# An alternation of every number word, for patterns that put their own \b around it.
WORD_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def number_value(phrase: str) -> float | None:
    """The value of a number written in digits, words or both ("two hundred", "1,300", "three dozen");
    None when the phrase holds no number."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", word):
            current += float(word.replace(",", ""))
        elif word in ONES:
            current += ONES[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total, current = total + (current or 1) * SCALES[word], 0.0
        else:
            continue
        seen = True
    return total + current if seen else None


# "$550 million", "£2.5bn", "€300m", "$1,200": a sum with its currency sign.
_SUM = re.compile(
    r"[$£€¥₹]\s?(\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s*(million|billion|trillion|thousand|mn|bn|m|b|k)\b)?", re.I
)
_SUM_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_SUM_SCALE |= {"b": 1e9, "trillion": 1e12}


def sums(text: str) -> list[tuple[str, float]]:
    """The sums of money written with a currency sign, as (surface, value): "$550m" and "$550 million" are
    the same sum."""
    return [
        (m.group(0), float(m.group(1).replace(",", "")) * _SUM_SCALE.get((m.group(2) or "").lower(), 1.0))
        for m in _SUM.finditer(text)
    ]


# "3.5 percent", "10%", "four per cent": a share with its figure (not "percentage points", a change).
_SHARE = re.compile(
    rf"\b(\d(?:[\d,]*\d)?(?:\.\d+)?|{WORD_RE})\s*(?:%|percent\b|per cent\b)(?!\s*points?\b)", re.I
)


def shares(text: str) -> list[tuple[str, float]]:
    """The percentages written in the text, as (surface, value): "3.5%" and "3.5 percent" are one share."""
    found = []
    for m in _SHARE.finditer(text):
        value = number_value(m.group(1))
        if value is not None:
            found.append((m.group(0), value))
    return found


# "15 people", "six civilians", "1,208 flights", "two dozen ships": a figure and the things it counts. A year
# ("2022 attacks") is no count; a unit ("400 metres") measures.
_COUNT = re.compile(
    rf"(?<![\w$£€.,-])((?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:\.\d+)?|{WORD_RE})(?:[\s-]+(?:{WORD_RE}))*)"
    r"\s+((?:[a-z]+s|people|men|women|children))\b"
)
_NOT_COUNTED = frozenset(
    {"years", "months", "weeks", "days", "hours", "minutes", "seconds", "percent", "times"}
)


def counts(text: str) -> list[tuple[str, float, str]]:
    """The figures that count things, as (surface, value, thing): "15 people" and "fifteen people" are one
    count of people."""
    found = []
    for m in _COUNT.finditer(text):
        value = number_value(m.group(1))
        if value is not None and m.group(2) not in _NOT_COUNTED:
            found.append((m.group(0), value, m.group(2)))
    return found


_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth",
)  # fmt: skip
ORDINALS: dict[str, int] = {word: n for n, word in enumerate(_ORDINAL_WORDS, 1)}
# "the third patch", "its 2nd release": an ordinal, in words or figures, that is not part of a date
# ("March 21st"), a century ("the 10th century": a date constraint of its own) or a fraction ("a tenth of").
_ORDINAL = re.compile(
    rf"(?<!\w)(?:({'|'.join(ORDINALS)})|(\d{{1,2}})(?:st|nd|rd|th))\b(?!\s+(?:centur|of\b))", re.I
)
_MONTH_BEFORE = re.compile(r"\b" + MONTH_RE + r"\.?\s+$", re.I)


def ordinals(text: str) -> list[tuple[int, list[str], int]]:
    """Each ordinal with the up to three words after it and where it stands ("third patch to the" -> (3,
    ["patch", "to", "the"], 0)): what it numbers is among the words."""
    found = []
    for m in _ORDINAL.finditer(text):
        if m.group(2) and _MONTH_BEFORE.search(text[: m.start()]):
            continue
        value = ORDINALS[m.group(1).lower()] if m.group(1) else int(m.group(2))
        found.append((value, re.findall(r"[A-Za-z][\w-]*", text[m.end() : m.end() + 60])[:3], m.start()))
    return found


def ordinal_word(value: int) -> str:
    """3 -> "third"; beyond the words, "13th"."""
    return _ORDINAL_WORDS[value - 1] if 1 <= value <= len(_ORDINAL_WORDS) else ordinal_figure(value)


def ordinal_figure(value: int) -> str:
    """16 -> "16th", 21 -> "21st", 12 -> "12th"."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


# A software version: three or more numbers joined by dots ("5.6.1", "v5.4.0", "xz-5.6.0.tar.gz", the
# "5.6.1" of "5.6.1+really5.4.5-1"), or two after "v" or "version"/"release" ("v5.6", "version 3.11"); a
# bare "9.8" is a decimal.
_VERSION = re.compile(
    r"(?<![\w.])(?:v|(?<=\bversion )|(?<=\brelease ))(\d+\.\d+(?:\.\d+)*)(?![\d.]*\d)|"
    r"(?<![\d.])(?!(?:1[89]|20)\d\d\.\d)(\d+(?:\.\d+){2,})(?![\d])",  # not a date, "2024.03.09"
    re.I,
)


def versions(text: str, bounded: bool = True) -> list[str]:
    """The versions a text names, without their "v", in order; without those after "before", "since",
    "up to"… when not bounded ("fixed in versions before 5.6.0" names no one version)."""
    return [
        m.group(1) or m.group(2)
        for m in _VERSION.finditer(text)
        if bounded or not _BOUND_BEFORE.search(text[: m.start()])
    ]


_BOUND_BEFORE = re.compile(
    r"\b(?:before|after|since|prior to|until|up to|through|older than|newer than|later than|earlier than|"
    r"from)\s+(?:[\w-]+\s+){0,2}$|[<>=]\s*$",
    re.I,
)


def same_version(asked: str, given: str) -> bool:
    """ "5.6" is held by "5.6.1" (a release of it); "5.6.1" is not held by "5.6.0" or "5.6"."""
    return given == asked or given.startswith(asked + ".")


def holds_version(asked: list[str], text: str) -> bool:
    """The text names one of the versions asked about (or a release of one)."""
    return any(same_version(a, v) for a in asked for v in versions(text))
