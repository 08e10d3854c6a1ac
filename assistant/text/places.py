"""A people's name read as its country's ("Pakistani", "Chinese", "Afghans" → pakistan, china, afghanistan),
so "the Pakistani embassy" and "Pakistan's embassy" name the same thing.

The table is countryinfo's data (demonym and name of 237 countries; single-word ones only, since a name
here is one token), plus the "-stan" rule its list misses ("Tajik" → tajikistan, "Kazakh" → kazakhstan).
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    demonyms: dict[str, list[str]] = {}
    countries: set[str] = set()
    for entry in sorted(_data_dir().glob("*.json")):
        record = json.loads(entry.read_text(encoding="utf-8"))
        name, demonym = (record.get("name") or "").strip(), (record.get("demonym") or "").strip()
        if not name or " " in name:
            continue
        countries.add(name.lower())
        if demonym and " " not in demonym:
            demonyms.setdefault(demonym.lower(), []).append(name.lower())
    # A name several countries share ("Chinese": China, Macau) goes to the one it is formed from.
    return {
        d: max(names, key=lambda n: (_shared_prefix(d, n), n)) for d, names in demonyms.items()
    }, frozenset(countries)


def _shared_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def _data_dir() -> Path:
    """countryinfo's data folder, found without importing the package (its import takes ~60 ms)."""
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("countryinfo is not installed: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


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
