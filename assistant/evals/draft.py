"""`assistant eval draft --from DIR -n 20`: candidate eval cases for a person to review, drafted offline.

No LLM (ragas' test-set generation needs one; this does not): informative sentences are taken from the
articles (a full date, a figure, a name), the fact is cut out of the sentence and a wh-word put in its
place ("The blockage lasted six days." -> "The blockage lasted how many days?"), and the candidate is kept
only when the assistant itself (extractive by default, `--backend` for another) answers that question
from that sentence with the fact in the answer. Every draft carries its sentence as verbatim evidence and
the fact as its key fact; the questions are echo questions a reviewer should rephrase as a user would ask.
No rule knows any corpus: only English date, number and capitalisation patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputPathError
from assistant.text.dates import DATE_DMY, DATE_MDY, MONTH_RE
from assistant.text.numbers import WORD_RE as NUMBER_WORD_RE

Status = Callable[[str], None]

_PRONOUN_START = re.compile(
    r"^(?:he|she|it|they|this|these|that|those|his|her|its|their|we|i|you|but|and|or|so|however)\b", re.I
)
_MONTH_YEAR = re.compile(r"\b(?:(?:in|on|by|since|until)\s+)?" + MONTH_RE + r"\s+(\d{4})\b", re.I)
_NUMBER_WORDS = NUMBER_WORD_RE + "|hundreds|thousands|dozens"
_MONEY = re.compile(
    r"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|bn|m|mm|MM)\b)?|"
    r"\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion)?\s?(?:dollars|euros|pounds)\b)"
)
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)")
_COUNT = re.compile(
    r"\b(?:(?:about|around|some|nearly|almost|over|more than|at least)\s+)?"
    r"(?<![:\d.,])(\d[\d,]*(?:\.\d+)?|"
    + _NUMBER_WORDS
    + r")(?![:\d])\s+(?!(?:percent|per|of|to|and|or|in|on|at)\b)([a-z][a-z-]+)",
    re.I,
)
_YEAR_ONLY = re.compile(r"\b(?:in|since|by|until)\s+(1[6-9]\d\d|20\d\d)\b")
_PREPOSITION = re.compile(r"(?:\b(?:on|in|by|since|until|from)\s+)$", re.I)
_SPEAKER = re.compile(r",?\s+(?:said|says|told|wrote|explained|added|argued|noted|stated)\b")
_WHO_TITLES = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|President|Minister|Secretary|Captain|General|Prof)\b\.?\s*$")


@dataclass
class Proposal:
    kind: str  # date, numeric, factual
    question: str
    fact: str
    weight: float


def propose(sentence: str) -> Proposal | None:
    """The best echo question this sentence gives, or None when it holds no checkable fact."""
    from assistant.answer.citations import display_text

    text = display_text(sentence)  # the article's own [n] reference markers left out
    words = text.split()
    if (
        not 8 <= len(words) <= 40
        or not text[:1].isalnum()
        or _PRONOUN_START.match(text)
        or any(mark in text for mark in ("?", "@", "://", "www.", "#", "[", "…"))
    ):
        return None  # questions, quotes, social-media residue and sentences that lean on the previous one
    body = text.rstrip(".!;:")
    for pattern in (DATE_MDY, DATE_DMY, _MONTH_YEAR, _YEAR_ONLY):
        if m := pattern.search(body):
            return _replace(body, m.start(), m.end(), "when", "date", m.group(0), 3.0, strip_preposition=True)
    if m := _MONEY.search(body):
        return _replace(body, m.start(), m.end(), "how much", "numeric", m.group(0), 2.5)
    if m := _PERCENT.search(body):
        return _replace(body, m.start(), m.end(), "what percentage", "numeric", m.group(0), 2.5)
    for m in _COUNT.finditer(body):
        noun = m.group(2)
        if re.fullmatch(MONTH_RE, noun, re.I) or noun.lower() in {"years", "year"} and m.group(1).isdigit():
            continue
        number = m.group(1)
        if number.isdigit() and len(number) == 4 and 1500 < int(number) < 2100:
            continue  # a year, not a count
        return _replace(body, m.start(), m.start(2) - 1, "how many", "numeric", number, 2.0)
    return _name_question(body)


def _name_question(body: str) -> Proposal | None:
    from assistant.text.names import find_names

    first_word_end = len(body.split()[0]) if body.split() else 0
    for name in find_names(body):
        if len(name.parts) < 2 or len(name.text) < 6 or " and " in name.text:
            continue
        at = body.find(name.text)
        if at <= first_word_end:  # a sentence's subject makes a question that names nothing
            continue
        speaker = _SPEAKER.match(body[at + len(name.text) :])
        wh = "who" if speaker or _WHO_TITLES.search(body[:at]) else "what"
        return _replace(body, at, at + len(name.text), wh, "factual", name.text, 1.0)
    return None


def _replace(
    body: str, start: int, end: int, wh: str, kind: str, fact: str, weight: float, strip_preposition=False
) -> Proposal:
    head, tail = body[:start], body[end:]
    if strip_preposition:
        head = _PREPOSITION.sub("", head)
    if not head.strip():  # the fact opens the sentence: "On 2 May, X happened" -> "X happened when?"
        rest = tail.lstrip(" ,")
        question = f"{rest[:1].upper()}{rest[1:]} {wh}?" if kind == "date" else f"{wh.capitalize()} {rest}?"
    else:
        question = f"{head.rstrip()} {wh} {tail.lstrip()}".strip().rstrip(",") + "?"
    question = re.sub(r"\s+([,?])", r"\1", " ".join(question.split()))
    fact = re.sub(r"^(?:in|on|by|since|until|from)\s+", "", fact.strip(" ,"), flags=re.I)
    return Proposal(kind, question, fact, weight)


def draft_cases(
    settings, n: int, *, backend: str | None = None, status: Status | None = None
) -> list[dict[str, Any]]:
    """Up to n reviewed-by-the-machine candidates from settings.corpus_dir (indexed first, incrementally)."""
    from assistant.api import Assistant, ingest
    from assistant.evals.runner import fact_in
    from assistant.ingestion.chunk import sentence_units
    from assistant.ingestion.load import SkipFile, discover, load_document, read_furniture

    say = status or (lambda _msg: None)
    folder = Path(settings.corpus_dir)
    if not folder.is_dir():
        raise InputPathError(f"No such folder: {folder}")
    say(f"indexing {folder}")
    ingest([folder], settings)
    per_doc: list[list[tuple[float, Any, Proposal]]] = []
    furniture: dict[Path, frozenset[str]] = {}  # each folder's corpus.toml read once
    for file in discover([folder])[0]:
        if file.parent not in furniture:
            furniture[file.parent] = read_furniture(file.parent)
        try:
            doc = load_document(file, furniture[file.parent])
        except SkipFile:
            continue
        found = []
        for unit in sentence_units(doc):
            proposal = propose(unit.text)
            if proposal is not None and not fact_in(proposal.fact, doc.meta.title or ""):
                # earlier sentences of an article carry its news: a small preference for them
                found.append((proposal.weight - unit.paragraph / 100, unit, proposal))
        per_doc.append(sorted(found, key=lambda t: -t[0]))
    # Round robin over the articles, so twenty drafts are not twenty sentences of one article.
    queue = _interleave(per_doc)
    assistant = Assistant(settings)
    cases: list[dict[str, Any]] = []
    facts_used: set[str] = set()
    for tried, (_, unit, proposal) in enumerate(queue, 1):
        if len(cases) >= n or tried > 5 * n + 10:
            break
        if proposal.fact.lower() in facts_used:
            continue
        say(f"checking candidate {tried} ({len(cases)}/{n} kept)")
        answer, _ = assistant.ask_with_evidence(proposal.question, backend=backend)
        cited = any(
            c.source == unit.source and c.start < unit.end and unit.start < c.end for c in answer.citations
        )
        if answer.refused or not cited or not fact_in(proposal.fact, answer.answer):
            continue
        facts_used.add(proposal.fact.lower())
        cases.append(
            {
                "id": f"draft-{len(cases) + 1:02d}",
                "kind": proposal.kind,
                "question": proposal.question,
                "answerable": True,
                "evidence": [unit.text],
                "evidence_sources": [unit.source],
                "key_facts": [proposal.fact],
                "notes": f"drafted from {unit.source} ¶{unit.paragraph}: rephrase the question as a reader "
                "would ask it, check the key fact, then run 'assistant eval --check'",
            }
        )
    return cases


def _interleave(rows: list[list]) -> list:
    out = []
    for i in range(max((len(r) for r in rows), default=0)):
        out += [r[i] for r in rows if i < len(r)]
    return out
