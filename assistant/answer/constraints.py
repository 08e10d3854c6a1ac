"""Whether what the question pins down (its names, years, days, qualifiers) holds where a sentence stands.

A sentence on topic may be about another case, year or place than the one asked: quoting it would answer a
different question, so the extractive backend refuses instead and says what the closest passage is about.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.opposites import (
    flipped_attribute,
    negation_flipped,
    opposite_in,
    stem1,
    surface_word,
    turned,
)
from assistant.answer.question import (
    CENTURY,
    DECADE,
    DO_AUX,
    MONTH_NAME,
    ORG_OR_PLACE,
    QuestionAnalysis,
    attributions,
    countries,
    months_in,
    singular_form,
)
from assistant.text.dates import (
    DATE_ISO,
    WEEKEND_DAYS,
    dated_as,
    day_months,
    weekdays_said,
    weekend_said,
    year_of_day,
    years,
)
from assistant.text.lexical import STOPWORDS, content_terms
from assistant.text.names import (
    Name,
    code_in,
    extends_otherwise,
    find_names,
    name_in,
    offices_held,
    untitled,
    without_possessive,
    word_matches,
)
from assistant.text.numbers import (
    counts,
    holds_version,
    number_value,
    ordinal_figure,
    ordinal_word,
    ordinals,
    shares,
    sums,
    versions,
)
from assistant.text.place_words import different_places
from assistant.text.places import country_named, is_country, is_people, region_countries
from assistant.text.verbs import is_form_of


@dataclass
class Unmet:
    """A constraint of the question that a sentence (with its neighbours) does not meet."""

    wanted: str  # as the question says it
    found: str | None = None  # what the sentence has instead, when it has something of that kind
    # The sentence says the opposite of what is asked ("smaller streams" for "larger streams"): the question
    # is about this very passage and gets it wrong, so a weaker sentence elsewhere does not answer it either.
    flipped: bool = False
    # The sentence states the opposite word ("lowered" for "raise"): a refusal says what it says, not what
    # it is about.
    opposite: bool = False


# Whose voice a piece is in, saying it: "the Lisbon professor argued…" of a column, "the Orchid analyst
# thinks…" of a report. Not an office ("the Lisbon ambassador"), which a sentence on the person names beside
# them, nor someone's thing ("the commenter's Mac").
_VOICE_SAYS = re.compile(
    r"(?:[a-z-]+ )?(?:analyst|professor|blogger|writer|commenter|columnist|author|researcher|expert|economist|"
    r"journalist|reporter|editor|correspondent|commentator|scholar|academic)s? "
    r"(?:says?|said|thinks?|thought|argues?|argued|cites?|cited|writes?|wrote|notes?|noted|suggests?|suggested|"
    r"claims?|claimed|believes?|believed|warns?|warned|explains?|explained|describes?|described|calls?|called|"
    r"sees?|saw|concludes?|concluded|predicts?|predicted|estimates?|estimated|means?|meant|blames?|blamed)\b"
)


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
    about: str = "",
    doc_weekdays: frozenset[str] | None = None,
    title: str = "",
    years_near: list[str] | None = None,
    months_near: set[int] | None = None,
) -> Unmet | None:
    """Every name, year and day the question names must hold where the answer sentence stands.

    window: the sentence with its neighbours and its document's title, author and publisher; own: the same
    without the neighbours; title: the document's title alone. A neighbour supplies a name, except to a
    sentence that turns to another case: "…on Tajikistan. Similarly, an attack in Shiraz killed 15" is about
    Shiraz, whatever its neighbours or its article's title say. A name that only sets the scene ("in Paris")
    may come from the rest of the document. A year holds when the paragraph names it, or when the document
    (or its title: about, the document's own fields at the end of the window) names it and neither the
    sentence nor its paragraph names another year. A day ("on 12 April") must be in the window or the
    paragraph, a weekday in the document (doc_weekdays). An undated paragraph is dated by the nearest
    paragraph that names a year (years_near) or a month (months_near), where there is one.
    """
    own = window if own is None else own
    for group in analysis.name_groups:
        if any(n.text in analysis.settings and _in_document(n, doc_names) for n in group):
            continue
        if any(
            n.text in analysis.modifies
            and _in_document(n, doc_names)
            and _refers_to(analysis.modifies[n.text], sentence)
            for n in group
        ):
            continue  # "the talks" in an article that names Moscow: the Moscow talks
        if any(
            n.text in analysis.modifies
            and not re.search(r"['’]s?$", n.text)
            and _in_document(n, doc_names)
            and _VOICE_SAYS.match(analysis.modifies[n.text])
            for n in group
        ):
            continue  # "the Lisbon professor cites…", "the Orchid analyst thinks…": whose piece, named anywhere in it
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
                # "Using SQLite improved…" is no sibling of "WASM SQLite": its other word opens the sentence
                and not (
                    sentence.lstrip(" \"“‘'(").startswith(m.text)
                    and all(_common_opener(p) for p in set(m.parts) - set(n.parts))
                )
                and not name_in(n, m.text, aliases)
                and not name_in(untitled(m), n.text)  # "CrowdStrike CEO Kurtz" is George Kurtz
                for n in group
            )
        ]
        if any(
            n.text in analysis.typing
            and _in_document(n, doc_names)
            and _names_asked_kind(analysis, n, sentence)
            for n in group
        ):
            continue  # "Which Lisbon hotel…": "The Orchid Hotel…" in an article that names Lisbon
        # "Which Ubuntu release…" is not answered by a sentence on Fedora, whatever its neighbours say.
        typed = any(n.text in analysis.typing for n in group)
        # A sentence that turns to another case ("Similarly, in Shiraz…") leaves its article's title behind
        # too; who wrote or published it still holds ("Per Lumen's update…").
        where = (
            sentence + about.replace(title, "", 1)
            if moves_on(sentence)
            else own
            if siblings or typed
            else window
        )
        if not any(
            name_in(n, where, aliases)
            # "Windows 7" is not loosely "Windows XP": a numbered name is held only with its number
            or (
                not siblings
                and not typed
                and not any(p.isdigit() for p in n.parts)
                and _loose_in(n.text, where, doc_names or None)
            )
            or ((n.text in analysis.actors or is_people(n.text)) and _same_country(n.text, where))
            or _in_region(n.text, where)  # "Asian airlines": Japan's
            for n in group
        ):
            wanted = " or ".join(without_possessive(n.text) for n in group)
            # "…is about Silicon Valley Bank, not Signature Bank": a sibling says best what the passage is
            # about, unless it is a run of names ("Delta Air Lines CEO Ed Bastian Sunday")
            short = [m.text for m in siblings if len(m.parts) <= 3]
            found = short[0] if short else others[0] if others else None
            return Unmet(wanted, without_possessive(found) if found else None)
    if analysis.undergoes:
        undergoer, lemma, phrase, verb = analysis.undergoes
        if _reversed(undergoer, lemma, sentence, aliases):
            thing = phrase.split(f" {verb} ", 1)[-1]  # "Who replaced the Normans": what the Normans replaced
            return Unmet(phrase[:1].lower() + phrase[1:], f"what {thing} {verb}", flipped=True)
    for agent, lemma in analysis.agents.items():
        if lemma not in _SAYING and _undergone(agent, lemma, sentence, aliases):
            # "Who did the Normans encourage to come south?": "Norman mercenaries were encouraged… by the
            # Lombards" has it done to them
            who = without_possessive(agent.text)
            return Unmet(f"what {who} did", f"what was done to {who}", flipped=True)
    asked = analysis.own or analysis.text
    for name in analysis.names:
        head = analysis.modifies.get(name.text, "").split()[:1]
        before = rf"\s+(?:the\s+)?{re.escape(name.text)}\s"
        if re.search(rf"\b(?:that|which|where|when|who|whom){before}", asked):
            head = []  # "that the Rhine flows": the name's verb, not a noun it modifies
        # "does Ijssel carry" is the name's verb, "Did the US embassy…get attacked" its noun: after do, only
        # the word's own form counts ("the Nederrijn carries" is a verb; "the Russian embassy" the noun).
        bare = bool(re.search(rf"\b{DO_AUX}{before}", asked))
        other = _other_modifier(name, head[0], sentence, aliases, exact=bare) if head else None
        # "…after the attack on Russia's embassy did they strike Pakistan's embassy?" asks about both
        if other and not any(
            q != name
            and analysis.modifies.get(q.text, "").split()[:1] == head
            and (name_in(q, other, aliases) or _same_place(q.text, other))
            for q in analysis.names
        ):
            asked_thing = (
                f"{name.text} {head[0]}" if re.search(r"['’]s?$", name.text) else f"the {name.text} {head[0]}"
            )
            return Unmet(asked_thing, f"the {other} {head[0]}", flipped=True)
    for owner, title in analysis.titles.items():
        # "Who is Lumen's chief officer?": a possessive owns its title whatever the verb, and even where the
        # collection names the owner everywhere.
        if other := _other_owner(owner, title, sentence, aliases):
            return Unmet(f"{owner} {title}", other, flipped=True)
    for name, lemma in analysis.agents.items():
        other = _other_agent(name, lemma, sentence, aliases)
        # "According to the P&I Club, what had the SCA said…": the club saying it is the source asked for
        if (
            other
            # "Why did Lumen sue Orchid?": "Orchid sued Lumen" names both, the roles reversed
            and (
                not any(q != name and name_in(q, other, aliases) for q in analysis.names)
                or _done_to(name, lemma, sentence, aliases)
            )
            and not _credits(name, sentence, aliases)
        ):
            return Unmet(without_possessive(name.text), other, flipped=True)
    if other := _other_account(analysis, sentence, about, aliases):
        # "…, according to the Lisbon police?" is not answered by "…, according to Orchid News": another's
        # account. Not flipped: a sentence elsewhere may give the account asked for.
        return Unmet(*other)
    for year in analysis.years:
        own_years = years(sentence)
        if side := analysis.bounds.get(year):
            # "Before July 2024": a sentence dated within the bound holds; one dated only beyond it does not.
            # An undated sentence is dated by its paragraph ("…in 2019. Moreover, the spokesman stated…").
            dated = own_years or years(paragraph)
            inside = [y for y in dated if (int(y) <= int(year) if side == "before" else int(y) >= int(year))]
            if dated and not inside:
                return Unmet(f"the time {side} {year}", dated[0], flipped=bool(own_years))
            continue
        # A sentence that dates itself ("In January 2023, …") is about its own year, whatever year its
        # neighbours name.
        # A title's year ("…the 2024 CrowdStrike Debacle") dates the article, not a paragraph on 2010.
        where = sentence if own_years else window.removesuffix(about) + " " + paragraph
        if re.search(rf"\b{year}\b", where):
            continue
        stated = own_years or years(paragraph)
        # "…attacked the embassy on 5 September, killing six" in a piece of September 2022 is about 2022,
        # whatever other years the article names: the day is dated by its piece, or where the piece is
        # undated, by the last year it names.
        published = doc_date or (f"{max(doc_years)}-12-31" if doc_years else None)
        if not stated and (day := year_of_day(sentence, published)):
            if day[1] == year:
                continue  # its day's year, whatever year the paragraphs around it are in
            return Unmet(year, f"{day[0]}{',' if day[0][-1].isdigit() else ''} {day[1]}")
        if not stated and ((doc_date or "").startswith(year) or year in years(about)):
            continue
        if not stated and years_near and year not in years_near:
            # "How many devices were affected in 2023?" is not answered by an undated paragraph near "The
            # outage occurred July 19, 2024": the article names 2023 further off, its narrative here is 2024.
            return Unmet(year, None)
        if not stated and year in doc_years:
            continue
        # The sentence itself dates its event otherwise: the question gets this passage's year wrong, so a
        # weaker sentence elsewhere is no answer either (as with an opposite).
        found = dated_as(stated[0], sentence if own_years else paragraph) if stated else None
        return Unmet(year, found, flipped=bool(own_years))
    if analysis.source_date and doc_date and re.match(r"\d{4}-\d{2}", doc_date):
        year, month, _ = analysis.source_date  # the source's day is left to retrieval (attributed_sources)
        if year and not doc_date.startswith(year):
            return Unmet(f"a source from {year}", f"one from {doc_date[:4]}")
        if month and int(doc_date[5:7]) != month:
            return Unmet("a source from that month", None)
    if analysis.months and not analysis.months & months_in(window + " " + paragraph):
        asked = re.search(MONTH_NAME, analysis.text)
        wanted = asked.group(0).rstrip(".") if asked else "that month"  # "…in September." ends the question
        if months_in(sentence):
            # "in October 2022" is not answered by a sentence dated December 2, 2022
            found = re.search(MONTH_NAME, sentence) or DATE_ISO.search(sentence)
            return Unmet(wanted, found.group(0).rstrip(".") if found else None)
        published_month = (
            int(doc_date[5:7])
            if doc_date and re.match(r"\d{4}-\d{2}", doc_date) and not {*analysis.years} - {doc_date[:4]}
            else None
        )
        if (
            asked
            # "…, one ordering plans in March and the other clearing it to leave in July?": a month after a
            # comma may date one clause only
            and "," not in analysis.text[: asked.start()]
            and published_month not in analysis.months  # a piece of July tells its own July's news undated
            and (
                # "In March the owners agreed…" dates the sentence's own paragraph
                months_in(window + " " + paragraph, dated=True)
                or (months_near and not analysis.months & months_near)
                # …and nothing of that year's August
                or (published_month and min(analysis.months) > published_month)
            )
        ):
            # "How many flights were canceled in August?" is not answered by "On Sunday, more than 1,800
            # flights were canceled" beside a paragraph on July 19: an undated paragraph is in its nearest month.
            return Unmet(wanted, None)
    for century in analysis.centuries:
        # "in the 10th century" holds where "10th" is said ("the 10th and 11th centuries") beside the answer.
        # A year of the century beside the answer holds too ("in 1564" for "a 16th century settlement").
        said = re.search(rf"\b{century}\b", window + " " + paragraph, re.I)
        if not said and not _in_century(int(century[:-2]), window):
            stated = CENTURY.findall(sentence) or re.findall(r"\b\d{1,2}(?:st|nd|rd|th)\b", sentence)
            found = f"the {stated[0]}" if stated else None
            return Unmet(f"the {century} century", found, flipped=bool(stated))
    for decade in analysis.decades:
        # "in the 1990s" holds where the decade, one of its years or (for "the 1100s") its century is said.
        start = int(decade[:-1])
        end = start + (99 if start % 100 == 0 else 9)
        where = " ".join((sentence, window, paragraph))
        if decade in where or _within(start, end, where):
            continue
        if start % 100 == 0 and re.search(rf"\b{ordinal_figure(start // 100 + 1)}\b", where, re.I):
            continue
        stated = [f"the {d}" for d in DECADE.findall(sentence)] + [
            f"the {c} century" for c in CENTURY.findall(sentence)
        ]
        stated += years(sentence)
        if not stated and _within(start, end, " ".join(doc_years)):
            continue
        return Unmet(f"the {decade}", stated[0] if stated else None, flipped=bool(stated))
    if analysis.qualifiers and (flip := opposite_in(analysis.qualifiers, sentence)):
        return Unmet(flip[0], flip[1], flipped=True, opposite=True)
    if analysis.attributes and (flip := flipped_attribute(analysis.attributes, sentence)):
        return Unmet(flip[0], flip[1], flipped=True, opposite=True)
    if analysis.turns and (flip := turned(analysis.turns, sentence)):
        return Unmet(surface_word(flip[0], analysis.text), flip[1], flipped=True, opposite=True)
    if flip := negation_flipped(analysis.text, sentence):
        return Unmet(flip[0], flip[1], flipped=True, opposite=True)
    if analysis.sums:
        # "…cut its demand to $550 million?": a sentence whose surroundings never name that sum is about
        # another step of the story, however well it matches the rest.
        present = [value for _, value in sums(window)]
        for surface, value in analysis.sums:
            if not any(abs(v - value) <= 0.005 * value for v in present):
                stated = sums(sentence)
                return Unmet(surface, stated[0][0] if stated else None)
    if analysis.shares:
        # "…while unemployment was below 3.5 percent?" is not answered where the figure is 4 percent.
        present = [value for _, value in shares(window)]
        for surface, value in analysis.shares:
            if value not in present:
                stated = shares(sentence)
                return Unmet(surface, stated[0][0] if stated else None)
    for surface, value, thing in analysis.counts:
        # "Which attack killed 15 people?" is not answered by "…which resulted in the deaths of six people":
        # the sentence counts the same thing otherwise, and nothing beside it gives the question's figure.
        same = [(s, v) for s, v, t in counts(sentence) if content_terms(t) == content_terms(thing)]
        if same and value not in {v for _, v, _ in counts(window + " " + paragraph)}:
            return Unmet(surface, same[0][0], flipped=True)
    if analysis.days:
        present = day_months(window + " " + paragraph)
        if not set(analysis.days) & set(present):
            stated = list(day_months(sentence).values())
            return Unmet(" or ".join(analysis.days.values()), stated[0] if stated else None)
    if analysis.weekdays:
        # "…on the Sunday before it was freed" is not answered by "On Saturday, tugs moved the stern…"; nor
        # by "As of noon on Saturday, … United has canceled almost 300", where the paragraph set the day before
        # the sentence (not flipped: another sentence may give that day's figure).
        said = weekdays_said(sentence)
        scene = said or weekdays_said(_before_in(sentence, paragraph))
        asked_day = sorted(analysis.weekdays)[0].capitalize()
        if scene and not scene & analysis.weekdays:
            return Unmet(asked_day, sorted(scene)[0].capitalize(), flipped=bool(said))
        if not said and weekend_said(sentence) and not analysis.weekdays & WEEKEND_DAYS:
            return Unmet(asked_day, "the weekend")  # not flipped: which day of it is not said
        if doc_weekdays is not None and not doc_weekdays & analysis.weekdays:
            return Unmet(asked_day, None)  # the piece never names the day: nothing in it is set on it
    if analysis.office and (held := offices_held(sentence)) and analysis.office not in held:
        # "Which state governor declared an emergency?" is not answered by "Portland Mayor Ted Wheeler…"
        article = "an" if analysis.office[0] in "aeiou" else "a"
        return Unmet(f"{article} {analysis.office}", next(iter(held.values())), flipped=True)
    for value, numbered, surface in analysis.ordinals:
        # "Jia Tan's third patch" is not answered by "…sends second innocuous patch", which numbers it too
        given = [
            (v, following)
            for v, following, _ in ordinals(sentence)
            if numbered & set(content_terms(" ".join(following)))
        ]
        if given and value not in [v for v, _ in given]:
            other, following = given[0]
            noun = next(w for w in following if set(content_terms(w)) & numbered)
            return Unmet(f"the {surface}", f"the {ordinal_word(other)} {noun}", flipped=True)
    if analysis.versions:
        # "…crashes in xz 5.6.1?" is not answered by "Gentoo starts seeing crashes in 5.6.0"; one of several
        # versions asked about holds ("how does 5.6.1 differ from 5.6.0"). Only the sentence's own versions
        # count: in a changelog or a timeline each neighbour is another release. Not flipped: another
        # sentence, on the version asked, may still answer.
        stated = versions(sentence)
        if stated and not holds_version(analysis.versions, sentence):
            return Unmet(analysis.versions[0], stated[0])
    for code in analysis.codes:
        # "…compared to bzip2?" is not answered by "…compresses files to about 70% of what gzip did": a
        # name written in lower case with a figure in it is a name all the same.
        if not code_in(code, window):
            return Unmet(code, None)
    if other := other_number(analysis.own or analysis.text, sentence, window):
        # "…channel file 292?" is not answered by "The problematic version is channel file 291": the same
        # thing numbered otherwise, and nothing beside it gives the question's number.
        return Unmet(*other, flipped=True)
    if swap := swapped_object(analysis.own or analysis.text, sentence, window):
        # "…their first commit to libarchive?" is not answered by "…made their first commit to xz Utils": the
        # same words lead to another thing. Flipped only where it is another of the same kind ("the boys' high
        # school"): another sentence may name the thing asked.
        return Unmet(*swap)
    return None


_SLOT_PREPOSITIONS = frozenset({"to", "of", "in", "at", "for", "on", "from", "with", "into", "against", "by"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})
_CLAUSE_ENDS = _SLOT_PREPOSITIONS | {"and", "or", "if", "when", "before", "after", "during", "since", "until"}
# Words that lead to no object of their own: function words and quantities ("the attack on", "how many
# barrels of" / "a suicide attack on", "9.8 million barrels of").
_LEADS_NOWHERE = STOPWORDS | {"many", "much", "several", "few", "more", "less", "fewer"}
_SLOT_WORD = re.compile(r"[A-Za-z][\w’'-]*|\d[\d.,]*")


def swapped_object(question: str, sentence: str, window: str) -> tuple[str, str, bool] | None:
    """(asked, found, same kind): the sentence has the question's words and preposition before another object
    ("first commit to libarchive" asked, "first commit to xz Utils" said), and the window never names the asked
    one. Same kind where the words after both objects agree ("the boys' high school" / "a girls' high
    school"). Only an object in lower case: a name has its own checks, with the leave a scene-setting place
    needs."""
    present = set(content_terms(window))
    said_words = _SLOT_WORD.findall(sentence)
    said_stems = [_slot_stem(w) for w in said_words]
    for preposition, lead, asked, following in _asked_slots(question):
        if _slot_stem(asked) in present:
            continue
        for j in range(2, len(said_words) - 1):
            if said_words[j].lower() != preposition or any(
                w is not None and w != said for w, said in zip(lead, said_stems[j - 2 : j], strict=True)
            ):
                continue
            found_at = _slot_object(said_words, j + 1)
            found = said_words[found_at] if found_at is not None else ""
            if (
                not found
                or found.lower() in STOPWORDS
                or found[0].isdigit()  # "crashes in version 5.6.1" / "in 5.6.1": a figure has its own checks
                or _slot_stem(found) == _slot_stem(asked)
                # "stuck at the failed bank" / "stuck at the bank": the asked thing, its modifier unsaid
                or _slot_stem(found) in {_slot_stem(w) for w in following}
            ):
                continue
            pairs = zip(following, said_words[found_at + 1 : found_at + 3], strict=False)
            head = [a for a, _ in itertools.takewhile(lambda p: _slot_stem(p[0]) == _slot_stem(p[1]), pairs)]
            if head:
                return f"the {asked} {' '.join(head)}", f"the {found} {' '.join(head)}", True
            run = itertools.takewhile(lambda w: w[:1].isupper(), said_words[found_at + 1 : found_at + 3])
            return asked, " ".join([found, *run]), False
    return None


# "file 292", "step 0", "gate 12": a thing numbered by a figure of its own (not a year, a decimal or a
# version, which have their own checks). In the question, not a count ("killed 15 people").
_NUMBERED = re.compile(r"\b([A-Za-z]{3,})\s+(\d{1,4})\b(?![.,:/-]\d)(?!\s*%)")
_COUNTED = re.compile(r"\s*[A-Za-z]")
# Words before a figure that number nothing: "at least 19", "say 183", "around 200".
_NOT_NUMBERING = STOPWORDS | {
    "least",
    "most",
    "say",
    "around",
    "about",
    "nearly",
    "almost",
    "roughly",
    "some",
}


def other_number(question: str, sentence: str, window: str) -> tuple[str, str] | None:
    """(asked, found) where the sentence numbers the question's numbered thing otherwise ("channel file 291"
    for "channel file 292") and the window never gives the asked number."""
    for noun, number in _asked_numbers(question):
        if re.search(rf"\b{noun}\s+{number}\b", window, re.I):
            continue
        said = [n for w, n in _NUMBERED.findall(sentence) if _slot_stem(w) == _slot_stem(noun)]
        if said and number not in said:
            return f"{noun} {number}", f"{noun} {said[0]}"
    return None


@lru_cache(maxsize=256)
def _asked_numbers(question: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (noun, number)
        for match in _NUMBERED.finditer(question)
        if (noun := match.group(1)).islower()
        and noun not in _NOT_NUMBERING
        and not re.fullmatch(r"1\d{3}|20\d\d", number := match.group(2))
        and not _COUNTED.match(question, match.end())
    )


@lru_cache(maxsize=256)
def _asked_slots(question: str) -> tuple[tuple[str, tuple[str | None, ...], str, tuple[str, ...]], ...]:
    """(preposition, the stems of the two words before it, None for a function word; its object; the two
    content words after the object) of each slot a sentence could fill with another thing."""
    words = _SLOT_WORD.findall(question)
    slots = []
    for i in range(2, len(words) - 1):
        preposition = words[i].lower()
        if preposition not in _SLOT_PREPOSITIONS:
            continue
        lead = tuple(None if w.lower() in _LEADS_NOWHERE else _slot_stem(w) for w in words[i - 2 : i])
        if lead == (None, None):
            continue  # "how much of": no words of the question's own to lead to the object
        at = _slot_object(words, i + 1)
        asked = words[at] if at is not None else ""
        if not asked[:1].islower() or asked in STOPWORDS or len(asked) < 4:
            continue  # a name, a question word, or a slip ("of rhe Rhine")
        if preposition == "to" and at + 1 < len(words) and words[at + 1].lower() not in _CLAUSE_ENDS:
            continue  # "ordered preparations to offload the ship": a verb, which another may say as well
        following = tuple(itertools.takewhile(lambda w: w.lower() not in STOPWORDS, words[at + 1 : at + 3]))
        slots.append((preposition, lead, asked, following))
    return tuple(slots)


def _slot_object(words: list[str], at: int) -> int | None:
    """Where the object after a preposition stands, past a determiner."""
    while at < len(words) and words[at].lower() in _DETERMINERS:
        at += 1
    return at if at < len(words) else None


def _slot_stem(word: str) -> str:
    return stem1(word.lower())


_ACCOUNT = re.compile(r"\baccording to (?:the |an? )?([A-Z][\w’'.&-]*(?:\s+(?:of\s+)?[A-Z][\w’'.&-]*)*)")


def _other_account(
    analysis: QuestionAnalysis, sentence: str, about: str, aliases: dict[str, set[str]] | None
) -> tuple[str, str] | None:
    """(asked, found) where the sentence gives its figure "according to" someone other than the one whose
    account the question asks for. The article's own author or publisher reports what others say: "Per
    Lumen News, how many…" is answered by Lumen News' "…, according to the police"."""
    asked_by = attributions(analysis.own or analysis.text)
    asked = find_names(asked_by)  # the collection's subject too: "according to the Lisbon police" asks theirs
    if not asked or any(name_in(n, sentence, aliases) or name_in(n, about, aliases) for n in asked):
        return None
    said = _ACCOUNT.search(sentence)
    return (asked_by.strip(" ,;"), f"according to {said.group(1).rstrip('.')}") if said else None


def _in_document(name: Name, doc_names: frozenset[str]) -> bool:
    """The document names it somewhere: each of its words, and a name of several capitalised words ("South
    America") as one run, not "South Korea" in one place and "Latin America" in another."""
    if not set(name.parts) <= doc_names:
        return False
    words = [_bare_word(w) for w in name.text.split()]
    return (
        len(words) < 2
        or not all(w[:1].isupper() for w in name.text.split())
        or " ".join(words[:4]) in doc_names
    )


def _within(start: int, end: int, text: str) -> bool:
    """A year from start to end is named (not a year BC, nor part of a bigger number)."""
    return any(
        start <= int(m.group(1)) <= end
        for m in re.finditer(r"(?<![\d,.])\b(\d{3,4})\b(?!\s*(?:BC|BCE)\b)", text)
    )


def _in_century(century: int, text: str) -> bool:
    """A year of that century is named ("1564" for "the 16th century"); not a year BC."""
    return _within((century - 1) * 100 + 1, century * 100, text)


_CLAUSE_START = r"[,;:()]|\b(?:that|which|who|whom|when|while|because|after|before|as|if)\b"


# Verbs of saying stand for each other: "What did Microsoft say…" is not answered by "CrowdStrike told
# customers…".
_SAYING = ("say", "tell", "state", "announce", "write", "report", "note", "add", "explain")
# Verbs that stand for each other as the question's verb: "Why did Kazakhstan turn down the invitation?" is
# not answered by "Pakistan declined the invitation".
_SAME_DEED = (
    _SAYING,
    ("decline", "refuse", "reject", "turn", "rebuff", "snub", "spurn", "boycott"),
    ("kill", "murder", "assassinate", "slay"),
    ("founded", "establish", "established", "incorporate", "incorporated", "form", "formed"),
    ("build", "built", "construct", "constructed"),
    ("appoint", "appointed", "name", "named", "hire", "hired"),
    ("buy", "acquire", "purchase"),
    ("resign", "quit", "step"),
    # a verb and its noun where one is no form of the other: "When did Delta sue…" is answered by "Delta
    # filed a lawsuit…", "When did she die?" by "…her death in 1402"
    ("sue", "lawsuit"), ("die", "death"), ("bear", "birth"), ("sell", "sale"), ("lose", "loss"),
    ("fly", "flight"), ("grow", "growth"), ("withdraw", "withdrawal"), ("seize", "seizure"),
    ("arrive", "arrival"), ("depart", "departure"), ("close", "closure"), ("fail", "failure"),
    ("marry", "marriage"), ("approve", "approval"), ("propose", "proposal"), ("deny", "denial"),
)  # fmt: skip


def uses_of(lemma: str, sentence: str) -> Iterator[re.Match[str]]:
    """Where the sentence uses a form of the verb ("fled" for "flee"), or of another verb for the same deed."""
    lemmas = next((family for family in _SAME_DEED if lemma in family), (lemma,))
    return (m for m in re.finditer(r"\b[a-z]+\b", sentence) if any(is_form_of(m.group(0), x) for x in lemmas))


def asked_deeds(analysis: QuestionAnalysis) -> list[str]:
    """The verbs the question's names do that say what happened ("turn down", "resign"): not saying, which
    every article does of many people, nor a light verb ("give a reason", "make a claim")."""
    return [lemma for lemma in analysis.agents.values() if lemma not in _SAYING and lemma not in _LIGHT]


_LIGHT = frozenset(
    {"give", "make", "take", "get", "have", "do", "offer", "provide", "use", "go", "come", "put"}
)


def does_asked_deed(analysis: QuestionAnalysis, sentence: str) -> bool:
    """The sentence says one of asked_deeds, in any of its words ("declined" for "turn down")."""
    return any(next(uses_of(lemma, sentence), None) for lemma in asked_deeds(analysis))


def _reversed(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> bool:
    """The sentence has the name do what the question has done to it: "The invading Normans… replaced the
    Anglo-Saxons" answers whom the Normans replaced, not "Who replaced the Normans?"."""
    for match in uses_of(lemma, sentence):
        before = sentence[: match.start()]
        if re.search(r"\b(?:was|were|is|are|be|been|being|by)\s+(?:[\w-]+\s+)?$", before):
            continue  # "Dyrrachium was (first) betrayed to the Normans": done to the subject, as asked
        clause = re.split(_CLAUSE_START, before)[-1]
        after = " ".join(sentence[match.end() :].split()[:8])
        # "The FDIC, the agency charged with Lumen's workout and insuring…": a possessor does nothing
        doers = re.sub(r"[\w’'.&-]+['’]s\b", " ", clause)
        if len(clause.split()) <= 8 and name_in(name, doers, aliases) and not name_in(name, after, aliases):
            return True
    return False


def _undergone(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> bool:
    """The sentence has done to the name, by another, what the question has the name do: "Norman mercenaries
    were first encouraged to come to the south by the Lombards" for "Who did the Normans encourage…?"."""
    for match in uses_of(lemma, sentence):
        before = sentence[: match.start()]
        by = re.match(r"(?:\s+[\w’'-]+){0,8}?\s+by\s+", sentence[match.end() :])
        if not by or not re.search(r"\b(?:was|were|is|are|been|being)\s+(?:[\w-]+\s+)?$", before):
            continue
        clause = re.split(_CLAUSE_START, before)[-1]
        doer = " ".join(sentence[match.end() + by.end() :].split()[:6])
        if len(clause.split()) <= 10 and name_in(name, clause, aliases) and not name_in(name, doer, aliases):
            return True
    return False


# "Roku said it could lose…": who says it of itself does it.
_AGENT_GAP = r"(?:\s*,[^,]{1,60},)?\s+" + (
    r"(?:(?:said|says|warned|announced)\s+(?:that\s+)?(?:it|they)\s+)?"
    r"(?:(?:had|has|have|was|were|also|then|later|first|eventually|could|would|will|may|might|[a-z]+ly)\s+)"
    r"{0,2}$"
)


# "…, according to a post on X from CEO George Kurtz", "…, in a statement by the ministry": whose words they are.
_CREDIT = re.compile(
    r"\b(?:according to|(?:in|via) (?:a|an|the|his|her|its|their) [\w ]{0,20}?(?:post|statement|tweet|letter|"
    r"email|interview|blog|memo|release|note) (?:by|from))\b[^;.]*",
    re.I,
)


def _credits(name: Name, sentence: str, aliases: dict[str, set[str]] | None) -> bool:
    """The sentence credits what it reports to the asked name: "CrowdStrike told customers…, according to a
    post on X from CEO George Kurtz" is Kurtz's word, though CrowdStrike does the telling."""
    return any(name_in(name, m.group(0), aliases) for m in _CREDIT.finditer(sentence))


def _other_agent(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> str | None:
    """Another name that does the question's verb in the sentence: "When did Richard II flee to Normandy?" is
    not answered by "Ethelred fled to Normandy in 1013", whichever of its neighbours names Richard II."""
    other = None
    clause = 0
    for match in uses_of(lemma, sentence):
        before = sentence[: match.start()]
        if name_in(name, before[clause:], aliases):
            # the asked name comes first, or does it again in a clause of its own ("Delta has canceled 500
            # flights, while United has canceled almost 300"): it may be the one who does it
            return None
        clause = match.end()
        if other:
            continue
        subject = re.search(
            r"((?:[A-Z][\w’'&-]*)(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w’'&-]*)*)" + _AGENT_GAP, before
        )
        if not subject:
            continue
        said = subject.group(1)
        if re.search(r"['’]s$", said):
            continue  # "Monday's canceled flights": an owner before a participle, not who does it
        # A name that opens the sentence alone ("Ethelred fled…") is a name unless it is a common word.
        others = [n for n in find_names(before) if n.text in said or n.text.endswith(said)] or (
            find_names("The " + said)
            if not before[: subject.start()].strip() and said.lower() not in STOPWORDS
            else []
        )
        if others and not any(
            name_in(name, o.text, aliases) or name_in(untitled(o), name.text) for o in others
        ):  # "Orchid CEO Roe said…" is Tom Roe's saying
            other = said
    return other


def _done_to(name: Name, lemma: str, sentence: str, aliases: dict[str, set[str]] | None) -> bool:
    """The name is what the verb is done to, right after it ("Orchid sued Lumen, saying…")."""
    return any(
        name_in(name, " ".join(re.split(r"[,;:]", sentence[m.end() :])[0].split()[:4]), aliases)
        for m in uses_of(lemma, sentence)
    )


def _before_in(sentence: str, paragraph: str) -> str:
    """The paragraph's text before the sentence ("" where the sentence is not in it)."""
    at = paragraph.find(sentence)
    return paragraph[:at] if at > 0 else ""


def _same_country(name: str, window: str) -> bool:
    """A capital stands for its government, a people for its country: "Moscow" holds where the window says
    "the Russians", "Beijing" where it says "China". Not for a place the question is set in ("in Lisbon")."""
    country = country_named(name)
    return country is not None and country in countries(window)


def _other_modifier(
    name: Name, head: str, sentence: str, aliases: dict[str, set[str]] | None, *, exact: bool = False
) -> str | None:
    """Another name before the noun the question's name modifies: "When was the Pakistani embassy attacked?"
    is not answered by "The Russian embassy was attacked…", whatever its neighbours say of Pakistan. None when
    the sentence also puts the asked name there ("the Pakistani and Russian embassies"). exact: the head in
    its own form only (it may be a verb)."""
    singular = singular_form(head)
    noun = re.escape(head) if exact else rf"(?:{re.escape(singular)}|{re.escape(head)})(?:s|es)?"
    if singular.endswith("y") and not exact:
        noun = rf"(?:{noun}|{re.escape(singular[:-1])}ies)"  # "mercenaries" for "mercenary"
    run = r"[A-Z][\w’'-]*(?:(?:\s+|\s*,\s*|\s+(?:and|or)\s+)[A-Z][\w’'-]*)*"
    others = []
    if _modifier_kind(name.text) != "other":
        # A people's or a country's thing may be written as a name: "the Russian Embassy" is an embassy too
        # (not so "Microsoft's Vice President for Enterprise and OS Security" for "Microsoft security").
        noun = rf"(?i:{noun})"
    for match in re.finditer(rf"({run})\s+{noun}\b", sentence):
        modifiers = find_names("The " + re.sub(r"^(?:The|A|An|This|That|These|Those)\s+", "", match.group(1)))
        if (
            any(
                set(m.parts) & set(name.parts)
                or name_in(name, m.text, aliases)
                or _same_place(name.text, m.text)
                or _in_region(name.text, m.text)
                for m in modifiers
            )
            # as a whole word: "US" is no part of "Russian"
            or re.search(rf"(?i)\b{re.escape(name.text)}\b", match.group(1))
        ):
            return None
        # "the Paris embassy" is where the Russian embassy stands: a people, a country and a thing's own name
        # ("Windows machines") are different ways to tell one from another, and only the same way conflicts.
        others += [
            m.text
            for m in modifiers
            if not set(m.parts) <= STOPWORDS
            and number_value(m.text) is None  # "One seller, Ana Lee, told…" is a seller
            and (
                _modifier_kind(m.text) == _modifier_kind(name.text)
                # "the Porto International Airport" is a place's airport, as "the Porto airport" is; not one
                # of a list ("American Airlines, United Airlines… and Frontier Airlines")
                or (len(modifiers) == 1 and _modifier_kind(m.text.split()[0]) == _modifier_kind(name.text))
            )
        ]
    return others[0] if others else None


def _other_owner(name: str, phrase: str, sentence: str, aliases: dict[str, set[str]] | None) -> str | None:
    """Another name owns the title the question's name owns: "Who is Lumen's chief technology officer?" is not
    answered by "…was Orchid's Chief Technology Officer", however the title is capitalised."""
    run = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
    title = rf"(?i:{re.escape(phrase)})"
    owned = (
        rf"({run})['’]s\s+{title}\b",
        rf"({run})\s+{title}\s+(?=[A-Z])",  # "Orchid CEO Tom Roe"
        rf"\b{title}\s+of\s+(?:the\s+)?({run})",  # "Tom Roe, CEO of Orchid"
    )
    for match in re.finditer("|".join(owned), sentence):
        owner = next(g for g in match.groups() if g)
        if not (
            set(content_terms(owner)) & set(content_terms(name))
            or any(name_in(n, owner, aliases) for n in find_names(name))
        ):
            return match.group(0)
    return None


def _in_region(adjective: str, text: str) -> bool:
    """The text names a country of the region the adjective names; countryinfo's table is read only for a
    region's adjective (~30 ms the first time)."""
    region = region_countries(adjective)
    return bool(region) and bool(region & countries(text))


def _same_place(a: str, b: str) -> bool:
    country = country_named(a)
    return country is not None and country == country_named(b)


def _modifier_kind(name: str) -> str:
    """A nation (its people or its country: "the Russian embassy", "the US embassy") is one way to tell one
    thing from another, a city ("the Paris embassy") another."""
    if is_people(name) or is_country(name):
        return "nation"
    return "place" if country_named(name) else "other"


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
    r"^\W*(?:(?:furthermore|moreover|and|also),?\s+)?"
    r"(?:similarly|likewise|meanwhile|by contrast|in contrast|on the other hand|elsewhere|separately|"
    r"another|in other news|in (?:a|another) separate|finally|lastly|secondly|thirdly)\b",
    re.I,
)


def moves_on(sentence: str) -> bool:
    return bool(_MOVES_ON.search(sentence))


_LINKS = frozenset({"the", "a", "an", "of", "from", "to", "in", "on", "at", "for", "with", "by", "and", "or"})


def _names_asked_kind(analysis: QuestionAnalysis, name: Name, sentence: str) -> bool:
    """The sentence names a thing of the kind the typing name modifies: "the Orchid Hotel" for "Which Lisbon
    hotel…", a capitalised name ending in the asked noun."""
    head = analysis.modifies.get(name.text, "").split()[:1]
    if not head or len(head[0]) < 3:
        return False
    return bool(re.search(rf"\b[A-Z][\w’'-]*\s+(?i:{re.escape(head[0])})s?\b", sentence))


def _loose_in(entity: str, where: str, doc_names: frozenset[str] | None = None) -> bool:
    """Any distinctive word of the name, by its first five letters ("Pakistan Charge…" ~ "Pakistani") or
    spelled a little differently from the same first letter ("Nangarhar" ~ "Nengrehar", never "Tajikistan" ~
    "Pakistan"). A word that another name shares ("American Airlines") or that stands as a common noun
    ("affected airlines") does not hold "Southwest Airlines"; "the lake" does hold "Lake Constance", in a
    document that names Constance (doc_names), not "the canal" the "Panama Canal" where Panama is never named."""
    # One name, all its words capitalised ("Southwest Airlines", not "Lisbon and the Orchid Hotel"): a
    # capitalised run that shares a word of it and differs in another is a sibling name.
    whole = len(entity.split()) > 1 and all(w[:1].isupper() for w in entity.split())
    name_words = [p for p in re.split(r"[\s-]+", entity.lower()) if len(p) > 3]
    parts = [p for p in name_words if p not in ORG_OR_PLACE]
    keys = {p[:5] for p in parts}
    # A generic word of the name is no difference: "Social Security" is the "Social Security Administration"
    all_keys = {p[:5] for p in name_words}
    for part in parts:
        bare_part = _bare_word(part)
        for match in re.finditer(rf"\b{re.escape(part[:5])}[\w’'-]*", where, re.I):
            word = _bare_word(match.group(0))
            if different_places(bare_part, word):
                continue  # "Austria" is not "Australia"
            if extends_otherwise(bare_part, word):
                continue  # "Panamax" is no form of "Panama"
            if match.group(0)[0].isupper():
                # the capitalised words around it, up to a title-cased function word ("…Sail From Suez Canal")
                before = re.search(r"(?:[A-Z][\w’'-]*\s+)*$", where[: match.start()])
                left = before.group(0).split()
                if left and _opens_sentence(where[: before.start()]) and _common_opener(left[0]):
                    left = left[1:]  # "Using SQLite improved…": capitalised as the sentence's first word
                right = re.match(r"(?:\s+[A-Z][\w’'-]*)*", where[match.end() :]).group(0).split()
                left = list(itertools.takewhile(lambda w: w.lower() not in _LINKS, reversed(left)))
                right = list(itertools.takewhile(lambda w: w.lower() not in _LINKS, right))
                if (
                    not left
                    and not right
                    and word == part
                    and re.search(r"\bthe\s+$", where[: match.start()], re.I)
                    and doc_names is not None
                    and not all(word_matches(p, doc_names) for p in name_words if p != part)
                ):
                    continue  # "…Still Stuck in the Canal", a title's capitals: "the canal", not the Panama Canal
                run = {w.lower()[:5] for w in left + right} | {part[:5]}
                if whole and run - all_keys and all_keys - run:
                    continue  # "American Airlines" is not "Southwest Airlines"
                return True
            before = re.split(r"[.!?]\s+(?=[A-Z])", where[: match.start()])[-1]
            if (
                re.search(r"\b(?:the|this|that)\s+$", before, re.I)
                and not re.search(r"\s[A-Z]", before)
                and (doc_names is None or all(word_matches(p, doc_names) for p in name_words if p != part))
            ):
                return True  # "The lake is…" refers back to "Lake Constance"; "Delta … cost the airline" not
    # spelled differently: the words weighed above are not weighed again
    words = {w for w in re.findall(r"[a-z]{5,}", where.lower()) if w[:5] not in keys}
    return any(
        p[0] == w[0] and _similar(p, w) and not different_places(re.sub(r"[’']s?$", "", p), w)
        for p in parts
        if len(p) >= 6
        for w in words
    )


def _bare_word(word: str) -> str:
    """The word in lower case without its possessive ("Panama's" -> "panama")."""
    return re.sub(r"[’']s?$", "", word).lower()


def _opens_sentence(before: str) -> bool:
    return not before.strip() or bool(re.search(r"[.!?:;\"“]\s*$", before))


def _common_opener(word: str) -> bool:
    """A common word that a capital opens a sentence with: a stopword, a verb's -ing or -ed form."""
    lower = word.lower()
    return lower in STOPWORDS or bool(re.fullmatch(r"[a-z]{2,}(?:ing|ed)", lower))


@lru_cache(maxsize=65536)
def _similar(part: str, word: str) -> bool:
    """difflib ratio >= 0.75; the length bound first, as most words of a context fail on length alone."""
    import difflib

    if 2 * min(len(part), len(word)) < 0.75 * (len(part) + len(word)):
        return False
    matcher = difflib.SequenceMatcher(None, part, word)
    return matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75
