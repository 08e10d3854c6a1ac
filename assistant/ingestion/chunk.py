"""Sentence-aware, paragraph-respecting chunks with one sentence of overlap and exact offsets."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from assistant.ingestion.clean import indexable_spans
from assistant.schema import Chunk, Document, Span
from assistant.text.sentences import iter_sentences

MAX_SENTENCE_WORDS = 170  # a longer "sentence" (a table, a line without full stops) is cut into pieces
_WORD = re.compile(r"\S+")
_Run = list[tuple[int, Span]]  # consecutive kept paragraphs: (paragraph number, span)


def chunk_document(doc: Document, target_words: int = 170, overlap_sentences: int = 1) -> list[Chunk]:
    return list(iter_chunks(doc, target_words, overlap_sentences))


def iter_chunks(doc: Document, target_words: int = 170, overlap_sentences: int = 1) -> Iterator[Chunk]:
    """chunk_document one chunk at a time: memory holds a chunk's sentences, not a document's. These are
    the records ingest writes (each with its sentences' vectors, see retrieval/sentence_vectors.py), so a
    50 MB file is never a list of records."""
    for run in _kept_runs(doc):
        yield from _chunk_run(doc, run, target_words, overlap_sentences)


def sentence_units(doc: Document, min_words: int = 4) -> list[Chunk]:
    """Every sentence of the document's kept paragraphs, with its offsets (eval drafting reads these)."""
    return list(iter_sentence_units(doc, min_words))


def iter_sentence_units(doc: Document, min_words: int = 4) -> Iterator[Chunk]:
    for run in _kept_runs(doc):
        for number, para in run:
            for sent in _sentences(doc.text, para, MAX_SENTENCE_WORDS):
                text = doc.text[sent.start : sent.end]
                if len(text.split()) >= min_words:
                    yield Chunk(
                        chunk_id(doc.doc_id, sent.start, sent.end, text, "sentence"),
                        doc.doc_id,
                        doc.source,
                        doc.path,
                        number,
                        sent.start,
                        sent.end,
                        text,
                        "sentence",
                    )


def _sentences(text: str, para: Span, max_words: int) -> Iterator[Span]:
    """The paragraph's sentences, with any sentence longer than max_words cut at word boundaries into
    pieces of max_words: a megabyte on one line without a full stop is split like any text."""
    for sent in iter_sentences(text, para.start, para.end):
        if sent.end - sent.start <= max_words * 4 or len(text[sent.start : sent.end].split()) <= max_words:
            yield sent
            continue
        piece: list[re.Match[str]] = []
        for word in _WORD.finditer(text, sent.start, sent.end):
            piece.append(word)
            if len(piece) == max_words:
                yield Span(piece[0].start(), piece[-1].end())
                piece = []
        if piece:
            yield Span(piece[0].start(), piece[-1].end())


def chunk_id(doc_id: str, start: int, end: int, text: str, kind: str = "chunk") -> str:
    return hashlib.sha1(f"{kind}:{doc_id}:{start}:{end}:{text}".encode()).hexdigest()[:24]


def _kept_runs(doc: Document) -> list[_Run]:
    """Consecutive kept paragraphs; a chunk never spans a dropped paragraph."""
    runs: list[_Run] = [[]]
    for number, span, keep in indexable_spans(doc):
        if keep:
            runs[-1].append((number, span))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _chunk_run(doc: Document, run: _Run, target: int, overlap: int) -> Iterator[Chunk]:
    """Chunks over a run's sentences, read one at a time: only the sentences from the current chunk's
    start onward are held (a window), not the run's."""
    # (paragraph, sentence span, words, starts_paragraph)
    source = (
        (number, sent, len(doc.text[sent.start : sent.end].split()), i == 0)
        for number, para in run
        for i, sent in enumerate(_sentences(doc.text, para, target))
    )
    units: list[tuple[int, Span, int, bool]] = []  # units[0] is sentence number `base` of the run
    base = 0

    def unit(i: int) -> tuple[int, Span, int, bool] | None:
        while i - base >= len(units):
            nxt = next(source, None)
            if nxt is None:
                return None
            units.append(nxt)
        return units[i - base]

    begin = 0
    while unit(begin) is not None:
        end = begin
        count = 0
        while (current := unit(end)) is not None:
            number, _, n_words, starts_para = current
            # Respect paragraphs: close the chunk at a paragraph start once it is reasonably full.
            if end > begin and starts_para and count >= 0.6 * target:
                break
            if end > begin and count + n_words > target:
                break
            count += n_words
            end += 1
        first, last = units[begin - base], units[end - 1 - base]
        start, stop = first[1].start, last[1].end
        text = doc.text[start:stop]
        yield Chunk(
            chunk_id(doc.doc_id, start, stop, text),
            doc.doc_id,
            doc.source,
            doc.path,
            first[0],
            start,
            stop,
            text,
        )
        following = unit(end)
        if following is None:
            break
        # Overlap only inside a paragraph, and always make progress.
        next_begin = end - overlap if overlap and not following[3] else end
        begin = max(next_begin, begin + 1)
        del units[: begin - base]  # sentences before the next chunk's start are done with
        base = begin
