"""Checks that every citation is true to its source: the quote is the file's text at its offsets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.schema import Answer, Citation


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
    """Remove sentences whose every citation fails the verbatim check (e.g. the file changed since ingest)."""
    bad = {c.n for c in answer.citations if not quote_is_verbatim(c, paths.get(c.chunk_id, ""))}
    if not bad:
        return answer
    answer.sentences = [s for s in answer.sentences if set(s.citations) - bad]
    answer.citations = [c for c in answer.citations if c.n not in bad]
    return answer
