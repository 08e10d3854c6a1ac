"""What a question asks for: its answer type (number, date, name, place), its focus, and injected instructions.

The extractive backend uses this to refuse honestly when the passages are on topic but lack the fact asked
for ("the articles mention the hotel attack but give no casualty figures").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.query import Query, set_aside, with_topic
from assistant.text.dates import MONTH_RE, MONTHS, dated_as, day_months, years
from assistant.text.lexical import STOPWORDS, content_terms
from assistant.text.names import (
    Name,
    collapse_abbreviations,
    find_names,
    name_in,
    without_possessive,
    word_matches,
)
from assistant.text.numbers import WORD_RE as NUMBER_WORD_RE
from assistant.text.places import countries_in, country_named, is_people
from assistant.text.verbs import verb_forms, verb_lemma

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
# "Which agency/company/publisher…" asks for the name of a body: a sentence without a new name can't answer.
_ORG_NOUNS = (
    "organisation organization agency company firm government ministry department institution vendor "
    "publisher newspaper outlet bank university regulator insurer authority court party committee council "
    "corporation business union alliance coalition"
)
_ORG_STEMS = frozenset(content_terms(_ORG_NOUNS))
_NUMBER_WORDS = NUMBER_WORD_RE + r"|hundreds|thousands|dozens|two-dozen|several|nearly|around"
_COUNT = re.compile(
    r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.])(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?![\d])|"
    rf"\b(?:{_NUMBER_WORDS})\b",
    re.I,
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
    r"Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b{_MONTH}\b|\b(?:1[0-9]|20)\d\d\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)\b|\b\d{{3,4}}s\b|"
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first) [Cc]entury\b|"
    r"\b(?:BC|BCE|AD|CE|BP)\b|\b\d{3,4}\b(?=\s*(?:–|-|to|and)\s*\d{2,4}\b)|"
    # A time before now: "22,000 years ago", "7500 yr ago", "two million years ago".
    r"\b(?:years?|yrs?|decades|centuries|millennia)\s+(?:ago|before present)\b"
)
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
# Words that make a name a place's or a body's, never a person's ("Great Bitter Lake", "UK P&I Club").
_BODY_OR_PLACE_WORDS = (
    "club group association institute society foundation federation league lake river sea ocean canal "
    "island bay gulf mountain valley street road square park port strait channel desert"
)
_NOT_A_PERSON = _ORG_OR_PLACE | _PLACE_NOUNS | set(_ORG_NOUNS.split()) | set(_BODY_OR_PLACE_WORDS.split())
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


# Words that name the same role or outcome: a "which diplomat" question is answered by a "chargé
# d'affaires", a death-toll question only by a sentence about deaths or wounds.
# Matched as whole words, not stems: "diplomatic contact" does not name a diplomat.
_ROLE_GROUPS = [
    "diplomat diplomats envoy envoys ambassador ambassadors charge chargé consul secretary attache attaché",
    "spokesman spokesperson spokeswoman",
    "leader leaders emir chief head headed commander led lead leads leading",
    "official officials minister ministers officer officers representative",
    "guard guards",
    "bomber bombers perpetrator perpetrators",
]
# A death toll is not answered by a count of wounded, nor the other way round; "casualties" takes either.
_DEATHS = "kill killed killing die died dead death deaths lives fatalities"
_INJURIES = "wounded wound injured injury injuries hurt"
_EITHER = "casualties casualty victim victims toll"
_YES_NO = re.compile(
    r"^(?i:did|does|do|has|have|had|is|was|were|are|can|will)\s+(?:[A-Z][\w’'-]*\s+)+"
    r"(?:\w+ly\s+)?(?P<verbs>[a-z]+(?:\s+or\s+[a-z]+)?)\b"
)


# Opposites that pick out a different thing: a question about the smallest port is not answered by a
# sentence about the largest one. Superlatives and directions only: a comparative ("longer than…") is a claim
# the answer may correct. General English; a word of the question's own names ("North Sea") does not count.
_OPPOSITES = [
    ("smallest", "largest biggest"), ("shortest", "longest"), ("lowest", "highest"), ("least", "most"),
    ("oldest", "newest youngest"), ("earliest", "latest"), ("north northern", "south southern"),
    ("east eastern", "west western"), ("upper", "lower"), ("lightest", "darkest heaviest"),
    ("minimum", "maximum"), ("inner", "outer"), ("widest", "narrowest"), ("deepest", "shallowest"),
]  # fmt: skip


def _opposite_table(pairs: list[tuple[str, str]], key=str) -> dict[str, frozenset[str]]:
    """Each word of a pair's side maps to every word of the other side (as key() reads them)."""
    table: dict[str, frozenset[str]] = {}
    for a, b in pairs:
        left, right = {key(w) for w in a.split()}, {key(w) for w in b.split()}
        for w in left:
            table[w] = table.get(w, frozenset()) | right
        for w in right:
            table[w] = table.get(w, frozenset()) | left
    return table


_OPPOSITE = _opposite_table(_OPPOSITES)


# Adjectives with an opposite, counted only where they qualify a noun ("larger streams", "weak currents",
# "the former delta"): "the smaller streams" does not answer a question about the larger ones. A comparison
# ("larger than…") is not attributive, so a false premise still gets the answer that corrects it.
_ATTRIBUTE_OPPOSITES = [
    ("large larger big bigger", "small smaller little"), ("strong stronger", "weak weaker"),
    ("former previous", "current present modern"), ("ancient medieval", "modern contemporary"),
    ("light lighter", "dark darker"),
    ("left", "right"), ("first", "last final"), ("major", "minor"), ("early earlier", "late later"),
    ("high higher", "low lower"), ("long longer", "short shorter"), ("wide wider broad", "narrow narrower"),
    ("inner internal domestic", "outer external foreign"), ("public", "private"), ("male", "female"),
    ("maternal", "paternal"), ("rural", "urban"), ("positive", "negative"), ("hot warm", "cold cool"),
    ("rich wealthy", "poor"), ("young younger", "old older elderly"), ("heavy heavier", "light lighter"),
    ("deep deeper", "shallow"), ("fast faster", "slow slower"), ("upstream", "downstream"), ("wet", "dry"),
    ("north northern", "south southern east eastern west western"),
    ("south southern", "east eastern west western"), ("east eastern", "west western"),
]  # fmt: skip
# Changes in opposite directions, and before/after: "how high did the sea rise" is not answered by "the sea
# level dropped 120 m", nor "before the conquest" by "subsequent to the Conquest". Not converses: "X sold
# to Y" answers "who bought", "A beat B" answers "who lost".
_TURN_OPPOSITES = [
    ("rise rose risen increase grow grew gain", "fall fell fallen drop decline decrease shrink shrank"),
    ("before prior", "after subsequent"), ("accept", "reject"), ("support", "oppose"),
    ("allow permit", "ban forbid prohibit"), ("arrive", "depart"), ("open", "close"), ("merge", "diverge split"),
    ("born birth", "die died death"),
]  # fmt: skip


def _stem1(word: str) -> str:
    return word if word in ("before", "after") else (content_terms(word) or [word])[0]


_ATTRIBUTE = _opposite_table(_ATTRIBUTE_OPPOSITES)
_TURN = _opposite_table(_TURN_OPPOSITES, _stem1)


def _turn_terms(text: str) -> set[str]:
    return set(content_terms(text)) | (_words(text) & {"before", "after"})


def _attributes(text: str, names: list[Name]) -> list[tuple[str, str]]:
    """(adjective, noun) pairs of the question whose adjective has an opposite ("larger streams"), and
    "least" with the word it qualifies ("the least dominant sectors")."""
    in_names = {p for n in names for p in n.parts}
    tokens = re.findall(r"[A-Za-z][\w-]*", text)
    pairs = []
    for a, b in zip(tokens, tokens[1:], strict=False):
        word = a.lower()
        attributive = (
            (a.islower() or word in _DIRECTIONS) and a not in in_names and b.lower() not in STOPWORDS
        )
        if attributive and (word in _ATTRIBUTE or word == "least"):
            pairs.append((word, b.lower()))
    return pairs


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}


def flipped_attribute(pairs: list[tuple[str, str]], sentence: str) -> tuple[str, str] | None:
    """("larger streams", "smaller streams") when the sentence qualifies the noun with the opposite and
    never as asked; ("least dominant", "dominant") when it drops the "least"."""
    tokens = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", sentence)]
    bigrams = list(zip(tokens, tokens[1:], strict=False))
    for adjective, noun in pairs:
        target = _stem1(noun)
        if any(a == adjective and _stem1(b) == target for a, b in bigrams):
            continue
        if adjective == "least":
            if target in {_stem1(t) for t in tokens}:
                return f"least {noun}", noun
            continue
        for a, b in bigrams:
            if a in _ATTRIBUTE[adjective] and _stem1(b) == target:
                return f"{adjective} {noun}", f"{a} {b}"
    return None


def turned(question_terms: set[str], sentence: str) -> tuple[str, str] | None:
    """(asked, found) when the sentence reports the opposite change ("rose" asked, "dropped" found)."""
    said = _turn_terms(sentence)
    for term in question_terms:
        if term in _TURN and term not in said and (found := _TURN[term] & said):
            surface = [w for w in re.findall(r"[A-Za-z]+", sentence) if _stem1(w.lower()) in found]
            return term, (surface[0] if surface else sorted(found)[0])
    return None


_NEGATION = re.compile(r"\b(?:not|never|no longer|cannot)\b|n[’']t\b", re.I)
_DEGREE = {"so", "very", "too", "quite", "yet", "always", "fully", "only", "entirely", "been", "be", "being"}


# Words that deny what follows them without a "not": "fails to (properly) distinguish", "refusal to allow",
# "less active than normal". A sentence that says so does not state the plain word the question negates.
_DENIAL = re.compile(
    r"\b(?:fail(?:s|ed|ing|ure)?\s+to|unable\s+to|inability\s+to|refus(?:e|es|ed|al|ing)\s+to|less)\b", re.I
)


def _negated_words(text: str, denials: bool = False) -> set[str]:
    """Stems of the words a negation governs: "not (so) clean" -> clean, "no longer carry" -> carry; with
    denials, also "fails to distinguish" -> distinguish."""
    out = set()
    matches = list(_NEGATION.finditer(text)) + (list(_DENIAL.finditer(text)) if denials else [])
    for match in matches:
        following = re.findall(r"[A-Za-z]+", text[match.end() :])[:3]
        for word in following:
            if word.lower() in _DEGREE or word.lower() in _AUX:
                continue
            out.update(content_terms(word))
            if denials and word.lower().endswith("ly"):
                continue  # "fails to properly distinguish": the adverb and the verb
            break
    return out


def _surface(term: str, text: str) -> str:
    """The word of the text whose stem is term, to show the user ("carri" -> "carry")."""
    return next((w for w in re.findall(r"[A-Za-z]+", text) if _stem1(w.lower()) == term), term)


_INVERTED_NEGATION = re.compile(r"^\W*(?:(?:why|how|what|who|whom|which|where|when)\s+)?[a-z]+n[’']t\b", re.I)


def negation_flipped(question: str, sentence: str) -> tuple[str, str] | None:
    """The question negates a word the sentence uses plainly: "the river that is not clean" is not answered
    by "is nowadays a clean river". The other way round is no sign: "what did he find?" may be answered
    beside "did not find"."""
    said = _negated_words(sentence, denials=True)
    sentence_terms = set(content_terms(sentence))
    # "Why couldn't airlines recover…", "Didn't Apple…": an inverted "n't" is followed by the subject, not by
    # what is denied, and the question takes the denial as given: no plain word there is flipped.
    question = _INVERTED_NEGATION.sub(" ", question)
    for term in sorted(_negated_words(question) - said):
        if term in sentence_terms:
            return f"not {_surface(term, question)}", _surface(term, sentence)
    return None


def opposite_in(question_words: set[str], sentence: str) -> tuple[str, str] | None:
    """(asked, found) when the sentence says the opposite of a qualifier the question uses and not the
    qualifier itself ("smallest" asked, "largest" found)."""
    said = _words(sentence)
    for word in question_words:
        opposites = _OPPOSITE.get(word)
        if opposites and word not in said and (found := opposites & said):
            return word, sorted(found)[0]
    return None


@dataclass
class QuestionAnalysis:
    text: str  # the question without injected instructions, with a follow-up's carried topic
    answer_type: str | None  # "number", "date", "person", "place", "organisation" or None
    entities: list[str] = field(default_factory=list)  # specific names/numbers the answer must be about
    names: list[Name] = field(default_factory=list)  # the question's names that are not everywhere
    years: list[str] = field(default_factory=list)  # years the question is about
    # Years that bound the question's time ("before July 2024" -> {"2024": "before"}): an answer dated
    # 2016 holds, one dated 2025 does not.
    bounds: dict[str, str] = field(default_factory=dict)
    days: dict[str, str] = field(default_factory=dict)  # day-and-month dates it is about ("12 April")
    # Names joined by "and"/"or" ("How do Smith and Jones differ…") are alternatives: one must hold.
    name_groups: list[list[Name]] = field(default_factory=list)
    # Names that only set the scene ("…in Paris", "…at the summit in Geneva"): the document may supply them.
    settings: set[str] = field(default_factory=set)
    # Names that modify a noun ("the Moscow talks" -> "talks"): "the talks" in an article that names Moscow
    # refers to them.
    modifies: dict[str, str] = field(default_factory=dict)
    # A possessive name and the name it owns ("Egypt's $8.5 billion Suez Canal expansion" -> "Suez Canal"):
    # the owned name in the sentence, in an article that names the owner, is the owner's.
    owns: dict[str, Name] = field(default_factory=dict)
    head_terms: set[str] = field(default_factory=set)  # stems of "what/which <noun>": tells person/place
    had_instruction: bool = False
    # Each group: an answer sentence must contain one of these stems (role, casualty or yes/no verb).
    required: list[frozenset[str]] = field(default_factory=list)
    answer_types: list[str] = field(default_factory=list)  # every kind of fact asked for
    predicate: str | None = None  # stem of the verb a who/which question asks about ("claimed" -> "claim")
    qualifiers: set[str] = field(default_factory=set)  # words with an opposite ("smallest", "northern")
    attributes: list[tuple[str, str]] = field(default_factory=list)  # ("larger", "streams"): see _ATTRIBUTE
    turns: set[str] = field(default_factory=set)  # stems of changes with an opposite ("rise"), before/after
    centuries: list[str] = field(default_factory=list)  # "10th" of "in the 10th century"
    decades: list[str] = field(default_factory=list)  # "1990s" of "in the 1990s"; "1100s" is a century
    months: set[int] = field(default_factory=set)  # months named with a day or a year ("in October 2022")
    common: frozenset[str] = frozenset()  # the collection's subject: named everywhere, so it tells nothing
    money: bool = False  # "how much … cost/pay/worth": a figure in a currency answers, a count does not
    percent: bool = False  # "by what percentage…", "what proportion…": a share answers, a bare count does not
    # Stems of the noun phrase "how many" counts ("how many tugboats" -> tugboat): "250 ships" is no answer.
    counted: frozenset[str] = frozenset()
    country: bool = False  # "which country…": a country the question does not name answers
    # Names inside the asked-for phrase ("Which Ubuntu release…", "Which Pakistani diplomat…"): they type
    # the answer, so the answer sentence itself must name them, not only its neighbours.
    typing: set[str] = field(default_factory=set)
    own: str = ""  # the question's own words: `text` without the carried topic
    # Names that act or own ("did Moscow give…", "Beijing's concerns"): a capital there is its government.
    actors: set[str] = field(default_factory=set)
    agents: dict[str, str] = field(default_factory=dict)  # "did Richard flee": {"Richard": "flee"}
    # "Who replaced the Normans?": ("Normans", "replace", "Who replaced the Normans", "replaced")
    undergoes: tuple[str, str, str, str] | None = None


# "What…", "Which…", "To what…": the opening of a question that asks for the thing it names next.
_WHAT_OPENING = r"^\W*(?:(?:to|by|at|for|from|of) )?(?:what|which)"
# "By what percentage…", "What proportion of…": a share of something.
_WHAT_SHARE = _WHAT_OPENING + r"(?: [a-z]+)? (?:percentage|percent|proportion|fraction)\b"
# "What was the estimated value of…", "What is the population of…": a quantity, asked without "how many".
_QUANTITY = (
    r"\b(?:what|which) (?:was|is|were|are) the (?:[a-z]+ )?(?:value|cost|price|amount|total|size|population|"
    r"length|width|height|depth|weight|budget|revenue|rate|percentage|share|speed|capacity)\b|"
    # "What final compensation sum…", "Which amount…": the asked-for thing is itself a quantity.
    + _WHAT_OPENING
    + r"(?: (?!(?:did|does|do|was|is|were|are|has|had|have|will|would|can|could)\b)[a-z]+){0,2} "
    r"(?:sum|amount|figure|total)\b|" + _WHAT_SHARE
)
_ASKS_PERCENT = re.compile(_WHAT_SHARE + r"|\bhow many percent\b")
_PERCENT = re.compile(
    r"\d[\d.,]*\s*(?:%|percent\b|per cent\b|percentage points?\b)|"
    r"\b(?:half|a third|two[- ]thirds|a quarter|three[- ]quarters|a fifth|a tenth)\b",
    re.I,
)


# Where the question says its source is ("According to a Hacker News comment…", "…, per the post on the CVSS
# vector"): names there describe the document, which may name them anywhere, not the answer sentence.
_ATTRIBUTION = re.compile(
    r"(?:^|[,;]\s*)(?:according to|per|as (?:reported|described|quoted|cited) (?:by|in)|in the words of)"
    r"\b[^,;?]*",
    re.I,
)


# "before July 2024", "since 2019", "until early 2020": a year that bounds the time asked about.
_BOUND = re.compile(
    r"\b(?P<side>before|prior to|until|till|up to|by|after|since|following)\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?"
    r"(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?P<year>1[5-9]\d\d|20\d\d)\b",
    re.I,
)


def _year_bounds(text: str) -> dict[str, str]:
    return {
        m.group("year"): "before"
        if m.group("side").lower() in {"before", "prior to", "until", "till", "up to", "by"}
        else "after"
        for m in _BOUND.finditer(text)
    }


def _set_aside(name: str, text: str) -> bool:
    return any(name in clause for clause in set_aside(text))


_EVENT_TIME = r"(?:after|before|since|following|during|until|prior to|in the wake of)"


# A month written as a name, case-sensitive here so the verb "may" is not May.
_MONTH_NAME = MONTH_RE.replace("(", "(?:", 1) + r"\.?"


def _months(text: str, dated: bool = False) -> set[int]:
    """Months written as names; dated: only with a day or a year beside them ("October 2022", "5 May")."""
    if dated:
        pattern = (
            rf"\b({_MONTH_NAME})\s+\d|\d{{1,2}}(?:st|nd|rd|th)?\s+({_MONTH_NAME})\b|\bin\s+({_MONTH_NAME})\b"
        )
    else:
        pattern = rf"\b({_MONTH_NAME})\b"
    found = set()
    for match in re.finditer(pattern, text):
        name = next(g for g in match.groups() if g).rstrip(".").lower()
        found.add(MONTHS[name])
    return found


_CENTURY = re.compile(r"\b(\d{1,2}(?:st|nd|rd|th))[\s-]+centur", re.I)


_DECADE = re.compile(r"\b(1\d\d0s|20\d0s)\b")


def _within(start: int, end: int, text: str) -> bool:
    """A year from start to end is named (not a year BC, nor part of a bigger number)."""
    return any(
        start <= int(m.group(1)) <= end
        for m in re.finditer(r"(?<![\d,.])\b(\d{3,4})\b(?!\s*(?:BC|BCE)\b)", text)
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _in_century(century: int, text: str) -> bool:
    """A year of that century is named ("1564" for "the 16th century"); not a year BC."""
    return any(
        (int(m.group(1)) - 1) // 100 + 1 == century
        for m in re.finditer(r"\b(\d{3,4})\b(?!\s*(?:BC|BCE)\b)", text)
        if 100 <= int(m.group(1)) <= 2100
    )


# "When" asks for a date at the question's start or before an auxiliary ("…and when did it end?"); elsewhere
# it joins a clause ("what did he find when he looked?").
_ASKS_WHEN = (
    r"(?:^|[:;,]|\band\b|\bor\b)\W*when\b|"
    r"\bwhen\s+(?:did|does|do|was|were|is|are|will|would|has|had|have|can|could|should|might)\b"
)


_WHEN_CLAUSE = (
    r"\s*when\s+(?!(?:did|does|do|was|were|is|are|will|would|has|had|have|can|could|should|might)\b)"
    r"[^?]*\b(?:which|what|how|who|where)\b"
)


def analyse(question: str | Query, common_names: frozenset[str] = frozenset()) -> QuestionAnalysis:
    """common_names: name words nearly every document of the collection mentions (not a constraint).

    A follow-up's carried topic steers what the question is taken to ask about (its kind of fact, its
    casualty words); only the question's own names, years and qualifiers are constraints."""
    query = Query.of(question) if isinstance(question, str) else question
    own = collapse_abbreviations(query.text)
    if query.had_instruction:
        # Claims planted next to instructions are not premises to answer about: keep the last real question.
        asks = re.findall(r"[^.;!?]*\?", own)
        own = asks[-1].strip() if asks else own
    injected = query.had_instruction
    text = with_topic(own, query.topic)
    lower = text.lower()
    # A question can ask for several things ("when did it happen and how many did it kill?").
    types = [
        kind
        for kind, pattern in (
            ("number", r"\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bcasualt|" + _QUANTITY),
            (
                "date",
                _ASKS_WHEN
                + r"|\b(?:what|which) (?:dates?|days?|years?|months?|century|centuries|decades?)\b",
            ),
            ("measure", r"\bhow (?:long|wide|high|tall|deep|far|old|big|large|heavy|fast)\b"),
            ("person", r"\bwho(?:m)?\b|\bname of\b|\bwhat (?:was|is) (?:his|her|their) name\b"),
        )
        if re.search(pattern, lower)
    ]
    if types and types[0] == "date" and re.match(_WHEN_CLAUSE, lower):
        types = types[1:]  # "When the river leaves the lake, which way does it flow?": "when" joins a clause
    answer_type = types[0] if types else None
    head = _head_terms(lower) - common_names
    noun = _head_noun(lower)
    if answer_type is None and (
        head & set(content_terms(" ".join(_PERSON_NOUNS))) or (noun and is_person_noun(noun))
    ):
        answer_type = "person"
    elif answer_type is None and head & set(content_terms(" ".join(_PLACE_NOUNS))):
        answer_type = "place"
    elif answer_type is None and noun and set(content_terms(noun)) & _ORG_STEMS:
        answer_type = "organisation"
    elif answer_type is None and "version" in head:
        answer_type = "version"  # "Which OpenSSH version…": a version number the question does not give
    found_names = find_names(own)
    names = [n for n in found_names if not set(n.parts) <= common_names]
    return QuestionAnalysis(
        text=text,
        own=own,
        answer_type=answer_type,
        entities=[n.text for n in names] + years(own),
        names=names,
        years=years(own),
        bounds=_year_bounds(own),
        days=day_months(own),
        # "Besides its tax concerns, why…": what the question sets aside is no constraint on the answer
        name_groups=[g for g in _coordinated(own, names) if not all(_set_aside(n.text, own) for n in g)],
        settings={
            n.text
            for n in names
            if re.search(
                rf"\b(?:in|at|near|across|throughout|inside|within|around)\s+(?:the\s+)?{re.escape(n.text)}",
                text,
            )
            or any(n.text in phrase for phrase in _ATTRIBUTION.findall(own))
            # "…after the Lisbon summit": an event that dates the question, not what it is about
            or re.search(
                rf"\b{_EVENT_TIME}\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}{re.escape(n.text)}", own, re.I
            )
        },
        modifies={n.text: phrase for n in names if (phrase := _modified_phrase(n.text, own))},
        owns=_owned_names(found_names, own),  # the owned name may be the collection's subject
        head_terms=head,
        had_instruction=injected,
        required=_requirements(text, answer_type, len(types) > 1),
        answer_types=types or ([answer_type] if answer_type else []),
        common=common_names,
        qualifiers=_qualifiers(own, names),
        attributes=_attributes(own, names),
        turns={t for t in _turn_terms(own) if t in _TURN},
        centuries=_CENTURY.findall(own),
        decades=_DECADE.findall(own),
        months=_months(_BOUND.sub(" ", own), dated=True),
        predicate=_predicate(own),
        typing={n.text for n in names if n.text in _asked_phrase(own)},
        country=bool(re.search(r"\b(?:which|what)(?: \w+)? (?:countr(?:y|ies)|nations?)\b", own, re.I)),
        counted=counted_noun(own),
        actors={n.text for n in names if _acts(n.text, own)},
        agents=_agents(own, names),
        undergoes=_undergoes(own, names),
        percent=bool(_ASKS_PERCENT.search(own.lower())),
        money=bool(
            re.search(r"\bhow much\b", lower)
            and re.search(_MONEY_WORDS, lower)
            # "What compensation sum…": a sum of money, where another money word says so ("amount of water")
            or re.search(_WHAT_OPENING + r"\b[^?]{0,30}\b(?:sum|amount)\b", lower)
            and re.search(_MONEY_WORDS, re.sub(r"\b(?:sum|amount)\b", " ", lower))
            or re.search(
                r"\b(?:what|which) (?:was|is|were|are) the (?:\w+ )?(?:value|cost|price|budget)\b", lower
            )
        ),
    )


_IRREGULAR_PAST = frozenset(
    {"led", "took", "made", "said", "sent", "won", "lost", "began", "fought", "gave", "built", "wrote"}
    | {"ran", "held", "brought", "told", "left", "found", "sold", "bought", "paid", "met", "kept", "shot"}
    | {"struck", "hit", "set", "put", "chose", "drove", "flew", "rose", "fell", "sank", "stole", "caught"}
)


def _predicate(text: str) -> str | None:
    """The verb of a question whose wh-word is its subject: "Who claimed…", "Which (terror) group
    carried out…", "What caused…". A past-tense form tells the verb from a noun."""
    match = re.match(r"\s*(?:who|which|what)((?:\s+[a-z][\w-]*){1,3})", text, re.I)
    if not match:
        return None
    for word in match.group(1).lower().split():
        if word in _AUX or word in {"has", "had", "have", "was", "were", "is", "are"}:
            return None
        if word.endswith("ed") or word in _IRREGULAR_PAST:
            stems = content_terms(word)
            return stems[0] if stems else None
    return None


def _qualifiers(text: str, names: list[Name]) -> set[str]:
    """The question's words that have an opposite, outside its names and its question words."""
    in_names = {p for n in names for p in n.parts}
    found = {w for w in _words(text) if w in _OPPOSITE and w not in in_names} - {"most"}
    return {w for w in found if not _OPPOSITE[w] & found}  # "the largest or the smallest?" asks both


def _coordinated(text: str, names: list[Name]) -> list[list[Name]]:
    """Group names that the question joins with "and", "or", "versus" or a comma."""
    groups: list[list[Name]] = []
    last_end = -1
    for name in names:
        at = text.find(name.text, max(0, last_end))
        between = text[last_end:at] if groups and at >= 0 else ""
        if groups and re.fullmatch(
            r"(?:\s+[a-z]+){0,2}\s*(?:,|and|or|&|vs\.?|versus|,\s*and|,\s*or)\s*(?:the\s+)?", between
        ):
            groups[-1].append(name)
        else:
            groups.append([name])
        if at >= 0:
            last_end = at + len(name.text)
    return groups


_MONEY_WORDS = (
    r"\b(?:money|cost|costs|paid|pay|pays|price|worth|value|valued|compensation|fine|fined|damages|offer|"
    r"offered|spend|spent|budget|fund|funding|revenue|loss|losses|claim|claimed|demand|demanded|earn|earned|"
    r"raise|raised|charge|charged|sum|amount)\b"
)
_CURRENCY = re.compile(
    r"[$£€¥₹]|\b(?:dollars?|euros?|pounds?|rupees?|yuan|yen|roubles?|rubles?|francs?|dirhams?|riyals?|"
    r"USD|EUR|GBP|cents?)\b",
    re.I,
)


def _requirements(text: str, answer_type: str | None, several: bool = False) -> list[frozenset[str]]:
    """Word groups an answer sentence must touch: stems, except role nouns, which are whole words."""
    terms = set(content_terms(text))
    words = _words(re.sub(r"\bin charge\b", " ", text, flags=re.I))  # "who was in charge of…" names no chargé
    groups = []
    if answer_type == "person":
        groups += [frozenset("w:" + w for w in g.split()) for g in _ROLE_GROUPS if words & set(g.split())]
    if answer_type in {"number", "date"} and not several:
        deaths, injuries = frozenset(content_terms(_DEATHS)), frozenset(content_terms(_INJURIES))
        either = frozenset(content_terms(_EITHER))
        asked = (deaths if terms & deaths else frozenset()) | (injuries if terms & injuries else frozenset())
        if terms & either or (terms & deaths and terms & injuries):
            asked = deaths | injuries | either
        if asked:
            groups.append(asked)
    if answer_type is None and (match := _YES_NO.match(text.strip())):
        groups.append(frozenset(content_terms(match.group("verbs").replace(" or ", " "))))
    return [g for g in groups if g]


# Nouns for people are mostly made the same few ways: striker, chemist, spokesman, physician, engineer.
_PERSON_SUFFIX = re.compile(r"(?:ist|man|woman|person|ician|eer|ant|ee|er|or)s?$")
_NOT_PEOPLE = frozenset(
    {"number", "border", "order", "center", "centre", "computer", "corner", "water", "river", "paper"}
    | {"matter", "letter", "chapter", "quarter", "cover", "power", "tower", "filter", "sector", "factor"}
    | {"error", "mirror", "floor", "door", "color", "colour", "motor", "indicator", "reactor", "vector"}
    | {"meter", "metre", "theater", "theatre", "weather", "winter", "summer", "offer", "layer", "tanker"}
    | {"carrier", "container", "trailer", "dollar", "register", "charter", "cancer", "disaster", "liter"}
    | {"litre", "character", "manner", "shelter", "barrier", "harbor", "harbour", "corridor", "vendor"}
    | {"plant", "variant", "restaurant", "element", "instrument", "amount", "event", "agreement", "fee"}
    | {"tree", "degree", "committee", "guarantee", "german", "roman", "human", "ottoman", "woman's"}
    | {"grant", "quadrant"}
)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def is_person_noun(word: str) -> bool:
    """A noun for a person by how English makes one; a list of exceptions keeps things out."""
    singular = _singular(word)
    if singular in _NOT_PEOPLE or word in _NOT_PEOPLE or len(singular) < 4:
        return False
    return word in _PERSON_NOUNS or singular in _PERSON_NOUNS or bool(_PERSON_SUFFIX.search(singular))


def _head_phrase(lower: str) -> list[str]:
    """The words of "which/what <noun phrase>" before its verb: "which premier league striker scored" ->
    [premier, league, striker]. None where an auxiliary follows the wh-word: in "what did Baran want…" or
    "what are rotors mounted on?" the wh-word is the object, and the noun after it ("rotors") is the subject,
    not the kind of thing asked for. A trailing adverb ("what proclamation officially ended") is no noun."""
    match = re.search(
        r"\b(?:what|which)\s+((?:[\w’'-]+\s+){0,4}?[\w’'-]+?)(?=\s+(?:" + "|".join(_AUX) + r"|\w+ed)\b)",
        lower,
    )
    if not match:
        return []
    words = match.group(1).split()
    if re.sub(r"n[’']t$", "", words[0]) in _AUX | {"don", "doesn", "didn", "isn", "aren", "wasn", "weren"}:
        return []
    while len(words) > 1 and words[-1].endswith("ly"):
        words.pop()
    return [w for w in words if w not in _AUX]


def _head_noun(lower: str) -> str | None:
    """The last word of "which/what <noun phrase>" before its verb: "which Premier League striker" -> striker."""
    words = _head_phrase(lower)
    return words[-1] if words else None


def _head_terms(lower: str) -> set[str]:
    return set(content_terms(" ".join(_head_phrase(lower))))


def _words(text: str) -> set[str]:
    return {_unpossessive(w) for w in re.findall(r"[\w’'-]+", text)}


def _unpossessive(word: str) -> str:
    return re.sub(r"[’']s?$", "", word.lower())


def _is_demonym(word: str, following: str) -> bool:
    """A people's name used as an adjective ("Russian embassy"): not a name that answers "who"."""
    return word.endswith(("ian", "ese", "ish", "stani", "ani")) and bool(re.match(r"\s+[a-z]", following))


@dataclass
class Unmet:
    """A constraint of the question that a sentence (with its neighbours) does not meet."""

    wanted: str  # as the question says it
    found: str | None = None  # what the sentence has instead, when it has something of that kind
    # The sentence says the opposite of what is asked ("smaller streams" for "larger streams"): the question
    # is about this very passage and gets it wrong, so a weaker sentence elsewhere does not answer it either.
    flipped: bool = False


def unmet_constraint(
    analysis: QuestionAnalysis,
    sentence: str,
    window: str,
    paragraph: str = "",
    doc_date: str | None = None,
    aliases: dict[str, set[str]] | None = None,
    doc_names: frozenset[str] = frozenset(),
    doc_years: frozenset[str] = frozenset(),
    own: str | None = None,
) -> Unmet | None:
    """Every name, year and day the question names must hold where the answer sentence stands.

    window: the sentence with its neighbours and its document's title, author and publisher; own: the same
    without the neighbours. A neighbour supplies a name, except to a sentence that turns to another case:
    "…on Tajikistan. Similarly, an attack in Shiraz killed 15" is about Shiraz. A name that only sets the
    scene ("in Paris") may come from the rest of the document. A year holds when the paragraph names it, or
    when the document names it and neither the sentence nor its paragraph names another year. A day
    ("on 12 April") must be in the window or the paragraph.
    """
    own = window if own is None else own
    for group in analysis.name_groups:
        if any(n.text in analysis.settings and set(n.parts) <= doc_names for n in group):
            continue
        if any(
            n.text in analysis.modifies
            and set(n.parts) <= doc_names
            and _refers_to(analysis.modifies[n.text], sentence)
            for n in group
        ):
            continue  # "the talks" in an article that names Moscow: the Moscow talks
        if any(
            n.text in analysis.owns
            and all(word_matches(p, doc_names) for p in n.parts)  # "Egyptian" names Egypt
            and name_in(analysis.owns[n.text], sentence)
            for n in group
        ):
            continue  # "the Suez Canal" in an article that names Egypt: Egypt's Suez Canal
        parts = {p for n in group for p in n.parts}
        others = [
            n.text
            for n in find_names(sentence)
            if not set(n.parts) & parts
            and not set(n.parts) <= analysis.common
            and not any(name_in(q, n.text, aliases) for q in analysis.names)
        ]
        # "…the Ever Given's containers. …the Ever Greet…": a sentence that names a sibling of the name
        # asked about ("Ever Given" for "Ever Greet": a word shared, a word different) is about the sibling,
        # whatever its neighbours say. A part of the name ("Curie" for "Marie Curie") is not.
        siblings = [
            m
            for m in find_names(sentence)
            if any(
                set(m.parts) & set(n.parts)
                and set(m.parts) - set(n.parts)
                and not name_in(n, m.text, aliases)
                for n in group
            )
        ]
        typed = any(n.text in analysis.typing for n in group)
        where = own if moves_on(sentence) or siblings or typed else window
        if not any(
            name_in(n, where, aliases)
            or (not siblings and not typed and _loose_in(n.text, where))
            or (n.text in analysis.actors and _same_country(n.text, where))
            for n in group
        ):
            wanted = " or ".join(without_possessive(n.text) for n in group)
            return Unmet(wanted, others[0] if others else None)
    if analysis.undergoes:
        undergoer = next((n for n in analysis.names if n.text == analysis.undergoes[0]), None)
        if undergoer and _reversed(undergoer, analysis.undergoes[1], sentence, aliases):
            _, _, phrase, verb = analysis.undergoes
            thing = phrase.split(f" {verb} ", 1)[-1]  # "Who replaced the Normans": what the Normans replaced
            return Unmet(phrase[:1].lower() + phrase[1:], f"what {thing} {verb}", flipped=True)
    asked = analysis.own or analysis.text
    for name in analysis.names:
        head = analysis.modifies.get(name.text, "").split()[:1]
        if re.search(
            rf"\b(?:{_DO_AUX}|that|which|where|when|who|whom)\s+(?:the\s+)?{re.escape(name.text)}\s", asked
        ):
            head = []  # "does Ijssel carry", "that the Rhine flows": the name's verb, not a noun it modifies
        if head and (other := _other_modifier(name, head[0], sentence, aliases)):
            return Unmet(f"the {name.text} {head[0]}", f"the {other} {head[0]}", flipped=True)
    for name in analysis.names:
        if name.text in analysis.agents and (
            other := _other_agent(name, analysis.agents[name.text], sentence, aliases)
        ):
            return Unmet(without_possessive(name.text), other, flipped=True)
    for year in analysis.years:
        own_years = years(sentence)
        if side := analysis.bounds.get(year):
            # "Before July 2024": a sentence dated within the bound holds; one dated only beyond it does not.
            inside = [
                y for y in own_years if (int(y) <= int(year) if side == "before" else int(y) >= int(year))
            ]
            if own_years and not inside:
                return Unmet(f"{side} {year}", own_years[0], flipped=True)
            continue
        # A sentence that dates itself ("In January 2023, …") is about its own year, whatever year its
        # neighbours name.
        where = sentence if own_years else window + " " + paragraph
        if re.search(rf"\b{year}\b", where):
            continue
        stated = own_years or years(paragraph)
        if not stated and (year in doc_years or (doc_date or "").startswith(year)):
            continue
        # The sentence itself dates its event otherwise: the question gets this passage's year wrong, so a
        # weaker sentence elsewhere is no answer either (as with an opposite).
        found = dated_as(stated[0], sentence if own_years else paragraph) if stated else None
        return Unmet(year, found, flipped=bool(own_years))
    if (
        analysis.months
        and (stated := _months(sentence))
        and not analysis.months & _months(window + " " + paragraph)
    ):
        # "in October 2022" is not answered by a sentence dated December 2, 2022
        asked = re.search(_MONTH_NAME, analysis.text)
        found = re.search(_MONTH_NAME, sentence)
        return Unmet(asked.group(0) if asked else "that month", found.group(0) if found and stated else None)
    for century in analysis.centuries:
        # "in the 10th century" holds where "10th" is said ("the 10th and 11th centuries") beside the answer.
        # A year of the century beside the answer holds too ("in 1564" for "a 16th century settlement").
        said = re.search(rf"\b{century}\b", window + " " + paragraph, re.I)
        if not said and not _in_century(int(century[:-2]), window):
            stated = _CENTURY.findall(sentence) or re.findall(r"\b\d{1,2}(?:st|nd|rd|th)\b", sentence)
            found = f"the {stated[0]}" if stated else None
            return Unmet(f"the {century} century", found, flipped=bool(stated))
    for decade in analysis.decades:
        # "in the 1990s" holds where the decade, one of its years or (for "the 1100s") its century is said.
        start = int(decade[:-1])
        end = start + (99 if start % 100 == 0 else 9)
        where = " ".join((sentence, window, paragraph))
        if decade in where or _within(start, end, where):
            continue
        if start % 100 == 0 and re.search(rf"\b{_ordinal(start // 100 + 1)}\b", where, re.I):
            continue
        stated = [f"the {d}" for d in _DECADE.findall(sentence)] + [
            f"the {c} century" for c in _CENTURY.findall(sentence)
        ]
        stated += years(sentence)
        if not stated and _within(start, end, " ".join(doc_years)):
            continue
        return Unmet(f"the {decade}", stated[0] if stated else None, flipped=bool(stated))
    if analysis.qualifiers and (flip := opposite_in(analysis.qualifiers, sentence)):
        return Unmet(flip[0], flip[1], flipped=True)
    if analysis.attributes and (flip := flipped_attribute(analysis.attributes, sentence)):
        return Unmet(flip[0], flip[1], flipped=True)
    if analysis.turns and (flip := turned(analysis.turns, sentence)):
        return Unmet(_surface(flip[0], analysis.text), flip[1], flipped=True)
    if flip := negation_flipped(analysis.text, sentence):
        return Unmet(flip[0], flip[1], flipped=True)
    if analysis.days:
        present = day_months(window + " " + paragraph)
        if not set(analysis.days) & set(present):
            stated = list(day_months(sentence).values())
            return Unmet(" or ".join(analysis.days.values()), stated[0] if stated else None)
    return None


def _undergoes(text: str, names: list[Name]) -> tuple[str, str, str, str] | None:
    """The name a wh-subject question's verb is done to: "Who replaced the Normans as the ruling class?"."""
    match = re.match(r"\s*(?:who|which|what)\b((?:\s+[a-z][\w-]*){1,3})", text, re.I)
    if not match:
        return None
    for verb in re.finditer(r"[a-z][\w-]*", match.group(1)):
        if verb.group(0) in _AUX or verb.group(0) in {"has", "had", "have", "was", "were", "is", "are"}:
            return None
        if not (verb.group(0).endswith("ed") or verb.group(0) in _IRREGULAR_PAST):
            continue
        lemma = verb_lemma(verb.group(0))
        end = match.start(1) + verb.end()
        rest = re.sub(r"^\s+(?:the\s+)?", "", text[end:])
        for name in names:
            if lemma and lemma not in _LIGHT_VERBS and rest.startswith(name.text):
                head = _modified_phrase(name.text, rest).split()[:1]  # "…the Russian embassy"
                asked = text[: len(text) - len(rest) + len(name.text)].strip()
                return name.text, lemma, " ".join([asked, *head]), verb.group(0)
        return None
    return None


_CLAUSE_START = r"[,;:()]|\b(?:that|which|who|whom|when|while|because|after|before|as|if)\b"


def _reversed(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> bool:
    """The sentence has the name do what the question has done to it: "The invading Normans… replaced the
    Anglo-Saxons" answers whom the Normans replaced, not "Who replaced the Normans?"."""
    forms = verb_forms(lemma)
    for match in re.finditer(r"\b[a-z]+\b", sentence):
        if match.group(0) not in forms:
            continue
        before = sentence[: match.start()]
        if re.search(r"\b(?:was|were|is|are|be|been|being|by)\s+(?:\w+ly\s+)?$", before):
            continue  # "Dyrrachium was betrayed to the Normans": done to the subject, as asked
        clause = re.split(_CLAUSE_START, before)[-1]
        after = " ".join(sentence[match.end() :].split()[:8])
        if len(clause.split()) <= 8 and name_in(name, clause, aliases) and not name_in(name, after, aliases):
            return True
    return False


_DO_AUX = r"(?:did|does|do|has|have|had|will|would|could|can)"
_LIGHT_VERBS = frozenset({"be", "have", "do"})


def _agents(text: str, names: list[Name]) -> dict[str, str]:
    """Names that do the question's verb ("When did Richard II flee…" -> {"Richard II": "flee"})."""
    found = {}
    for name in names:
        match = re.search(
            rf"\b{_DO_AUX}\s+(?:the\s+)?{re.escape(name.text)}\s+(?:[a-z]+ly\s+)?([a-z]+)\b(?![’'-])", text
        )
        if match and (lemma := verb_lemma(match.group(1))) and lemma not in _LIGHT_VERBS:
            found[name.text] = lemma
    return found


_AGENT_GAP = r"(?:\s*,[^,]{1,60},)?\s+" + (
    r"(?:(?:had|has|have|was|were|also|then|later|first|eventually|reportedly)\s+){0,2}$"
)


def _other_agent(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> str | None:
    """Another name that does the question's verb in the sentence: "When did Richard II flee to Normandy?" is
    not answered by "Ethelred fled to Normandy in 1013", whichever of its neighbours names Richard II."""
    forms = verb_forms(lemma)
    for match in re.finditer(r"\b[a-z]+\b", sentence):
        if match.group(0) not in forms:
            continue
        before = sentence[: match.start()]
        if name_in(name, before, aliases):
            return None  # the asked name comes first: it may be the one who does it
        subject = re.search(
            r"((?:[A-Z][\w’'-]*)(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w’'-]*)*)" + _AGENT_GAP, before
        )
        if not subject:
            continue
        said = subject.group(1)
        # A name that opens the sentence alone ("Ethelred fled…") is a name unless it is a common word.
        others = [n for n in find_names(before) if n.text in said or n.text.endswith(said)] or (
            find_names("The " + said)
            if not before[: subject.start()].strip() and said.lower() not in STOPWORDS
            else []
        )
        if others and not any(name_in(name, o.text, aliases) or name_in(o, name.text) for o in others):
            return said
    return None


def _acts(name: str, text: str) -> bool:
    """The name is the subject of an auxiliary ("did Moscow give", "is Beijing uneasy"), or owns ("Beijing's")."""
    aux = "|".join(_AUX)
    return bool(
        re.search(rf"\b(?:{aux})\s+{re.escape(name)}\b", text, re.I)
        or re.search(rf"{re.escape(name)}['’]s?(?!\w)", text)
    )


def _same_country(name: str, window: str) -> bool:
    """A capital stands for its government, a people for its country: "Moscow" holds where the window says
    "the Russians", "Beijing" where it says "China". Not for a place the question is set in ("in Lisbon")."""
    country = country_named(name)
    return country is not None and country in _countries(window)


@lru_cache(maxsize=4096)
def _countries(text: str) -> frozenset[str]:
    """The countries a question or an answer window names (both are read again question after question)."""
    return frozenset(countries_in(text))


def _asked_phrase(text: str) -> str:
    """The capitalised words right after the opening "which/what" ("Which Ubuntu release…" -> "Ubuntu")."""
    match = re.match(r"\W*(?:[Ww]hich|[Ww]hat)\s+((?:[A-Z][\w’'.&-]*\s+)+)[a-z]", text)
    return match.group(1) if match else ""


_NOT_MODIFIED = _AUX | {"and", "or", "but", "than", "as", "that", "which", "who", "when", "where", "after"}


def _modified_phrase(name: str, text: str) -> str:
    """The lower-case words a name modifies, up to three ("the Kremlin's multilateral security session" ->
    "multilateral security session"); "" when a verb or a preposition follows the name."""
    match = re.search(rf"{re.escape(name)}((?:\s+[a-z][a-z-]{{2,}}){{1,3}})", text)
    if not match:
        return ""
    kept = []
    for word in match.group(1).split():
        if word in _NOT_MODIFIED or word in STOPWORDS:
            break
        kept.append(word)
    return " ".join(kept)


def _other_modifier(name: Name, head: str, sentence: str, aliases: dict[str, set[str]] | None) -> str | None:
    """Another name before the noun the question's name modifies: "When was the Pakistani embassy attacked?"
    is not answered by "The Russian embassy was attacked…", whatever its neighbours say of Pakistan. None when
    the sentence also puts the asked name there ("the Pakistani and Russian embassies")."""
    singular = _singular(head)
    noun = rf"(?:{re.escape(singular)}|{re.escape(head)})(?:s|es)?"
    if singular.endswith("y"):
        noun = rf"(?:{noun}|{re.escape(singular[:-1])}ies)"  # "mercenaries" for "mercenary"
    run = r"[A-Z][\w’'-]*(?:(?:\s+|\s*,\s*|\s+(?:and|or)\s+)[A-Z][\w’'-]*)*"
    others = []
    for match in re.finditer(rf"({run})\s+{noun}\b", sentence):
        modifiers = find_names("The " + re.sub(r"^(?:The|A|An|This|That|These|Those)\s+", "", match.group(1)))
        if (
            any(
                set(m.parts) & set(name.parts)
                or name_in(name, m.text, aliases)
                or _same_place(name.text, m.text)
                for m in modifiers
            )
            or name.text.lower() in match.group(1).lower()
        ):
            return None
        # "the Paris embassy" is where the Russian embassy stands: a people, a country and a thing's own name
        # ("Windows machines") are different ways to tell one from another, and only the same way conflicts.
        others += [
            m.text
            for m in modifiers
            if not set(m.parts) <= STOPWORDS and _modifier_kind(m.text) == _modifier_kind(name.text)
        ]
    return others[0] if others else None


def _same_place(a: str, b: str) -> bool:
    country = country_named(a)
    return country is not None and country == country_named(b)


def _modifier_kind(name: str) -> str:
    return "people" if is_people(name) else "place" if country_named(name) else "other"


def _owned_names(names: list[Name], text: str) -> dict[str, Name]:
    """{"Egypt's": Name("Suez Canal")} for "Egypt's $8.5 billion Suez Canal expansion": a possessive name
    and the name right after it, at most a figure between ("Russia's envoy told Pakistan" owns nothing)."""
    owned: dict[str, Name] = {}
    for name, following in zip(names, names[1:], strict=False):
        at = text.find(name.text)
        if at < 0:
            continue
        end = at + len(name.text)
        between = text[end : text.find(following.text, end)]
        if without_possessive(name.text) == name.text:  # the name was found without its "'s"
            if not between.startswith(("'s", "’s")):
                continue
            between = between[2:]
        if re.fullmatch(r"\s+(?:[$£€]?[\d.,]+(?:\s+(?:million|billion|trillion))?\s+)?", between):
            owned[name.text] = following
    return owned


def _refers_to(phrase: str, sentence: str) -> bool:
    """ "the talks", "this security session", "the session": the sentence refers back to the thing the
    phrase names, by its first word or its last (its head), with none but the phrase's own words between."""
    words = phrase.split()
    heads = "|".join(re.escape(w) for w in dict.fromkeys((words[0], words[-1])))
    own = "|".join(re.escape(w) for w in words)  # "the Russian embassy" is another embassy
    return bool(
        re.search(rf"\b(?:[Tt]he|[Tt]h[eo]se|[Tt]his)\s+(?:(?:{own})\s+){{0,2}}(?:{heads})\b", sentence)
    )


# A sentence that opens on one of these turns to another case ("Similarly, in Shiraz…"): what the sentence
# before it named is not what this one is about.
_MOVES_ON = re.compile(
    r"^\W*(?:similarly|likewise|meanwhile|by contrast|in contrast|on the other hand|elsewhere|separately|"
    r"another|in other news)\b",
    re.I,
)


def moves_on(sentence: str) -> bool:
    return bool(_MOVES_ON.search(sentence))


# Nouns that count anything ("how many people/times"), and casualty words, which _requirements handles.
_ANY_COUNT = frozenset(
    content_terms(f"people persons person individuals times ones others {_DEATHS} {_INJURIES} {_EITHER}")
)


def counted_noun(question: str) -> frozenset[str]:
    """Stems of the noun phrase after "how many"/"number of", up to the first function word: "How many crew
    members were aboard…" -> {crew, member}. Empty where the phrase counts anything at all ("how many
    people", "how many of them", "how many did it kill")."""
    match = re.search(r"\b(?:how many|number of)\s+([^?.,;:]*)", question, re.I)
    if not match:
        return frozenset()
    phrase: list[str] = []
    for word in re.findall(r"[\w’'-]+", match.group(1).lower())[:4]:
        if not phrase and word in ("more", "other", "different", "separate"):
            continue
        if word in STOPWORDS or word in _AUX or _COUNT.fullmatch(word) or _verb_like(word):
            break
        phrase.append(word)
    stems = frozenset(content_terms(" ".join(phrase)))
    return frozenset() if stems & _ANY_COUNT else stems


def _verb_like(word: str) -> bool:
    return word in _IRREGULAR_PAST or bool(re.search(r"(?:[^e]ed|ing|wide|ly)$", word)) and len(word) > 5


def _counts(counted: frozenset[str], sentence: str) -> bool:
    """The sentence names what is counted, by stem or by one stem starting the other ("tugs" ~ "tugboats")."""
    terms = set(content_terms(sentence))
    return bool(counted & terms) or any(
        (a.startswith(b) or b.startswith(a)) and min(len(a), len(b)) >= 3 for a in counted for b in terms
    )


def fits(analysis: QuestionAnalysis, sentence: str) -> bool:
    """Does this sentence carry the kind of fact asked for, about what was asked?

    For "who" questions the subject may sit in the sentence's surroundings: "President Putin
    chaired part of the session" answers a question about the Kremlin's session. Figures and dates must
    be about the subject in the sentence itself.
    """
    if analysis.required:
        present = set(content_terms(sentence)) | {"w:" + w for w in _words(sentence)}
        if _titled_name(sentence):
            present |= {"w:official", "w:leader"}  # "Portland Mayor Ted Wheeler" is an official
        if not all(group & present for group in analysis.required):
            return False
    if analysis.money and not _CURRENCY.search(sentence):
        return False
    if analysis.percent:
        if not _PERCENT.search(sentence):
            return False
        if analysis.answer_types == ["number"]:
            return True  # "about half the fleet" is a share without a figure
    if analysis.counted and analysis.answer_types == ["number"] and not _counts(analysis.counted, sentence):
        return False
    if analysis.country and not countries_in(sentence) - _countries(analysis.text):
        return False
    if analysis.answer_type is None:
        return True  # open questions (why/how/what about): relevance alone decides
    # Only the question's own words: a name a follow-up's topic carries can still be the answer.
    asked = analysis.own or analysis.text
    if analysis.answer_types == ["person"] and not analysis.country and (role := asked_role(asked)):
        found = new_names(asked, sentence, "person", analysis.common)
        return bool(found) and _named_role(role, found, sentence)
    return any(_has_fact(kind, asked, sentence, analysis.common) for kind in analysis.answer_types)


_TITLED = re.compile(r"\b([A-Z][a-z]+)(?=\s+[A-Z][\w’'-]+\s+[A-Z][\w’'-]+)")


def _titled_name(sentence: str) -> bool:
    """A person's title before their full name ("Mayor Ted Wheeler", "Governor Ann Lee"): a noun for a person,
    capitalised as titles are."""
    return any(is_person_noun(m.group(1).lower()) for m in _TITLED.finditer(sentence))


def asked_role(question: str) -> str | None:
    """The person noun a question asks to name: "What was the name of the security guard…", "Which envoy
    faulted…", "Who was the bomber?" -> guard, envoy, bomber."""
    lower = question.lower()
    nouns = []
    if match := re.search(
        r"\bname of (?:the|a|an|this|that|his|her|their|its)\s+((?:[a-z][\w’'-]*\s+){0,3})", lower
    ):
        words = match.group(1).split()
        nouns += [w for w in words if is_person_noun(w)][-1:]
    if match := _WHO_IS.search(question):
        nouns.append(match.group(1).lower())
    head = _head_phrase(lower)
    # "which country's diplomats" asks for a country
    if head and not any(re.search(r"[’']s?$", w) for w in head[:-1]):
        nouns.append(head[-1])
    # a common noun, as the question writes it ("Norman" is a name, not a role ending in "man")
    return next((n for n in nouns if is_person_noun(n) and re.search(rf"\b{re.escape(n)}\b", question)), None)


_NOT_BETWEEN = r"(?!(?:and|plus|or|but|while|with|as well as|whereas)\b)"


def _named_role(role: str, names: list[str], sentence: str) -> bool:
    """Where the sentence speaks of the asked role, a name must stand beside it ("guard John Ode", "John Ode,
    a hotel guard", "a diplomat, identified as Second Secretary…"): in "…killed Second Secretary Mikhail Ode,
    plus a Russian security guard" the guard has no name. A sentence without the role may name it otherwise."""
    noun = rf"\b{re.escape(_singular(role))}(?:s|es)?\b"
    if not re.search(noun, sentence, re.I):
        return True
    for name in names:
        n = re.escape(name)
        if re.search(
            rf"{noun}(?:\s+(?:of|to|for|in|at)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?,?\s+"
            rf"(?:(?:named|called)\s+)?{n}|"
            rf"{noun},?\s+(?:who\s+)?(?:(?:was|is|were|are|has been|had been)\s+)?(?:identified|named|known)\b"
            rf"[^.;]{{0,60}}?\b(?:as\s+)?{n}|"
            rf"{noun}\s+(?:was|is)\s+{n}|{n}\s+(?:was|is)\s+(?:the|a|an)\s+(?:{_NOT_BETWEEN}[\w’'-]+\s+){{0,3}}{noun}|"
            rf"{n},\s+(?:(?:a|an|the|its|his|her|their|who (?:was|is|were|are))\s+)?"
            rf"(?:{_NOT_BETWEEN}[\w’'-]+\s+){{0,3}}{noun}|"
            rf"{n}\s*\([^)]*{noun}",
            sentence,
            re.I,
        ):
            return True
    return False


# A figure with a unit measures something ("a 1,312-foot-long ship", "400 metres"): it counts no ships, so
# it does not answer "how many <things>" unless the question names the unit. A share ("62 percent") can.
_UNIT = (
    r"feet|foot|ft|metres?|meters?|m|km|kilometres?|kilometers?|miles?|inch(?:es)?|tons?|tonnes?|pounds?|"
    r"lbs?|kg|kilograms?|knots?|degrees?"
)
_MEASURE = re.compile(rf"\b\d[\d,.]*[\s-]*(?P<unit>{_UNIT})(?![\w])", re.I)
_SAME_UNIT = {
    "feet": "foot",
    "ft": "foot",
    "metre": "meter",
    "m": "meter",
    "kilometre": "km",
    "kilometer": "km",
    "lb": "pound",
    "kilogram": "kg",
    "tonne": "ton",
    "inche": "inch",
}


def _unit(word: str) -> str:
    word = word.lower()
    word = word[:-1] if word.endswith("s") and len(word) > 2 else word
    return _SAME_UNIT.get(word, word)


_VERSION = re.compile(r"\bv?\d+(?:\.\d+)+(?:[a-z]+\d*)?\b")
# "…in which a guard police officer was injured": one casualty, counted with an article.
_ONE_CASUALTY = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:was|has been|had been)\s+(?:killed|injured|wounded|hurt|"
    r"shot|stabbed)\b",
    re.I,
)


def _has_fact(kind: str, question: str, sentence: str, common: frozenset[str] = frozenset()) -> bool:
    if kind == "number":
        counted = sentence
        if re.search(r"\bhow many\b", question, re.I):
            asked = {_unit(w) for w in re.findall(rf"\b(?:{_UNIT})\b", question, re.I)}
            counted = _MEASURE.sub(lambda m: m.group(0) if _unit(m.group("unit")) in asked else " ", sentence)
        return bool(_COUNT.search(_without_dates(counted)) or _ONE_CASUALTY.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind == "version":
        asked = set(_VERSION.findall(question))
        return any(v not in asked for v in _VERSION.findall(sentence))
    if kind == "measure":  # "how long/old…" is answered by a figure, or by a date it runs from
        return bool(_COUNT.search(sentence) or _DATE.search(sentence) or re.search(r"\bsince\b", sentence))
    return bool(new_names(question, sentence, kind, common))


# "Who was the bomber?" asks for a person, as "Which bomber…" does; "Who attacked…" may be a group.
_WHO_IS = re.compile(r"\bwho (?:was|is|were|are) (?:the|a|an) (?:[a-z-]+ )?([a-z-]+)\b", re.I)


def new_names(question: str, sentence: str, kind: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Proper names in the sentence that the question does not already contain. The collection's subject
    (common) can answer "who claimed it?", never "which diplomat?" or "which building?"."""
    q_words = {_unpossessive(w) for w in re.findall(r"[\w’'-]+", question)}
    q_words |= set(content_terms(question))  # and their stems: "Shiites" is the question's "Shiite"
    names = []
    for match in _CAPS.finditer(sentence):
        words = [_unpossessive(w) for w in match.group(0).split()]
        if match.start() == 0:
            words = words[1:]
        # An identifier ("CVE-2024-3094", "F-16") names no one.
        words = [
            w for w in words if w not in {"of", "the", "al", "bin", "ibn", "de"} and not re.search(r"-\d", w)
        ]
        following = sentence[match.end() : match.end() + 12]
        if not words or all(
            w in q_words
            or _stem1(w) in q_words
            or _is_demonym(w, following)
            or re.fullmatch(f"{_MONTH}|{_WEEKDAY}", w, re.I)
            for w in words
        ):
            continue
        person_only = kind == "person" and (
            not re.search(r"\bwho(?:m)?\b", question, re.I)
            or bool((m := _WHO_IS.search(question)) and is_person_noun(m.group(1).lower()))
        )
        if (person_only or kind == "place") and set(words) <= common:
            continue
        shown = match.group(0).split()[1:] if match.start() == 0 else match.group(0).split()
        if person_only and (any(w in _NOT_A_PERSON for w in words) or " ".join(shown).isupper()):
            continue
        names.append(match.group(0))
    return names


_LINKS = frozenset({"the", "a", "an", "of", "from", "to", "in", "on", "at", "for", "with", "by", "and", "or"})


def _loose_in(entity: str, where: str) -> bool:
    """Any distinctive word of the name, by its first five letters ("Pakistan Charge…" ~ "Pakistani") or
    spelled a little differently from the same first letter ("Nangarhar" ~ "Nengrehar", never "Tajikistan" ~
    "Pakistan"). A word that another name shares ("American Airlines") or that stands as a common noun
    ("affected airlines") does not hold "Southwest Airlines"; "the lake" does hold "Lake Constance"."""
    # One name, all its words capitalised ("Southwest Airlines", not "Ars Technica and the Harsimran"): a
    # capitalised run that shares a word of it and differs in another is a sibling name.
    whole = len(entity.split()) > 1 and all(w[:1].isupper() for w in entity.split())
    parts = [p for p in re.split(r"[\s-]+", entity.lower()) if len(p) > 3 and p not in _ORG_OR_PLACE]
    keys = {p[:5] for p in parts}
    for part in parts:
        for match in re.finditer(rf"\b{re.escape(part[:5])}[\w’'-]*", where, re.I):
            if match.group(0)[0].isupper():
                # the capitalised words around it, up to a title-cased function word ("…Sail From Suez Canal")
                left = re.search(r"(?:[A-Z][\w’'-]*\s+)*$", where[: match.start()]).group(0).split()
                right = re.match(r"(?:\s+[A-Z][\w’'-]*)*", where[match.end() :]).group(0).split()
                left = list(itertools.takewhile(lambda w: w.lower() not in _LINKS, reversed(left)))
                right = list(itertools.takewhile(lambda w: w.lower() not in _LINKS, right))
                run = {w.lower()[:5] for w in left + right} | {part[:5]}
                if whole and run - keys and keys - run:
                    continue  # "American Airlines" is not "Southwest Airlines"
                return True
            before = re.split(r"[.!?]\s+(?=[A-Z])", where[: match.start()])[-1]
            if re.search(r"\b(?:the|this|that)\s+$", before, re.I) and not re.search(r"\s[A-Z]", before):
                return True  # "The lake is…" refers back to "Lake Constance"; "Delta … cost the airline" not
    # spelled differently: the words weighed above are not weighed again
    words = {w for w in re.findall(r"[a-z]{5,}", where.lower()) if w[:5] not in keys}
    return any(p[0] == w[0] and _similar(p, w) for p in parts if len(p) >= 6 for w in words)


@lru_cache(maxsize=65536)
def _similar(part: str, word: str) -> bool:
    """difflib ratio >= 0.75; the length bound first, as most words of a context fail on length alone."""
    import difflib

    if 2 * min(len(part), len(word)) < 0.75 * (len(part) + len(word)):
        return False
    matcher = difflib.SequenceMatcher(None, part, word)
    return matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75


def _without_dates(sentence: str) -> str:
    """Drop day-of-month and durations ("two years"): neither is a count of anything asked about."""
    sentence = re.sub(
        rf"\b(?:{_NUMBER_WORDS}|\d+)\s+(?:years?|months?|weeks?|days?|decades?|hours?)\b",
        " ",
        sentence,
        flags=re.I,
    )
    # ISO dates, day ranges ("from March 23 to 29"), identifiers ("CVE-2024-3094") and versions ("5.6.1")
    sentence = re.sub(
        rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:to|-|–|—|until|through)\s*"
        r"\d{1,2}\b|\b[A-Za-z][\w]*-\d[\d-]*\b|\bv?\d+(?:\.\d+){2,}\b",
        " ",
        sentence,
    )
    return re.sub(
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b", " ", sentence
    )
