"""What the answer step needs to know about a collection, derived from the collection itself.

Nothing here knows any particular corpus: names that nearly every document mentions, the names each
document is about, and a sentence's neighbours all come from the indexed chunks (read once, with the
keyword index); aliases come from the optional per-corpus file `corpus.toml` (see README).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from assistant.ingestion.chunk import chunk_id
from assistant.schema import Passage
from assistant.text.dates import (
    WEEKEND_DAYS,
    dated_as_source,
    source_dates,
    weekdays_said,
    weekend_said,
    years,
)
from assistant.text.lexical import STOPWORDS, content_terms
from assistant.text.names import CODE_NAME, collapse_abbreviations, find_names, initial_runs
from assistant.text.sentences import BARE_MARK, list_mark, split_sentences

_CAPITALISED = re.compile(r"(?<![\w’'&])[A-Z][\w’'&-]*")  # as names.py's tokens: "P&I", "AT&T"
_CAPITALISED_RUN = re.compile(r"(?<![\w’'&])[A-Z][\w’'&-]*(?:[ \t]+[A-Z][\w’'&-]*)+")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”\n]\s*)$")


def _name_phrases(text: str) -> set[str]:
    """Runs of two to four capitalised words, lower-case ("south america", "suez canal"): a name of several
    words is in a document only where they stand together, not where "South Korea" and "Latin America" do."""
    found = set()
    for match in _CAPITALISED_RUN.finditer(collapse_abbreviations(text)):
        run = [re.sub(r"[’']s?$", "", w).lower() for w in match.group(0).split()]
        found |= {" ".join(run[i:j]) for i in range(len(run)) for j in range(i + 2, min(len(run), i + 4) + 1)}
    return found


def _name_words(text: str) -> set[str]:
    """Capitalised words that are not capitalised only because they open a sentence."""
    text = collapse_abbreviations(text)
    found = set()
    for match in _CAPITALISED.finditer(text):
        raw = re.sub(r"[’']s?$", "", match.group(0))
        word = raw.lower()
        acronym = len(raw) > 1 and raw.isupper()  # "US" (from "U.S.") is a name, "us" a stopword
        if word in STOPWORDS and not acronym:
            continue
        if _SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        found.add(word)
    return found


def _acronyms(text: str) -> set[str]:
    """The initials of each run of capitalised words ("United Nations" -> "un"): a document that writes a
    name out names its acronym too."""
    return {"".join(run).lower() for run in initial_runs(text) if 1 < len(run) <= 6}


class PackedSets(Mapping[str, frozenset[str]]):
    """Key -> a set of words, kept as one joined string per key and made a set when read.

    At 100k chunks (8k documents) every document's name words as pickled frozensets took 0.34 s to load
    in each cold `ask`, which reads the sets of the few documents it cites; joined strings load in
    milliseconds."""

    def __init__(self, sets: Mapping[str, Iterable[str]] | None = None):
        self._joined = {key: "\n".join(sorted(words)) for key, words in (sets or {}).items()}

    def __getitem__(self, key: str) -> frozenset[str]:
        joined = self._joined[key]
        return frozenset(joined.split("\n")) if joined else frozenset()

    def __iter__(self) -> Iterator[str]:
        return iter(self._joined)

    def __len__(self) -> int:
        return len(self._joined)


# A roundup's section: its heading stands this many lines above at most (an item's intro, quotes and
# "He goes on:" lines), and its opening words name whose section it is.
_SECTION_REACH = 8
_LEAD_CHARS = 60


@dataclass
class CorpusContext:
    chunks_by_doc: dict[str, list[Passage]] = field(default_factory=dict)  # each sorted by start
    common_names: frozenset[str] = frozenset()  # the collection's subject, named nearly everywhere
    # Each document's setting: the name words of its title and of its indexed text.
    doc_names: Mapping[str, frozenset[str]] = field(default_factory=PackedSets)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # lower-case name -> other names for it
    doc_years: Mapping[str, frozenset[str]] = field(default_factory=PackedSets)  # years each document names
    term_df: Counter[str] = field(default_factory=Counter)  # chunks holding each stemmed content word
    n_chunks: int = 0
    _owner_words: dict[str, frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def idf(self, term: str) -> float:
        return math.log((self.n_chunks + 1) / (self.term_df.get(term, 0) + 1)) + 1.0

    @classmethod
    def build(cls, chunks: list[Passage], aliases: dict[str, list[str]] | None = None) -> CorpusContext:
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for chunk in chunks:
            by_doc[chunk.doc_id].append(chunk)
        df: Counter[str] = Counter()
        chunk_freq: Counter[str] = Counter()
        doc_names: dict[str, frozenset[str]] = {}
        for doc_id, doc_chunks in by_doc.items():
            doc_chunks.sort(key=lambda c: c.start)
            per_chunk = [_name_words(c.text) for c in doc_chunks]
            counts = Counter(w for words in per_chunk for w in words)
            df.update(counts.keys())
            chunk_freq.update(counts)
            title = _name_words(doc_chunks[0].title) if doc_chunks else set()
            acronyms = {a for c in doc_chunks for a in _acronyms(c.text)}
            phrases = {p for c in doc_chunks for p in _name_phrases(f"{c.title}\n{c.text}")}
            doc_names[doc_id] = frozenset(title | set(counts) | acronyms | phrases)
        table: dict[str, set[str]] = defaultdict(set)
        for name, others in (aliases or {}).items():
            group = {name, *others}
            for member in group:
                table[member.lower()] |= group - {member}
        # The collection's own subject: named in (nearly) every document and in half of all chunks. A
        # question that names it sets no constraint; a name in 3 of 5 articles still does.
        n_docs, n_chunks = len(by_doc), len(chunks)
        common = {
            w for w, n in df.items() if n_docs >= 3 and n >= 0.8 * n_docs and chunk_freq[w] >= 0.5 * n_chunks
        }
        for word in list(common):
            common |= {a.lower() for alias in table.get(word, ()) for a in re.split(r"[\s/]+", alias) if a}
        term_df: Counter[str] = Counter(t for c in chunks for t in set(content_terms(c.text)))
        doc_years = {d: frozenset(y for c in cs for y in years(c.text)) for d, cs in by_doc.items()}
        return cls(
            dict(by_doc),
            frozenset(common),
            PackedSets(doc_names),
            dict(table),
            PackedSets(doc_years),
            term_df,
            n_chunks,
        )

    def _owners(self) -> dict[str, frozenset[str]]:
        """Each document's author and publisher name words, by file name; read once per collection."""
        if self._owner_words is None:
            self._owner_words = {
                chunks[0].source: frozenset(
                    w.lower()
                    for field in (chunks[0].author, chunks[0].publisher)
                    for w in re.findall(r"[\w’'-]+", field or "")
                    if len(w) >= 3 and w.lower() not in STOPWORDS
                )
                for chunks in self.chunks_by_doc.values()
                if chunks
            }
        return self._owner_words

    def weekdays_named(self, doc_id: str) -> frozenset[str]:
        """The weekdays a document names anywhere ("the weekend" for both of its days); read when a question
        sets its event on a weekday, which few do."""
        # Kept in the instance's dict, not a field: a context pickled before this cache existed has none.
        named: dict[str, frozenset[str]] = self.__dict__.setdefault("_weekdays", {})
        if doc_id not in named:
            text = " ".join(c.text for c in self.chunks_by_doc.get(doc_id, []))
            named[doc_id] = frozenset(weekdays_said(text) | (WEEKEND_DAYS if weekend_said(text) else set()))
        return named[doc_id]

    @property
    def doc_dates(self) -> frozenset[str]:
        """The documents' dates (ISO), for questions that name a piece by its date ("the March 27 update")."""
        return frozenset(
            chunks[0].date for chunks in self.chunks_by_doc.values() if chunks and chunks[0].date
        )

    def owner_words(self) -> list[frozenset[str]]:
        """Each document's author and publisher name words."""
        return list(self._owners().values())

    def attributed_sources(self, question: str) -> list[str]:
        """The documents a question attributes itself to by their author or publisher ("according to the
        Kairos blog post", "in Hughes' view", "per TechTarget", "How do CNN and TechTarget differ…") or by
        their date ("per the April 13 post"): [] when it names none, or when every document matches (one
        author writes them all)."""
        owners = self._owners()
        matched: set[str] = set()
        for name in find_names(question):
            at = question.find(name.text)
            if at < 0 or not _attributed(question, at, at + len(name.text)):
                continue
            matched |= {source for source, words in owners.items() if _owned_by(name.parts, words)}
        for code in self._cited_codes(question):
            matched |= {source for source, words in owners.items() if _code_owned(code, words)}
        if wanted := source_dates(question, self.doc_dates):
            # "Per the April 13 post, …": the piece of that date; "Per ZDNet's July 24 update": ZDNet's of that
            # date; "Engadget's March 11 and March 13 reports": both
            dated = {
                chunks[0].source
                for chunks in self.chunks_by_doc.values()
                if chunks and any(dated_as_source(chunks[0].date, w) for w in wanted)
            }
            matched = (matched & dated or matched) if matched else dated
        return sorted(matched) if 0 < len(matched) < len(owners) else []

    def source_names(self, question: str) -> set[str]:
        """The question's names that stand for the sources it is attributed to ("Changelog News", "Jerod
        Santo" of "…according to Changelog News, and what does Jerod Santo credit…"): what they name is where
        to look, not what to look for, so a sentence that says them ("I'm Jerod and this is Changelog News")
        earns nothing by it."""
        sources = self.attributed_sources(question)
        if not sources:
            return set()
        owners = self._owners()
        return {
            name.text
            for name in find_names(question)
            if any(_owned_by(name.parts, owners[s]) for s in sources)
        } | {
            code for code in self._cited_codes(question) if any(_code_owned(code, owners[s]) for s in sources)
        }

    @staticmethod
    def _cited_codes(question: str) -> list[str]:
        """A source's handle as the question cites it, in lower case with a figure ("the di3gosona post")."""
        return [m.group(0) for m in CODE_NAME.finditer(question) if _attributed(question, m.start(), m.end())]

    def _chunks_around(self, sentence: Passage) -> list[Passage]:
        chunks = self.chunks_by_doc.get(sentence.doc_id, [])
        starts = [c.start for c in chunks]
        i = bisect.bisect_right(starts, sentence.start)
        return [c for c in chunks[max(0, i - 2) : i + 1] if c.start < sentence.end and sentence.start < c.end]

    def paragraph(self, sentence: Passage) -> str:
        """The text of the sentence's paragraph as far as the indexed chunks hold it."""
        pieces: dict[int, str] = {}
        for chunk in self._chunks_around(sentence):
            rel = sentence.start - chunk.start
            para_start = chunk.text.rfind("\n", 0, max(0, rel)) + 1
            para_end = chunk.text.find("\n", max(0, rel + (sentence.end - sentence.start)))
            para_end = len(chunk.text) if para_end < 0 else para_end
            pieces[chunk.start + para_start] = chunk.text[para_start:para_end]
        if not pieces:
            return sentence.text
        return max(pieces.values(), key=len)

    def years_near(self, sentence: Passage) -> list[str]:
        """The years of the nearest paragraph, before or after the sentence's own, that names any: the time
        its narrative is in ("On July 19, 2024, …" / "…8.5 million devices were affected" is about 2024; "…14
        years ago: … McAfee had delivered a faulty file" / "that 2010 incident" is about 2010)."""
        return years(self.paragraph_near(sentence, lambda text: bool(years(text))))

    def paragraph_near(self, sentence: Passage, test: Callable[[str], bool]) -> str:
        """The nearest paragraph, before or after the sentence's own, that passes the test; "" if none."""
        text = self._doc_text(sentence.doc_id)
        start = text.rfind("\n", 0, max(0, sentence.start)) + 1
        end = text.find("\n", sentence.end)
        end = len(text) if end < 0 else end
        before = next(
            (p for p in reversed(list(re.finditer(r"[^\n]+", text[:start]))) if test(p.group(0))), None
        )
        after = next((p for p in re.finditer(r"[^\n]+", text[end:]) if test(p.group(0))), None)
        gaps = []  # as near before as after: the one before, which the narrative goes on from
        if before is not None:
            gaps.append((start - before.end(), 0, before.group(0)))
        if after is not None:
            gaps.append((after.start(), 1, after.group(0)))
        return min(gaps)[2] if gaps else ""

    def paragraph_before(self, sentence: Passage) -> tuple[str, str]:
        """(the paragraph before the sentence's own, the headings between them): what a paragraph that opens
        with "The score, a perfect 10, …" under "What the Score Tells Us" goes on from. ('', '') where the
        text between is not indexed or nothing comes before."""
        text = self._doc_text(sentence.doc_id)
        end = text.rfind("\n", 0, max(0, sentence.start))  # read back line by line, not the whole text
        headings: list[str] = []
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line, end = text[start:end], start - 1
            if not line:
                continue  # the blank line between paragraphs
            if not line.strip():
                return "", ""  # an unindexed stretch
            if not _heading(line):
                return line, " ".join(reversed(headings))
            if len(headings) == 2:
                return "", ""  # a run of headings: a new part, not this paragraph's lead-in
            headings.append(line)
        return "", ""

    def opens_with_name(self, sentence: Passage) -> bool:
        """The sentence's first word is a name: its document writes it with a capital inside a sentence
        ("…engineer Andres Freund, who…") and never without one, so "Freund found the backdoor…" names him.
        Or it reports what the sentence says ("Reuters is reporting that…") and is no common noun the document
        writes in lower case ("Officials said…" where it writes "officials"). A capital after a footnote mark
        ("[4] Similarly") is no such sign."""
        opening = sentence.text.lstrip("\"“‘'( ")
        first = re.match(r"[A-Z][a-z][\w’'-]*", opening)
        if not first:
            return False
        word = re.sub(r"[’']s?$", "", first.group(0))
        if word.lower() in STOPWORDS or re.match(r"\s+(?:a|an|the)\s", opening[first.end() :]):
            return False  # "Crossing an open ocean…": a name is not followed by an article
        # Kept in the instance's dict, not a field: a context pickled before this cache existed has none.
        openers: dict[tuple[str, str, bool], bool] = self.__dict__.setdefault("_openers", {})
        speaks = _SPEAKS.match(opening, first.end()) is not None
        key = (sentence.doc_id, word, speaks)
        if key not in openers:
            inside = re.compile(rf"[a-z,]\s+{re.escape(word)}(?![\w-])")
            lower = re.compile(rf"(?<![\w’'-]){re.escape(word.lower())}(?![\w-])")
            singular = re.compile(rf"(?<![\w’'-]){re.escape(word.lower().removesuffix('s'))}(?![\w-])")
            chunks = self.chunks_by_doc.get(sentence.doc_id, [])
            openers[key] = (
                any(inside.search(c.text) for c in chunks)
                or (speaks and not any(singular.search(c.text) for c in chunks))
            ) and not any(lower.search(c.text) for c in chunks)
        return openers[key]

    def neighbours(self, sentence: Passage) -> tuple[str, str]:
        """(the sentence before, the sentence after) within its paragraph; '' where there is none."""
        para = self.paragraph(sentence)
        at = para.find(sentence.text)
        if at < 0:
            return "", ""
        spans = split_sentences(para)
        before = [para[s.start : s.end] for s in spans if s.end <= at]
        after = [para[s.start : s.end] for s in spans if s.start >= at + len(sentence.text)]
        return (before[-1] if before else ""), (after[0] if after else "")

    def reply_to(self, question: Passage) -> Passage | None:
        """The first sentence of the paragraph after a question that ends its own paragraph: an FAQ's or an
        interview's answer to it ("Is there a CVE tracking designation?" / "Yes, it's CVE-2024-3094.").
        None when the question goes on in its paragraph or nothing indexed follows it."""
        chunks = self.chunks_by_doc.get(question.doc_id, [])
        upto = bisect.bisect_right([c.start for c in chunks], question.end)
        # The chunks that reach the question's end, and the next one: a chunk may end with the question and
        # its successor start at the following paragraph, the blank line between them in neither.
        for chunk in chunks[max(0, upto - 3) : upto + 1]:
            if question.end > chunk.end:
                continue
            if chunk.start >= question.end:
                if chunk.start - question.end > 4:
                    return None  # something unindexed stands between them
                rest = "\n" + chunk.text
                offset = chunk.start - 1
            else:
                rest = chunk.text[question.end - chunk.start :]
                offset = question.end
            gap = re.match(r"[ \t\"'”’)\]]*\n\s*", rest)
            if not gap:
                if rest.strip():
                    return None  # the question goes on in its paragraph
                continue  # this chunk ends with the question: the next one holds what follows
            para_end = rest.find("\n", gap.end())
            para = rest[gap.end() : len(rest) if para_end < 0 else para_end]
            spans = split_sentences(para)
            runs_on = para_end < 0 and spans and spans[0].end >= len(para.rstrip())
            if not spans or (runs_on and not self._ends_paragraph(chunk)):
                continue  # the paragraph (or its first sentence) runs past this chunk
            text = para[spans[0].start : spans[0].end]
            start = offset + gap.end() + spans[0].start
            return sentence_at(question, start, text, question.paragraph + 1)
        return None

    def introduced_by(self, sentence: Passage) -> str:
        """The line that ends the paragraph before the sentence's own, where it ends with a colon: it frames
        the paragraph as a quotation or a list ("…lcamtuf wrote up a different take:"). '' otherwise, or
        where that paragraph is not indexed."""
        para = self.paragraph(sentence)
        at = para.find(sentence.text)
        if at < 0:
            return ""
        start = sentence.start - at  # where the paragraph starts in the file
        chunks = self.chunks_by_doc.get(sentence.doc_id, [])
        i = bisect.bisect_left([c.start for c in chunks], start)
        # A chunk that holds the end of the paragraph before: it runs up to this one, or into it.
        before = [c for c in chunks[max(0, i - 3) : i] if c.start < start and start - c.end <= 4]
        if not before:
            return ""
        chunk = max(before, key=lambda c: min(c.end, start))
        line = chunk.text[: start - chunk.start].rstrip().rsplit("\n", 1)[-1].strip()
        return line if line.endswith(":") else ""

    def section_lead(self, sentence: Passage, reach: int = _SECTION_REACH) -> str:
        """The opening words of the paragraph under the heading of the sentence's section, where the heading
        stands at most `reach` lines before the sentence's paragraph: a roundup's item ("No more blue
        Fridays" / "Ana Lee sprinkles some optimism on…") whose paragraphs, quotes and "He goes on:" are the
        person's it opens with. '' where no heading is that near or the text between is not indexed."""
        text = self._doc_text(sentence.doc_id)
        # The sentence's line and the non-empty lines above it, nearest first: read back from the sentence,
        # not through the whole document.
        lines: list[str] = []
        stop = text.find("\n", sentence.start)
        stop = len(text) if stop < 0 else stop
        while stop > 0 and len(lines) <= reach:
            start = text.rfind("\n", 0, stop) + 1
            if start < stop:
                lines.append(text[start:stop])
            stop = start - 1
        for back in range(1, len(lines)):
            if not lines[back].strip():
                return ""  # an unindexed stretch: where the section starts is not known
            if _heading(lines[back]):
                return lines[back - 1][:_LEAD_CHARS]  # the line right under the heading
        return ""

    def any_document(self, key: str, test: Callable[[str], bool]) -> bool:
        """Whether the indexed text of some document passes the test (read whole, at file offsets); kept
        under key for the context's life, as a question's candidate names recur question after question."""
        seen: dict[str, bool] = self.__dict__.setdefault("_any_document", {})
        if key not in seen:
            seen[key] = any(test(self._doc_text(doc_id)) for doc_id in self.chunks_by_doc)
        return seen[key]

    def _doc_text(self, doc_id: str) -> str:
        """The document's indexed text at its file offsets; blanks where no chunk reaches."""
        texts: dict[str, str] = self.__dict__.setdefault("_doc_texts", {})
        if doc_id not in texts:
            chunks = self.chunks_by_doc.get(doc_id, [])
            out: list[str] = []
            at = 0
            for chunk in chunks:
                if chunk.start > at:
                    out.append("\n " * ((chunk.start - at) // 2) + "\n" * ((chunk.start - at) % 2))
                    at = chunk.start
                if chunk.end > at:
                    out.append(chunk.text[at - chunk.start :])
                    at = chunk.end
            texts[doc_id] = "".join(out)
        return texts[doc_id]

    def next_item(self, item: Passage) -> Passage | None:
        """The next entry of the list an item opens or belongs to: the first sentence of the next line, where
        both lines carry the same list mark ("- ", "• ", "2."), or, unmarked, where the next line follows
        without a blank line between and both lines are one short sentence each (a list's entries, not
        paragraphs of prose). None otherwise."""
        last = item
        while (after := self.next_sentence(last)) is not None:
            last = after
        following = self.reply_to(last)
        if following is None:
            return None
        line, next_line = self.paragraph(item), self.paragraph(following)
        mark, next_mark = list_mark(line), list_mark(next_line)
        if mark or next_mark:
            if mark != next_mark:
                return None
        elif self._between(last, following).count("\n") != 1 or not all(
            _one_short_sentence(x) for x in (line, next_line)
        ):
            return None
        return self.past_mark(following)

    def past_mark(self, sentence: Passage) -> Passage | None:
        """The sentence itself, or, where it is only a list's number or bullet ("1."), the sentence after it."""
        if BARE_MARK.fullmatch(sentence.text.strip()):
            return self.next_sentence(sentence)
        return sentence

    def _between(self, first: Passage, second: Passage) -> str:
        """The file's text between two sentences of a document, where one indexed chunk holds both, or where
        the first ends a chunk that ends its paragraph and the second opens the next (the whitespace between
        paragraphs: one newline a character); else a blank line (unknown)."""
        opens_a_chunk = any(c.start == second.start for c in self.chunks_by_doc.get(first.doc_id, []))
        for chunk in self._chunks_around(first):
            if chunk.start <= first.end and second.start <= chunk.end:
                return chunk.text[first.end - chunk.start : second.start - chunk.start]
            opens_next = opens_a_chunk and second.start > chunk.end
            if chunk.end == first.end and opens_next and self._ends_paragraph(chunk):
                return "\n" * (second.start - chunk.end)
        return "\n\n"

    def _ends_paragraph(self, chunk: Passage) -> bool:
        """Chunks overlap by a sentence inside a paragraph, never across one (ingestion/chunk.py): a chunk
        whose successor starts after it ends its paragraph."""
        chunks = self.chunks_by_doc.get(chunk.doc_id, [])
        i = bisect.bisect_right([c.start for c in chunks], chunk.start)
        return i >= len(chunks) or chunks[i].start > chunk.end

    def next_sentence(self, sentence: Passage) -> Passage | None:
        """The sentence that follows in the same paragraph, with its offsets in the source file."""
        return self._beside(sentence, after=True)

    def previous_sentence(self, sentence: Passage) -> Passage | None:
        """The sentence before it in the same paragraph, with its offsets in the source file."""
        return self._beside(sentence, after=False)

    def _beside(self, sentence: Passage, after: bool) -> Passage | None:
        para = self.paragraph(sentence)
        at = para.find(sentence.text)
        if at < 0:
            return None
        spans = split_sentences(para)
        if after:
            found = next((s for s in spans if s.start >= at + len(sentence.text)), None)
        else:
            found = next((s for s in reversed(spans) if s.end <= at), None)
        if found is None:
            return None
        text = para[found.start : found.end]
        return sentence_at(sentence, sentence.start - at + found.start, text, sentence.paragraph)


# A verb of reporting right after a sentence's first word: "Reuters is reporting that…", "Bloomberg said…".
_SPEAKS = re.compile(
    r"\s+(?:is reporting|has reported|reported|reports|said|says|told|announced|confirmed|wrote|writes)\b"
)


def _heading(line: str) -> bool:
    """A line that is a heading: a few words, no sentence's end, no list mark ("The pattern")."""
    line = line.strip()
    return (
        0 < len(line.split()) <= 8
        and not re.search(r"[.!?:;,\"”’)\]]$", line)
        and not list_mark(line)
        and line[:1].isupper()
    )


def _one_short_sentence(line: str) -> bool:
    return len(split_sentences(line)) == 1 and len(line.split()) <= 30


# A name that stands for a source: after "according to" / "per", or before a word for a piece of writing or a
# verb of saying ("the Kairos blog post", "Hughes' view", "Cox's timeline", "does TechTarget say").
_DOC_NOUNS = (
    r"piece|article|post|blog|report|analysis|view|account|timeline|transcript|story|coverage|explainer|"
    r"podcast|episode|column|interview|words|write-?up|newsletter|headline|site|outlet|"
    r"blogger|writer|author|columnist|reporter|journalist"
)
_SUBJECT_GAP = r"(?:and|or|also|each|both|really|actually|first|later|(?-i:[A-Z][\w’'.-]*))"
_SAYS = (
    r"says?|said|writes?|wrote|reports?|reported|argues?|argued|describes?|described|claims?|claimed|notes?|"
    r"noted|explains?|explained|characteri[sz]es?|puts? it|sees?|saw|portrays?|frames?|differ|disagree|agree|"
    r"tells?|told|suggests?|suggested|suspects?|suspected|thinks?|thought|believes?|believed|warns?|warned|"
    r"recommends?|recommended|advises?|advised|concludes?|concluded|predicts?|predicted|estimates?|estimated"
)


def _code_owned(code: str, owner: frozenset[str]) -> bool:
    return any(word.replace("-", "") == code for word in owner)


def _owned_by(parts: tuple[str, ...], owner: frozenset[str]) -> bool:
    """The name is the author's or publisher's, whole or in part ("Hughes", "European Eye", "CNN")."""
    return bool(owner) and (set(parts) <= owner or owner <= set(parts))


# One or more capitalised words: a name as a question writes it ("Ars Technica", "AT&T").
_NAME_AS_ASKED = r"[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)*"


def _attributed(question: str, start: int, end: int) -> bool:
    before, after = question[:start], question[end : end + 60]
    # "How do CNN and TechTarget differ…", "Ana Lee and the Lumen blog": a name joined to an attributed one
    joined = re.match(r"(?:[’']s?)?,?\s+(?:and|or)\s+(?:the\s+)?", question[end:])
    other = re.match(_NAME_AS_ASKED, question[end + joined.end() :]) if joined else None
    if joined and other and _attributed(question, end + joined.end(), end + joined.end() + other.end()):
        return True
    return bool(
        re.search(
            rf"(?:according to|\bper|as reported by|in the words of|(?:{_DOC_NOUNS}) by)\s+(?:the\s+)?"
            rf"(?:{_NAME_AS_ASKED},?\s+(?:and|or)\s+(?:the\s+)?)?$",
            before,
            re.I,
        )
        or re.match(rf"(?:[’']s?)?\s+(?:[\w-]+\s+){{0,2}}(?:{_DOC_NOUNS})\b", after, re.I)
        # the name is the subject: "Hughes says", "CNN and TechTarget differ", "Cox also writes"
        or re.match(rf"(?:[’']s?)?,?\s+(?:{_SUBJECT_GAP},?\s+){{0,3}}(?:{_SAYS})\b", after, re.I)
    )


def sentence_at(beside: Passage, start: int, text: str, paragraph: int) -> Passage:
    """A sentence of the same document as `beside`, at its offsets in the source file."""
    return Passage(
        chunk_id(beside.doc_id, start, start + len(text), text, "sentence"),
        beside.doc_id,
        beside.source,
        beside.path,
        beside.title,
        beside.author,
        beside.date,
        paragraph,
        start,
        start + len(text),
        text,
        beside.score,
        publisher=beside.publisher,
        url=beside.url,
    )
