"""A briefing as plain data: sections of claims, each claim citing quotes by number.

Citations share the Answer's `Citation` shape (quote == file text[start:end]) and are numbered once for the
whole briefing, in reading order. Every section records how it was made (`method`), so a briefing written
with an LLM backend can say which parts are generated prose (verified) and which are quoted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.schema import Citation

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "key_points": "Key points",
    "timeline": "Timeline",
    "disagreements": "Where the sources disagree",
    "gaps": "What the sources do not say",
    "sources": "Sources",
}


@dataclass
class Claim:
    """One line of the briefing that states something: its text and the citations (numbers) behind it."""

    text: str
    citations: list[int]
    source: str = ""  # the article the text is quoted from (extractive claims)


@dataclass
class Account:
    """One source's dated account of an event."""

    date: str  # as shown: "5 September 2022", "≈ 10 February 2023", "5 September [2022]"
    iso: str  # "2022-09-05", "2022-09", "????-09-05"
    approximate: bool
    inferred: bool
    note: str | None
    claim: Claim


@dataclass
class TimelineEvent:
    date: str  # the event's date as shown; "5 or 6 September 2022" when the accounts disagree
    sort_date: str
    disputed: bool
    accounts: list[Account]


@dataclass
class Side:
    value: str  # what this side says: "5 September 2022", "6", "attacked"
    claim: Claim


@dataclass
class Disagreement:
    kind: str  # date, figure, claim
    about: str
    sides: list[Side]
    note: str | None = None  # e.g. the articles were written on different days: a figure may have moved


@dataclass
class Gap:
    question: str
    reason: str


@dataclass
class SourceEntry:
    source: str
    title: str
    author: str | None
    publisher: str | None
    date: str | None
    url: str | None
    sections: list[str]


@dataclass
class Section:
    method: str  # "extractive" (quoted sentences chosen and grouped), or an LLM backend's name
    how: str  # one line on how the section was made
    claims: list[Claim] = field(default_factory=list)  # bottom_line, key_points
    events: list[TimelineEvent] = field(default_factory=list)  # timeline
    items: list[Disagreement] = field(default_factory=list)  # disagreements
    gaps: list[Gap] = field(default_factory=list)  # gaps
    checked: list[str] = field(default_factory=list)  # gaps: every question asked


@dataclass
class Briefing:
    topic: str
    backend: str
    generated: str  # ISO date the briefing was made
    sections: dict[str, Section]
    sources: list[SourceEntry]
    citations: list[Citation]
    timings_ms: dict[str, float] = field(default_factory=dict)

    def claims(self) -> list[tuple[str, Claim]]:
        """Every claim with the section it is in, in reading order."""
        out: list[tuple[str, Claim]] = []
        for name, section in self.sections.items():
            out += [(name, c) for c in section.claims]
            out += [(name, a.claim) for e in section.events for a in e.accounts]
            out += [(name, s.claim) for d in section.items for s in d.sides]
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sections"] = {
            name: {k: v for k, v in section.items() if v or k in {"method", "how"}}
            for name, section in data["sections"].items()
        }
        return data
