"""Key points: the most relevant distinct statements of the wider retrieval, each quoted and cited.

Distinct means no two say the same thing: a candidate whose content words mostly repeat a chosen point's
(or the bottom line's) is skipped. At most two points come from one article while other articles still
have something relevant to add.
"""

from __future__ import annotations

from assistant.answer.citations import display_text
from assistant.brief.cites import CitationBook
from assistant.brief.evidence import Evidence, is_statement
from assistant.brief.model import Claim
from assistant.schema import Passage
from assistant.text.lexical import content_terms

REDUNDANT = 0.6  # share of the shorter sentence's content words found in the other


def redundant(a: str, b: str) -> bool:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) > REDUNDANT


def choose_points(
    evidence: Evidence,
    said: list[str],
    exclude: set[tuple[str, int]],
    *,
    min_score: float,
    fallback_score: float,
    min_points: int = 3,
    max_points: int = 7,
    per_source: int = 2,
) -> list[Passage]:
    """Best distinct statements first; below min_score only as far as needed to reach min_points."""
    candidates = [
        s
        for s in evidence.sentences
        if is_statement(s.text) and (s.source, s.start) not in exclude and s.score >= fallback_score
    ]
    chosen: list[Passage] = []
    texts = list(said)
    for floor, capped in ((min_score, True), (min_score, False), (fallback_score, False)):
        for sentence in candidates:
            if len(chosen) >= max_points or (floor == fallback_score and len(chosen) >= min_points):
                break
            if sentence.score < floor or sentence in chosen:
                continue
            if capped and sum(c.doc_id == sentence.doc_id for c in chosen) >= per_source:
                continue
            if any(redundant(sentence.text, t) for t in texts):
                continue
            chosen.append(sentence)
            texts.append(sentence.text)
    return chosen


def key_point_claims(points: list[Passage], book: CitationBook) -> list[Claim]:
    return [Claim(display_text(p.text), [book.cite(p)], p.source) for p in points]
