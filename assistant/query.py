"""A question made ready once: validated, stripped of planted instructions, and a follow-up's carried topic
kept beside it rather than packed into its text.

Retrieval reads the question with its topic (dense and keyword search recall more with the previous turn's
words); the cross-encoder reads it with only the first few topic terms; the answer's constraints come from
the question's own words alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import InvalidQuestionError

_INSTRUCTION = re.compile(
    r"(?:^|(?<=[.;:!?]))\s*(?:system notice:?[^.?!]*[.!]|(?:please\s+)?(?:ignore|disregard|forget)\b[^.?!:]*[.:!]?|"
    r"(?:also\s+|just\s+|then\s+)?(?:say|state|answer|reply|respond|write|claim|append|add|include|insert|mention|"
    r"output|print|begin|start|end|sign)\s+(?:that\s+|only\s+|with\s+)?[^.?!]*[.!]|"
    r"(?:you are now|from now on|act as|pretend)\b[^.?!;]*[.!;]?|"
    r"\(?\s*note to (?:the )?(?:assistant|model|ai)\b[^)]*\)?[.!]?|"
    r"(?:important\s*:\s*)?(?:the\s+)?(?:correct|real|right|true|actual)\s+answer\s+is\b[^.?!]*[.!]?|"
    r"(?:confirm|repeat|agree with)\s+(?:this|that|it)\b[^.?!]*[.!]?|your sources are [^.?!]*[.!])",
    re.I,
)
# The cross-encoder reads the question once per candidate sentence: each carried term costs ~16 tokens of
# work and pulls its scores towards the previous answer's side topics. Five terms gave the eval's best MRR
# (0.916 vs 0.905 with all ten) and take ~40 ms off a warm follow-up.
RERANK_TOPIC_TERMS = 5


# Words that stand in for what an earlier question named.
_STAND_INS = frozenset(
    {"it", "that", "this", "they", "them", "he", "she", "him", "her", "there", "those", "these"}
)


@dataclass(frozen=True)
class Query:
    """asked: the question as put (a follow-up as typed, or as an LLM rewrote it), validated.
    text: `asked` without planted instructions ("ignore your sources…"): what retrieval and analysis read.
    topic: terms carried from the previous turn of a chat; they steer retrieval, they are not constraints."""

    asked: str
    text: str
    topic: tuple[str, ...] = ()
    had_instruction: bool = False

    @classmethod
    def of(cls, question: str, topic: Sequence[str] = ()) -> Query:
        """A question already validated (or typed in code): instructions stripped, whitespace collapsed."""
        asked = " ".join(question.split())
        text, injected = strip_instructions(asked)
        return cls(asked, text, tuple(topic), injected)

    @classmethod
    def parse(cls, question: str, max_chars: int, topic: Sequence[str] = ()) -> Query:
        """A question from a user: InvalidQuestionError (one line, exit 2) when it cannot be answered."""
        return cls.of(validate_question(question, max_chars), topic)

    @property
    def names_nothing(self) -> bool:
        """ "When did that happen?", "Who did it?" asked with no topic carried: a pronoun and no word of what
        it stands for, which no passage can answer but by a guess."""
        from assistant.text.lexical import content_terms

        words = set(re.findall(r"[a-z]+", self.text.lower()))
        return (
            not self.topic
            and bool(words & _STAND_INS)
            and set(content_terms(self.text)) <= {"happen", "occur", "mean", "go", "do", "say"}
        )

    @property
    def standalone(self) -> str:
        """How the question was understood, for display: "When did it happen? (Acme, merger)"."""
        return with_topic(self.asked, self.topic)

    @property
    def search_text(self) -> str:
        """What dense and keyword retrieval read: the question and every carried term."""
        return with_topic(self.text, self.topic)

    def rerank_text(self, max_terms: int = RERANK_TOPIC_TERMS) -> str:
        """What the cross-encoder reads: the question without what it sets aside, and only the first carried
        terms."""
        return with_topic(without_set_aside(self.text), self.topic[:max_terms])

    def parts(self) -> list[str]:
        """A compound question's parts, each ranked on its own ([] for one question); never the topic."""
        return question_parts(self.text)


# "Besides its tax concerns, why…", "…, other than the fee?": a clause naming what the answer is not; and
# one it is set beside ("Unlike Apple, …", "…the way Apple did on macOS?"), which is no more what is asked.
_SET_ASIDE = re.compile(
    r"^\W*(?:besides|apart from|aside from|other than|except for|unlike)\b[^,;?]*,\s*|"
    r",\s*(?:besides|apart from|aside from|other than|except for|unlike)\b[^,;?]*(?=\?|$)|"
    r"\s+(?:the way|the same way|in the way|just as|much as)\s+(?-i:(?:the\s+)?[A-Z])[^,;?]*?"
    r"\b(?:did|does|do|has|had|have)\b[^,;?]*(?=\?|$)|"
    # "Which banks outside the US…": the name the question excludes, within it
    r"\s+(?:outside(?: of)?|excluding|other than|besides|apart from|except)\s+(?:the\s+)?"
    r"(?-i:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)",
    re.I,
)


def set_aside(question: str) -> list[str]:
    """The clauses that set something aside ("Besides its tax concerns")."""
    return [m.group(0) for m in _SET_ASIDE.finditer(question)]


def without_set_aside(question: str) -> str:
    """The question without a clause that sets something aside: a reranker reads that clause's words as what
    is asked, and ranks the very sentences the question excludes first."""
    return re.sub(r",\s*,", ",", _SET_ASIDE.sub("", question)).strip() or question


def with_topic(question: str, terms: Sequence[str]) -> str:
    """ "When did it happen? (Acme, merger)": how a question and its carried terms read as one text."""
    return f"{question.rstrip()} ({', '.join(terms)})" if terms else question


_WH = r"(?:what|which|who|whom|whose|when|where|why|how)"
# "…, and what post did he hold?", "…; when did it end?": a second question joined to the first.
_JOINED_QUESTION = re.compile(rf"(?:,\s*|\s+)(?:and|but)\s+(?={_WH}\b)|;\s*(?={_WH}\b)", re.I)
# "…, and with which distribution did he file a bug?": a preposition may lead the second question, where the
# first is a whole question with its verb ("Which court, and in which city, lifted…" is one question).
_JOINED_BY_PREPOSITION = re.compile(
    rf",\s*(?:and|but)\s+(?=(?:with|in|on|at|to|for|from|by|into|under|during)\s+{_WH}\b)", re.I
)
_HAS_VERB = re.compile(r"\b(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\b", re.I)


# "How many years passed between A and B?", "Roughly how long after A did B?", "How many weeks separate A
# from B?": a span between two events, which each event's own date answers.
_SPAN = (
    r"(?:(?:roughly|about|approximately|exactly|precisely)\s+)?how\s+(?:many\s+(?:years?|months?|weeks?|days?|"
    r"decades?)|long|much\s+time|much\s+later|much\s+earlier)"
)
_ELAPSED = r"(?:(?:had|have|has)\s+)?(?:passed|elapsed|went by|gone by)"
_SPAN_BETWEEN = re.compile(
    rf"^(?:[^?]*?,\s*)?{_SPAN}\s+(?:{_ELAPSED}|(?:(?:had|have|has)\s+)?(?:lay|lie|were there|was it|is it|"
    rf"separate[sd]?|came))?\s*between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*[?.!]?$",
    re.I,
)
_SPAN_FROM = re.compile(
    rf"^(?:[^?]*?,\s*)?{_SPAN}\s+separate[sd]?\s+(?P<a>.+?)\s+(?:from|and)\s+(?P<b>.+?)\s*[?.!]?$", re.I
)
# "How long did it take from the grounding to the refloating?", "How many days elapsed from A until B?"
_SPAN_FROM_TO = re.compile(
    rf"^(?:[^?]*?,\s*)?{_SPAN}\s+(?:did it take|{_ELAPSED}|was it|were there)\s+from\s+(?P<a>.+?)\s+"
    rf"(?:to|until|till)\s+(?P<b>.+?)\s*[?.!]?$",
    re.I,
)
# "…after the Doha Agreement was signed did the attack take place?": the clause ends at "did", not "was".
_SPAN_AFTER = [
    re.compile(
        rf"^(?:[^?]*?,\s*)?{_SPAN}\s+(?:after|before)\s+(?P<a>.+{lazy})\s+(?P<aux>{aux})\s+(?P<b>.+?)\s*[?.!]?$",
        re.I,
    )
    # "…after the merger was announced was the bank closed?": the last "was" ends it
    for aux, lazy in ((r"did|does|do|had|has|have|would|could", "?"), (r"was|were|is|are", ""))
]
# A clause ("the Doha Agreement was signed"), not a noun phrase ("the suicide bombing at the embassy").
_CLAUSE = re.compile(r"\s(?:was|were|is|are|had|has|have|did|(?![A-Z])\w{3,}ed)\b")
_BACK = re.compile(r"\b(?:he|she|it|they|him|her|them|his|its|their)\b", re.I)


def span_unit(question: str) -> str | None:
    """The unit a span question asks in ("How many weeks passed…" -> "week"); None for "how long"."""
    asked = re.search(r"\bhow\s+many\s+(year|month|week|day|decade)s?\b", question, re.I)
    return asked.group(1).lower() if asked else None


def span_parts(question: str) -> list[str]:
    """ "How many years passed between Ana Lee's degree and her doctorate?": a "when" question for each end
    of the span ("When was Ana Lee's degree?", "When was her doctorate (Ana Lee's)?"), as each end's own
    date answers it; [] for any other question, and for one whose span is asked in hours or minutes, which
    dates to the day do not answer."""
    from assistant.text.lexical import STOPWORDS

    text = " ".join(question.split()).rstrip(" ?.!")
    sentence_end = re.search(r"[?.!]\s+\S", text)  # "…? Give both years.": the question before it
    if sentence_end:
        text = text[: sentence_end.start()]
    found = (
        _SPAN_AFTER[0].match(text)
        or _SPAN_AFTER[1].match(text)
        or _SPAN_FROM.match(text)
        or _SPAN_FROM_TO.match(text)
        or _SPAN_BETWEEN.match(text)
    )
    if not found or re.search(r"\b(?:was|is) it (?:written|published|posted|put out)\b", text, re.I):
        return []  # "how long after the withdrawal was it written?": the piece's own date, said as a span
    a, b = found.group("a").strip(" ,"), found.group("b").strip(" ,")
    aux = found.groupdict().get("aux")
    first = f"When was it that {a}?" if _CLAUSE.search(f" {a}") else f"When was {a}?"
    if aux:
        second = f"When {aux.lower()} {b}?"
    else:
        second = f"When was it that {b}?" if _CLAUSE.search(f" {b}") else f"When was {b}?"
    if _BACK.search(b):
        # "…its collapse" is the bank's, "was it refloated" the ship's: the names of the first end, or its words
        names = re.findall(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*", a) or [
            w for w in re.findall(r"[\w’'-]+", a) if w.lower() not in STOPWORDS
        ]
        if names:
            second = f"{second[:-1]} ({' '.join(dict.fromkeys(names))})?"
    return [first, second]


def question_parts(question: str) -> list[str]:
    """The questions a compound question joins ("Who found the flaw, and what was he working on?"), each
    able to stand alone: a part that refers back ("what was he working on?") or has fewer than two content
    words ("…, and why?") carries the words of the part before it, so each part can be ranked on its own.

    [] for a single question, and for "between what X said and what Y said", where "and what" joins two
    things compared, not two questions."""
    from assistant.text.lexical import STOPWORDS, content_terms
    from assistant.text.names import collapse_abbreviations

    text = " ".join(collapse_abbreviations(question).split())
    pieces = [p.strip(" ,;") for p in _JOINED_QUESTION.split(text) if p.strip(" ,;")]
    if len(pieces) == 1 and (spans := span_parts(text)):
        return spans
    if re.search(r"\bbetween\b", text, re.I):
        return []
    split = _JOINED_BY_PREPOSITION.split(text, maxsplit=1) if len(pieces) == 1 else []
    if len(split) == 2 and _HAS_VERB.search(split[0]):
        pieces = [p.strip(" ,;") for p in split]
    if len(pieces) < 2 or not re.match(rf"\W*(?:\w+\W+){{0,12}}?{_WH}\b", pieces[0], re.I):
        return []
    parts = []
    for i, piece in enumerate(pieces):
        body = piece.rstrip(" ?.!")
        refers_back = re.search(r"\b(?:he|she|it|they|him|her|them|his|its|their|this|that)\b", body, re.I)
        if i and (refers_back or len(content_terms(body)) < 2):
            own = {w.lower() for w in re.findall(r"[\w'’-]+", body)}
            carried = [
                w
                for w in re.findall(r"[\w'’-]+", pieces[i - 1])
                if w.lower() not in STOPWORDS and w.lower() not in own and not re.fullmatch(_WH, w, re.I)
            ]
            if carried:
                body = f"{body} ({' '.join(dict.fromkeys(carried))})"
        parts.append(body + "?")
    return parts


def strip_instructions(question: str) -> tuple[str, bool]:
    """Remove 'ignore your sources…', 'just say…', 'confirm this' and the like; keep the real question."""
    cleaned = _INSTRUCTION.sub(" ", question)
    cleaned = " ".join(cleaned.split()).strip(" ;:,")
    if not re.search(r"\w", cleaned):
        return question, False
    return cleaned, cleaned != " ".join(question.split())


def validate_question(question: str, max_chars: int) -> str:
    """The question without control characters; empty, wordless, over-long or non-English questions are an
    InvalidQuestionError (one line, exit 2) rather than an answer from loosely related sentences."""
    cleaned = "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in "\t\n" else ch for ch in question
    ).strip()
    if not cleaned:
        raise InvalidQuestionError(
            'The question is empty: ask something, e.g. assistant ask "Who wrote the report?"'
        )
    if len(cleaned) > max_chars:
        raise InvalidQuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is {max_chars:,}. Shorten it."
        )
    letters = [ch for ch in cleaned if ch.isalpha()]
    if not letters and not any(ch.isdigit() for ch in cleaned):
        raise InvalidQuestionError(
            'The question has no words: ask something, e.g. assistant ask "Who wrote the report?"'
        )
    foreign = [ch for ch in letters if not unicodedata.name(ch, "").startswith("LATIN")]
    if letters and len(foreign) > len(letters) / 2:
        script = unicodedata.name(foreign[0], "OTHER").split()[0].title()
        raise InvalidQuestionError(
            f"The question is written in {script} script; the indexed articles are in English and answers "
            "quote them verbatim: ask in English"
        )
    return cleaned
