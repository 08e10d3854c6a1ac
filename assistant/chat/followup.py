"""Follow-up resolution: turn "when did that happen?" into a question retrieval can answer on its own.

A follow-up that leans on the conversation must carry its topic with it. Offline (no LLM) we decide
whether the question leans on the conversation (pronouns, "what about …", short questions with no name of
their own) and, if so, the Query carries the previous turn's topic beside the question: the names and
content words of the previous question plus the names in the best cited sentences of the previous answer.
With an LLM, `condense` renders prompts/condense.md instead; the heuristic stays the fallback. A
self-contained question always passes through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InvalidQuestionError
from assistant.query import Query
from assistant.schema import Answer
from assistant.text.dates import WEEKDAYS
from assistant.text.lexical import STOPWORDS
from assistant.text.names import PRONOUN_I, without_possessive

Llm = Callable[[str], str]

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
# A name: capitalised words (inner hyphens / apostrophes allowed), maybe joined by small lowercase particles.
_NAME = re.compile(
    r"(?<![\w'’])[A-Z][\w'’\-]*(?:(?:(?:\s+(?:of|al|bin|ur|el|de|the))?\s+|\s+d['’])[A-Z][\w'’\-]*)*"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:,?\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{4}})\b"
)
_NUMBER = re.compile(r"\b\d[\d,.:/\-]*\b")
# A quoted name ("Operation Sandstorm"), not a quoted phrase ("the unexpected collapse of Lumen Bank,").
_QUOTED = re.compile(r"[\"“]((?:[^\"”\s]+\s?){1,4})(?<![\s,.;:!?])[\"”]")

# Words that point back at something said before. "Strong" ones always do; "weak" ones (that, it, …)
# also work as conjunctions or dummies ("is it true that the army …"), so they only count when the question
# names nothing of its own or they sit where an anaphor sits.
_STRONG_ANAPHORS = {
    "he",
    "she",
    "they",
    "them",
    "him",
    "his",
    "her",
    "hers",
    "their",
    "theirs",
    "these",
    "those",
    "its",
    "same",
    "former",
    "latter",
}
_WEAK_ANAPHORS = {"that", "this", "it", "there", "then"}
_LEAN_OPENERS = (
    "what about",
    "how about",
    "and ",
    "what else",
    "anything else",
    "more on",
    "tell me more",
    "same for",
    "why so",
    "how come",
)
# A question word or auxiliary; with the imperatives ("Tell me…"), the words a question opens with.
_ASKING = frozenset({
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do",
    "does", "did", "can", "could", "should", "would", "will", "has", "have", "had",
})  # fmt: skip
_QUESTION_WORDS = _ASKING | {"tell", "give", "list", "name", "explain", "describe", "show", "according"}
# "What about Russia?", "And what about the Pakistani embassy?", "OK, same for Iran": the subject is swapped.
# A bare "And Circle?" / "Or the Lisbon branch?" (a few words, no question word of its own) swaps it too.
_SWAP = re.compile(
    r"^(?:(?:and|so|but|ok(?:ay)?|well|then)[,\s]+)?(?:(?:what|how) about|same for)\s+"
    rf"|^(?:and|or)\s+(?!(?:{'|'.join(sorted(_ASKING | _WEAK_ANAPHORS))})\b)(?=\S+(?:\s+\S+){{0,4}}\s*\?+$)",
    re.I,
)
_STOPWORDS = (
    _QUESTION_WORDS
    | _STRONG_ANAPHORS
    | _WEAK_ANAPHORS
    | {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "into",
        "and",
        "or",
        "but",
        "as",
        "be",
        "been",
        "being",
        "it's",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "there",
        "any",
        "some",
        "many",
        "much",
        "more",
        "most",
        "other",
        "else",
        "so",
        "not",
        "no",
        "yes",
        "also",
        "just",
        "only",
        "very",
        "than",
        "then",
        "if",
        "up",
        "out",
        "over",
        "after",
        "before",
        "during",
        "try",
        "tried",
        "happen",
        "happened",
        "occur",
        "occurred",
        "take",
        "place",
        "say",
        "said",
        "says",
        "mean",
        "means",
        "please",
        "one",
        "ones",
        "thing",
        "things",
        "get",
        "got",
        "make",
        "made",
        "like",
        "according",
        "article",
        "articles",
        "source",
        "sources",
        "text",
        "report",
        "exactly",
        "really",
        "actually",
        "now",
    }
)
# After a weak anaphor these make it a conjunction or a dummy, not a pointer back ("so that", "it is true").
_NOT_ANAPHORIC_AFTER = {
    "the",
    "a",
    "an",
    "is",
    "was",
    "are",
    "were",
    "they",
    "he",
    "she",
    "we",
    "true",
    "possible",
    "likely",
    "clear",
}
# Sentence-initial capitalised words that are ordinary words, not names ("Furthermore, the group …").
_OPENERS = {
    "on",
    "in",
    "at",
    "for",
    "after",
    "before",
    "during",
    "while",
    "since",
    "although",
    "though",
    "despite",
    "furthermore",
    "moreover",
    "meanwhile",
    "however",
    "additionally",
    "similarly",
    "lastly",
    "finally",
    "another",
    "both",
    "such",
    "several",
    "first",
    "second",
    "last",
    "today",
    "yesterday",
    "when",
    "once",
    "because",
    "instead",
    "thus",
    "hence",
    "therefore",
    "still",
    "yet",
    "even",
    "all",
}
# More carried terms drift the query towards the previous answer's side topics and lengthen every
# cross-encoder pair (~1 ms per term over 15 pairs); 10 scored best on the eval's follow-ups (12 before).
_MAX_CARRIED_TERMS = 10
_SHORT_QUESTION_WORDS = 6


@dataclass
class Turn:
    """One answered exchange: what was typed, what was retrieved for, what came back."""

    question: str
    query: Query
    answer: Answer | None = None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def names(text: str) -> list[str]:
    """Capitalised spans, acronyms, quoted names and numbers, in order; the sentence-initial word only
    when it is not an ordinary question/function word ("Which" is not a name, "NATO" and "Pakistan" are)."""
    found: list[str] = [m.group(0) for m in _DATE.finditer(text)]
    dated = {w for d in found for w in words(d)}
    for match in _NAME.finditer(text):
        span = match.group(0).strip()
        first, *rest = span.split()
        plain = first.lower().strip("'’")
        if plain in _STOPWORDS or plain in _OPENERS or (plain.endswith("ly") and not first.isupper()):
            span = " ".join(rest)  # "Which Pakistani" -> "Pakistani"; "Furthermore" -> ""
        span = without_possessive(span)
        if span and span.lower() not in _STOPWORDS and not PRONOUN_I.fullmatch(span) and span not in dated:
            found.append(span)
    found += [m.group(1).strip() for m in _QUOTED.finditer(text)]
    found += [n for m in _NUMBER.finditer(text) if (n := m.group(0).rstrip(".,:")) not in dated]
    return _dedupe(found)


def content_words(text: str) -> list[str]:
    return _dedupe([w for w in words(text) if w.lower() not in _STOPWORDS and len(w) > 2])


def leans_on_context(question: str) -> bool:
    """True when the question cannot be understood without the conversation before it: it points back, or
    it is short and names nothing ("why?", "how many died?", "who was behind the attack?"), which after a
    turn is most likely about that turn's subject."""
    return points_back(question) or (not names(question) and len(words(question)) <= _SHORT_QUESTION_WORDS)


def points_back(question: str) -> bool:
    """The question refers to something said before: a pronoun for what it asks about ("Who freed it?"), a
    demonstrative ("that attack"), or an opener that continues ("What about…", "And…")."""
    q = " ".join(question.split()).strip()
    low = q.lower()
    if not low:
        return False
    if low.startswith(_LEAN_OPENERS) or _SWAP.match(q):
        return True
    original = words(q)
    tokens = [w.lower().strip("'’") for w in original]
    if any(t in _STRONG_ANAPHORS for t in tokens):
        return True
    has_own_names = bool(names(q))
    for i, tok in enumerate(tokens):
        if tok not in _WEAK_ANAPHORS:
            continue
        if not has_own_names:
            return True
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        names_next = i + 1 < len(original) and original[i + 1][:1].isupper()  # "that NATO …": a conjunction
        if not nxt or (
            tok in {"that", "this"}
            and nxt not in STOPWORDS
            and nxt not in _NOT_ANAPHORIC_AFTER
            and not names_next
        ):
            return True  # "…do that?", "that attack", "when did that happen": a demonstrative before a noun or verb
        if nxt not in _NOT_ANAPHORIC_AFTER and tok in {"there", "then"}:
            return True
    return False


def topic_of(turn: Turn, *, keep_names: bool = True, own_only: bool = False) -> list[str]:
    """What the previous turn was about: its own question's names and content words, then the topic it
    carried itself, then the names in the best-scored sentences it cited (a pronoun's referent is often only
    in the answer). keep_names=False keeps acronyms only (the subject is being swapped); own_only keeps its
    own question's words only (the new question points back at nothing)."""
    query = turn.query
    carried_names = [t for t in query.topic if t[:1].isupper() or t[:1].isdigit()]
    carried_words = [t for t in query.topic if t not in carried_names]
    own_names = names(query.text)
    all_names = own_names + carried_names
    name_words = {w.lower() for t in all_names for w in words(t)}
    # The turn's own question first, then what it carried: the cross-encoder reads only the first terms, and
    # an older answer's names put first would pull every later turn back to that answer's sentence.
    terms = [n for n in own_names if keep_names or n.isupper()]
    terms += [w for w in content_words(query.text) if w.lower() not in name_words]
    if own_only:
        return _dedupe(terms)[:_MAX_CARRIED_TERMS]
    terms += [n for n in carried_names if keep_names or n.isupper()]
    terms += [w for w in carried_words if w.lower() not in name_words]
    answer = turn.answer
    if keep_names and answer is not None and not answer.refused and answer.citations:
        best = sorted(answer.citations, key=lambda c: -c.score)[:2]
        for citation in best:
            terms += [n for n in names(citation.quote) if n.lower() not in WEEKDAYS]  # "Friday" is no topic
    return _dedupe(terms)[:_MAX_CARRIED_TERMS]


def resolve(history: Sequence[Turn], question: str) -> Query:
    """The heuristic condenser: the question itself, or the question with the previous turn's topic."""
    question = " ".join(question.split())
    if not history or not leans_on_context(question):
        return Query.of(question)
    previous = history[-1]
    swapping = _SWAP.match(question) is not None
    if swapping and (swapped := swap_subject(previous.query.asked, question)):
        return Query.of(swapped)
    # "what about Russia?" swaps the subject: keep the previous frame, drop its own (non-acronym) names.
    # A question that only names nothing ("Who created the malicious releases?"), pointing back at nothing,
    # takes the words of the question before it, not the older turns' names a pronoun would need.
    carried = topic_of(previous, keep_names=not swapping, own_only=not points_back(question))
    own = {w.lower() for w in words(question)}
    carried = [t for t in carried if not {w.lower() for w in words(t)} <= own]
    # "Bank Chief" adds nothing next to "Bank Chief Executive Greg Becker".
    word_sets = {t: {w.lower() for w in words(t)} for t in carried}
    carried = [t for t in carried if not any(t != o and word_sets[t] < word_sets[o] for o in carried)]
    return Query.of(question, carried)


def swap_subject(frame: str, question: str) -> str | None:
    """'What about Russia?' after 'Why did NATO sanction Pakistan's bank?' -> 'Why did NATO sanction Russia's
    bank?': the previous question with its last ordinary name (acronyms like NATO stay) replaced. A subject
    that ends in the noun the name owned takes that noun's place too: 'And what about the Pakistani
    embassy?' after '…the attack on Russia's embassy?' -> '…the attack on the Pakistani embassy?'. A frame
    that names no one points at them by a pronoun: 'And Microsoft?' after 'How much did that cost them?' ->
    'How much did that cost Microsoft?'."""
    subject = _SWAP.sub("", question).rstrip(" ?.!")
    swappable = [n for n in names(frame) if not n.isupper() and not n[0].isdigit()]
    if not subject or not frame.endswith("?"):
        return None
    if not swappable:
        # "And Microsoft?" after "How much did that cost them?": the one the frame points at by a pronoun
        pronoun = list(re.finditer(r"\b(?:them|him|her|they|he|she)\b", frame, re.I))
        return frame[: pronoun[-1].start()] + subject + frame[pronoun[-1].end() :] if pronoun else None
    head = subject.split()[-1]
    # The name that owns the subject's noun ("Russian embassy" for "the Pakistani embassy"), else the last.
    owner = rf"(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}?{re.escape(head)}\b" if head[:1].islower() else None
    spans = []
    for target in reversed(swappable):
        for hit in reversed(list(re.finditer(rf"(?:\bthe\s+)?{re.escape(target)}", frame))):
            owned = re.match(owner, frame[hit.end() :]) if owner else None
            spans.append((hit.start(), hit.end() + (owned.end() if owned else 0), owned is not None))
    if not spans:
        return None
    start, end, _ = next((span for span in spans if span[2]), spans[0])
    return frame[:start] + subject + frame[end:]


def condense(
    history: Sequence[Turn],
    question: str,
    llm: Llm | None = None,
    *,
    prompts_dir: Path | None = None,
    max_chars: int = 4000,
) -> Query:
    """Standalone form of `question` given the conversation: an LLM rewrite if one is given, else heuristic.

    The LLM path is a seam for the openai/local backends: it renders prompts/condense.md and takes the first
    non-empty line of the reply; an empty, failed or invalid reply (over max_chars, no words) falls back to
    the heuristic, never to nothing.
    """
    if llm is None or not history:
        return resolve(history, question)
    prompt = render_condense_prompt(history, question, prompts_dir)
    try:
        reply = llm(prompt)
    except Exception:  # a flaky endpoint must not cost the user their question
        return resolve(history, question)
    lines = [line.strip().strip('"').strip() for line in (reply or "").splitlines() if line.strip()]
    try:
        return Query.parse(lines[0], max_chars) if lines else resolve(history, question)
    except InvalidQuestionError:
        return resolve(history, question)


def render_condense_prompt(
    history: Sequence[Turn], question: str, prompts_dir: Path | None = None, max_turns: int = 4
) -> str:
    """prompts/condense.md with {history} and {question} filled (plain replace: the text may hold braces)."""
    if prompts_dir is None:
        from assistant.settings import PROJECT_ROOT

        prompts_dir = PROJECT_ROOT / "prompts"
    template = (Path(prompts_dir) / "condense.md").read_text(encoding="utf-8")
    lines = []
    for turn in list(history)[-max_turns:]:
        lines.append(f"User: {turn.query.standalone}")
        if turn.answer is not None:
            reply = "(no answer in the sources)" if turn.answer.refused else turn.answer.answer
            lines.append(f"Assistant: {reply}")
    return template.replace("{history}", "\n".join(lines)).replace("{question}", " ".join(question.split()))


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out
