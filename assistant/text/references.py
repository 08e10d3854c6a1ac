"""Entries of an article's reference list: one owner for telling them from its sentences.

An entry is a line of its own that names a piece, its author or outlet and a date, in one of two common
styles: 'Author, A. “Title”. Outlet, 07.10.2022,' ('______.' repeating the author above) and
'- Author Name, Title of the piece (2024-04-01)'. Ingest indexes them like any text, so a question about a
cited piece can be answered; an entry never answers a question about what its title says.
"""

from __future__ import annotations

import re

from assistant.text.lexical import STOPWORDS

# 'Kapur, R. “Title”. 06.01.2022, Outlet,', '______. “Title”. Outlet, 10.09.2022,', 'Outlet. “Title”. 30.09.2022,'
_QUOTED = re.compile(
    r"^(?:_{3,}|[^“\"]{0,80}[“\"][^”\"]+[”\"]).{0,120}\d{2}\.\d{2}\.\d{4},?(?:\s*\S{1,24},?)?$"
)
# '- Author Name, Title of the piece (2024-04-01)' or '(March 29, 2024)'
_LISTED = re.compile(
    r"^\W{0,3}[-•*–—]\s+[A-Z][\w.'’ -]{1,60},\s[^!?]{3,200}\((?:\d{4}(?:-\d{2}){0,2}|[A-Z][a-z]+\.? \d{1,2},? "
    r"\d{4})\)\.?$"
)
_TITLE = re.compile(r"[“\"][^”\"]+[”\"]")


def is_reference_entry(line: str) -> bool:
    """The line (a paragraph, or a sentence read on the file's text with its bullet) is a reference-list
    entry, not a statement."""
    line = " ".join(line.split())
    return bool(_QUOTED.match(line) or _LISTED.match(line))


def credited(entry: str) -> str:
    """What an entry says of who wrote or ran the piece, without the piece's title: the part a question
    about the cited piece names ("When did Lumen Weekly run Lee's piece…?")."""
    entry = " ".join(entry.split())
    if _LISTED.match(entry):
        return entry.split(",", 1)[0]
    return _TITLE.sub(" ", entry)


# A question about the pieces an article cites: "…as listed in the bibliography", "the reading list's…".
_ASKS_LIST = re.compile(
    r"\b(?:bibliograph\w*|reading list|reference list|references|further reading|works cited)\b", re.I
)
# …or about a piece: "When did Lumen Weekly run its piece…", "Which outlet published Lee's report…".
_ASKS_PIECE = re.compile(
    r"\b(?:piece|article|essay|paper|report|story|post|headline|title|publish\w*|ran|run|runs|outlet|"
    r"cited|cites|credited|listed|wrote|written)\b",
    re.I,
)


def asks_about_entry(question: str, entry: str) -> bool:
    """The question asks about the piece this entry cites: it speaks of the article's reference list, or of a
    piece and someone the entry credits (its author or outlet, never a word of its title). "In Lee's reading,
    why…" asks about Lee's argument, not about Lee's piece in the list."""
    if _ASKS_LIST.search(question):
        return True
    if not _ASKS_PIECE.search(question):
        return False
    asked = {re.sub(r"[’']s$", "", w).lower() for w in re.findall(r"[\w’'-]+", question)}
    named = {w.lower() for w in re.findall(r"[\w’'-]+", credited(entry)) if w[:1].isupper() and len(w) > 1}
    return bool((named - STOPWORDS) & asked)
