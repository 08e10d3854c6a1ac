"""Checks that every citation is true to its source: the quote is the file's text at its offsets."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.schema import Answer, AnswerSentence, Citation
from assistant.text.dates import span_note


@lru_cache(maxsize=64)
def _source_text(path: str, mtime_ns: int) -> str | None:
    from assistant.ingestion.load import SkipFile, read_source_text

    try:
        return read_source_text(Path(path))
    except (SkipFile, OSError):
        return None


def source_text(path: str) -> str | None:
    """The file's text as load_document reads it, cached until the file changes; None if unreadable."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        return None
    return _source_text(path, mtime)


def quote_is_verbatim(citation: Citation, path: str) -> bool:
    text = source_text(path)
    return text is not None and text[citation.start : citation.end] == citation.quote


def drop_unverifiable(answer: Answer, paths: dict[str, str]) -> Answer:
    """Remove sentences that lose every citation to the verbatim check (e.g. the file changed since ingest),
    renumber what is left and rebuild the answer text from it: never an [n] without its citation.

    paths: source name -> file path."""
    bad = {c.n for c in answer.citations if not quote_is_verbatim(c, paths.get(c.source, ""))}
    if not bad:
        return answer
    answer.sentences = [
        s
        for s in answer.sentences
        if (not set(s.citations) & bad if s.kind in ("conflict", "span") else set(s.citations) - bad)
    ]  # a conflict or span note stands on both its sides or not at all
    return renumber(answer)


def conflict_holds(sentence: AnswerSentence, answer: Answer) -> bool:
    """A conflict note is true to its sources when one of the answer's conflicts has exactly its citations
    and each of that conflict's values is written in every quote cited for it."""
    quotes = {c.n: c.quote for c in answer.citations}
    for conflict in answer.conflicts:
        cited = sorted(n for value in conflict.values for n in value["citations"])
        if cited == sorted(sentence.citations):
            return all(
                value["citations"] and all(value["value"] in quotes.get(n, "") for n in value["citations"])
                for value in conflict.values
            )
    return False


def span_holds(sentence: AnswerSentence, answer: Answer) -> bool:
    """A span note ("From 2015 to April 2022: about 7 years.") is true to its sources when the dates its two
    cited quotes give make that very note, in its unit."""
    quotes = {c.n: c.quote for c in answer.citations}
    if len(sentence.citations) != 2 or not all(n in quotes for n in sentence.citations):
        return False
    unit = re.search(r"\b(day|week|month|year|decade)s?\.$", sentence.text)
    first, second = (quotes[n] for n in sentence.citations)
    return bool(unit) and span_note(first, second, unit.group(1)) == sentence.text


def renumber(answer: Answer) -> Answer:
    """Citations numbered 1..n in the order the kept sentences use them; unused ones dropped; text rebuilt.
    No sentence left is a refusal."""
    from assistant.answer.citations import with_markers

    by_n = {c.n: c for c in answer.citations}
    new_n: dict[int, int] = {}
    for sentence in answer.sentences:
        for n in sentence.citations:
            if n in by_n and n not in new_n:
                new_n[n] = len(new_n) + 1
    citations = []
    for old, n in new_n.items():
        citation = by_n[old]
        citation.n = n
        citations.append(citation)
    for sentence in answer.sentences:
        sentence.citations = [new_n[n] for n in sentence.citations if n in new_n]
    answer.sentences = [s for s in answer.sentences if s.citations]
    answer.citations = citations
    for conflict in answer.conflicts:
        for value in conflict.values:
            value["citations"] = [new_n[n] for n in value.get("citations", []) if n in new_n]
    answer.conflicts = [c for c in answer.conflicts if all(v["citations"] for v in c.values)]
    if not answer.sentences:
        answer.refused = True
        answer.answer = (
            "The sources don't answer this question: no passage could be verified against its file."
        )
        return answer
    answer.answer = " ".join(with_markers(s.text, s.citations) for s in answer.sentences)
    return answer
