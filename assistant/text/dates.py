"""Dates written in English: one owner for month names, date patterns and parsing to ISO.

Patterns find candidate spans (day-month-year in either order, ISO); python-dateutil turns a span into a
real calendar date, so "February 30, 2022" is rejected rather than mis-stored.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = frozenset(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "fri", "sat", "sun",
    ]
)  # fmt: skip
MONTH_RE = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE_MDY = re.compile(MONTH_RE + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
DATE_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_RE + r"\.?,?\s+(\d{4})", re.I)
DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"(?<![\d,.$£€])\b(1[5-9]\d\d|20\d\d)\b(?!\d|,\d|\s*(?:%|percent|per cent))")


def _iso(year: str, month: int, day: str) -> str | None:
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """ISO date from the first full date written in common English formats, else None."""
    if m := DATE_ISO.search(text):
        return _iso(m.group(1), int(m.group(2)), m.group(3))
    if m := DATE_MDY.search(text):
        month, day, year = m.group(1), m.group(2), m.group(3)
    elif m := DATE_DMY.search(text):
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        return None
    number = MONTHS.get(month.lower().rstrip("."))
    return _iso(year, number, day) if number else None


def parse_any_date(text: str) -> str | None:
    """A date field as users write it in sources.json or front matter ("3 Jan 2023", "2023/01/03",
    "January 3, 2023"): ISO, or None when it is not a date."""
    found = parse_date(text)
    if found or not re.search(r"\d", text):
        return found
    from dateutil import parser

    try:
        return parser.parse(text, dayfirst=False, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None


def dated_as(year: str, text: str) -> str:
    """The fullest date of the text that holds the year ("February 29, 2020" for "2020"), else the year."""
    for pattern in (DATE_MDY, DATE_DMY, DATE_ISO):
        for m in pattern.finditer(text):
            if year in m.groups():
                return m.group(0)
    return year


def years(text: str) -> list[str]:
    """Four-digit years (1500-2099) that are not part of a larger number, a price or a percentage."""
    return YEAR.findall(text)


_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_RE + r"\b\.?|"
    r"\b" + MONTH_RE + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)",
    re.I,
)


def day_months(text: str) -> dict[str, str]:
    """Day-and-month mentions keyed so that formats compare equal: {"09-05": "5 September", ...}, ISO
    dates included. A month alone or a month with a year is not a day."""
    found: dict[str, str] = {}
    for m in DATE_ISO.finditer(text):  # "2024-03-30", as logs and timelines write it
        if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            found.setdefault(f"{m.group(2)}-{m.group(3)}", m.group(0))
    for m in _DAY_MONTH.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = MONTHS.get(month.lower().rstrip("."))
        if number and 1 <= int(day) <= 31:
            found.setdefault(f"{number:02d}-{int(day):02d}", m.group(0))
    return found


def year_of_day(text: str, published: str | None) -> tuple[str, str] | None:
    """(the day as written, its year) for a text that gives a day and month but no year ("…on 5
    September, killing six"), in a piece published on `published` (ISO): a report's undated day is the
    last such day on or before its publication. None where the text names a year, or no day, or the piece
    is undated."""
    if not published or not DATE_ISO.match(published) or years(text):
        return None
    days = day_months(text)
    if not days:
        return None
    key, surface = next(iter(days.items()))
    year = int(published[:4])
    return surface, str(year if key <= published[5:10] else year - 1)


# Words for a piece of writing or speech, as a question names its source by them ("the April 13 post").
PIECE_NOUNS = (
    r"update|report|article|post|story|piece|statement|interview|edition|bulletin|briefing|"
    r"column|timeline|entry|editorial|newsletter|episode|remarks|speech|address|testimony|tweet|letter|"
    r"filing|announcement|memo"
)
# "per the April 13 post", "according to the July 2021 update", "Per ZDNet's July 24 update": a piece of
# writing named by its date.
_DATED_SOURCE = re.compile(
    r"(?:\b(?:per|according to|in|from|by)\s+|(?P<bare>))"
    # "the President's March 13 remarks": a determiner, an owner, or both
    r"(?:(?:the|its|their|his|her|an?|this|that)\s+(?:(?-i:[A-Z])[\w.&-]*['’]s\s+)?|(?-i:[A-Z])[\w.&-]*['’]s\s+)"
    r"(?P<date>[\w ,.-]{3,30}?)\s+"
    rf"(?:blog\s+)?(?:{PIECE_NOUNS})s?\b",
    re.I,
)


def source_date(
    question: str, doc_dates: frozenset[str] = frozenset()
) -> tuple[str | None, int | None, int | None] | None:
    """(year, month, day) of the piece a question names by its date ("per the April 13 post" -> (None, 4,
    13)); None where it names none. Each part is None where the question leaves it out. doc_dates: the
    collection's documents' dates (ISO), where "the March 27 update" names the piece of that date."""
    dates = source_dates(question, doc_dates)
    return dates[0] if dates else None


def source_dates(
    question: str, doc_dates: frozenset[str] = frozenset()
) -> list[tuple[str | None, int | None, int | None]]:
    """Every date of the pieces a question names by date: "Engadget's March 11 and March 13 reports" -> [(None,
    3, 11), (None, 3, 13)]; [] where it names none."""
    found = _source_date_phrase(question, doc_dates)
    return found[0] if found else []


def without_source_date(question: str, doc_dates: frozenset[str] = frozenset()) -> str:
    """The question without the phrase that names its source by date: that date is the source's, not the
    event's ("…according to the July 2021 update?" asks about no July)."""
    found = _source_date_phrase(question, doc_dates)
    return question if found is None else question[: found[1][0]] + " " + question[found[1][1] :]


def _source_date_phrase(
    question: str, doc_dates: frozenset[str] = frozenset()
) -> tuple[list[tuple[str | None, int | None, int | None]], tuple[int, int]] | None:
    for match in _DATED_SOURCE.finditer(question):
        wanted = _phrase_dates(match.group("date"))
        if not wanted:
            continue
        # Without a preposition the phrase may be the question's subject ("How does Engadget's March 13 report
        # rank…?"), where it surely names a piece of writing (see _names_writing), or a piece of the
        # collection is of that date ("the March 27 update" beside a post of 27 March; not software's).
        if (
            match.group("bare") is None
            or _names_writing(match)
            or any(w[2] is not None and dated_as_source(d, w) for w in wanted for d in doc_dates)
        ):
            return wanted, match.span()
    return None


def _phrase_dates(text: str) -> list[tuple[str | None, int | None, int | None]]:
    """(year, month, day) of each date a phrase gives, in order: "March 11 and March 13", "2024-03-29";
    one (year, month, None) for "July 2021"; [] for none."""
    if isos := list(DATE_ISO.finditer(text)):
        return [(iso.group(1), int(iso.group(2)), int(iso.group(3))) for iso in isos]
    year = (years(text) or [None])[0]
    if days := day_months(text):
        return [(year, int(key[:2]), int(key[3:])) for key in days]
    month_name = re.search(r"\b" + MONTH_RE + r"\b\.?", text, re.I)
    month = MONTHS.get(month_name.group(1).lower()) if month_name else None
    return [] if year is None and month is None else [(year, month, None)]


def _names_writing(match: re.Match[str]) -> bool:
    """A date to the day, and a publisher's name or a word only writing has: "Engadget's March 13 report",
    "the March 13 article"; not "the July 19 update" (software), nor "the 2019 report" (an event's)."""
    phrase = match.group(0)
    publisher = re.match(r"(?-i:[A-Z])[\w.&-]*['’]s\s", phrase)
    writing = re.search(
        r"\b(?:article|post|story|piece|column|editorial|newsletter|remarks|speech|tweet|letter)s?$",
        phrase,
        re.I,
    )
    return bool(day_months(match.group("date"))) and (publisher is not None or writing is not None)


def dated_as_source(date: str | None, wanted: tuple[str | None, int | None, int | None]) -> bool:
    """Does an ISO date ("2021-04-13") fit a source date as source_date reads it?"""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not found:
        return False
    year, month, day = wanted
    return (
        (year is None or found.group(1) == year)
        and (month is None or int(found.group(2)) == month)
        and (day is None or int(found.group(3)) == day)
    )


WEEKDAY_NAME = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"  # a weekday written out
# A clock's time zone ("7:30 a.m. ET Monday", "4 p.m. GMT"): a time goes on through it.
TIME_ZONE = r"(?:[ECMP][SD]?T|UTC|GMT|BST|CES?T|EES?T|IST|JST|AE[SD]T|HKT|SGT|MSK)"
_TIME_ZONE = re.compile(TIME_ZONE)
# A weekday as a time ("on Sunday", "by the Friday", "Saturday morning", "Monday's attempt"), not a name's
# word ("Black Friday") nor a label ("CNN's Monday round-up").
_WEEKDAY_TIME = re.compile(
    rf"\b(?i:on|by|since|until|till|before|after|from|last|this|next|that|early|late|over)\s+"
    rf"(?:(?i:the)\s+)?(?:(?i:following|previous)\s+)?({WEEKDAY_NAME})\b|"
    rf"\b({WEEKDAY_NAME})(?:['’]s|\s+(?i:morning|afternoon|evening|night))\b"
)
_WEEKDAY_ANY = re.compile(rf"\b({WEEKDAY_NAME})\b")
WEEKEND_DAYS = frozenset({"saturday", "sunday"})  # the days "the weekend" may be
_WEEKEND = re.compile(r"\b(?i:on|over|during|at|this|last|that)\s+(?:(?i:the)\s+)?(?i:weekend)\b")
_NAMED_DAY = re.compile(r"[A-Z][\w-]*(?:['’]s)?\s+$")

# Words before a weekday that make it a time, not part of a name ("On Saturday", "Early Sunday").
_TIME_WORDS = frozenset(
    {
        "on", "by", "since", "until", "till", "before", "after", "from", "last", "this", "next", "that", "early",
        "late", "over", "the", "following", "previous", "every", "each", "one",
    }
)  # fmt: skip


def weekdays_asked(question: str) -> set[str]:
    """The weekdays a question sets its event on ("…the stern on the Sunday before it was freed")."""
    return {(m.group(1) or m.group(2)).lower() for m in _WEEKDAY_TIME.finditer(question)}


def weekdays_said(text: str) -> set[str]:
    """The weekdays a passage names, but for a name's word ("Black Friday", "Cyber Monday"); a sentence's
    opening word ("On", "By") is no name."""
    found = set()
    for m in _WEEKDAY_ANY.finditer(text):
        before = _NAMED_DAY.search(text[: m.start()])
        word = before.group(0).split()[0] if before else ""
        if (
            before
            and re.sub(r"['’]s$", "", word.lower()) not in _TIME_WORDS
            and not _TIME_ZONE.fullmatch(word)
        ):
            continue  # "Black Friday", not "7:30 a.m. ET Monday"
        found.add(m.group(1).lower())
    return found


def weekend_said(text: str) -> bool:
    """ "…was closed by regulators on the weekend", "over the weekend": a Saturday or a Sunday."""
    return bool(_WEEKEND.search(text))


# "One day later", "within seconds", "14 years ago", "Not even two years have passed since", "the day before",
# "the next morning": a span said outright.
_SPAN_SAID = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|\w+teen|"
    r"twenty|thirty|forty|fifty|dozen|couple of)\s+(?:(?:more|full|whole|short)\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)\s+(?:later|earlier|before|after|ago|on|"
    r"since|(?:have|has|had)\s+(?:passed|elapsed|gone\s+by))\b|"
    r"\bwithin\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b|"
    r"\bthe\s+(?:day|week|month|year|night|morning)\s+(?:before|after)\b|"
    r"\b(?:the\s+)?(?:next|following|same|previous)\s+(?:day|week|month|year|morning|evening|night)\b",
    re.I,
)


def says_span(text: str) -> bool:
    """The text says how long one thing came after another ("One day later, …", "…arrested the day
    before"), as a span question asks, rather than only dating each."""
    return bool(_SPAN_SAID.search(text))


_MONTH_YEAR = re.compile(r"\b" + MONTH_RE + r"\.?,?\s+(\d{4})\b", re.I)
_SPAN_UNITS = ("day", "week", "month", "year", "decade")


def _one_date(text: str) -> tuple[str, date, str] | None:
    """The text's one date as written, its first day, and how fine it is ("day", "month", "year"); None
    where the text gives no year or more than one."""
    named = set(years(text))
    if len(named) != 1:
        return None
    for pattern in (DATE_ISO, DATE_MDY, DATE_DMY):
        found = list(pattern.finditer(text))
        if len(found) > 1:
            return None
        if found:
            day = parse_date(found[0].group(0))
            return (found[0].group(0), date.fromisoformat(day), "day") if day else None
    found = list(_MONTH_YEAR.finditer(text))
    if len(found) == 1:
        month = MONTHS.get(found[0].group(1).lower().rstrip("."), 0)
        return (found[0].group(0), date(int(found[0].group(2)), month, 1), "month") if month else None
    year = named.pop()
    return year, date(int(year), 1, 1), "year"


def span_note(first: str, second: str, unit: str | None = None) -> str | None:
    """ "From 2015 to April 2022: about 7 years.": the span between the one date each text gives, in the unit
    asked for ("year", "week"…) or, with none, the largest that fits; None where a text gives no single
    date, or the dates are too coarse for the unit (years apart in weeks)."""
    a, b = _one_date(first), _one_date(second)
    if a is None or b is None or a[0] == b[0]:
        return None
    early, late = sorted((a, b), key=lambda d: d[1])
    coarse = "year" if "year" in (a[2], b[2]) else "month" if "month" in (a[2], b[2]) else "day"
    days = (late[1] - early[1]).days
    if coarse == "day":
        months = days / (365.25 / 12)
    else:  # "2015" and "April 2022" are 7 years apart, whatever month of 2015 it was
        months = 12 * (late[1].year - early[1].year) + (
            late[1].month - early[1].month if coarse == "month" else 0
        )
    if unit is None:  # the largest unit that counts at least two
        if months >= 24:
            unit = "year"
        elif months >= 2 or coarse != "day":
            unit = "month"
        else:
            unit = "week" if days >= 14 else "day"
    if _SPAN_UNITS.index(unit) < _SPAN_UNITS.index(coarse):
        return None  # "how many weeks" between a year and a year
    per_unit = {"day": days, "week": days / 7, "month": months, "year": months / 12, "decade": months / 120}
    value = per_unit[unit]
    count = round(value)
    exact = coarse == "day" and unit in ("day", "week") and count == value
    if count < 1:
        said = f"less than a {unit}"
    else:
        said = f"{'' if exact else 'about '}{count} {unit}{'' if count == 1 else 's'}"
    return f"From {early[0]} to {late[0]}: {said}."
