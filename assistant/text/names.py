"""Proper names in questions and passages, by a general rule rather than a word list.

No packaged English NER model could be trusted here (the PyPI copies of spaCy's models are unofficial
re-uploads), so a name is what English writing marks as one: a capitalised word that is not the first
word of a sentence, an acronym ("U.S.", "UN", "IS-K"), or a run of such words ("King Charles III").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.dates import MONTHS, WEEKDAYS
from assistant.text.lexical import STOPWORDS
from assistant.text.place_words import SIDES, different_places

# "U.S." / "U.N." / "e.g." collapse to their letters; a title's dot is not a sentence end ("Lt. Gen.").
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})(?=[^A-Za-z]|$)")
_TITLE_DOT = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|St|Jr|Sr|Rev|No|Inc|Ltd|Co)\."
)
# Abbreviations prose mostly spells out ("Pres. Biden", "the Dept. of Transportation"): read as the word, so
# they match the spelled form and their dot ends no sentence.
_SPELLED = {
    "Pres": "President", "Dept": "Department", "Sec": "Secretary", "Govt": "Government", "Univ": "University",
    "Assn": "Association", "Intl": "International", "Natl": "National", "Corp": "Corporation",
}  # fmt: skip
_SPELLED_DOT = re.compile(rf"\b({'|'.join(_SPELLED)})\.")
_TOKEN = re.compile(r"[^\W_][\w’'&-]*(?::[A-Z0-9][\w’'&-]*)*")
# Words that name a side or part of a place, so that "Central and Western Europe" is one name.
_SIDES = SIDES | {"middle", "inner", "outer"}
_CONNECTORS = {"of", "the", "de", "al", "bin", "ibn", "von", "van", "der", "la", "le", "du", "and"}
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how"}
# Words that open a sentence before a name ("Besides Alaric Bond, who…", "Unlike Apple, …"): capitalised by
# their place, never part of the name.
_OPENERS = {"besides", "despite", "unlike", "apart", "aside", "except", "following", "regarding", "given"}
_OPENERS |= {"like", "since", "among", "amid", "beyond", "without", "within", "towards", "toward", "thanks"}
_OPENERS |= {"unless", "whereas", "although", "though", "while", "once", "upon", "via"}
# A request's verb opening a sentence ("Compare TechTarget's timestamp with…", "Give both years."); not "State",
# as a name opens so ("State Department")
_OPENERS |= {"compare", "contrast", "give", "list", "explain", "describe", "summarize", "summarise", "quote"}
_OPENERS |= {"cite", "mention", "identify", "specify", "include", "show", "tell"}


# A single initial before a surname ("C. Lumen", "George W. Orchid"), not a sentence's last letter ("Plan B. The
# team…", whose next word is a common one).
_INITIAL = re.compile(r"\b([A-Z])\.(?=\s+([A-Z][\w’'-]+))")


# A name written in lower case with a figure in it: bzip2, sha256, x86, a handle such as "di3gosona"; or
# opening in lower case before a capital: macOS, iPhone, eBay. Not a version ("v5.6", "v2"): versions have
# their own checks.
CODE_NAME = re.compile(r"(?<![\w.$£€-])(?:(?!v\d)[a-z]+\d[a-z\d]*|[a-z]{1,8}[A-Z][A-Za-z\d]*)(?![\w-]|\.\d)")


def code_in(code: str, text: str) -> bool:
    """ "SHA-256" and "x86-64" hold sha256 and x86; "the di3go-sona blog" holds di3gosona."""
    lower, code = text.lower(), code.lower()
    forms = (re.sub(r"(?<=[a-z])-(?=\d)", "", lower), re.sub(r"(?<=[a-z\d])-(?=[a-z\d])", "", lower))
    return any(re.search(rf"(?<![a-z\d]){re.escape(code)}(?![a-z\d])", form) for form in forms)


def collapse_abbreviations(text: str) -> str:
    """ "U.S." -> "US", "Lt. Gen." -> "Lt Gen", "C. Lumen" -> "C Lumen": the text's length changes, so use it
    only for analysis."""
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _INITIAL.sub(lambda m: m.group(0) if m.group(2).lower() in STOPWORDS else m.group(1), text)
    text = _SPELLED_DOT.sub(lambda m: _SPELLED[m.group(1)], text)
    return _TITLE_DOT.sub(r"\1", text)


def without_possessive(text: str) -> str:
    """ "Egypt's" -> "Egypt": a name as a refusal says it."""
    return re.sub(r"['’]s$", "", text)


@dataclass(frozen=True)
class Name:
    text: str  # as written in the question
    parts: tuple[str, ...]  # its distinctive words, lower-case, possessive stripped


# Titles written before a person's name inside a capitalised run ("Microsoft CEO Satya Nadella"): general
# English, not a list of anyone's names.
_TITLES = {"ceo", "cfo", "cto", "coo", "cio", "ciso", "chairman", "chairwoman", "chair", "president"}
_TITLES |= {"secretary", "minister", "senator", "sen", "governor", "gov", "mayor", "director", "chief"}
_TITLES |= {"executive", "officer", "ambassador", "envoy", "commissioner", "chancellor", "general", "gen"}
_TITLES |= {"lt", "col", "captain", "capt", "judge", "justice", "spokesman", "spokeswoman", "spokesperson"}
_TITLES |= {"professor", "prof", "dr", "mr", "mrs", "ms", "founder", "cofounder", "co-founder"}


# A company officer's title written as its acronym (spelled out in _ROLE_SPELLED): "Who is the CFO of Lumen?"
# is answered by a sentence that names a CFO or a "chief financial officer", no other officer.
_OFFICER_TITLES = ("ceo", "cfo", "cto", "coo", "cio", "ciso")
_OFFICER = "|".join(t.upper() for t in _OFFICER_TITLES)
# An officer's acronym as prose writes it out, in lower case too: "the senior vice president" holds "VP".
_ROLE_SPELLED = {
    "ceo": "chief executive", "cfo": "chief financial", "cto": "chief technology", "coo": "chief operating",
    "cio": "chief information(?! security)", "ciso": "chief information security", "vp": "vice[ -]president",
    "svp": "senior vice[ -]president", "evp": "executive vice[ -]president",
}  # fmt: skip


def officers_said(text: str) -> set[str]:
    """The officer titles ("cfo") a text names by acronym or spelled out ("chief financial officer"): the
    second word alone is none ("the largest bank collapse since the 2008 financial crisis" names no CFO)."""
    return {
        title
        for title in _OFFICER_TITLES
        if re.search(rf"\b{title.upper()}s?\b", text) or re.search(rf"\b{_ROLE_SPELLED[title]}\b", text, re.I)
    }


_OFFICER_OF = re.compile(rf"^({_OFFICER})\s+of\s+(?:the\s+)?(.+)$")
_OWNERS_OFFICER = re.compile(rf"^(.+?)['’]s\s+({_OFFICER})$")


def officer_owned(name: Name) -> tuple[Name, str] | None:
    """ "CEO of Lumen" or "Lumen's CEO", found as one name: the owner as a name of its own, and the title
    ("ceo") it owns."""
    if not (match := _OFFICER_OF.match(name.text) or _OWNERS_OFFICER.match(name.text)):
        return None
    title, owner = (
        (match.group(1), match.group(2)) if match.re is _OFFICER_OF else (match.group(2), match.group(1))
    )
    parts = tuple(p for p in (_bare(w).lower() for w in owner.split()) if p in name.parts)
    return (Name(owner, parts), title.lower()) if parts else None


# Offices one person cannot hold for another: a mayor is no governor, a senator no judge, an embassy's
# secretary no ambassador. Not "president" or "minister", which name one office in several ways (a minister
# asked for may be a "Transportation Secretary").
_OFFICE = dict.fromkeys(("governor", "gov"), "governor") | dict.fromkeys(("senator", "sen"), "senator")
_OFFICE |= dict.fromkeys(("judge", "justice"), "judge") | dict.fromkeys(("ambassador", "envoy"), "ambassador")
_OFFICE |= {"mayor": "mayor", "sheriff": "sheriff", "secretary": "secretary"}
_TITLED = re.compile(r"\b(" + "|".join(w.capitalize() for w in _OFFICE) + r")\.?((?:\s+[A-Z][\w’'-]*)+)")
# Offices named in lower case ("the governor", "two secretaries"); not "justice", which is seldom a judge.
_OFFICE_NOUN = re.compile(r"\b(governor|mayor|senator|judge|ambassador|envoy|sheriff|secretar(?:y|ie))s?\b")


def office(word: str) -> str | None:
    """The office a noun names ("envoy" -> ambassador), for the offices that exclude each other."""
    return _OFFICE.get(word.lower().rstrip("."))


def offices_held(sentence: str) -> dict[str, str]:
    """Offices written as a title before a name ("Portland Mayor Ted Wheeler", "Gov. Lee"), as
    {office: title as written}; and every office the sentence names in lower case."""
    held = {office(m.group(1)) or "": m.group(0) for m in _TITLED.finditer(sentence)}
    held |= {office(m.group(1)) or "": m.group(0) for m in _OFFICE_NOUN.finditer(sentence)}
    return held


def untitled_text(text: str) -> str:
    """The person a titled name holds: "Microsoft CEO Satya Nadella" is Satya Nadella, whom a passage may
    name without his company ("according to Microsoft" is not his word). A title that opens the name is
    left alone ("General Motors"), and so is a phrase with words in lower case ("the envoy Anan Roe",
    "Secretary of State Antony Blinken")."""
    words = text.split()
    if not all(_is_capitalised(w) for w in words):
        return text
    for i in range(len(words) - 2, 0, -1):
        if _bare(words[i]).lower() in _TITLES:
            return " ".join(words[i + 1 :])
    return text


def untitled(name: Name) -> Name:
    """The name as untitled_text reads it, its parts to match."""
    text = untitled_text(name.text)
    return name if text == name.text else Name(text, tuple(_bare(w).lower() for w in text.split()))


def _bare(word: str) -> str:
    return re.sub(r"[’']s?$", "", word)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


# The writer ("I", "I’m", "I've"), never a name.
PRONOUN_I = re.compile(r"I(?:['’](?:ve|m|d|ll))?")


def find_names(text: str) -> list[Name]:
    """Runs of capitalised words and acronyms, skipping a sentence's first word when it is a common word."""
    return list(_find_names(text))


@lru_cache(maxsize=16384)
def _find_names(text: str) -> tuple[Name, ...]:
    """Cached: the constraint checks read the same retrieved sentences for every question of a chat."""
    text = collapse_abbreviations(text)
    names: list[Name] = []
    run: list[str] = []
    sentence_start = True

    def close() -> None:
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        parts = tuple(
            _bare(w).lower()
            for w in run
            if w.lower() not in _CONNECTORS and w.lower() not in MONTHS and w.lower() not in WEEKDAYS
        )
        if len(parts) > 1:
            # an initial may be written out ("C" for "Can"); a number is the name's own ("Windows 7")
            parts = tuple(p for p in parts if len(p) > 1 or p.isdigit())
        if parts:
            names.append(Name(" ".join(run), parts))
        run.clear()

    last_end = 0
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        # What stands between this word and the one before: a comma ends a name ("In Paris, Macron said").
        gap, last_end = text[last_end : match.start()], match.end()
        if match.start() and re.search(r"[.!?:;\"“]\s*$", gap):  # tokens hold no such mark
            close()
            sentence_start = True
        first = sentence_start
        sentence_start = False
        lower = _bare(word).lower()
        if PRONOUN_I.fullmatch(word) and (word != "I" or not run or gap != " "):
            close()  # the writer ("I checked…", "I've"), not a name; "Elizabeth I" keeps its numeral
            continue
        if _is_capitalised(word) and not (
            first
            and (
                lower in STOPWORDS
                or lower in _QUESTION_WORDS | _OPENERS
                or _participle_opener(word, text, match.end())
            )
        ):
            if (
                first
                and not word.isupper()
                and not _inner_capital(word)
                and not _capitalised_next(text, match.end())
            ):
                close()  # capitalised only because it opens the sentence ("Combining…", "Put…")
                continue
            if run and not re.fullmatch(r"[ \t]+|-", gap):
                close()
            if (compound := _COMPOUND.fullmatch(word)) is not None:
                # "Facebook-funded", "Lisbon-based": the name is the capitalised part, and it ends there
                run.append(compound.group(1))
                close()
                continue
            if len(run) > 1 and run[-1] == "and" and re.search(r"[’']s$", word):
                close()  # "Changelog News and CNN's round-up": two names, the second owning a thing
            run.append(word)
        elif (
            run
            and lower in _CONNECTORS
            and word.islower()
            and re.fullmatch(r"[ \t]+", gap)
            and (
                lower not in ("and", "the")
                or any(w.islower() for w in run)
                or (lower == "and" and len(run) == 1 and run[0].lower() in _SIDES)
                or (lower == "the" and len(run) == 1)
            )
        ):
            # "Bank of England", not "the Lumen, the Orchid's sister"; "and" joins within a name that has a
            # connector already ("Department of Health and Human Services") or after a side of what follows
            # ("Central and Western Europe"), never two names ("How do Lisbon and Porto differ…", "Alaska State
            # Troopers and Phoenix Police"); "the" so too, or after a single name ("Alexander the Great"), not
            # between two ("the Lisbon Port Authority the mayor appointed")
            run.append(word)
        elif run and _numbers_name(run[-1], word, gap, text[match.end() :]):
            run.append(word)  # "Windows 7", "Fedora 40", "Channel File 291": the number is the name's
            close()
        else:
            close()
    close()
    return tuple(names)


# "Taking Lee's account together, what…?", "Comparing Lumen and Orchid, which…?": a participle that opens a
# question's first clause, which a comma ends before the question word. The clause has a word in lower case:
# "Kunming Steel, what did it make?" opens with a name.
_ASKS_AFTER_COMMA = re.compile(
    r"^[^,?]*\s[a-z][^,?]*,\s*(?:what|which|who|whom|whose|when|where|why|how|did|does|do|is|are|was|were|has|"
    r"have|had|can|could|will|would|should)\b.*\?"
)


def _participle_opener(word: str, text: str, end: int) -> bool:
    return (
        len(word) > 4
        and word.endswith("ing")
        and word[1:].islower()
        and bool(_ASKS_AFTER_COMMA.match(text[end:]))
    )


def _numbers_name(last: str, word: str, gap: str, rest: str) -> bool:
    """A short number right after a name belongs to it ("Windows 7 PCs", "Fedora 40 beta"), unless it counts
    what follows ("Delta 500 flights", "the Lumen 3 times"), is a year, or dates a month or day ("March 29")."""
    if gap != " " or not re.fullmatch(r"\d{1,3}", word) or re.match(r"[.,]\d", rest):
        return False  # nor the first figure of "Lumen 2.4.1" (a version: see numbers.versions) or "2,000"
    if _bare(last).lower() in MONTHS or _bare(last).lower() in WEEKDAYS:
        return False
    following = re.match(r"\s+([a-z][\w’'-]*)", rest)
    return not (following and following.group(1).endswith("s") and following.group(1) not in _NOT_PLURAL)


# Words ending in "s" that are no plural noun: "Windows 7 is…" keeps its number.
_NOT_PLURAL = frozenset(
    {"is", "was", "has", "as", "this", "its", "his", "us", "does", "plus", "thus", "versus", "across"}
)


# A name joined to a lower-case word that makes it an adjective ("US-led", "Lisbon-based", "Shiite-Hazara-
# populated"); "Al-Qaeda", "Hewlett-Packard" and "T-shirt" are not.
_COMPOUND = re.compile(r"([A-Z][\w’']+(?:-[A-Z][\w’']*)*)-[a-z][a-z-]*")


def _inner_capital(word: str) -> bool:
    """A capital inside the word ("RedHat", "GitHub", "McDonald", "Hewlett-Packard", "Al-Qaeda"): a name even
    where it opens a sentence."""
    return bool(re.search(r"[a-z]-?[A-Z]", word))


def _capitalised_next(text: str, end: int) -> bool:
    """The word after this one is capitalised too: the opener starts a longer name ("Silicon Valley…")."""
    following = re.match(r"\s+([A-Za-z][\w’'-]*)", text[end:])
    return bool(following and following.group(1)[0].isupper())


@lru_cache(maxsize=65536)
def _window_words(window: str) -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case words, words written with a capital: "US", "Jia") of a passage, abbreviations collapsed."""
    words = [_bare(w) for w in _TOKEN.findall(collapse_abbreviations(window))]
    # "Red Hat" also holds "RedHat": two capitalised words in a row, written as one.
    joined = [a + b for a, b in zip(words, words[1:], strict=False) if a[:1].isupper() and b[:1].isupper()]
    words += [
        piece for w in words if "-" in w for piece in w.split("-") if piece
    ]  # "CVE-2024-3094" holds "CVE"
    words += [m.group(1) for w in words if (m := _COMPOUND.fullmatch(w))]  # "Shiite-Hazara-populated"
    lower = frozenset(w.lower() for w in words) | frozenset(j.lower() for j in joined)
    return lower, frozenset(w for w in words if w[:1].isupper())


# What a name grows by to name its people, its language or more of it: "Pakistan" -> "Pakistani", "Europe"
# -> "European", "Afghan" -> "Afghanistan". "Panamax" and "Suezmax" (ship sizes) are other words.
_NAME_FORM_ENDINGS = frozenset(
    {"s", "es", "n", "ns", "an", "ans", "ian", "ians", "nian", "nians", "ean", "eans"}
    | {"i", "is", "ese", "ish", "ic", "ics", "ite", "ites", "er", "ers", "istan", "stan"}
)


def extends_otherwise(part: str, word: str) -> bool:
    """One word is the other plus an ending that makes no form of a name of it ("suezmax" of "suez"; not
    "suez-max", a compound that holds it)."""
    short, long = sorted((part.lower(), word.lower()), key=len)
    ending = long[len(short) :]
    return long.startswith(short) and bool(ending) and ending[0] != "-" and ending not in _NAME_FORM_ENDINGS


def word_matches(part: str, words: frozenset[str]) -> bool:
    """Same word, or the same stem written as a name of a place or its people ("Pakistan" ~ "Pakistani",
    "China" ~ "Chinese"): a shared start of 4+ letters covering most of the shorter word."""
    if part in words:
        return True
    if len(part) < 4:
        return False
    for word in words:
        if word[:3] != part[:3] or len(word) < 4:
            continue
        shared = 0
        for a, b in zip(part, word, strict=False):
            if a != b:
                break
            shared += 1
        if (
            shared >= 4
            and shared >= 0.7 * min(len(part), len(word))
            and abs(len(part) - len(word)) <= 4
            and not different_places(part, word)  # "Austria" is no form of "Australia"
            and not extends_otherwise(part, word)
        ):
            return True
    return False


# Words that say what kind of thing a name is, not which one: "Act" and "Law", "Inc." and "Corp.".
_DESIGNATORS = frozenset(
    {"act", "law", "bill", "statute", "inc", "corp", "corporation", "co", "ltd", "llc", "plc", "company"}
)


def name_in(name: Name, window: str, aliases: dict[str, set[str]] | None = None) -> bool:
    """Every distinctive word of the name occurs in the window (or one of its declared aliases does).

    Short acronyms must appear in capitals, so "US" never matches the pronoun "us"."""
    lower, capitals = _window_words(window)
    capitalised = frozenset(w.lower() for w in capitals)
    for alias in (aliases or {}).get(name.text.lower(), set()):
        if all(word_matches(p, lower) for p in alias.lower().split()):
            return True

    acronyms = {
        _bare(w).lower() for w in _TOKEN.findall(name.text) if _bare(w).isupper() and len(_bare(w)) > 1
    }

    def present(part: str) -> bool:
        if part in acronyms and spelled_out(part.upper(), window):
            return True  # "SP" where the passage says "the Scottish Parliament"
        if (
            part in acronyms
            and part in _ROLE_SPELLED
            and re.search(rf"\b{_ROLE_SPELLED[part]}\b", window, re.I)
        ):
            return True
        if len(part) > 3:
            # Another form of a name is a name too ("Pakistani", "Iranian"): "open" is no form of "OpenSSH".
            return part in lower or word_matches(part, capitalised)
        # A short part: an acronym ("US") must be in capitals, so it never matches the pronoun "us"; a short
        # name ("Jia Tan") must start with a capital.
        if part in acronyms:
            return part.upper() in capitals
        if part.isdigit():
            # a name's number ("Windows 7") as a number of its own, not a piece of "$7.68 billion"
            return re.search(rf"(?<![\d.,$£€]){part}(?![\d]|[.,]\d)", window) is not None
        return any(w.lower() == part for w in capitals)

    if all(present(p) for p in name.parts):
        return True
    # "the Dodd-Frank Law" holds "the Dodd-Frank Act", "Lumen" holds "Lumen Inc.": a word that only says what
    # kind of thing the name is (a law, a firm) may be another such word, or none
    distinctive = [p for p in name.parts if p not in _DESIGNATORS]
    if distinctive and len(distinctive) < len(name.parts) and all(present(p) for p in distinctive):
        return True
    # "RedHat" in the window holds "Red Hat"; a handle that keeps the first words' initials, "LLIntelligence"
    # or "NYTimes", holds "Lloyd's List Intelligence" or "New York Times"
    joined = (
        "".join(p[:1] for p in name.parts[:k]) + "".join(name.parts[k:]) for k in range(len(name.parts))
    )
    return len(name.parts) > 1 and any(len(form) >= 6 and form in lower for form in joined)


@lru_cache(maxsize=65536)
def _initials(window: str) -> tuple[tuple[str, ...], ...]:
    return initial_runs(window)


def initial_runs(text: str) -> tuple[tuple[str, ...], ...]:
    """The initials of each run of capitalised words ("the United States of America" -> U, S, A); a Roman
    numeral stands whole ("World War II" -> W, W, II)."""
    runs = re.findall(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|the|for|de)\s+)*[A-Z][\w’'-]*)*", text)
    return tuple(
        tuple(w if re.fullmatch(r"[IVX]+", w) else w[0] for w in run.split() if w[0].isupper())
        for run in runs
    )


def spelled_out(acronym: str, window: str) -> bool:
    """The window writes the acronym out: its letters are the initials of consecutive capitalised words
    ("SP" in "…the Scottish Parliament…", "ISIL" in "Islamic State of Iraq and the Levant"; "WWI" not in
    "World War II")."""
    return any(
        "".join(initials[i:j]) == acronym
        for initials in _initials(window)
        if len(initials) > 1
        for i in range(len(initials))
        for j in range(i + 2, len(initials) + 1)
    )
