"""What a question asks for: its answer type (number, date, name, place), its focus, and injected instructions.

The extractive backend uses this to refuse honestly when the passages are on topic but lack the fact asked
for ("the articles mention the Longan Hotel attack but give no casualty figures").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.lexical import content_terms

# Names that occur everywhere in this domain: mentioning them does not make a sentence specific.
UBIQUITOUS = {
    "iskp",
    "isis",
    "daesh",
    "deash",
    "islamic",
    "state",
    "khorasan",
    "province",
    "taliban",
    "afghanistan",
    "afghan",
    "kabul",
    "is",
    "is-k",
    "the",
    "un",
}
_INSTRUCTION = re.compile(
    r"(?:^|(?<=[.;:!?]))\s*(?:system notice:?[^.?!]*[.!]|(?:please\s+)?(?:ignore|disregard|forget)\b[^.?!:]*[.:!]?|"
    r"(?:just\s+)?(?:say|state|answer|reply|respond|write|claim)\s+(?:that\s+|only\s+|with\s+)?[^.?!]*[.!]|"
    r"(?:confirm|repeat|agree with)\s+(?:this|that|it)\b[^.?!]*[.!]?|your sources are [^.?!]*[.!])",
    re.I,
)
_AUX = {
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "will",
    "would",
    "should",
    "might",
    "must",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "from",
    "with",
}
_PERSON_NOUNS = {
    "person",
    "man",
    "woman",
    "official",
    "diplomat",
    "envoy",
    "leader",
    "bomber",
    "attacker",
    "spokesperson",
    "spokesman",
    "minister",
    "president",
    "ambassador",
    "commander",
    "guard",
    "author",
    "scholar",
    "secretary",
    "chief",
    "head",
    "militant",
    "operative",
}
_PLACE_NOUNS = {
    "city",
    "place",
    "site",
    "building",
    "province",
    "country",
    "location",
    "region",
    "town",
    "village",
    "area",
    "district",
}
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|dozens?|two-dozen|several|nearly|around"
)
_COUNT = re.compile(
    r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.])(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?![\d])|"
    rf"\b(?:{_NUMBER_WORDS})\b",
    re.I,
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
    r"Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(rf"\b{_MONTH}\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b")
_CAPS = re.compile(
    r"\b(?:[A-Z][\w’'-]*|(?:al|el|ur|bin|ibn)-[A-Z][\w’'-]*)"
    r"(?:\s+(?:(?:of|al|bin|ibn|de|the)\s+)?(?:[A-Z][\w’'-]*|(?:al|el|ur)-[A-Z][\w’'-]*))*"
)
_ORG_OR_PLACE = {
    "airport",
    "embassy",
    "hotel",
    "ministry",
    "committee",
    "university",
    "international",
    "forces",
    "republic",
    "nations",
    "united",
    "council",
    "agreement",
    "state",
    "province",
    "network",
    "center",
    "centre",
    "office",
    "report",
    "army",
    "security",
    "islamic",
    "affairs",
}


@dataclass
class QuestionAnalysis:
    text: str  # the question without injected instructions
    answer_type: str | None  # "number", "date", "person", "place" or None
    entities: list[str] = field(default_factory=list)  # specific names/numbers the answer must be about
    head_terms: set[str] = field(default_factory=set)  # stems of "what/which <noun>": tells person/place
    had_instruction: bool = False


def strip_instructions(question: str) -> tuple[str, bool]:
    """Remove 'ignore your sources…', 'just say…', 'confirm this' and the like; keep the real question."""
    cleaned = _INSTRUCTION.sub(" ", question)
    cleaned = " ".join(cleaned.split()).strip(" ;:,")
    if not re.search(r"\w", cleaned):
        return question, False
    return cleaned, cleaned != " ".join(question.split())


def analyse(question: str) -> QuestionAnalysis:
    text, injected = strip_instructions(question)
    if injected:
        # Claims planted next to instructions are not premises to answer about: keep the last real question.
        asks = re.findall(r"[^.;!?]*\?", text)
        text = asks[-1].strip() if asks else text
    lower = text.lower()
    answer_type = None
    if re.search(
        r"\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bcasualt|\bhow (?:big|large)\b", lower
    ):
        answer_type = "number"
    elif re.search(
        r"\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|day|year|month)\b|"
        r"\bin what year\b|\bon what (?:date|day)\b",
        lower,
    ):
        answer_type = "date"
    elif re.search(r"\bwho(?:m)?\b|\bname of\b|\bwhat (?:was|is) (?:his|her|their) name\b", lower):
        answer_type = "person"
    head = _head_terms(lower)
    if answer_type is None and head & set(content_terms(" ".join(_PERSON_NOUNS))):
        answer_type = "person"
    elif answer_type is None and head & set(content_terms(" ".join(_PLACE_NOUNS))):
        answer_type = "place"
    return QuestionAnalysis(text, answer_type, specific_entities(text), head, injected)


def _head_terms(lower: str) -> set[str]:
    match = re.search(
        r"\b(?:what|which)\s+((?:[\w’'-]+\s+){0,4}?[\w’'-]+?)(?=\s+(?:" + "|".join(_AUX) + r"|\w+ed)\b)",
        lower,
    )
    if not match:
        return set()
    words = [w for w in match.group(1).split() if w not in _AUX]
    return set(content_terms(" ".join(words))) - UBIQUITOUS


def specific_entities(text: str) -> list[str]:
    """Names and numbers of the question that are not everywhere in the corpus (ISKP, Taliban, Kabul…)."""
    found = []
    for match in _CAPS.finditer(text):
        name = match.group(0)
        words = [w.lower().rstrip("’'s") for w in re.split(r"\s+", name)]
        if match.start() == 0 or text[: match.start()].rstrip().endswith((".", "?", "!", ":", ";")):
            words = words[1:] if len(words) > 1 else []  # sentence-initial capital: not a name by itself
        if words and not all(
            w in UBIQUITOUS or _is_demonym(w) or re.fullmatch(_MONTH, w, re.I) for w in words
        ):
            found.append(" ".join(words))
    found += re.findall(r"\b(?:19|20)\d\d\b", text)
    return found


def _is_demonym(word: str) -> bool:
    return word.endswith(("ian", "ese", "ish", "stani")) or word in {
        "russian",
        "chinese",
        "pakistani",
        "iranian",
    }


def fits(analysis: QuestionAnalysis, sentence: str) -> bool:
    """Does this sentence carry the kind of fact asked for, about what was asked?"""
    if analysis.answer_type is None:
        return True  # open questions (why/how/what about): relevance alone decides
    lower = sentence.lower()
    names = [e for e in analysis.entities if not e.isdigit()]  # a year in the question is context, not topic
    if names and not any(e in lower or _loose_in(e, lower) for e in names):
        return False
    if analysis.answer_type == "number":
        return bool(_COUNT.search(_without_dates(sentence)))
    if analysis.answer_type == "date":
        return bool(_DATE.search(sentence))
    if analysis.answer_type in {"person", "place"}:
        return bool(new_names(analysis.text, sentence, analysis.answer_type))
    return True


def new_names(question: str, sentence: str, kind: str) -> list[str]:
    """Proper names in the sentence that the question does not already contain."""
    q_words = {w.lower().rstrip("’'s") for w in re.findall(r"[\w’'-]+", question)}
    names = []
    for match in _CAPS.finditer(sentence):
        words = [w.lower().rstrip("’'s") for w in match.group(0).split()]
        if match.start() == 0:
            words = words[1:]
        words = [w for w in words if w not in {"of", "the", "al", "bin", "ibn", "de"}]
        if not words or all(
            w in q_words or w in UBIQUITOUS or _is_demonym(w) or re.fullmatch(_MONTH, w, re.I) for w in words
        ):
            continue
        if kind == "person" and (any(w in _ORG_OR_PLACE for w in words) or match.group(0).isupper()):
            continue
        names.append(match.group(0))
    return names


def _loose_in(entity: str, lower: str) -> bool:
    """Any distinctive word of the name, by its first five letters ("Pakistan Charge…" ~ "Pakistani")."""
    parts = [p for p in re.split(r"[\s-]+", entity) if len(p) > 3 and p not in UBIQUITOUS]
    return any(p[:5] in lower for p in parts)


def _without_dates(sentence: str) -> str:
    """Drop day-of-month and durations ("two years"): neither is a count of anything asked about."""
    sentence = re.sub(
        rf"\b(?:{_NUMBER_WORDS}|\d+)\s+(?:years?|months?|weeks?|days?|decades?|hours?)\b",
        " ",
        sentence,
        flags=re.I,
    )
    return re.sub(
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b", " ", sentence
    )
