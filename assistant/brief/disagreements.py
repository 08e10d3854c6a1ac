"""Where the sources disagree: dates (from the timeline's events), figures, and claims, both sides cited.

- Figures: two sources give different values of the same kind of quantity (people, ships, percent,
  money…) in statements about the same thing (distinctive words in common). When the articles carry
  different dates, the note says so: the figure may have moved between them rather than be disputed.
- Claims: one source says a thing was only threatened, planned or possible ("threatened to attack X")
  where another says it happened ("the attacks on … X"), about the same name.
Nothing here knows a topic: the cues are English grammar, the names come from the sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.citations import display_text
from assistant.answer.support import extract_numbers
from assistant.brief.cites import CitationBook
from assistant.brief.evidence import Evidence
from assistant.brief.model import Claim, Disagreement, Side
from assistant.brief.when import find_mentions
from assistant.schema import Passage
from assistant.text.lexical import content_terms, stem
from assistant.text.numbers import WORD_RE as NUMBER_WORD_RE

_NUMBER_WORDS = NUMBER_WORD_RE
_FIGURE = re.compile(
    rf"(?P<cur>[$£€])?(?P<num>\d[\d,]*(?:\.\d+)?|\b(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))*\b)"
    r"(?:\s*(?P<scale>million|billion|thousand|trillion|bn|mm|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per cent\b))?"
    r"(?:\s+(?P<unit>[A-Za-z][A-Za-z’'-]*))?",
    re.I,
)
_HEDGE = re.compile(
    r"(?:nearly|almost|about|around|roughly|approximately|some|over|more than|less than|fewer than|at least|"
    r"up to|as (?:much|many) as|an estimated|estimated|~)\s*\W?$",
    re.I,
)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "billion": 1e9, "bn": 1e9,
           "trillion": 1e12}  # fmt: skip
_PART = re.compile(r"\b(?:includ\w*|of which|among them)\b[^.;:]{0,50}$", re.I)
_FRAME_WORDS = 6  # words each side of a figure that say what it counts

_NOT_UNITS = frozenset(
    ["of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is",
     "was", "were", "are", "be", "been", "that", "which", "who", "than", "per", "dollars", "dollar"]
)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "percent", "money", or the stem of the counted noun
    shown: str  # as written
    hedged: bool
    frame: frozenset[str] = frozenset()  # content words around it: what the figure is a figure of


def figures(sentence: str) -> list[Figure]:
    """Quantities a sentence states, with what they count; dates and reference markers are not figures."""
    text = display_text(sentence)
    for mention in find_mentions(text):
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    out = []
    for m in _FIGURE.finditer(text):
        values = extract_numbers(m.group("num"))
        if len(values) != 1 or m.group("num").lower() == "one":
            continue
        raw = next(iter(values))
        if raw.startswith("x"):
            continue
        value = float(raw) * _SCALES.get((m.group("scale") or "").lower(), 1.0)
        unit_word = (m.group("unit") or "").lower()
        if m.group("pct"):
            unit = "percent"
        elif m.group("cur") or unit_word in {"dollars", "dollar", "euros", "pounds"}:
            unit = "money"
        elif unit_word and unit_word not in _NOT_UNITS:
            unit = stem([unit_word.rstrip("’'s")])[0]
        else:
            continue
        if _PART.search(text[max(0, m.start() - 60) : m.start()]):
            continue  # "the claim includes $300m for salvage": a part of a total, not a rival total
        hedged = bool(_HEDGE.search(text[max(0, m.start() - 16) : m.start()]))
        before = " ".join(text[: m.start()].split()[-_FRAME_WORDS:])
        after = " ".join(text[m.end() :].split()[:_FRAME_WORDS])
        if unit in {"percent", "money"} and m.group("unit"):
            after = f"{m.group('unit')} {after}"  # "$916 million compensation": the word says what of
        frame = frozenset(t for t in content_terms(f"{before} {after}") if not t.isdigit())
        shown = m.group(0)
        if unit in {"percent", "money"}:  # "12%", "$916 million": without the word that follows
            last = next(m.end(g) for g in ("pct", "scale", "num") if m.group(g))
            shown = text[m.start() : last]
        out.append(Figure(value, unit, shown.strip(), hedged, frame))
    return out


def _compatible(a: Figure, b: Figure) -> bool:
    if a.value == b.value:
        return True
    if a.hedged or b.hedged:
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    return False


def _shared(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """Words in both frames; a stem that begins the other counts ("world" / "worldwid")."""
    out = set(a & b)
    for x in a - b:
        if len(x) >= 4 and any(y.startswith(x) or x.startswith(y) for y in b if len(y) >= 4):
            out.add(x)
    return out


def figure_disagreements(
    evidence: Evidence, book: CitationBook, *, min_score: float, min_shared: float
) -> list[Disagreement]:
    common = frozenset(content_terms(" ".join(evidence.context.common_names)))
    pool = evidence.relevant(min_score)
    found: list[Disagreement] = []
    seen: set[tuple[str, str]] = set()

    def same_thing(fa: Figure, fb: Figure) -> bool:
        shared = _shared(fa.frame - common, fb.frame - common)
        return len(shared) >= 2 and sum(evidence.context.idf(t) for t in shared) >= min_shared

    found_in = {id(s): figures(s.text) for s in pool}
    pool = [s for s in pool if found_in[id(s)]]
    for i, a in enumerate(pool):
        figs_a = found_in[id(a)]
        for b in pool[i + 1 :]:
            if b.doc_id == a.doc_id:
                continue
            figs_b = found_in[id(b)]
            for fa in figs_a:
                alike = [fb for fb in figs_b if fb.unit == fa.unit and same_thing(fa, fb)]
                rival = next((fb for fb in alike if not _compatible(fa, fb)), None)
                agree = any(_compatible(fa, fb) for fb in alike)
                key = tuple(sorted((f"{a.source}:{a.start}", f"{b.source}:{b.start}")))
                if rival is None or agree or key in seen:
                    continue
                seen.add(key)
                note = None
                if a.date and b.date and a.date != b.date:
                    note = (f"the articles are dated {min(a.date, b.date)} and {max(a.date, b.date)}: "
                            "the figure may have changed in between, or the two measure different things")  # fmt: skip
                what = "percentage" if fa.unit == "percent" else ("amount" if fa.unit == "money" else fa.unit)
                sides = [
                    Side(fa.shown, Claim(display_text(a.text), [book.cite(a)], a.source)),
                    Side(rival.shown, Claim(display_text(b.text), [book.cite(b)], b.source)),
                ]
                found.append(Disagreement("figure", f"a figure ({what})", sides, note))
                break
    return found


# "threatened to attack X", "plans to target X", "could strike X": said of X, not done to X.
_POTENTIAL = re.compile(
    r"\b(?:threaten(?:s|ed|ing)?|plan(?:s|ned|ning)?|vow(?:s|ed)?|intend(?:s|ed)?|pledg(?:es|ed)|"
    r"promis(?:es|ed)|warn(?:s|ed)? (?:it|they) would)\s+to\s+(?P<verb>[a-z]+)",
    re.I,
)
# A verb in the past tense or a perfect ("has already targeted") between a threat and a name takes the name.
_DONE_VERB = re.compile(r"\b(?:has|have|had|was|were)?\s*(?:already\s+)?[a-z]{3,}ed\b(?!\s+(?:to|by)\b)")
_NAME = re.compile(r"(?<![\w’'])[A-Z][a-z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")


def _cue_before(text: str, at: int, window: int = 160) -> tuple[str, str] | None:
    """The nearest action word before `at`: ('potential', stem) under a threat/plan/modal, else ('done',
    stem) for the same verb family written as done (past tense or noun)."""
    start = max(0, at - window)
    best: tuple[int, str, str] | None = None
    for m in _POTENTIAL.finditer(text, start, at):
        verb = m.group("verb").lower()
        if verb:
            best = (m.end(), "potential", stem([verb])[0])
    if best is None:
        return None
    if _DONE_VERB.search(text, best[0], at):
        return ("done", best[2])  # "threatened to attack A, and has already targeted B": B was targeted
    return (best[1], best[2])


def _done(text: str, verb: str, at: int, window: int = 160) -> bool:
    """Whether the verb family appears before `at` as something that happened ("attacked", "the attacks on")."""
    segment = text[max(0, at - window) : at]
    for m in re.finditer(r"[A-Za-z]+", segment):
        word = m.group(0).lower()
        if stem([word])[0] != verb:
            continue
        if word == verb and not re.search(r"\b(?:the|an?|this|that)\s+$", segment[: m.start()], re.I):
            continue  # "to attack" is the plan; "the attack on" is the event
        before = segment[max(0, m.start() - 40) : m.start()]
        if not _POTENTIAL.search(before + " x"):
            return True
    return False


def claim_disagreements(evidence: Evidence, book: CitationBook, *, min_score: float) -> list[Disagreement]:
    common = {n.lower() for n in evidence.context.common_names}
    pool = evidence.relevant(min_score)
    threatened: list[tuple[str, str, Passage]] = []  # (name, verb stem, sentence)
    for sentence in pool:
        text = display_text(sentence.text)
        for m in _NAME.finditer(text):
            name = m.group(0)
            if set(name.lower().split()) <= common or m.start() == 0:
                continue
            cue = _cue_before(text, m.start())
            if cue and cue[0] == "potential":
                threatened.append((name, cue[1], sentence))
    found: list[Disagreement] = []
    used: set[str] = set()
    for name, verb, a in threatened:
        if name in used:
            continue
        for b in pool:
            if b.doc_id == a.doc_id:
                continue
            text = display_text(b.text)
            at = text.find(name)
            if at <= 0 or (cue := _cue_before(text, at)) and cue[0] == "potential" and cue[1] == verb:
                continue
            if _done(text, verb, at):
                used.add(name)
                sides = [
                    Side("threatened or planned", Claim(display_text(a.text), [book.cite(a)], a.source)),
                    Side("carried out", Claim(text, [book.cite(b)], b.source)),
                ]
                found.append(
                    Disagreement("claim", f"{name}: carried out, or only threatened or planned?", sides)
                )
                break
    return found
