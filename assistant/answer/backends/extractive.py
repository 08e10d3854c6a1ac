"""Offline default: answer with the retrieved sentences that best answer the question, each one cited.

Grounded by construction: every answer sentence is a sentence of a source, quoted at its exact offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.backends.base import BackendResources
from assistant.answer.citations import display_text, make_citation, with_markers
from assistant.answer.question import UBIQUITOUS, QuestionAnalysis, analyse, fits, mentions
from assistant.schema import Answer, AnswerSentence, Conflict, Passage, Retrieval, Span
from assistant.text.lexical import content_terms, overlap
from assistant.text.sentences import words


@dataclass
class Candidate:
    passage: Passage
    span: Span
    text: str
    score: float = 0.0


class ExtractiveBackend:
    name = "extractive"

    def __init__(self, resources: BackendResources):
        self.settings = resources.settings.answer
        self.cross_encoder = resources.cross_encoder

    def answer(self, question: str, retrieval: Retrieval) -> Answer:
        analysis = analyse(question)
        candidates = candidate_sentences(retrieval.sentences)
        if self.settings.lexical_weight:
            # The cross-encoder reads a sentence without its neighbours and misses plain word matches
            # ("claim responsibility"); the question's own distinctive words get a say too.
            terms = set(content_terms(analysis.text)) - UBIQUITOUS
            names = [e for e in analysis.entities if not e.isdigit()]
            for cand in candidates:
                cand.score += self.settings.lexical_weight * overlap(terms, cand.text)
                if names:
                    lower = cand.text.lower()
                    cand.score += (
                        self.settings.entity_weight * sum(mentions(e, lower) for e in names) / len(names)
                    )
        relevant = [c for c in candidates if c.score >= self.settings.min_question_score]
        fitting = [
            c
            for c in relevant
            if fits(analysis, c.text, _surroundings(c) if analysis.answer_type == "person" else None)
        ]
        chosen = self.select(fitting)
        closest = retrieval.sentences or retrieval.passages
        if not chosen:
            if relevant and analysis.answer_type:
                return refusal(question, closest, self.name, missing_fact(analysis, relevant[0]))
            return refusal(question, closest, self.name)
        chosen = with_continuations(chosen, self.settings.max_sentences + 2)
        answer = compose(question, chosen, self.name)
        add_conflicts(answer, chosen)
        return answer

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        """Best sentences first; at most max_per_source from one article while others have something to add,
        then the remaining room goes to the best of the rest."""
        ranked = sorted(candidates, key=lambda c: -c.score)
        if not ranked:
            return []
        best = ranked[0].score
        eligible = [
            c for c in ranked if c.score >= self.settings.min_sentence_score and c.score >= best - 6.0
        ]
        chosen: list[Candidate] = []
        for capped in (True, False):
            for cand in eligible:
                if len(chosen) >= self.settings.max_sentences:
                    break
                if cand in chosen or any(_redundant(cand, other) for other in chosen):
                    continue
                same_source = sum(c.passage.doc_id == cand.passage.doc_id for c in chosen)
                if capped and same_source >= self.settings.max_per_source:
                    continue  # leave room for the other sources' view
                chosen.append(cand)
        return chosen


def _surroundings(candidate: Candidate, reach: int = 800) -> str | None:
    """The source text around a sentence (about two paragraphs each side), where its subject may be named."""
    from assistant.answer.verify import source_text

    text = source_text(candidate.passage.path)
    if text is None:
        return None
    return text[max(0, candidate.span.start - reach) : candidate.span.end + reach]


def candidate_sentences(sentences: list[Passage]) -> list[Candidate]:
    """The retrieved sentences that can stand as an answer sentence (not headings, captions, fragments)."""
    out: list[Candidate] = []
    for sentence in sentences:
        text = display_text(sentence.text)
        if len(words(text)) >= 6 and text[-1] in '.!?"”’)':
            out.append(Candidate(sentence, Span(sentence.start, sentence.end), text, sentence.score))
    return out


_LEAD_IN = re.compile(r"(?:explain(?:s|ed)? (?:why|how|that)|the reasons?\b|as follows|[:—]$)", re.I)


def with_continuations(chosen: list[Candidate], limit: int) -> list[Candidate]:
    """A sentence that announces an explanation ("X explained why…") brings the sentence that gives it."""
    out = list(chosen)
    for cand in out:  # appended sentences may announce more (a chain of at most `limit`)
        if len(out) >= limit or not _LEAD_IN.search(cand.text.rstrip(".")):
            continue
        following = next_sentence(cand.passage, cand.span.end)
        if following is not None and all(c.span.start != following.start for c in out):
            out.append(
                Candidate(
                    following, Span(following.start, following.end), display_text(following.text), cand.score
                )
            )
    return out


def next_sentence(passage: Passage, end: int) -> Passage | None:
    """The indexed sentence right after offset `end` in the source file (maybe in the next paragraph)."""
    from assistant.answer.verify import source_text
    from assistant.ingestion.chunk import chunk_id
    from assistant.ingestion.clean import is_residue
    from assistant.text.sentences import paragraphs, split_sentences

    text = source_text(passage.path)
    if text is None:
        return None
    for number, para in paragraphs(text):
        if para.end <= end:
            continue
        if is_residue(text[para.start : para.end]):
            return None
        for span in split_sentences(text, max(para.start, end), para.end):
            if span.start >= end and not text[end : span.start].strip():
                sentence = text[span.start : span.end]
                return Passage(
                    chunk_id(passage.doc_id, span.start, span.end, sentence, "sentence"),
                    passage.doc_id,
                    passage.source,
                    passage.path,
                    passage.title,
                    passage.author,
                    passage.date,
                    number,
                    span.start,
                    span.end,
                    sentence,
                    passage.score,
                )
        return None
    return None


def _redundant(a: Candidate, b: Candidate) -> bool:
    wa, wb = set(w.lower() for w in words(a.text)), set(w.lower() for w in words(b.text))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def compose(question: str, chosen: list[Candidate], backend: str) -> Answer:
    """Order sentences readably (by source, best source first, then by position) and number citations."""
    source_rank: dict[str, int] = {}
    for cand in chosen:
        source_rank.setdefault(cand.passage.doc_id, len(source_rank))
    ordered = sorted(chosen, key=lambda c: (source_rank[c.passage.doc_id], c.span.start))
    citations = [
        make_citation(n, cand.passage, cand.span.start, cand.span.end) for n, cand in enumerate(ordered, 1)
    ]
    sentences = [AnswerSentence(cand.text, [n], 1.0) for n, cand in enumerate(ordered, 1)]
    text = " ".join(with_markers(s.text, s.citations) for s in sentences)
    return Answer(
        question=question,
        standalone_question=question,
        answer=text,
        refused=False,
        sentences=sentences,
        citations=citations,
        backend=backend,
    )


_TYPE_WORDS = {"number": "a figure", "date": "a date", "person": "a name", "place": "a place"}


def missing_fact(analysis: QuestionAnalysis, nearest: Candidate) -> str:
    """One line saying what the on-topic passages lack, e.g. "…mention the Longan Hotel but give no figure"."""
    topic = ", ".join(e.title() if not e.isdigit() else e for e in analysis.entities[:2]) or "this"
    return (
        f"The sources discuss {topic} but give {_TYPE_WORDS[analysis.answer_type].replace('a ', 'no ', 1)} "
        "that answers this question."
    )


def refusal(question: str, passages: list[Passage], backend: str, reason: str | None = None) -> Answer:
    text = reason or "The sources don't answer this question."
    if passages:
        text += " The closest passages are listed below."
    return Answer(
        question=question,
        standalone_question=question,
        answer=text,
        refused=True,
        backend=backend,
        closest=passages[:3],
    )


_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})\b"
)


def _day_months(text: str) -> dict[str, str]:
    """{'09-05': '5 September', ...}: day-month mentions, keyed so different formats compare equal."""
    found = {}
    for m in _DAY_MONTH.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found[f"{month.lower()}-{int(day):02d}"] = m.group(0)
    return found


def add_conflicts(answer: Answer, chosen: list[Candidate]) -> None:
    """Different dates for the same event in different sources: say so, citing both sides."""
    by_n = {c.n: c for c in answer.citations}
    dated = []
    for sentence in answer.sentences:
        citation = by_n[sentence.citations[0]]
        for key, shown in _day_months(citation.quote).items():
            dated.append((key, shown, citation, set(content_terms(citation.quote))))
    for i, (key_a, shown_a, cit_a, terms_a) in enumerate(dated):
        for key_b, shown_b, cit_b, terms_b in dated[i + 1 :]:
            if cit_a.source == cit_b.source or key_a == key_b or key_a.split("-")[0] != key_b.split("-")[0]:
                continue
            shared = terms_a & terms_b
            if len(shared) < 3:
                continue  # not evidently the same event
            about = "the date of the event"
            if any(c.about == about for c in answer.conflicts):
                continue
            values = [{"value": shown_a, "citations": [cit_a.n]}, {"value": shown_b, "citations": [cit_b.n]}]
            answer.conflicts.append(Conflict(about=about, values=values))
            note = f"The sources disagree on the date: {shown_a} [{cit_a.n}] versus {shown_b} [{cit_b.n}]."
            answer.sentences.append(
                AnswerSentence(
                    note.replace(f" [{cit_a.n}]", "").replace(f" [{cit_b.n}]", ""), [cit_a.n, cit_b.n], 1.0
                )
            )
            answer.answer += " " + note
