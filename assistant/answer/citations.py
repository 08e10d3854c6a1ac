"""Citations are built from offsets, never re-found by searching; markers are placed for display."""

from __future__ import annotations

import re

from assistant.schema import Citation, Passage
from assistant.text.sentences import BULLETS

_REF_MARKER = re.compile(r"\[\d+\]")
_BULLET = re.compile(rf"^\s*[{BULLETS}]\s+")  # a list entry's mark: the entry reads as a sentence without it
_NEWLINE_BEFORE_TEXT = re.compile(r"\n\s*\S")


def paragraph_at(passage: Passage, offset: int) -> int:
    """Paragraph number (non-empty line, 1-based, of the whole file) at an offset inside the passage."""
    return passage.paragraph + len(_NEWLINE_BEFORE_TEXT.findall(passage.text[: offset - passage.start + 1]))


def make_citation(n: int, passage: Passage, start: int, end: int) -> Citation:
    quote = passage.text[start - passage.start : end - passage.start]
    return Citation(
        n=n,
        source=passage.source,
        title=passage.title,
        author=passage.author,
        date=passage.date,
        paragraph=paragraph_at(passage, start),
        start=start,
        end=end,
        quote=quote,
        chunk_id=passage.chunk_id,
        score=round(passage.score, 4),
        url=passage.url,
    )


def display_text(quote: str) -> str:
    """A source sentence as an answer sentence: the article's own [n] reference markers would clash with ours,
    and a list entry's bullet is no part of what it says."""
    return " ".join(_REF_MARKER.sub("", _BULLET.sub("", quote)).split())


def with_markers(text: str, numbers: list[int]) -> str:
    marks = "".join(f"[{n}]" for n in numbers)
    if text and text[-1] in ".!?":
        return f"{text[:-1].rstrip()} {marks}{text[-1]}"
    return f"{text} {marks}"
