"""A people's name read as its country's ("Pakistani", "Chinese", "Afghans" → pakistan, china, afghanistan),
so "the Pakistani embassy" and "Pakistan's embassy" name the same thing.

The table is countryinfo's data (demonym and name of 237 countries; single-word ones only, since a name
here is one token), plus the "-stan" rule its list misses ("Tajik" → tajikistan, "Kazakh" → kazakhstan).
The forms a text is searched for add each country's capital, other spellings and provinces.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from assistant.text.lexical import STOPWORDS
from assistant.text.names import collapse_abbreviations, without_possessive
from assistant.text.place_words import SIDES, country_records, demonyms


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    names = ((record.get("name") or "").strip().lower() for record in country_records())
    countries = frozenset(n for n in names if n and " " not in n)
    # A name several countries share ("Chinese": China, Macau) goes to the one it is formed from.
    peoples = {d: [n for n in of if n in countries] for d, of in demonyms().items()}
    return {d: max(of, key=lambda n: (_shared_prefix(d, n), n)) for d, of in peoples.items() if of}, countries


def _shared_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def country_of(token: str) -> str:
    """The country a lower-case token names as its people's name, or the token itself."""
    demonyms, countries = _tables()
    for word in (token, token[:-1] if token.endswith("s") else None):
        if not word:
            continue
        if word in demonyms:
            return demonyms[word]
        for suffix in ("istan", "stan"):
            if word + suffix in countries:
                return word + suffix
    return token


def is_people(name: str) -> bool:
    """A people's name ("Russian", "Pakistani", "Afghans"), as opposed to a country's or a capital's."""
    demonyms = _tables()[0]
    word = without_possessive(name.strip(_EDGE)).lower()
    return word in demonyms or (word.endswith("s") and word[:-1] in demonyms)


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, str]:
    """Every way countryinfo writes a country -> its name, lower-case: its name, other spellings ("USA",
    "UK"), its people ("Pakistani") and its capital ("Moscow" stands for Russia in "Moscow hosted the
    talks"). A form several countries share ("American": the US, American Samoa…) goes to the most
    populous. A dict, not one regex: compiling 3,000 alternatives took 40 ms of a cold ask."""
    forms: dict[str, str] = {}
    # A country's own names ("Saudi Arabia", "Sri Lanka"), not its people's ("Channel Islander") or its
    # capital's ("Road Town", "George Town"): only their first words may stand for it.
    own_names: set[str] = set()
    by_population = sorted(country_records(), key=lambda r: -(r.get("population") or 0))
    for record in by_population:
        name = (record.get("name") or "").strip()
        if not name:
            continue
        spellings = [name, record.get("demonym") or "", record.get("capital") or ""]
        own_names |= {
            " ".join(f.split()) for f in [name, *(record.get("altSpellings") or [])] if isinstance(f, str)
        }
        for form in spellings + (record.get("altSpellings") or []):
            if not isinstance(form, str):
                continue  # a few records list several capitals
            form = " ".join(form.split())
            if len(form) < 2 or not form[0].isupper():
                continue
            if len(form) <= 3 and not form.isupper() or not form.isupper() and form.lower() in STOPWORDS:
                continue  # two- or three-letter forms count only as codes ("US"), matched in capitals
            if len(form) == 2 and form not in _PROSE_CODES:
                continue  # "MV Ever Given" is a motor vessel, "AI" and "IT" are no Anguilla and Italy
            forms.setdefault(form, name.lower())
            if not form.isupper():
                forms.setdefault(form + "s", name.lower())  # "Afghans", "Americans"
    # "Saudi diplomats": the first word of a longer name stands for it when no other country's name starts
    # with it. Not a word of direction or of a kind of state: "Central and Western Europe" names no Central
    # African Republic or Western Sahara, "the Great Bitter Lake" no Great Britain.
    firsts: dict[str, set[str]] = {}
    for form, country in forms.items():
        # "Federation of Saint Christopher and Nevis": a first word before "of" names a kind of state
        if " " in form and form.split()[1] != "of":
            firsts.setdefault(form.split()[0].rstrip(","), set()).add(country)
    starts_own = {f.split()[0].rstrip(",") for f in own_names if " " in f}
    for word, countries in firsts.items():
        if (
            len(countries) == 1
            and word in starts_own
            and len(word) > 2
            and word.lower() not in STOPWORDS | _GENERIC_PLACE | _STATE_WORDS
        ):
            forms.setdefault(word, next(iter(countries)))
    # A province or state stands for its country: "British Columbia's health authority" is a Canadian one.
    # Last, so no country's own form is taken ("Georgia" stays the country), and whole names only: a
    # province called "Central" or "Lake" is a common word elsewhere.
    for record in by_population:
        name = (record.get("name") or "").strip().lower()
        for form in record.get("provinces") or []:
            if not isinstance(form, str) or not name:
                continue
            form = " ".join(form.split())
            if len(form) > 3 and form[0].isupper() and (" " in form or form.lower() not in _GENERIC_PLACE):
                forms.setdefault(form, name)
    return forms


# Words that start the long names of states ("Great Britain", "Holy See", "Arab Republic of Egypt", "Cape
# Verde") and mean something else on their own.
_STATE_WORDS = frozenset({
    "great", "grand", "holy", "union", "united", "arab", "islamic", "socialist", "democratic", "federal",
    "federated", "federative", "people's", "republic", "kingdom", "commonwealth", "independent", "cape",
    "plurinational", "bolivarian", "hashemite", "co-operative", "cooperative", "state", "states",
})  # fmt: skip


# The two-letter codes prose uses for a country ("US", and "UK" for Great Britain); other ISO codes in
# capitals are mostly something else: a ship's "MV", "AI", "IT", "TV", "ID".
_PROSE_CODES = frozenset({"US", "UK"})


# Words that name a kind of place or a direction: a province named by one of them alone ("Central",
# "Lake", "Littoral") is not told apart from the common word.
_GENERIC_PLACE = SIDES | frozenset({
    "centre", "center", "coast", "coastal", "lake", "lakes", "river", "rivers", "mountain",
    "mountains", "plateau", "valley", "island", "islands", "littoral", "capital", "district", "region",
    "province", "territory", "nord", "sud", "est", "ouest", "centro", "norte", "sur", "oriental",
    "occidental", "highlands", "lowlands", "midlands", "interior", "border", "frontier", "city",
})  # fmt: skip


@lru_cache(maxsize=1)
def _form_starts() -> dict[str, int]:
    """First word of a form -> the most words a form starting with it has (most words start none)."""
    starts: dict[str, int] = {}
    for form in _country_forms():
        words = form.split()
        starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts


_EDGE = "\"“”‘’'()[]{},.;:!?"


def country_named(text: str) -> str | None:
    """The country a name is one of the forms of, as a whole ("Moscow", "Pakistani", "Saudi Arabia"), or None."""
    return _country_forms().get(without_possessive(text.strip(_EDGE)))


@lru_cache(maxsize=1)
def _own_names() -> frozenset[str]:
    return frozenset(
        " ".join(form.split())
        for r in country_records()
        for form in [r.get("name"), *(r.get("altSpellings") or [])]
        if isinstance(form, str)
    )


def is_country(text: str) -> bool:
    """A country's own name or spelling ("Pakistan", "US", "Saudi Arabia"), not its capital's or a
    province's, which may stand for it too."""
    return without_possessive(text.strip(_EDGE)) in _own_names()


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    return frozenset(
        " ".join(r["capital"].split()).lower() for r in country_records() if isinstance(r.get("capital"), str)
    )


def is_capital(text: str) -> bool:
    """A capital city's name ("Lisbon", "Moscow"): a city, though it may stand for its country."""
    return " ".join(without_possessive(text.strip(_EDGE)).split()).lower() in _capitals()


def names_a_place(text: str) -> bool:
    """A name that is a place's ("Tennessee", "North Carolina", "Moscow") or a region's by direction
    ("Southeast", "the Midwest"), so names no person."""
    words = [w.lower() for w in re.findall(r"[\w’'-]+", text) if w.lower() != "the"]
    return (
        bool(country_named(text))
        or bool(words)
        and all(
            w in _GENERIC_PLACE or re.fullmatch(r"(?:north|south|mid)(?:east|west)(?:ern)?", w) for w in words
        )
    )


def countries_in(text: str) -> set[str]:
    """The countries a text names, in any of the forms above (case-sensitive: "US", not "us")."""
    forms, starts = _country_forms(), _form_starts()
    tokens = [without_possessive(t.strip(_EDGE)) for t in collapse_abbreviations(text).split()]
    # "the Iran-Iraq war", "the US-China talks": each capitalised side of a hyphen, unless the whole
    # is a country's form ("Guinea-Bissau")
    tokens = [
        part
        for token in tokens
        for part in (
            token.split("-")
            if "-" in token and token not in forms and all(p[:1].isupper() for p in token.split("-"))
            else [token]
        )
    ]
    found = set()
    for i, token in enumerate(tokens):
        for n in range(min(starts.get(token, 0), len(tokens) - i), 0, -1):
            form = " ".join(tokens[i : i + n])
            if form not in forms:
                continue
            if form.isupper() and len(form) <= 3 and _in_capitals(tokens, i):
                continue  # "IN", "IT", "NO" inside a line set in capitals are words, not codes
            found.add(forms[form])
            break
    for word in re.findall(r"\b[A-Z][a-z]+\b", text):  # "Tajik" -> tajikistan, the "-stan" rule
        country = country_of(word.lower())
        if country != word.lower():
            found.add(country)
    return found


def _in_capitals(tokens: list[str], i: int) -> bool:
    beside = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return any(len(t) > 1 and t.isalpha() and t.isupper() for t in beside)


# Adjectives for the world's regions, as countryinfo names a country's region or subregion.
_REGION_ADJECTIVES = {
    "asian": "Asia", "european": "Europe", "african": "Africa", "central asian": "Central Asia",
    "south asian": "Southern Asia", "east asian": "Eastern Asia", "southeast asian": "South-eastern Asia",
    "south-east asian": "South-eastern Asia", "west asian": "Western Asia", "eastern european": "Eastern Europe",
    "east european": "Eastern Europe", "western european": "Western Europe", "northern european": "Northern Europe",
    "southern european": "Southern Europe", "north african": "Northern Africa",
    "latin american": "Latin America and the Caribbean",
}  # fmt: skip


@lru_cache(maxsize=64)
def region_countries(adjective: str) -> frozenset[str]:
    """The countries of the region an adjective names ("Central Asian" -> kazakhstan, kyrgyzstan, …), as
    countries_in names them; empty for any other word."""
    area = _REGION_ADJECTIVES.get(" ".join(without_possessive(adjective.strip(_EDGE)).lower().split()))
    if area is None:
        return frozenset()
    return frozenset(
        r["name"].strip().lower()
        for r in country_records()
        if r.get("name") and area in (r.get("region"), r.get("subregion"))
    )
