"""Decide which paragraphs of a document get indexed; never edits text, so offsets stay true."""

from __future__ import annotations

import re

from assistant.ingestion.load import BYLINE, DATELINE, front_matter_end, parse_date
from assistant.schema import Document, Span
from assistant.text.sentences import paragraphs, words

# Page furniture that is not part of the article: share/comment widgets, credits, navigation.
_RESIDUE = re.compile(
    r"""^(?:
        trending(?:\s+\w+)? | (?:whatsapp|facebook|twitter|linkedin|telegram|email)(?:\s+logo)? |
        share(?:\s+(?:this|on\s+\w+))?:? | follow\s+us.* | (?:leave\s+a\s+|post\s+a\s+)?comments?:? |
        your\s+voice\.?\s+now\s+direct\.? | send\s+us\s+your\s+views.* | this\s+section\s+is\s+moderated\.? |
        (?:image|photo|picture|credit|image\s+credit|photo\s+credit)s?\s*:.* | advertisement | read\s+more:?.* |
        (?:also\s+read|related(?:\s+articles)?|recommended)\s*:?.* | sign\s+up.* | subscribe.* |
        (?:updated|published|posted|last\s+updated)\b.{0,60}\d{4}.*
    )$""",
    re.I | re.X,
)
# Bibliography entries: 'Author, X. “Title”. Outlet, 07.10.2022,' or '______. “Title”.'
_REFERENCE = re.compile(
    r"^(?:_{3,}|[^“\"]{0,80}[“\"][^”\"]+[”\"]).{0,120}\d{2}\.\d{2}\.\d{4},?(?:\s*\S{1,24},?)?$"
)
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
    skip_until = front_matter_end(doc.text)
    title = doc.meta.title if not doc.meta.title_is_fallback else None
    result = []
    for number, span in paragraphs(doc.text):
        line = doc.text[span.start : span.end]
        keep = span.start >= skip_until and not is_residue(line) and line != doc.meta.author
        if keep and title and line == title:
            title = None  # the headline is metadata; drop its first occurrence only
            keep = False
        result.append((number, span, keep))
    return result


def is_residue(line: str) -> bool:
    if _RESIDUE.match(line) or _REFERENCE.match(line) or BYLINE.match(line):
        return True
    if len(line) <= 60 and DATELINE.match(line) and parse_date(line):
        return True
    tokens = [w.lower() for w in words(line)]
    # Paragraphs in another language (an author biography in Turkish, say) are not what analysts query.
    return len(tokens) >= 12 and sum(t in _STOPWORDS for t in tokens) / len(tokens) < 0.05
