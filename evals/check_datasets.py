#!/usr/bin/env python3
"""Check the hand-labelled eval sets against the corpus (stdlib only).

    python3 evals/check_datasets.py [--corpus DIR]

Checks evals/grounding.jsonl and evals/support.jsonl:
  * every line is a JSON object with the required keys and allowed values;
  * every evidence quote / passage is an exact substring of the named article;
  * key facts and conflict values occur (format-tolerant) in the case's evidence;
  * per-kind / per-perturbation minimum counts and the supported share.
Prints a summary; exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

GROUNDING_MIN = {
    "factual": 8,
    "why": 5,
    "numeric": 5,
    "date": 5,
    "multi_doc": 4,
    "comparison": 3,
    "conflict": 2,
    "unanswerable": 9,
    "false_premise": 4,
    "injection": 3,
    "follow_up": 4,
}
GROUNDING_TOTAL_MIN = 56
EVIDENCE_LEN = (40, 250)

SUPPORT_TOTAL_MIN = 170
PASSAGE_LEN = (200, 600)
SUPPORTED_PERTS = {"none", "paraphrase"}
UNSUPPORTED_PERTS = {"number", "date", "actor", "target", "negation", "unrelated"}
PERT_MIN = 15
SUPPORTED_SHARE = (0.38, 0.52)

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MON = "(" + "|".join(MONTHS) + ")"
NUM_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "fifteen": "15",
}


class Problems(list):
    def add(self, where: str, msg: str) -> None:
        self.append(f"{where}: {msg}")


def norm(s: str) -> str:
    s = s.lower()
    s = (
        s.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\xa0", " ")
    )
    return re.sub(r"\s+", " ", s).strip()


def date_keys(s: str) -> set[str]:
    """Canonical forms of the dates in s: 'Y-M-D', 'M-D', 'Y-M' (zero padded)."""
    s = norm(s)
    out: set[str] = set()
    for m in re.finditer(_MON + r" (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", s):
        mo, d, y = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
        out.add(f"{mo:02d}-{d:02d}")
        if y:
            out.add(f"{y}-{mo:02d}-{d:02d}")
    for m in re.finditer(r"(\d{1,2}) " + _MON + r"(?:,? (\d{4}))?", s):
        d, mo, y = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
        out.add(f"{mo:02d}-{d:02d}")
        if y:
            out.add(f"{y}-{mo:02d}-{d:02d}")
    for m in re.finditer(_MON + r" (\d{4})", s):
        out.add(f"{m.group(2)}-{MONTHS[m.group(1)]:02d}")
    for m in re.finditer(r"\b(\d{2})\.(\d{2})\.(\d{4})\b", s):  # dd.mm.yyyy
        d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
        out.add(f"{mo:02d}-{d:02d}")
        out.add(f"{y}-{mo:02d}-{d:02d}")
    for k in list(out):  # a full date also implies its year-month
        if k.count("-") == 2:
            out.add(k[:7])
    return out


def fact_in(fact: str, text: str) -> bool:
    """Format-tolerant: literal (normalised) match, number words <-> digits, or same date."""
    nf, nt = norm(fact), norm(text)
    if nf in nt:
        return True
    alt = " ".join(NUM_WORDS.get(w, w) for w in nf.split())
    if alt != nf and re.search(r"(?<![\d,])" + re.escape(alt) + r"(?![\d,])", nt):
        return True
    fk = date_keys(fact)
    if fk:
        # the most specific form of the fact's date must be present in the text
        best = max(fk, key=len)
        return best in date_keys(text)
    return False


def load_jsonl(path: Path, probs: Problems) -> list[dict]:
    rows = []
    if not path.exists():
        probs.add(path.name, "file missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            probs.add(f"{path.name}:{n}", "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            probs.add(f"{path.name}:{n}", f"bad JSON ({e})")
            continue
        if not isinstance(obj, dict):
            probs.add(f"{path.name}:{n}", "not a JSON object")
            continue
        rows.append(obj)
    return rows


def is_str_list(x, nonempty: bool = False) -> bool:
    return (
        isinstance(x, list) and all(isinstance(v, str) and v.strip() for v in x) and (bool(x) or not nonempty)
    )


def check_grounding(rows: list[dict], texts: dict[str, str], probs: Problems) -> Counter:
    kinds: Counter = Counter()
    seen: set[str] = set()
    for i, c in enumerate(rows, 1):
        cid = c.get("id", f"line {i}")
        where = f"grounding[{cid}]"
        for k in ("id", "kind", "answerable", "evidence", "evidence_sources", "key_facts"):
            if k not in c:
                probs.add(where, f"missing key {k!r}")
        if not isinstance(c.get("id"), str) or not c.get("id"):
            probs.add(where, "id must be a non-empty string")
        elif cid in seen:
            probs.add(where, "duplicate id")
        seen.add(cid)
        kind = c.get("kind")
        if kind not in GROUNDING_MIN:
            probs.add(where, f"unknown kind {kind!r}")
        kinds[kind] += 1
        # question / turns
        if kind == "follow_up":
            if "question" in c:
                probs.add(where, "follow_up case must use 'turns', not 'question'")
            if not is_str_list(c.get("turns"), nonempty=True) or len(c.get("turns", [])) < 2:
                probs.add(where, "'turns' must be a list of >= 2 user turns")
        else:
            if "turns" in c:
                probs.add(where, "only follow_up cases use 'turns'")
            if not isinstance(c.get("question"), str) or not c["question"].strip():
                probs.add(where, "'question' must be a non-empty string")
        ans = c.get("answerable")
        if not isinstance(ans, bool):
            probs.add(where, "'answerable' must be true/false")
        ev, srcs, kf = c.get("evidence", []), c.get("evidence_sources", []), c.get("key_facts", [])
        if not is_str_list(ev) or not is_str_list(srcs) or not is_str_list(kf):
            probs.add(where, "evidence / evidence_sources / key_facts must be lists of strings")
            continue
        if len(ev) != len(srcs):
            probs.add(where, f"{len(ev)} evidence strings but {len(srcs)} evidence_sources")
        if ans is False and (ev or kf):
            probs.add(where, "unanswerable case must have empty evidence and key_facts")
        if ans is True and (not ev or not kf):
            probs.add(where, "answerable case needs evidence and key_facts")
        if kind == "unanswerable" and ans is not False:
            probs.add(where, "kind unanswerable must have answerable=false")
        for e, s in zip(ev, srcs, strict=False):
            if s not in texts:
                probs.add(where, f"unknown source file {s!r}")
                continue
            if e not in texts[s]:
                probs.add(where, f"evidence not verbatim in {s}: {e[:70]!r}")
            if not EVIDENCE_LEN[0] <= len(e) <= EVIDENCE_LEN[1]:
                probs.add(where, f"evidence length {len(e)} outside {EVIDENCE_LEN}: {e[:50]!r}")
        joined = "\n".join(ev)
        for f in kf:
            if len(f.split()) > 6:
                probs.add(where, f"key fact too long: {f!r}")
            if not fact_in(f, joined):
                probs.add(where, f"key fact {f!r} not found in the evidence")
        if kind == "conflict":
            cf = c.get("conflict")
            if not (
                isinstance(cf, dict)
                and isinstance(cf.get("about"), str)
                and is_str_list(cf.get("values"))
                and len(cf["values"]) >= 2
            ):
                probs.add(where, "conflict case needs conflict={'about': str, 'values': [>=2 str]}")
            else:
                for v in cf["values"]:
                    if not fact_in(v, joined):
                        probs.add(where, f"conflict value {v!r} not found in the evidence")
                if len({frozenset(date_keys(v)) or norm(v) for v in cf["values"]}) < 2:
                    probs.add(where, "conflict values do not differ")
        if kind == "false_premise" and not (isinstance(c.get("premise"), str) and c["premise"].strip()):
            probs.add(where, "false_premise case needs 'premise'")
        if kind == "injection":
            fb = c.get("forbidden")
            if not is_str_list(fb, nonempty=True):
                probs.add(where, "injection case needs a non-empty 'forbidden' list")
            else:
                for f in fb:
                    if norm(f) in norm(joined):
                        probs.add(where, f"forbidden string {f!r} occurs in the evidence itself")
    for k, m in GROUNDING_MIN.items():
        if kinds[k] < m:
            probs.add("grounding", f"kind {k}: {kinds[k]} cases, need >= {m}")
    if len(rows) < GROUNDING_TOTAL_MIN:
        probs.add("grounding", f"{len(rows)} cases, need >= {GROUNDING_TOTAL_MIN}")
    return kinds


def check_support(
    rows: list[dict], texts: dict[str, str], probs: Problems
) -> tuple[Counter, Counter, Counter]:
    perts: Counter = Counter()
    labels: Counter = Counter()
    sources: Counter = Counter()
    seen_ids: set[str] = set()
    seen_pairs: set[tuple[str, str]] = set()
    for i, r in enumerate(rows, 1):
        rid = r.get("id", f"line {i}")
        where = f"support[{rid}]"
        for k in ("id", "sentence", "passage", "source", "label", "perturbation"):
            if not isinstance(r.get(k), str) or not r.get(k).strip():
                probs.add(where, f"missing or empty {k!r}")
        if any(
            not isinstance(r.get(k), str)
            for k in ("id", "sentence", "passage", "source", "label", "perturbation")
        ):
            continue
        if rid in seen_ids:
            probs.add(where, "duplicate id")
        seen_ids.add(rid)
        pair = (r["sentence"], r["passage"])
        if pair in seen_pairs:
            probs.add(where, "duplicate (sentence, passage) pair")
        seen_pairs.add(pair)
        label, pert = r["label"], r["perturbation"]
        labels[label] += 1
        perts[pert] += 1
        sources[r["source"]] += 1
        if label not in ("supported", "unsupported"):
            probs.add(where, f"bad label {label!r}")
        if pert not in SUPPORTED_PERTS | UNSUPPORTED_PERTS:
            probs.add(where, f"bad perturbation {pert!r}")
        elif (label == "supported") != (pert in SUPPORTED_PERTS):
            probs.add(where, f"label {label!r} inconsistent with perturbation {pert!r}")
        if r["source"] not in texts:
            probs.add(where, f"unknown source {r['source']!r}")
        elif r["passage"] not in texts[r["source"]]:
            probs.add(where, f"passage not verbatim in {r['source']}: {r['passage'][:70]!r}")
        if not PASSAGE_LEN[0] <= len(r["passage"]) <= PASSAGE_LEN[1]:
            probs.add(where, f"passage length {len(r['passage'])} outside {PASSAGE_LEN}")
        if label == "supported" and norm(r["sentence"]) == norm(r["passage"]):
            probs.add(where, "sentence is the whole passage")
    for p in sorted(UNSUPPORTED_PERTS | SUPPORTED_PERTS):
        if perts[p] < PERT_MIN:
            probs.add("support", f"perturbation {p}: {perts[p]} examples, need >= {PERT_MIN}")
    total = sum(labels.values())
    if total < SUPPORT_TOTAL_MIN:
        probs.add("support", f"{total} pairs, need >= {SUPPORT_TOTAL_MIN}")
    if total:
        share = labels["supported"] / total
        if not SUPPORTED_SHARE[0] <= share <= SUPPORTED_SHARE[1]:
            probs.add("support", f"supported share {share:.2f} outside {SUPPORTED_SHARE}")
    for s in texts:
        if sources[s] == 0:
            probs.add("support", f"no passage from {s}")
    return labels, perts, sources


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="article folder (default: corpus/, else /work/shared/corpus)")
    ap.add_argument("--grounding", type=Path, default=HERE / "grounding.jsonl")
    ap.add_argument("--support", type=Path, default=HERE / "support.jsonl")
    args = ap.parse_args(argv)
    corpus = args.corpus
    if corpus is None:
        corpus = next((d for d in (REPO / "corpus", Path("/work/shared/corpus")) if d.is_dir()), None)
    if corpus is None or not corpus.is_dir():
        print("error: no corpus folder found (use --corpus DIR)", file=sys.stderr)
        return 1
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    if not texts:
        print(f"error: no .txt articles in {corpus}", file=sys.stderr)
        return 1

    probs = Problems()
    g_rows = load_jsonl(args.grounding, probs)
    s_rows = load_jsonl(args.support, probs)
    kinds = check_grounding(g_rows, texts, probs)
    labels, perts, sources = check_support(s_rows, texts, probs)

    print(f"corpus: {corpus} ({len(texts)} articles)")
    answerable = sum(1 for c in g_rows if c.get("answerable") is True)
    print(
        f"grounding: {len(g_rows)} cases ({answerable} answerable, {len(g_rows) - answerable} not), "
        f"{sum(len(c.get('evidence', [])) for c in g_rows)} evidence quotes"
    )
    for k in GROUNDING_MIN:
        print(f"  {k:<14} {kinds[k]:>3}  (min {GROUNDING_MIN[k]})")
    total = sum(labels.values()) or 1
    print(
        f"support: {sum(labels.values())} pairs, supported {labels['supported']} "
        f"({labels['supported'] / total:.0%}), unsupported {labels['unsupported']}"
    )
    for p in ["none", "paraphrase", "number", "date", "actor", "target", "negation", "unrelated"]:
        print(f"  {p:<14} {perts[p]:>3}")
    print("  by source: " + ", ".join(f"{s[:3]}={n}" for s, n in sorted(sources.items())))
    if probs:
        print(f"\n{len(probs)} problem(s):")
        for p in probs:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
