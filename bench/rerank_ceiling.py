"""Where retrieval loses the answer: is the sentence that holds it among the candidates, and where does the
cross-encoder rank it?

For every answerable case of the suites' dev halves (never the test halves) and the answerable questions of
SQuAD 2.0's dev half (bench/squad_refusal.py's data and split), it runs the real retrieval steps on a
freshly built index and reports, per set:
  in pool      the evidence sentence is among the sentence candidates at all
  in top R     ... among the R candidates the cross-encoder reads (retrieval.rerank_sentences)
  first / top3 the cross-encoder ranks it first / in its top three among those R
  first@all    the same if the cross-encoder read every candidate
--title also scores each candidate after its article's title ("Title. Sentence"), a known trick for
sentences that never name their subject. Prints figures; asserts nothing.

  .venv/bin/python bench/rerank_ceiling.py [--title] [--squad N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

Span = tuple[str, int, int]  # file name, start, end of the evidence


def suite_items(work: Path) -> list[tuple[str, object, str, list[Span]]]:
    from assistant.answer.verify import source_text
    from assistant.api import Assistant, ingest
    from assistant.evals.runner import load_cases
    from assistant.evals.suites import select_suites
    from assistant.ingestion.load import discover
    from assistant.settings import load_settings

    base = load_settings()
    items = []
    for suite in select_suites(base.evals_dir, None):
        settings = suite.settings(base).model_copy(update={"index_dir": work / suite.name})
        ingest([suite.corpus], settings)
        bot = Assistant(settings)
        texts = {f.name: source_text(str(f)) or "" for f in discover([suite.corpus])[0]}
        for case in load_cases(suite.half_path("dev")):
            if case.get("turns") or not case.get("answerable", True):
                continue
            spans = []
            for quote, source in zip(
                case.get("evidence", []), case.get("evidence_sources", []), strict=False
            ):
                if (start := texts.get(source, "").find(quote)) >= 0:
                    spans.append((source, start, start + len(quote)))
            if spans:
                items.append((suite.name, bot, case["question"], spans))
    return items


def squad_items(work: Path, limit: int) -> list[tuple[str, object, str, list[Span]]]:
    import squad_refusal

    from assistant.api import Assistant, ingest
    from assistant.settings import load_settings

    corpus = work / "squad_corpus"
    corpus.mkdir()
    questions = []
    for article in json.loads(squad_refusal.DATA.read_text(encoding="utf-8"))["data"]:
        name = f"{article['title']}.txt"
        text, starts = squad_refusal.article_text(article)
        (corpus / name).write_text(text, encoding="utf-8")
        for paragraph, offset in zip(article["paragraphs"], starts, strict=True):
            for qa in paragraph["qas"]:
                if squad_refusal.half_of(qa["id"]) == "dev" and not qa["is_impossible"]:
                    answer = qa["answers"][0]
                    start = offset + answer["answer_start"]
                    questions.append((qa["question"], [(name, start, start + len(answer["text"]))]))
    random.Random(0).shuffle(questions)
    settings = load_settings(index_dir=str(work / "squad"), collection="squad", corpus_dir=str(corpus))
    ingest([corpus], settings)
    bot = Assistant(settings)
    return [("squad", bot, q, spans) for q, spans in questions[:limit]]


def holds(passage, spans: list[Span]) -> bool:
    return any(passage.source == s and passage.start < e and b < passage.end for s, b, e in spans)


def rank_of(scores: list[float], wanted: set[int], n: int) -> int | None:
    order = sorted(range(n), key=lambda i: -scores[i])
    return next((r for r, i in enumerate(order) if i in wanted), None)


def share(rows: list[dict], test) -> str:
    return f"{sum(1 for r in rows if test(r)) / len(rows):15.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", action="store_true", help="also score 'Title. Sentence'")
    parser.add_argument("--squad", type=int, default=200, help="SQuAD questions (answerable, dev half)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        items = suite_items(work) + squad_items(work, args.squad)
        rows: dict[str, list[dict]] = {}
        for name, bot, question, spans in items:
            retriever = bot.retriever
            top = retriever.rerank_sentences
            vector = retriever.embedder.embed_query(question)
            chunks = retriever.rank_chunks(question, vector, None)
            pool = retriever.sentence_candidates(question, vector, chunks)
            wanted = {i for i, p in enumerate(pool) if holds(p, spans)}
            scores = retriever.reranker.score(question, [p.text for p in pool])
            row = {
                "pool": bool(wanted),
                "top": any(i < top for i in wanted),
                "rank": rank_of(scores, wanted, min(top, len(pool))),
                "rank_all": rank_of(scores, wanted, len(pool)),
            }
            if args.title:
                titled = retriever.reranker.score(question, [f"{p.title}. {p.text}" for p in pool[:top]])
                row["rank_title"] = rank_of(titled, wanted, len(titled))
            rows.setdefault(name, []).append(row)

    columns = ["in pool", "in top R", "first", "top3", "first@all"] + (
        ["first (title)"] if args.title else []
    )
    print(f"{'set':16s}{'n':>5s}" + "".join(f"{c:>15s}" for c in columns))
    for name, found in rows.items():
        figures = [
            share(found, lambda r: r["pool"]),
            share(found, lambda r: r["top"]),
            share(found, lambda r: r["rank"] == 0),
            share(found, lambda r: r["rank"] is not None and r["rank"] < 3),
            share(found, lambda r: r["rank_all"] == 0),
        ]
        if args.title:
            figures.append(share(found, lambda r: r.get("rank_title") == 0))
        print(f"{name:16s}{len(found):5d}" + "".join(figures))


if __name__ == "__main__":
    main()
