"""Whether a sentence carries the kind of fact the question asks for: a figure, a date, a measure, a name.

Passages can be on topic and still lack the fact asked for; checking each answer sentence lets the extractive
backend refuse honestly ("the articles mention the hotel attack but give no casualty figures") rather than
quote a sentence that does not answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.answer.opposites import AUX, CHANGE_STEMS, CHANGE_WORDS, stem1, unpossessive, words_in
from assistant.answer.question import (
    COUNT,
    NOT_A_PERSON,
    NUMBER_WORDS,
    PLACE_NAME_ENDS,
    QuestionAnalysis,
    asked_dimension,
    countries,
    head_phrase,
    is_person_noun,
    singular_form,
)
from assistant.text.dates import WEEKDAY_NAME, weekend_said, years
from assistant.text.lexical import STOPWORDS, content_terms, same_way
from assistant.text.names import collapse_abbreviations, find_names, officers_said, without_possessive
from assistant.text.places import countries_in, country_named, is_capital, is_people, names_a_place

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
# A weekday dates a news report's event ("would reach Hamburg on Monday"): it answers "when" and "what day",
# not "what date", "what year" or "how long".
_ASKS_DAY = re.compile(r"\b(?:when|(?:what|which) day)\b", re.I)
_CAPS = re.compile(
    r"\b(?:[A-Z][\w’'-]*|(?:al|el|ur|bin|ibn)-[A-Z][\w’'-]*)"
    r"(?:\s+(?:(?:of|al|bin|ibn|de|the)\s+)?(?:[A-Z][\w’'-]*|(?:al|el|ur)-[A-Z][\w’'-]*))*"
)

_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b", re.I)
# A year of any age ("In 1018", "(1421)", "AD 70", "the 1990s", "the 10th century"), not a price or a share.
_ANY_YEAR = re.compile(
    r"(?<![\d,.$£€])\b(?:[1-9]\d{2,3})s?\b(?!\d|,\d|\.\d|\s*(?:%|percent|per cent))|"
    r"\b(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:th|st|nd|rd)) century\b",
    re.I,
)
_ASKS_EXACT_DAY = re.compile(r"\b(?:exact|precise|specific) (?:date|day)\b", re.I)
# A date to the day: "March 29", "29 March", "2024-03-29", "29.03.2024".
_DAY_DATE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
)

# "between March 26 and March 28", "from 2015 to 2019", "from March 23 to 29": a stretch of time, which
# answers "for how many days…" without a count of its own.
_POINT = (
    rf"(?:{_MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|"
    rf"(?:1[0-9]|20)\d\d|{WEEKDAY_NAME})"
)
_SPAN = re.compile(
    rf"\b(?:between|from)\s+(?:the\s+)?{_POINT}(?:,?\s+\d{{4}})?\s*(?:and|to|until|till|through|–|-)\s*"
    rf"(?:the\s+)?(?:{_POINT}|\d{{1,2}}\b)"
)
_TIME_UNITS = frozenset(content_terms("seconds minutes hours days weeks months years decades centuries"))

_PERCENT = re.compile(
    r"\d[\d.,]*\s*(?:%|percent\b|per cent\b|percentage points?\b)|"
    r"\b(?:half|a third|two[- ]thirds|a quarter|three[- ]quarters|a fifth|a tenth)\b",
    re.I,
)

# A change sized without a figure's unit: "fell 40 points", "doubled", "by a third" (a share is a _PERCENT).
_SIZED = re.compile(r"\d\s*points?\b|\b(?:doubled|tripled|quadrupled|halved|twice)\b|\d-?fold\b", re.I)
# Currencies by name; "pounds" and "cents" are added where they can only be money.
_CURRENCY_NAMES = r"dollars?|euros?|rupees?|yuan|yen|roubles?|rubles?|francs?|dirhams?|riyals?|USD|EUR|GBP"
# A currency the question names, and how a sentence writes a sum in it.
_CURRENCY_FORMS = {
    r"\beuros?\b": r"€|\b(?i:euros?)\b|\bEUR\b",
    r"\b(?:pounds?(?: sterling)?|sterling)\b": r"£|\b(?i:pounds?|sterling)\b|\bGBP\b",
    r"\byen\b": r"¥|\b(?i:yen)\b|\bJPY\b",
    r"\brupees?\b": r"₹|\b(?i:rupees?)\b|\bRs\.?\s?\d|\bINR\b",
    r"\b(?:dollars?|usd)\b": r"\$|\b(?i:dollars?)\b|\bUSD\b",
}
_CURRENCY = re.compile(rf"[$£€¥₹]|\b(?:{_CURRENCY_NAMES}|pounds?|cents?)\b", re.I)


_DEPUTY = re.compile(r"\b(?:vice|deputy|assistant)[\s-]+[\w’'-]+", re.I)


def fits(
    analysis: QuestionAnalysis,
    sentence: str,
    opens_with_name: bool = False,
    following: str = "",
    person: Callable[[str], bool] | None = None,
) -> bool:
    """Does this sentence carry the kind of fact asked for, about what was asked?

    For "who" questions the subject may sit in the sentence's surroundings: "President Putin
    chaired part of the session" answers a question about the Kremlin's session. Figures and dates must
    be about the subject in the sentence itself. opens_with_name: the sentence's first word is a name
    ("Freund found the backdoor"), which its capital alone does not show. following: the next sentence,
    which may finish a stretch of time the sentence begins. person: whether a name may be a person's (the
    collection's use of it: written_as_thing, written_as_person), for questions that ask for a person by role.
    """
    if analysis.required:
        # "Microsoft's Vice President for Security" is not its president, unless a deputy is what is asked
        titled = sentence if _DEPUTY.search(analysis.text) else _DEPUTY.sub(" ", sentence)
        present = set(content_terms(sentence)) | {"w:" + w for w in words_in(titled)}
        present |= {"o:" + title for title in officers_said(titled)}
        if (_titled_name(sentence) and not analysis.titles) or _LEADS.search(sentence):
            # "Portland Mayor Ted Wheeler", "Osama Rabie, who leads the Canal Authority": an official. Not
            # where the question names whose title it asks ("Who was Orchid's chief executive?"): any titled
            # name ("Senator Tom Roe") is no one's chief; the sentence must say the title itself.
            present |= {"w:official", "w:leader"}
        if not all(group & present for group in analysis.required):
            return False
    if analysis.money:
        if not _CURRENCY.search(sentence):
            return False
        asked = [forms for name, forms in _CURRENCY_FORMS.items() if re.search(name, analysis.text, re.I)]
        if asked and not any(re.search(forms, sentence) for forms in asked):
            return False  # "How much … in euros?" is not answered by a sum in dollars
    rate = _rates(analysis.own or analysis.text) if "number" in analysis.answer_types else set()
    if rate and not rate & _rates(sentence):
        return False  # "How many ships transited each day…" is not answered by "100 ships were stuck"
    if analysis.change and not (_says_change(sentence) and _sizes_change(sentence)):
        # "…outages for 911 services" says nothing of how much the shares fell, nor "…cost the airline $500
        # million", which says no change
        return False
    if analysis.percent:
        if not _PERCENT.search(sentence):
            return False
        if analysis.answer_types == ["number"]:
            return True  # "about half the fleet" is a share without a figure
    if analysis.answer_types == ["number"] and analysis.counted & _TIME_UNITS and _SPAN.search(sentence):
        return True  # "for how many days…": "between March 26 and March 28" gives them
    counted = analysis.counted if analysis.answer_types == ["number"] else frozenset()
    if counted and not _counted_figure(counted, analysis.own or analysis.text, sentence):
        return False
    if (
        counted
        and _WORLDWIDE.search(analysis.own or analysis.text)
        and _one_country_counts(counted, sentence)
    ):
        return False  # "How many flights were delayed worldwide?" is not answered by "…9,900 US flights…"
    if analysis.country and not countries_in(sentence) - countries(analysis.text):
        return False
    # Only the question's own words: a name a follow-up's topic carries can still be the answer.
    asked = analysis.own or analysis.text
    if "measure" in analysis.answer_types and _ASKS_DURATION.search(asked):
        return _tells_duration(f"{sentence} {following}")
    if (
        analysis.body
        and "organisation" in analysis.answer_types
        and not body_said(analysis.body, [n.text for n in analysis.names], sentence)
    ):
        return False
    if analysis.answer_type is None:
        return True  # open questions (why/how/what about): relevance alone decides
    if analysis.answer_types == ["person"]:
        # A named role ("Which envoy…") or thing ("What was the name of the school…"): where the sentence
        # speaks of it, its name stands beside it; "…an attack on a girls' school in Lisbon" names no school.
        role = None if analysis.country else asked_role(asked)
        noun, kind = (role, "person") if role else (named_thing(asked), "name")
        if role and (other := _same_kind_of_person(asked, role, sentence)):
            noun = other  # "Which Lisbon engineer…": "a lone Lisbon developer" is the one asked about
        if noun:
            found = new_names(
                asked,
                _without_attribution(asked, sentence),
                kind,
                analysis.common,
                opens_with_name,
                person if kind == "person" else None,
            )
            return bool(found) and _named_role(noun, found, sentence)
        # "Who made up its clientele?": "…startup founders, who made up much of its clientele"
        if re.match(r"\W*(?:apart from [^,]*,\s*)?who\b", asked, re.I) and _describes_people(asked, sentence):
            return True
        if person and any(all(t.startswith(("w:", "o:")) for t in group) for group in analysis.required):
            # "Who held the post of envoy before Tom Roe?": an office is held by a person, not by the "Orchid
            # government" the sentence names beside Tom Roe
            without = _without_attribution(asked, sentence)
            return bool(new_names(asked, without, "person", analysis.common, opens_with_name, person))
    return any(
        _has_fact(kind, asked, sentence, analysis.common, opens_with_name) for kind in analysis.answer_types
    )


# A kind of body a question asks for by its noun -> the words a sentence says one with ("Which agency…" is
# answered by "the Federal Aviation Administration", not by a sentence whose only body is a firm). The kinds
# any firm or body is ("company", "organisation", "firm") ask nothing more than a name, nor do "government" (a
# country's name stands for its own), "regulator" (few sentences call one so: "The FDIC took over the bank")
# and "bank" ("Lisbon Savings agreed to buy…").
_BODY_WORDS = {
    "agency": r"agenc(?:y|ies)|administration|bureau|service|office|department|commission|authorit(?:y|ies)|"
    r"ministry",
    "ministry": r"ministr(?:y|ies)|minister|department|government",
    "department": r"departments?|ministry|agency|office",
    "insurer": r"insur\w+|underwrit\w+|club",
    "authority": r"authorit(?:y|ies)|agenc(?:y|ies)|ministry|department|government|police|officials",
    "court": r"courts?|judges?|tribunal",
    "committee": r"committee|subcommittee|panel|commission",
    "council": r"council|board|assembly",
    "university": r"universit(?:y|ies)|college|institute|school",
    "newspaper": r"newspapers?|paper|daily|times|post|journal|gazette|herald|tribune|news",
    "union": r"unions?|federation|guild",
}


def body_said(kind: str, question_names: list[str], sentence: str) -> bool:
    """The sentence says a body of the asked kind, outside the names the question gives ("Which bank took
    over Lumen Bank?" is not answered by a sentence whose only bank is Lumen Bank)."""
    words = _BODY_WORDS.get(kind)
    if words is None:
        return True
    for name in question_names:
        sentence = sentence.replace(without_possessive(name), " ")
    return re.search(rf"\b(?:{words})\b", sentence, re.I) is not None


def _describes_people(question: str, sentence: str) -> bool:
    """The sentence names people by what they are, in the plural ("startup founders", "unsecured creditors"), as
    a person noun says it (question.is_person_noun): a bare "who" question is answered so as well as by a
    name. The question's own people ("Who warned the depositors?") are no answer."""
    asked = {singular_form(w) for w in re.findall(r"[a-z]+", question.lower())}
    return any(
        w.endswith("s") and singular_form(w) not in asked and is_person_noun(w)
        for w in re.findall(r"\b[a-z]+\b", sentence)
    )


# "per day", "each year", "daily", "annually"; "a day" in _rates.
_RATE = re.compile(
    r"\b(?:per|each|every)\s+(day|week|month|year|hour|minute|second)\b|\b(dai|week|month|year|annual|hour)ly\b",
    re.I,
)
_A_UNIT = re.compile(r"([\w,.]+)\s+an?\s+(day|week|month|year|hour|minute|second)\b", re.I)
_RATE_UNIT = {"dai": "day", "annual": "year"}
_COUNTS_BY = frozenset(
    {"once", "twice", "times", "hundred", "thousand", "million", "billion", "trillion", "bn"}
)


def _rates(text: str) -> set[str]:
    """The units of time a text counts by ("per year", "daily", "annually" -> day, year). "A day" is a rate
    after a figure or a plural ("18,000 vehicles a day before the closure", "$400 million a day", "twice a
    week"), not after anything else ("less than a month before the crash", "for a year")."""
    found = {_RATE_UNIT.get(u.lower(), u.lower()) for m in _RATE.finditer(text) for u in m.groups() if u}
    for match in _A_UNIT.finditer(text):
        before = match.group(1).lower().strip(",.")
        if (
            any(c.isdigit() for c in before)
            or before in _COUNTS_BY
            or (before.endswith("s") and len(before) > 3 and before not in STOPWORDS)
        ):
            found.add(match.group(2).lower())
    return found


def names_measured(analysis: QuestionAnalysis, window: str) -> bool:
    """The answer's surroundings name what the question measures, by a word of it ("barrels of crude" for
    "crude oil"): "…ran aground, capable of carrying 20,000 TEU" measures no oil spill."""
    if not analysis.measured:
        return True
    return any(_counts(frozenset(content_terms(word)), window) for word in analysis.measured.split())


def _counts(counted: frozenset[str], sentence: str) -> bool:
    """The sentence names what is counted, by stem or by one stem starting the other ("tugs" ~ "tugboats")."""
    terms = set(content_terms(sentence))
    return bool(counted & terms) or any(
        (a.startswith(b) or b.startswith(a))
        and min(len(a), len(b)) >= 3
        and max(a, b, key=len)[min(len(a), len(b)) :] not in _SUFFIXES  # "sellers" are not "sell"
        for a in counted
        for b in terms
    )


# What turns a verb into its doer or a form of it: "seller" of "sell"; "tugboat" of "tug" is a compound.
_SUFFIXES = frozenset({"er", "or", "ers", "ors", "ing", "ed", "s", "es", "r"})


# A figure a verb of counting gives the subject ("now numbering some 6,000", "totalling 300").
_NUMBERING = re.compile(
    r"\b(?:numbering|numbered|totall?ing|totall?ed)\s+(?:(?:some|about|around|nearly|roughly|almost|over|"
    r"more than|at least|up to)\s+)?\d",
    re.I,
)
_COUNT_WORD = re.compile(rf"(?:{COUNT.pattern}|\b(?:pair|couple)\b)", re.I)
_JOINED_FIGURE = re.compile(rf"(?<![\d,.])\b({NUMBER_WORDS}|\d+)-([a-z]+)\b", re.I)
# Words between a figure and what it counts: "more than 1,200 Delta flights", "ships … rose to 300".
_REACH = 6


_WORLDWIDE = re.compile(
    r"\b(?:worldwide|world-wide|globally|around the (?:world|globe)|across the (?:world|globe)|in the world)\b",
    re.I,
)


# A sentence that speaks of the world ("global", "world-wide", "around the globe") counts more than one country.
_WORLD_SAID = re.compile(
    r"\b(?:world(?:wide)?|global(?:ly)?|international|(?:around|across) the globe)\b", re.I
)


def _one_country_counts(counted: frozenset[str], sentence: str) -> bool:
    """The sentence counts the things of one country only ("more than 1,800 US flights"), and says nothing of
    the world."""
    if _WORLD_SAID.search(sentence):
        return False
    tokens = re.findall(r"[\w’'.-]+", sentence)
    return any(
        _counts(counted, token) and any(countries_in(t) for t in tokens[max(0, i - 2) : i])
        for i, token in enumerate(tokens)
    )


def _counted_figure(counted: frozenset[str], question: str, sentence: str) -> bool:
    """The sentence names what is counted (see _counts) with a figure within a few words of it ("300 ships",
    "a five-stage loader", "ships waiting rose to 300"): in "Social Security offices close…, as the agency
    warns… our national 800 number" the figure counts no offices."""
    if _NUMBERING.search(sentence):
        return True  # "…has tripled in strength – now numbering some 6,000": the subject is what is counted
    figures = _figures_only(question, sentence)
    # A figure joined to a word counts that word only: "two-way traffic" counts no ships, "a five-stage
    # loader" counts stages.
    figures = _JOINED_FIGURE.sub(
        lambda m: m.group(0) if _counts(counted, m.group(2)) or _MEASURE.match(m.group(0)) else m.group(2),
        figures,
    )
    tokens = re.findall(r"[^\s–—-]+", figures)
    at_noun = [
        i for i, token in enumerate(tokens) if _counts(counted, token) and not _modifier(i, tokens, question)
    ]
    at_figure = [
        i
        for i, token in enumerate(tokens)
        if _COUNT_WORD.fullmatch(token.strip(",.;:()\"'“”"))
        # "one of the largest ships" says which kind of ship it is, not how many
        and not (token.lower() == "one" and i + 1 < len(tokens) and tokens[i + 1].lower() == "of")
        # "Several minutes later, …flights…" counts minutes, not flights
        and not (
            i + 1 < len(tokens)
            and not counted & _TIME_UNITS
            and set(content_terms(tokens[i + 1])) & _TIME_UNITS
        )
    ]
    return any(abs(i - j) <= _REACH for i in at_noun for j in at_figure)


def _modifier(i: int, tokens: list[str], question: str) -> bool:
    """The question counts a plural ("containers") that the sentence has only in the singular before another
    noun: "a container ship capable of carrying 20,000 TEU" counts no containers that fell overboard. After a
    figure it is counted: "a five-stage loader"."""
    token = tokens[i]
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if i > 0 and _COUNT_WORD.fullmatch(tokens[i - 1].strip(",.;:()\"'“”")):
        return False  # "a five-stage loader" has five stages
    return (
        token.isalpha()
        and token.islower()
        and not token.endswith("s")
        and re.search(rf"\b{re.escape(token)}s\b", question, re.I) is not None
        and following.isalpha()
        and following.islower()
        and following not in STOPWORDS
        and not _verb_like_word(following)
    )


def _verb_like_word(word: str) -> bool:
    return word in AUX or bool(re.search(r"(?:ed|ing|ly)$", word))


_TITLED = re.compile(r"\b([A-Z][a-z]+)(?=\s+[A-Z][\w’'-]+\s+[A-Z][\w’'-]+)")
# "Osama Rabie, who leads the Canal Authority": a person described by the body they lead.
_LEADS = re.compile(r"\b[A-Z][\w’'-]+,\s+who\s+(?:leads|heads|runs|chairs|directs|led|headed|ran|chaired)\b")


def _titled_name(sentence: str) -> bool:
    """A person's title before their full name ("Mayor Ted Wheeler", "Governor Ann Lee"): a noun for a person,
    capitalised as titles are."""
    return any(is_person_noun(m.group(1).lower()) for m in _TITLED.finditer(sentence))


def asked_role(question: str) -> str | None:
    """The person noun a question asks to name: "What was the name of the security guard…", "Which envoy
    faulted…", "Who was the bomber?", "the names of the four Afghans" -> guard, envoy, bomber, afghans."""
    lower = question.lower()
    nouns = []
    if match := re.search(
        r"\bnames? of (?:the|a|an|this|that|his|her|their|its)\s+([a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3})",
        lower,
    ):
        words = match.group(1).split()
        nouns += [w for w in words if _names_people(w)][-1:]
    if match := _WHO_IS.search(question):
        nouns.append(match.group(1).lower())
    head = head_phrase(lower)
    # "which country's diplomats" asks for a country
    if head and not any(re.search(r"[’']s?$", w) for w in head[:-1]):
        nouns.append(head[-1])
    # a common noun, as the question writes it ("Norman" is a name, not a role ending in "man")
    return next(
        (
            n
            for n in nouns
            if (is_person_noun(n) and re.search(rf"\b{re.escape(n)}\b", question))
            or (is_people(n) and re.search(rf"\b{re.escape(n)}\b", question, re.I))
        ),
        None,
    )


# The noun phrase a "name of" question asks about, up to what describes it ("in Lisbon", "that ran…").
_NAME_OF = re.compile(
    r"\bnames? of (?:the|a|an|this|that|his|her|their|its)\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+)"
    r"(?=\s+(?:in|at|on|of|for|from|by|near|with|during|after|before|that|which|who|whom|whose|where|when)\b|"
    r"\s*[?,;]|$)",
    re.I,
)


def named_thing(question: str) -> str | None:
    """The thing a "name of" question asks to name, where it is no person: "What was the name of the girls'
    high school in Lisbon…" -> school; None for "the name of the guard" (asked_role) or another question."""
    match = _NAME_OF.search(question)
    if not match:
        return None
    phrase = match.group(1).split()
    if any(_names_people(w.lower()) for w in phrase):
        return None
    while len(phrase) > 1 and re.search(r"(?:ed|ing)$", phrase[-1]):
        phrase.pop()  # "the ship stranded": a participle describes it
    # a common noun, as the question writes it: "the name of the Rhine" asks what the Rhine is called
    return phrase[-1] if re.fullmatch(r"[a-z]{3,}", phrase[-1]) else None


def _names_people(word: str) -> bool:
    """A noun for persons: a role ("guard", "envoy") or a people ("the four Afghans", "two Norwegians")."""
    return is_person_noun(word) or is_people(word)


_NOT_BETWEEN = r"(?!(?:and|plus|or|but|while|with|as well as|whereas)\b)"


def _role_noun(role: str) -> str:
    """The role's noun, singular or plural, as a pattern."""
    return rf"\b{re.escape(singular_form(role))}(?:s|es)?\b"


def _same_kind_of_person(question: str, role: str, sentence: str) -> str | None:
    """The person noun the sentence puts after the name that qualifies the asked role, where the sentence does
    not say the role: "developer" of "a lone Orchid developer" for "Which Orchid engineer…?"."""
    if re.search(_role_noun(role), sentence, re.I):
        return None
    qualifier = re.search(
        rf"((?-i:[A-Z])[\w’'.&-]*(?:\s+(?-i:[A-Z])[\w’'.&-]*)*)\s+{re.escape(role)}\b", question
    )
    name = re.sub(r"^(?:Which|What|Whose)\s+", "", qualifier.group(1)) if qualifier else ""
    if not name or name in {"Which", "What", "Whose"}:
        return None
    said = re.search(rf"\b{re.escape(name)}\s+([a-z]+)\b", sentence)
    return said.group(1) if said and is_person_noun(said.group(1)) else None


def _named_role(role: str, names: list[str], sentence: str) -> bool:
    """Where the sentence speaks of the asked role, a name must stand beside it ("guard John Ode", "John Ode,
    a hotel guard", "a diplomat, identified as Second Secretary…"): in "…killed Second Secretary Mikhail Ode,
    plus a Russian security guard" the guard has no name. A sentence without the role may name it otherwise."""
    noun = _role_noun(role)
    if not re.search(noun, sentence, re.I):
        return True
    for name in names:
        if re.search(rf"(?i:{noun})\s+[A-Z]", name) or re.search(rf"(?i:{noun})$", name):
            # the role is the title in the name ("Portland Mayor Ted Wheeler"), a thing's kind ends it
            # ("the Orchid Hotel")
            return True
        n = re.escape(name)
        if re.search(
            rf"{noun}(?:\s+(?:of|to|for|in|at)\s+(?:the\s+)?(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)*)?,?\s+"
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
    r"lbs?|kg|kilograms?|knots?|degrees?|acres?|hectares?|gallons?|lit(?:er|re)s?|barrels?"
)
# "27,000 cubic meters of sand" measures sand: it counts no dredgers. "$775m" is money, not metres.
_MEASURE = re.compile(
    rf"(?<![$£€¥])\b\d[\d,.]*[\s-]*(?:(?:cubic|square)[\s-]+)?(?P<unit>{_UNIT})(?![\w])", re.I
)
_SAME_UNIT = {
    "feet": "foot",
    "ft": "foot",
    "metre": "meter",
    "m": "meter",
    "kilometre": "km",
    "kilometer": "km",
    "lb": "pound",
    "kilogram": "kg",
    "litre": "liter",
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


# A year that names another event rather than dating the sentence's: "since the 2008 financial crisis", "the
# SolarWinds event from 2020".
_YEAR_NAMING = re.compile(
    r"\b(?:the|an?|its|their|his|her|this|that)\s+(?P<year>(?:1[5-9]|20)\d\d)\s+(?P<noun>(?:[a-z][\w’'-]*\s+){0,2}"
    r"[a-z][\w’'-]*)|\b(?P<before>[a-z][\w’'-]*)\s+from\s+(?P<from>(?:1[5-9]|20)\d\d)\b(?!\s*(?:to|and|through|-|–)\b)"
)


def _without_other_events_years(question: str, sentence: str) -> str:
    """The sentence without years that name another event than the one asked about: "When did Lumen Bank
    fail?" is not answered by "…the largest collapse since the 2008 financial crisis". A year naming the
    asked thing stays ("When was the bank founded?": "the 1983 founding of the bank")."""
    asked = set(content_terms(question))

    def drop(match: re.Match[str]) -> str:
        noun = match.group("noun") or match.group("before")
        if set(content_terms(noun)) & asked:
            return match.group()
        year = match.group("year") or match.group("from")
        return match.group().replace(year, " ")

    return _YEAR_NAMING.sub(drop, sentence)


def _has_fact(
    kind: str,
    question: str,
    sentence: str,
    common: frozenset[str] = frozenset(),
    opens_with_name: bool = False,
) -> bool:
    if kind == "number":
        figures = _figures_only(question, sentence)
        if re.search(r"\bhow many times\b", question, re.I):
            # "How many times was it downloaded?" is answered by "…downloaded 5,000 times" or "twice", not by
            # "One portion of the code…"
            return bool(re.search(rf"(?:{COUNT.pattern})\s+times\b|\b(?:once|twice|thrice)\b", figures, re.I))
        return bool(COUNT.search(figures) or _ONE_CASUALTY.search(sentence))
    if kind == "date":
        # "On what dates will Lumen Summit 2024 be held?" is not answered by "Registration is open for Lumen
        # Summit 2024": a year the question gives itself dates nothing.
        for year in set(years(question)):
            sentence = re.sub(rf"(?<![\d.,/-]){year}(?![\d/-])", " ", sentence)  # not in "2024-03-09"
        sentence = _without_other_events_years(question, sentence)
        if _ASKS_EXACT_DAY.search(question):
            return bool(_DAY_DATE.search(sentence))  # "On what exact date…": not a year, not "on Sunday"
        if _ASKS_YEAR.search(question) and not _ANY_YEAR.search(sentence):
            return False  # "Since what year…" is not answered by "…on 5 September"
        return bool(
            _DATE.search(sentence)
            or (re.search(rf"\b{WEEKDAY_NAME}\b", sentence) and _ASKS_DAY.search(question))
            # "When did the dispatch system come back online?": "…at 9 a.m." in a timeline of one day; "When
            # did the chair put the losses at $620 billion?": "last week", as a news report dates things; "over
            # the weekend" (which is no day: not for "what day")
            or (
                re.search(r"\bwhen\b", question, re.I)
                and (_CLOCK.search(sentence) or _RELATIVE.search(sentence) or weekend_said(sentence))
            )
        )
    if kind == "time":
        return bool(_CLOCK.search(sentence))  # "At what time on Friday…": not "On Friday, the agency…"
    if kind == "version":
        asked = set(_VERSION.findall(question))
        return any(v not in asked for v in _VERSION.findall(sentence)) or _names_a_release(question, sentence)
    if kind == "measure":  # "how long/old…" is answered by a figure, or by a date it runs from
        # "one of the first large container ships" measures nothing
        figures = re.sub(r"\b(?i:one)\s+of\b", " ", sentence)
        if not (COUNT.search(figures) or _DATE.search(sentence) or re.search(r"\bsince\b", sentence)):
            return False
        if re.search(
            r"\bhow (?:large|big|wide|high|tall|deep|heavy|fast)\b", question, re.I
        ) and not COUNT.search(_without_dates(sentence)):
            return False  # a size is a figure: a date is one only of how long or how old
        by_noun = asked_dimension(question)  # "to what depth", "the ship's tonnage"
        # "To what depth…", "What is the ship's tonnage?" are never figurative: a figure and its unit
        if not _MEASURE.search(sentence) and (
            by_noun or re.search(r"\b(?:what|which) length\b", question, re.I)
        ):
            return False
        asked = re.search(r"\bhow (wide|high|tall|deep|far(?! back)|old|heavy|fast)\b", question, re.I)
        dimension = by_noun or (asked and asked.group(1).lower().replace("tall", "high"))  # one, two words
        # "How wide is the valley?" is not answered by "…is 86 km long": a sentence that says what its figures
        # measure must say the asked dimension. One that does not say ("runs 86 km") may still answer, as
        # "how far/deep/fast" is often figurative ("How far had the backdoor spread?").
        return (
            not dimension
            or bool(re.search(_DIMENSION[dimension], sentence, re.I))
            or not _MEASURED.search(sentence)
        )
    found = new_names(question, _without_attribution(question, sentence), kind, common, opens_with_name)
    if kind == "organisation" and not re.search(r"\bgovernments?\b", question, re.I):
        # "Which insurance firm…" is not answered by "…will cost US companies": a country is no firm.
        asked = {w.lower() for w in re.findall(r"[\w’'-]+", question)}
        found = [n for n in found if not all(country_named(w) or w.lower() in asked for w in n.split())]
        found = [n for n in found if n.split()[-1].lower() not in PLACE_NAME_ENDS]  # "the Lumen Canal"
    if kind == "place" and _BELOW_COUNTRY & set(head_phrase(question.lower())):
        # "In which city is the firm based?" is not answered by "US cybersecurity firm…": a country is no city.
        city = bool({"city", "town", "capital"} & set(head_phrase(question.lower())))
        found = [
            n
            for n in found
            if (city and is_capital(n) and _placed(n, sentence))
            or not all(country_named(w) for w in n.split())
        ]
        # …nor a firm or a product: a town is named where a place is ("in Lisbon", "near Orchid Bay", "a
        # Lisbon-based firm", "Lisbon, Portugal") or is one by name.
        found = [n for n in found if names_a_place(n) or _placed(n, sentence)]
    return bool(found)


_LOCATIVE = re.compile(
    r"\b(?:(?:in|at|near|outside|from|to|into|across|around|towards?|via|through|between)|"
    r"(?:cit(?:y|ies)|towns?|villages?|ports?|provinces?|districts?|suburbs?) of|"
    r"between\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+and)\s+$",
    re.I,
)
# What follows a place named as one: "Lumen is home to…", "Lumen, a port city…", "Lumen-based".
_PLACE_AFTER = re.compile(
    r"-based\b|\s+is\s+(?:the\s+)?home\s+(?:of|to)\b|"
    r",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){0,2}(?:city|town|village|port|capital|suburb|province|district)\b",
    re.I,
)


def _placed(name: str, sentence: str) -> bool:
    """The sentence names it as a place: after a locative preposition, before "-based", "is home to" or
    ", <country>"."""
    if name.endswith("-based"):
        return True
    for match in re.finditer(rf"(?<![\w’'-]){re.escape(name)}(?![\w])", sentence):
        after = sentence[match.end() : match.end() + 40]
        if _LOCATIVE.search(sentence[max(0, match.start() - 40) : match.start()]) or _PLACE_AFTER.match(
            after
        ):
            return True
        if (comma := re.match(r",\s+([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", after)) and country_named(
            comma.group(1)
        ):
            return True
    return False


# A time named from the day of writing: "yesterday", "last week", "earlier this month".
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|(?:last|this|next|earlier this|later this) (?:week|weekend|month|year|"
    r"morning|afternoon|evening|night|spring|summer|autumn|fall|winter))\b",
    re.I,
)
# A time of day: "9 a.m.", "5:30 pm", "9:05 A.M. EDT", "noon", "1400 GMT", "around 4 o'clock".
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?|o[’']clock\b)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b|"
    r"\b\d{1,4}\s*(?:GMT|UTC|[ECMP][SD]?T|BST|CET|CEST)\b|\b\d{4}\s*(?:hours|hrs)\b",
    re.I,
)


# Places a country's name does not answer.
_BELOW_COUNTRY = frozenset(
    {"city", "town", "village", "province", "district", "port", "harbour", "harbor", "capital", "suburb"}
)


_ASKS_SAYING = re.compile(
    r"\b(?:say|said|says|tell|told|report|reported|reports|announce[ds]?|state[ds]?|according|claim(?:s|ed)?|"
    r"write|wrote|describe[ds]?|cite[ds]?|quote[ds]?|source|sources)\b",
    re.I,
)
# "…, CNBC has reported.", "…, according to officials with the Canal Authority": whose account it is.
_ATTRIBUTION = re.compile(
    r",?\s*\baccording to\b[^,;.]*|"
    r",\s*[^,]{0,60}?\b(?:has |have |had )?(?:reported|said|says|reports|noted|added|wrote|confirmed|"
    r"told [\w’' ]{1,30}?)\s*(?=[.!?][\"”’]?\s*$)"
)


# "Reuters is reporting that…", "Officials said that…": whose account opens the sentence.
_LEADING_ATTRIBUTION = re.compile(
    r"^[^,;:]{0,40}?\b(?:is reporting|has reported|reported|reports|said|says|told [\w’' ]{1,30}?|announced|"
    r"confirmed|wrote|writes)\s+that\b"
)


def _without_attribution(question: str, sentence: str) -> str:
    """The sentence without whoever reports it, unless the question asks about reporting: "Which bank took
    over the deposits?" is not answered by "…, CNBC has reported", as who reports a thing did not do it."""
    if _ASKS_SAYING.search(question):
        return sentence
    # The opening account gives way to a space: the sentence's next name is not its first word.
    return _ATTRIBUTION.sub("", _LEADING_ATTRIBUTION.sub(" ", sentence))


# What a figure must say it measures to answer "how wide/high/…": the dimension's words, or its own units.
_DIMENSION = {
    "wide": r"\bwid(?:e|er|est|th|ths)\b|\bacross\b|\bbreadth\b|\bbeam\b|\bspan\b",
    "high": r"\bhigh(?:er|est)?\b|\bheights?\b|\btall(?:er|est)?\b|\belevation\b|\baltitude\b|\babove\b|"
    r"\bair draft\b",
    "deep": r"\bdeep(?:er|est)?\b|\bdepths?\b|(?<!air-)(?<!air )\bdraft\b|\bdraught\b|\bbelow\b|\bbeneath\b",
    "far": r"\bfar\b|\bdistance\b|\baway\b|\d\s*(?:km|kilomet(?:er|re)s?|miles?|m|met(?:er|re)s?|feet|foot|ft|yards?|"
    r"inch(?:es)?|cm|degrees?)\b",
    "old": r"\bold\b|\bage[ds]?\b|\bago\b|\bsince\b|\bfounded\b|\bestablished\b|\bbuilt\b|\bborn\b|"
    r"\bdat(?:e|es|ed|ing)\b|\b(?:1[0-9]|20)\d\d\b|\bcentur(?:y|ies)\b",
    "heavy": r"\bheav(?:y|ier|iest)\b|\bweigh(?:s|ed|ing|t|ts)?\b|\b(?:tons?|tonnes?|kg|kilograms?|pounds|lbs?|dwt)\b",
    "fast": r"\bfast(?:er|est)?\b|\bspeeds?\b|\bknots?\b|\bmph\b|\bkm/h\b|\bper (?:hour|second|minute)\b|"
    r"\ban hour\b|\brate\b",
}


# "How long did it last / had it been…", "How long was the canal blocked?" ask for a stretch of time, not a
# length ("How long is the canal?", "How long was the proposed extension?").
_ASKS_DURATION = re.compile(
    r"\bhow long\s+(?:did|does|do|will|would|can|could|has|have|had|should|might|must)\b|"
    r"\bhow long\s+(?:was|were|is|are)\s+[^?]*?\b(?:[a-z]{3,}ed|stuck|shut|held|kept|down|offline|aground)\b"
    r"(?=\s+(?:in|on|at|for|by|after|before|during|since|until|from|off|between)\b|\s*[?.]?\s*$)",
    re.I,
)
_TIME_SPAN_WORDS = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)|"
    r"millenni(?:um|a)|overnight|since|until|till)\b",
    re.I,
)


def _tells_duration(sentence: str) -> bool:
    """A stretch of time: its length ("78 minutes", "for weeks"), its bounds ("from March 23 to 29",
    "since 2010"), or two points in time ("The fire happened in March … by May"). "In January 2020, the
    owners declared…" gives a point, which says nothing of how long."""
    if _TIME_SPAN_WORDS.search(sentence) or _SPAN.search(sentence):
        return True
    points = [
        {m.lower() for m in re.findall(_MONTH, sentence)},
        set(years(sentence)),
        {m.lower() for m in re.findall(WEEKDAY_NAME, sentence)},
    ]
    return any(len(found) >= 2 for found in points)


def _says_change(sentence: str) -> bool:
    """A word of change ("fell", "cut"), or of a direction in other words ("was later lowered to")."""
    terms = set(content_terms(sentence))
    return bool(
        CHANGE_STEMS & terms or CHANGE_WORDS & words_in(sentence) or any(len(same_way(t)) > 1 for t in terms)
    )


def _sizes_change(sentence: str) -> bool:
    """A share, a sum, a measure, points or a multiple: how much a thing changed, not a count of things."""
    return any(p.search(sentence) for p in (_PERCENT, _MONEY, _MEASURE, _SIZED))


# Words that say what a figure measures, of every dimension ("86 km long", "a depth of", "22,000 years ago",
# "a beam of 59 m", "at 13 knots").
_MEASURED = re.compile(
    r"\b(?:long(?:er|est)?|length|wid(?:e|er|est)|width|broad(?:er|est)?|breadth|beam|high(?:er|est)?|height|"
    r"tall(?:er|est)?|elevation|altitude|deep(?:er|est)?|depth|draft|draught|old(?:er|est)?|ago|aged?|"
    r"heav(?:y|ier|iest)|weighs?|weight|tonnage|deadweight|tons?|tonnes?|fast(?:er|est)?|speed|knots?|mph)\b",
    re.I,
)


def _names_a_release(question: str, sentence: str) -> bool:
    """A release named after its product, as the question names the product: "Fedora Rawhide", "Fedora 40
    & 41", "Windows 11" for "Which Fedora/Windows release…", "xz 5.6.0" for "Which release of xz…". "an
    Ubuntu bug" names none."""
    products, asked = _release_products(question)
    for match in re.finditer(r"\b([\w+-]+)(?=\s+([A-Z][\w’'-]*|\d[\w.]*))", sentence):
        product, release = match.group(1).lower(), match.group(2)
        if (
            product in products
            and release.lower().rstrip(".") not in asked
            and not re.fullmatch(f"{_MONTH}|{WEEKDAY_NAME}", release, re.I)
        ):
            return True
    return False


@lru_cache(maxsize=64)
def _release_products(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the products the question names, its words), read once per question, not once per sentence."""
    products = {p for n in find_names(question) for p in n.parts}
    products |= {
        m.lower() for m in re.findall(r"\b(?:releases?|versions?) of (?:the )?([\w.+-]+)", question, re.I)
    }
    return frozenset(products), frozenset(w.lower() for w in re.findall(r"[\w.’'-]+", question))


# A sum of money: "$8.5 billion", "£300m", "10 billion dollars".
_MONEY = re.compile(
    r"[$£€¥₹]\s?\d[\d,.]*(?:\s*(?:million|billion|trillion|bn|m|k)\b)?|"
    rf"\b\d[\d,.]*(?:\s*(?:million|billion|trillion))?\s*(?:{_CURRENCY_NAMES}|pounds? sterling)\b",
    re.I,
)


def _figures_only(question: str, sentence: str) -> str:
    """The sentence without what is no count for the question: dates, durations, the question's own numbers
    ("How many 911 calls…"), and for "how many" the measures of units it does not ask for ("a 400-metre
    ship" counts no ships)."""
    counted = sentence
    if re.search(r"\bhow many\b", question, re.I):
        asked = {_unit(w) for w in re.findall(rf"\b(?:{_UNIT})\b", question, re.I)}
        counted = _MEASURE.sub(lambda m: m.group(0) if _unit(m.group("unit")) in asked else " ", sentence)
        if not _CURRENCY.search(question):
            counted = _MONEY.sub(" ", counted)  # "a $8.5 billion expansion to take the ships" counts no ships
    for given in set(re.findall(r"\d[\d,.]*\d|\d", question)):
        counted = re.sub(rf"(?<![\d.,]){re.escape(given)}(?![\d])", " ", counted)
    # "How many years did he work on it?": "for two years" counts them; "how much time…" any duration does
    asked_time = {
        u.lower().rstrip("s") for u in re.findall(rf"\bhow many ({_DURATION_UNIT})\b", question, re.I)
    }
    if re.search(r"\bhow much time\b", question, re.I):
        asked_time |= set(_DURATION_UNITS)
    return _without_dates(counted, keep=asked_time)


# "Who was the bomber?" asks for a person, as "Which bomber…" does; "Who attacked…" may be a group.
_WHO_IS = re.compile(
    r"\bwho (?:was|is|were|are) (?:the|a|an) (?:[a-z-]+ ){0,3}?((?![a-z-]+ed\b)[a-z-]+)(?=\s*[?,;]|\s*$|\s+(?:of|on|"
    r"in|at|for|to|from|with|aboard|behind|during|after|before|by|who|that|and|or|[a-z]+ed)\b)",
    re.I,
)  # the noun that ends the phrase: "Who was the captain of the ship?", "the executive vice president of…", "the
# engineer fired over…" (a participle follows the noun, never is it)


# "Silicon Valley Bank (SVB)": a name and its short form in brackets.
_SHORT_FORM = re.compile(r"\b([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+)\s+\(([A-Z][A-Za-z]{1,7})\)")


# "…, the official who said…": the question names the kind of person it asks for.
_PERSON_WHO = re.compile(r"\bthe ([a-z]+) who\b", re.I)


def new_names(
    question: str,
    sentence: str,
    kind: str,
    common: frozenset[str] = frozenset(),
    opens_with_name: bool = False,
    person: Callable[[str], bool] | None = None,
) -> list[str]:
    """Proper names in the sentence that the question does not already contain. The collection's subject
    (common) can answer "who claimed it?", never "which diplomat?" or "which building?". The sentence's
    first word counts only when opens_with_name says it is a name. person: where given, only names it
    takes for a person's count."""
    q_words = {unpossessive(w) for w in re.findall(r"[\w’'-]+", question)}
    q_words |= set(content_terms(question))  # and their stems: "Shiites" is the question's "Shiite"
    names = []
    sentence = collapse_abbreviations(sentence)  # "U.S." is one name ("US"), not "U" and "S"
    # A quotation's letter changed in brackets ("[T]he risk…") is a word's, not a name's
    sentence = re.sub(r"\[([A-Z])\](?=[a-z])", lambda m: m.group(1).lower(), sentence)
    for long, short in _SHORT_FORM.findall(sentence):
        if all(unpossessive(w) in q_words for w in long.split()):
            q_words.add(unpossessive(short))  # "Silicon Valley Bank (SVB)": the question's name, shortened
    for match in _CAPS.finditer(sentence):
        if re.search(r"[/#=_.]$", sentence[: match.start()]) or re.match(r"/|\.\w", sentence[match.end() :]):
            continue  # part of an address or a hashtag: "pic.twitter.com/PpDlxGXZRB", "#Lumen"
        words = [unpossessive(w) for w in match.group(0).split()]
        if match.start() == 0 and not opens_with_name:
            words = words[1:]
        elif words[0].lower() in STOPWORDS and re.search(
            r"(?:^|[\s(\[:,])[\"“‘]$", sentence[: match.start()]
        ):
            words = words[1:]  # a quotation's first word ("…: “This might be…”") is capitalised, not a name
        # An identifier ("CVE-2024-3094", "F-16") names no one.
        words = [
            w for w in words if w not in {"of", "the", "al", "bin", "ibn", "de"} and not re.search(r"-\d", w)
        ]
        following = sentence[match.end() : match.end() + 12]
        if not words or all(
            w in q_words
            or stem1(w) in q_words
            or _is_demonym(w, following)
            or re.fullmatch(f"{_MONTH}|{WEEKDAY_NAME}", w, re.I)
            for w in words
        ):
            continue
        person_only = (
            person is not None
            or kind == "person"
            and (
                not re.search(r"\bwho(?:m)?\b", question, re.I)
                or bool((m := _WHO_IS.search(question)) and is_person_noun(m.group(1).lower()))
                # "Who heads the authority, the official who said…": the question says a person is asked for
                or any(is_person_noun(w.lower()) for w in _PERSON_WHO.findall(question))
            )
        )
        if (person_only or kind == "place") and set(words) <= common:
            continue
        shown = (
            match.group(0).split()[1:]
            if match.start() == 0 and not opens_with_name
            else match.group(0).split()
        )
        if person_only and (
            any(w.lower() in NOT_A_PERSON for w in words)
            or " ".join(shown).isupper()
            # "…hospitals in Southeast states, including Tennessee" names no one, unless a place is asked for
            # ("Which country's diplomats…": "Saudi diplomats")
            or (
                names_a_place(" ".join(shown))
                and not re.search(r"\b(?:countr|nation|state|cit|provinc|region)\w*['’]", question, re.I)
            )
        ):
            continue
        if person is not None and not person(" ".join(shown)):
            continue  # "the Falcon sensor", "Windows systems": no one the question's role could be
        names.append(match.group(0))
    # A user's handle ("@lee_a sends a pull request") names its account, in lower case as often as not.
    names += [h for h in _HANDLE.findall(sentence) if h not in q_words and h[1:] not in q_words]
    return names


_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z_][\w-]*[A-Za-z0-9_]")


def _is_demonym(word: str, following: str) -> bool:
    """A people's name used as an adjective ("Russian embassy"): not a name that answers "who"."""
    return word.endswith(("ian", "ese", "ish", "stani", "ani")) and bool(re.match(r"\s+[a-z]", following))


_DURATION_UNITS = ("year", "month", "week", "day", "decade", "hour")
_DURATION_UNIT = "|".join(f"{unit}s?" for unit in _DURATION_UNITS)


def _without_dates(sentence: str, keep: set[str] | frozenset[str] = frozenset()) -> str:
    """Drop day-of-month and durations ("two years"): neither is a count of anything asked about, except
    durations in a unit kept (singular: "year")."""
    sentence = re.sub(
        rf"\b(?:{NUMBER_WORDS}|\d+)\s+({_DURATION_UNIT})\b",
        lambda m: m.group(0) if m.group(1).lower().rstrip("s") in keep else " ",
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
    # A time of day ("9 a.m.", "5:30 pm") counts nothing either.
    sentence = re.sub(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b\.?", " ", sentence, flags=re.I)
    return re.sub(
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b", " ", sentence
    )


# Short titles before a name ("Dr. Ana Lee", "CEO Tom Roe"): too short for is_person_noun's rule.
_SHORT_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "rev", "sen", "rep", "gov", "gen", "lt", "col", "capt",
    "sgt", "adm", "maj", "ceo", "cto", "cfo", "coo", "cio", "ciso", "chair", "judge", "king", "queen", "pope",
})  # fmt: skip
_SAYS = (
    r"(?:has |had )?(?:said|says|told|tells|wrote|writes|added|adds|noted|notes|explained|explains|argued|"
    r"argues|tweeted|tweets|posted|posts|recalled|recalls|warned|warns|stated|states|believes|believed|"
    r"thinks|thought|replied|replies|responded|responds|confirmed|confirms|apologi[sz]ed)\b"
)


def written_as_thing(name: str, text: str) -> bool:
    """The text puts an article before the whole name somewhere ("the Falcon sensor", "a Lumen update"):
    a thing's name, or a name used for one, as a person's name is not written."""
    return re.search(rf"(?<![\w’'-])(?:the|a|an)\s+{re.escape(name)}(?![\w-])", text) is not None


def written_as_words(name: str, text: str) -> bool:
    """The name's last word, its head, is also written in the text in lower case, as an ordinary word
    ("Template Type" beside "a type", "Inter-Process Communication" beside "communication"), or is a figure
    ("Channel File 291"): a thing's name, as a person's is not made. A person whose surname is a word
    ("Rose", "Bill Gates") is one where the text writes the name as a person's (written_as_person)."""
    words = re.findall(r"[^\W\d_][\w’'-]*|\d\w*", name)
    if not words:
        return False
    head = unpossessive(words[-1])
    return (
        head[0].isdigit() or re.search(rf"(?<![\w’'@-]){re.escape(head.lower())}(?![\w-])", text) is not None
    )


def written_as_person(name: str, text: str) -> bool:
    """The text writes the name (or its last word, a surname) as a person's somewhere: after a title or a
    person noun ("engineer Ana Lee", "Dr. Lee"), before "who" or a verb of saying ("Lee said"), or with a
    person noun in apposition ("Ana Lee, a Lisbon engineer,"). "Falcon" in "the Falcon sensor" never is."""
    words = name.split()
    forms = {name} | ({words[-1]} if len(words) > 1 and len(words[-1]) >= 3 else set())
    for form in forms:
        for match in re.finditer(rf"(?<![\w’'-]){re.escape(form)}(?![\w-])", text):
            before, after = (
                text[max(0, match.start() - 80) : match.start()],
                text[match.end() : match.end() + 80],
            )
            if _AFTER_PERSON.match(after):
                return True
            if _title_before(before.split()[-4:]):
                return True
            apposition = _APPOSITION.match(after)
            if apposition and is_person_noun(apposition.group(1).lower()):
                return True
    return False


def _title_before(before: list[str]) -> bool:
    """The words before a name end in a title or person noun, perhaps with capitalised words between:
    "engineer (Andres) Freund", "Dr. Lee", "CEO George Kurtz"."""
    for token in reversed(before):
        word = token.rstrip(".,").lower()
        if word in _SHORT_TITLES or (word.isalpha() and is_person_noun(word)):
            return True
        if not token[:1].isupper() or token.endswith((".", ",")) and word not in _SHORT_TITLES:
            return False
    return False


# What follows a person's name: "who", a verb of saying ("Lee said", "Lee, who…").
_AFTER_PERSON = re.compile(rf"(?:[’']s)?,?\s+(?:who|whose)\b|,?\s+{_SAYS}")
# A noun in apposition, its head before a comma or a preposition: "Ana Lee, a Lisbon engineer, said".
_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){0,3}?([\w’'-]+)(?=[,.;:)]|\s+(?:at|of|for|in|with|from|who|and)\b)"
)
