"""How often the sentence that answers a question reaches the cross-encoder, per suite, on the dev halves.

The cross-encoder reads only `rerank_sentences` candidates (15) of the sentence pool; an answer sentence
left outside them cannot be cited however well it answers. Prints, per suite, the share of answerable dev
questions whose evidence is among the sentences read, among twice as many, and among the best chunk's
sentences. No cross-encoder runs, so it takes ~1 min.

Run: .venv/bin/python bench/pool_recall.py [--index DIR]   (ingests each suite's corpus into DIR first)
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from assistant.api import Assistant, ingest
from assistant.evals.runner import load_cases
from assistant.evals.suites import discover_suites
from assistant.query import Query
from assistant.retrieval.retrieve import fuse_rankings, sentences_of
from assistant.settings import load_settings


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def holds(evidence: str, sentence: str) -> bool:
    """The evidence (a verbatim span, perhaps of two sentences or part of one) is this sentence's."""
    e, s = _norm(evidence), _norm(sentence)
    return e[:50] in s or (len(s) > 25 and s in e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--index", type=Path, default=None, help="index directory (default: the configured one)"
    )
    args = parser.parse_args()
    base = load_settings(**({"index_dir": args.index} if args.index else {}))
    print(f"{'suite':22} {'questions':>9} {'read':>6} {'twice as many':>14} {'in the best chunk':>18}")
    for suite in discover_suites(base.evals_dir):
        settings = suite.settings(base)
        ingest([suite.corpus], settings, prune=not suite.is_default(base))
        retriever = Assistant(settings).retriever
        budget = retriever.rerank_sentences
        cases = [
            c
            for c in load_cases(suite.half_path("dev"))  # tune on dev only
            if c.get("answerable") and c.get("evidence") and c.get("kind") != "follow_up"
        ]
        hits = {"read": 0, "twice": 0, "chunk": 0}
        for case in cases:
            query = Query.of(case["question"])
            sources = retriever.context.attributed_sources(query.text) or None
            vector = retriever.embedder.embed_query(query.search_text)
            dense, lexical, packed = retriever.chunk_rankings(query.search_text, vector, sources)
            chunks = fuse_rankings([dense[: retriever.candidates], lexical])[: retriever.candidates]
            pool = retriever.sentence_candidates(
                query.rerank_text(), vector, chunks, reach=dense + lexical, packed=packed
            )
            for name, read in (
                ("read", pool[:budget]),
                ("twice", pool[: 2 * budget]),
                ("chunk", sentences_of(chunks[0]) if chunks else []),
            ):
                hits[name] += any(holds(e, s.text) for e in case["evidence"] for s in read)
        read, twice, chunk = (hits[key] / max(len(cases), 1) for key in ("read", "twice", "chunk"))
        print(f"{suite.name:22} {len(cases):9d} {read:6.3f} {twice:14.3f} {chunk:18.3f}")


if __name__ == "__main__":
    main()
