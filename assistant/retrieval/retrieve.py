"""Find the passages and the candidate sentences that may answer a question.

Cost model (2 cores): the cross-encoder reads a short pair in ~9 ms on one core, two pairs at a time, so
it scores 15 pre-selected sentences, never whole chunks; chunks are then ordered by the best sentence
they contain.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.citations import paragraph_at
from assistant.query import Query
from assistant.retrieval import keyword, sentence_vectors
from assistant.retrieval.context import CorpusContext
from assistant.retrieval.embed import CrossEncoder, Embedder
from assistant.retrieval.keyword import KeywordIndex
from assistant.retrieval.store import Store
from assistant.schema import Passage, Retrieval
from assistant.text.lexical import content_terms, overlap
from assistant.text.references import asks_about_entry, is_reference_entry
from assistant.text.sentences import candidate_spans

RRF_K = 60
SENTENCE_WEIGHT = 3.0  # the cross-encoder order counts thrice the hybrid order (bench/retrieval.py)


class Retriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        reranker: CrossEncoder,
        *,
        candidates: int = 20,
        sentence_pool: int = 30,
        sentence_chunks: int = 100,
        context_chunks: int = 4,
        rerank_sentences: int = 15,
        part_rerank_sentences: int = 8,
        max_per_source: int = 2,
    ):
        self.store = store
        self.embedder = embedder
        self.reranker = reranker
        self.candidates = candidates
        self.sentence_pool = sentence_pool
        self.sentence_chunks = sentence_chunks
        self.context_chunks = context_chunks
        self.rerank_sentences = rerank_sentences
        self.part_rerank_sentences = part_rerank_sentences
        self.max_per_source = max_per_source
        self._snapshot: keyword.Snapshot | None = None
        self._version: tuple[str, int] | None = None

    def retrieve(
        self,
        query: Query | str,
        k: int,
        sources: list[str] | None = None,
        *,
        split_parts: bool = True,
    ) -> Retrieval:
        """Search reads the question with a follow-up's whole carried topic, the cross-encoder with its first
        terms only. split_parts: a compound question's parts each get their own sentences, from the same
        chunks, ranked against that part alone (one question's cross-encoder scores favour the part it
        matches best)."""
        if isinstance(query, str):
            query = Query.of(query)
        question = query.search_text
        if not sources:
            # "According to the Kairos blog post, …": search the pieces the question names as its source.
            sources = self.context.attributed_sources(query.text) or None
        vector = self.embedder.embed_query(question)
        dense, lexical, packed = self.chunk_rankings(question, vector, sources)
        chunks = fuse_rankings([dense[: self.candidates], lexical])[: self.candidates]
        reach = dense + lexical
        scored = self.reranked(query.rerank_text(), vector, chunks, reach, packed)
        ranked = diversify(order_by_sentences(chunks, scored), k, self.max_per_source)
        retrieval = Retrieval(passages=ranked, sentences=scored, context=self.context)
        for part in query.parts() if split_parts else []:
            part_vector = self.embedder.embed_query(part)
            ranked_part = self.reranked(part, part_vector, chunks, reach, packed, self.part_rerank_sentences)
            retrieval.parts.append((part, ranked_part))
        return retrieval

    def reranked(
        self,
        question: str,
        vector: list[float],
        chunks: list[Passage],
        reach: list[Passage],
        packed: dict[str, str],
        limit: int | None = None,
    ) -> list[Passage]:
        """The best `limit` (default `rerank_sentences`) candidate sentences, scored by the cross-encoder,
        best first."""
        scored = self.sentence_candidates(question, vector, chunks, reach=reach, packed=packed)
        scored = scored[: limit or self.rerank_sentences]
        if scored:
            scores = self.reranker.score(question, [s.text for s in scored])
            for sentence, score in zip(scored, scores, strict=True):
                sentence.score = score
        scored.sort(key=lambda s: -s.score)
        return scored

    def rank_chunks(self, question: str, vector: list[float], sources: list[str] | None) -> list[Passage]:
        """Dense and BM25 chunk rankings fused by reciprocal rank: the best `candidates`."""
        dense, lexical, _ = self.chunk_rankings(question, vector, sources)
        return fuse_rankings([dense[: self.candidates], lexical])[: self.candidates]

    def chunk_rankings(
        self, question: str, vector: list[float], sources: list[str] | None
    ) -> tuple[list[Passage], list[Passage], dict[str, str]]:
        """(the `sentence_chunks` nearest chunks by vector, the `candidates` best by BM25, the packed
        sentence vectors of the former)."""
        # The keyword side first: its version check follows another process's ingest (and re-opens the
        # store when it changed) before any vector query of this question.
        lexical = self.keyword_index.search(question, self.candidates, sources)
        dense, packed = self.store.query_with_sentence_vectors(
            vector, max(self.candidates, self.sentence_chunks), sources=sources
        )
        return dense, lexical, packed

    @property
    def keyword_index(self) -> KeywordIndex:
        """BM25 over the collection's chunks for its current version (retrieval/keyword.py): loaded from the
        snapshot ingest saved, and reloaded when the collection's content key changes, e.g. an ingest by
        another process during a chat session, even one that keeps the chunk count. Checking the key is
        one metadata read (~1 ms embedded); without a key (an ingest is writing) the count is the guard."""
        key = self.store.keyword_key(refresh=True)
        version = (key, self.store.count() if not key else -1)
        if self._snapshot is None or self._version != version:
            if self._version is not None:  # changed under this process: its cached vectors are stale too
                self.store.reopen()
            self._snapshot = keyword.current(self.store, key)
            self._version = version
        return self._snapshot.index

    @property
    def context(self) -> CorpusContext:
        """What the answer step knows about the collection, from the same snapshot as the keyword index the
        question was ranked with (no second version check within one question)."""
        if self._snapshot is None:
            self.keyword_index  # noqa: B018  (loads both)
        assert self._snapshot is not None
        return self._snapshot.context

    def sentence_candidates(
        self,
        question: str,
        vector: list[float],
        chunks: list[Passage],
        reach: list[Passage] | None = None,
        packed: dict[str, str] | None = None,
    ) -> list[Passage]:
        """The sentences nearest the question by vector among those of the `reach` chunks (default: the
        ranked chunks), plus every sentence of the best chunks, fused by rank (RRF) with word overlap."""

        def keep(sentence: str) -> bool:
            # A reference list's entries are keyword-dense: they take no place from the article's sentences
            # unless the question asks about a cited piece.
            return not is_reference_entry(sentence) or asks_about_entry(question, sentence)

        dense = self.dense_sentences(vector, reach if reach is not None else chunks, packed, keep)
        pool: dict[tuple[str, int], Passage] = {(s.doc_id, s.start): s for s in dense}
        chunk_rank: dict[tuple[str, int], int] = {}
        for rank, chunk in enumerate(chunks[: self.context_chunks]):
            for sentence in sentences_of(chunk):
                if not keep(sentence.text):
                    continue
                key = (sentence.doc_id, sentence.start)
                pool.setdefault(key, sentence)
                chunk_rank.setdefault(key, rank)
        dense_rank = {(s.doc_id, s.start): r for r, s in enumerate(dense)}
        terms = set(content_terms(question))
        lexical = sorted(pool, key=lambda key: -overlap(terms, pool[key].text))
        lexical_rank = {key: r for r, key in enumerate(lexical)}

        def fused(key: tuple[str, int]) -> float:
            score = 1.0 / (RRF_K + lexical_rank[key])
            if key in dense_rank:
                score += 1.0 / (RRF_K + dense_rank[key])
            if key in chunk_rank:  # shared by all sentences of a chunk: a tie-breaker, half weight
                score += 0.5 / (RRF_K + chunk_rank[key])
            return score

        return [pool[key] for key in sorted(pool, key=lambda key: -fused(key))]

    def dense_sentences(
        self,
        vector: list[float],
        chunks: list[Passage],
        packed: dict[str, str] | None = None,
        keep: Callable[[str], bool] | None = None,
    ) -> list[Passage]:
        """The `sentence_pool` sentences of these chunks nearest the question, by the sentence vectors
        stored with each chunk at ingest. packed: those already read with the chunks; the rest are read in
        one call. Only the chunks that hold a winner are split into sentences (~0.1 ms a chunk)."""
        import numpy as np

        chunks = list({c.chunk_id: c for c in chunks}.values())
        packed = dict(packed or {})
        packed.update(
            self.store.packed_sentence_vectors([c.chunk_id for c in chunks if c.chunk_id not in packed])
        )
        query = np.asarray(vector, dtype=np.float32)
        blocks, owners, counts = [], [], {}
        for i, chunk in enumerate(chunks):
            rows = sentence_vectors.unpack(packed.get(chunk.chunk_id))
            if rows is not None and rows.shape[1] == query.shape[0]:
                blocks.append(rows)
                owners += [(i, j) for j in range(len(rows))]
                counts[i] = len(rows)
        if not blocks:
            return []
        similarities = np.concatenate(blocks) @ query
        split: dict[int, list[Passage]] = {}
        best: dict[tuple[str, int], Passage] = {}
        for at in np.argsort(-similarities, kind="stable").tolist():
            i, j = owners[at]
            if i not in split:
                split[i] = sentences_of(chunks[i])
                if len(split[i]) != counts[i]:
                    split[i] = []  # written by another version of the splitter: no vector channel for it
            if j < len(split[i]) and (keep is None or keep(split[i][j].text)):
                sentence = split[i][j]
                sentence.score = float(similarities[at])
                best.setdefault((sentence.doc_id, sentence.start), sentence)
                if len(best) == self.sentence_pool:
                    break
        return list(best.values())


def fuse_rankings(rankings: list[list[Passage]]) -> list[Passage]:
    """Reciprocal-rank fusion by chunk id; the first ranking's object wins for duplicates."""
    fused: dict[str, float] = {}
    first: dict[str, Passage] = {}
    for ranking in rankings:
        for rank, passage in enumerate(ranking):
            fused[passage.chunk_id] = fused.get(passage.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
            first.setdefault(passage.chunk_id, passage)
    return [first[cid] for cid in sorted(fused, key=lambda cid: -fused[cid])]


def sentences_of(chunk: Passage) -> list[Passage]:
    """The chunk's candidate sentences (text/sentences.candidate_spans), with offsets in the source file."""
    return [
        Passage(
            chunk.chunk_id,
            chunk.doc_id,
            chunk.source,
            chunk.path,
            chunk.title,
            chunk.author,
            chunk.date,
            paragraph_at(chunk, chunk.start + span.start),
            chunk.start + span.start,
            chunk.start + span.end,
            chunk.text[span.start : span.end],
            0.0,
            publisher=chunk.publisher,
            url=chunk.url,
        )
        for span in candidate_spans(chunk.text)
    ]


def diversify(ranked: list[Passage], k: int, max_per_source: int) -> list[Passage]:
    """Top k, at most max_per_source chunks of one article while other articles still have candidates:
    one long article must not crowd out the others."""
    chosen: list[Passage] = []
    for capped in (True, False):
        for passage in ranked:
            if len(chosen) >= k:
                break
            if passage in chosen:
                continue
            if capped and sum(p.doc_id == passage.doc_id for p in chosen) >= max_per_source:
                continue
            chosen.append(passage)
    order = {id(p): i for i, p in enumerate(ranked)}
    return sorted(chosen, key=lambda p: order[id(p)])


def order_by_sentences(chunks: list[Passage], sentences: list[Passage]) -> list[Passage]:
    """Fuse the hybrid order with the order of each chunk's best cross-encoder sentence (RRF).

    Sorting by the sentence score alone lifts MRR but lets chunks with one catchy sentence push evidence
    out of the top 5; fusing keeps both (bench/retrieval.py).
    """
    best: dict[str, float] = {}
    for chunk in chunks:
        inside = [
            s.score
            for s in sentences
            if s.doc_id == chunk.doc_id and chunk.start <= s.start and s.end <= chunk.end
        ]
        if inside:
            best[chunk.chunk_id] = max(inside)
    by_sentence = sorted(best, key=lambda cid: -best[cid])
    sentence_rank = {cid: rank for rank, cid in enumerate(by_sentence)}

    def fused(item: tuple[int, Passage]) -> float:
        rank, chunk = item
        score = 1.0 / (RRF_K + rank)
        if chunk.chunk_id in sentence_rank:
            score += SENTENCE_WEIGHT / (RRF_K + sentence_rank[chunk.chunk_id])
        return score

    return [chunk for _, chunk in sorted(enumerate(chunks), key=lambda item: -fused(item))]
