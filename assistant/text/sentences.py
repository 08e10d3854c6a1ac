"""Offset-preserving paragraph and sentence splitting (the basis of every citation span)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistant.schema import Span
from assistant.text.dates import TIME_ZONE, WEEKDAY_NAME
from assistant.text.references import is_reference_entry

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "pres",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "ltd",
    "co",
    "corp",
    "fig",
    "approx",
    "est",
    "dept",
    "univ",
    "al",
}
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets and reference markers like
# "[1]") and is followed by whitespace and something that can open a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?:\[\d+\])*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-Ý])")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
# "…canceled by 7:30 a.m. ET Monday": a clock time's "a.m."/"p.m." goes on into its time zone or its day.
_CLOCK = {"a.m", "p.m"}
_GOES_ON_CLOCK = re.compile(rf"\s+(?:{TIME_ZONE}|{WEEKDAY_NAME})\b")


def paragraphs(text: str) -> Iterator[tuple[int, Span]]:
    """Non-empty lines as (1-based paragraph number, span without surrounding whitespace)."""
    number = 0
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        number += 1
        lead = len(line) - len(line.lstrip())
        start = match.start() + lead
        yield number, Span(start, start + len(stripped))


_LINE = re.compile(r"[^\n]+")

# A list entry's mark at the start of a line: a bullet, a number ("2.", "(3)"), or a letter ("b)").
BULLETS = "-–•*+▪◦"
LIST_MARK = re.compile(rf"\s*(?:(?P<bullet>[{BULLETS}])|\(?(?P<number>\d{{1,3}})[.)]|(?P<letter>[a-z])\))\s+")
BARE_MARK = re.compile(rf"\(?(?:\d{{1,3}}|[a-z])[.)]|[{BULLETS}]")  # the mark alone, as a "sentence"


def list_mark(line: str) -> str:
    """The kind of list mark a line opens with: the bullet itself, "1." for any number, "a)" for a letter;
    "" for none."""
    match = LIST_MARK.match(line)
    if not match:
        return ""
    return match.group("bullet") or ("1." if match.group("number") else "a)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], trimmed, in absolute offsets; never across a line break."""
    return list(iter_sentences(text, start, end))


def candidate_spans(text: str, min_words: int = 4) -> list[Span]:
    """The sentences of a chunk that can answer a question (four words or more): ingest embeds exactly
    these, in this order, and retrieval scores them by those vectors, so both must split alike."""
    return list(_candidate_spans(text, min_words))


@lru_cache(maxsize=4096)
def _candidate_spans(text: str, min_words: int) -> tuple[Span, ...]:
    """Cached: a chat reads the same retrieved chunks question after question (bench/chat_latency.py)."""
    return tuple(s for s in iter_sentences(text) if len(text[s.start : s.end].split()) >= min_words)


def iter_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """split_sentences one span at a time: a megabytes-long paragraph never becomes a list of spans."""
    end = len(text) if end is None else end
    for line in _LINE.finditer(text, start, end):  # pos/endpos: no copy of text[start:end]
        yield from _split_line(text, line.start(), line.end())


def _split_line(text: str, start: int, end: int) -> Iterator[Span]:
    segment = text[start:end]
    if len(segment) <= 400 and is_reference_entry(segment):
        if segment.strip():  # 'Kapur, R. “Title”. Outlet, 06.01.2022,' is one entry, not three sentences
            yield _trim(text, Span(start, end))
        return
    cursor = 0
    for match in _BOUNDARY.finditer(segment):
        before = _TOKEN_BEFORE.search(segment[cursor : match.start()])
        word = before.group(1).lower() if before else ""
        if match.group().startswith(".") and (
            word.rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        if word in _CLOCK and _GOES_ON_CLOCK.match(segment, match.end()):
            continue
        if segment[cursor : match.end()].strip():
            yield _trim(text, Span(start + cursor, start + match.end()))
        cursor = match.end()
    if segment[cursor:].strip():
        yield _trim(text, Span(start + cursor, end))


def _trim(text: str, span: Span) -> Span:
    piece = text[span.start : span.end]
    lead = len(piece) - len(piece.lstrip())
    return Span(span.start + lead, span.start + len(piece.rstrip()))


_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)
