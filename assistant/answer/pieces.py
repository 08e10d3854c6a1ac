"""Questions about one of the pieces itself: who wrote it, when it was published, who published it.

The answer is the line of the piece's own text that says so, as its metadata was read from it at ingest: a
sentence of the index ("Editor’s Note: Ana Lee is a professor…") or a line the index leaves out (a byline,
a dateline), quoted from the file as verification reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.verify import source_text
from assistant.retrieval.context import sentence_at
from assistant.schema import Passage
from assistant.text.dates import parse_date
from assistant.text.sentences import split_sentences

_PIECE = (
    r"(?:article|piece|report|post|column|op-?ed|story|blog|analysis|commentary|paper|essay|opinion|editorial|"
    r"newsletter|review|update|feature|explainer|timeline|write-?up|briefing)s?"
)
_THE = r"(?:the|this|that|a|an|its|his|her|their)\s+"
_DESCRIBED = rf"{_THE}(?:[\w’'.-]+\s+){{0,6}}?{_PIECE}\b"
_ASKED = {
    # "Who wrote the CNN opinion piece on…?", "Who is the author of the report on…?"; not "Who wrote about…"
    "author": re.compile(
        r"^\W*(?:who|which (?:[\w-]+ )?(?:writer|journalist|author|reporter|columnist))\s+(?:wrote|authored|"
        rf"penned|reported)\s+{_DESCRIBED}|^\W*who (?:is|was|were|are) the (?:author|writer)s? of {_DESCRIBED}",
        re.I,
    ),
    # "When was the CNN piece on SVB published?", "When did Ana Lee publish her article?"
    "date": re.compile(
        rf"^\W*when (?:was|were) {_DESCRIBED}[^?]*?\b(?:published|written|posted|released|issued|put out)\b|"
        r"^\W*when did (?:[\w’'.-]+\s+){1,3}(?:publish|write|post|release|issue)\s+" + _DESCRIBED + "|"
        rf"^\W*(?:what|which) (?:is|was) the (?:publication |release )?date of {_DESCRIBED}",
        re.I,
    ),
    # "Which outlet published the timeline of the outage?", "Who published the xz timeline?"
    "publisher": re.compile(
        r"^\W*(?:who|which (?:[\w-]+ )?(?:outlet|publication|newspaper|site|website|magazine|blog|publisher|"
        rf"network|broadcaster))\s+(?:published|ran|carried|put out|posted)\s+{_DESCRIBED}",
        re.I,
    ),
}


def asked_of_piece(question: str) -> str | None:
    """What the question asks of a piece itself ("author", "date", "publisher"), or None."""
    return next((kind for kind, pattern in _ASKED.items() if pattern.search(question)), None)


def piece_owner(question: str) -> str:
    """Whose report, paper or study the question asks about, by the capitalised words before the noun:
    "Afghan Diaspora Network" of "Who wrote the Afghan Diaspora Network report on…?" (an institution's report
    is cited by news pieces more often than it is one). "" for "the article on…", and for "the Lumen Bank
    story", which is about Lumen Bank."""
    kind = asked_of_piece(question)
    match = _ASKED[kind].search(question) if kind else None
    words = re.findall(r"[\w’'.-]+", match.group(0)) if match else []
    if not words or not re.fullmatch(r"reports?|papers?|stud(?:y|ies)|analys[ie]s|surveys?", words[-1], re.I):
        return ""
    return " ".join(w for w in words[1:-1] if w[:1].isupper() and w.lower() not in {"who", "which", "when"})


def says_it(kind: str, piece: Passage) -> Callable[[str], bool] | None:
    """The test a line of the piece passes where it says what is asked: its author's surname, its date
    (in any common format), its publisher's name. None where the piece's metadata has none to say."""
    if kind == "author" and piece.author:
        word = re.escape(piece.author.split()[-1])
        return lambda line: re.search(rf"(?<![\w’'-]){word}(?![\w-])", line, re.I) is not None
    if kind == "date" and piece.date:
        return lambda line: parse_date(line) == piece.date
    if kind == "publisher" and piece.publisher:
        name = re.escape(re.sub(r"\s*\(.*\)$", "", piece.publisher))  # "Kairos project blog (kairos.io)"
        return lambda line: re.search(rf"(?<![\w’'-]){name}(?![\w-])", line, re.I) is not None
    return None


def line_saying(piece: Passage, test: Callable[[str], bool]) -> Passage | None:
    """The first sentence of the piece's file that passes the test (its byline, its dateline…), read as
    verification reads the file; None where the file is unreadable or no sentence does."""
    text = source_text(piece.path)
    if text is None:
        return None
    offset = 0
    paragraph = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        paragraph += 1
        if not test(line):
            continue
        span = next((s for s in split_sentences(line) if test(line[s.start : s.end])), None)
        begin, end = (start + span.start, start + span.end) if span else (start, start + len(line.rstrip()))
        return sentence_at(piece, begin, text[begin:end], paragraph)
    return None
