"""countryinfo's country records, read without importing the package, and the words of the world's place
names they hold. Kept apart from places.py, which reads names.py, so that names.py can ask whether two
words name two places ("Austria", "Australia") without a circle of imports.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from assistant.text.lexical import STOPWORDS

# The words that name a side of a place ("Central Asia", "Upper Egypt", "the Western Cape").
SIDES = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
})  # fmt: skip


@lru_cache(maxsize=1)
def country_records() -> tuple[dict, ...]:
    """countryinfo's country records, read once a process (places.py builds its tables from them)."""
    return tuple(json.loads(e.read_text(encoding="utf-8")) for e in sorted(_data_dir().glob("*.json")))


def _data_dir() -> Path:
    """countryinfo's data folder, found without importing the package (its import takes ~60 ms)."""
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("countryinfo is not installed: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of the world's country, region and subregion names ("austria", "australia", "africa",
    "america", "eastern"), as countryinfo spells them, with the continents it names only in the plural."""
    words = {"africa", "america", "asia", "europe", "oceania", "antarctica"}
    for record in country_records():
        for field in ("name", "region", "subregion"):
            words |= {
                w for w in re.findall(r"[a-z]{4,}", (record.get(field) or "").lower()) if w not in STOPWORDS
            }
    return frozenset(words)


def different_places(a: str, b: str) -> bool:
    """Two words that each name a place, or a people, of their own ("Austria" and "Australia", "Indian" and
    "Iranian", "western" and "eastern"): never one spelled two ways. "America" and "American", "China" and
    "Chinese" are one place."""
    a, b = a.lower(), b.lower()
    if a.startswith(b) or b.startswith(a):
        return False
    places, peoples = _place_words(), _peoples()
    known_a, known_b = a in places or a in peoples, b in places or b in peoples
    # a people is its countries' words: "Chinese" is China's, so it is no other place than "China"
    return known_a and known_b and not (peoples.get(a, frozenset({a})) & peoples.get(b, frozenset({b})))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, ...]]:
    """countryinfo's one-word peoples' names -> the names of the countries they are the people of, all in
    lower case ("chinese" -> ("china", "macau")); places.py picks one country of them, _peoples reads words."""
    found: dict[str, list[str]] = {}
    for record in country_records():
        name, demonym = (
            (record.get("name") or "").strip().lower(),
            (record.get("demonym") or "").strip().lower(),
        )
        if name and demonym and " " not in demonym:
            found.setdefault(demonym, []).append(name)
    return {d: tuple(names) for d, names in found.items()}


@lru_cache(maxsize=1)
def _peoples() -> dict[str, frozenset[str]]:
    """A people's name -> the words of its countries' names ("indian" -> {"india"})."""
    return {
        d: frozenset(w for name in names for w in re.findall(r"[a-z]{4,}", name))
        for d, names in demonyms().items()
        if len(d) >= 4 and d not in STOPWORDS
    }
