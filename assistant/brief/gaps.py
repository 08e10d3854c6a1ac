"""What the sources do not say: the questions a reader asks of any news topic, put through the same ask
as `assistant ask`, each with the topic carried the way a follow-up carries it.

A question is open when the ask refuses it, or when the sentences it cites do not hold the kind of fact
asked for (a "how many were killed?" answered with sentences that give no death toll). An absence needs no
citation: it is stated as what the articles leave open, never as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.brief.model import Gap
from assistant.brief.when import find_mentions
from assistant.schema import Answer

_FIGURE = r"(?:\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|scores)\b)"


def _near(figure: str, words: str, gap: int = 60) -> re.Pattern[str]:
    return re.compile(rf"{figure}.{{0,{gap}}}(?:{words})|(?:{words}).{{0,{gap}}}{figure}", re.I)


_CHECKS: dict[str, Callable[[str], bool]] = {
    "agent": re.compile(
        r"\bclaim\w* responsibility|\bresponsib\w*|carried out by|\bbehind the\b|\bblam\w*|\battribut\w*|"
        r"\baccus\w*|\bperpetrat\w*|\bat fault\b|\bliab\w*",
        re.I,
    ).search,
    "date": lambda text: bool(find_mentions(text)),
    "dead": _near(
        _FIGURE, r"\bkill\w*|\bdead\b|\bdeaths?\b|\bdied\b|lost their lives|fatalit\w+|death toll"
    ).search,
    "injured": _near(_FIGURE, r"\bwound\w*|\binjur\w*|\bhurt\b|casualt\w+").search,
    "cause": re.compile(
        r"\b(?:because|due to|owing to|in order to|so as to|aim(?:s|ed)? (?:to|at)|sought to|intend\w*|"
        r"purpose|motiv\w*|reasons?|caused?|led to|in response to|in retaliation|to (?:show|send|punish|"
        r"signal|undermine|force))\b",
        re.I,
    ).search,
    "cost": re.compile(
        r"[$£€]\s?\d|\b\d[\d,.]*\s*(?:million|billion|dollars|euros|pounds)\b|\bdamage[sd]?\b|\bdestroy\w*",
        re.I,
    ).search,
    "arrest": re.compile(
        r"\barrest\w*|\bdetain\w*|\bcharged\b|\bcustody\b|\bconvict\w*|\bprosecut\w*", re.I
    ).search,
    "after": re.compile(
        r"\b(?:afterwards?|aftermath|following the|since then|in response|responded|retaliat\w*|condemn\w*|"
        r"investigations?|investigators?|later|subsequent\w*)\b",
        re.I,
    ).search,
}


@dataclass(frozen=True)
class ReaderQuestion:
    shown: str  # as the reader sees it
    asked: str  # as the ask gets it (before the topic is added)
    needs: str  # key of _CHECKS: what a cited sentence must hold to answer it
    missing: str  # what is absent, in words ("give no death toll"), when it does not


READER_QUESTIONS: tuple[ReaderQuestion, ...] = (
    ReaderQuestion("Who was responsible?", "Who was responsible?", "agent", "name no one as responsible"),
    ReaderQuestion("When did it happen?", "When did it happen?", "date", "give no date"),
    ReaderQuestion("How many people were killed?", "How many people were killed?", "dead", "give no death toll"),
    ReaderQuestion(
        "How many people were injured?", "How many people were injured?", "injured", "give no figure for the injured"
    ),
    ReaderQuestion("Why did it happen?", "Why did it happen?", "cause", "give no reason or motive"),
    ReaderQuestion(
        "What did it cost, or what damage was done?", "How much did it cost?", "cost", "give no cost or damage figure"
    ),
    ReaderQuestion(
        "Was anyone arrested or charged?", "Was anyone arrested or charged?", "arrest", "mention no arrest or charge"
    ),
    ReaderQuestion("What happened next?", "What happened afterwards?", "after", "do not say what happened afterwards"),
)  # fmt: skip

Ask = Callable[[str], Answer]


def with_topic(question: str, topic: str) -> str:
    """The question carrying the briefing's topic, in the form follow-ups use: 'question (topic)'."""
    return f"{question} ({' '.join(topic.split()).rstrip('?.!')})"


def answers(question: ReaderQuestion, text: str) -> bool:
    """Whether a sentence holds the kind of fact the question asks for."""
    return bool(_CHECKS[question.needs](text))


def open_reason(question: ReaderQuestion, answer: Answer) -> str | None:
    """Why the answer leaves the question open, or None when it answers it."""
    if answer.refused:
        return answer.answer.replace(" The closest passages are listed below.", "").strip()
    if any(answers(question, c.quote) for c in answer.citations):
        return None
    return f"The passages closest to this question {question.missing}."


def find_gaps(topic: str, ask: Ask, passages: list[str] = ()) -> tuple[list[Gap], list[str]]:
    """(the questions the sources leave open, every question asked). `passages`: the statements retrieved
    for the topic; one that holds the fact asked for keeps the question off the list even when the ask
    missed it (an absence is claimed only when neither finds it)."""
    gaps: list[Gap] = []
    for question in READER_QUESTIONS:
        if any(answers(question, text) for text in passages):
            continue  # the retrieved statements already hold this kind of fact: no need to ask
        reason = open_reason(question, ask(with_topic(question.asked, topic)))
        if reason:
            gaps.append(Gap(question.shown, reason))
    return gaps, [q.shown for q in READER_QUESTIONS]
