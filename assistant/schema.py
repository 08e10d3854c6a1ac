"""Plain data passed between pipeline stages; offsets always point into the source file's text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DocumentMeta:
    title: str
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    title_is_fallback: bool = False
    url: str | None = None  # where the article was published (sources.json)


@dataclass
class Document:
    doc_id: str
    source: str  # file name, as shown to users
    path: str  # resolved path of the file it was read from
    text: str  # the file's text exactly as read: every offset indexes into this
    sha: str  # content hash: unchanged file <=> same sha
    meta: DocumentMeta
    furniture: frozenset[str] = frozenset()  # lines its corpus.toml declares page furniture (lower-case)


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Chunk:
    chunk_id: str
    doc_id: str
    source: str
    path: str
    paragraph: int  # 1-based paragraph (non-empty line) of the chunk's first character
    start: int
    end: int
    text: str  # == document.text[start:end]
    kind: str = "chunk"  # "chunk" (retrieval context) or "sentence" (answer candidate)


@dataclass
class Passage:
    """A retrieved chunk with its document metadata and retrieval score."""

    chunk_id: str
    doc_id: str
    source: str
    path: str
    title: str
    author: str | None
    date: str | None
    paragraph: int
    start: int
    end: int
    text: str
    score: float = 0.0
    publisher: str | None = None
    url: str | None = None


@dataclass
class Retrieval:
    """What an answer backend gets: ranked chunks for context, and ranked candidate sentences."""

    passages: list[Passage]
    sentences: list[Passage]
    context: Any = None  # retrieval.context.CorpusContext: the collection's names, aliases, neighbours
    limit: int | None = None  # -k as the user gave it: the answer draws on these passages only
    # A compound question's parts, each with the sentences ranked against that part alone.
    parts: list[tuple[str, list[Passage]]] = field(default_factory=list)


@dataclass
class Citation:
    n: int
    source: str
    title: str
    author: str | None
    date: str | None
    paragraph: int
    start: int
    end: int
    quote: str  # == source file text[start:end]
    chunk_id: str
    score: float
    url: str | None = None


@dataclass
class AnswerSentence:
    text: str
    citations: list[int]
    support: float
    # "claim": a sentence of a source (or a model's sentence checked against one). "conflict": a note the
    # system wrote from two cited quotes ("The sources disagree on the date: X versus Y"); no quote states
    # it, so it holds when each value stands in its own cited quote (answer/verify.conflict_holds). "span": the
    # time between the dates two cited quotes give ("From 2015 to April 2022: about 7 years."), which holds
    # when those quotes make that note (answer/verify.span_holds).
    kind: str = "claim"


@dataclass
class Conflict:
    about: str
    values: list[dict[str, Any]]


@dataclass
class Answer:
    question: str
    standalone_question: str
    answer: str
    refused: bool
    sentences: list[AnswerSentence] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # The parts of a compound question ("…, and what was their nationality?") no answer sentence answers.
    unanswered: list[str] = field(default_factory=list)
    backend: str = "extractive"
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Closest passages shown with a refusal; not part of the citations.
    closest: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["closest"] = [
            {k: p[k] for k in ("source", "title", "paragraph", "start", "end", "score")}
            for p in data["closest"]
        ]
        return data


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # files deleted but still indexed (no --prune)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, indexed path of its text)
    dropped: list[tuple[str, int, str]] = field(default_factory=list)  # (source, paragraph, reason)
    chunks_written: int = 0
    chunks_deleted: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    interrupted: bool = False


@dataclass
class SourceInfo:
    source: str
    path: str
    title: str
    author: str | None
    date: str | None
    publisher: str | None
    chunks: int
    url: str | None = None
