"""Decide which paragraphs of a document get indexed; never edits text, so offsets stay true."""

from __future__ import annotations

import re

from assistant.ingestion.load import DATELINE, byline, front_matter_end, furniture_key, parse_date
from assistant.schema import Document, Span
from assistant.text.sentences import paragraphs, words

# Page furniture that is not part of the article: share/comment widgets, credits, navigation.
_RESIDUE = re.compile(
    r"""^(?:
        trending(?:\s+\w+)? | (?:whatsapp|facebook|twitter|linkedin|telegram|email)(?:\s+logo)? |
        share(?:\s+(?:this|on\s+\w+))?:? | follow\s+us.{0,60} | (?:leave\s+a\s+|post\s+a\s+)?comments?:? |
        (?:image|photo|picture|credit|image\s+credit|photo\s+credit)s?\s*:.{0,80} | advertisement |
        read\s+more:?.{0,80} | (?:also\s+read|related(?:\s+articles)?|recommended)\s*:.{0,100} |
        sign\s+up.{0,60} | subscribe.{0,60} |
        (?:updated|published|posted|last\s+updated)\b.{0,60}\d{4}.{0,30}
    )$""",
    re.I | re.X,
)
# Every pattern above is bounded: page furniture is short, and a paragraph of the article that happens to
# start with "Related" or "Updated figures ... 2021" must never match as a whole.
_STOPWORDS = set(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "on",
        "as",
        "with",
        "by",
        "was",
        "it",
        "are",
        "be",
        "this",
        "from",
        "at",
        "or",
        "an",
        "has",
        "have",
        "not",
        "but",
        "which",
        "its",
        "their",
        "they",
        "been",
        "were",
        "who",
        "also",
        "will",
        "can",
        "would",
    ]
)


def indexable_spans(doc: Document) -> list[tuple[int, Span, bool]]:
    """(paragraph number, span, keep) for every paragraph; keep=False marks residue and metadata lines."""
    return [(number, span, why is None) for number, span, why in paragraph_verdicts(doc)]


def dropped_paragraphs(doc: Document) -> list[tuple[int, str]]:
    """(paragraph number, reason) for every paragraph that is not indexed: what `ingest --verbose` lists."""
    return [(number, why) for number, _, why in paragraph_verdicts(doc) if why is not None]


def paragraph_verdicts(doc: Document) -> list[tuple[int, Span, str | None]]:
    """(paragraph number, span, why it is dropped or None). A document's only paragraph is never dropped,
    and a headline comes back when nothing else would be left: short files are text, not furniture."""
    skip_until = front_matter_end(doc.text)
    title = doc.meta.title if not doc.meta.title_is_fallback else None
    result: list[tuple[int, Span, str | None]] = []
    for number, span in paragraphs(doc.text):
        line = doc.text[span.start : span.end]
        if span.start < skip_until:
            why: str | None = "front matter"
        elif line == doc.meta.author:
            why = "byline"
        elif furniture_key(line) in doc.furniture:
            why = "page furniture (corpus.toml)"
        else:
            why = residue_reason(line)
        if why is None and title and line == title:
            title = None  # the headline is metadata; drop its first occurrence only
            why = "headline"
        result.append((number, span, why))
    body = [i for i, (_, span, _) in enumerate(result) if span.start >= skip_until]
    if len(body) == 1 or not any(why is None for _, _, why in result):
        for i in body:
            number, span, why = result[i]
            if len(body) == 1 or why == "headline":
                result[i] = (number, span, None)
    return result


def is_residue(line: str) -> bool:
    return residue_reason(line) is not None


def residue_reason(line: str) -> str | None:
    """Why a paragraph is page furniture or metadata rather than article text (None: it is text)."""
    if _RESIDUE.match(line):
        return "page furniture"
    if byline(line):
        return "byline"
    if len(line) <= 60 and DATELINE.match(line) and parse_date(line):
        return "dateline"
    if _other_language(line):
        return "not English"
    return None


def _other_language(line: str) -> bool:
    """Prose in another language (an author biography in Turkish, say) is not what analysts query. Counted
    over lower-case words only, so English tables, lists and runs of names (few stopwords, mostly figures
    and capitalised words) are never taken for another language."""
    prose = [w for w in words(line) if w.isalpha() and w.islower() and len(w) > 1]
    if len(prose) < 12 or line.count(",") + line.count("|") + line.count("\t") >= len(prose) / 2:
        return False
    return sum(w in _STOPWORDS for w in prose) / len(prose) < 0.05
