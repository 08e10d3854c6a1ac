"""Offline default: answer with the retrieved sentences that best answer the question, each one cited.

Grounded by construction: every answer sentence is a sentence of a source, quoted at its exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answer.backends.base import BackendResources
from assistant.answer.citations import display_text, make_citation, with_markers
from assistant.answer.constraints import (
    Unmet,
    asked_deeds,
    does_asked_deed,
    moves_on,
    unmet_constraint,
    uses_of,
)
from assistant.answer.facts import fits, names_measured, written_as_person, written_as_thing, written_as_words
from assistant.answer.pieces import asked_of_piece, line_saying, piece_owner, says_it
from assistant.answer.question import (
    QuestionAnalysis,
    analyse,
    asked_office,
    asks_cause,
    asks_why,
    attributions,
    is_person_noun,
    months_in,
)
from assistant.answer.sums import says_sum
from assistant.query import Query, span_parts, span_unit, without_set_aside
from assistant.retrieval.context import CorpusContext
from assistant.schema import Answer, AnswerSentence, Conflict, Passage, Retrieval, Span
from assistant.text.dates import day_months, says_span, span_note
from assistant.text.lexical import STOPWORDS, after_verb_shared, content_terms, overlap
from assistant.text.names import find_names, name_in, offices_held, without_possessive
from assistant.text.numbers import holds_version
from assistant.text.places import country_named
from assistant.text.references import asks_about_entry, is_reference_entry
from assistant.text.sentences import words


@dataclass
class Candidate:
    passage: Passage
    span: Span
    text: str
    score: float = 0.0
    # The neighbour that names what the question names when this sentence does not ("Pakistan declined
    # the invitation" after "The Kremlin hosted talks…"), and whether it comes before the sentence.
    companion: Passage | None = None
    companion_before: bool = False
    continues: bool = False  # brought along by the sentence before it (see with_continuations)


class ExtractiveBackend:
    name = "extractive"

    def __init__(self, resources: BackendResources):
        self.settings = resources.settings.answer
        self.cross_encoder = resources.cross_encoder

    def answer(self, query: Query, retrieval: Retrieval) -> Answer:
        context = retrieval.context or CorpusContext()
        analysis = analyse(query, context.common_names, context.doc_dates)
        # The names of the sources the question cites ("according to Changelog News") say where to look, not
        # what to look for: "I'm Jerod and this is Changelog News" earns nothing by them. Not for a part of
        # a compound question: there it turned a wrong answer into a refusal, and found no right one.
        cited = context.source_names(query.text)
        analysis = either_source(analysis, cited)
        analysis = replace(analysis, codes=[c for c in analysis.codes if c not in cited])
        chosen, relevant, misses = self.choose(analysis, retrieval.sentences, retrieval, context, cited)
        unfound: list[str] = []
        ends: list[Candidate] = []  # the two dated ends of a span asked for
        parts = retrieval.parts
        asks_span = bool(parts) and bool(span_parts(query.text))
        if asks_span and _says_span(chosen[:3], context):
            # "How long after Lumen's Friday disclosure did the coin fall?": a sentence that says the span
            # ("One day later, …") answers it, not the two dates it lies between.
            parts = []
        if parts:
            # A compound question ("Who found it, and what was he working on?"): each part's best sentence,
            # ranked against that part alone, leads in the question's order; the whole question's follow.
            leads: list[Candidate] = []
            for part, sentences in parts:
                part_analysis = analyse(part, context.common_names, context.doc_dates)
                found = self.choose(part_analysis, sentences, retrieval, context)[0]
                if not found:
                    unfound.append(part)
                elif not any(_same(found[0], c) or _redundant(found[0], c) for c in leads):
                    leads.append(found[0])
            rest = [c for c in chosen if not any(_same(c, x) or _redundant(c, x) for x in leads)]
            chosen = (leads + rest)[: max(self.settings.max_sentences, len(leads))] if leads else chosen
            if asks_span and len(leads) == 2 and not unfound:
                ends = leads
        closest = retrieval.sentences or retrieval.passages
        if not chosen:
            reason = refusal_reason(analysis, relevant, misses, context)
            return refusal(query, closest, self.name, reason)
        explain = asks_why(analysis.text)
        sequels = self.sequels(query.rerank_text(), chosen, retrieval.sentences, context)
        chosen = with_continuations(
            chosen, context, self.settings.max_sentences + 2, explain=explain, sequels=sequels
        )
        if asks_cause(analysis.text) and not parts:
            chosen = cause_first(chosen, self.settings.cause_lead_margin)
        answer = compose(query, with_companions(chosen, self.settings.max_sentences + 2), self.name)
        add_conflicts(answer, chosen)
        if ends:
            add_span(answer, ends, span_unit(query.text))
        # A part that found no sentence of its own, and that none of the answer's sentences answers either, is
        # said to be unanswered: the answer to the other part must not pass for the whole.
        shown = " ".join(c.text for c in chosen)
        answer.unanswered = [
            own
            for own in (_part_shown(part) for part in unfound)
            if not _answers_part(
                analyse(own, context.common_names, context.doc_dates), chosen, shown, context
            )
        ]
        return answer

    def choose(
        self,
        analysis: QuestionAnalysis,
        sentences: list[Passage],
        retrieval: Retrieval,
        context: CorpusContext,
        cited: set[str] | frozenset[str] = frozenset(),
    ) -> tuple[list[Candidate], list[Candidate], list[tuple[Candidate, Unmet | None]]]:
        """(the answer sentences, best first; the candidates relevant at all; those that miss what is
        asked, with the constraint each fails) for one question, from sentences ranked against it."""
        # "When did Lumen Weekly publish its piece on…, as listed in the bibliography?" asks about a piece a
        # reference list cites, which its entry answers: not one of the sources
        if (kind := asked_of_piece(analysis.text)) and not any(
            is_reference_entry(s.text) and asks_about_entry(analysis.text, s.text) for s in sentences
        ):
            return self.about_piece(kind, analysis, sentences, retrieval, context)
        limited = retrieval.passages if retrieval.limit else None
        candidates = candidate_sentences(
            sentences,
            limited,
            top=2 * len(retrieval.passages),
            cites=lambda entry: asks_about_entry(analysis.text, entry),
        )
        if self.settings.lexical_weight:
            # The cross-encoder reads a sentence without its neighbours and misses plain word matches
            # ("claim responsibility"); the question's own distinctive words get a say too.
            terms = set(content_terms(without_set_aside(analysis.text))) - set(
                content_terms(" ".join([*context.common_names, *cited]))
            )
            names = [n for n in analysis.names if n.text not in cited]
            for cand in candidates:
                cand.score += self.settings.lexical_weight * overlap(terms, cand.text)
                if names:
                    mentioned = sum(name_in(n, cand.text, context.aliases) for n in names)
                    cand.score += self.settings.entity_weight * mentioned / len(names)
        if asks_why(analysis.text):
            for cand in candidates:
                if _CAUSE.search(cand.text):
                    cand.score += self.settings.cause_weight
        relevant = [c for c in candidates if c.score >= self.settings.min_question_score]
        asked_terms = qualifier_terms(analysis, context)
        fitting: list[Candidate] = []
        misses: list[tuple[Candidate, Unmet | None]] = []
        done: set[tuple[str, int]] = set()  # sentences already weighed, at their best score
        doc_aliases: dict[str, dict[str, set[str]]] = {}  # by document: with the given names it writes
        for cand in sorted(relevant, key=lambda c: -c.score):
            if (cand.passage.doc_id, cand.span.start) in done:
                continue
            asked = ""
            if cand.text.rstrip(" \"'”’)]").endswith("?"):
                # The writer's own question answers nothing ("…too large to transit the canal?"), but one
                # that ends its paragraph, as in an FAQ or an interview, is answered by the paragraph after
                # it: its first sentence stands in, read with the question beside it.
                reply = context.reply_to(cand.passage)
                if reply is None or (reply.doc_id, reply.start) in done or len(words(reply.text)) < 3:
                    continue
                asked = cand.text
                cand = Candidate(reply, Span(reply.start, reply.end), display_text(reply.text), cand.score)
            done.add((cand.passage.doc_id, cand.span.start))
            before, after = context.neighbours(cand.passage)
            if before and _OPENS_WITH_PRONOUN.match(cand.text) and _OPENS_WITH_PRONOUN.match(before):
                # "…a LinkedIn of somebody named Ana Lee. Their bio boasts… They claim to live in Lisbon.": a
                # run of pronouns goes on about the one the sentence before it names
                prior = context.previous_sentence(cand.passage)
                prior = context.previous_sentence(prior) if prior else None
                before = f"{prior.text} {before}" if prior else before
            # Names may sit beside the sentence or be the article's own (its title, author, publisher).
            doc = cand.passage
            about = _about(doc)
            if doc.doc_id not in doc_aliases:
                doc_aliases[doc.doc_id] = with_given_names(analysis, context, doc.doc_id)
            # A paragraph framed as a quotation of the person asked about ("…lcamtuf wrote up a different
            # take:") is read with that line, which says whose words they are.
            framed = context.introduced_by(doc) if analysis.speaker else ""
            if framed and not set(content_terms(analysis.speaker)) & set(content_terms(framed)):
                framed = ""  # only the words of the person asked about borrow their name from it
            # A roundup item's paragraphs are the person's or body's its opening words name ("No more blue
            # Fridays" / "Ana Lee sprinkles some optimism…" / quotes / "He goes on:").
            lead = _section_subject(context.section_lead(doc))
            window = " ".join(x for x in (lead, framed, asked, before, cand.text, after) if x) + about
            own = cand.text + about
            # The names a paragraph's "The score, …" goes on from; the fact asked for must be its own.
            back = "" if before else _gone_on_from(cand.passage, context)
            miss = unmet_constraint(
                analysis,
                cand.text,
                f"{back} {window}" if back else window,
                context.paragraph(doc),
                doc.date,
                doc_aliases[doc.doc_id],
                context.doc_names.get(doc.doc_id, frozenset()),
                context.doc_years.get(doc.doc_id, frozenset()),
                own=own,
                about=about,
                doc_weekdays=context.weekdays_named(doc.doc_id) if analysis.weekdays else None,
                title=doc.title or "",
                years_near=context.years_near(doc) if analysis.years else None,
                months_near=_months_near(context, doc) if analysis.months else None,
            )
            if miss is None and self.settings.min_coverage:
                miss = uncovered(asked_terms, window, context, self.settings.min_coverage)
            if miss is None and analysis.measured and not names_measured(analysis, window):
                miss = Unmet(analysis.measured)
            if miss is None and analysis.sum_kind and not says_sum(analysis.sum_kind, cand.text):
                miss = Unmet(analysis.sum_kind)
            if (
                miss is None
                and analysis.speaker
                and analysis.speaker not in cited
                and not reports_speech(
                    analysis.speaker, f"{asked} {cand.text}", (before, after), framed, doc.author
                )
            ):
                misses.append((cand, None))  # "What did the mayor say…": a sentence that reports no speech
                continue
            if miss is None and not fits(
                analysis, cand.text, context.opens_with_name(doc), after or "", _person_test(context)
            ):
                misses.append((cand, None))  # about the right thing, without the fact asked for
                continue
            if miss is None and not self.tells_event(analysis, cand, f"{asked} {cand.text}"):
                misses.append((cand, None))  # "When was St. Elizabeth born?": the date of her flood is not it
                continue
            if miss is None and not _says_making(analysis, f"{asked} {cand.text}"):
                misses.append((cand, None))  # "Who bought Porto Bank?": not who took control of it
                continue
            if miss:
                misses.append((cand, miss))
                continue
            if analysis.name_groups:
                self.find_companion(cand, analysis, context, own, before, after)
            if cand.companion is None and (_POINTS_BACK.match(cand.text) or _BARE_THIS.search(cand.text)):
                # "It is here that the Rhine meets the Neckar": where "here" is, the sentence before says;
                # "As a result, the council closed the bridge": what it results from, too; "…knowing this
                # was on the way…": what "this" is.
                previous = _reach_back(context, doc)
                if previous is not None and len(words(previous.text)) >= 3:
                    cand.companion, cand.companion_before = previous, True
            fitting.append(cand)
        if analysis.predicate and self.settings.predicate_first:
            # "Who claimed the attack?": sentences that say the verb lead, however well the attack's own
            # sentence scores.
            saying = [
                c
                for c in fitting
                if analysis.predicate in content_terms(c.text)
                and c.passage.score >= self.settings.predicate_min_logit
            ]
            if saying:
                # the best, or one as good that says it of what is asked ("claimed responsibility for the
                # attack", not "…by claiming that it is a counter-terrorism actor")
                best, first = max(c.score for c in fitting), max(saying, key=lambda c: c.score)
                top = max(
                    (c for c in saying if c.score >= first.score - _FLIP_MARGIN),
                    key=lambda c: (after_verb_shared(analysis.predicate, analysis.text, c.text), c.score),
                )
                lift = best - top.score + 0.01
                # The best of them, and those in the running anyway: a weak one ("…by claiming that it is a
                # counter-terrorism actor") says the verb of another claim.
                for cand in saying:
                    if cand is top or cand.score >= best - _SELECT_WINDOW:
                        cand.score += lift
        if analysis.events and (telling := [c for c in fitting if _says_event(analysis, c.text)]):
            # "When was the ferry service started?": the sentence that says the event leads the dates of others
            # ("…was modernised in 1952"), as predicate_first does for "who claimed it?", where the
            # cross-encoder has it in the running anyway (without that bound it led with another duchy's
            # founding on SQuAD).
            lead = max(telling, key=lambda c: c.score)
            if lead.passage.score >= max(c.passage.score for c in fitting) - _SELECT_WINDOW:
                lead.score = max(c.score for c in fitting) + 0.01
        if analysis.versions and not any(holds_version(analysis.versions, c.text) for c in relevant):
            # No passage names the version asked about ("…publish xz 5.6.2?"): the best one, on another
            # version, is about that one, and no unversioned sentence answers for it either.
            misses = [
                (c, replace(m, flipped=True) if m is not None and m.wanted in analysis.versions else m)
                for c, m in misses
            ]
        top = max(relevant, key=lambda c: c.score, default=None)
        flip = next((m for c, m in misses if c is top and m is not None and m.flipped), None)
        if flip is not None:
            # The best match says the opposite of what is asked: a weaker one is not the answer, unless the
            # best has the question's own names in each other's roles ("Orchid sued Lumen" for "Why did Lumen
            # sue Orchid?") and one as good a match has them right ("Lumen filed a lawsuit against Orchid")
            swapped = bool(flip.found) and set(words(flip.found.lower())) <= set(words(analysis.text.lower()))
            fitting = [c for c in fitting if swapped and c.passage.score >= top.passage.score - _FLIP_MARGIN]
        elif (
            asked_deeds(analysis)
            and any(m is not None and m.flipped and does_asked_deed(analysis, c.text) for c, m in misses)
            and not any(does_asked_deed(analysis, c.text) for c in fitting)
        ):
            # "Why did Norway turn down the invitation?" where only "Sweden declined the invitation": the deed
            # asked about is someone else's, and a sentence that merely names Norway does not answer.
            fitting = []
        gap = self.settings.unfit_gap
        if gap is not None and fitting and analysis.answer_type is not None:
            unfit = [c.passage.score for c, m in misses if m is None]
            if unfit and max(unfit) - max(c.passage.score for c in fitting) > gap:
                fitting = []
        compares = _compares(analysis)
        chosen = self.select(fitting, compares=compares)
        bar = self.settings.min_answer_logit
        weak = chosen and bar is not None and max(c.passage.score for c in chosen) < bar
        if weak and not compares:
            chosen = []  # even the best sentence reads as off the question, however many words it shares
        return chosen, relevant, misses

    def about_piece(
        self,
        kind: str,
        analysis: QuestionAnalysis,
        sentences: list[Passage],
        retrieval: Retrieval,
        context: CorpusContext,
    ) -> tuple[list[Candidate], list[Candidate], list[tuple[Candidate, Unmet | None]]]:
        """ "Who wrote / when was … published / who published the CNN opinion piece on…?": the piece is the
        best-ranked one the question does not rule out (by its publisher or author:
        context.attributed_sources), and what answers is the first line of its own text that says it
        (answer/pieces.py). A piece whose text never says it (a blog's author was in its front matter) is
        refused, and so is an institution's report no source is by: one the sources cite."""
        named = set(context.attributed_sources(analysis.text))
        ranked = [*retrieval.passages, *sorted(sentences, key=lambda s: -s.score)]
        pieces = [p for p in ranked if not named or p.source in named]
        relevant = candidate_sentences(sentences)
        if not pieces or (piece_owner(analysis.text) and not named):
            return [], relevant, []
        piece = pieces[0]
        test = says_it(kind, piece)
        line = line_saying(piece, test) if test else None
        chosen = (
            [Candidate(line, Span(line.start, line.end), display_text(line.text), piece.score)]
            if line
            else []
        )
        return chosen, relevant, []

    def tells_event(self, analysis: QuestionAnalysis, cand: Candidate, text: str) -> bool:
        """A date answers "When was X founded?" where its own sentence says the founding (in any form of the
        verb, or its noun: "attack", "arrival"), not a neighbour: "…opened in 1987 in a converted warehouse"
        dates the opening, whatever the next sentence says. Or where the cross-encoder reads it as an answer
        with confidence: "When was the Rhine first discovered?" is answered by "…first enters the historical
        period in the 1st century BC"."""
        if analysis.events & _ORIGINS:
            # "When was Lumen founded?", "When was Ana Lee appointed?": the cross-encoder reads any dated
            # sentence about them ("On May 2, Lumen testified…") as the answer with confidence; such a start is
            # said, or not given
            return _says_event(analysis, text)
        bar = self.settings.unsaid_event_logit
        if not analysis.events or bar is None or cand.passage.score >= bar:
            return True
        return _says_event(analysis, text)

    def sequels(
        self, question: str, chosen: list[Candidate], ranked: list[Passage], context: CorpusContext
    ) -> dict[tuple[str, int], Passage]:
        """The sentence after each answer sentence, where it carries that sentence's thought on
        ("…that reversion came too late as they had already updated"), by the answer sentence's (doc_id,
        start). Read alone such a sentence scores low, so it is read with the one before it, and is kept only
        when the pair scores higher than that sentence alone: it adds to it rather than riding on it."""
        pairs: list[tuple[Candidate, Passage]] = []
        for cand in chosen[: self.settings.sequel_sentences]:
            if not any(cand.passage is s for s in ranked):
                continue  # ranked against a compound question's part: its score is not the question's
            following = context.next_sentence(cand.passage)
            if (
                following is not None
                and len(words(display_text(following.text))) >= 6
                and not moves_on(following.text)  # "Meanwhile, …", "Finally, …": another case, not this one's
                and not any(
                    c.passage.doc_id == following.doc_id and c.span.start == following.start for c in chosen
                )
            ):
                pairs.append((cand, following))
        if not pairs:
            return {}
        logits = self.cross_encoder.score(question, [f"{c.passage.text} {f.text}" for c, f in pairs])
        return {
            (c.passage.doc_id, c.passage.start): f
            for (c, f), logit in zip(pairs, logits, strict=True)
            if logit > c.passage.score
        }

    @staticmethod
    def find_companion(
        cand: Candidate,
        analysis: QuestionAnalysis,
        context: CorpusContext,
        own: str,
        before: str,
        after: str,
    ) -> None:
        """A sentence that holds the question's names only through a neighbour brings that neighbour into
        the answer, so the reader sees where the name stands. own: the sentence with its article's title,
        author and publisher."""
        doc = cand.passage
        if unmet_constraint(analysis, cand.text, own, aliases=context.aliases) is None:
            return
        for text, is_before in ((after, False), (before, True)):
            if (
                text
                and unmet_constraint(analysis, cand.text, f"{own} {text}", aliases=context.aliases) is None
            ):
                neighbour = (context.previous_sentence if is_before else context.next_sentence)(doc)
                if (
                    is_before
                    and neighbour is not None
                    and unmet_constraint(
                        analysis, cand.text, f"{own} {neighbour.text}", aliases=context.aliases
                    )
                ):
                    neighbour = context.previous_sentence(neighbour)  # the name before a run of pronouns
                if neighbour is not None and len(words(neighbour.text)) >= 3:
                    cand.companion, cand.companion_before = neighbour, is_before
                return

    def select(self, candidates: list[Candidate], compares: bool = False) -> list[Candidate]:
        """Best sentences first; at most max_per_source from one article while others have something to add,
        then the remaining room goes to the best of the rest."""
        ranked = sorted(candidates, key=lambda c: -c.score)
        if not ranked:
            return []
        best = ranked[0].score
        # A comparison's sentences each answer half of it, and the cross-encoder scores them as such.
        floor = self.settings.min_sentence_score - (self.settings.comparison_allowance if compares else 0.0)
        eligible = [c for c in ranked if c.score >= floor and c.score >= best - _SELECT_WINDOW]
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


_GIVEN_NAME_CHUNKS = 200


def with_given_names(analysis: QuestionAnalysis, context: CorpusContext, doc_id: str) -> dict[str, set[str]]:
    """The collection's aliases, and for a surname the question names alone ("Freund"), the given name its
    article writes before it ("Andres Freund"): there "Andres goes on to explain…" is about him."""
    surnames = [n for n in analysis.names if len(n.parts) == 1 and re.fullmatch(r"[A-Z][a-z]{2,}", n.text)]
    if not surnames:
        return context.aliases
    # A person's full name comes at the first mention: the start of a long document is read, not all of it.
    text = " ".join(c.text for c in context.chunks_by_doc.get(doc_id, [])[:_GIVEN_NAME_CHUNKS])
    aliases = dict(context.aliases)
    for name in surnames:
        given = {
            m.group(1)
            for m in re.finditer(rf"\b([A-Z][a-z]{{2,}})\s+{re.escape(name.text)}\b", text)
            if m.group(1).lower() not in STOPWORDS and not is_person_noun(m.group(1).lower())
        }
        if len(given) == 1:  # "Andres Freund"; not where two people share the surname
            aliases[name.text.lower()] = aliases.get(name.text.lower(), set()) | given
    return aliases


def _says_span(chosen: list[Candidate], context: CorpusContext) -> bool:
    """A sentence, or the one after it, says how long one thing came after another ("…had the ship
    arrested the day before")."""
    for cand in chosen:
        after = context.next_sentence(cand.passage)
        if says_span(cand.text) or (after is not None and says_span(after.text)):
            return True
    return False


# A paragraph's opening "The score, …" / "The company's…": a thing the text has already named.
_OPENS_DEFINITE = re.compile(r"[\"“‘'(]?The ([a-z][a-z-]+)\b")


def _gone_on_from(sentence: Passage, context: CorpusContext) -> str:
    """The paragraph before, with any headings between, where the sentence opens its paragraph with "The"
    and a noun that paragraph or a heading names: "…recognized… NIST… The details are as chilling as the
    score is critical." / "What the Score Tells Us" / "The score, a perfect 10, …" is NIST's score."""
    opening = _OPENS_DEFINITE.match(sentence.text)
    if not opening:
        return ""
    prior, headings = context.paragraph_before(sentence)
    before = f"{prior} {headings}".strip()
    noun = opening.group(1).removesuffix("s")
    return before if prior and re.search(rf"\b{re.escape(noun)}", before, re.I) else ""


# A sentence that goes on about whom or what the sentence before it is about.
_OPENS_WITH_PRONOUN = re.compile(r"(?:He|She|They|It|His|Her|Their|Its)\b")
# A sentence whose place or time is the one the sentence before it gives (not "At this point", which in an
# essay moves the argument on).
_POINTS_BACK = re.compile(
    r"(?:It (?:is|was) (?:here|there|then) that|Here,|There,|At that (?:time|place)\b|At the time,|By then\b|"
    r"By that time\b|Then,|As a (?:result|consequence)(?! of)\b|Consequently\b|Therefore\b|Thus\b|Hence\b|"
    r"(?:Because of|Due to) (?:this|that)\b|For (?:this|that) reason\b|(?:This|That) is why\b)"
)

# "this" standing for a thing the sentence before says ("…speculates that knowing this was on the way"), not
# before its own noun ("this update was pulled").
_BARE_THIS = re.compile(
    r"\b(?:[Tt]his|[Tt]hese|[Tt]hose)\s+(?:is|was|are|were|would|will|could|may|might|can|has|had|have|"
    r"should|must)\b"
)


def _reach_back(context: CorpusContext, sentence: Passage) -> Passage | None:
    """The sentence before, and the one before that where it points back too ("It appears that this would
    have defeated the attack."): the two as one passage, as the paragraph has them."""
    previous = context.previous_sentence(sentence)
    if previous is None or not (_POINTS_BACK.match(previous.text) or _BARE_THIS.search(previous.text)):
        return previous
    earlier = context.previous_sentence(previous)
    para = context.paragraph(sentence)
    if earlier is None or (at := para.find(earlier.text)) < 0 or (end := para.find(previous.text, at)) < 0:
        return previous
    return replace(earlier, end=previous.end, text=para[at : end + len(previous.text)])


def _section_subject(lead: str) -> str:
    """The name a section's opening line starts with, as its subject ("Ana Lee sprinkles…", "The National
    Weather Service has…"); '' for a possessive ("Lumen's software…"), a date or any other opening."""
    opening = re.sub(r"^The\s+", "", lead)
    # read with its "The": a name that opens a sentence is not told from a capitalised word ("The Lumen team…")
    names = find_names(lead)
    if not names or not opening.startswith(names[0].text) or re.search(r"[’']s?$", names[0].text):
        return ""
    return "" if re.match(r"[’']", opening[len(names[0].text) :]) else names[0].text


def _months_near(context: CorpusContext, doc: Passage) -> set[int]:
    """The months the nearest paragraph that dates one names ("On July 19, …", "in March")."""
    return months_in(context.paragraph_near(doc, lambda text: bool(months_in(text, dated=True))), dated=True)


# A founding, a building, a birth, an appointment or an election, as question analysis gives a date question's
# event: the passive's participle ("was established"), or a lemma ("did Lumen hire").
_ORIGINS = frozenset({
    "founded", "established", "establish", "incorporated", "incorporate", "formed", "bear", "build", "built",
    "constructed", "construct", "appointed", "appoint", "hired", "hire", "elected", "elect",
})  # fmt: skip


# "Who founded / built / bought X?": the deed's verb families (constraints._SAME_DEED), and the nouns that
# say it of its doer ("its founder, Ana Lee", "the buyer", "…was sold to Lumen").
_MAKING = {
    "founded": r"(?:co-?)?founders?|founding|creators?",
    "build": r"(?:ship)?builders?",
    "buy": r"buyers?|acquirers?|acquisitions?|purchasers?|sold|sales?|sells?",
}


def _says_making(analysis: QuestionAnalysis, text: str) -> bool:
    """A "Who founded / built / bought X?" question is answered only by a sentence that says that deed: the
    cross-encoder reads "…took control of X" or "…made the first commit to X" as an answer."""
    if not analysis.undergoes:
        return True
    lemma = analysis.undergoes[1]
    family = next((key for key in _MAKING if next(uses_of(key, lemma), None)), None)
    if family is None:
        return True
    lower = text.lower()
    return bool(next(uses_of(lemma, lower), None) or re.search(rf"\b(?:{_MAKING[family]})\b", lower))


def _says_event(analysis: QuestionAnalysis, text: str) -> bool:
    """The text says an event the question asks the time of, in a form of its verb or as its noun."""
    lower = text.lower()
    present = set(content_terms(lower))
    return any(next(uses_of(e, lower), None) or set(content_terms(e)) <= present for e in analysis.events)


# A sentence this close (cross-encoder) to a best match that has the question's names in each other's roles
# answers.
_FLIP_MARGIN = 1.0
_SELECT_WINDOW = 6.0  # an answer sentence scores within this of the best one


def candidate_sentences(
    sentences: list[Passage],
    passages: list[Passage] | None = None,
    top: int = 0,
    cites: Callable[[str], bool] | None = None,
) -> list[Candidate]:
    """The retrieved sentences that can stand as an answer sentence (not headings, captions, fragments).

    With passages given (the user's `-k`), the answer draws on those passages: sentences inside them, and
    the `top` best-scored sentences wherever they stand (a passage cap per article may leave those out).
    Without, every reranked sentence is a candidate. A reference-list entry is one only where `cites` says
    the question asks about that cited piece."""
    out: list[Candidate] = []
    best = sorted(sentences, key=lambda s: -s.score)[:top]
    for sentence in sentences:
        if (
            passages is not None
            and sentence not in best
            and not any(
                p.doc_id == sentence.doc_id and p.start <= sentence.start and sentence.end <= p.end
                for p in passages
            )
        ):
            continue
        text = display_text(sentence.text)
        if is_reference_entry(sentence.text):
            # "- Dan Goodin, What we know about … (2024-04-01)": a source list, not a statement of its title
            if cites is not None and cites(sentence.text) and len(words(text)) >= 3:
                out.append(Candidate(sentence, Span(sentence.start, sentence.end), text, sentence.score))
            continue
        if len(words(text)) >= 6 and (text[-1] in '.!?"”’)' or _list_item(text)):
            out.append(Candidate(sentence, Span(sentence.start, sentence.end), text, sentence.score))
    return out


def _list_item(text: str) -> bool:
    """A line of a list or a table row states a fact without a full stop ("Branch B https://… the faulty
    release was shipped between March 7 and March 28"); a heading is short or in Title Case."""
    found = words(text)
    return len(found) >= 8 and sum(w[:1].isupper() for w in found) < len(found) / 2


_LEAD_IN = re.compile(r"(?:explain(?:s|ed)? (?:why|how|that)|the reasons?\b|as follows|[:—]$)", re.I)
# A sentence that only makes sense after the one before it: it gives its reason or carries its claim on.
_GOES_ON = re.compile(
    r"(?:Because|Hence|Therefore|Thus|As a result|For this reason|That is why|This is why|In other words|"
    r"Instead|Rather)\b|"
    # "The aims were to…", "The reason is…": the purpose or cause of what the sentence before states.
    r"(?:The|Its|Their) (?:aims?|goals?|purposes?|reasons?|motives?|objectives?|intention)"
    r"(?: behind (?:it|this|that|them))? (?:was|were|is|are)\b|"
    r"(?:This|That|These|Those|It|That is)\b[^.]{0,40}"
    r"\b(?:because|reason|means?|meant|why|so|since|due|aim|intend|purpose|shows?|showed|signal|sought|"
    r"would|was|is|are|were)\b"
)
# Words that give a cause or a purpose: a why/how question prefers sentences that carry one.
_CAUSE = re.compile(
    r"\b(?:because|due to|owing to|as a result|result(?:ed|s)? (?:in|from)|in order to|so as to|so that|"
    r"aim(?:s|ed|ing)? (?:to|at)|sought to|seek(?:s|ing)? to|intend(?:s|ed)?|purpose|motiv\w*|reasons?|"
    r"caus(?:e|es|ed|ing)|led to|leads? to|in response to|in retaliation|to (?:show|send|demonstrate|signal|"
    r"prove|undermine|weaken|discredit|deter|punish)|since|thanks to|given that|considering|therefore|"
    r"thus|hence|so|why)\b",
    re.I,
)


# Reported speech: a verb of saying, a statement, or a quotation.
_SPEECH = re.compile(
    r"\b(?:sa(?:y|ys|id|ying)|t(?:old|ells?|elling)|announc\w*|stat(?:ed?|es|ing|ement)\w*|demand\w*|"
    # "declared that…" is said; "declared a general average", "declared bankruptcy" are deeds
    r"declar(?:e|es|ed|ing|ation|ations)\b(?!\s+(?:an?|war|bankruptcy|independence|martial|general|insolvency|"
    r"emergency|force)\b)|"
    r"respon(?!sib)\w*|repl\w*|conclu\w*|claim\w*|argu\w*|warn\w*|explain\w*|explanation|admit\w*|den(?:y|ies|ied|ial)|"
    r"promis\w*|pledg\w*|accus\w*|blam\w*|ask\w*|call(?:s|ed|ing)? (?:for|on)|urg\w*|insist\w*|not(?:ed|es)|"
    r"add(?:s|ed)|testi\w*|wr(?:ote|ites?|iting|itten)|post(?:s|ed)|tweet\w*|according to|comment\w*|letter|"
    r"interview\w*|spokes\w*|quot\w*|remarks?|message|email|reason(?!ab)\w*|justif\w*|cit(?:ed|es|ing))\b|"
    # a quotation of four words or more: "the “GNU indirect function” feature" quotes a name, not words said
    r"[“\"«]\s*(?:[^“”\"«»\s]+\s+){3,}[^“”\"«»]*[”\"»]|[“\"«][^“”\"«»]{25,}$",
    re.I,
)


def reports_speech(
    speaker: str,
    sentence: str,
    neighbours: tuple[str | None, ...],
    framed: str = "",
    author: str | None = None,
) -> bool:
    """The sentence reports speech, or a neighbour does that names the speaker ("…, Collin wrote."): in
    "The attack was made at the envoy's residence" beside "Officials said…" the envoy says nothing.

    framed: the line that introduces the sentence's paragraph as a quotation ("…lcamtuf wrote:"); author:
    the document's. Their own words are the speaker's ("Remarks by President Biden", by President Biden)."""
    role = asked_office(speaker)
    if role and not any(x and _names_role(role, x) for x in (sentence, *neighbours, framed)):
        return False  # "What did Evergreen's chief executive say?": its spokesperson's words are not his
    names = set(content_terms(speaker))
    said = _speech_in(sentence)
    if said and not _others_speak(speaker, sentence, said):
        return True
    if names and (names & set(content_terms(framed)) or names <= set(content_terms(author or ""))):
        return True
    # the neighbour's speech is the speaker's where it names them just before it ("…, Collin wrote.") or just
    # after ("…,” wrote Collin), not a clause away ("…relations with Lisbon, it can be stated that…") nor as
    # what is spoken of ("…, citing Lisbon's troops")
    return any(
        names & set(content_terms(text[max(0, m.start() - 50) : m.start()]))
        or (
            not m.group(0).endswith("ing")
            and (after := _NAME_AFTER.match(text, m.end())) is not None
            and names & set(content_terms(after.group(1)))
        )
        for text in neighbours
        if text
        for m in _speech_in(text)
    )


def _speech_in(text: str) -> list[re.Match[str]]:
    """Where the text reports speech: a capitalised word inside it is a name ("the Islamic State", "Secretary
    of State"), not a verb."""
    return [
        m
        for m in _SPEECH.finditer(text)
        if (m.start() == 0 or not m.group(0)[0].isupper()) and not _IMPERSONAL.search(text, 0, m.start())
    ]


# "…, it can be stated that…", "it is said that": the writer's own inference or hearsay, no one's speech.
_IMPERSONAL = re.compile(
    r"\bit\s+(?:(?:can|could|may|might|must|should|would|will)\s+(?:also\s+)?be|is|was|has\s+been|had\s+been)\s+$",
    re.I,
)


# The words right before a speech word that say who speaks: a kind of onlooker ("…, some observers noted"), or
# a name of one word ("In the suit, Lumen said…"). A longer name may be a person who speaks for the one asked
# about ("Ana Lee said" of Lumen's chief): it says nothing either way.
_ONLOOKER_BEFORE = re.compile(
    r"\b(?:observers|analysts|experts|critics|commentators|researchers|witnesses|residents|others|reports|"
    r"sources)\s+(?:(?:also|have|had)\s+)?$",
    re.I,
)
_NAME_BEFORE = re.compile(
    r"(?<![\w’'])(?!(?:He|She|It|They|We|I|You|This|That|These|Those|The|A|An|Some)\b)([A-Z][\w’'.&-]*)\s+"
    r"(?:(?:also|later|then|now|has|had)\s+)?$"
)
_MORE_NAME_BEFORE = re.compile(r"[A-Z][\w’'.&-]*\s+$")
_NAME_AFTER = re.compile(r"\s+((?:[A-Z][\w’'.&-]*\s*){1,4})")
# A quotation closed right before its speech word ("…,” said", "…?” asks"), whose speaker the words after
# it name, with what they are ("Ana Lee, an expert at Lumen University"), up to the clause's end.
_QUOTE_ENDS = re.compile(r"[,?!]\s*[”\"’']\s*$")
_SPEAKER_AFTER = re.compile(r"\s+[A-Z][^.;:“”\"]*")


def _others_speak(speaker: str, sentence: str, said: list[re.Match[str]]) -> bool:
    """Every speech the sentence reports is someone else's: "What did Lisbon say about the attack?" is not
    answered by "…, some observers noted" nor by "In the suit, Lumen said…". A pronoun, a noun phrase or a
    person's name before the speech word may stand for the speaker, and leaves the sentence in. said: the
    sentence's speech (_speech_in)."""
    names = set(content_terms(speaker))
    country = country_named(speaker)
    verbs = [m for m in said if m.group(0)[0].isalpha()]  # a bare quotation names no speaker
    if not verbs:
        return False
    for m in verbs:
        before = sentence[: m.start()]
        onlooker = _ONLOOKER_BEFORE.search(before)
        name = _NAME_BEFORE.search(before)
        if onlooker:
            who = onlooker.group(0)
        elif name and not _MORE_NAME_BEFORE.search(before[: name.start()]):
            who = name.group(1)
        elif _QUOTE_ENDS.search(before) and (after := _SPEAKER_AFTER.match(sentence, m.end())):
            who = after.group(0)  # "“…,” said Ana Lee, an expert at Lumen University": the one named after
        else:
            return False
        if names & set(content_terms(who)) or (country is not None and country_named(who) == country):
            return False
    return True


def _names_role(role: str, text: str) -> bool:
    """The text names the office: the word or its forms ("ministry" is no minister), or its title as a
    name writes it ("Gov. Ana Lee"); a chief executive is also a CEO."""
    if role == "chief executive" and re.search(r"\bCEOs?\b", text):
        return True
    return bool(re.search(rf"\b{re.escape(role)}s?\b", text, re.I)) or role in offices_held(text)


def _compares(analysis: QuestionAnalysis) -> bool:
    """Comparisons and questions across sources: no one sentence answers them, so none scores high alone."""
    return any(len(g) > 1 for g in analysis.name_groups) or bool(
        re.search(r"\b(?:compar\w*|differ\w*|both|together|across|each|versus|vs)\b", analysis.text, re.I)
    )


def with_continuations(
    chosen: list[Candidate],
    context: CorpusContext,
    limit: int,
    explain: bool = False,
    sequels: dict[tuple[str, int], Passage] | None = None,
) -> list[Candidate]:
    """A sentence that announces an explanation ("X explained why…"), or whose next sentence goes on with
    the same claim ("This is because…", "That…"), brings that next sentence along, right after it. One that
    announces a list ("…reports of the following malicious activity:") brings the list's entries, up to `limit`.

    explain (a why/how question): a leading sentence that states what is asked about without giving a cause
    brings the sentence after it too, as writers state a fact and then explain it."""
    out: list[Candidate] = []
    for i, cand in enumerate(chosen):
        out.append(cand)
        current = cand
        listing = False  # carrying the entries of a list the sentence announced
        while len(out) < limit:
            announces = False
            if listing:
                following = context.next_item(current.passage)
            else:
                following = context.next_sentence(current.passage)
                if following is None and _LEAD_IN.search(current.text.rstrip(" .")):
                    # "…focuses in on step 0:" or "One of the reasons…" ends its paragraph: what it announces
                    # opens the next one, a list's first entry ("1." is only its number) or a paragraph
                    following = context.reply_to(current.passage)
                    following = following and context.past_mark(following)
                    announces = current.text.rstrip().endswith(":")  # a colon announces a list
            if following is None or any(c.span.start == following.start for c in chosen + out):
                break
            text = display_text(following.text)
            if len(words(text)) < 3:
                break  # a list's number or a label ("1", "Update:"), not a sentence that goes on
            states_then_explains = explain and i == 0 and current is cand and not _CAUSE.search(cand.text)
            sequel = (sequels or {}).get((current.passage.doc_id, current.passage.start))
            carried = current is cand and sequel is not None and sequel.start == following.start
            if not (
                carried
                or listing
                or _LEAD_IN.search(current.text.rstrip("."))
                or _GOES_ON.match(text.lstrip("“\"‘'( "))
                or (states_then_explains and len(words(text)) >= 6)
            ):
                break
            current = Candidate(
                following, Span(following.start, following.end), text, cand.score, continues=True
            )
            out.append(current)
            listing = listing or announces
    return out


def cause_first(sentences: list[Candidate], margin: float) -> list[Candidate]:
    """For why-questions: when the leading sentence and the ones it brought along give no cause or purpose,
    the best sentence that does, scored within `margin` of the lead, leads instead with its own
    continuation (a stated fact and the sentence that explains it stay together)."""
    groups: list[list[Candidate]] = []
    for cand in sentences:
        if cand.continues and groups:
            groups[-1].append(cand)
        else:
            groups.append([cand])
    if not groups or any(_CAUSE.search(c.text) for c in groups[0]):
        return sentences
    lead = groups[0][0].score
    for i, group in enumerate(groups[1:], 1):
        if group[0].score < lead - margin:
            break
        if any(_CAUSE.search(c.text) for c in group):
            return [c for g in [group] + groups[:i] + groups[i + 1 :] for c in g]
    return sentences


def with_companions(chosen: list[Candidate], limit: int) -> list[Candidate]:
    """Each sentence's companion (see find_companion) beside it, in reading order except before the first
    sentence (the answer leads with the answer), unless the answer already has it; at most `limit`
    sentences, the last ones left out first."""
    out: list[Candidate] = []
    starts = {(c.passage.doc_id, c.span.start) for c in chosen}
    for cand in chosen:
        mate = cand.companion
        if mate is not None and (mate.doc_id, mate.start) not in starts:
            starts.add((mate.doc_id, mate.start))
            extra = Candidate(mate, Span(mate.start, mate.end), display_text(mate.text), cand.score)
            out.extend([extra, cand] if cand.companion_before and out else [cand, extra])
        else:
            out.append(cand)
    return out[: max(limit, len(chosen))]


def _answers_part(
    analysis: QuestionAnalysis, chosen: list[Candidate], shown: str, context: CorpusContext
) -> bool:
    """Does a sentence of the answer carry the kind of fact the part asks for, with the part's own names held
    somewhere in the answer? Read on the part as the user wrote it: the words it carries from the part before
    are for ranking, not constraints."""
    return any(
        fits(analysis, c.text, context.opens_with_name(c.passage), person=_person_test(context))
        and unmet_constraint(analysis, c.text, shown + _about(c.passage), aliases=context.aliases) is None
        for c in chosen
    )


def _person_test(context: CorpusContext) -> Callable[[str], bool]:
    """Whether a name may be a person's: the collection never writes it as a thing's ("the Falcon sensor")
    nor its head as an ordinary word ("Template Type"), or also writes it as a person's ("engineer Ana Lee",
    "Lee said"): facts.written_as_thing, written_as_words, written_as_person."""

    def person(name: str) -> bool:
        # One pass over the documents for both signs of a thing's name.
        thing = context.any_document(
            f"thing:{name}", lambda text: written_as_thing(name, text) or written_as_words(name, text)
        )
        return not thing or context.any_document(f"person:{name}", lambda text: written_as_person(name, text))

    return person


def _about(doc: Passage) -> str:
    """The article's own fields, each ending like a sentence so one does not run into the next as a longer
    name ("…From Suez Canal Rick Spilman")."""
    return "".join(f". {x}" for x in (doc.title, doc.author, doc.publisher) if x)


def _part_shown(part: str) -> str:
    """A part as the user wrote it: without the words carried from the part before it ("what post did he hold
    (Russian diplomat died)?" -> "what post did he hold?")."""
    return re.sub(r"\s*\([^()]*\)\?$", "?", part)


def _same(a: Candidate, b: Candidate) -> bool:
    return (a.passage.doc_id, a.span.start) == (b.passage.doc_id, b.span.start)


def _redundant(a: Candidate, b: Candidate) -> bool:
    wa, wb = set(w.lower() for w in words(a.text)), set(w.lower() for w in words(b.text))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def compose(query: Query, chosen: list[Candidate], backend: str) -> Answer:
    """The best answer first, the rest by relevance (a continuation stays right after the sentence it
    completes); citations numbered in reading order."""
    ordered = chosen
    citations = [
        make_citation(n, cand.passage, cand.span.start, cand.span.end) for n, cand in enumerate(ordered, 1)
    ]
    sentences = [AnswerSentence(cand.text, [n], 1.0) for n, cand in enumerate(ordered, 1)]
    text = " ".join(with_markers(s.text, s.citations) for s in sentences)
    return Answer(
        question=query.asked,
        standalone_question=query.standalone,
        answer=text,
        refused=False,
        sentences=sentences,
        citations=citations,
        backend=backend,
    )


_TYPE_WORDS = {
    "number": "a figure",
    "date": "a date",
    "time": "a time of day",
    "person": "a name",
    "place": "a place",
    "organisation": "a name",
    "version": "a version",
    "measure": "a measurement",
}

_ASKING = frozenset(
    content_terms(
        "what which who whom whose when where why how many much did does do happen "
        "happened according say said article source sources report describe explain"
    )
)


def qualifier_terms(analysis: QuestionAnalysis, context: CorpusContext) -> dict[str, float]:
    """The question's content words other than names, question words and the collection's subject, each
    weighted by how rare it is in the collection (a word the collection never uses weighs most)."""
    name_words = set(content_terms(" ".join(n.text for n in analysis.names)))
    common = set(content_terms(" ".join(context.common_names)))
    terms = set(content_terms(analysis.text)) - name_words - common - _ASKING
    return {t: context.idf(t) for t in terms if not t.isdigit()}


def uncovered(terms: dict[str, float], window: str, context: CorpusContext, bound: float) -> Unmet | None:
    """The answer's surroundings must hold most of what the question asks about, by weight: a sentence on
    the same topic that lacks the qualifier ("smallest", "wounded", "deposits") does not answer."""
    if not terms:
        return None
    present = set(content_terms(window))
    total = sum(terms.values())
    missing = {t: w for t, w in terms.items() if t not in present}
    if sum(missing.values()) / total <= 1 - bound:
        return None
    return Unmet(max(missing, key=missing.get))


def refusal_reason(
    analysis: QuestionAnalysis,
    relevant: list[Candidate],
    misses: list[tuple[Candidate, Unmet | None]],
    context: CorpusContext | None = None,
) -> str | None:
    """One line on why the closest passage does not answer: the constraint it fails, or the fact it lacks.
    A name no article uses is said so: the analyst may have it spelt or named otherwise than the sources."""
    if not relevant:
        return None
    flipped = [(cand, miss) for cand, miss in misses if miss is not None and miss.flipped]
    if flipped:
        misses = flipped[:1]  # a passage the question gets wrong says more than one that lacks the fact
    elif analysis.answer_type and any(miss is None for _, miss in misses):
        topic = ", ".join(without_possessive(n.text) for n in analysis.names[:2]) or "this"
        kind = _TYPE_WORDS[analysis.answer_type].replace("a ", "no ", 1)
        return f"The sources discuss {topic} but give {kind} that answers this question."
    elif analysis.speaker and any(miss is None for _, miss in misses):
        # the passages that name the speaker report nothing said (see reports_speech)
        return f"The sources report nothing {without_possessive(analysis.speaker)} said that answers this question."
    for cand, miss in misses:
        if miss is None:
            continue
        where = f"{cand.passage.source} ¶{cand.passage.paragraph}"
        if context is not None and _unheard_of(miss.wanted, analysis, context):
            return f"No passage in the index mentions {miss.wanted}."
        if miss.found and miss.opposite:
            return (
                f"The sources don't say this: the closest passage ({where}) says “{miss.found}”, not "
                f"“{miss.wanted}”."
            )
        if miss.found:
            return (
                f"The sources don't say this about {miss.wanted}: the closest passage ({where}) is about "
                f"{miss.found}, not {miss.wanted}."
            )
        return f"The sources don't say this about {miss.wanted}: the closest passage ({where}) does not mention it."
    if analysis.answer_type:
        topic = ", ".join(without_possessive(n.text) for n in analysis.names[:2]) or "this"
        return (
            f"The sources discuss {topic} but give {_TYPE_WORDS[analysis.answer_type].replace('a ', 'no ', 1)} "
            "that answers this question."
        )
    return None


def _unheard_of(wanted: str, analysis: QuestionAnalysis, context: CorpusContext) -> bool:
    """A name of the question's that no indexed passage and no article's title, author or publisher holds a
    word of ("Reuters" in a collection that never cites it)."""
    if not context.n_chunks or not any(without_possessive(n.text) == wanted for n in analysis.names):
        return False
    terms = content_terms(wanted)
    if not terms or any(context.term_df.get(t, 0) for t in terms):
        return False
    own = {w.lower() for w in re.findall(r"[\w’'-]+", wanted)}
    return not any(own & set(names) for names in [*context.doc_names.values(), *context.owner_words()])


# "How do Lumen and Orchid each describe…?", "Compare what Ana Lee posted with what Tom Roe told…", "According
# to both…": the question asks each name's part of the answer from its own passages.
_DISTRIBUTIVE = re.compile(
    r"\beach\b|\bboth\b|\bcompare[sd]?\b|\bcontrast\b|\btogether\b|\brespectively\b|\bacross the\b", re.I
)


def either_source(analysis: QuestionAnalysis, cited: set[str] | frozenset[str]) -> QuestionAnalysis:
    """ "How do Duffie's column and the President's remarks each describe…?": each named source or party
    answers for itself, so a sentence holds the question's names when it holds any one of them (its own
    article's author or publisher stands beside it), not every one at once. The same where two sources the
    question cites are named without a word of distribution."""
    sources = [g for g in analysis.name_groups if any(n.text in cited for n in g)]
    if len(sources) < 2 and " and " in (attributed := attributions(analysis.own or analysis.text)):
        # "according to Ana Lee and to the Lumen report": two accounts asked for, one each side of "and"
        # ("according to the Lumen report on Orchid's attack" asks one account, about Orchid)
        left, right = attributed.split(" and ", 1)
        sides = [
            [g for g in analysis.name_groups if any(n.text in side for n in g)] for side in (left, right)
        ]
        if all(sides):
            sources = sides[0] + [g for g in sides[1] if g not in sides[0]]
    if _DISTRIBUTIVE.search(analysis.text) and len(analysis.name_groups) >= 2:
        sources = analysis.name_groups
    if len(sources) < 2:
        return analysis
    others = [g for g in analysis.name_groups if g not in sources]
    return replace(analysis, name_groups=[*others, [n for g in sources for n in g]])


def refusal(query: Query, passages: list[Passage], backend: str, reason: str | None = None) -> Answer:
    text = reason or "The sources don't answer this question."
    if passages:
        text += " The closest passages are listed below."
    return Answer(
        question=query.asked,
        standalone_question=query.standalone,
        answer=text,
        refused=True,
        backend=backend,
        closest=passages[:3],
    )


def add_span(answer: Answer, ends: list[Candidate], unit: str | None) -> None:
    """ "How many years passed between A and B?": the span between the dates the two cited sentences give,
    as a note that leads the answer citing both ("From 2015 to April 2022: about 7 years."), where each
    gives one date."""
    cited = [
        next(
            (c for c in answer.citations if (c.source, c.start) == (end.passage.source, end.span.start)), None
        )
        for end in ends
    ]
    if any(c is None for c in cited):
        return
    first, second = (c for c in cited if c is not None)
    note = span_note(first.quote, second.quote, unit)
    if note is None:
        return
    # cited in the note's order, the earlier date's first; the answer leads, the two sentences follow
    earlier = note.removeprefix("From ").split(" to ", 1)[0]
    cited_as = [first.n, second.n] if earlier in first.quote else [second.n, first.n]
    answer.sentences.insert(0, AnswerSentence(note, cited_as, 1.0, kind="span"))
    answer.answer = f"{with_markers(note, cited_as)} {answer.answer}"


def add_conflicts(answer: Answer, chosen: list[Candidate]) -> None:
    """Different dates for the same event in different sources: say so, citing both sides."""
    by_n = {c.n: c for c in answer.citations}
    dated = []
    for sentence in answer.sentences:
        citation = by_n[sentence.citations[0]]
        for key, shown in day_months(citation.quote).items():
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
                    note.replace(f" [{cit_a.n}]", "").replace(f" [{cit_b.n}]", ""),
                    [cit_a.n, cit_b.n],
                    1.0,
                    kind="conflict",
                )
            )
            answer.answer += " " + note
