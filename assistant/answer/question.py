"""What a question asks for: its answer type (number, date, name, place), its focus, and injected instructions.

The extractive backend uses this to refuse honestly when the passages are on topic but lack the fact asked
for ("the articles mention the hotel attack but give no casualty figures").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.opposites import AUX, CHANGE_STEMS, TURN, attributes, qualifiers, turn_terms, words_in
from assistant.answer.sums import asked_sum
from assistant.query import Query, set_aside, with_topic
from assistant.text.dates import (
    DATE_ISO,
    MONTH_RE,
    MONTHS,
    PIECE_NOUNS,
    day_months,
    source_date,
    weekdays_asked,
    without_source_date,
    years,
)
from assistant.text.lexical import STOPWORDS, content_terms, same_way
from assistant.text.names import (
    CODE_NAME,
    Name,
    collapse_abbreviations,
    find_names,
    office,
    officer_owned,
    untitled,
    untitled_text,
    without_possessive,
)
from assistant.text.numbers import WORD_RE as NUMBER_WORD_RE
from assistant.text.numbers import counts, ordinal_word, ordinals, shares, sums, versions
from assistant.text.places import countries_in, is_people
from assistant.text.verbs import IRREGULAR_PAST, irregular_forms, verb_lemma

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
# General English nouns for people that no suffix marks ("captain", "pilot", "victim")
_PERSON_NOUNS |= {"captain", "pilot", "judge", "king", "queen", "prince", "princess", "pope", "bishop"}
_PERSON_NOUNS |= {"priest", "nurse", "surgeon", "executive", "victim", "hostage", "suspect", "skipper"}
_PERSON_NOUNS |= {"colonel", "admiral", "candidate", "delegate", "citizen", "student", "resident"}
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
    "port",
    "harbour",
    "harbor",
    "capital",
    "island",
    "destination",
}
# "Which agency/company/publisher…" asks for the name of a body: a sentence without a new name can't answer.
_ORG_NOUNS = (
    "organisation organization agency company firm government ministry department institution vendor "
    "publisher newspaper outlet bank university regulator insurer authority court party committee council "
    "corporation business union alliance coalition body"
)
_ORG_STEMS = frozenset(content_terms(_ORG_NOUNS))
_VERSION_NOUNS = frozenset(content_terms("version release"))
NUMBER_WORDS = NUMBER_WORD_RE + r"|hundreds|thousands|dozens|two-dozen|several|nearly|around"
# A figure, not a digit inside a word ("m4", "v5", "x86") nor a year.
COUNT = re.compile(
    r"(?<![\d.A-Za-z])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.A-Za-z])(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?(?![\d])|"
    rf"\b(?:{NUMBER_WORDS})\b",
    re.I,
)

ORG_OR_PLACE = {
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
_BODY_WORDS = "club group association institute society foundation federation league"
# …and those that end a place's name: "the Lumen Canal" is no body that lifted an order.
_PLACE_NAME_ENDS = (
    "lake river sea ocean canal island bay gulf mountain valley street road square park port strait"
)
PLACE_NAME_ENDS = frozenset(f"{_PLACE_NAME_ENDS} channel desert".split())
NOT_A_PERSON = (
    ORG_OR_PLACE | _PLACE_NOUNS | set(_ORG_NOUNS.split()) | set(_BODY_WORDS.split()) | PLACE_NAME_ENDS
)


# Words that name the same role or outcome: a "which diplomat" question is answered by a "chargé
# d'affaires", a death-toll question only by a sentence about deaths or wounds.
# Matched as whole words, not stems: "diplomatic contact" does not name a diplomat.
_ROLE_GROUPS = [
    "diplomat diplomats envoy envoys ambassador ambassadors charge chargé consul secretary attache attaché "
    "representative representatives",
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
# "Who was killed in the attack?", "Which diplomats were wounded…?": a person asked for as a casualty is not
# answered by a sentence on someone injured, nor the other way round.
# "Who was the envoy killed in the attack?": the same, the role asked for named before its casualty word.
_CASUALTY_ASKED = re.compile(
    r"\W*(?:who\s+|which\s+(?:[\w’'-]+\s+){1,4}?)(?:was|were|had been|has been|have been|got)\s+(?:\w+ly\s+)?"
    r"(?:killed|injured|wounded|hurt)\b|\W*who\s+died\b|"
    r"\W*who\s+(?:was|were|is|are)\s+the\s+(?:[\w’'-]+\s+){1,3}?(?:killed|injured|wounded|hurt)\b",
    re.I,
)
# "Who was the captain of…", "Who is the president at…": the noun before the preposition is the person's role;
# not a participle ("Who was the diplomat wounded at…").
_ROLE_OF = re.compile(
    r"\W*who\s+(?:is|was|are|were)\s+(?:the|an?)\s+(?:[a-z]+\s+){0,2}?((?![a-z]+ed\s)[A-Za-z]+)\s+"
    r"(?:of|at|on|aboard|for)\b",
    re.I,
)
# "Where is Lumen based?", "Where was the ship built?", "Where does Ana Lee live?": a place that is the thing's
# seat, origin or home, which a sentence says with the verb or its kin ("Lisbon-based", "headquarters").
_WHERE_SITED = re.compile(
    r"\W*where\s+(?:is|was|are|were|does|did|do)\s+[^?]*?\b(based|headquartered|born|built|live|lives|lived|"
    r"reside|resides|resided)\b",
    re.I,
)
_SEAT = frozenset({"base", "headquart", "hq"})
_SITED_BY = {
    "based": _SEAT, "headquartered": _SEAT, "born": frozenset({"born", "birth", "birthplac", "nativ"}),
    "built": frozenset({"built", "build", "shipyard", "construct"}),
    **dict.fromkeys(("live", "lives", "lived", "reside", "resides", "resided"), frozenset({"live", "resid", "home"})),
}  # fmt: skip
# "Do the sources agree…", "Do the articles portray…": a question about the sources, not a deed to find said
_ASKS_SOURCES = re.compile(
    r"(?i)\w+\s+(?:the\s+)?(?:sources?|articles?|pieces?|reports?|posts?|authors?|writers?|texts?)\b"
)
# "the first ship to transit…", "the last one to be diverted": an order the answer must say.
_FIRST_TO = re.compile(r"\bthe (first|last) (?:[a-z]+ ){0,2}?to (?:be )?[a-z]+", re.I)
_FIRST_OR_LAST = {
    "first": frozenset({"w:first", "w:earliest"}),
    "last": frozenset({"w:last", "w:final", "w:latest"}),
}
# The subject is a name, or a thing of one ("Will the management of Lumen be fired?"); a passive or perfect
# auxiliary ("be", "been") is not the verb asked about.
_YES_NO = re.compile(
    r"^(?i:did|does|do|has|have|had|is|was|were|are|can|will)\s+"
    r"(?:(?:(?i:the|an?)\s+(?:[a-z]+\s+){1,3}(?:of|at|for)\s+(?:the\s+)?)?(?:(?i:the)\s+)?(?:[A-Z][\w’'-]*\s+)+"
    # "Did the ship sink?", "Was anyone injured…?": a one-word subject in lower case
    r"|(?i:the|an?)\s+[a-z]+\s+|(?:anyone|anybody|someone|somebody)\s+)"
    r"(?:(?:be|been|being)\s+)?(?:\w+ly\s+)?(?P<verbs>[a-z]+(?:\s+or\s+[a-z]+)?)\b"
)
# After a possessive the subject goes on in lower case ("Did CrowdStrike's stock price fall after…"): the
# verb is the last word of that run, before its object, a preposition or the end.
_RUN_END = "the|a|an|its|their|his|her|any|all|in|on|at|after|before|to|by|with|for|from|of|over|during"
_OWNED_RUN = re.compile(rf"((?:[a-z]+\s+)*?[a-z]+)(?=\s+(?:[A-Z]|(?:{_RUN_END})\b)|\s*[?.,;]|\s*$)")


@dataclass
class QuestionAnalysis:
    text: str  # the question without injected instructions, with a follow-up's carried topic
    answer_type: str | None  # "number", "date", "time", "person", "place", "organisation" or None
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
    # A possessive name and the title it owns ("Lumen's chief technology officer"), the collection's subject too:
    # another owner's title answers nothing.
    titles: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)  # names in lower case with a figure: "bzip2", "sha256"
    head_terms: set[str] = field(default_factory=set)  # stems of "what/which <noun>": tells person/place
    had_instruction: bool = False
    # Each group: an answer sentence must contain one of these stems (role, casualty or yes/no verb).
    required: list[frozenset[str]] = field(default_factory=list)
    answer_types: list[str] = field(default_factory=list)  # every kind of fact asked for
    predicate: str | None = None  # stem of the verb a who/which question asks about ("claimed" -> "claim")
    qualifiers: set[str] = field(default_factory=set)  # words with an opposite ("smallest", "northern")
    attributes: list[tuple[str, str]] = field(default_factory=list)  # ("larger", "streams"): see opposites.py
    turns: set[str] = field(default_factory=set)  # stems of changes with an opposite ("rise"), before/after
    centuries: list[str] = field(default_factory=list)  # "10th" of "in the 10th century"
    decades: list[str] = field(default_factory=list)  # "1990s" of "in the 1990s"; "1100s" is a century
    months: set[int] = field(default_factory=set)  # months named with a day or a year ("in October 2022")
    common: frozenset[str] = frozenset()  # the collection's subject: named everywhere, so it tells nothing
    money: bool = False  # "how much … cost/pay/worth": a figure in a currency answers, a count does not
    percent: bool = False  # "by what percentage…", "what proportion…": a share answers, a bare count does not
    # "How much did the stock fall?": by a share, a sum, a measure or points, not by a count of things
    change: bool = False
    # Stems of the noun phrase "how many" counts ("how many tugboats" -> tugboat): "250 ships" is no answer.
    counted: frozenset[str] = frozenset()
    # What "how large was the oil spill" measures ("oil spill"): a figure whose surroundings name no word of
    # it measures something else.
    measured: str | None = None
    # The kind of sum asked for ("revenue" of "How much revenue…"): a figure said to be another is no answer.
    sum_kind: str | None = None
    country: bool = False  # "which country…": a country the question does not name answers
    # "What did the mayor say/demand…", "What reason did GitHub give…": asks what someone said, so a sentence
    # answers only where it (or its neighbours) reports speech; None for "what do the sources say".
    speaker: str | None = None
    # Names inside the asked-for phrase ("Which Ubuntu release…", "Which Pakistani diplomat…"): they type
    # the answer, so the answer sentence itself must name them, not only its neighbours.
    typing: set[str] = field(default_factory=set)
    own: str = ""  # the question's own words: `text` without the carried topic
    # Names that act or own ("did Moscow give…", "Beijing's concerns"): a capital there is its government.
    actors: set[str] = field(default_factory=set)
    # "did Richard flee": {Name("Richard"): "flee"}; the collection's subject too, as a doer is never a given
    agents: dict[Name, str] = field(default_factory=dict)
    # "Who replaced the Normans?": (Name("Normans"), "replace", "Who replaced the Normans", "replaced")
    undergoes: tuple[Name, str, str, str] | None = None
    # "…according to the July 2021 update?": (year, month, day) of the source asked for, not of the event
    source_date: tuple[str | None, int | None, int | None] | None = None
    # "…cut its demand to $550 million?": the sums the question names, as (surface, value)
    sums: list[tuple[str, float]] = field(default_factory=list)
    # "…below 3.5 percent?": the percentages the question names, as (surface, value)
    shares: list[tuple[str, float]] = field(default_factory=list)
    # "Which attack killed 15 people…?": the counts the question gives, as (surface, value, thing counted)
    counts: list[tuple[str, float, str]] = field(default_factory=list)
    # "When was the duchy founded?", "When did Rollo begin to arrive…": the verbs of the event a date is asked
    # for ({"found"}, {"begin", "arrive"})
    events: frozenset[str] = frozenset()
    # "…on the Sunday before it was freed": the weekdays the question sets its event on
    weekdays: set[str] = field(default_factory=set)
    # "Jia Tan's third patch": (3, {"patch"}, "third patch"), an ordinal with the stems of what it numbers
    ordinals: list[tuple[int, frozenset[str], str]] = field(default_factory=list)
    # "Which state governor declared…?": the office the person asked for holds (see names.office)
    office: str | None = None
    # "Which bank…", "Which government agency…": the kind of body asked for by its noun; see facts.body_said
    body: str | None = None
    # "…crashes in xz 5.6.1?": the versions the question names (not those it bounds: "before 5.6.0")
    versions: list[str] = field(default_factory=list)


# "What…", "Which…", "To what…": the opening of a question that asks for the thing it names next.
_WHAT_OPENING = r"^\W*(?:(?:to|by|at|for|from|of) )?(?:what|which)"
# "By what percentage…", "What proportion of…": a share of something.
_WHAT_SHARE = _WHAT_OPENING + r"(?: [a-z]+)? (?:percentage|percent|proportion|fraction|share(?= of\b))\b"
# "What did the outage cost airlines?", "What will the repairs cost?": "cost" the verb asks a sum of money. Not
# the noun: "What did the firm say about the cost?", "What did its cost overrun mean?".
_WHAT_COSTS = (
    _WHAT_OPENING
    + r" (?:did|does|do|will|would|could|might|may)\b(?: (?!cost\b)[\w’'.&-]+){1,8}"
    + "".join(
        rf"(?<!\b{w})" for w in ("the", "a", "an", "its", "their", "his", "her", "about", "of", "for", "on")
    )
    + r" cost\b(?![\w-])"
)
# "What was the estimated value of…", "What is the population of…": a quantity, asked without "how many".
_QUANTITY = (
    # "What was the value…", "What were Lumen's total assets…", "What is the firm's market value?"
    r"\b(?:what|which) (?:was|is|were|are) (?:the|its|their|his|her|(?:the )?[\w&.-]+(?: [\w&.-]+){0,3}['’]s) "
    r"(?:[a-z]+ )?(?:value|cost|price|amount|total|size|population|"
    r"length|width|height|depth|weight|budget|revenue|rate|percentage|share|speed|capacity)\b|"
    # "What final compensation sum…", "Which amount…", "What daily cost…": the asked-for thing is itself a
    # quantity.
    + _WHAT_OPENING
    + r"(?: (?!(?:did|does|do|was|is|were|are|has|had|have|will|would|can|could)\b)[a-z]+){0,2} "
    r"(?:sum|amount|figure|total|cost|price|fee|rate|toll|score|salary|budget|volume|quantity)\b|"
    + _WHAT_SHARE
    + "|"
    + _WHAT_COSTS
)
_ASKS_PERCENT = re.compile(_WHAT_SHARE + r"|\bhow many percent\b")
# "How much did the shares fall…", "By how much has the queue grown…": the size of a change.
_HOW_MUCH_DONE = re.compile(
    r"\bhow much\s+(?:did|does|do|has|have|had|will|would|could|might|was|were|is|are)\b[^?]*", re.I
)


# Where the question says its source is ("According to a Hacker News comment…", "…, per the post on the CVSS
# vector"): names there describe the document, which may name them anywhere, not the answer sentence.
_ATTRIBUTION = re.compile(
    r"(?:^|[,;]\s*)(?:according to|per|as (?:reported|described|quoted|cited) (?:by|in)|in the words of)"
    r"\b[^,;?]*",
    re.I,
)


def attributions(text: str) -> str:
    """The question's phrases that say whose account it asks for ("according to Ana Lee and to the Lumen
    report"), joined."""
    return " ".join(_ATTRIBUTION.findall(text))


# "before July 2024", "since 2019", "until early 2020": a year that bounds the time asked about.
_BOUND_WORDS = r"before|prior to|until|till|up to|by|after|since|following"
_BOUND = re.compile(
    rf"\b(?P<side>{_BOUND_WORDS})\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?"
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


def _glossed(name: str, text: str) -> bool:
    """Only in parentheses: "At what time (Eastern)…" says how to read the answer, as a document does once
    ("All times Eastern"), so it holds where the answer's document names it, like a scene-setting name.
    Not in the parenthesis that ends a question: there a compound question's part carries the words of the
    part before it ("what post did he hold (Russian diplomat…)?"), which the answer sentence must hold."""
    outside = re.sub(r"\([^()]*\)(?!\W*$)", " ", text)
    return name in text and not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", outside)


# "When Jigar Kumar first complained, how many…": a leading clause that sets the scene for the question.
_SCENE_CLAUSE = re.compile(
    r"^\W*(?:when|after|before|while|once|as soon as)\s+"
    r"(?!(?:did|does|do|was|were|is|are|will|would|has|had|have|can|could|should|might)\b)[^,?]*,",
    re.I,
)

# "…, when the ship ran aground?": a closing clause that sets the question's time.
_SCENE_TAIL = re.compile(
    r"\s(?:when|while)\s+(?!(?:did|does|do|was|were|is|are|will|would|has|had|have|can|could)\b)[^,?]*\?\s*$",
    re.I,
)

# "How did the plan differ from what regulators announced?": a "what" inside asks for no regulator.
_ASKS_HOW = re.compile(
    r"\W*(?:how|why|when|where|whether|is|are|was|were|do|does|did|has|have|had|can|could)\b"
)

_EVENT_TIME = r"(?:after|before|since|following|during|until|prior to|in the wake of)"


# A month written as a name, case-sensitive here so the verb "may" is not May.
MONTH_NAME = MONTH_RE.replace("(", "(?:", 1) + r"\.?"


# "How long before the survey ended…", "How many days after the grounding…": the interval asked about, not a
# turn of events the answer must share.
_INTERVAL = re.compile(r"\bhow (?:long|soon|much (?:later|earlier)|many \w+)\s+(?:before|after)\b", re.I)


def months_in(text: str, dated: bool = False) -> set[int]:
    """Months written as names; dated: only with a day or a year beside them ("October 2022", "5 May")."""
    if dated:
        pattern = (
            rf"\b({MONTH_NAME})\s+\d|\d{{1,2}}(?:st|nd|rd|th)?\s+({MONTH_NAME})\b|\b[Ii]n\s+({MONTH_NAME})\b"
        )
    else:
        pattern = rf"\b({MONTH_NAME})\b"
    found = set()
    for match in re.finditer(pattern, text):
        name = next(g for g in match.groups() if g).rstrip(".").lower()
        found.add(MONTHS[name])
    # "2022-06-07: … sends pressure email", as timelines date their entries
    found |= {int(m.group(2)) for m in DATE_ISO.finditer(text) if 1 <= int(m.group(2)) <= 12}
    return found


# "the July settlement", "their March meeting": a month naming when the thing happened, as a day or a year
# beside it would. Not after a bound's word (_BOUND's): "less than a month before the July crash" bounds the time.
_MONTH_OF_THING = re.compile(
    rf"(?:\b(?P<bound>(?i:{_BOUND_WORDS}))\s+)?"
    rf"\b(?:the|its|their|his|her|this|that|last)\s+(?P<month>{MONTH_NAME})\s+(?=[a-z])"
    # "the July post", "the April update": a piece's month, which source_date and the published month read
    rf"(?!(?:blog\s+)?(?:{PIECE_NOUNS})s?\b)"
)


def attributive_months(text: str) -> set[int]:
    """Months written before the noun of what they date, with no day or year ("the July settlement")."""
    return {
        MONTHS[m.group("month").rstrip(".").lower()]
        for m in _MONTH_OF_THING.finditer(text)
        if not m.group("bound")
    }


CENTURY = re.compile(r"\b(\d{1,2}(?:st|nd|rd|th))[\s-]+centur", re.I)


DECADE = re.compile(r"\b(1\d\d0s|20\d0s)\b")


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


_SPEECH_ASKED = re.compile(
    r"\b(?:what|how) (?:did|does|do|has|had|have|was|were|is|will|would) (?P<who>(?:[\w’'.&-]+ ){1,6}?)"
    r"(?:say|tell|announce|demand|conclude|claim|argue|warn|explain|admit|deny|promise|pledge|"
    r"accuse|blame|testify|insist|urge)\b|"
    r"\bwhat (?:reason|justification|explanation|excuse|assurances?) did "
    r"(?P<giver>(?:[\w’'.&-]+ ){1,6}?)(?:give|offer|cite|provide)\b",
    re.I,
)
# The writer or the piece, not someone in it: "what do the sources say", "what does it say magnified…", and
# "what does each say" of the sources a question names
_NOT_A_SPEAKER = re.compile(
    r"(?:the |this |that )?(?:sources?|articles?|pieces?|posts?|reports?|authors?|writers?|texts?|passages?|"
    r"documents?|coverage|blog|it|its|each|both|either|neither)\b",
    re.I,
)


def asked_speaker(question: str) -> str | None:
    """Who the question asks to have said something ("What did Islamabad demand…" -> "Islamabad")."""
    match = _SPEECH_ASKED.search(question)
    if not match:
        return None
    who = (match.group("who") or match.group("giver")).strip()
    return None if _NOT_A_SPEAKER.fullmatch(who) else untitled_text(who)


def asked_office(speaker: str) -> str | None:
    """The office a speaker is asked about by, whose holder no name says: "chief executive" of "Evergreen's
    chief executive", "minister" of "Peru's foreign minister", "ambassador" of "Russia's ambassador in
    Lisbon", "governor" of "the governor of Alaska"; None for "Lasse Collin", "the envoy Anan Roe", "Lima",
    "the officials" or "the head of the agency" (a head, chief or leader holds whatever title)."""
    words = re.split(r"\s+", re.split(r"\s+(?:in|of|at|for|to|from|on)\s+", speaker.strip())[0])
    # a people's name is an owner, as a possessive is: "the Peruvian president" is Peru's
    peoples = [w for w in words if w[:1].isupper() and is_people(w)]
    person = [w for w in words if w[:1].isupper() and not re.search(r"[’']s?$", w) and w not in peoples]
    lower = [w for w in words if w.islower() and w not in STOPWORDS]
    # an owner by possessive ("Peru's foreign minister") or after "of/for" ("the governor of Alaska")
    owner = (
        bool(peoples)
        or any(w[:1].isupper() and re.search(r"[’']s?$", w) for w in words)
        or bool(re.search(r"\s(?:of|for)\s+(?:the\s+)?[A-Z]", speaker))
    )
    if person or not lower or not owner:
        return None  # "the officials" may be the ones a passage names
    head = re.sub(r"(?<=[a-z]{4})s$", "", lower[-1])  # "officials": an official's words are theirs too
    if head == "executive" and "chief" in lower:
        return "chief executive"
    if head in _ANY_TITLE:
        return None
    return head if is_person_noun(head) else None  # "JiaT75's pull request" holds no office


_ANY_TITLE = frozenset({"head", "chief", "leader", "boss"})


# "Who…?", "…, who…?", "by whom", "say who": "who" that asks. Not the relative "who" after a noun ("What did
# the blogger who checked the code say?" asks for no person).
_WHO_ASKS = (
    r"(?:^\W*|[,;:(—–]\s*|\b(?:and|or|but|to|by|with|for|from|of|about|than|me|us|them|you|say|says|said|know|"
    r"knows|tell|told|ask|asked|explain|explains|reveal|revealed|show|shows|identify|identified|unclear|unknown|"
    r"sure|decide|decided|wonder)\s+)whom?\b"
)


def analyse(
    question: str | Query,
    common_names: frozenset[str] = frozenset(),
    doc_dates: frozenset[str] = frozenset(),
) -> QuestionAnalysis:
    """common_names: name words nearly every document of the collection mentions (not a constraint);
    doc_dates: the documents' dates, where "the March 27 update" names a piece, not an event's day.

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
    patterns = (
        ("number", r"\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bcasualt|" + _QUANTITY),
        # "At what time did the system go down?": a time of day, not a date
        (
            "time",
            r"\bwhat time\b(?![ -](?:periods?|frames?|spans?|zones?|scales?|limits?))|\b(?:at )?what hour\b",
        ),
        (
            "date",
            _ASKS_WHEN
            + r"|\b(?:what|which) (?:[a-z]+ )?(?:dates?|days?|years?|months?|century|centuries|decades?)\b",
        ),
        (
            "measure",
            r"\bhow (?:long|wide|high|tall|deep|far|old|big|large|heavy|fast)\b|"
            r"\b(?:what|which) length\b|" + _DIMENSION_ASKED.pattern,  # "what depth", "the ship's tonnage"
        ),
        ("person", _WHO_ASKS + r"|\bnames? of\b|\bwhat (?:was|is) (?:his|her|their) name\b"),
    )
    types = [kind for kind, pattern in patterns if re.search(pattern, lower)]
    if re.match(r"\W*why\b", lower):
        # "Why was it unclear how much damage…": a wh-word inside a why-question opens a clause of it, not
        # another question; after ", and" it asks one ("Why did it ground, and how many ships were stuck?").
        second = re.search(r"(?:[,;]|\band)\s+(?=(?:how|when|who|whom|what|which|where)\b)", lower)
        tail = lower[second.end() :] if second else ""
        types = [kind for kind, pattern in patterns if kind in types and re.search(pattern, tail)]
    if (
        "measure" in types
        and asked_dimension(lower)
        and not re.search(r"\bhow (?:many|much)\b|\bnumber of\b", lower)
    ):
        # "What is the maximum weight…": a figure of that dimension, not any figure ("20.1 meters of draft")
        types = [kind for kind in types if kind != "number"]
    if _WEIGH_ASKED.search(lower):
        # "How much did the ship weigh?" asks a weight, not any figure ("…is 399.94 meters long")
        types = list(dict.fromkeys("measure" if kind == "number" else kind for kind in types))
    if types and types[0] == "date" and re.match(_WHEN_CLAUSE, lower):
        types = types[1:]  # "When the river leaves the lake, which way does it flow?": "when" joins a clause
    answer_type = types[0] if types else ("place" if _WHERE_SITED.match(lower) else None)
    head = _head_terms(lower) - common_names
    noun = _head_noun(lower)
    # The noun after "what/which" types the answer, except in a question of cause: "What made the official
    # doubt…?" asks why, not for the official.
    by_noun = (
        answer_type is None and not asks_cause(own) and not _ASKS_HOW.match(_SCENE_CLAUSE.sub("", lower))
    )
    # Words, not stems: "commander" is a person, "commands" is not.
    person_word = any(singular_form(w) in _PERSON_NOUNS or w in _PERSON_NOUNS for w in head_phrase(lower))
    if by_noun and _owner_asked(lower):
        answer_type = "organisation"  # "Which White House body's spokesperson…" asks for the body
    elif by_noun and (person_word or (noun and is_person_noun(noun))):
        answer_type = "person"
    elif by_noun and head & set(content_terms(" ".join(_PLACE_NOUNS))):
        answer_type = "place"
    elif by_noun and noun and set(content_terms(noun)) & _ORG_STEMS:
        answer_type = "organisation"
    elif by_noun and head & _VERSION_NOUNS:
        # "Which OpenSSH version…", "Which Ubuntu release…": a version the question does not give
        answer_type = "version"
    found_names = find_names(own)
    # "the CEO of Lumen", found as one name: Lumen is the name the answer must hold, and owns the title asked
    officers = {n.text: owned for n in found_names if (owned := officer_owned(n))}
    names = [
        untitled(officers[n.text][0] if n.text in officers else n)
        for n in found_names
        if not set(n.parts) <= common_names
    ]
    dated = without_source_date(own, doc_dates)
    scene = m.group(0) if (m := _SCENE_CLAUSE.match(own)) else ""
    return QuestionAnalysis(
        text=text,
        own=own,
        answer_type=answer_type,
        entities=[n.text for n in names] + years(dated),
        codes=[c for c in CODE_NAME.findall(own) if not _set_aside(c, own)],
        names=names,
        years=years(dated),
        bounds=_year_bounds(dated),
        days=day_months(dated),
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
            or n.text in scene
            # "…at McAfee when McAfee's faulty update crippled XP machines?": a closing clause that dates it
            or (
                (tail := _SCENE_TAIL.search(own)) is not None
                and n.text in tail.group(0)
                and n.text not in own[: tail.start()]
            )
            or _glossed(n.text, own)
            # "…after the Lisbon summit": an event that dates the question, not what it is about
            or re.search(
                rf"\b{_EVENT_TIME}\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}{re.escape(n.text)}", own, re.I
            )
        },
        modifies={n.text: phrase for n in names if (phrase := _modified_phrase(n.text, own))},
        owns=_owned_names(found_names, own),  # the owned name may be the collection's subject
        titles={
            n.text: phrase
            for n in found_names
            if re.search(r"['’]s$", n.text) and len((phrase := _modified_phrase(n.text, own)).split()) > 1
        }
        | {owner.text: title for owner, title in officers.values()},
        head_terms=head,
        had_instruction=injected,
        required=_requirements(text, answer_type, len(types) > 1)
        + [
            frozenset({"o:" + title})  # facts.fits reads it with officers_said
            for _owner, title in officers.values()
            if answer_type == "person"
        ],
        answer_types=types or ([answer_type] if answer_type else []),
        common=common_names,
        qualifiers=qualifiers(own, names),
        attributes=attributes(own, names),
        turns={t for t in turn_terms(_INTERVAL.sub(" ", own)) if t in TURN},
        centuries=CENTURY.findall(own),
        decades=DECADE.findall(own),
        months=months_in(_BOUND.sub(" ", dated), dated=True) | attributive_months(dated),
        source_date=source_date(own, doc_dates),
        sums=sums(own),
        shares=shares(own),
        # A question's count is its premise. Not in a claim to check ("The article says 500 died; confirm
        # this."), which the sentence that counts otherwise answers, nor where a figure is asked for: "How many
        # of the 300 ships had passed?" is answered by a count of part of them.
        counts=counts(own)
        if re.search(r"\b(?:who|what|which|when|where|why|how)\b", own, re.I) and "number" not in types
        else [],
        predicate=_predicate(own),
        typing={n.text for n in names if n.text in _asked_phrase(own)},
        country=bool(
            re.search(
                r"\b(?:which|what)(?: \w+)? (?:countr(?:y|ies)|nations?)\b|\bnationalit(?:y|ies)\b", own, re.I
            )
        ),
        # "How many CrowdStrike customers…" counts customers: the collection's subject names nothing counted
        counted=counted_noun(own) - frozenset(content_terms(" ".join(common_names))),
        measured=measured_noun(own),
        sum_kind=asked_sum(own) if answer_type in ("number", "measure") else None,
        actors={n.text for n in names if _acts(n.text, own)},
        agents=(agents := _agents(own, found_names)),
        events=_events(own, agents) if answer_type == "date" else frozenset(),
        weekdays=weekdays_asked(dated),
        ordinals=_numbered(own),
        versions=versions(own, bounded=False) if answer_type != "version" else [],
        office=_asked_office_noun(lower, noun) if answer_type == "person" else None,
        body=_body_asked(lower, noun) if answer_type == "organisation" else None,
        undergoes=_undergoes(own, found_names),
        percent=bool(_ASKS_PERCENT.search(own.lower())),
        change=bool(
            (done := _HOW_MUCH_DONE.search(own)) and CHANGE_STEMS & set(content_terms(done.group(0)))
        ),
        speaker=asked_speaker(own),
        money=bool(
            re.search(r"\bhow much\b", lower)
            and re.search(_MONEY_WORDS, lower)
            # "What compensation sum…": a sum of money, where another money word says so ("amount of water")
            or re.search(_WHAT_OPENING + r"\b[^?]{0,30}\b(?:sum|amount)\b", lower)
            and re.search(_MONEY_WORDS, re.sub(r"\b(?:sum|amount)\b", " ", lower))
            or re.search(
                r"\b(?:what|which) (?:was|is|were|are) the (?:\w+ )?(?:value|cost|price|budget)\b", lower
            )
            # "What daily cost did…put on…": the asked-for thing is a sum of money
            or re.search(_WHAT_OPENING + r"(?: [a-z]+){0,2} (?:cost|price|fee|salary|budget)\b", lower)
            or re.search(_WHAT_COSTS, lower)
            # "How many euros…", "How much … in yen?" (a pound may be a weight)
            or re.search(r"\bhow (?:much|many)\b", lower)
            and re.search(r"\b(?:euros?|dollars?|sterling|yen|rupees?)\b", lower)
        ),
    )


def _asked_office_noun(lower: str, noun: str | None) -> str | None:
    """The office a person question asks for by its noun: "Which envoy…" or "Who was the Lisbon ambassador
    killed…?" ask for an ambassador, whom a passage on a secretary does not name."""
    if noun:
        return office(noun)
    match = re.match(r"\W*who\s+(?:was|is|were|are)\s+(?:the|a|an)\s+((?:[\w’'-]+\s+){0,3}[\w’'-]+)", lower)
    return next((o for w in match.group(1).split() if (o := office(w))), None) if match else None


def _predicate(text: str) -> str | None:
    """The verb of a question whose wh-word is its subject: "Who claimed…", "Which (terror) group
    carried out…", "What caused…". A past-tense form tells the verb from a noun."""
    match = re.match(r"\s*(?:who|which|what)((?:\s+[a-z][\w-]*){1,3})", text, re.I)
    if not match:
        return None
    for word in match.group(1).lower().split():
        if word in AUX or word in {"has", "had", "have", "was", "were", "is", "are"}:
            return None
        if word.endswith("ed") or word in IRREGULAR_PAST:
            stems = content_terms(word)
            return stems[0] if stems else None
    return None


def _coordinated(text: str, names: list[Name]) -> list[list[Name]]:
    """Group names that the question joins with "and", "or", "versus" or a comma."""
    groups: list[list[Name]] = []
    last_end = -1
    for name in names:
        at = text.find(name.text, max(0, last_end))
        between = text[last_end:at] if groups and at >= 0 else ""
        if groups and re.fullmatch(
            # whole words: the "or" of "pay for", the "and" of "command" join nothing
            r"(?:\s+[a-z][a-z-]*){0,2}\s*(?:,|&|,?\s*(?<![a-z])(?:and|or|vs\.?|versus)(?![a-z]))\s*(?:the\s+)?",
            between,
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
    r"raise|raised|charge|charged|sum|amount|cash|deposit|deposits|deposited|profit|profits|income|salary|"
    r"salaries|wage|wages|debt|debts|capital|bailout|ransom|invest|invested|investment|donated|donation|"
    r"tax|taxes|fee|fees|bonus|lose)\b"
)


def _requirements(text: str, answer_type: str | None, several: bool = False) -> list[frozenset[str]]:
    """Word groups an answer sentence must touch: stems, except role nouns, which are whole words."""
    terms = set(content_terms(text))
    # "who was in charge of…" names no chargé
    words = words_in(re.sub(r"\bin charge\b", " ", text, flags=re.I))
    groups = []
    if answer_type == "person":
        groups += [frozenset("w:" + w for w in g.split()) for g in _ROLE_GROUPS if words & set(g.split())]
        # "Who was the captain of the Orchid?": the role the question defines the person by is said beside
        # the name ("Captain Ana Lee", "its captain, Ana Lee"); a sentence naming someone else answers nothing.
        role = _ROLE_OF.match(text)
        # (an acronym, "CEO", is a title the answer may spell out: see titles)
        if role and role.group(1).islower() and not any(role.group(1) in g.split() for g in _ROLE_GROUPS):
            noun = singular_form(role.group(1).lower())
            groups.append(frozenset({"w:" + noun, "w:" + noun + "s"}))
    casualty = answer_type == "person" and bool(_CASUALTY_ASKED.match(text))  # "Who was killed…?"
    if (answer_type in {"number", "date"} or casualty) and not several:
        # "McAfee's XP-killing update" asks of no deaths: a hyphenated compound is an adjective
        terms = set(content_terms(re.sub(r"[\w’']+-[\w’'-]+", " ", text)))
        deaths, injuries = frozenset(content_terms(_DEATHS)), frozenset(content_terms(_INJURIES))
        either = frozenset(content_terms(_EITHER))
        asked = (deaths if terms & deaths else frozenset()) | (injuries if terms & injuries else frozenset())
        if terms & either or (terms & deaths and terms & injuries):
            asked = deaths | injuries | either
        if asked:
            groups.append(asked)
    if where := _WHERE_SITED.match(text):
        # "Where is Lumen Bank based?" is not answered by "Before I leave for Lisbon, …about Lumen Bank": the
        # place must be said to be the thing's seat, birthplace, yard or home.
        groups.append(_SITED_BY[where.group(1).lower()])
    if first := _FIRST_TO.search(text):
        # "What was the first ship to transit the canal after it reopened?": a sentence that names a ship in
        # the canal without saying it was the first answers nothing.
        groups.append(_FIRST_OR_LAST[first.group(1).lower()])
    stripped = text.strip()
    match = _YES_NO.match(stripped) if answer_type is None else None
    if match and not _ASKS_SOURCES.match(stripped):
        verbs = match.group("verbs")
        start = match.start("verbs")
        # "Did CrowdStrike's stock price fall…", "Did the Lumen Authority's…", "Did Apple devices crash?", "Did
        # the Lumen authority reduce…": a possessive or a noun ends the subject in lower case, and the verb is
        # the last word of that run
        noun = re.fullmatch(r"[a-z]+(?:[^su]s|ity|ment|tion|ness|ance|ence|ship|ism)", verbs)
        if (noun or re.search(r"[’']s?\s+$", stripped[:start])) and (
            owned := _OWNED_RUN.match(stripped, start)
        ):
            verbs = owned.group(1).split()[-1]
        if re.match(r"(?i)(?:is|was|were|are)\b", stripped) and not all(
            v.endswith("ed") or v in IRREGULAR_PAST for v in verbs.split(" or ")
        ):
            verbs = ""  # "Was the ship wider or narrower…", "…loaded or empty": no verb asked about
        # "Did the price fall?" is answered by "the price fell": a verb's irregular forms are its own
        forms = [form for verb in verbs.split(" or ") for form in irregular_forms(verb)]
        stems = set(content_terms(" ".join(forms)))
        groups.append(frozenset(stems.union(*(same_way(s) for s in stems))))
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
    # things made like people's nouns ("-er", "-or"): "Which newspaper does the group release each week?"
    | {"newspaper", "newsletter", "wallpaper", "server", "browser", "router", "printer", "scanner"}
    | {"compiler", "parser", "buffer", "folder", "header", "trigger", "cluster", "adapter", "parameter"}
    | {"diameter", "perimeter", "processor", "sensor", "generator", "detector", "connector", "helicopter"}
    | {"chamber", "banner", "poster", "ledger", "voucher", "tractor", "elevator", "calculator"}
    | {"linker", "loader", "debugger", "installer", "launcher", "scheduler", "emulator", "simulator"}
    | {"encoder", "decoder", "compressor", "updater", "downloader", "crawler"}
)


def singular_form(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def is_person_noun(word: str) -> bool:
    """A noun for a person by how English makes one; a list of exceptions keeps things out."""
    singular = singular_form(word)
    if singular in _NOT_PEOPLE or word in _NOT_PEOPLE or len(singular) < 4:
        return False
    return word in _PERSON_NOUNS or singular in _PERSON_NOUNS or bool(_PERSON_SUFFIX.search(singular))


# "Which developer first reported…": an adverb of time before the verb, not the noun asked for.
_TIME_ADVERBS = {"first", "last", "then", "also", "still", "once", "ever", "never", "just", "already"}
_TIME_ADVERBS |= {"later", "soon", "often"}


_VERB_AFTER_HEAD = "|".join(sorted(AUX | IRREGULAR_PAST))


def head_phrase(lower: str) -> list[str]:
    """The words of "which/what <noun phrase>" before its verb: "which premier league striker scored" ->
    [premier, league, striker]. None where an auxiliary follows the wh-word: in "what did Baran want…" or
    "what are rotors mounted on?" the wh-word is the object, and the noun after it ("rotors") is the subject,
    not the kind of thing asked for. A trailing adverb ("what proclamation officially ended") is no noun. A
    comma ends the phrase: "which court, and in which city, lifted…" asks for a court."""
    match = re.search(
        r"\b(?:what|which)\s+((?:[\w’'-]+\s+){0,4}?[\w’'-]+?)(?=\s+(?:" + _VERB_AFTER_HEAD + r"|\w+ed)\b|,)",
        lower,
    )
    if not match:
        # "which company employs…", "which country hosts…": a verb in the present names no auxiliary, so
        # the noun is read where it is one of a kind asked for (a firm, a person, a place)
        match = re.match(r"\W*(?:what|which)\s+([a-z]+[^s\W])\s+[a-z]+[^s\W]s\b", lower)
        if not match or not (
            set(content_terms(match.group(1))) & _ORG_STEMS
            or match.group(1) in _PERSON_NOUNS
            or match.group(1) in _PLACE_NOUNS
        ):
            return []
    words = match.group(1).split()
    if re.sub(r"n[’']t$", "", words[0]) in AUX | {"don", "doesn", "didn", "isn", "aren", "wasn", "weren"}:
        return []
    while len(words) > 1 and (words[-1].endswith("ly") or words[-1] in _TIME_ADVERBS):
        words.pop()
    return [w for w in words if w not in AUX]


def _owner_asked(lower: str) -> bool:
    """A "which <noun>'s <noun>" question asks for a firm or body: "which company's spokesperson"."""
    owner = next((w for w in head_phrase(lower)[:-1] if re.search(r"[’']s$", w)), "")
    return bool(set(content_terms(owner[:-2])) & _ORG_STEMS)


def _body_asked(lower: str, noun: str | None) -> str | None:
    """The kind of body an organisation question asks for by its noun ("Which bank…"), except a news or press
    agency: a wire service, which a sentence names by its name alone ("Reuters is reporting…")."""
    phrase = head_phrase(lower)
    if not noun or (len(phrase) > 1 and phrase[-2] in {"news", "press", "wire"}):
        return None
    return noun


def _head_noun(lower: str) -> str | None:
    """The last word of "which/what <noun phrase>" before its verb: "which Premier League striker" -> striker."""
    words = head_phrase(lower)
    return words[-1] if words else None


def _head_terms(lower: str) -> set[str]:
    return set(content_terms(" ".join(head_phrase(lower))))


def _undergoes(text: str, names: list[Name]) -> tuple[Name, str, str, str] | None:
    """The name a wh-subject question's verb is done to: "Who replaced the Normans as the ruling class?"."""
    match = re.match(r"\s*(?:who|which|what)\b((?:\s+[a-z][\w-]*){1,3})", text, re.I)
    if not match:
        return None
    for verb in re.finditer(r"[a-z][\w-]*", match.group(1)):
        if verb.group(0) in AUX or verb.group(0) in {"has", "had", "have", "was", "were", "is", "are"}:
            return None
        if not (verb.group(0).endswith("ed") or verb.group(0) in IRREGULAR_PAST):
            continue
        lemma = verb_lemma(verb.group(0))
        end = match.start(1) + verb.end()
        rest = re.sub(r"^\s+(?:the\s+)?", "", text[end:])
        for name in names:
            if lemma and lemma not in _LIGHT_VERBS and rest.startswith(name.text):
                head = _modified_phrase(name.text, rest).split()[:1]  # "…the Russian embassy"
                asked = text[: len(text) - len(rest) + len(name.text)].strip()
                return name, lemma, " ".join([asked, *head]), verb.group(0)
        return None
    return None


DO_AUX = r"(?:did|does|do|has|have|had|will|would|could|can)"
_LIGHT_VERBS = frozenset({"be", "have", "do"})


# The people a name has, doing the verb for it: "did Lumen customers lose", "did Orchid employees strike".
_PEOPLE_PLURAL = r"[a-z]+(?:ers|ors|ists|ees|ents|ants|ians)"


def _agents(text: str, names: list[Name]) -> dict[Name, str]:
    """Names that do the question's verb ("When did Richard II flee…" -> {Name("Richard II"): "flee"})."""
    found = {}
    for name in names:
        match = re.search(
            rf"\b{DO_AUX}\s+(?:the\s+)?{re.escape(name.text)}\s+(?:{_PEOPLE_PLURAL}\s+)?"
            rf"(?:(?:[a-z]+ly|{'|'.join(_TIME_ADVERBS)})\s+)?"
            rf"([a-z]+)\b(?![’'-])",
            text,
        )
        word = match.group(1) if match else ""
        # After "did X" a verb is in its base form: not a function word, nor a plural the name owns
        # ("did the Ever Given's owners agree").
        if (
            not word
            or word in _NOT_MODIFIED
            or re.search(r"[’']s?$", name.text)
            or re.search(r"[^su]s$", word)
        ):
            continue
        lemma = verb_lemma(word)
        if lemma and lemma not in _LIGHT_VERBS:
            found[name] = lemma
    return found


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been)\b(.*)$", re.S)


def _events(text: str, agents: dict[Name, str]) -> frozenset[str]:
    """The verbs of the event a question asks the time of: what its names do ("did Rollo begin to arrive"
    -> begin, arrive), or the participle a passive question ends on ("When was the duchy first founded?")."""
    found = {lemma for lemma in agents.values() if lemma not in _LIGHT_VERBS}
    for name in agents:
        # "begin to arrive", "stop trading": the verb that follows says what happened as much as "begin".
        after = re.search(rf"{re.escape(name.text)}\s+\w+\s+(?:to\s+([a-z]+)|([a-z]+ing))\b", text)
        verb = verb_lemma(after.group(1) or after.group(2)) if after else None
        if verb and verb not in _LIGHT_VERBS | {"being", "having", "doing"}:
            found.add(verb)
    if not agents and (passive := _PASSIVE.search(text)):
        participles = [
            w
            for w in re.findall(r"\b[a-z]+\b", passive.group(1))
            if len(w) > 4 and w.endswith("ed") or w in IRREGULAR_PAST
        ]
        if participles and (lemma := verb_lemma(participles[-1])):
            found.add(lemma)
    return frozenset(found)


# Why, what for: a cause or purpose is asked for.
_CAUSE_ASKED = (
    r"why|what (?:made|led|caused|prompted|drove|motivated)|for what reason|what (?:is|was|were|are) the "
    r"(?:reason|motive|purpose|cause|goal|aim)|what (?:is|was|were|are|did|does|do)\b[^?]{0,60}?\b(?:trying|"
    r"hoping|seeking|aiming|want(?:ed|s)?|hope[sd]?|aim(?:ed|s)?|seek|sought|intend(?:ed|s)?) to (?:achieve|"
    r"accomplish|gain|get|do|win)"
)
_OPENS = r"(?:^|[,;:]|\band\b)\s*"


def asks_why(question: str) -> bool:
    """At the start or after an opening phrase: "In the analysis, why is…", "According to X, how did…"."""
    how = r"how (?:come|does|did|do|could|can|would|is|was|are|were)"
    return bool(re.search(rf"{_OPENS}(?:{_CAUSE_ASKED}|{how})", question, re.I))


def asks_cause(question: str) -> bool:
    """Why and what-for, not how: "how did the river extend its watershed?" asks for a manner."""
    return bool(re.search(rf"{_OPENS}(?:{_CAUSE_ASKED})", question, re.I))


# Verbs that follow their subject: "Washington may need to…", "Moscow has said…".
_SUBJECT_OF = "may|might|must|should|could|would|will|can|did|does|has|had|have|is|was|were|are"


def _acts(name: str, text: str) -> bool:
    """The name is the subject of an auxiliary ("did Moscow give", "is Beijing uneasy", "that Washington may
    need to"), owns ("Beijing's"), or is a party to a relation ("ties between Tehran and the Lumen Front")."""
    aux = "|".join(AUX)
    name = re.escape(without_possessive(name))  # a name is read with its "'s" ("Moscow's")
    return bool(
        re.search(rf"\b(?:{aux})\s+{name}\b", text, re.I)
        or re.search(rf"\b{name}\s+(?:{_SUBJECT_OF})\b", text)
        or re.search(rf"{name}['’]s?(?!\w)", text)
        or re.search(rf"\bbetween\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+(?:and\s+(?:the\s+)?)?)*{name}\b", text)
    )


@lru_cache(maxsize=4096)
def countries(text: str) -> frozenset[str]:
    """The countries a question or an answer window names (both are read again question after question)."""
    return frozenset(countries_in(text))


def _asked_phrase(text: str) -> str:
    """The capitalised words right after the opening "which/what" ("Which Ubuntu release…" -> "Ubuntu")."""
    match = re.match(r"\W*(?:[Ww]hich|[Ww]hat)\s+((?:[A-Z][\w’'.&-]*\s+)+)[a-z]", text)
    return match.group(1) if match else ""


_NOT_MODIFIED = AUX | {"and", "or", "but", "than", "as", "that", "which", "who", "when", "where", "after"}


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


# Nouns that count anything ("how many people/times"), and casualty words, which _requirements handles.
_ANY_COUNT = frozenset(
    content_terms(f"people persons person individuals times ones others {_DEATHS} {_INJURIES} {_EITHER}")
)


def counted_noun(question: str) -> frozenset[str]:
    """Stems of the noun phrase after "how many"/"number of", up to the first function word: "How many crew
    members were aboard…" -> {crew, member}. Empty where the phrase counts anything at all ("how many
    people", "how many of them", "how many did it kill")."""
    # "What volume of rock…" counts rock as "how many" counts ships
    match = re.search(
        r"\b(?:how many|number of|(?:what|which) (?:volume|quantity|amount) of)\s+([^?.,;:]*)", question, re.I
    )
    if not match:
        return frozenset()
    phrase: list[str] = []
    found = re.findall(r"[\w’'-]+", match.group(1))[:4]
    for i, written in enumerate(found):
        word = written.lower()
        if not phrase and (word in ("more", "other", "different", "separate") or word.isdigit()):
            continue  # "how many 911 calls": the number names the calls, it counts nothing
        following = found[i + 1].lower() if i + 1 < len(found) else ""
        # "how many Debian testing users", "how many remaining hostages": an -ing word before a plural noun
        # modifies it; after one it starts a clause ("how many ships waiting outside")
        modifier = (
            word.endswith("ing")
            and following.endswith("s")
            and following not in STOPWORDS | AUX
            and not (phrase and phrase[-1].endswith("s"))
        )
        # "How many United Airlines flights", "How many US flights": a capitalised word is a name's, not a
        # participle or a pronoun that ends the phrase
        if written[:1].isupper() and written.lower() not in ("i", "a"):
            phrase.append(written)
            continue
        if word in STOPWORDS or word in AUX or COUNT.fullmatch(word) or _verb_like(word) and not modifier:
            break
        phrase.append(written)
    if any(w[:1].islower() for w in phrase):
        # "how many Debian testing users": a name modifies what is counted; a people's name may be it
        # ("how many Afghan nationals" are answered by "four Afghans")
        phrase = [w for w in phrase if w[:1].islower() or is_people(w)]
    stems = frozenset(content_terms(" ".join(phrase).lower()))
    return frozenset() if stems & _ANY_COUNT else stems


# "How large was the oil spill?" measures a thing it names. Not "how much <noun>": "How much cargo was the
# ship carrying?" is answered by "capable of carrying 20,000 TEU", in other words than the question's.
_MEASURED_PHRASE = re.compile(
    r"\bhow (?:large|big|long|wide|high|tall|deep|heavy|far|fast|old)\s+(?:is|was|are|were)"
    r"(?:\s+(?:the|a|an|its|his|her|their))?\s+([^?.,;:]*)",
    re.I,
)
# Not what is measured: "How big is the agency today?", "How long is the total…".
_NOT_MEASURED = frozenset(
    {"more", "less", "extra", "additional", "total", "overall", "longer", "further"}
    | {"today", "now", "currently", "nowadays", "then", "still", "yet", "ever"}
)
# "How large was the sensor's capacity?" may be answered by "100% of a single CPU core": a noun that names the
# dimension measured, not the thing, says nothing the figure must sit beside.
_DIMENSION_NOUNS = frozenset(
    {"capacity", "amount", "quantity", "volume", "size", "number", "share", "proportion", "percentage"}
    | {"value", "extent", "level", "degree", "rate", "length", "width", "height", "depth", "weight"}
)


# "What is the ship's deadweight tonnage?", "At what speed…": a dimension asked by its noun, as "how heavy"
# and "how fast" ask one by an adjective. Not "what speed-up" nor "the cause of the speed…". "Draft" is left
# out ("the bill's draft"), and "length", as "how long", may be of time; a ship's "beam" is its width.
_DIMENSION_BY_NOUN = {
    "width": "wide", "breadth": "wide", "beam": "wide", "height": "high", "altitude": "high", "depth": "deep",
    "draught": "deep", "weight": "heavy", "tonnage": "heavy", "displacement": "heavy", "speed": "fast",
    "distance": "far",
}  # fmt: skip
_DIMENSION_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|its|their|his|her)\s+)?"
    r"(?:(?!of\b|in\b|to\b)[\w’'.-]+\s+){0,3}?(" + "|".join(_DIMENSION_BY_NOUN) + r")\b(?![-’'])",
    re.I,
)


_WEIGH_ASKED = re.compile(r"\bhow much\b[^?,;]*\bweigh(?:s|ed)?\b", re.I)


def asked_dimension(question: str) -> str | None:
    """The dimension a question asks by its noun, as facts' "how <adjective>" names it: "What is the Ever
    Given's deadweight tonnage?" -> heavy; "At what speed…" -> fast; "How much does it weigh?" -> heavy;
    None where it asks none."""
    if _WEIGH_ASKED.search(question):
        return "heavy"
    match = _DIMENSION_ASKED.search(question)
    return _DIMENSION_BY_NOUN[match.group(1).lower()] if match else None


def measured_noun(question: str) -> str | None:
    """The noun phrase "how large/long/… was the <noun>" asks to measure: "How large was the oil spill
    caused by…" -> "oil spill". None for a name ("How long is the Rhine?": the name is a constraint of its
    own) or a noun that names the dimension ("size")."""
    match = _MEASURED_PHRASE.search(question)
    if not match:
        return None
    phrase: list[str] = []
    for word in re.findall(r"[\w’'-]+", match.group(1))[:4]:
        lower = word.lower()
        if not phrase and lower in _NOT_MEASURED:
            continue
        if word[0].isupper():
            continue  # "the BitLocker recovery key": a name inside the phrase is a constraint of its own
        if re.search(r"[’']s$", lower):
            phrase = []  # "the ship's draft": the owner is not what is measured
            continue
        if lower in STOPWORDS or lower in AUX or _verb_like(lower) or lower in _NOT_MEASURED:
            break
        phrase.append(lower)
    if not phrase or phrase[-1] in _DIMENSION_NOUNS:
        return None
    return " ".join(phrase)


def _verb_like(word: str) -> bool:
    return (
        word in IRREGULAR_PAST
        or verb_lemma(word) not in (word, None)
        or bool(re.search(r"(?:[^e]ed|ing|wide|ly)$", word))
        and len(word) > 5
    )


# An ordinal that numbers a thing: after "the", a possessive or a pronoun ("Jia Tan's third patch"), not an
# adverb ("Who first reported…").
_NUMBERED_AFTER = re.compile(r"(?:\b(?:the|its|his|her|their|our|a)|['’]s)\s+$", re.I)


def _numbered(question: str) -> list[tuple[int, frozenset[str], str]]:
    """(3, {"patch"}, "third patch") for "…Jia Tan's third patch to the list": the ordinal, the stems of the
    words after it (among which is what it numbers) and how the question says it."""
    return [
        (
            value,
            frozenset(content_terms(" ".join(following))),
            " ".join([ordinal_word(value), *following[:1]]),
        )
        for value, following, start in ordinals(question)
        if _NUMBERED_AFTER.search(question[:start])
    ]
