"""When a sentence says something happened: date mentions, exact or approximate, resolved to the calendar.

An exact date ("December 2, 2022") stands as written. A date that leaves something out ("5 September",
"at the end of July") or that is relative ("on Friday", "last month", "recently") is resolved against the
article's own date where it has one, and is then marked as inferred or approximate, never passed off as
exact. Month names and the full-date patterns come from text/dates.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from assistant.text.dates import MONTHS

_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:1[6-9]|20)\d\d)"
_QUALIFIER = (
    r"(early|earlier in|mid|mid-|late|later in|"
    r"the (?:end|beginning|start|middle|turn|first half|second half) of)"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a few": 3,
                "several": 4, "a couple of": 2}  # fmt: skip

# Ordered: the first pattern to claim a span wins, and its span is not read again.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("q_month_year", re.compile(rf"\b{_QUALIFIER}\s*{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("q_year", re.compile(rf"\b{_QUALIFIER}\s*{_YEAR}\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![\d,]*\s*\d{{4}})")),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b")),
    ("q_month", re.compile(rf"\b{_QUALIFIER}\s*{_MONTH}\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|until|by|from|of|during)\s+{_MONTH}\b(?!\s*\d)")),
    ("around_year", re.compile(rf"\b(around|about|circa|c\.|approximately|roughly)\s+{_YEAR}\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|during|until|by)\s+{_YEAR}\b(?![\d,]|s\b)", re.I)),
    ("weekday", re.compile(rf"\b(?:((?i:last|this|next|on|since|by|until))\s+)?{_WEEKDAY}\b")),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    (
        "ago",
        re.compile(
            r"\b(a few|several|a couple of|an?|one|two|three|four|five|six|\d+)\s+"
            r"(day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),  # fmt: skip
    ("this_unit", re.compile(r"\b(earlier|later)?\s*(this|last|next)\s+(week|month|year)\b", re.I)),
    (
        "recent_unit",
        re.compile(
            r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+)?"
            r"(days|weeks|months)\b",
            re.I,
        ),
    ),  # fmt: skip
    ("recently", re.compile(r"\b(recently|lately)\b", re.I)),
]
# Words that put a weekday or a yearless date ahead of the article rather than behind it.
_FUTURE = re.compile(
    r"\b(will|would|may|might|could|expected|expects|hope[sd]?|plans?|next|upcoming|due to|if|unless|"
    r"in the event)\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """A date as a sentence writes it, parsed as far as the words go (None where they do not say)."""

    text: str
    start: int  # offsets within the sentence
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None  # early / mid / late / end of ...; around
    relative: tuple[str, int] | None = None  # ("weekday", 4), ("days_before", 90), ...


@dataclass(frozen=True)
class When:
    """A mention placed on the calendar: what to show, how to sort it, and how sure it is."""

    label: str  # "5 September 2022", "5 September [2022]", "≈ 10 February 2023", "early 2022"
    sort: tuple[int, int, int]
    precision: str  # day, month, year
    approximate: bool
    inferred: bool  # a part (the year, or the whole date) comes from the article's date or other sources
    note: str | None  # how it was resolved, in words
    year: int | None
    month: int | None
    day: int | None
    mention: Mention

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}" if self.year else "????"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


@lru_cache(maxsize=4096)
def find_mentions(sentence: str) -> tuple[Mention, ...]:
    """Every date mention in a sentence, in reading order (cached: every section reads the same pool)."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            mention = _parse(kind, m)
            if mention is not None:
                taken.append((m.start(), m.end()))
                found.append(mention)
    return tuple(sorted(found, key=lambda x: x.start))


def _parse(kind: str, m: re.Match[str]) -> Mention | None:  # noqa: C901 - one branch per pattern
    g = m.groups()
    base = {"text": m.group(0).strip(), "start": m.start(), "end": m.end(), "kind": kind}
    try:
        if kind == "iso":
            return Mention(**base, year=int(g[0]), month=int(g[1]), day=int(g[2]))
        if kind == "mdy":
            return Mention(**base, year=int(g[2]), month=_month(g[0]), day=int(g[1]))
        if kind == "dmy":
            return Mention(**base, year=int(g[2]), month=_month(g[1]), day=int(g[0]))
        if kind == "q_month_year":
            return Mention(**base, year=int(g[2]), month=_month(g[1]), qualifier=_qualifier(g[0]))
        if kind == "q_year":
            return Mention(**base, year=int(g[1]), qualifier=_qualifier(g[0]))
        if kind == "month_year":
            return Mention(**base, year=int(g[1]), month=_month(g[0]))
        if kind == "md":
            return Mention(**base, month=_month(g[0]), day=int(g[1]))
        if kind == "dm":
            return Mention(**base, month=_month(g[1]), day=int(g[0]))
        if kind == "q_month":
            return Mention(**base, month=_month(g[1]), qualifier=_qualifier(g[0]))
        if kind == "month":
            return Mention(**base, month=_month(g[0]))
        if kind == "around_year":
            return Mention(**base, year=int(g[1]), qualifier="around")
        if kind == "year":
            return Mention(**base, year=int(g[0]))
        if kind == "weekday":
            return Mention(**base, relative=(f"weekday:{(g[0] or '').lower()}", _WEEKDAYS.index(g[1])))
        if kind == "yesterday":
            return Mention(**base, relative=("days_before", 1))
        if kind == "ago":
            count = _COUNT_WORDS.get(g[0].lower()) or int(g[0])
            return Mention(**base, relative=("days_before", count * _UNIT_DAYS[g[1].lower()]))
        if kind == "this_unit":
            which = g[1].lower()
            if which == "next":
                return None  # a plan, not an event
            return Mention(**base, relative=(f"{which}_{g[2].lower()}", 0))
        if kind == "recent_unit":
            return Mention(**base, relative=("recent", _UNIT_DAYS[g[0].lower().rstrip("s")] * 3))
        if kind == "recently":
            return Mention(**base, relative=("recent", 30))
    except (KeyError, ValueError):
        return None
    return None


def _qualifier(word: str) -> str:
    word = word.lower().strip()
    if word.startswith(("early", "earlier", "the beginning", "the start", "the first half")):
        return "early"
    if word.startswith(("late", "later", "the end", "the second half", "the turn")):
        return "late"
    return "mid"


_QUAL_MONTH = {"early": 2, "mid": 6, "late": 11, "around": 6}
_QUAL_DAY = {"early": 5, "mid": 15, "late": 25, "around": 15}


def _fmt(day: int | None, month: int | None, year: int | None, year_inferred: bool = False) -> str:
    names = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]  # fmt: skip
    year_text = "" if year is None else (f"[{year}]" if year_inferred else str(year))
    parts = [str(day) if day else "", names[month] if month else "", year_text]
    return " ".join(p for p in parts if p)


def _valid(year: int, month: int, day: int | None) -> bool:
    try:
        date(year, month, day or 1)
    except ValueError:
        return False
    return True


def resolve(mention: Mention, article_date: date | None, sentence: str) -> When | None:
    """Place a mention on the calendar; None when it cannot be placed (a relative date in an undated article,
    an impossible date)."""
    # Looking ahead is a matter of the clause around the date, not of the whole sentence.
    future = bool(_FUTURE.search(sentence[max(0, mention.start - 60) : mention.end + 60]))
    if mention.relative:
        return _resolve_relative(mention, article_date, future)
    year, month, day = mention.year, mention.month, mention.day
    qualifier = mention.qualifier
    inferred, note = False, None
    if year is None:
        if article_date is None:
            # Left for the timeline to complete from other accounts of the same event, or to list as
            # "year not stated".
            label = _fmt(day, month, None) if not qualifier else f"{qualifier} {_fmt(None, month, None)}"
            return When(label, (0, month or 0, day or 0), "day" if day else "month",
                        qualifier is not None, True, "the year is not stated", None, month, day, mention)  # fmt: skip
        year = article_date.year
        candidate = (month or 1, day or 1)
        if not future and candidate > (article_date.month, article_date.day):
            year -= 1
        inferred = True
        note = f"year from the article's date, {article_date.isoformat()}"
    if month is not None and not _valid(year, month, day):
        return None
    approximate = qualifier is not None
    if qualifier and month is None:
        label = f"{'around' if qualifier == 'around' else qualifier} {year}"
        sort = (year, _QUAL_MONTH[qualifier], 15)
        precision = "year"
    elif qualifier:
        prefix = {"early": "early", "mid": "mid", "late": "late", "around": "around"}[qualifier]
        label = f"{prefix} {_fmt(None, month, year, inferred)}"
        sort = (year, month or 6, _QUAL_DAY[qualifier])
        precision = "month"
    else:
        label = _fmt(day, month, year, inferred)
        sort = (year, month or 6, day or (15 if month else 30))
        precision = "day" if day else ("month" if month else "year")
    return When(label, sort, precision, approximate, inferred, note, year, month, day, mention)


def _resolve_relative(mention: Mention, article_date: date | None, future: bool) -> When | None:
    if article_date is None:
        return None
    kind, amount = mention.relative or ("", 0)
    said = f"“{mention.text}” in an article dated {_fmt(article_date.day, article_date.month, article_date.year)}"
    if kind.startswith("weekday"):
        modifier = kind.split(":", 1)[1]
        delta = (article_date.weekday() - amount) % 7
        if modifier == "next" or (future and modifier not in {"last", "since"}):
            when = article_date + timedelta(days=(amount - article_date.weekday()) % 7)
        else:
            if modifier == "last" and delta == 0:
                delta = 7
            when = article_date - timedelta(days=delta)
        return _approx(when, "day", said, mention)
    if kind == "days_before":
        when = article_date - timedelta(days=amount)
        precision = "day" if amount < 7 else ("month" if amount < 365 else "year")
        return _approx(when, precision, said, mention)
    if kind in {"this_week", "last_week"}:
        monday = article_date - timedelta(days=article_date.weekday())
        when = monday - timedelta(days=7) if kind == "last_week" else monday
        return _approx(when, "week", said, mention)
    if kind in {"this_month", "last_month"}:
        first = article_date.replace(day=1)
        when = (first - timedelta(days=1)).replace(day=1) if kind == "last_month" else first
        return _approx(when, "month", said, mention)
    if kind in {"this_year", "last_year"}:
        when = date(article_date.year - (kind == "last_year"), 1, 1)
        return _approx(when, "year", said, mention)
    if kind == "recent":
        when = article_date - timedelta(days=1)
        label = f"before {_fmt(article_date.day, article_date.month, article_date.year)}"
        return When(label, (when.year, when.month, when.day), "day", True, True, said, when.year, when.month,
                    None, mention)  # fmt: skip
    return None


def _approx(when: date, precision: str, note: str, mention: Mention) -> When:
    if precision == "day":
        label = "≈ " + _fmt(when.day, when.month, when.year)
    elif precision == "week":
        label = "week of " + _fmt(when.day, when.month, when.year)
    elif precision == "month":
        label = "≈ " + _fmt(None, when.month, when.year)
    else:
        label = "≈ " + str(when.year)
    day = when.day if precision in {"day", "week"} else None
    month = when.month if precision != "year" else None
    return When(label, (when.year, when.month, when.day), "day" if precision == "week" else precision, True,
                True, note, when.year, month, day, mention)  # fmt: skip


def article_date(value: str | None) -> date | None:
    """The document metadata's date, when it is a whole ISO date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def with_year(when: When, year: int, note: str) -> When:
    """A yearless date completed with a year found elsewhere (other accounts of the same event)."""
    month, day = when.month, when.day
    if month is not None and not _valid(year, month, day):
        return when
    qualifier = when.mention.qualifier
    label = _fmt(day, month, year, True)
    if qualifier:
        label = f"{qualifier} {_fmt(None, month, year, True)}"
    sort = (year, month or 6, day or (_QUAL_DAY.get(qualifier or "", 15)))
    return When(label, sort, when.precision, when.approximate, True, note, year, month, day, when.mention)
