"""The sources list: each cited article's metadata and the sections that cite it."""

from __future__ import annotations

from assistant.brief.model import SECTION_TITLES, Briefing, SourceEntry
from assistant.schema import SourceInfo


def source_entries(briefing: Briefing, infos: list[SourceInfo]) -> list[SourceEntry]:
    """One entry per cited source, in order of first citation."""
    by_n = {c.n: c for c in briefing.citations}
    sections: dict[str, list[str]] = {}
    for name, claim in briefing.claims():
        for n in claim.citations:
            titles = sections.setdefault(by_n[n].source, [])
            if SECTION_TITLES[name] not in titles:
                titles.append(SECTION_TITLES[name])
    meta = {i.source: i for i in infos}
    entries = []
    for source, cited_in in sections.items():
        info = meta.get(source)
        first = next(c for c in briefing.citations if c.source == source)
        entries.append(
            SourceEntry(
                source=source,
                title=info.title if info else first.title,
                author=(info.author if info else first.author) or None,
                publisher=(info.publisher if info else None) or None,
                date=(info.date if info else first.date) or None,
                url=(getattr(info, "url", None) or getattr(first, "url", None)) or None,
                sections=cited_in,
            )
        )
    return entries
