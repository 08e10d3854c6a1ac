"""Chat latency on the default corpus through the Python API: the first question, then warm questions.

The bar (DESIGN §7): after the first question, a warm extractive answer in <= 100 ms of processing.
Prints the first-question time (models + store load included), the warm median/p90 over a scripted
conversation with follow-ups, and where the warm time goes (timings_ms, plus the retrieval steps timed
one by one). Usage: .venv/bin/python bench/chat_latency.py [--index DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUESTIONS = [
    "Why did ISKP target Pakistan's embassy?",
    "Which Pakistani diplomat did ISKP try to assassinate?",
    "When did that happen?",
    "Who was killed in the attack on the Russian embassy?",
    "How many were wounded?",
    "What does ISKP want from the Taliban?",
    "What about China?",
    "Why does ISKP accuse the Taliban of abandoning jihad?",
    "Which countries' diplomatic sites has ISKP threatened?",
    "What happened at the Longan Hotel?",
    "Who claimed it?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index dir (default: the project's index/)")
    parser.add_argument("--rounds", type=int, default=1, help="times to replay the warm conversation")
    args = parser.parse_args()

    from assistant.api import Assistant
    from assistant.chat.session import Chat
    from assistant.settings import load_settings

    t0 = time.perf_counter()
    chat = Chat(Assistant(load_settings(index_dir=args.index)))
    first = chat.ask(QUESTIONS[0])
    first_s = time.perf_counter() - t0
    print(
        f"first question (loads models, store, BM25; process already up): {first_s * 1000:7.0f} ms "
        f"(answer timings {first.timings_ms})"
    )

    walls, retrieves, answers = [], [], []
    for _ in range(args.rounds):
        chat.reset()
        for question in QUESTIONS[1:]:
            t = time.perf_counter()
            answer = chat.ask(question)
            walls.append((time.perf_counter() - t) * 1000)
            retrieves.append(answer.timings_ms.get("retrieve", 0.0))
            answers.append(answer.timings_ms.get("answer", 0.0))
            shown = question if answer.standalone_question == question else answer.standalone_question
            print(f"  {walls[-1]:6.1f} ms  {shown[:90]}")
    print(
        f"warm questions: n={len(walls)}  median {statistics.median(walls):.1f} ms  "
        f"p90 {_p90(walls):.1f} ms  max {max(walls):.1f} ms "
        f"(median retrieve {statistics.median(retrieves):.1f} ms, "
        f"answer {statistics.median(answers):.1f} ms)"
    )
    verdict = "meets" if statistics.median(walls) <= 100 else "MISSES"
    print(f"bar: warm median <= 100 ms -> {verdict}")
    breakdown(chat)


def breakdown(chat) -> None:
    """Time the retrieval steps separately on one warm question: where the milliseconds go."""
    retriever = chat.assistant.retriever
    question = "Which Pakistani diplomat did ISKP try to assassinate?"
    k = chat.assistant.settings.retrieval.top_k
    steps: dict[str, list[float]] = {}

    def timed(name: str, fn):
        t = time.perf_counter()
        out = fn()
        steps.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        return out

    vector = retriever.embedder.embed_query(question)
    chunks = retriever.rank_chunks(question, vector, None)
    pool = retriever.sentence_candidates(question, vector, chunks)
    texts = [s.text for s in pool[: retriever.rerank_sentences]]
    for _ in range(5):
        timed("embed query", lambda: retriever.embedder.embed_query(question))
        timed("dense chunks (chroma)", lambda: retriever.store.query(vector, retriever.candidates))
        timed("bm25 chunks", lambda: retriever.keyword_index.search(question, retriever.candidates))
        timed("rank chunks (dense+bm25)", lambda: retriever.rank_chunks(question, vector, None))
        timed("sentence pool", lambda: retriever.sentence_candidates(question, vector, chunks))
        timed(f"cross-encoder x{len(texts)}", lambda: retriever.reranker.score(question, texts))
        timed("retrieve() total", lambda: retriever.retrieve(question, k))
    print("warm retrieval breakdown (median of 5):")
    for name, values in steps.items():
        print(f"  {name:28s} {statistics.median(values):7.1f} ms")


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


if __name__ == "__main__":
    main()
