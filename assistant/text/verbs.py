"""Verb forms: one owner for "fled" ~ "flee", on lemminflect's packaged tables (no model, no download)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def verb_lemma(word: str) -> str | None:
    """The base form of a verb form ("fled" -> "flee", "married" -> "marry"), or None for a non-word."""
    if not word.isalpha():
        return None
    from lemminflect import getLemma

    lemmas = getLemma(word.lower(), upos="VERB")
    return lemmas[0] if lemmas else None


@lru_cache(maxsize=1024)
def verb_forms(lemma: str) -> frozenset[str]:
    """Every inflection of a verb ("flee" -> flee, flees, fled, fleeing)."""
    from lemminflect import getAllInflections

    forms = {lemma}
    for spelled in getAllInflections(lemma, upos="VERB").values():
        forms.update(spelled)
    return frozenset(forms)
