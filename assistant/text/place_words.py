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
    """Two words that each name a place of their own ("Austria" and "Australia", "Africa" and "America",
    "western" and "eastern"): never one spelled two ways. "America" and "American" are one place."""
    a, b = a.lower(), b.lower()
    return not (a.startswith(b) or b.startswith(a)) and a in _place_words() and b in _place_words()
