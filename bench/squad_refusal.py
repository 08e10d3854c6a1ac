"""Refusal and answer figures on far-away data: SQuAD 2.0 dev (Normans, Rhine), where every unanswerable
question was written against the same paragraph as answerable ones (Rajpurkar et al., 2018).

Each SQuAD article becomes one document; the questions are split by a hash of their id into a dev half
(tune on it) and a test half (look at it only to report). Prints figures; asserts nothing.

Run: .venv/bin/python bench/squad_refusal.py [--half dev|test] [--limit N] [--show-wrong] [--dump F]
Data: bench/data/squad2-dev-normans-rhine.json, two articles of SQuAD 2.0's dev set (CC BY-SA 4.0).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "squad2-dev-normans-rhine.json"


def half_of(qid: str) -> str:
    return "dev" if int(hashlib.sha1(qid.encode()).hexdigest(), 16) % 2 == 0 else "test"


def article_text(article: dict) -> tuple[str, list[int]]:
    """One SQuAD article as a document (title, then its paragraphs), and where each paragraph starts."""
    starts, offset = [], len(article["title"]) + 2
    for paragraph in article["paragraphs"]:
        starts.append(offset)
        offset += len(paragraph["context"]) + 2
    paragraphs = [p["context"] for p in article["paragraphs"]]
    return article["title"] + "\n\n" + "\n\n".join(paragraphs) + "\n", starts


def norm(text: str) -> str:
    text = re.sub(r"\b(a|an|the)\b", " ", text.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--limit", type=int, default=300, help="questions per half (balanced, seeded)")
    parser.add_argument("--show-wrong", action="store_true")
    parser.add_argument(
        "--dump", type=Path, help="write each question, its answer and its grading as JSON lines"
    )
    args = parser.parse_args()

    data = json.loads(DATA.read_text(encoding="utf-8"))["data"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        questions = []
        for article in data:
            (corpus / f"{article['title']}.txt").write_text(article_text(article)[0], encoding="utf-8")
            for p in article["paragraphs"]:
                for q in p["qas"]:
                    if args.half in ("all", half_of(q["id"])):
                        questions.append(q)
        questions.sort(key=lambda q: hashlib.sha1(q["id"].encode()).hexdigest())
        answerable = [q for q in questions if not q["is_impossible"]][: args.limit // 2]
        impossible = [q for q in questions if q["is_impossible"]][: args.limit // 2]

        from assistant.api import Assistant, ingest
        from assistant.settings import load_settings

        settings = load_settings(
            index_dir=str(Path(tmp) / "index"), collection="squad", corpus_dir=str(corpus)
        )
        ingest([corpus], settings)
        bot = Assistant(settings)
        rows = []
        t0 = time.perf_counter()
        for q in answerable + impossible:
            answer = bot.ask(q["question"])
            golds = {norm(a["text"]) for a in q["answers"]}
            text = norm(answer.answer)
            correct = (not answer.refused) and any(g and g in text for g in golds)
            first = norm(answer.sentences[0].text) if answer.sentences else ""
            rows.append((q, answer, correct, any(g and g in first for g in golds)))
        seconds = time.perf_counter() - t0

    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for q, answer, correct, first in rows:
                row = {"question": q["question"], "impossible": q["is_impossible"], "refused": answer.refused}
                row |= {"sentences": [s.text for s in answer.sentences], "correct": correct, "first": first}
                out.write(json.dumps(row) + "\n")

    ans = [r for r in rows if not r[0]["is_impossible"]]
    imp = [r for r in rows if r[0]["is_impossible"]]

    def share(items: list, pred) -> float:
        return sum(1 for i in items if pred(i)) / max(1, len(items))

    print(f"SQuAD 2.0 dev, {args.half} half: {len(ans)} answerable, {len(imp)} unanswerable questions")
    print(f"  answerable answered with the gold answer in the text : {share(ans, lambda r: r[2]):.3f}")
    print(f"  ... gold answer in the first sentence                : {share(ans, lambda r: r[3]):.3f}")
    print(
        f"  answerable refused                                   : {share(ans, lambda r: r[1].refused):.3f}"
    )
    print(
        f"  unanswerable refused                                 : {share(imp, lambda r: r[1].refused):.3f}"
    )
    print(
        f"  median ms per question                               : {1000 * seconds / max(1, len(rows)):.0f}"
    )
    if args.show_wrong:
        for q, answer, _, _ in imp:
            if not answer.refused:
                print("UNANSWERABLE ANSWERED:", q["question"], "->", answer.sentences[0].text[:160])
        for q, answer, _, _ in ans:
            if answer.refused:
                print("ANSWERABLE REFUSED:", q["question"], "|", answer.answer[:120])
        for q, answer, correct, first in ans:
            if correct and not first:
                print("GOLD NOT FIRST:", q["question"], "->", answer.sentences[0].text[:120])


if __name__ == "__main__":
    main()
