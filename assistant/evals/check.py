"""`assistant eval --check FILE`: is a case file usable against the indexed corpus, before any model runs?

Every line must be a case (see the case format in the README), every document its evidence cites must be
in the collection, and every evidence quote must be in that document verbatim, as the file reads now.
Each problem is one line, `file:line: problem`, so an editor or CI annotation can jump to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals.suites import EvalDataError

KINDS = (
    "factual", "why", "numeric", "date", "multi_doc", "comparison", "conflict", "unanswerable",
    "false_premise", "injection", "follow_up",
)  # fmt: skip


@dataclass
class CheckResult:
    path: Path
    collection: str
    cases: int = 0
    documents: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_set(path: Path, assistant) -> CheckResult:
    """All the problems of one case file against the assistant's collection (opened without the models)."""
    from assistant.answer.verify import source_text

    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalDataError(f"No such eval set: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"{path}: unreadable ({exc})") from None
    states = {s.source: s for s in assistant.store.doc_states().values()}
    result = CheckResult(path, assistant.settings.collection)
    texts: dict[str, str | None] = {}
    seen_ids: dict[str, int] = {}
    cited: set[str] = set()

    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(case, dict):
            result.problems.append(f"{where}: not a JSON object")
            continue
        result.cases += 1
        for problem in case_problems(case):
            result.problems.append(f"{where}: {problem}")
        case_id = case.get("id")
        if isinstance(case_id, str) and case_id:
            if case_id in seen_ids:
                result.problems.append(f"{where}: id {case_id!r} already used on line {seen_ids[case_id]}")
            seen_ids.setdefault(case_id, number)
        evidence = case.get("evidence") or []
        sources = case.get("evidence_sources") or []
        if not (isinstance(evidence, list) and isinstance(sources, list)):
            continue
        for i, (quote, source) in enumerate(zip(evidence, sources, strict=False), 1):
            if not isinstance(quote, str) or not isinstance(source, str):
                continue
            cited.add(source)
            if source not in states:
                result.problems.append(
                    f"{where}: evidence {i} cites {source!r}, which is not in collection "
                    f"'{result.collection}'"
                )
                continue
            if source not in texts:
                texts[source] = source_text(states[source].path)
            text = texts[source]
            if text is None:
                result.problems.append(
                    f"{where}: evidence {i}: the file of {source!r} ({states[source].path}) is gone or unreadable"
                )
            elif quote not in text:
                result.problems.append(
                    f"{where}: evidence {i} is not verbatim in {source}: {divergence(quote, text)}"
                )
    result.documents = len(cited)
    return result


def case_problems(case: dict[str, Any]) -> list[str]:
    """What is wrong with one case's fields, independent of any corpus."""
    problems = []
    if not isinstance(case.get("id"), str) or not case["id"].strip():
        problems.append("missing 'id'")
    question, turns = case.get("question"), case.get("turns")
    has_question = isinstance(question, str) and question.strip()
    has_turns = isinstance(turns, list) and turns and all(isinstance(t, str) and t.strip() for t in turns)
    if not has_question and not has_turns:
        problems.append("needs 'question' (a string) or 'turns' (a list of strings)")
    answerable = case.get("answerable", True)
    if not isinstance(answerable, bool):
        problems.append(f"'answerable' must be true or false, not {answerable!r}")
    kind = case.get("kind")
    if kind is not None and kind not in KINDS:
        problems.append(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    for key in ("evidence", "evidence_sources", "key_facts", "forbidden"):
        value = case.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"'{key}' must be a list of non-empty strings")
    evidence, sources = case.get("evidence") or [], case.get("evidence_sources") or []
    if isinstance(evidence, list) and isinstance(sources, list) and len(evidence) != len(sources):
        problems.append(
            f"'evidence_sources' must name one document per evidence quote ({len(sources)} for {len(evidence)})"
        )
    if answerable is True and not case.get("key_facts") and not case.get("evidence"):
        problems.append("an answerable case needs 'key_facts' or 'evidence' to be scored")
    if answerable is False and case.get("key_facts"):
        problems.append("an unanswerable case has no 'key_facts'")
    return problems


def divergence(quote: str, text: str) -> str:
    """Where a quote stops matching the file: its longest prefix found there, and what follows instead."""
    lo, hi = 0, len(quote)
    while lo < hi:  # the longest prefix of the quote that occurs in the text (binary search: prefixes nest)
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:
        return f"not found at all (starts “{quote[:40]}”)"
    at = text.find(quote[:lo]) + lo
    return (
        f"matches up to “…{quote[max(0, lo - 30) : lo]}”, then the quote has “{quote[lo : lo + 20]}” "
        f"where the file has “{text[at : at + 20]}”"
    )
