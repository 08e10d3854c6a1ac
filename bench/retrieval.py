"""Retrieval quality and latency on the bundled suite's dev half, one run, several configurations.

Prints evidence recall@1/3/5, MRR and median query latency for dense only, BM25 only, hybrid (RRF),
hybrid + cross-encoder over whole chunks, and the default (hybrid fused with the cross-encoder order of the
candidate sentences, which the extractive answer scores anyway; at most 2 chunks per article).

Run: .venv/bin/python bench/retrieval.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from assistant.api import Assistant
from assistant.evals.runner import evidence_ranks, load_cases
from assistant.ingestion.load import read_source_text
from assistant.retrieval.retrieve import diversify
from assistant.schema import Passage, Retrieval
from assistant.settings import load_settings

K = 5


def main() -> None:
    settings = load_settings()
    assistant = Assistant(settings)
    retriever = assistant.retriever
    store, embedder, reranker = retriever.store, retriever.embedder, retriever.reranker
    texts = {f.name: read_source_text(f) for f in settings.corpus_dir.glob("*.txt")}
    cases = [
        c
        for c in load_cases(settings.evals_dir / "suites" / "bundled" / "dev.jsonl")  # tune on dev only
        if c.get("evidence") and c.get("question")
    ]

    def dense(q: str) -> list[Passage]:
        return store.query(embedder.embed_query(q), K)

    def bm25(q: str) -> list[Passage]:
        return retriever.keyword_index.search(q, K)

    def hybrid(q: str) -> list[Passage]:
        return retriever.rank_chunks(q, embedder.embed_query(q), None)[:K]

    def hybrid_diverse(q: str) -> list[Passage]:
        return diversify(retriever.rank_chunks(q, embedder.embed_query(q), None), K, retriever.max_per_source)

    def hybrid_chunk_rerank(q: str) -> list[Passage]:
        chunks = retriever.rank_chunks(q, embedder.embed_query(q), None)
        for chunk, score in zip(chunks, reranker.score(q, [c.text for c in chunks]), strict=True):
            chunk.score = score
        return sorted(chunks, key=lambda c: -c.score)[:K]

    def default(q: str) -> list[Passage]:
        return retriever.retrieve(q, K).passages

    configs: list[tuple[str, Callable[[str], list[Passage]]]] = [
        ("dense only", dense),
        ("BM25 only", bm25),
        ("hybrid (dense+BM25, RRF)", hybrid),
        ("hybrid + diversity (no cross-encoder)", hybrid_diverse),
        ("hybrid + cross-encoder on chunks", hybrid_chunk_rerank),
        ("default: hybrid + cross-encoder on sentences", default),
    ]
    for _, fn in configs:
        fn("warm-up question about ISKP")
    print(f"{len(cases)} questions with evidence (bundled suite, dev half), k={K}")
    print(f"{'configuration':46} {'R@1':>6} {'R@3':>6} {'R@5':>6} {'MRR':>6} {'median ms':>10}")
    for name, fn in configs:
        recalls = {1: [], 3: [], 5: []}
        rr, times = [], []
        for case in cases:
            t0 = time.perf_counter()
            passages = fn(case["question"])
            times.append((time.perf_counter() - t0) * 1000)
            ranks = evidence_ranks(case, Retrieval(passages=passages, sentences=[]), texts)
            for k in recalls:
                recalls[k].append(sum(r is not None and r <= k for r in ranks) / len(ranks))
            found = [r for r in ranks if r is not None]
            rr.append(1 / min(found) if found else 0.0)
        print(
            f"{name:46} {statistics.mean(recalls[1]):6.3f} {statistics.mean(recalls[3]):6.3f} "
            f"{statistics.mean(recalls[5]):6.3f} {statistics.mean(rr):6.3f} {statistics.median(times):10.1f}"
        )


if __name__ == "__main__":
    main()
