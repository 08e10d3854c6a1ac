#!/usr/bin/env python3
"""Check the hand-labelled eval sets against their corpora (stdlib only).

    python3 evals/check_datasets.py [--suite NAME ...] [--corpus DIR]

Checks every suite (evals/suites/*/suite.toml: dev.jsonl and test.jsonl against the suite's corpus, and
its thresholds.toml) and evals/support.jsonl (against corpus/):
  * every line is a JSON object with the required keys and allowed values (known kinds);
  * every evidence quote / passage is an exact substring of the named article, read as ingest reads it;
  * evidence_sources runs parallel to evidence; ids are unique across a suite's halves;
  * key facts and conflict values occur (format-tolerant) in the case's evidence;
  * per-kind minimum counts for the bundled dev half, per-perturbation counts and the supported share.
Prints a summary and one line per problem, `file:line: message`; exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
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

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}  # what ingest reads

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


def rel(path: Path) -> str:
    """The path as the problem lines show it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def read_text_like_ingest(path: Path) -> str | None:
    """The text citation offsets index into: the file's bytes decoded as UTF-8, newlines untouched (as
    assistant.ingestion.load does for .txt/.md); HTML/PDF through that loader when it is importable."""
    if path.suffix.lower() in {".txt", ".md", ".markdown"}:
        try:
            return path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    try:
        from assistant.ingestion.load import read_source_text
    except ImportError:
        return None
    try:
        return read_source_text(path)
    except Exception:
        return None


def corpus_texts(corpus: Path) -> dict[str, str]:
    texts = {}
    for f in sorted(corpus.rglob("*")):
        if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith("."):
            text = read_text_like_ingest(f)
            if text is not None:
                texts.setdefault(f.name, text)
    return texts


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


def load_jsonl(path: Path, probs: Problems) -> list[tuple[int, dict]]:
    """(line number, object) for each line; problems name file:line."""
    rows: list[tuple[int, dict]] = []
    if not path.exists():
        probs.add(rel(path), "file missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{rel(path)}:{n}"
        if not line.strip():
            probs.add(where, "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            probs.add(where, f"bad JSON ({e})")
            continue
        if not isinstance(obj, dict):
            probs.add(where, "not a JSON object")
            continue
        rows.append((n, obj))
    return rows


def is_str_list(x, nonempty: bool = False) -> bool:
    return (
        isinstance(x, list) and all(isinstance(v, str) and v.strip() for v in x) and (bool(x) or not nonempty)
    )


def check_grounding(
    path: Path,
    rows: list[tuple[int, dict]],
    texts: dict[str, str],
    probs: Problems,
    seen: dict[str, str],
    minimums: bool = False,
) -> Counter:
    """One case file of a suite; `seen` maps ids to where they were first used, across the suite."""
    kinds: Counter = Counter()
    for line, c in rows:
        cid = c.get("id")
        where = f"{rel(path)}:{line}" + (f" [{cid}]" if isinstance(cid, str) else "")
        for k in ("id", "kind", "answerable", "evidence", "evidence_sources", "key_facts"):
            if k not in c:
                probs.add(where, f"missing key {k!r}")
        if not isinstance(cid, str) or not cid:
            probs.add(where, "id must be a non-empty string")
        elif cid in seen:
            probs.add(where, f"duplicate id (first at {seen[cid]})")
        else:
            seen[cid] = f"{rel(path)}:{line}"
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
    if minimums:
        for k, m in GROUNDING_MIN.items():
            if kinds[k] < m:
                probs.add(rel(path), f"kind {k}: {kinds[k]} cases, need >= {m}")
        if len(rows) < GROUNDING_TOTAL_MIN:
            probs.add(rel(path), f"{len(rows)} cases, need >= {GROUNDING_TOTAL_MIN}")
    return kinds


def check_support(
    path: Path, rows: list[tuple[int, dict]], texts: dict[str, str], probs: Problems
) -> tuple[Counter, Counter, Counter]:
    perts: Counter = Counter()
    labels: Counter = Counter()
    sources: Counter = Counter()
    seen_ids: set[str] = set()
    seen_pairs: set[tuple[str, str]] = set()
    for line, r in rows:
        rid = r.get("id")
        where = f"{rel(path)}:{line}" + (f" [{rid}]" if isinstance(rid, str) else "")
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
            probs.add(rel(path), f"perturbation {p}: {perts[p]} examples, need >= {PERT_MIN}")
    total = sum(labels.values())
    if total < SUPPORT_TOTAL_MIN:
        probs.add(rel(path), f"{total} pairs, need >= {SUPPORT_TOTAL_MIN}")
    if total:
        share = labels["supported"] / total
        if not SUPPORTED_SHARE[0] <= share <= SUPPORTED_SHARE[1]:
            probs.add(rel(path), f"supported share {share:.2f} outside {SUPPORTED_SHARE}")
    for s in texts:
        if sources[s] == 0:
            probs.add(rel(path), f"no passage from {s}")
    return labels, perts, sources


def read_toml(path: Path, probs: Problems) -> dict | None:
    if not path.is_file():
        probs.add(rel(path), "file missing")
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        probs.add(rel(path), f"bad TOML ({e})")
        return None


def check_thresholds_file(path: Path, probs: Problems) -> None:
    data = read_toml(path, probs)
    if data is None:
        return
    for table in ("dev", "test"):
        bars = data.get(table, {})
        if not isinstance(bars, dict):
            probs.add(rel(path), f"[{table}] must be a table")
            continue
        for name, value in bars.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                probs.add(rel(path), f"[{table}] {name} must be a number")
    if "test" not in data:
        probs.add(rel(path), "no [test] table: the test half would not be gated")


def check_suite(folder: Path, probs: Problems) -> tuple[str, dict[str, list[tuple[int, dict]]], int] | None:
    """Check one suite folder; returns (name, rows by half, articles) for the summary."""
    meta = read_toml(folder / "suite.toml", probs)
    if meta is None:
        return None
    name = meta.get("name", folder.name)
    for key in ("name", "description", "corpus"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            probs.add(rel(folder / "suite.toml"), f"missing or empty {key!r}")
    corpus = (folder / str(meta.get("corpus", ""))).resolve()
    texts = corpus_texts(corpus) if meta.get("corpus") and corpus.is_dir() else {}
    if meta.get("corpus") and not corpus.is_dir():
        probs.add(rel(folder / "suite.toml"), f"corpus folder {corpus} does not exist")
    elif meta.get("corpus") and not texts:
        probs.add(rel(folder / "suite.toml"), f"no readable articles in {corpus}")
    seen: dict[str, str] = {}
    halves = {}
    for half in ("dev", "test"):
        path = folder / f"{half}.jsonl"
        halves[half] = load_jsonl(path, probs)
        minimums = name == "bundled" and half == "dev"  # the coverage the original 81-case set was built to
        check_grounding(path, halves[half], texts, probs, seen, minimums=minimums)
    check_thresholds_file(folder / "thresholds.toml", probs)
    return str(name), halves, len(texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--suites", type=Path, default=HERE / "suites", help="folder of suites (default evals/suites)"
    )
    ap.add_argument("--suite", action="append", help="check only this suite (repeatable)")
    ap.add_argument("--corpus", type=Path, help="articles of support.jsonl (default: corpus/)")
    ap.add_argument("--support", type=Path, default=HERE / "support.jsonl")
    args = ap.parse_args(argv)
    probs = Problems()

    folders = sorted(p.parent for p in args.suites.glob("*/suite.toml"))
    if args.suite:
        unknown = set(args.suite) - {f.name for f in folders}
        if unknown:
            print(f"error: unknown suite(s) {', '.join(sorted(unknown))} in {args.suites}", file=sys.stderr)
            return 2
        folders = [f for f in folders if f.name in args.suite]
    if not folders:
        print(f"error: no suites in {args.suites} (no */suite.toml)", file=sys.stderr)
        return 1
    for folder in folders:
        checked = check_suite(folder, probs)
        if checked is None:
            continue
        name, halves, articles = checked
        print(f"suite {name}: {articles} articles")
        for half, rows in halves.items():
            cases = [c for _, c in rows]
            kinds = Counter(c.get("kind") for c in cases)
            answerable = sum(1 for c in cases if c.get("answerable") is True)
            print(
                f"  {half:<4} {len(cases):>3} cases ({answerable} answerable, {len(cases) - answerable} not), "
                f"{sum(len(c.get('evidence', [])) for c in cases)} evidence quotes; "
                + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: str(kv[0])))
            )

    if not args.suite:
        corpus = args.corpus or REPO / "corpus"
        texts = corpus_texts(corpus) if corpus.is_dir() else {}
        if not texts:
            probs.add(str(corpus), "no articles for support.jsonl")
        s_rows = load_jsonl(args.support, probs)
        labels, perts, sources = check_support(args.support, s_rows, texts, probs)
        total = sum(labels.values()) or 1
        print(
            f"support: {sum(labels.values())} pairs, supported {labels['supported']} "
            f"({labels['supported'] / total:.0%}), unsupported {labels['unsupported']}"
        )
        print("  " + ", ".join(f"{p} {perts[p]}" for p in sorted(SUPPORTED_PERTS | UNSUPPORTED_PERTS)))
        print("  by source: " + ", ".join(f"{s[:3]}={n}" for s, n in sorted(sources.items())))
    if probs:
        print(f"\n{len(probs)} problem(s):")
        for p in probs:
            print(p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
