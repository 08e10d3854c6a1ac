"""Sentence-aware, paragraph-respecting chunks with one sentence of overlap and exact offsets."""

from __future__ import annotations

import hashlib
import re

from assistant.ingestion.clean import indexable_spans
from assistant.schema import Chunk, Document, Span
from assistant.text.sentences import split_sentences

MAX_SENTENCE_WORDS = 170  # a longer "sentence" (a table, a line without full stops) is cut into pieces
_WORD = re.compile(r"\S+")


def chunk_document(doc: Document, target_words: int = 170, overlap_sentences: int = 1) -> list[Chunk]:
    chunks: list[Chunk] = []
    for run in _kept_runs(doc):
        chunks.extend(_chunk_run(doc, run, target_words, overlap_sentences))
    return chunks


def sentence_units(doc: Document, min_words: int = 4) -> list[Chunk]:
    """Every indexed sentence as its own record: the candidates an extractive answer is made of."""
    units: list[Chunk] = []
    for run in _kept_runs(doc):
        for number, para in run:
            for sent in _sentences(doc.text, para, MAX_SENTENCE_WORDS):
                text = doc.text[sent.start : sent.end]
                if len(text.split()) >= min_words:
                    units.append(
                        Chunk(
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
                    )
    return units


def _sentences(text: str, para: Span, max_words: int) -> list[Span]:
    """The paragraph's sentences, with any sentence longer than max_words cut at word boundaries into
    pieces of max_words: a megabyte on one line without a full stop is split like any text."""
    spans: list[Span] = []
    for sent in split_sentences(text, para.start, para.end):
        if sent.end - sent.start <= max_words * 4 or len(text[sent.start : sent.end].split()) <= max_words:
            spans.append(sent)
            continue
        words = list(_WORD.finditer(text, sent.start, sent.end))
        for i in range(0, len(words), max_words):
            piece = words[i : i + max_words]
            spans.append(Span(piece[0].start(), piece[-1].end()))
    return spans


def chunk_id(doc_id: str, start: int, end: int, text: str, kind: str = "chunk") -> str:
    return hashlib.sha1(f"{kind}:{doc_id}:{start}:{end}:{text}".encode()).hexdigest()[:24]


def _kept_runs(doc: Document) -> list[list[tuple[int, Span]]]:
    """Consecutive kept paragraphs; a chunk never spans a dropped paragraph."""
    runs: list[list[tuple[int, Span]]] = [[]]
    for number, span, keep in indexable_spans(doc):
        if keep:
            runs[-1].append((number, span))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _chunk_run(doc: Document, run: list[tuple[int, Span]], target: int, overlap: int) -> list[Chunk]:
    # (paragraph, sentence span, words, starts_paragraph)
    units = []
    for number, para in run:
        for i, sent in enumerate(_sentences(doc.text, para, target)):
            units.append((number, sent, len(doc.text[sent.start : sent.end].split()), i == 0))
    chunks: list[Chunk] = []
    begin = 0
    while begin < len(units):
        end = begin
        count = 0
        while end < len(units):
            number, _, n_words, starts_para = units[end]
            # Respect paragraphs: close the chunk at a paragraph start once it is reasonably full.
            if end > begin and starts_para and count >= 0.6 * target:
                break
            if end > begin and count + n_words > target:
                break
            count += n_words
            end += 1
        first, last = units[begin], units[end - 1]
        start, stop = first[1].start, last[1].end
        text = doc.text[start:stop]
        chunks.append(
            Chunk(
                chunk_id(doc.doc_id, start, stop, text),
                doc.doc_id,
                doc.source,
                doc.path,
                first[0],
                start,
                stop,
                text,
            )
        )
        if end >= len(units):
            break
        # Overlap only inside a paragraph, and always make progress.
        next_begin = end - overlap if overlap and not units[end][3] else end
        begin = max(next_begin, begin + 1)
    return chunks
