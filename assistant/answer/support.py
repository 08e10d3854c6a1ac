"""Support scorer: does a cited passage back an answer sentence?

No NLI model ships here, so support is judged from signals we can trust and explain:
hard facts (numbers, dates, names) must be found in the passages; a negation must not flip between
the sentence and the passage sentence (or pair) it matches best; a name must not sit where that passage
window has another name beside the same word (actor/target swaps where both names occur); and the
content-word overlap and cross-encoder relevance against that window must be high enough.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.text.lexical import STOPWORDS, tokenize
from assistant.text.numbers import ONES as _ONES
from assistant.text.numbers import SCALES as _SCALES
from assistant.text.numbers import number_value
from assistant.text.places import country_of

if TYPE_CHECKING:
    from assistant.retrieval.embed import CrossEncoder

# Soft thresholds, set in the middle of the gap evals/support.jsonl shows between supported sentences
# (overlap >= 0.55, logit >= 5.2) and unrelated ones (overlap <= 0.33, logit <= 1.8); fitting them on either
# half of the set by id parity gives 0.5 / 4.0, inside the same gap (bench/support.py).
MIN_OVERLAP = 0.5  # share of the sentence's content terms found in the best-matching passage window
MIN_RELEVANCE = 3.0  # cross-encoder logit of (sentence, that window)

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MULTIPLES = {
    "double": 2,
    "doubled": 2,
    "twice": 2,
    "triple": 3,
    "tripled": 3,
    "threefold": 3,
    "quadrupled": 4,
    "fourfold": 4,
}
_NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "without",
        "deny",
        "denied",
        "denies",
        "denying",
        "fail",
        "failed",
        "fails",
        "failing",
        "unable",
        "incapable",
        "inability",
        "rarely",
        "seldom",
        "hardly",
        "declined",
        "declines",
        "refused",
        "refuses",
        "rejected",
    }
)

_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(\d{{4}})\b)?")
_DATE_MY = re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b")
_MONTH_ALONE = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|"
    r"December)\b"
)
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!,?\d)")
_WEEKDAY = re.compile(r"\b(" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")\b")
_NUMBER_WORD = "|".join([*_ONES, *_SCALES, "dozen"])
_NUMBER = re.compile(
    rf"(?<![\w.])(?:\d+(?:,\d{{3}})*(?:\.\d+)?|{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*\b", re.IGNORECASE
)
_MULTIPLE = re.compile(r"\b(" + "|".join(_MULTIPLES) + r")\b", re.IGNORECASE)
_CITATION_MARK = re.compile(r"\[\d+\]")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*|U\.[SNK]\.")
_US = re.compile(r"\bU\.S\.(?!\w)|\bUS\b|\bUnited States\b")
_CLAUSE = re.compile(r"[,;:()\"“”–—]|\s-\s")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)\]]*(?:\[\d+\])*|$)")

Date = tuple[int | None, int | None, int | None]  # (year, month, day); None where the text does not say


@dataclass(frozen=True)
class Facts:
    """The checkable facts of a text, normalised so that formats do not matter."""

    numbers: frozenset[str]
    dates: frozenset[Date]
    weekdays: frozenset[str]
    names: tuple[str, ...]  # normalised name tokens, in order


@dataclass
class SupportVerdict:
    score: float  # 0..1
    supported: bool
    missing: list[str] = field(default_factory=list)  # why not: facts absent, flipped negation, low overlap
    relevance: float = 0.0  # cross-encoder logit of (sentence, best passage)


def _month(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _blank(text: str, match: re.Match) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def extract_dates(text: str) -> tuple[set[Date], str]:
    """Dates at any precision, and the text with them blanked out (so their digits are not numbers)."""
    dates: set[Date] = set()
    text = _CITATION_MARK.sub(lambda m: " " * len(m.group()), text)
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_MY, "my")):
        while m := pattern.search(text):
            parts = dict(zip(order, m.groups(), strict=True))
            year = int(parts["y"]) if parts.get("y") else None
            dates.add((year, _month(parts["m"]), int(parts["d"]) if parts.get("d") else None))
            text = _blank(text, m)
    while m := _YEAR.search(text):
        dates.add((int(m.group(1)), None, None))
        text = _blank(text, m)
    while m := _MONTH_ALONE.search(text):
        dates.add((None, _month(m.group(1)), None))
        text = _blank(text, m)
    return dates, text


def extract_numbers(text: str) -> set[str]:
    """Quantities, canonical: "6,000" -> "6000", "six" -> "6", "two-dozen" -> "24", "tripled" -> "x3".

    A bare "one" is skipped: it is far more often a pronoun ("one of the ...") than a count.
    """
    numbers: set[str] = set()
    for m in _NUMBER.finditer(text):
        if m.group().lower() == "one":
            continue
        value = number_value(m.group())
        if value is not None:
            numbers.add(_format(value))
    numbers.update(f"x{_MULTIPLES[m.group(1).lower()]}" for m in _MULTIPLE.finditer(text))
    return numbers


def extract_names(text: str) -> list[str]:
    """Normalised tokens of capitalised spans (names), skipping capitalised common words at sentence starts.

    A sentence-initial word counts only when it looks like a name on its own: an acronym, a hyphenated name
    ("Al-Qaeda") or the start of a longer capitalised span ("Tom West").
    """
    names: list[str] = []
    for sentence in _SENTENCE.finditer(_US.sub("USA", text)):
        body = sentence.group()
        matches = list(_CAPITALISED.finditer(body))
        for i, m in enumerate(matches):
            word = m.group()
            lower = word.lower().rstrip(".")
            initial = not re.search(r"[A-Za-z0-9]", body[: m.start()])
            if lower in STOPWORDS or lower in _ONES or lower in _MONTHS or lower in _WEEKDAYS:
                continue
            if initial:
                follows = i + 1 < len(matches) and not body[m.end() : matches[i + 1].start()].strip()
                core = re.sub(r"['’]s?$", "", word)
                if not (core.isupper() and len(core) > 1 or re.search(r"-[A-Z]", core) or follows):
                    continue
            for part in re.split(r"-", word):
                if part[:1].isupper() or part.isupper():
                    names.extend(_name_key(t) for t in tokenize(part.replace(".", "")) if len(t) > 1)
    return names


def _name_key(token: str) -> str:
    return country_of(token)


def extract_facts(text: str) -> Facts:
    dates, rest = extract_dates(text)
    return Facts(
        numbers=frozenset(extract_numbers(rest)),
        dates=frozenset(dates),
        weekdays=frozenset(m.group(1).lower() for m in _WEEKDAY.finditer(text)),
        names=tuple(extract_names(text)),
    )


def _stem(words: list[str]) -> list[str]:
    from assistant.text.lexical import stem

    return stem(words)


def terms(text: str) -> list[str]:
    """Content terms in order, with names normalised (so "Pakistani" and "Pakistan's" are one term)."""
    words = [_name_key(t) for t in tokenize(_US.sub("USA", text))]
    return _stem([w for w in words if w not in STOPWORDS and len(w) > 1])


def negated_terms(text: str, span: int = 2) -> set[str] | None:
    """What a negation bears on: the next content terms of its clause; None when the text has no cue."""
    scopes: set[str] = set()
    found = False
    for clause in _CLAUSE.split(text):
        tokens = tokenize(clause)
        for i, token in enumerate(tokens):
            if token in _NEGATIONS or token.endswith(("n't", "n’t")):
                found = True
                following = [
                    t for t in tokens[i + 1 :] if t not in STOPWORDS and t not in _NEGATIONS and len(t) > 1
                ]
                scopes.update(_stem([_name_key(t) for t in following[:span]]))
    return scopes if found else None


def has_negation(text: str) -> bool:
    return negated_terms(text) is not None


def _date_found(date: Date, found: set[Date]) -> bool:
    years = {y for y, _, _ in found if y is not None}
    year, month, day = date
    for y, m, d in found:
        if (
            (month is None or month == m)
            and (day is None or day == d)
            and (year is None or year == y or (y is None and year in years))
        ):
            return True
    return False


def _date_text(date: Date) -> str:
    year, month, day = date
    name = next((k.capitalize() for k, v in _MONTHS.items() if v == month), None)
    return " ".join(str(p) for p in (day, name, year) if p is not None)


def _split_sentences(text: str) -> list[str]:
    from assistant.text.sentences import split_sentences

    return [text[span.start : span.end] for span in split_sentences(text)]


def _windows(passages: Sequence[str]) -> list[str]:
    """Single sentences and adjacent pairs: a paraphrase may merge two sentences, rarely more."""
    out: list[str] = []
    for passage in passages:
        sentences = _split_sentences(passage)
        out.extend(sentences)
        out.extend(f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False))
    return out


def _overlap(sentence_terms: set[str], text_terms: set[str]) -> float:
    return len(sentence_terms & text_terms) / len(sentence_terms) if sentence_terms else 1.0


def _names_in(text: str) -> set[str]:
    return set(_stem(extract_names(text)))


def _raw_terms(text: str) -> list[str]:
    """Every word (stop words too), stemmed, names normalised: adjacency here is adjacency in the text."""
    return _stem([_name_key(t) for t in tokenize(_US.sub("USA", text))])


def _swapped(sentence: str, names: set[str], window: str) -> list[str]:
    """Names whose neighbouring word has a different name beside it in the passage ("the group's emir" vs
    "Al-Qaeda's emir", "cited Iran's participation" vs "cited India's participation"): an actor or target
    swapped while both names occur in the passage."""
    mine, theirs = _raw_terms(sentence), _raw_terms(window)
    their_names = _names_in(window)
    content = set(terms(sentence))
    swapped = set()
    for i, name in enumerate(mine):
        if name not in names:
            continue
        for side in (-1, 1):
            j = i + side
            if not 0 <= j < len(mine) or mine[j] not in content or mine[j] in names:
                continue
            beside = {
                theirs[k - side] for k, t in enumerate(theirs) if t == mine[j] and 0 <= k - side < len(theirs)
            }
            if name not in beside and beside & (their_names - names):
                swapped.add(name)
    return sorted(swapped)


def _acronym_found(acronym: str, text: str) -> bool:
    """ "UN" in "United Nations Security Council": initials of a run of capitalised words."""
    runs = re.findall(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|the|for)\s+)*[A-Z][\w’'-]*)*", text)
    return any(acronym.upper() in "".join(w[0] for w in run.split() if w[0].isupper()) for run in runs)


@dataclass
class _Signals:
    missing: list[str]
    overlap: float
    negation_flip: bool
    misplaced: list[str]
    window: str  # the best-matching passage sentence or pair, which the cross-encoder reads


def _signals(sentence: str, passages: Sequence[str]) -> _Signals:
    facts = extract_facts(sentence)
    joined = "\n".join(passages)
    found = extract_facts(joined)
    missing = [n for n in sorted(facts.numbers) if n not in found.numbers]
    missing += [_date_text(d) for d in sorted(facts.dates, key=str) if not _date_found(d, set(found.dates))]
    missing += [w.capitalize() for w in sorted(facts.weekdays - found.weekdays)]
    passage_terms = set(terms(joined))
    shown = dict(zip(_stem(list(facts.names)), facts.names, strict=True))  # stem -> readable name
    names = set(shown)
    absent = {n for n in names if n not in passage_terms and not _acronym_found(n, joined)}
    missing += sorted(shown[n] for n in absent)

    # the passage sentence (or adjacent pair) that matches best is where negation and roles are checked
    sentence_terms = terms(sentence)
    wanted = set(sentence_terms)
    windows = _windows(passages) or [joined]
    window_terms = [terms(w) for w in windows]
    scores = [_overlap(wanted, set(t)) for t in window_terms]
    best = max(range(len(windows)), key=lambda i: (scores[i], -len(windows[i])))
    best_terms = set(window_terms[best])
    mine, theirs = negated_terms(sentence), negated_terms(windows[best])
    flip = (mine is not None and bool(mine & best_terms) and theirs is None) or (
        theirs is not None and bool(theirs & wanted) and mine is None
    )
    swapped = [shown[n] for n in _swapped(sentence, names, windows[best])]
    return _Signals(
        missing=missing, overlap=scores[best], negation_flip=flip, misplaced=swapped, window=windows[best]
    )


def _relevances(cross_encoder: CrossEncoder | None, pairs: list[tuple[str, str]]) -> list[float]:
    """Cross-encoder logits for many (query, text) pairs, batched across queries (0.0 without a model)."""
    if cross_encoder is None or not pairs:
        return [0.0] * len(pairs)
    return cross_encoder.score_pairs(pairs)


def _verdict(
    signals: _Signals, relevance: float | None, min_overlap: float, min_relevance: float
) -> SupportVerdict:
    """Any failed hard check (missing fact, flipped negation, swapped name) is decisive; otherwise the
    sentence must share enough words with its best passage window and be judged relevant by the model."""
    reasons = list(signals.missing)
    if signals.negation_flip:
        reasons.append("negation differs from the passage")
    reasons += [f"{n} (in another role in the passage)" for n in signals.misplaced]
    relevant = relevance is None or relevance >= min_relevance
    supported = not reasons and signals.overlap >= min_overlap and relevant
    if not reasons and not supported:
        shown = "n/a" if relevance is None else f"{relevance:.1f}"
        reasons.append(f"weak match (overlap {signals.overlap:.2f}, relevance {shown})")
    soft = signals.overlap
    if relevance is not None:
        soft = 0.5 * soft + 0.5 / (1.0 + math.exp(-relevance))
    penalty = 0.25 ** (len(signals.missing) + len(signals.misplaced) + signals.negation_flip)
    return SupportVerdict(
        score=round(soft * penalty, 4),
        supported=supported,
        missing=reasons,
        relevance=math.nan if relevance is None else relevance,
    )


class SupportScorer:
    """Scores answer sentences against the passages they cite; score_many batches the cross-encoder."""

    def __init__(
        self,
        cross_encoder: CrossEncoder | None = None,
        min_overlap: float = MIN_OVERLAP,
        min_relevance: float = MIN_RELEVANCE,
    ):
        self.cross_encoder = cross_encoder
        self.min_overlap = min_overlap
        self.min_relevance = min_relevance

    def score(self, sentence: str, passages: list[str]) -> SupportVerdict:
        return self.score_many([(sentence, passages)])[0]

    def score_many(self, pairs: Iterable[tuple[str, list[str]]]) -> list[SupportVerdict]:
        """One cross-encoder pass over all sentences, each against its best-matching passage window
        (1-2 sentences: short inputs keep the model cheap and focused on the claim)."""
        pairs = [(s, list(p)) for s, p in pairs]
        signals = [_signals(sentence, passages) for sentence, passages in pairs]
        logits: list[float | None] = [None] * len(pairs)
        if self.cross_encoder is not None:
            queries = [(sentence, found.window) for (sentence, _), found in zip(pairs, signals, strict=True)]
            logits = list(_relevances(self.cross_encoder, queries))
        return [
            _verdict(found, logit, self.min_overlap, self.min_relevance)
            for found, logit in zip(signals, logits, strict=True)
        ]


def support(sentence: str, passages: list[str], cross_encoder: CrossEncoder | None = None) -> SupportVerdict:
    return SupportScorer(cross_encoder).score(sentence, passages)


def evaluate_support(path: Path, scorer: SupportScorer) -> dict:
    """Precision and recall of the "supported" verdict on a labelled set, overall and by perturbation."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = scorer.score_many((r["sentence"], [r["passage"]]) for r in rows)
    return _figures(rows, [v.supported for v in verdicts])


def _figures(rows: list[dict], predicted: list[bool]) -> dict:
    truth = [r["label"] == "supported" for r in rows]
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    by: dict[str, list[bool]] = {}
    for row, p, t in zip(rows, predicted, truth, strict=True):
        by.setdefault(row.get("perturbation", "none"), []).append(p == t)
    return {
        "precision": tp / max(1, sum(predicted)),
        "recall": tp / max(1, sum(truth)),
        "accuracy": sum(p == t for p, t in zip(predicted, truth, strict=True)) / max(1, len(rows)),
        "n": len(rows),
        "by_perturbation": {k: sum(v) / len(v) for k, v in sorted(by.items())},
    }
