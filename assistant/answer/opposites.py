"""Words with an opposite, read in the question and sought in a sentence: "smallest" and "largest", "rose" and
"fell", "not clean" and "clean".

A sentence that says the opposite of what is asked is about the very thing asked and gets it wrong, so the
answer is a refusal, not that sentence. The question's analysis and the sentence checks read the same tables,
so they stand apart from both, importing neither.
"""

from __future__ import annotations

import re

from assistant.text.lexical import DOWN_WORDS, STOPWORDS, UP_WORDS, content_terms
from assistant.text.names import Name

AUX = {
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
    ("preliminary provisional interim", "final"),
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
    (UP_WORDS, DOWN_WORDS),
    ("before prior", "after subsequent"), ("accept", "reject"), ("support", "oppose"),
    ("allow permit", "ban forbid prohibit"), ("arrive", "depart"), ("open", "close"), ("merge", "diverge split"),
    ("born birth", "die died death"), ("raise hike", "lower reduce"),
    ("include included including", "exclude excluded excluding ignore ignored ignoring"),
    # stages of one affair: what was announced is not yet done, what is sued for not yet settled or paid
    ("announce announcement intend intention propose proposal", "complete completion"),
    ("sue lawsuit", "settle settlement trial verdict"), ("demand demanded", "pay paid payment accept accepted"),
]  # fmt: skip


# Words that say a thing changed, either way: the rise/fall pair above and their kin. "How much did it fall?"
# asks the size of one ("How much did it lose?" asks a sum of money).
CHANGE_STEMS = frozenset(
    content_terms(
        " ".join(_TURN_OPPOSITES[0])
        + " climb jump slump sink sank sunk tumble surge soar spike slide slid dip cut reduce reduction shed"
        + " double triple halve"
    )
)
# …and what says one in a sentence, not in a question: where it went ("down 11%"), or a loss ("lost 11%").
CHANGE_WORDS = frozenset({"up", "down", "lower", "higher", "lose", "loses", "lost", "losing"})


def stem1(word: str) -> str:
    return word if word in ("before", "after") else (content_terms(word) or [word])[0]


_ATTRIBUTE = _opposite_table(_ATTRIBUTE_OPPOSITES)
TURN = _opposite_table(_TURN_OPPOSITES, stem1)


def turn_terms(text: str) -> set[str]:
    return set(content_terms(text)) | (words_in(text) & {"before", "after"})


def qualifiers(text: str, names: list[Name]) -> set[str]:
    """The question's words that have an opposite, outside its names and its question words."""
    in_names = {p for n in names for p in n.parts}
    found = {w for w in words_in(text) if w in _OPPOSITE and w not in in_names} - {"most"}
    return {w for w in found if not _OPPOSITE[w] & found}  # "the largest or the smallest?" asks both


def attributes(text: str, names: list[Name]) -> list[tuple[str, str]]:
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
        target = stem1(noun)
        if any(a == adjective and stem1(b) == target for a, b in bigrams):
            continue
        if adjective == "least":
            if target in {stem1(t) for t in tokens}:
                return f"least {noun}", noun
            continue
        for a, b in bigrams:
            if a in _ATTRIBUTE[adjective] and stem1(b) == target:
                return f"{adjective} {noun}", f"{a} {b}"
    return None


def turned(question_terms: set[str], sentence: str) -> tuple[str, str] | None:
    """(asked, found) when the sentence reports the opposite change ("rose" asked, "dropped" found)."""
    said = turn_terms(sentence)
    for term in question_terms:
        if term in TURN and term not in said and (found := TURN[term] & said):
            surface = [w for w in re.findall(r"[A-Za-z]+", sentence) if stem1(w.lower()) in found]
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
            if word.lower() in _DEGREE or word.lower() in AUX:
                continue
            out.update(content_terms(word))
            if denials and word.lower().endswith("ly"):
                continue  # "fails to properly distinguish": the adverb and the verb
            break
    return out


def surface_word(term: str, text: str) -> str:
    """The word of the text whose stem is term, to show the user ("carri" -> "carry")."""
    return next((w for w in re.findall(r"[A-Za-z]+", text) if stem1(w.lower()) == term), term)


_WH = r"(?:why|how|what|who|whom|which|where|when)"
# At the question's start, or after a clause that attributes it ("According to Ana Lee, why can't…").
_INVERTED_NEGATION = re.compile(rf"(?:^\W*(?:{_WH}\s+)?|[,;:]\s*{_WH}\s+)[a-z]+n[’']t\b", re.I)


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
            asked, found = surface_word(term, question), surface_word(term, sentence)
            if asked.lower().endswith(("ed", "en")) and not found.lower().endswith(("ed", "en")):
                continue  # "wasn't supported" / "check for landlock support": the noun asserts nothing
            return f"not {asked}", found
    return None


def opposite_in(question_words: set[str], sentence: str) -> tuple[str, str] | None:
    """(asked, found) when the sentence says the opposite of a qualifier the question uses and not the
    qualifier itself ("smallest" asked, "largest" found)."""
    said = words_in(sentence)
    for word in question_words:
        opposites = _OPPOSITE.get(word)
        if opposites and word not in said and (found := opposites & said):
            return word, sorted(found)[0]
    return None


def words_in(text: str) -> set[str]:
    return {unpossessive(w) for w in re.findall(r"[\w’'-]+", text)}


def unpossessive(word: str) -> str:
    return re.sub(r"[’']s?$", "", word.lower())
