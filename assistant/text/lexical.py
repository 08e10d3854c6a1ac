"""Stemmed content words: the lexical side of retrieval and of the support scorer."""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "also",
        "said",
        "says",
        "say",
        "according",
        "tell",
        "told",
        "us",
        "per",
        "via",
    ]
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(words: list[str]) -> list[str]:
    return _stemmer().stemWords(words)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without possessive endings ("Pakistan’s" -> "pakistan")."""
    return [re.sub(r"[’'](s)?$", "", t.lower()) for t in _TOKEN.findall(text)]


@lru_cache(maxsize=65536)
def _content_terms(text: str) -> tuple[str, ...]:
    return tuple(stem([t for t in tokenize(text) if t not in STOPWORDS and len(t) > 1]))


def content_terms(text: str) -> list[str]:
    """Stemmed content words; cached, since the same sentences are scored question after question."""
    return list(_content_terms(text))


# Words that say a thing went up, or down. One way is said in many words: "Did the authority reduce its claim?"
# is answered by "the demand was later lowered", "Did the price drop?" by "the price fell".
UP_WORDS = "rise rose risen increase grow grew gain recover rebound expand expansion"
DOWN_WORDS = "fall fell fallen drop decline decrease shrink shrank plunge"


@lru_cache(maxsize=1)
def _same_way() -> dict[str, frozenset[str]]:
    # "raise" and "lower", "reduce" say a change someone makes: a direction all the same
    sides = [set(content_terms(f"{UP_WORDS} raise hike")), set(content_terms(f"{DOWN_WORDS} lower reduce"))]
    return {term: frozenset(side) for side in sides for term in side}


def same_way(term: str) -> frozenset[str]:
    """The stems that say the same direction of change as this one (itself included), or just itself."""
    return _same_way().get(term, frozenset({term}))


def overlap(query_terms: set[str], text: str) -> float:
    """Share of the query's content terms that the text contains (a direction of change in any of its words)."""
    if not query_terms:
        return 0.0
    present = set(content_terms(text))
    return sum(1 for t in query_terms if t in present or same_way(t) & present) / len(query_terms)


def after_verb_shared(verb: str, question: str, text: str, reach: int = 8) -> int:
    """How many of the question's words after its verb follow the verb in the text too, within reach words:
    "claimed responsibility for the attack" says what "Who claimed the attack…?" asks; "…by claiming that it
    is a counter-terrorism actor" says the verb of another claim."""
    words = question.split()
    at = next((i for i, w in enumerate(words) if content_terms(w) == [verb]), None)
    if at is None:
        return 0
    asked = set(content_terms(" ".join(words[at + 1 :])))
    found = text.split()
    return max(
        (
            len(asked & set(content_terms(" ".join(found[i + 1 : i + 1 + reach]))))
            for i, w in enumerate(found)
            if content_terms(w) == [verb]
        ),
        default=0,
    )
