"""Timeline: dated events from the retrieved passages, one entry per event, in date order, each cited.

Sentences that date something are grouped into events when they tell of the same thing (same month,
close days, and enough distinctive words in common). Within an event, a yearless account ("on 5 September")
takes the year the other accounts give; accounts that give different exact dates make the event disputed,
which the disagreements section reports too.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.citations import display_text
from assistant.brief.cites import CitationBook
from assistant.brief.evidence import Evidence
from assistant.brief.model import Account, Claim, Disagreement, Side, TimelineEvent
from assistant.brief.when import When, find_mentions, resolve, with_year
from assistant.schema import Passage
from assistant.text.dates import MONTHS, WEEKDAYS
from assistant.text.lexical import content_terms

_DATE_WORDS = frozenset(content_terms(" ".join([*MONTHS, *WEEKDAYS, "day", "week", "month", "year", "ago"])))
MAX_DAYS_APART = 7  # two dates further apart than this are two events, not one event dated twice


@dataclass
class Dated:
    sentence: Passage
    when: When
    terms: frozenset[str]


def dated_sentences(evidence: Evidence, min_score: float) -> list[Dated]:
    """Relevant statements that date something, with the first date each gives placed on the calendar."""
    out = []
    common = set(content_terms(" ".join(evidence.context.common_names)))
    for sentence in evidence.relevant(min_score):
        for mention in find_mentions(sentence.text):
            when = resolve(mention, evidence.article_date(sentence), sentence.text)
            if when is not None:
                terms = frozenset(
                    t for t in content_terms(sentence.text) if not t.isdigit() and t not in _DATE_WORDS
                )
                out.append(Dated(sentence, when, terms - common))
                break
    return out


def same_event(a: Dated, b: Dated, idf) -> bool:
    wa, wb = a.when, b.when
    if wa.month is None or wb.month is None or wa.month != wb.month:
        return False
    if wa.year is not None and wb.year is not None and wa.year != wb.year:
        return False
    if wa.day is not None and wb.day is not None:
        # Sources may disagree on an exact date by a few days; a relative date ("on Monday") is either
        # the same day or another event.
        apart = MAX_DAYS_APART if not (wa.approximate or wb.approximate) else 0
        if abs(wa.day - wb.day) > apart:
            return False
    shared = a.terms & b.terms
    # Two mentions of a whole month ("in August 2021") need more in common than two exact days.
    needed = 3 if wa.day is not None or wb.day is not None else 4
    return len(shared) >= needed and sum(idf(t) for t in shared) >= 2.0 * needed


def group_events(dated: list[Dated], idf) -> list[list[Dated]]:
    """Single-link grouping, best-scored sentence first in each group."""
    groups: list[list[Dated]] = []
    for item in sorted(dated, key=lambda d: -d.sentence.score):
        home = next((g for g in groups if any(same_event(item, other, idf) for other in g)), None)
        if home is None:
            groups.append([item])
        elif not any(o.sentence.doc_id == item.sentence.doc_id and o.sentence.start == item.sentence.start
                     for o in home):  # fmt: skip
            home.append(item)
    return groups


def _complete_years(group: list[Dated]) -> None:
    years = sorted({d.when.year for d in group if d.when.year is not None and not d.when.inferred})
    years = years or sorted({d.when.year for d in group if d.when.year is not None})
    if len(years) != 1:
        return
    for item in group:
        if item.when.year is None or (item.when.inferred and item.when.year != years[0]):
            item.when = with_year(item.when, years[0], "year from the other sources' accounts of this event")


def _exact(item: Dated) -> bool:
    return item.when.precision == "day" and not item.when.approximate


def _disputed_dates(group: list[Dated]) -> list[str]:
    """The different exact dates that different sources give for the event, in date order."""
    exact = [d for d in group if _exact(d)]
    values = {(d.when.month, d.when.day) for d in exact}
    if len(values) < 2 or len({d.sentence.doc_id for d in exact}) < 2:
        return []
    ordered = sorted(exact, key=lambda d: d.when.sort)
    return list(dict.fromkeys(_plain_label(d.when) for d in ordered))


def _plain_label(when: When) -> str:
    return when.label.replace("[", "").replace("]", "")


def _event_label(group: list[Dated], disputed: list[str]) -> tuple[str, tuple[int, int, int]]:
    if disputed:
        days = [label.split(" ", 1) for label in disputed]
        if all(len(p) == 2 and p[1] == days[0][1] for p in days):
            label = " or ".join(p[0] for p in days) + " " + days[0][1]
        else:
            label = " or ".join(disputed)
        return label, min(d.when.sort for d in group if _exact(d))
    best = min(group, key=lambda d: (d.when.approximate, d.when.inferred, _rank(d.when.precision)))
    return best.when.label, best.when.sort


def _rank(precision: str) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(precision, 3)


def about(group: list[Dated]) -> str:
    """What the event is, in the first account's own words: those it shares with the other accounts."""
    shared = frozenset.intersection(*(d.terms for d in group)) if len(group) > 1 else group[0].terms
    first = group[0].sentence.text
    picked: list[str] = []
    for word in display_text(first).replace("’", "'").split():
        clean = word.strip(".,;:()“”\"'")
        terms = content_terms(clean)
        if terms and terms[0] in shared and clean.lower() not in {p.lower() for p in picked}:
            picked.append(clean)
    return ", ".join(picked[:6])


def build_timeline(
    evidence: Evidence, book: CitationBook, *, min_score: float, max_events: int, max_accounts: int = 3
) -> tuple[list[TimelineEvent], list[Disagreement]]:
    groups = group_events(dated_sentences(evidence, min_score), evidence.context.idf)
    groups.sort(key=lambda g: -max(d.sentence.score for d in g))
    events: list[tuple[tuple[int, int, int], TimelineEvent]] = []
    disagreements: list[Disagreement] = []
    for group in groups[:max_events]:
        _complete_years(group)
        disputed = _disputed_dates(group)
        label, sort = _event_label(group, disputed)
        accounts = []
        shown = group if disputed else group[:max_accounts]
        for item in sorted(shown, key=lambda d: (d.when.sort, d.sentence.source)):
            claim = Claim(display_text(item.sentence.text), [book.cite(item.sentence)], item.sentence.source)
            accounts.append(
                Account(
                    item.when.label,
                    item.when.iso,
                    item.when.approximate,
                    item.when.inferred,
                    item.when.note,
                    claim,
                )  # fmt: skip
            )
        undated = sort[0] == 0
        event = TimelineEvent(
            label if not undated else f"{label} (year not stated)",
            "-".join(f"{p:02d}" for p in sort) if not undated else "",
            bool(disputed),
            accounts,
        )
        events.append(((9999, *sort[1:]) if undated else sort, event))
        if disputed:
            sides = [
                Side(a.date.replace("[", "").replace("]", ""), a.claim) for a in accounts if _is_exact(a)
            ]
            disagreements.append(
                Disagreement(
                    "date",
                    f"the date of the event ({about(group)})",
                    sides,
                    "the accounts give different days for the same event",
                )  # fmt: skip
            )
    events.sort(key=lambda pair: pair[0])
    return [e for _, e in events], disagreements


def _is_exact(account: Account) -> bool:
    return not account.approximate and account.iso.count("-") == 2
