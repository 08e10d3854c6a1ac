"""Support scorer on evals/support.jsonl: figures, the share each rule catches, thresholds cross-validated by
id parity (fit on one half, measured on the other), and the cost per sentence.

    .venv/bin/python bench/support.py [--set evals/support.jsonl]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from assistant.answer.support import (
    MIN_OVERLAP,
    MIN_RELEVANCE,
    SupportScorer,
    _figures,
    _relevances,
    _signals,
    _verdict,
)
from assistant.retrieval.embed import CrossEncoder
from assistant.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
OVERLAPS = [0.3, 0.4, 0.5, 0.6, 0.7]
RELEVANCES = [-2.0, 0.0, 1.0, 2.0, 3.0, 4.0]


def _fmt(figures: dict) -> str:
    f = figures
    return f"P={f['precision']:.3f} R={f['recall']:.3f} acc={f['accuracy']:.3f} n={f['n']}"


def _fit(rows, signals, logits) -> tuple[float, float]:
    """Thresholds meeting the targets (P>=0.95, R>=0.90) with the best accuracy; ties go to the strictest."""
    best, best_key = (MIN_OVERLAP, MIN_RELEVANCE), (-1.0,)
    for overlap, relevance in itertools.product(OVERLAPS, RELEVANCES):
        predicted = [
            _verdict(s, r, overlap, relevance).supported for s, r in zip(signals, logits, strict=True)
        ]
        f = _figures(rows, predicted)
        key = (f["precision"] >= 0.95 and f["recall"] >= 0.90, f["accuracy"], overlap, relevance)
        if key > best_key:
            best, best_key = (overlap, relevance), key
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", type=Path, default=ROOT / "evals" / "support.jsonl")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    cross_encoder = CrossEncoder(load_settings().retrieval.reranker_dir)

    started = time.perf_counter()
    signals = [_signals(r["sentence"], [r["passage"]]) for r in rows]
    rules_ms = (time.perf_counter() - started) * 1000 / len(rows)
    started = time.perf_counter()
    queries = [(r["sentence"], s.window) for r, s in zip(rows, signals, strict=True)]
    logits = _relevances(cross_encoder, queries)
    model_ms = (time.perf_counter() - started) * 1000 / len(rows)
    print(f"cost per pair: rules {rules_ms:.1f} ms, cross-encoder {model_ms:.1f} ms (batched)")

    scorer = SupportScorer(cross_encoder)
    verdicts = [
        _verdict(s, r, scorer.min_overlap, scorer.min_relevance) for s, r in zip(signals, logits, strict=True)
    ]
    overall = _figures(rows, [v.supported for v in verdicts])
    print(f"defaults (overlap >= {MIN_OVERLAP}, relevance >= {MIN_RELEVANCE}): {_fmt(overall)}")
    for name, acc in overall["by_perturbation"].items():
        print(f"  {name:<11} {acc:.3f}")

    print("what catches the unsupported rows (a row may be caught by several):")
    bad = [(r, s, x) for r, s, x in zip(rows, signals, logits, strict=True) if r["label"] != "supported"]
    for rule, test in [
        ("missing hard fact", lambda s, x: bool(s.missing)),
        ("negation flip", lambda s, x: s.negation_flip),
        ("swapped name", lambda s, x: bool(s.misplaced)),
        (f"overlap < {MIN_OVERLAP}", lambda s, x: s.overlap < MIN_OVERLAP),
        (f"relevance < {MIN_RELEVANCE}", lambda s, x: x < MIN_RELEVANCE),
    ]:
        print(f"  {rule:<20} {sum(test(s, x) for _, s, x in bad):>3} / {len(bad)}")

    print("cross-validation by id parity (thresholds fitted on one half, measured on the other):")
    halves = {p: [i for i, r in enumerate(rows) if int(r["id"].rsplit("-", 1)[-1]) % 2 == p] for p in (0, 1)}
    for fit_on, test_on in ((0, 1), (1, 0)):
        pick = lambda idx: ([rows[i] for i in idx], [signals[i] for i in idx], [logits[i] for i in idx])  # noqa: E731
        overlap, relevance = _fit(*pick(halves[fit_on]))
        test_rows, test_signals, test_logits = pick(halves[test_on])
        fitted = _figures(
            test_rows,
            [
                _verdict(s, x, overlap, relevance).supported
                for s, x in zip(test_signals, test_logits, strict=True)
            ],
        )
        default = _figures(
            test_rows,
            [
                _verdict(s, x, MIN_OVERLAP, MIN_RELEVANCE).supported
                for s, x in zip(test_signals, test_logits, strict=True)
            ],
        )
        print(
            f"  fit on {'even' if fit_on == 0 else 'odd'}: overlap >= {overlap}, relevance >= {relevance}"
            f"; on {'odd' if test_on == 1 else 'even'}: {_fmt(fitted)} | defaults there: {_fmt(default)}"
        )

    print("errors with the defaults:")
    for row, verdict in zip(rows, verdicts, strict=True):
        if verdict.supported != (row["label"] == "supported"):
            print(
                f"  {row['id']} {row['perturbation']:<10} {row['label']:<11} {verdict.missing}"
                f" | {row['sentence']}"
            )


if __name__ == "__main__":
    main()
