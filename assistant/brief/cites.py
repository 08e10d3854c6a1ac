"""One numbered list of citations for a whole briefing: built from offsets, checked against the files.

Sections cite while they are built (a provisional number per distinct span); `finish` numbers the
citations in reading order, drops any whose quote no longer equals its file's text at its offsets (a file
edited since ingest), and drops the claims that lose every citation with it.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.citations import make_citation
from assistant.brief.model import Briefing, Claim
from assistant.schema import Citation, Passage


class CitationBook:
    def __init__(self) -> None:
        self._citations: list[Citation] = []
        self._paths: list[str] = []
        self._by_span: dict[tuple[str, int, int], int] = {}

    def cite(self, passage: Passage, start: int | None = None, end: int | None = None) -> int:
        """A provisional number for passage.text[start:end] (default: the whole passage)."""
        start = passage.start if start is None else start
        end = passage.end if end is None else end
        key = (passage.source, start, end)
        if key not in self._by_span:
            citation = make_citation(len(self._citations) + 1, passage, start, end)
            if getattr(citation, "url", None) is None and hasattr(citation, "url"):
                citation.url = getattr(passage, "url", None)
            self._add(key, citation, passage.path)
        return self._by_span[key]

    def adopt(self, citation: Citation, path: str) -> int:
        """A provisional number for a citation an Answer already made (the bottom line)."""
        key = (citation.source, citation.start, citation.end)
        if key not in self._by_span:
            self._add(key, replace(citation, n=len(self._citations) + 1), path)
        return self._by_span[key]

    def _add(self, key: tuple[str, int, int], citation: Citation, path: str) -> None:
        self._citations.append(citation)
        self._paths.append(path)
        self._by_span[key] = citation.n

    def finish(self, briefing: Briefing) -> None:
        """Number the citations in reading order, verified; claims left without a citation are removed."""
        from assistant.answer.verify import quote_is_verbatim

        valid = {
            c.n for c, path in zip(self._citations, self._paths, strict=True) if quote_is_verbatim(c, path)
        }
        for _, claim in briefing.claims():
            claim.citations = [n for n in claim.citations if n in valid]
        _prune(briefing)
        order: dict[int, int] = {}
        for _, claim in briefing.claims():
            for n in claim.citations:
                order.setdefault(n, len(order) + 1)
        citations = []
        for old, new in order.items():
            citations.append(replace(self._citations[old - 1], n=new))
        done: set[int] = (
            set()
        )  # a claim may stand in two sections (a disputed date: timeline and disagreements)
        for _, claim in briefing.claims():
            if id(claim) not in done:
                done.add(id(claim))
                claim.citations = [order[n] for n in claim.citations]
        briefing.citations = citations


def _prune(briefing: Briefing) -> None:
    def kept(claim: Claim) -> bool:
        return bool(claim.citations)

    for section in briefing.sections.values():
        section.claims = [c for c in section.claims if kept(c)]
        for event in section.events:
            event.accounts = [a for a in event.accounts if kept(a.claim)]
        section.events = [e for e in section.events if e.accounts]
        for item in section.items:
            item.sides = [s for s in item.sides if kept(s.claim)]
        section.items = [d for d in section.items if len(d.sides) >= 2]
