"""Answers that hold on any articles: no corpus knowledge in the code, every constraint of a question
enforced, the answer first, and the bugs a new user met (issue 8)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, run_cli

from assistant.answer.constraints import unmet_constraint, uses_of
from assistant.answer.question import analyse
from assistant.answer.verify import conflict_holds, drop_unverifiable, span_holds
from assistant.query import Query
from assistant.schema import Answer, AnswerSentence, Citation, Conflict
from assistant.text.dates import span_note
from assistant.text.names import find_names, name_in
from assistant.text.places import countries_in
from assistant.text.sentences import split_sentences

# Words only the bundled articles use: none may appear in the package or its prompts.
BUNDLED_WORDS = re.compile(r"iskp|daesh|taliban|kabul|khorasan|nizamani|longan|grigoriev|zawahiri", re.I)


def test_the_package_and_prompts_know_nothing_of_the_bundled_corpus():
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in (ROOT / "assistant", ROOT / "prompts")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".py", ".md", ".j2", ".toml", ".txt"}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BUNDLED_WORDS.search(line)
    ]
    assert hits == []


def test_abbreviations_with_periods_do_not_break_the_question():
    analysis = analyse("What did the U.S. say after the bank failed? Answer briefly.")
    assert [n.text for n in analysis.names] == ["US"]
    assert "U.S" not in analysis.text and analysis.text.startswith("What did the US say")
    assert [n.text for n in find_names("Lt. Gen. Osama Rabie of the Suez Canal Authority spoke.")] == [
        "Lt Gen Osama Rabie of the Suez Canal Authority"
    ]


def test_names_are_found_without_word_lists():
    # A capitalised opener is not a name; a people's name, an acronym and a multi-word name are.
    assert [n.text for n in find_names("Which chemist did Pfizer hire in 2021?")] == ["Pfizer"]
    assert [n.text for n in find_names("Combining the accounts, who won?")] == []
    assert [n.text for n in find_names("Which striker did Sebastian sign for FC Basel?")] == [
        "Sebastian",
        "FC Basel",
    ]


def test_and_joins_two_names_as_two_not_one():
    """ "How do Lisbon Daily and Tom Roe differ…" compares two names, each of which one sentence may hold;
    read as one name "Lisbon Daily and Tom Roe" a sentence had to hold both. Within a name that has a
    connector already, "and" stays part of it."""
    assert [n.text for n in find_names("How do Lisbon Daily and Tom Roe differ on the bridge?")] == [
        "Lisbon Daily",
        "Tom Roe",
    ]
    assert [n.text for n in find_names("Alaska State Troopers and Phoenix Police reported outages.")] == [
        "Alaska State Troopers",
        "Phoenix Police",
    ]
    assert [n.text for n in find_names("It said the Bank of Lisbon and Porto had closed.")] == [
        "Bank of Lisbon and Porto"
    ]
    assert [n.text for n in find_names("The longest river in Central and Western Europe.")] == [
        "Central and Western Europe"
    ]
    # "the" likewise: "the Shiite Ismaili the Lumen Front appointed" is two names, "Bank of the West" one
    assert [n.text for n in find_names("Who is the Shiite Ismaili the Lumen Front appointed?")] == [
        "Shiite Ismaili",
        "Lumen Front",
    ]
    assert [n.text for n in find_names("He banked with the Bank of the West.")] == ["Bank of the West"]
    groups = analyse("Do Ana Lee and Tom Roe agree on the bridge?").name_groups
    assert [[n.text for n in group] for group in groups] == [["Ana Lee", "Tom Roe"]]
    # A party to a relation acts: a capital there stands for its government, written as "Iran-Lumen relations"
    asked = analyse("Why are relations between Tehran and the Lumen Front souring?")
    assert "Tehran" in asked.actors
    sentence = "The Lumen Front is causing disruption in Iran-Lumen relations with its attacks."
    assert unmet_constraint(asked, sentence, sentence) is None
    assert countries_in("the US-China talks") == {"united states", "china"}


def test_a_number_after_a_name_is_the_names_own():
    """ "Windows 7" is not held by a passage on "Windows XP" that mentions "$7.68 billion"; "channel file 291"
    holds "Channel File 291" whatever its case. A number that counts ("Delta 500 flights") or dates ("March
    29") is no part of a name."""
    assert [(n.text, n.parts) for n in find_names("It wiped files on Windows 7 PCs.")][0] == (
        "Windows 7",
        ("windows", "7"),
    )
    assert [n.text for n in find_names("Then Delta 500 flights were cut on March 29.")] == ["Delta"]
    assert [n.text for n in find_names("Tom Roe built Lumen 2.4.1 on Friday.")] == ["Tom Roe", "Lumen"]
    asked = analyse("Which system file did the faulty Lumen update delete on Windows 7 PCs?")
    xp = "The Lumen update deleted a crucial Windows system file on PCs running Windows XP."
    miss = unmet_constraint(asked, xp, xp + " Lumen had paid $7.68 billion for the firm.")
    assert miss is not None and miss.wanted == "Windows 7"
    seven = "The Lumen update deleted a crucial system file on Windows 7 PCs."
    assert unmet_constraint(asked, seven, seven) is None
    bad = analyse("According to the review, what memory error did the bad Channel File 291 content cause?")
    lower = (
        "The review says problematic content in channel file 291 resulted in an out-of-bounds memory read."
    )
    assert unmet_constraint(bad, lower, lower) is None


def test_a_year_in_the_question_must_hold_in_the_answer_sentence():
    asked = analyse("How many ships were waiting in 2020?")
    miss = unmet_constraint(
        asked, "In 2021 more than 300 ships were waiting.", "In 2021 more than 300 ships."
    )
    assert miss is not None and miss.wanted == "2020" and miss.found == "2021"
    assert unmet_constraint(asked, "In 2020 some 300 ships waited.", "In 2020 some 300 ships waited.") is None


def test_a_day_without_a_year_is_in_its_pieces_year():
    """ "…on 5 September, killing six" in a piece of 2022 does not answer a question about 2020, though the
    piece names 2020 elsewhere; an undated piece dates it by the last year it names. A day after the piece's
    own day is the year before. It answers a question about 2022, whatever year the paragraphs around it
    are in."""
    asked = analyse("How many people died in the attack on the Lumen embassy in 2020?")
    sentence = "Gunmen attacked the Lumen embassy on 5 September, killing six people."
    years_named = frozenset({"2017", "2020", "2022"})
    miss = unmet_constraint(asked, sentence, sentence, doc_date="2022-10-01", doc_years=years_named)
    assert miss is not None and (miss.wanted, miss.found) == ("2020", "5 September 2022")
    miss = unmet_constraint(asked, sentence, sentence, doc_years=years_named)  # an undated piece
    assert miss is not None and miss.found == "5 September 2022"
    assert unmet_constraint(asked, sentence, sentence, doc_date="2021-02-11", doc_years=years_named) is None
    assert unmet_constraint(asked, sentence, sentence, doc_date="2020-09-30") is None
    paragraph = "In 2020 the Lumen embassy was hit twice. " + sentence
    assert unmet_constraint(asked, sentence, sentence, paragraph, "2022-10-01", doc_years=years_named) is None
    # Its day's year holds though the nearest paragraph that names a year is on 2020.
    asked_2022 = analyse("How many people died in the attack on the Lumen embassy in 2022?")
    for date in ("2022-10-01", None):
        assert (
            unmet_constraint(
                asked_2022, sentence, sentence, doc_date=date, doc_years=years_named, years_near=["2020"]
            )
            is None
        )


def test_an_undated_paragraph_is_in_the_year_of_the_nearest_paragraph_that_names_one():
    """ "How many devices failed in 2023?" is not answered by an undated paragraph beside "The outage
    occurred on July 19, 2024", though the piece names 2023 far further on; a flashback ("that 2010
    incident" in the next paragraph) dates the paragraph before it."""
    from assistant.retrieval.context import CorpusContext
    from assistant.schema import Passage

    text = (
        "The Lumen outage occurred on July 19, 2024.\n\n"
        "Lumen estimated that 8.5 million devices failed.\n\n"
        "In that case, the Orchid update deleted a system file.\n\n"
        "The parallels with that 2010 incident are uncanny.\n\n"
        + "Nothing more was said.\n\n" * 30
        + "Investors who held shares between Nov. 29, 2023, and July 29, 2024 sued.\n"
    )
    doc = Passage("c0", "d", "a.txt", "a.txt", "T", None, None, 1, 0, len(text), text)
    context = CorpusContext.build([doc])

    def sentence(opening: str) -> Passage:
        start = text.index(opening)
        end = text.index("\n", start)
        return Passage("c0", "d", "a.txt", "a.txt", "T", None, None, 1, start, end, text[start:end])

    failed = sentence("Lumen estimated")
    assert context.years_near(failed) == ["2024"]
    asked = analyse("How many Lumen devices failed in 2023?")
    years_named = context.doc_years["d"]
    assert "2023" in years_named
    miss = unmet_constraint(
        asked, failed.text, failed.text, doc_years=years_named, years_near=context.years_near(failed)
    )
    assert miss is not None and miss.wanted == "2023"
    assert unmet_constraint(asked, failed.text, failed.text, doc_years=years_named) is None  # as before
    deleted = sentence("In that case")
    assert context.years_near(deleted) == ["2010"]
    orchid = analyse("Which file did the Orchid update delete in 2010?")
    assert (
        unmet_constraint(
            orchid, deleted.text, deleted.text, doc_years=years_named, years_near=context.years_near(deleted)
        )
        is None
    )


def test_an_undated_paragraph_is_in_the_month_of_the_nearest_paragraph_that_dates_one():
    """ "What happened at the Lumen embassy in November?" is not answered by "Finally, gunmen targeted the
    Lumen embassy" beside "On December 2, …"; a piece of July tells nothing of that year's August."""
    from assistant.retrieval.context import CorpusContext
    from assistant.schema import Passage

    text = (
        "On December 2, 2022, there was an attack on the Lumen embassy.\n\n"
        "Finally, gunmen targeted the Lumen embassy.\n\n"
        "In March, the Orchid Hotel was hit.\n"
    )
    doc = Passage("c0", "d", "a.txt", "a.txt", "T", None, None, 1, 0, len(text), text)
    context = CorpusContext.build([doc])
    start = text.index("Finally")
    end = text.index("\n", start)
    finally_ = Passage("c0", "d", "a.txt", "a.txt", "T", None, None, 1, start, end, text[start:end])
    near = context.paragraph_near(finally_, lambda p: "December" in p or "March" in p)
    assert near.startswith("On December 2")
    sentence = finally_.text
    november = analyse("What happened at the Lumen embassy in November?")
    miss = unmet_constraint(november, sentence, sentence, months_near={12})
    assert miss is not None and miss.wanted == "November"
    december = analyse("What happened at the Lumen embassy in December?")
    assert unmet_constraint(december, sentence, sentence, months_near={12}) is None
    flights = analyse("How many Lumen flights were canceled in August?")
    sunday = "On Sunday, more than 1,800 Lumen flights were canceled."
    assert unmet_constraint(flights, sunday, sunday, doc_date="2024-07-22") is not None
    assert unmet_constraint(flights, sunday, sunday, doc_date="2024-09-02") is None
    # a piece of December tells its own news undated, whatever month a paragraph near it recalls
    assert unmet_constraint(december, sentence, sentence, doc_date="2022-12-05", months_near={3}) is None


def test_a_short_name_matches_as_written_and_an_acronym_only_in_capitals():
    from assistant.text.names import name_in

    person = find_names("When did Jia Tan tag the first release?")[0]
    assert name_in(person, "2023-03-18: Jia Tan tags and builds their first release.")  # 3-letter parts
    assert not name_in(person, "The jia tan colour.")
    cve = analyse("Under which CVE number is the flaw tracked?").names[0]
    assert name_in(cve, "RedHat assigns CVE-2024-3094.")  # a part of a hyphenated token
    us = analyse("What did the U.S. say?").names[0]
    assert name_in(us, "The US said so.") and not name_in(us, "Let us say so.")


def test_an_acronym_is_found_where_the_passage_writes_it_out():
    from assistant.text.names import name_in

    sp = analyse("How much can the SP alter income tax?").names[0]
    assert name_in(sp, "The Scottish Parliament can alter income tax by up to 3 pence.")
    assert not name_in(sp, "The parliament can alter income tax.") and not name_in(
        sp, "It has special powers."
    )
    possessive = analyse("Which type of committee is set down under the SP's orders?").names[0]
    assert name_in(possessive, "Committees set down under the Scottish Parliament's orders.")
    isil = analyse("When did ISIL pledge allegiance?").names[0]
    assert name_in(isil, "The Islamic State of Iraq and the Levant pledged allegiance in 2004.")
    wwi = analyse("What monument recalls the largest insurrection of WWI?").names[0]
    assert name_in(wwi, "It fought in World War I.") and not name_in(wwi, "It fought in World War II.")


def test_a_sentence_that_denies_without_not_answers_a_negated_question():
    # "fails to (properly) distinguish", "refusal to allow", "less active": not the plain word the question negates
    for question, sentence in (
        (
            "The immune system doesn't distinguish between what types of cells?",
            "Here, the immune system fails to properly distinguish between self and non-self.",
        ),
        (
            "What persons were not allowed to settle in the colony?",
            "The crown's refusal to allow non-Catholics to settle in the colony slowed its growth.",
        ),
        (
            "What kind of disorders occur when part of the immune system isn't active?",
            "Immunodeficiency occurs when the immune system is less active than normal.",
        ),
    ):
        assert unmet_constraint(analyse(question), sentence, sentence) is None, question


def test_a_negation_on_one_side_only_does_not_answer():
    not_clean = analyse("Which river is considered not so clean nowadays?")
    clean = "The Ruhr, which joins the Rhine, is nowadays a clean river."
    miss = unmet_constraint(not_clean, clean, clean)
    assert miss is not None and miss.flipped and (miss.wanted, miss.found) == ("not clean", "clean")
    # The sentence's own negation is no sign: "what did he find?" may be answered beside "did not find".
    found = analyse("What did the blogger find when he looked?")
    looked = "He did not find the file at first, but then found the infected version."
    assert unmet_constraint(found, looked, looked) is None
    # A negative fact said in other words is not a flip.
    absent = analyse("Why did Pakistan not attend the talks?")
    declined = "Pakistan declined the invitation to the talks."
    assert unmet_constraint(absent, declined, declined) is None


def test_a_name_in_the_question_must_hold_near_the_answer_sentence():
    asked = analyse("Which Pakistani diplomat was the target?", frozenset())
    other = "The attack killed a senior Russian diplomat, Second Secretary Mikhail Shakh."
    assert unmet_constraint(asked, other, other) is not None
    own = "The attack targeted Pakistan's chargé d'affaires at his residence."
    assert unmet_constraint(asked, own, own) is None
    # Names joined by "and" are alternatives: either article may answer its half of a comparison.
    both = analyse("How do Reuters and Bloomberg describe the bailout?")
    assert len(both.name_groups) == 1
    assert unmet_constraint(both, "Reuters called it a rescue.", "Reuters called it a rescue.") is None
    # …also where a hyphenated word stands between them ("CNN's round-up and the Gazette's explainer").
    pieces = analyse(
        "How do CNN's Monday round-up and the Gazette's explainer each describe the Lumen sensor?"
    )
    assert [[n.text for n in g] for g in pieces.name_groups][0] == ["CNN's Monday", "Gazette's"]


def test_verification_never_leaves_a_marker_without_its_citation(tmp_path):
    """Stands in for a file edited after ingest: citation 1's quote no longer matches the file."""
    source = tmp_path / "a.txt"
    source.write_text("Alpha is here. Beta is there.", encoding="utf-8")

    def cite(n: int, start: int, end: int, quote: str) -> Citation:
        return Citation(n, "a.txt", "A", None, None, 1, start, end, quote, f"c{n}", 1.0)

    answer = Answer(
        question="q",
        standalone_question="q",
        answer="Gamma is here [1]. Beta is there [2].",
        refused=False,
        sentences=[AnswerSentence("Gamma is here.", [1], 1.0), AnswerSentence("Beta is there.", [2], 1.0)],
        citations=[cite(1, 0, 14, "Gamma is here."), cite(2, 15, 29, "Beta is there.")],
    )
    kept = drop_unverifiable(answer, {"a.txt": str(source)})
    assert kept.answer == "Beta is there [1]."
    assert [c.n for c in kept.citations] == [1] and kept.sentences[0].citations == [1]


def test_a_date_conflict_note_stands_on_both_quotes_or_not_at_all(tmp_path):
    """The note "The sources disagree on the date" is the system's own sentence: it holds when each date is
    in its cited quote, and it goes when verification takes one side away (the file changed)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The fire began on 5 May in the port.", encoding="utf-8")
    b.write_text("The fire began on May 6 in the port.", encoding="utf-8")

    def answer() -> Answer:
        return Answer(
            question="When did the fire begin?",
            standalone_question="When did the fire begin?",
            answer="",
            refused=False,
            sentences=[
                AnswerSentence("The fire began on 5 May in the port.", [1], 1.0),
                AnswerSentence("The fire began on May 6 in the port.", [2], 1.0),
                AnswerSentence(
                    "The sources disagree on the date: 5 May versus May 6.", [1, 2], 1.0, "conflict"
                ),
            ],
            citations=[
                Citation(
                    1, "a.txt", "A", None, None, 1, 0, 36, "The fire began on 5 May in the port.", "a", 1
                ),
                Citation(
                    2, "b.txt", "B", None, None, 1, 0, 36, "The fire began on May 6 in the port.", "b", 1
                ),
            ],
            conflicts=[
                Conflict(
                    "the date of the event",
                    [{"value": "5 May", "citations": [1]}, {"value": "May 6", "citations": [2]}],
                )
            ],
        )

    whole = answer()
    assert conflict_holds(whole.sentences[2], whole)
    whole.conflicts[0].values[1]["value"] = "May 7"  # a value no cited quote states
    assert not conflict_holds(whole.sentences[2], whole)

    b.write_text("Rewritten.", encoding="utf-8")
    kept = drop_unverifiable(answer(), {"a.txt": str(a), "b.txt": str(b)})
    assert kept.answer == "The fire began on 5 May in the port [1]."
    assert kept.conflicts == [] and [s.kind for s in kept.sentences] == ["claim"]


def test_a_span_note_is_the_time_between_its_two_quotes_dates_or_not_at_all(tmp_path):
    """ "From 2015 to April 2022: about 7 years." is the system's own sentence: it holds when its two cited
    quotes make that very note, and it goes when verification takes one side away."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The Lumen Bank opened in 2015.", encoding="utf-8")
    b.write_text("In April 2022, the bank closed.", encoding="utf-8")
    assert span_note(a.read_text(), b.read_text()) == "From 2015 to April 2022: about 7 years."
    for finer in ("month", "week"):
        assert (
            span_note(a.read_text(), b.read_text(), finer) is None
        )  # a year alone is too coarse to count them
    assert (
        span_note("It began on 5 May 2023.", "It ended on May 19, 2023.")
        == "From 5 May 2023 to May 19, 2023: 2 weeks."
    )
    assert span_note("Between 2019 and 2021 it grew.", "In 2023 it shut.") is None  # no single date

    def answer(note: str) -> Answer:
        return Answer(
            question="How long after the bank opened did it close?",
            standalone_question="How long after the bank opened did it close?",
            answer="",
            refused=False,
            sentences=[
                AnswerSentence(note, [1, 2], 1.0, "span"),
                AnswerSentence("The Lumen Bank opened in 2015.", [1], 1.0),
                AnswerSentence("In April 2022, the bank closed.", [2], 1.0),
            ],
            citations=[
                Citation(1, "a.txt", "A", None, None, 1, 0, 30, "The Lumen Bank opened in 2015.", "a", 1),
                Citation(2, "b.txt", "B", None, None, 1, 0, 31, "In April 2022, the bank closed.", "b", 1),
            ],
        )

    whole = answer("From 2015 to April 2022: about 7 years.")
    assert span_holds(whole.sentences[0], whole)
    wrong = answer("From 2015 to April 2022: about 9 years.")
    assert not span_holds(wrong.sentences[0], wrong)
    b.write_text("Rewritten.", encoding="utf-8")
    kept = drop_unverifiable(whole, {"a.txt": str(a), "b.txt": str(b)})
    assert kept.answer == "The Lumen Bank opened in 2015 [1]." and [s.kind for s in kept.sentences] == [
        "claim"
    ]


def test_an_edited_file_never_leaves_a_dangling_marker(tmp_path, corpus_copy):
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    question = "Which Pakistani diplomat did the attackers try to assassinate?"
    before = json.loads(run_cli("--index", str(index), "ask", "--json", question).stdout)
    assert before["citations"], before["answer"]
    edited = corpus_copy / before["citations"][0]["source"]
    edited.write_text("Rewritten.\n\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(run_cli("--index", str(index), "ask", "--json", question).stdout)
    numbers = {c["n"] for c in after["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", after["answer"])} <= numbers


def test_an_unknown_source_is_an_error(built_index: Path):
    result = run_cli("--index", str(built_index), "ask", "--source", "nosuch.txt", "Who claimed the attack?")
    assert result.returncode == 2
    assert "Unknown source 'nosuch.txt'" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_question_about_another_year_is_refused_and_says_why(built_index: Path):
    # The second attack's article names 2020 elsewhere; its "on 5 September" is in the year it was written.
    for question, said in (
        ("How many people died in the 1998 attack on the Russian embassy?", ["1998"]),
        ("How many people died in the attack on the Russian embassy in 2020?", ["2020", "2022"]),
    ):
        answer = json.loads(run_cli("--index", str(built_index), "ask", "--json", question).stdout)
        assert answer["refused"] and all(year in answer["answer"] for year in said)


def test_a_sentence_that_turns_to_another_attack_does_not_answer_for_the_one_its_title_names(
    built_index: Path,
):
    # "Similarly, in October 2022, a terrorist attack … in the Iranian city of Shiraz, in which 15 people lost
    # their lives" stands in an article titled on Pakistan's embassy; no one was killed there.
    question = "How many people were killed in the attack on the Pakistani embassy?"
    answer = json.loads(run_cli("--index", str(built_index), "ask", "--json", question).stdout)
    assert answer["refused"] and "Shiraz" not in answer["answer"]


def test_a_question_about_an_office_no_passage_names_is_refused_and_says_what_it_names(built_index: Path):
    # The diplomat killed at the Russian embassy was its Second Secretary, not its ambassador.
    question = "Who was the Russian ambassador killed in Kabul?"
    answer = json.loads(run_cli("--index", str(built_index), "ask", "--json", question).stdout)
    assert answer["refused"] and "not an ambassador" in answer["answer"] and "Secretary" in answer["answer"]


def test_what_an_office_of_a_place_said_is_not_what_others_of_the_place_said(tmp_path: Path):
    # "Alaska State Troopers … say that service… is operational" is not the governor of Alaska speaking.
    corpus = ROOT / "evals" / "suites" / "crowdstrike-outage" / "corpus"
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "--corpus", str(corpus), "ingest").returncode == 0
    asked = run_cli(
        "--index",
        str(index),
        "--corpus",
        str(corpus),
        "ask",
        "--json",
        "What did the governor of Alaska say?",
    )
    answer = json.loads(asked.stdout)
    assert answer["refused"] and "governor of Alaska" in answer["answer"]


def test_the_answer_leads_with_the_answer(built_index: Path):
    # The cross-encoder ranks the attack's own sentence far above the claim; the question's verb decides.
    # Only the best sentence saying the verb is lifted past the others, with any already in the running: a
    # weak one ("…by claiming that it is a counter-terrorism actor") says the verb of another claim, and
    # where it scores a little better ("…in Kabul?" shares a word with it), the claim "of the attack" leads.
    for question in (
        "Who claimed the attack on the Pakistani embassy?",
        "Who claimed the attack on the Pakistani embassy in Kabul?",
    ):
        result = run_cli("--index", str(built_index), "ask", "--json", question)
        answer = json.loads(result.stdout)
        assert "claimed responsibility" in answer["sentences"][0]["text"], question
        assert not any("counter-terrorism" in s["text"] for s in answer["sentences"]), question


def test_a_why_question_leads_with_the_motive_not_the_event(built_index: Path):
    # The cross-encoder ranks the attack itself ("The move by ISKP was made at … residence") first and the
    # motive 1.6 lower; for "why", a sentence that gives a cause that close behind leads.
    result = run_cli("--index", str(built_index), "ask", "--json", "Why did ISKP target Pakistan's embassy?")
    answer = json.loads(result.stdout)
    assert "trying to show" in answer["sentences"][0]["text"]
    assert any("residence inside its embassy" in s["text"] for s in answer["sentences"][1:])
    # The sentence after "…has already targeted Russian and Pakistani sites." turns to another case
    # ("Meanwhile, even Saudi diplomats have relocated…"): read with it, it scores a little higher, but it is
    # not that sentence's thought carried on.
    assert any("Russian and Pakistani sites" in s["text"] for s in answer["sentences"])
    assert not any("Saudi diplomats" in s["text"] for s in answer["sentences"])


def test_a_follow_up_with_nothing_before_it_asks_what_it_refers_to(built_index: Path):
    result = run_cli(
        "--index", str(built_index), "chat", input="/reset\nWhen did that happen?\nWhy did they do it?\n"
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    # the second question has only the first before it, which referred to nothing either
    for turn in lines[-2:]:
        assert turn["refused"] and "no earlier question" in turn["answer"]


def test_a_first_question_that_points_at_nothing_is_answered_though_it_is_short(built_index: Path):
    """A chat that opened with "Why was the embassy attacked?" (short, no capitalised name) was told it
    "refers back to something", and so was every question after it. Only a question that points back (a
    pronoun, "that attack") or says nothing ("Why?") is asked what it means."""
    result = run_cli(
        "--index", str(built_index), "chat", input="Why was the embassy attacked?\nWhen did it happen?\n"
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2 and not any("no earlier question" in turn["answer"] for turn in lines), lines
    assert not lines[0]["refused"] and lines[0]["citations"], lines[0]["answer"]
    alone = run_cli("--index", str(built_index), "chat", input="Why?\n")
    turn = json.loads(next(line for line in alone.stdout.splitlines() if line.startswith("{")))
    assert turn["refused"] and "no earlier question" in turn["answer"]


def test_a_question_asked_alone_that_names_nothing_is_asked_what_it_means(built_index: Path):
    # `ask` has no conversation: "When did that happen?" was answered with whichever attack ranked first.
    for question in ("When did that happen?", "Who did it?"):
        answer = json.loads(run_cli("--index", str(built_index), "ask", "--json", question).stdout)
        assert answer["refused"] and "does not name" in answer["answer"] and not answer["citations"]
    # a pronoun beside a word of what happened is a question of its own
    for question in ("Who claimed it?", "When did the attack on the Pakistani embassy happen?"):
        assert not Query.of(question).names_nothing
    assert Query.of("When did it happen?", topic=("Lisbon", "summit")).names_nothing is False


def _one_article_index(tmp_path: Path, text: str):
    """An index of one article on another topic, built through the CLI; returns ask(question) -> answer JSON."""
    return _articles_index(tmp_path, {"article.txt": text})


def _articles_index(tmp_path: Path, files: dict[str, str]):
    """An index of these files (name -> text), built through the CLI; returns ask(question) -> answer JSON."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)  # tmp_path / "a": one test may build several indexes
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "ingest", str(corpus)).returncode == 0

    def ask(question: str) -> dict:
        return json.loads(run_cli("--index", str(index), "ask", "--json", question).stdout)

    return ask


def test_a_question_that_flips_its_best_passage_is_refused_not_answered_from_a_weaker_one(tmp_path):
    """SQuAD 2.0-style trap on articles of another topic: the question swaps one word of the passage it was
    written against for its opposite. Refusing that passage must not hand the answer to a weaker sentence."""
    ask = _one_article_index(
        tmp_path,
        "The River Delta\n\nThe river splits into three arms before it reaches the sea. The name Alder is used "
        "only for smaller streams farther to the north, which together formed the main river in Roman times. "
        "The southern arm keeps the name Wend until it flows into the lake.\n\nThe delta is a nature reserve. "
        "Fishing boats use the larger arms all year, and ferries cross them at six points.\n",
    )
    trap = ask("What name is used for larger streams to the north?")
    assert trap["refused"] is True and trap["citations"] == []
    assert "larger streams" in trap["answer"] and "smaller streams" in trap["answer"]
    fair = ask("What name is used for smaller streams to the north?")
    assert fair["refused"] is False and "Alder" in fair["answer"]


def test_a_question_that_turns_the_change_around_is_refused_saying_what_the_passage_says(tmp_path):
    """ "Why did the authority raise its claim?" where the article says the claim was lowered: refused, and
    the refusal quotes the word the passage uses, not what it "is about"."""
    ask = _one_article_index(
        tmp_path,
        "The Claim\n\nThe port authority first demanded $916 million from the owners in April.\n\nIn June the "
        "demand was lowered to $550 million after talks with the insurers.\n\nA settlement followed in July.\n",
    )
    raised = ask("Why did the port authority raise its demand to $550 million?")
    assert raised["refused"] is True and raised["citations"] == []
    assert "says “lowered”, not “raise”" in raised["answer"]
    lowered = ask("When was the demand lowered to $550 million?")
    assert lowered["refused"] is False and "In June" in lowered["answer"]


def test_a_sentence_that_ends_its_paragraph_with_a_colon_brings_what_it_announces(tmp_path):
    """ "…and focuses on step 0:" announces the next paragraph, as a blog quoting a list does: the answer
    carries that paragraph's first sentence, not the announcement alone."""
    ask = _one_article_index(
        tmp_path,
        "How the Takeover Worked\n\nThe analyst Rob Mensching lays out the process of the takeover and focuses "
        "on step 0:\n\nOriginal maintainer burns out, and only the newcomer offers to help (so the newcomer "
        "inherits the trust built up by the original maintainer).\n\nThe project later shipped two releases. "
        "Reviewers noticed odd test files in them.\n",
    )
    answer = ask("What is step 0 in Rob Mensching's account of the takeover?")
    assert answer["refused"] is False
    assert answer["answer"].index("focuses on step 0:") < answer["answer"].index("inherits the trust")


def test_a_why_question_after_an_opening_phrase_gets_the_explaining_sentence_not_the_writers_question(
    tmp_path,
):
    ask = _one_article_index(
        tmp_path,
        "Too Big for the Canal?\n\nThe grounding raises the question: are these container ships too large to "
        "transit the canal safely? Windage is not much of an issue for the larger tankers and bulk carriers "
        "transiting the canal. When fully loaded, these ships have far less freeboard than container ships "
        "and none of the windage of deck cargo.\n\nThe canal carries about 12% of world trade. Pilots board "
        "every ship at the entrance.\n",
    )
    answer = ask("In the canal analysis, why is wind less of a concern for tankers and bulk carriers?")
    assert answer["refused"] is False
    assert not answer["sentences"][0]["text"].rstrip().endswith("?")
    assert "far less freeboard" in answer["answer"]


def test_a_question_that_ends_its_paragraph_is_answered_by_the_next_one(tmp_path):
    """An FAQ or an interview: the writer's question is a paragraph, its answer the paragraph after it. The
    question itself is never the answer; the reply that follows it is, cited at its own offsets."""
    ask = _one_article_index(
        tmp_path,
        "What We Know About the Reservoir Leak\n\nWhat happened at the reservoir?\n\nA valve in the north dam "
        "failed during the spring inspection and let water into the tunnels.\n\nWho is paying for the repairs?"
        "\n\nThe Halden Water Board will cover them from its maintenance fund.\n\nWhen will the valve be "
        "replaced? The board has not set a date for the work.\n",
    )
    answer = ask("Who is paying for the repairs at the reservoir?")
    assert answer["refused"] is False, answer["answer"]
    first = answer["citations"][0]
    assert first["quote"] == "The Halden Water Board will cover them from its maintenance fund."
    assert "?" not in answer["answer"]


def test_timeline_dates_joined_names_and_list_lines_answer(tmp_path):
    """Real articles write dates as ISO ("2024-03-30: …"), one company as "BlueHarbor" or "Blue Harbor",
    and facts as list lines or table rows without a full stop. None of these may refuse an answerable
    question."""
    ask = _one_article_index(
        tmp_path,
        "Kiln Library Incident Timeline\n\n"
        "2024-03-29: BlueHarbor announces that the faulty kiln library shipped in Harbor Linux 12 beta and "
        "Harbor Rawhide.\n\n"
        "2024-03-30: Debian shut down builds to rebuild their build machines using a clean stable release.\n\n"
        "Affected distributions:\n\n"
        "Mintleaf Rolling https://example.org/kiln Faulty version of kiln was included in Mintleaf Rolling "
        "between March 7 and March 28\n\n"
        "The maintainers published a full report on April 2.\n",
    )
    which = ask("Which releases did Blue Harbor say had received the faulty kiln library?")
    assert which["refused"] is False and "Harbor Linux 12 beta" in which["answer"]
    why = ask("Why did Debian shut down its builds on March 30, 2024?")
    assert why["refused"] is False and "rebuild their build machines" in why["answer"]
    period = ask("During what period did Mintleaf Rolling ship the faulty kiln version?")
    assert period["refused"] is False and "between March 7 and March 28" in period["answer"]


def test_a_reference_list_entry_is_never_an_answer_sentence(tmp_path):
    ask = _one_article_index(
        tmp_path,
        "Kiln Flaw Found\n\n"
        "A lone engineer found the flaw while measuring slow logins on a quiet test server last week.\n\n"
        "Further reading:\n\n"
        "- Tom Reyes, Everything I know about who found the kiln flaw (2024-03-29).\n\n"
        "- Ana Cruz, How the kiln flaw was found and who found it (2024-03-30).\n",
    )
    answer = ask("Who found the kiln flaw?")
    assert "Everything I know" not in answer["answer"] and "How the kiln flaw" not in answer["answer"]


def test_a_cited_piece_is_answered_from_the_reference_list_and_its_title_answers_nothing_else(tmp_path):
    """A bibliography entry ('Lee, A. “Title”. Outlet, 07.10.2022,') is indexed as one sentence: a question
    naming the piece's author or outlet, or the reference list, is answered by it; a question on the topic of
    its title is answered by the article, never by the title."""
    ask = _one_article_index(
        tmp_path,
        "Harbour Strike Spreads\n\nDock workers in Lisbon walked out on Monday over pay, and the strike spread "
        "to two more ports by Wednesday.\n\nThe union said talks with the port authority would resume next "
        "week.\n\nLee, A. “Why the Lisbon Docks Stopped”. Orchid Review, 07.10.2022,\n\n"
        "Lumen Weekly. “Dock strike spreads to five ports”. 12.09.2022,\n",
    )
    when = ask("When did Lumen Weekly publish its piece on the dock strike?")
    assert when["refused"] is False and "12.09.2022" in when["sentences"][0]["text"]
    outlet = ask("According to the reference list, which outlet ran A. Lee's piece on why the docks stopped?")
    assert outlet["refused"] is False and "Orchid Review" in outlet["sentences"][0]["text"]
    ports = ask("How many ports did the dock strike spread to?")
    assert "Lumen Weekly" not in ports["answer"] and "five ports" not in ports["answer"]


def test_a_reference_list_entry_is_one_sentence():
    text = "Kapur, R. “The Harbour: On Lisbon’s Doorstep”. 06.01.2022, MEI,\n______. “Docks”. Orchid, 10.09.2022,"
    assert [text[s.start : s.end] for s in split_sentences(text)] == text.split("\n")


def test_a_clock_time_goes_on_into_its_time_zone_or_day():
    """ "…by 7:30 a.m. ET Monday, and…" is one sentence (it was cut after "a.m.", and "ET Monday, and more
    than 800 trains were delayed" was cited as a sentence); "a.m." before a new sentence still ends one."""
    text = (
        "More than 700 trains were canceled by 7:30 a.m. ET Monday, and more than 800 were delayed. "
        "The depot opened at 9 a.m. The next day it closed at 5 p.m. Friday, after a vote at 4 p.m. GMT."
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "More than 700 trains were canceled by 7:30 a.m. ET Monday, and more than 800 were delayed.",
        "The depot opened at 9 a.m.",
        "The next day it closed at 5 p.m. Friday, after a vote at 4 p.m. GMT.",
    ]


def test_a_company_officer_asked_for_is_that_companys_officer(tmp_path):
    """ "Who is the CFO of Orchid Air Lines?" or "…the CEO of Orchid Air Lines?" where the article names no
    such officer is refused, not answered with a minister's statement about the airline; Lumen's CEO is Lumen's."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Outage Hits Airlines\n\nLumen CEO Ana Lee said the faulty update would be fixed by Friday.\n\n"
        "“We continue to receive reports of unacceptable delays at Orchid Air Lines, including hundreds of "
        "complaints filed with our department,” Transport Secretary Tom Roe said in a statement.\n\n"
        "Orchid Air Lines said it would refund every passenger whose flight was canceled.\n",
    )
    assert ask("Who is the CFO of Orchid Air Lines?")["refused"]
    assert ask("Who is the CEO of Orchid Air Lines?")["refused"]
    answer = ask("Who is the CEO of Lumen?")
    assert not answer["refused"] and "Lumen CEO Ana Lee" in answer["citations"][0]["quote"]


def test_a_first_commit_to_another_project_does_not_answer_when_the_first_commit_to_this_one_was(tmp_path):
    ask = _one_article_index(
        tmp_path,
        "How the Widget Backdoor Came to Be\n\nIn 2021, someone with the username AnaL75 made their first known "
        "commit to an open source project. The change to the libwidget project replaced a safe function with "
        "a less secure one.\n\nIn January 2023, AnaL75 made their first commit to xq Utils. In the months "
        "following, AnaL75 became increasingly involved in xq Utils affairs.\n",
    )
    answer = ask("When did AnaL75 make their first commit to libwidget?")
    assert not answer["refused"]
    assert "2023" not in answer["citations"][0]["quote"]
    assert "2021" in answer["citations"][0]["quote"]


def test_how_many_were_delayed_cites_the_whole_sentence_of_a_clock_time(tmp_path):
    ask = _one_article_index(
        tmp_path,
        "Rail Strike Snarls Porto\n\nMore than 700 trains into or out of Porto were canceled by 7:30 a.m. ET "
        "Monday, and more than 800 trains were delayed, according to the operator.\n\nThe union said the "
        "strike would end on Wednesday.\n",
    )
    answer = ask("How many trains were delayed on Monday?")
    assert not answer["refused"]
    assert answer["citations"][0]["quote"].startswith("More than 700 trains into or out of Porto")
    assert "800 trains were delayed" in answer["citations"][0]["quote"]


def test_a_question_attributed_to_the_articles_author_holds_across_the_article(tmp_path):
    """ "In Okafor's analysis, …": the article's author (sources.json) names it, though its text never
    does; an article by someone else does not hold."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "valve.txt").write_text(
        "Why the North Dam Leaked\n\nThe valve in the north dam failed because its seals had not been replaced "
        "since 1998.\n\nThe board plans to inspect every valve next spring.\n",
        encoding="utf-8",
    )
    (corpus / "sources.json").write_text(
        json.dumps({"valve.txt": {"title": "Why the North Dam Leaked", "author": "Jane Okafor"}}),
        encoding="utf-8",
    )
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "ingest", str(corpus)).returncode == 0
    answer = json.loads(
        run_cli(
            "--index", str(index), "ask", "--json", "In Okafor's analysis, why did the valve fail?"
        ).stdout
    )
    assert answer["refused"] is False, answer["answer"]
    assert "seals had not been replaced" in answer["answer"]
    other = json.loads(
        run_cli(
            "--index", str(index), "ask", "--json", "In Haddad's analysis, why did the valve fail?"
        ).stdout
    )
    assert other["refused"] is True


def test_an_attribution_holds_where_the_article_writes_the_name_out_or_with_periods(tmp_path):
    """ "Per the UN report…" holds in an article that says "United Nations"; "the U.S. official" in one that
    writes "U.S." ("us" is a stopword, "US" a name)."""
    ask = _one_article_index(
        tmp_path,
        "The Harbour Report\n\nA recent United Nations report documented the cartel's growth in detail.\n\n"
        "The cartel has increased its presence in the northern and eastern ports.\n\n"
        "A senior U.S. official spoke to reporters on Monday about the shipments.\n\n"
        "The official said the boats were showing up in two southern harbours, Velm and Oster.\n",
    )
    where = ask("Per the UN report, where has the cartel increased its presence?")
    assert where["refused"] is False, where["answer"]
    assert "northern and eastern ports" in where["answer"]
    harbours = ask("According to the U.S. official, in which southern harbours were the boats showing up?")
    assert harbours["refused"] is False, harbours["answer"]
    assert "Velm and Oster" in harbours["answer"]


def test_a_question_that_swaps_who_did_it_or_whose_it_was_is_refused_not_answered_from_a_weaker_one(tmp_path):
    """SQuAD 2.0 writes unanswerable questions by swapping the doer ("When did Richard flee…" against
    "Ethelred fled…") or the owner ("the Dutch embassy" against "the Belgian embassy") of the very passage
    that answers the fair question: refused, saying what the passage is about."""
    ask = _one_article_index(
        tmp_path,
        "Two Courts\n\nRichard ruled the northern duchy for twenty years. Because of the invasion, Ethelred fled "
        "to Normandy in 1013. Richard welcomed him at his court.\n\nGunmen attacked the Belgian embassy on 4 "
        "March 2019. Dutch officials condemned the attack the same day. The city was calm by evening.\n",
    )
    fled = ask("When did Richard flee to Normandy?")
    assert fled["refused"] is True and "Ethelred" in fled["answer"]
    assert "1013" in ask("When did Ethelred flee to Normandy?")["answer"]
    embassy = ask("When was the Dutch embassy attacked?")
    assert embassy["refused"] is True and "the Belgian embassy" in embassy["answer"]
    assert "4 March 2019" in ask("When was the Belgian embassy attacked?")["answer"]


def test_the_sentence_that_carries_an_answer_sentence_on_comes_with_it_only_when_it_adds_to_it(tmp_path):
    """ "In the trade, such a vessel is called a lock-filler." names what the question asks for, but read alone
    it says nothing of the barge, so it scores low; read with the sentence before it, it adds to it, and
    comes along. The same sentence adds nothing to a question about where the barge is stuck."""
    ask = _one_article_index(
        tmp_path,
        "Stuck at the Lock\n\nThe Marlow, the 300-foot grain barge that has been stuck in the Elm Street lock "
        "since Monday, was built to the full length that the river's locks allow. In the trade, such a vessel "
        "is called a lock-filler. Its owners expect it to be freed by Friday.\n\nThe river carries grain and "
        "coal to the port. Traffic upstream resumed at noon, and pilots were told to keep clear of the lock.\n",
    )
    named = ask("What is a barge built to the full length the river's locks allow, like the Marlow, called?")
    assert named["refused"] is False
    assert [s["text"] for s in named["sentences"]][:2] == [
        "The Marlow, the 300-foot grain barge that has been stuck in the Elm Street lock since Monday, was "
        "built to the full length that the river's locks allow.",
        "In the trade, such a vessel is called a lock-filler.",
    ]
    where = ask("Where has the Marlow been stuck since Monday?")
    assert where["refused"] is False and "Elm Street lock" in where["answer"]
    assert "lock-filler" not in where["answer"]


def test_a_list_number_after_an_announcing_sentence_is_never_an_answer_sentence(tmp_path):
    """ "…the following sources cover it in depth:" announces the next paragraph, here a list's bare "1": that
    is no sentence, and citing it would cite nothing."""
    ask = _one_article_index(
        tmp_path,
        "The Patch Review\n\nThe maintainers shipped the patch on a Friday, and distributions picked it up within "
        "days.\n\nFor readers who want the details, the following sources cover the review of the patch in "
        "depth:\n\n1\n\nThe maintainers published their own account of the review in August.\n\nA later audit "
        "found no further problems.\n",
    )
    answer = ask("Which sources cover the review of the patch in depth?")
    assert answer["refused"] is False
    assert "cover the review of the patch in depth:" in answer["sentences"][0]["text"]
    assert all(len(s["text"].split()) >= 3 for s in answer["sentences"])


def test_how_many_is_answered_by_a_figure_that_counts_the_asked_thing_not_by_any_figure_nearby(tmp_path):
    """ "How many offices…" is not answered by "…offices closed…, on its national 800 number": the figure
    names a phone line. A figure a few words from what it counts ("shut 12 regional call centres") answers."""
    ask = _one_article_index(
        tmp_path,
        "Outage Hits Public Services\n\nThe pension agency said its local offices would close to the public for "
        "the day, and it warned callers that longer wait times on its national 800 number were expected. The "
        "agency also shut 12 regional call centres until the systems were restored.\n\nOfficials said the "
        "backlog of claims would take weeks to clear.\n",
    )
    offices = ask("How many local offices of the pension agency had to close?")
    assert offices["refused"] is True and offices["citations"] == []
    assert "give no figure" in offices["answer"]
    centres = ask("How many regional call centres did the pension agency shut?")
    assert centres["refused"] is False
    assert "12 regional call centres" in centres["sentences"][0]["text"]


def test_a_sum_of_money_and_a_figure_joined_to_a_word_count_nothing_else(tmp_path):
    """ "How many freighters passed…?" is not answered by "a $2.1 billion upgrade to take the largest
    freighters and to set up two-way traffic": the sum prices the upgrade and "two-way" counts ways. A question
    about money is still answered by the sum."""
    ask = _one_article_index(
        tmp_path,
        "Lisbon Harbour Reopens\n\nIn 2019, the Lisbon harbour got a $2.1 billion upgrade to take the largest "
        "freighters and to set up two-way traffic for them. The harbour reopened on Monday after the storm.\n\n"
        "The Orchid line said its ships would sail again within the week.\n",
    )
    passed = ask("How many freighters passed through the Lisbon harbour on the first day after it reopened?")
    assert _refused(passed)
    cost = ask("How much did the Lisbon harbour upgrade cost?")
    assert cost["refused"] is False
    assert "$2.1 billion upgrade" in cost["sentences"][0]["text"]


def test_a_person_asked_by_role_is_no_name_the_articles_write_as_a_things(tmp_path):
    """ "What is the name of the engineer who…?" is not answered by "…crashed the Orchid sensor and then Lisbon
    terminals": the article writes "the Orchid sensor" (a thing's name) and Lisbon is a place. A name also
    written as a person's stands ("Ana Lee, a Lumen engineer, said…")."""
    glitch = (
        "Update Glitch Downs Terminals\n\nOn Friday, a faulty Lumen update crashed the Orchid sensor and then "
        "Lisbon terminals across the region. Orchid checks every file the terminals open.\n\n"
    )
    unnamed = _one_article_index(tmp_path / "a", glitch + "The company said a fix was ready by noon.\n")
    assert _refused(unnamed("What is the name of the engineer who pushed the faulty Lumen update?"))
    named = _one_article_index(
        tmp_path / "b", glitch + "Ana Lee, a Lumen engineer, said a fix was ready by noon.\n"
    )
    answer = named("Which Lumen engineer said a fix was ready?")
    assert answer["refused"] is False and "Ana Lee" in answer["sentences"][0]["text"]


def test_which_city_is_answered_by_a_place_a_capital_too_never_by_a_firm_or_a_source(tmp_path):
    """ "In which city is Orchid headquartered?" is not answered by a sentence that names only Orchid's
    customers' systems and the outlet that reported it; it is by "moved its headquarters to Lisbon" (a capital
    is a city, though "Lisbon" may stand for Portugal elsewhere)."""
    news = (
        "Orchid Terminals Crash\n\nOrchid, a software firm, crashed thousands of Lumen terminals on Monday, "
        "according to a report by Tom Roe of the Harbour Times.\n\n"
    )
    unplaced = _one_article_index(tmp_path / "a", news + "The firm said a fix would follow within days.\n")
    assert _refused(unplaced("In which city is Orchid headquartered?"))
    placed = _one_article_index(tmp_path / "b", news + "The firm moved its headquarters to Lisbon in 2019.\n")
    answer = placed("In which city is Orchid headquartered?")
    assert answer["refused"] is False and "Lisbon" in answer["sentences"][0]["text"]


def test_a_figure_answers_how_large_only_beside_what_the_question_measures(tmp_path):
    """ "How large was the oil spill…?" is not answered by the ship's size: no sentence near the figures
    speaks of a spill. "How much cargo was it carrying?" is answered by "capable of carrying 80,000 tonnes",
    which says "cargo" in other words."""
    ask = _one_article_index(
        tmp_path,
        "Freighter Runs Aground in Strait\n\nThe Morrow Star, a bulk carrier capable of carrying 80,000 tonnes, "
        "ran aground in the strait on Tuesday during a storm. The vessel is 230 meters long and was refloated "
        "two days later.\n\nTankers carrying 4.1 million barrels of crude were waiting to pass the strait, "
        "port officials said.\n",
    )
    spill = ask("How large was the oil spill caused by the Morrow Star's grounding?")
    assert _refused(spill)
    assert "oil spill" in spill["answer"]
    cargo = ask("How much cargo could the Morrow Star carry?")
    assert cargo["refused"] is False
    assert "capable of carrying 80,000 tonnes" in cargo["sentences"][0]["text"]


def test_a_reason_announced_at_a_paragraphs_end_brings_the_paragraph_that_gives_it(tmp_path):
    """ "…explained why the growers oppose the dam. One of the reasons…" ends its paragraph: the reasons open the
    next one, and a quoted "Rather, …" carries the sentence before it on."""
    ask = _one_article_index(
        tmp_path,
        "Valley Dam Plan Stalls\n\nThe regional council has proposed a dam on the upper river. The hydrologist "
        "Mara Quell explained why the valley's growers are opposed to the dam. One of the reasons, she noted, "
        "is older than the plan itself.\n\n“The growers have concluded that a reservoir would not serve their "
        "orchards,” Quell said in a lecture last spring. “Rather it would drown the terraces that hold the "
        "oldest trees.”\n\nThe council meets again in May.\n",
    )
    answer = ask("Why are the valley's growers opposed to the dam, in Mara Quell's view?")
    texts = " ".join(s["text"] for s in answer["sentences"])
    assert answer["refused"] is False
    assert "would not serve their orchards" in texts
    assert "drown the terraces" in texts


def test_what_someone_said_is_answered_by_their_speech_not_by_a_neighbour_reporting_anothers(tmp_path):
    """ "What did the envoy say…?" is not answered by "Gunmen attacked the envoy's residence" beside "Police
    officials said…": the speech there is the police's. "Varga told reporters…" answers what Varga said."""
    ask = _one_article_index(
        tmp_path,
        "Attack on Envoy's Residence\n\nGunmen attacked the residence of the envoy Anan Roe in the capital on "
        "Friday night. Police officials said one guard was wounded in the exchange of fire.\n\nThe ministry "
        "closed the street for two days.\n\nThe trade minister Ilse Varga visited the port on Monday. Varga "
        "told reporters that the new berths would open in June.\n",
    )
    envoy = ask("What did the envoy Anan Roe say after the attack on his residence?")
    assert _refused(envoy)
    assert "report nothing the envoy Anan Roe said" in envoy["answer"]
    minister = ask("What did the trade minister Ilse Varga say about the port?")
    assert minister["refused"] is False
    assert "new berths would open in June" in " ".join(s["text"] for s in minister["sentences"])


def test_words_credited_to_the_asked_person_are_theirs_though_the_company_tells_them(tmp_path):
    """ "Velta told customers…, according to a post from CEO Dana Wirth" answers "What did Dana Wirth say…?":
    the company does the telling, the words are credited to Wirth. Before, the company as the teller read as
    another doer than the one asked, and the whole question was refused."""
    ask = _one_article_index(
        tmp_path,
        "Payment Outage\n\nVelta told customers early Friday the outage was caused by a faulty configuration "
        "file, according to a post on X from CEO Dana Wirth. Card payments failed at thousands of shops for "
        "most of the morning.\n\nBanks reported long queues at their call centres.\n",
    )
    answer = ask("What did Dana Wirth say about the outage?")
    assert answer["refused"] is False
    assert "faulty configuration file" in answer["sentences"][0]["text"]


def test_a_sentence_that_announces_a_list_brings_all_its_entries_and_no_more(tmp_path):
    """ "…reports of the following scams:" is answered by the list under it, not by its first entry alone: the
    entries are lines without a blank line between, or lines with the same mark ("- ", "1."). A paragraph
    after the list, or prose after an announcing colon, is not an entry."""
    ask = _one_article_index(
        tmp_path,
        "Fallout From the Outage\n\nThe vendor said it has received reports of the following scams run by "
        "criminals after the outage:\n\nPhishing emails sent to customers posing as vendor support.\n"
        "Fake phone calls impersonating vendor staff.\nSelling scripts claiming to automate the recovery.\n\n"
        "Regulators urged firms to follow only instructions from legitimate sources.\n\n"
        "The vendor listed the steps it has taken to stop a repeat of the faulty release:\n\n"
        "1. Updates are now tested internally like code.\n\n2. Releases now go out in rings of customers.\n\n"
        "Analysts expect the cost of the outage to exceed a billion dollars. They expect lawsuits to follow.\n",
    )
    scams = ask("What scams did the vendor receive reports of after the outage?")
    texts = [s["text"] for s in scams["sentences"]]
    at = next(i for i, t in enumerate(texts) if t.endswith("run by criminals after the outage:"))
    assert texts[at + 1 : at + 4] == [
        "Phishing emails sent to customers posing as vendor support.",
        "Fake phone calls impersonating vendor staff.",
        "Selling scripts claiming to automate the recovery.",
    ]
    assert not any("Regulators urged" in t for t in texts[at + 1 : at + 5])
    steps = ask("What steps has the vendor taken to stop a repeat of the faulty release?")
    texts = [s["text"] for s in steps["sentences"]]
    at = next(i for i, t in enumerate(texts) if t.endswith("stop a repeat of the faulty release:"))
    assert texts[at + 1 : at + 3] == [
        "Updates are now tested internally like code.",
        "Releases now go out in rings of customers.",
    ]
    assert not any(t.startswith("They expect lawsuits") for t in texts)


def _refused(answer: dict) -> bool:
    return answer["refused"] is True and answer["citations"] == []


def _leads_with(answer: dict, text: str) -> bool:
    """Answered, and the first answer sentence holds the text."""
    return answer["refused"] is False and text in answer["sentences"][0]["text"]


def test_names_of_and_which_release_ask_for_a_name_or_a_version_the_question_does_not_give(tmp_path):
    """ "What are the names of the two pilots…" asks for names, as "the name of the pilot" does: a sentence
    that speaks of "two senior pilots" without naming them does not answer. "Which release of the app…" asks
    for a version ("4.2.1", or a name after the product's: "Android Pie"): a sentence on the release without
    one does not answer either."""
    ask = _one_article_index(
        tmp_path,
        "Harbor Traffic Resumes\n\nThe freighter Nordlys left the harbor on Friday, accompanied by two tugs and "
        "two senior pilots, port officials said. The harbor master, Ingrid Solberg, thanked the crews and the "
        "two Norwegians who had raised the alarm. The "
        "port's booking app failed during the closure, and a new release of the app was published on Sunday. "
        "Version 4.2.1 of the booking app fixed the crash, the port said. The app now runs on Android Pie and "
        "Android 12 phones.\n",
    )
    pilots = ask("What are the names of the two senior pilots who accompanied the Nordlys?")
    assert _refused(pilots)
    norwegians = ask("What are the names of the two Norwegians who raised the alarm?")  # a people, unnamed
    assert _refused(norwegians)
    master = ask("What is the name of the harbor master?")
    assert _leads_with(master, "Ingrid Solberg")
    release = ask("Which release of the booking app fixed the crash?")
    assert _leads_with(release, "4.2.1")
    android = ask("Which Android releases does the booking app run on?")  # named after the product
    assert _leads_with(android, "Android Pie")
    sunday = ask("Which release of the booking app was published on Sunday?")  # the text gives no version
    assert _refused(sunday)


def test_a_country_is_no_firm_and_a_nationality_needs_a_country(tmp_path):
    """ "Which insurance firm…" is not answered by "…will cost U.S. companies" ("U.S." is one name, a country,
    not a firm, and not "U" and "S"); "what was the nationality of the crew" needs a sentence that names a
    country or its people."""
    ask = _one_article_index(
        tmp_path,
        "Ship Freed After Six Days\n\nInsurers estimate the grounding will cost U.S. retailers $950 million in "
        "delayed goods. The crew of 25 stayed aboard the ship during the salvage. The salvage was led by the "
        "Dutch firm Smit Salvage, whose tugs pulled the ship free on Monday. The ship's captain is Indian, the "
        "owners said.\n",
    )
    firm = ask("Which insurance firm came up with the $950 million estimate?")
    assert _refused(firm)
    salvage = ask("Which firm led the salvage?")
    assert _leads_with(salvage, "Smit Salvage")
    crew = ask("What was the nationality of the crew of 25?")
    assert _refused(crew)
    captain = ask("What is the nationality of the ship's captain?")
    assert _leads_with(captain, "Indian")


def test_how_wide_or_deep_is_answered_by_a_figure_of_that_dimension_not_by_a_length(tmp_path):
    """ "How wide is the canal?" is not answered by "…is 86 km long": a sentence that says what its figure
    measures answers "how wide/high/deep/…" only where that is the asked dimension (wide, width, deep, …)."""
    ask = _one_article_index(
        tmp_path,
        "The Lindholm Canal\n\nThe Lindholm Canal is 86 km long from the harbor to the lake and opened in 1902. "
        "Barges pass its three locks in about 40 minutes.\n\nThe harbor basin at the canal's western end is 12 "
        "metres deep, the port authority said.\n",
    )
    canal = ask("How wide is the Lindholm Canal?")
    assert _refused(canal)
    old = ask("How old is the harbor basin?")
    assert _refused(old)
    basin = ask("How deep is the harbor basin?")
    assert _leads_with(basin, "12 metres deep")
    long = ask("How long is the Lindholm Canal?")
    assert _leads_with(long, "86 km")


def test_what_someone_said_is_answered_only_by_reported_speech(tmp_path):
    """ "What did the mayor say…" is not answered by a sentence that only mentions the mayor: it must report
    speech (a verb of saying, a quotation), there or beside it. "What do the sources say…" asks the writer."""
    ask = _one_article_index(
        tmp_path,
        "Floods in the Valley\n\nMayor Lena Ortiz visited the flooded district on Monday morning.\n\nThe "
        "council said it would pay for four new pumps before the winter. “We will not let this happen again,” "
        "the council's chair told reporters.\n",
    )
    mayor = ask("What did Mayor Lena Ortiz say after visiting the flooded district?")
    assert _refused(mayor)
    council = ask("What did the council say it would pay for?")
    assert _leads_with(council, "four new pumps")
    sources = ask("What do the sources say about the flooded district?")
    assert sources["refused"] is False


def test_another_doer_of_the_same_deed_in_other_words_does_not_answer(tmp_path):
    """ "Why did Norway turn down the invitation?" is not answered by "Sweden surprisingly declined the
    invitation": declining is turning down, and Sweden did it. "Why did Sweden decline…" is answered."""
    ask = _one_article_index(
        tmp_path,
        "Summit Without Neighbours\n\nThe Danish government hosted a summit on fishing quotas with ministers "
        "from Finland, Iceland, Norway and Estonia. Sweden surprisingly declined the invitation because its "
        "new government had not yet set its own quota policy.\n",
    )
    norway = ask("Why did Norway turn down the invitation to the summit on fishing quotas?")
    assert _refused(norway)
    assert "Sweden" in norway["answer"]
    sweden = ask("Why did Sweden decline the invitation to the summit on fishing quotas?")
    assert _leads_with(sweden, "quota policy")


def test_a_figure_that_leaves_out_what_the_question_includes_does_not_answer(tmp_path):
    """ "How tall is the tower including its antenna?" is not answered by "…excluding its antenna, is 120
    metres": the sentence leaves out what the question counts in."""
    ask = _one_article_index(
        tmp_path,
        "The New Radio Tower\n\nThe tower's height, excluding its steel antenna, is 120 metres, the city said. "
        "It took two years to build and opened in May.\n",
    )
    including = ask("How tall is the radio tower including its steel antenna?")
    assert _refused(including)
    assert "excluding" in including["answer"]
    excluding = ask("How tall is the radio tower, excluding its steel antenna?")
    assert _leads_with(excluding, "120 metres")


def test_a_date_answers_only_where_its_sentence_says_the_asked_event(tmp_path, monkeypatch):
    """With ASSISTANT_ANSWER__UNSAID_EVENT_LOGIT set (off by default): "When was the grain warehouse built?"
    is not answered by "…opened to the public in 1987 in a converted grain warehouse": that date is the
    opening's, and no sentence says when the warehouse was built. A sentence that says the event ("was
    replaced in 2015", "opened … in 1987") answers."""
    monkeypatch.setenv("ASSISTANT_ANSWER__UNSAID_EVENT_LOGIT", "4.0")
    ask = _one_article_index(
        tmp_path,
        "The Harbour Museum\n\nThe Old Harbour Museum opened to the public in 1987 in a converted grain "
        "warehouse on the quay. Its founder, the shipwright Ada Moreau, gave the museum her collection of two "
        "hundred ship models. The roof of the warehouse was replaced in 2015 after a winter storm tore away "
        "part of it.\n",
    )
    assert _refused(ask("When was the grain warehouse built?"))
    assert _leads_with(ask("When was the roof of the warehouse replaced?"), "in 2015")
    assert _leads_with(ask("When did the Old Harbour Museum open to the public?"), "in 1987")


def test_a_sentence_whose_place_is_the_one_before_it_comes_with_that_sentence(tmp_path):
    """ "Where does the Emme join the Aare?" is answered by "It is here that the Aare takes in the Emme…", and
    where "here" is only the sentence before it says: that sentence comes with it, cited."""
    ask = _one_article_index(
        tmp_path,
        "Rivers of the Mittelland\n\nThe Aare leaves Lake Biel and flows east past the old town of Solothurn. "
        "It is here that the Aare takes in the Emme, a fast river that drains the hills of the Emmental. "
        "Further downstream the river turns north toward the Rhine.\n",
    )
    answer = ask("Where does the Emme join the Aare?")
    assert _leads_with(answer, "It is here that")
    assert "Solothurn" in answer["answer"]
    assert any("Solothurn" in c["quote"] for c in answer["citations"])


def test_a_sentence_that_follows_from_the_one_before_it_comes_with_that_sentence(tmp_path):
    """ "Why was the bridge closed?" best matches "As a result, the council closed the bridge…": the result,
    whose cause only the sentence before it says. That sentence comes with it, cited. "As a result of the
    flood, …" names its own cause and comes alone."""
    ask = _one_article_index(
        tmp_path,
        "River Crossing Shut\n\nThe Nightingale footbridge in Ostend has been in use since 1962. Engineers found "
        "deep cracks in two of the footbridge's steel cables during a survey in May. As a result, the council "
        "closed the Nightingale footbridge to all traffic for the summer.\n\nThe ferry across the harbour runs "
        "every twenty minutes. As a result of the storm, the ferry was cancelled on Sunday.\n",
    )
    answer = ask("Why did the council close the Nightingale footbridge?")
    assert _leads_with(answer, "As a result, the council")
    assert any("deep cracks" in c["quote"] for c in answer["citations"])
    ferry = ask("Why was the ferry cancelled on Sunday?")
    assert _leads_with(ferry, "As a result of the storm")
    assert not any("twenty minutes" in c["quote"] for c in ferry["citations"])


def test_a_sentence_that_says_this_comes_with_what_this_is(tmp_path):
    """ "Why did the mill close early?" best matches "The owner said that knowing this was coming made him shut
    early": what "this" is only the sentences before it say, and the one just before points back as well. Both
    come with it, cited."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Mill\n\nThe Lumen paper mill stood on the Orchid river for ninety years. In March the regional "
        "water board published a plan to divert the river to a new reservoir. It appears that this would have "
        "left the mill's wheels dry. The owner, Ana Lee, said that knowing this was coming made her close the "
        "mill early, in April.\n",
    )
    answer = ask("Why did Ana Lee close the Lumen mill early?")
    assert _leads_with(answer, "The owner, Ana Lee")
    assert any("divert the river" in c["quote"] for c in answer["citations"])


def test_whoever_opens_a_sentence_by_reporting_it_is_a_name_but_not_the_doer(tmp_path):
    """ "Reuters is reporting that an appeals court has lifted…" names the agency that reported it (its first
    word, though the article writes it nowhere else), and answers neither which court lifted the order nor who
    the ship's captain was."""
    ask = _one_article_index(
        tmp_path,
        "Ship Released\n\nThe container ship Orchid Star had been held in the Lumen Canal since March. Reuters is "
        "reporting that an appeals court has lifted the detention order on the Orchid Star, according to a "
        "lawyer. The ship is expected to sail on Wednesday.\n",
    )
    agency = ask("Which news agency reported that a court lifted the detention order on the Orchid Star?")
    assert _leads_with(agency, "Reuters is reporting")
    assert _refused(ask("Which court lifted the detention order on the Orchid Star?"))
    assert _refused(ask("What was the name of the Orchid Star's captain?"))


def test_a_surname_that_opens_a_sentence_answers_who(tmp_path):
    """ "Freund found the fault…" answers "Who found the fault?": the article writes Freund with a capital
    inside a sentence and never without one, so the capital that opens this sentence is his name's too. A
    word the article also writes in lower case ("Testers") is not a name there (tests/test_question.py)."""
    ask = _one_article_index(
        tmp_path,
        "Slow Logins\n\nThe database team at the bank hired the engineer Andres Freund in 2019. Freund found the "
        "fault in the login service while he was measuring its speed. Testers had missed it for months, as "
        "the testers ran the service on fast machines.\n",
    )
    answer = ask("Who found the fault in the login service?")
    assert _leads_with(answer, "Freund found the fault")


def test_a_date_question_leads_with_the_sentence_that_says_its_event(tmp_path):
    """ "When was the ferry service at Kaub started?": the cross-encoder prefers the sentence that names the
    ferry service at Kaub and dates its modernisation; the one that says it was started (in 1830) leads."""
    ask = _one_article_index(
        tmp_path,
        "Crossing the Rhine\n\nThe ferry service at Kaub, the oldest ferry service on the Middle Rhine, was "
        "modernised in 1952 with a diesel boat. The service was started in 1830 by a boatman with a rowing "
        "boat. Today the ferry carries cars every fifteen minutes.\n",
    )
    assert _leads_with(ask("When was the ferry service at Kaub started?"), "started in 1830")
    assert _leads_with(ask("When was the ferry service at Kaub modernised?"), "modernised in 1952")


def test_a_two_part_question_says_which_part_the_sources_do_not_answer(tmp_path):
    """ "How many crew…, and what was their nationality?" where the article gives the crew but no nationality:
    the answer gives the crew and says the second part is unanswered, rather than let the first part's answer
    pass for the whole. Both parts answered: nothing is said unanswered."""
    ask = _one_article_index(
        tmp_path,
        "Timber Freighter Sails\n\nThe freighter Nordlys left the harbour on Friday with a crew of 14 aboard. "
        "Its captain, Ines Vik, said the cargo of spruce timber would reach Hamburg on Monday.\n",
    )
    half = ask("How many crew were aboard the Nordlys, and what was their nationality?")
    assert _leads_with(half, "a crew of 14")
    assert half["unanswered"] == ["what was their nationality?"]
    both = ask("How many crew were aboard the Nordlys, and who was its captain?")
    assert both["refused"] is False and "Ines Vik" in both["answer"]
    assert both["unanswered"] == []
    shown = run_cli(
        "--index",
        str(tmp_path / "index"),
        "ask",
        "How many crew were aboard the Nordlys, and what was their nationality?",
    )
    assert "The sources don't answer this part: “what was their nationality?”" in " ".join(
        shown.stdout.split()
    )


def test_a_weekday_answers_when_but_not_what_year(tmp_path):
    """A news report dates its events by weekday: "…would reach Hamburg on Monday" answers "When would the
    timber reach Hamburg?", but not "In what year…"."""
    ask = _one_article_index(
        tmp_path,
        "Timber Freighter Sails\n\nThe freighter Nordlys left the harbour with a crew of 14 aboard. Its "
        "captain, Ines Vik, said the cargo of spruce timber would reach Hamburg on Monday.\n",
    )
    assert _leads_with(ask("When would the Nordlys's timber reach Hamburg?"), "on Monday")
    assert _refused(ask("In what year would the Nordlys's timber reach Hamburg?"))


def test_a_countrys_thing_written_as_a_name_is_still_that_countrys(tmp_path):
    """ "When was the Chilean embassy attacked?" is not answered by "…attacked the Peruvian Embassy in Lisbon on
    3 May": a capital "Embassy" is still an embassy, and it is Peru's. The Peruvian one is answered."""
    ask = _one_article_index(
        tmp_path,
        "Attack in Lisbon\n\nGunmen attacked the Peruvian Embassy in Lisbon on 3 May, wounding a guard. The "
        "Chilean ambassador, whose residence stands on the same street, condemned the attack. The police said "
        "the attackers fled in a stolen van.\n",
    )
    chilean = ask("When was the Chilean embassy in Lisbon attacked?")
    assert _refused(chilean)
    assert "Peruvian" in chilean["answer"]
    assert _leads_with(ask("When was the Peruvian embassy in Lisbon attacked?"), "3 May")


def test_a_paragraph_framed_as_a_quotation_is_that_persons_words(tmp_path):
    """A paragraph introduced by "…the writer Mara Quill wrote up a different take:" is Quill's words,
    though it never names her. Before, it was refused as reporting nothing she said."""
    ask = _one_article_index(
        tmp_path,
        "The Maintainer Debate\n\nMany voices blamed companies that never pay for the code they use. But the "
        "writer Mara Quill wrote up a different take:\n\nThe real issue with small libraries is that there is "
        "not enough work to keep a community around them. They were finished long ago.\n\nOthers disagreed.\n",
    )
    quill = ask("What did Mara Quill argue is the real issue with small libraries?")
    assert quill["refused"] is False
    assert "not enough work" in quill["sentences"][0]["text"]


def test_a_fact_of_the_asked_kind_far_weaker_than_the_passage_on_the_question_does_not_answer(
    tmp_path, monkeypatch
):
    """ "On what date did the court lift the detention order?": the sentence on the lifted order gives no
    date, and the date of the refloating, scored far below it, is another event's: a refusal. The gap is set
    to this small article's scores (the default, 8 logits, is for real articles, README's eval figures)."""
    ask = _one_article_index(
        tmp_path,
        "Ship News\n\nAn Egyptian court has lifted the detention order on the ship.\n\nThe ship was refloated "
        "on March 29 and is at anchor in the lake, not allowed to leave until damages are paid. Its crew of "
        "25 stayed aboard.\n",
    )
    question = "On what date did the court lift the detention order on the ship?"
    monkeypatch.setenv("ASSISTANT_ANSWER__UNFIT_GAP", "100")
    assert "March 29" in ask(question)["answer"]  # the rule off: the refloating's date answered
    monkeypatch.setenv("ASSISTANT_ANSWER__UNFIT_GAP", "5")
    answer = ask(question)
    assert _refused(answer) and "give no date" in answer["answer"]
    refloated = ask("On what date was the ship refloated?")
    assert refloated["refused"] is False and "March 29" in refloated["sentences"][0]["text"]


def test_a_name_that_types_the_asked_thing_may_come_from_the_article_when_the_sentence_names_that_thing(
    tmp_path,
):
    """ "Which Zarin hotel…" is answered by "The Orchid Hotel, a site popular with…" in an article about
    Zarin, though that sentence does not repeat the city: it names a hotel. Before, the city had to be in
    the sentence itself, as it must for "Which Ubuntu release…" against a sentence on Fedora."""
    ask = _articles_index(
        tmp_path,
        {
            "zarin.txt": "Attacks in the North\n\nGunmen have struck three times in Zarin this year, officials in "
            "the city said.\n\nSecurity forces were stretched thin across the northern provinces. The Orchid "
            "Hotel, a site popular with foreign traders, was recently targeted by the gunmen, some observers "
            "noted.\n",
            "tarsk.txt": "Floods in Tarsk\n\nHeavy rain flooded the lower town of Tarsk on Sunday. The river rose "
            "two metres overnight and the ferry stopped running.\n",
        },
    )
    answer = ask("Which Zarin hotel popular with foreign traders was targeted by the gunmen?")
    assert answer["refused"] is False
    assert "Orchid Hotel" in answer["sentences"][0]["text"]


def test_a_surname_in_the_question_holds_where_the_article_writes_the_given_name(tmp_path):
    """An article that names "Ana Lopes" once may go on with "Ana": "What led Lopes to notice…?" is answered
    by the sentence about Ana, and "What led Costa to notice…?" (no such person) is not."""
    ask = _one_article_index(
        tmp_path,
        "The Pump Station Leak\n\nEngineer Ana Lopes reported a leak at the river pump station on Monday. "
        "The water board closed the station the same day.\n\n"
        "Ana goes on to explain her findings in detail. She noticed the leak because she was measuring the "
        "flow at night, when the station should have been idle, and the meters kept turning.\n",
    )
    found = ask("What led Lopes to notice the leak at the pump station?")
    assert found["refused"] is False and "measuring the flow at night" in found["answer"]
    other = ask("What led Costa to notice the leak at the pump station?")
    assert other["refused"] is True


def test_names_may_open_with_a_capital_beyond_ascii_or_join_parts_by_a_colon():
    """ "Élysée Palace" is a name from its first letter, not "Palace"; "İRAM" is not "RAM"; a score's "AC:L"
    is one identifier, not "AC" and a sentence opened by "L"."""
    assert [n.text for n in find_names("Who spoke at the Élysée Palace on Monday?")] == ["Élysée Palace"]
    assert [n.text for n in find_names("When did İRAM publish the report?")] == ["İRAM"]
    assert [n.text for n in find_names("What does the AC:L component of the score stand for?")] == ["AC:L"]
    assert name_in(find_names("What does AC:L mean?")[0], "- AC:L (Attack Complexity: Low): it is easy.")
    assert not name_in(find_names("What does AC:L mean?")[0], "L stands for low.")


def test_an_and_before_an_owner_joins_two_names():
    """ "How do Changelog News and CNN's Monday round-up differ?" names two sources, not one called
    "Changelog News and CNN"; "Bank of England" keeps its connector."""
    texts = [n.text for n in find_names("How do Lumen News and Orchid's Monday round-up differ on airlines?")]
    assert texts[:2] == ["Lumen News", "Orchid's Monday"]
    assert [n.text for n in find_names("What did the Bank of England say?")] == ["Bank of England"]


def test_a_version_no_passage_names_is_refused_and_one_a_passage_names_is_answered(tmp_path):
    """A release timeline: each line is another version. "When did Lumen publish 2.4.2?" where the timeline
    stops at 2.4.1 is refused saying so, not answered from the 2.4.1 line or an unversioned one."""
    ask = _one_article_index(
        tmp_path,
        "Lumen release history\n\n2023-01-11: Ana Lee tags and builds Lumen 2.3.1, the last release she signs.\n\n"
        "2024-02-24: Tom Roe tags and builds Lumen 2.4.0 and publishes its tarball.\n\n"
        "2024-03-09: Tom Roe tags and builds Lumen 2.4.1 and publishes its tarball.\n\n"
        "2024-03-20: Tom Roe merges a commit that rewrites the test suite.\n",
    )
    missing = ask("When did Tom Roe publish Lumen version 2.4.2?")
    assert missing["refused"] is True and missing["citations"] == []
    assert "2.4.2" in missing["answer"] and "2.4.1" in missing["answer"]
    named = ask("When did Tom Roe publish Lumen 2.4.1?")
    assert named["refused"] is False and "2024-03-09" in named["answer"]


def test_an_event_asked_by_its_verb_is_told_by_its_noun(tmp_path):
    """ "When did Orchid Air sue Lumen?" is answered by "…filed a lawsuit against Lumen on Oct. 25…": the
    noun says the verb's deed, where one is no form of the other."""
    assert next(uses_of("die", "After her death in 1402 the duchy passed to her son."), None)
    assert next(uses_of("sue", "Orchid Air filed a complaint with the regulator."), None) is None
    ask = _one_article_index(
        tmp_path,
        "Lumen outage\n\nLumen's faulty update crashed Orchid Air's booking systems on July 19, 2024, and the "
        "airline cancelled 7,000 flights over five days.\n\nOrchid Air filed a lawsuit against Lumen on Oct. "
        "25, 2024, over the outage, which it says cost it $500 million.\n",
    )
    sued = ask("When did Orchid Air sue Lumen over the outage?")
    assert sued["refused"] is False and "Oct. 25" in sued["answer"].split("[1]")[0]


def test_a_roundup_items_paragraphs_are_the_person_its_opening_names(tmp_path):
    """A newsletter item: a heading, "Ana Lee sprinkles some optimism…", her quoted paragraphs and "He goes
    on:" lines. Her call to action, paragraphs below her name, answers what she wants; another item's person
    does not borrow her words. Before, the call to action was refused as not about her."""
    ask = _one_article_index(
        tmp_path,
        "Weekly Notes\n\nNo more grey Mondays\n\nAna Lee sprinkles some optimism on the wreckage left behind "
        "by last week's outage.\n\nFor servers, the vendor was already moving its agent to a sandbox, which is "
        "immune to such crashes.\n\nShe goes on:\n\nThe worst a sandboxed agent can do is waste memory and "
        "processor time.\n\nAnd finishes with a call to action:\n\nIf your company buys software that loads "
        "drivers into the kernel, you can make sandboxing a requirement of the contract.\n\nRust is not for "
        "everything\n\nTom Roe argues that no single language should run a whole industry.\n\nHe warns that a "
        "monoculture of tools fails all at once.\n",
    )
    lee = ask("What does Ana Lee want companies that buy software with kernel drivers to require?")
    assert lee["refused"] is False
    assert "make sandboxing a requirement" in lee["sentences"][0]["text"]
    roe = ask("What does Tom Roe want companies that buy software with kernel drivers to require?")
    assert not any("sandboxing" in s["text"] for s in roe["sentences"])


def test_a_number_word_before_a_noun_is_no_other_owner_of_it(tmp_path):
    """ "One seller, Ana Lee, told…" answers "Which Orchid seller told…": "One" opens the sentence with a capital
    but is a number, not another marketplace's seller. Before, it was refused as about "the One seller"."""
    ask = _one_article_index(
        tmp_path,
        "Orchid Payouts Delayed\n\nOrchid, the craft marketplace, said payouts to its sellers would be late "
        "after its bank failed. One seller, Ana Lee, told the Lisbon Herald the delay could ruin her shop.\n",
    )
    answer = ask("Which Orchid seller told the Lisbon Herald that the delay could ruin her shop?")
    assert answer["refused"] is False, answer["answer"]
    assert "Ana Lee" in answer["sentences"][0]["text"]


def test_a_comparison_of_two_named_people_cites_each_of_them(tmp_path):
    """ "How do Ana Lee and Tom Roe differ on the bridge toll?": each article holds one of them, so the
    answer must quote both, not only the one whose article also names the other."""
    ask = _articles_index(
        tmp_path,
        {
            "lee.txt": "Toll Debate in Lisbon\n\nThe city council met on Monday to discuss the new bridge toll. "
            "Ana Lee, who chairs the transport committee, said the bridge toll should be halved for commuters. "
            "Tom Roe was not at the meeting.\n",
            "roe.txt": "Porto Weighs In\n\nThe regional press covered the debate at length. Tom Roe, an economist "
            "in Porto, argued that the bridge toll must rise to pay for repairs. He has written on tolls for a "
            "decade.\n",
        },
    )
    answer = ask("How do Ana Lee and Tom Roe differ on the bridge toll?")
    assert answer["refused"] is False, answer["answer"]
    texts = " ".join(s["text"] for s in answer["sentences"])
    assert "should be halved" in texts, answer["answer"]
    assert "must rise" in texts, answer["answer"]


def test_an_airline_asked_about_is_held_only_by_its_own_clause_its_own_name_and_its_own_day(tmp_path):
    """ "…while Lumen Airlines has canceled almost 300" answers for Lumen, though Orchid canceled first in
    the sentence; "Orchid Airlines" does not hold "Lumen Airlines" by their shared generic word; and a count
    set on Saturday by its paragraph, in a piece that never names Sunday, is no Sunday figure."""
    ask = _one_article_index(
        tmp_path,
        "Flights Grounded\n\nAs of noon on Saturday, thousands of flights were delayed. Orchid Airlines has "
        "canceled more than 500 flights, while Lumen Airlines has canceled almost 300, according to a flight "
        "tracker.\n\nOrchid Airlines paused all its flights on Friday. More than 1,200 Orchid flights were "
        "canceled in all.\n",
    )
    lumen = ask("How many flights did Lumen Airlines cancel?")
    assert lumen["refused"] is False and "almost 300" in lumen["answer"]
    sunday = ask("How many flights did Lumen Airlines cancel on Sunday?")
    assert sunday["refused"] is True and "Sunday" in sunday["answer"]


def test_a_yes_no_question_about_a_thing_of_a_name_needs_its_verb(tmp_path):
    """ "Will the management of Orchid be fired?" asks whether a firing is said; before, the subject "the
    management of Orchid" hid the verb and any Orchid sentence answered it. "be" is an auxiliary, not the verb;
    a sentence that says the firing of someone else's managers answers the question about them."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank Seized\n\nRegulators seized Lumen Bank on Friday. The management of the bank will be fired, "
        "the regulator said.\n\nDepositors were told their money was safe. Small firms were relieved.\n\n"
        "Orchid, a craft marketplace, kept a third of its cash at Lumen Bank. Orchid said its sellers would be "
        "paid late.\n",
    )
    orchid = ask("Will the management of Orchid be fired?")
    assert orchid["refused"] is True, orchid["answer"]
    bank = ask("Will the management of Lumen Bank be fired?")
    assert bank["refused"] is False and "will be fired" in bank["answer"], bank["answer"]


def test_over_the_weekend_answers_when(tmp_path):
    """ "…and over the weekend, it took control of Orchid Bank" dates the step as "on Sunday" would; before, a
    "when" question found no date in it and was refused."""
    ask = _one_article_index(
        tmp_path,
        "Two Banks Seized\n\nThe regulator took control of Lumen Bank on Friday. And over the weekend, it took "
        "control of Orchid Bank's assets. Depositors were told their money was safe.\n",
    )
    answer = ask("When did the regulator take control of Orchid Bank?")
    assert answer["refused"] is False, answer["answer"]
    assert "over the weekend" in answer["sentences"][0]["text"], answer["answer"]


def test_who_is_the_role_of_a_name_is_answered_only_where_the_role_is_said(tmp_path):
    """ "Who was the captain of the Orchid?" is answered by the sentence naming its captain, not by one naming
    someone else about the ship; and a vice president is not the president asked for."""
    ask = _one_article_index(
        tmp_path,
        "Ship Aground at Porto\n\nThe container ship Orchid ran aground near Porto on Monday. Shippers with cargo "
        "aboard the Orchid face long waits, Ana Lee of the freight forwarders' association said. Lumen's Vice "
        "President for Shipping, Tom Roe, said the company would pay for the salvage.\n",
    )
    captain = ask("Who was the captain of the Orchid?")
    assert captain["refused"] is True, captain["answer"]
    president = ask("Who is the president of Lumen?")
    assert president["refused"] is True, president["answer"]
    deputy = ask("Who is the vice president for shipping at Lumen?")
    assert deputy["refused"] is False and "Tom Roe" in deputy["answer"], deputy["answer"]


def test_a_year_that_names_another_event_dates_nothing_asked(tmp_path):
    """ "When did Lumen Bank fail?" is not answered by "…the largest collapse since the 2008 crisis", nor "When
    did Ana Lee publish her map?" by "…dwarfed the Orchid event from 2020": those years name other events. A
    year that names the asked thing ("the 1983 founding of the bank") still dates it."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank Falls\n\nRegulators took over Lumen Bank amid the largest collapse since the 2008 crisis. "
        "Ana Lee, a researcher at Orchid, published a map of the damage that dwarfed the Porto event from 2020. "
        "Depositors queued outside branches in Lisbon. The bank's story began with the 1983 founding of the bank "
        "by Tom Roe.\n",
    )
    fail = ask("When did Lumen Bank fail?")
    assert fail["refused"] is True, fail["answer"]
    published = ask("When did Ana Lee publish her map?")
    assert published["refused"] is True, published["answer"]
    founded = ask("When was the bank founded?")
    assert founded["refused"] is False and "1983" in founded["answer"], founded["answer"]


def test_the_first_one_to_do_a_thing_must_be_said_to_be_first(tmp_path):
    """ "What was the first ship to leave Porto after the strike?" is answered by the sentence that says which
    ship was first, not by one naming a ship that left: the order is part of what is asked."""
    ask = _one_article_index(
        tmp_path,
        "Porto Strike Ends\n\nThe dock strike at Porto ended on Monday. The Orchid, a container ship, left Porto "
        "after the strike with a full load. Tugs from Lisbon helped clear the queue.\n",
    )
    first = ask("What was the first ship to leave Porto after the strike?")
    assert first["refused"] is True, first["answer"]
    said = _one_article_index(
        tmp_path / "said",
        "Porto Strike Ends\n\nThe dock strike at Porto ended on Monday. The Orchid, a container ship, was the "
        "first to leave Porto after the strike. Tugs from Lisbon helped clear the queue.\n",
    )("What was the first ship to leave Porto after the strike?")
    assert said["refused"] is False and "Orchid" in said["answer"], said["answer"]


def test_a_weight_or_a_currency_asked_for_is_the_one_answered(tmp_path):
    """ "How much did the Orchid weigh?" asks a weight: "…is 300 meters long" is no answer, "…weighs 200,000
    tonnes" is. "How much … in euros?" is not answered by a sum in dollars."""
    ask = _one_article_index(
        tmp_path,
        "The Orchid at Porto\n\nThe container ship Orchid is 300 meters long and can carry 20,000 containers. "
        "Lumen, its owner, kept $40 million in reserve for repairs at Porto.\n",
    )
    weight = ask("How much did the Orchid weigh?")
    assert weight["refused"] is True, weight["answer"]
    euros = ask("How much did Lumen keep in reserve for repairs in euros?")
    assert euros["refused"] is True, euros["answer"]
    dollars = ask("How much did Lumen keep in reserve for repairs?")
    assert dollars["refused"] is False and "$40 million" in dollars["answer"], dollars["answer"]
    weighed = _one_article_index(
        tmp_path / "weighed",
        "The Orchid at Porto\n\nThe container ship Orchid is 300 meters long. Fully loaded, the Orchid weighs "
        "200,000 tonnes.\n",
    )("How much did the Orchid weigh?")
    assert weighed["refused"] is False and "200,000 tonnes" in weighed["answer"], weighed["answer"]


def test_where_a_thing_is_based_built_or_lives_is_a_place_said_to_be_its_seat(tmp_path):
    """ "Where is Lumen Bank based?" is not answered by "Before I leave for Lisbon, …Lumen Bank": the place
    must be the bank's seat ("Porto-based Lumen Bank"); "Where does Ana Lee live?" needs her home, not any
    sentence naming her."""
    ask = _one_article_index(
        tmp_path,
        "Remarks on Lumen Bank\n\nBefore I leave for Lisbon, I want to speak about Lumen Bank. Ana Lee, who ran "
        "the bank's lending desk, resigned on Friday.\n",
    )
    based = ask("Where is Lumen Bank based?")
    assert based["refused"] is True, based["answer"]
    lives = ask("Where does Ana Lee live?")
    assert lives["refused"] is True, lives["answer"]
    said = _one_article_index(
        tmp_path / "said",
        "Remarks on Lumen Bank\n\nBefore I leave for Lisbon, I want to speak about Lumen Bank. The Porto-based "
        "Lumen Bank was closed by regulators on Friday.\n",
    )("Where is Lumen Bank based?")
    assert said["refused"] is False and "Porto-based" in said["answer"], said["answer"]


def test_a_run_of_pronouns_is_about_the_one_named_before_it(tmp_path):
    """ "…a profile of somebody named Ana Lee. Their bio boasts of… They claim to live in Lisbon." answers
    "Where does Ana Lee claim to live?": the pronouns go on about her, two sentences on, and the answer shows
    the sentence that names her."""
    ask = _one_article_index(
        tmp_path,
        "Who Is Behind the Account?\n\nI have received a few emails alerting me to a profile of somebody named "
        "Ana Lee. Their bio boasts of large-scale vulnerability management. They claim to live in Lisbon. "
        "Is this our man?\n",
    )
    answer = ask("Where does Ana Lee claim to live?")
    assert answer["refused"] is False and "live in Lisbon" in answer["sentences"][0]["text"], answer["answer"]
    assert any("named Ana Lee" in s["text"] for s in answer["sentences"]), answer["answer"]


def test_a_refusal_names_the_like_named_thing_the_passage_is_about(tmp_path):
    """ "How much cash did Orchid have at Lumen Bank?" where the article says Porto Bank: the refusal says the
    passage is about Porto Bank (a name that shares "Bank"), not about the regulator it also names."""
    ask = _one_article_index(
        tmp_path,
        "Cash at Risk\n\nOrchid had $3 billion, about 5 percent of its cash, at Porto Bank, the company told the "
        "Lisbon Exchange Commission.\n",
    )
    answer = ask("How much cash did Orchid have at Lumen Bank?")
    assert answer["refused"] is True, answer["answer"]
    assert "about Porto Bank, not Lumen Bank" in answer["answer"], answer["answer"]


def test_a_figure_before_a_time_unit_counts_no_other_thing(tmp_path):
    """ "Several minutes later, the regulator says flights from Orchid Air have been grounded" gives no count of
    flights: "several" counts minutes."""
    ask = _one_article_index(
        tmp_path,
        "Flights Grounded\n\nThe regulator grounded Lumen Air flights on Friday morning. Several minutes later, "
        "the regulator says flights from Orchid Air have been grounded regardless of their destination.\n",
    )
    answer = ask("How many flights did Orchid Air cancel on Friday?")
    assert answer["refused"] is True, answer["answer"]


def test_a_yes_no_question_with_a_lower_case_subject_needs_its_verb(tmp_path):
    """ "Did the Orchid sink?" and "Was anyone injured when the Orchid ran aground?" ask whether a sinking or an
    injury is said: sentences on the grounding answer neither. A "was it wider or narrower" question asks no
    verb, and is still answered."""
    ask = _one_article_index(
        tmp_path,
        "Ship Aground at Porto\n\nThe container ship Orchid ran aground near Porto on Monday in high winds. The "
        "Orchid, 59 meters wide, was wider than the 50-meter limit for ships of its draft. Tugs from Lisbon "
        "worked through the night to free it.\n",
    )
    sink = ask("Did the Orchid sink?")
    assert sink["refused"] is True, sink["answer"]
    hurt = ask("Was anyone injured when the Orchid ran aground?")
    assert hurt["refused"] is True, hurt["answer"]
    wider = ask("Was the Orchid wider or narrower than the limit for ships of its draft?")
    assert wider["refused"] is False and "wider than" in wider["answer"], wider["answer"]


def test_a_founding_or_a_birth_is_dated_only_by_a_sentence_that_says_it(tmp_path):
    """ "When was Lumen founded?" is not answered by the date Lumen testified, however sure the cross-encoder is
    that a dated sentence about the firm answers it (nor a birth or an appointment); a sentence that says the
    founding (or "established") does."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Before the Council\n\nOn May 2, 2024, Lumen testified in a hearing held by the Porto council on "
        "the outage. The firm's chief executive, Ana Lee, apologised for the faulty update.\n",
    )
    founded = ask("When was Lumen founded?")
    assert founded["refused"] is True, founded["answer"]
    born = ask("When was Ana Lee born?")
    assert born["refused"] is True, born["answer"]
    appointed = ask("When was Ana Lee appointed chief executive?")
    assert appointed["refused"] is True, appointed["answer"]
    ask = _one_article_index(
        tmp_path / "b",
        "Lumen Before the Council\n\nOn May 2, 2024, Lumen testified in a hearing held by the Porto council on "
        "the outage. Lumen was established in 2011 by Ana Lee and Tom Roe in Lisbon.\n",
    )
    founded = ask("When was Lumen founded?")
    assert founded["refused"] is False and "2011" in founded["answer"], founded["answer"]


def test_a_which_question_on_a_possessor_asks_for_the_possessor(tmp_path):
    """ "Which City Hall body's spokesperson…" asks for the body, not a person: a sentence naming the council
    whose spokesperson spoke answers it."""
    ask = _one_article_index(
        tmp_path,
        "Outage Timeline\n\nBetween 6 and 7 a.m.: A Lisbon City Hall National Audit Council spokesperson tells "
        "the Porto Times they are aware of the incident and are looking into it. Later, flights resumed at Porto.\n",
    )
    answer = ask(
        "Which Lisbon City Hall body's spokesperson told the Porto Times it was aware of the incident?"
    )
    assert answer["refused"] is False and "National Audit Council" in answer["answer"], answer["answer"]


def test_what_onlookers_said_is_not_what_the_asked_speaker_said(tmp_path):
    """ "What did Lisbon say about the attack on the Orchid Hotel?" is not answered by "…, some observers noted";
    what the observers said still answers a question about them."""
    ask = _one_article_index(
        tmp_path,
        "Hotel Attack\n\nThe Orchid Hotel, a site often visited by Lisbon's trade envoys, was attacked on Monday, "
        "marking the start of a new phase of unrest in Porto, some observers noted. Police closed the street.\n",
    )
    lisbon = ask("What did Lisbon say about the attack on the Orchid Hotel?")
    assert lisbon["refused"] is True, lisbon["answer"]
    observers = ask("What did observers say about the attack on the Orchid Hotel?")
    assert observers["refused"] is False and "new phase" in observers["answer"], observers["answer"]


def test_who_founded_or_bought_a_thing_is_answered_only_by_a_sentence_that_says_so(tmp_path):
    """ "Who bought Porto Bank?" is not answered by the regulator that took control of it, nor "Who founded
    Lumen?" by its chief executive's dated remarks; "its founder, Ana Lee" and "…agreed to buy…" answer them."""
    ask = _one_article_index(
        tmp_path,
        "Bank Failure\n\nOn Friday, the Lisbon regulator took control of Porto Bank's assets. Lumen chief "
        "executive Tom Roe said on Monday that Lumen had moved its cash out of Porto Bank.\n",
    )
    bought = ask("Who bought Porto Bank?")
    assert bought["refused"] is True, bought["answer"]
    founded = ask("Who founded Lumen?")
    assert founded["refused"] is True, founded["answer"]
    ask = _one_article_index(
        tmp_path / "b",
        "Bank Failure\n\nOn Friday, the Lisbon regulator took control of Porto Bank's assets. On Sunday, Orchid "
        "Trust agreed to buy Porto Bank's deposits and loans. Lumen's founder, Ana Lee, moved its cash out.\n",
    )
    bought = ask("Who bought Porto Bank?")
    assert bought["refused"] is False and "Orchid Trust" in bought["answer"], bought["answer"]
    founded = ask("Who founded Lumen?")
    assert founded["refused"] is False and "Ana Lee" in founded["answer"], founded["answer"]


def test_what_a_named_other_said_is_not_what_the_asked_speaker_said(tmp_path):
    """ "What did Orchid Air say about the lawsuit?" is not answered by "In the suit, Lumen said…", nor "What did
    Lisbon say…?" by a sentence whose only "speech" is the name "Porto State Council"; Lumen's words answer what
    Lumen said."""
    ask = _one_article_index(
        tmp_path,
        "The Lawsuit\n\nOn Monday, Orchid Air filed a lawsuit against Lumen over the outage. In the suit, Lumen "
        "said any damages Orchid Air suffered were the result of its own negligence.\n\nThe Porto State Council "
        "closed the port in Lisbon on Tuesday for the rest of the week.\n",
    )
    orchid = ask("What did Orchid Air say about Lumen's damages claim in the suit?")
    assert orchid["refused"] is True, orchid["answer"]
    lisbon = ask("What did Lisbon say about the port closure?")
    assert lisbon["refused"] is True, lisbon["answer"]
    lumen = ask("What did Lumen say about the damages in the suit?")
    assert lumen["refused"] is False and "own negligence" in lumen["answer"], lumen["answer"]


def test_a_name_holds_with_another_word_for_its_kind(tmp_path):
    """ "the Lisbon-Porto Act" is the article's "Lisbon-Porto Law": a word that says what kind of thing a name
    is (a law, a firm) does not make it another thing, as "Lumen Bank" is another bank than "Porto Bank"."""
    ask = _one_article_index(
        tmp_path,
        "Bank Rules\n\nIn 2010 the council put tough requirements on banks like Porto Bank, including the "
        "Lisbon-Porto Law, to make sure the crisis of 2008 would not happen again.\n",
    )
    act = ask("What did the Lisbon-Porto Act require of banks?")
    assert act["refused"] is False and "Lisbon-Porto Law" in act["answer"], act["answer"]
    other = ask("What did the Lisbon-Porto Act require of Lumen Bank?")
    assert other["refused"] is True, other["answer"]


def test_a_deed_done_to_the_asked_doer_is_the_question_turned_round(tmp_path):
    """ "Who did Lumen encourage to move south?" is not answered by "Lumen traders were first encouraged to move
    south by Orchid": there it is done to them. Refused, saying so; the deed the right way round answers."""
    ask = _one_article_index(
        tmp_path,
        "Traders of the Coast\n\nLumen traders were first encouraged to move south by the Orchid guilds to act "
        "against Porto, but they soon fought for Porto in Lisbon.\n",
    )
    turned = ask("Who did Lumen encourage to move south?")
    assert turned["refused"] is True, turned["answer"]
    assert "what was done to Lumen" in turned["answer"], turned["answer"]
    right = ask("Who encouraged the Lumen traders to move south?")
    assert right["refused"] is False and "Orchid guilds" in right["answer"], right["answer"]


def test_being_responsible_is_no_statement(tmp_path):
    """ "What did the Lisbon council say about the closure?" is not answered by "The Lisbon council is
    responsible for the port's security…": a word that starts like "respond" or "reason" says nothing said."""
    ask = _one_article_index(
        tmp_path,
        "Port Closure\n\nThe Lisbon council is responsible for security at the Porto ferry port, a reasonable "
        "arrangement. Its guards closed the port on Monday after the storm.\n",
    )
    answer = ask("What did the Lisbon council say about the port closure?")
    assert answer["refused"] is True, answer["answer"]


def test_a_sum_answers_only_as_the_kind_of_sum_asked(tmp_path):
    """ "How much revenue did Lumen Air lose?" is not answered by "…cost Lumen Air about $40 million", nor "What
    were Orchid Bank's total assets?" by "Lumen Air had $2 billion … at Orchid Bank": a figure answers as the
    sum asked for, in any of its words ("sales" for revenue, "had … of its cash at" for deposits)."""
    ask = _one_article_index(
        tmp_path,
        "Airline Hit by Bank Failure\n\nThe collapse of Orchid Bank cost Lumen Air about $40 million, the airline "
        "said on Monday. Lumen Air had $2 billion, about a third of its cash, at Orchid Bank.\n",
    )
    lost = ask("How much revenue did Lumen Air lose because of the bank's collapse?")
    assert lost["refused"] is True, lost["answer"]
    assert "revenue" in lost["answer"], lost["answer"]
    assets = ask("What were Orchid Bank's total assets?")
    assert assets["refused"] is True, assets["answer"]
    held = ask("How much did Lumen Air have in deposits at Orchid Bank?")
    assert held["refused"] is False and "$2 billion" in held["sentences"][0]["text"], held["answer"]
    ask = _one_article_index(
        tmp_path / "b",
        "Record Year for Lumen Air\n\nLast year Lumen Air's sales reached $9 billion, a record for the Porto "
        "carrier.\n",
    )
    sales = ask("How much revenue did Lumen Air make last year?")
    assert sales["refused"] is False and "$9 billion" in sales["sentences"][0]["text"], sales["answer"]


def test_a_body_asked_by_its_kind_is_said_to_be_one(tmp_path):
    """ "Which government agency closed Lumen Bank?" is not answered by "Orchid Capital, a Porto fund, forced
    Lumen Bank shut": the sentence names no agency. A bank may be called an institution, and a news agency is
    named by its name alone."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank Fails\n\nOrchid Capital, a Porto fund, forced Lumen Bank shut on Friday, the Lisbon Courier "
        "reported. Ana Lee said the collapse of Lumen Bank was long expected.\n\nOn Monday, Vega, another "
        "institution popular with farmers, collapsed too.\n",
    )
    agency = ask("Which government agency forced Lumen Bank shut?")
    assert agency["refused"] is True, agency["answer"]
    bank = ask("Which bank collapsed on Monday?")
    assert bank["refused"] is False and "Vega" in bank["sentences"][0]["text"], bank["answer"]
    news = ask("Which news agency reported that Lumen Bank was forced shut?")
    assert news["refused"] is False and "Lisbon Courier" in news["sentences"][0]["text"], news["answer"]


def test_how_many_times_is_answered_by_times(tmp_path):
    """ "How many times was the 2.4.0 package downloaded?" is not answered by "One part of the flaw is only in
    the 2.4.1 and 2.4.2 packages": "how many times" asks "N times", "once" or "twice", which is a figure."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Editor Flaw\n\nOne part of the flaw is only in the 2.4.1 and 2.4.2 packages of Lumen Editor. "
        "Tom Roe, who found it, reinstalled the editor twice before he was sure.\n",
    )
    downloads = ask("How many times was the Lumen Editor 2.4.0 package downloaded?")
    assert downloads["refused"] is True, downloads["answer"]
    twice = ask("How many times did Tom Roe reinstall the editor?")
    assert twice["refused"] is False and "twice" in twice["sentences"][0]["text"], twice["answer"]


def test_an_office_is_held_by_a_person_not_by_a_body_named_beside_it(tmp_path):
    """ "Who held the post of Lisbon special envoy before Tom Roe?" is not answered by "…special envoy Tom
    Roe's remarks put the Orchid government in trouble": the Orchid government holds no office."""
    ask = _one_article_index(
        tmp_path,
        "Envoy Remarks\n\nThe recent Lisbon special envoy Tom Roe's remarks about the talks put the Orchid "
        "government in trouble last week. The Porto envoy, Ana Lee, met him on Monday.\n",
    )
    before = ask("Who held the post of Lisbon special envoy before Tom Roe?")
    assert before["refused"] is True, before["answer"]
    porto = ask("Who is the Porto envoy?")
    assert porto["refused"] is False and "Ana Lee" in porto["sentences"][0]["text"], porto["answer"]


def test_whose_voice_a_piece_is_in_may_be_named_anywhere_in_it(tmp_path):
    """ "Which rivalry does the Lisbon finance professor cite…?" is answered by her column's sentence on the
    rivalry: the piece says once who she is, not in every sentence."""
    ask = _one_article_index(
        tmp_path,
        "Why the Port Matters\n\nAna Lee is a professor of finance at Lisbon University.\n\nThe port is an engine "
        "of growth and a key to the region's security, especially given the rivalry between Porto and "
        "Orchid.\n\nIf the council decides it must help the port, it should act soon.\n",
    )
    rivalry = ask(
        "Which rivalry does the Lisbon finance professor cite when calling the port an engine of growth?"
    )
    assert rivalry["refused"] is False, rivalry["answer"]
    assert "rivalry between Porto and Orchid" in rivalry["sentences"][0]["text"], rivalry["answer"]


def test_a_month_that_ends_the_question_is_named_without_its_full_stop():
    # "…what Ana Lee told the council in September." was refused "about September.: the closest passage…"
    miss = unmet_constraint(
        analyse("What did Ana Lee tell the council in September."),
        "Ana Lee told the council in March that the port would close.",
        "Ana Lee told the council in March that the port would close.",
    )
    assert miss is not None and miss.wanted == "September" and miss.found == "March", miss


def test_a_possessor_in_the_clause_does_not_do_the_deed(tmp_path):
    """ "Which agency insured Lumen's deposits?" is answered by "The Porto Deposit Office, the government
    agency charged with Lumen's workout and insuring some of its deposits, …": Lumen owns the workout,
    it insures nothing; the deed is not turned round."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Fails\n\nLumen, a Porto bank, failed on Friday. The Porto Deposit Office, the government agency charged "
        "with Lumen's workout and insuring some of its deposits, said depositors would be paid on Monday.\n",
    )
    answer = ask("Which agency insured Lumen's deposits?")
    assert answer["refused"] is False and "Porto Deposit Office" in answer["sentences"][0]["text"], answer[
        "answer"
    ]


def test_declaring_bankruptcy_is_a_deed_not_a_statement(tmp_path):
    """ "What did Lumen say when it declared bankruptcy?" is not answered by "Lumen, the Porto shipowner, has
    declared bankruptcy": declaring a thing is a deed; "declared that…" is speech."""
    ask = _one_article_index(
        tmp_path,
        "Shipowner Fails\n\nLumen, the Porto shipowner, has declared bankruptcy after the storm. Its rival Orchid "
        "declared that it would buy the fleet.\n",
    )
    deed = ask("What did Lumen say when it declared bankruptcy?")
    assert deed["refused"] is True, deed["answer"]
    said = ask("What did Orchid declare about the fleet?")
    assert said["refused"] is False and "would buy the fleet" in said["sentences"][0]["text"], said["answer"]


def test_an_unnamed_person_of_the_asked_kind_answers_no_which_question(tmp_path):
    """ "Which Orchid engineer found the flaw?" is not answered by "…a lone Orchid developer found a flaw in
    Lumen Editor…": the Orchid developer stands for the engineer asked about, and no name stands beside
    them. "Ana Lee, an Orchid developer, …" answers."""
    ask = _one_article_index(
        tmp_path,
        "Editor Flaw\n\nOn Friday, a lone Orchid developer found a flaw in Lumen Editor, which runs on most "
        "Porto Linux machines.\n",
    )
    unnamed = ask("Which Orchid engineer found the flaw?")
    assert unnamed["refused"] is True, unnamed["answer"]
    ask = _one_article_index(
        tmp_path / "b",
        "Editor Flaw\n\nOn Friday, Ana Lee, an Orchid developer, found a flaw in Lumen Editor, which runs on most "
        "Porto Linux machines.\n",
    )
    named = ask("Which Orchid engineer found the flaw?")
    assert named["refused"] is False and "Ana Lee" in named["sentences"][0]["text"], named["answer"]


def test_a_count_of_one_countrys_things_does_not_answer_worldwide(tmp_path):
    """ "How many flights were delayed worldwide on Sunday?" is not answered by "…9,900 Portuguese flights were
    delayed…": the count is one country's. A count that says the world answers."""
    ask = _one_article_index(
        tmp_path,
        "Outage Grounds Flights\n\nOn Sunday, more than 9,900 Portuguese flights were delayed by the Lumen "
        "outage, Orchid Data said.\n",
    )
    worldwide = ask("How many flights were delayed worldwide on Sunday?")
    assert worldwide["refused"] is True, worldwide["answer"]
    ask = _one_article_index(
        tmp_path / "b",
        "Outage Grounds Flights\n\nOn Sunday, more than 21,000 flights were delayed around the world by the Lumen "
        "outage, Orchid Data said.\n",
    )
    world = ask("How many flights were delayed worldwide on Sunday?")
    assert world["refused"] is False and "21,000" in world["sentences"][0]["text"], world["answer"]


def test_a_month_before_the_asked_thing_dates_it(tmp_path):
    """ "…under the July settlement?" asks for July's, as "in July" does: the sum of a settlement in a paragraph
    that opens "In March…" does not answer it. The March question is answered by that sum."""
    ask = _one_article_index(
        tmp_path,
        "The Orchid Affair\n\nThe cargo ship Orchid ran aground outside the port of Lisbon in March and blocked "
        "the harbour for a week. In March the owners agreed a first settlement with the port authority. Under "
        "that settlement, the owners paid the port authority $12 million for the lost fees.\n\nTalks on the "
        "damage to the quay went on for months. In July the owners and the port authority reached a second "
        "settlement over the quay. The amount of the second settlement has not been announced.\n",
    )
    for question in (
        "How much did the owners pay the port authority under the July settlement?",
        "How much did the owners pay the port authority in July?",
    ):
        july = ask(question)
        assert july["refused"] is True, (question, july["answer"])
    march = ask("How much did the owners pay the port authority under the March settlement?")
    assert march["refused"] is False and "$12 million" in march["sentences"][0]["text"], march["answer"]


def test_a_roundup_items_subject_is_read_after_its_the(tmp_path):
    """Under the heading "Faster pages", "The Orchid team shipped a new editor…" makes the item Orchid's: its
    later paragraph ("Page load times fell by 20 percent…") answers a question about Orchid. The name was lost
    where "The" was cut before reading names, leaving Orchid to open the line."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Weekly\n\nFaster pages\n\nThe Orchid team shipped a new editor this week, built on the Vega "
        "engine. Users had waited two years for it.\n\nReviewers liked the new toolbar. Page load times fell by "
        "20 percent in all modern browsers.\n\nPorto floods\n\nThe river rose by two metres on Monday.\n",
    )
    answer = ask("By how much did page load times fall for Orchid users?")
    assert answer["refused"] is False and "20 percent" in answer["sentences"][0]["text"], answer["answer"]


def test_a_name_after_pay_for_is_a_constraint_of_its_own(tmp_path):
    """ "How much did Vega pay for Lumen?" names two things the answer must be about. The "or" ending "for"
    was read as a conjunction, making Vega and Lumen alternatives, so a sum about Lumen alone answered it
    though no passage names Vega."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank fails\n\nLumen Bank was closed by regulators in Lisbon on Friday. The streaming firm Orchid "
        "had nearly $500 million, a quarter of its cash, at Lumen Bank, it said in a filing.\n\nAna Lee, who "
        "leads the bank, said its depositors would be paid in full.\n",
    )
    vega = ask("How much did Vega pay for Lumen Bank?")
    assert vega["refused"] is True and "Vega" in vega["answer"], vega["answer"]
    orchid = ask("How much money did Orchid have at Lumen Bank?")
    assert orchid["refused"] is False and "$500 million" in orchid["sentences"][0]["text"], orchid["answer"]


def test_an_officers_acronym_holds_where_prose_spells_it_out(tmp_path):
    """ "…did Orchid's senior VP predict?" is about the person the article calls "senior vice president"; the
    acronym as a name of its own found no passage that mentions it."""
    ask = _one_article_index(
        tmp_path,
        "Orchid Labs and the outage\n\nThe outage hit blood testing across Lisbon. “There is going to be a "
        "12-24 hour delay in getting the test results,” Orchid Labs senior vice president Ana Lee told "
        "reporters on Friday.\n\nCouriers drove the samples to Porto instead of flying them.\n",
    )
    vp = ask("How long a delay in test results did Orchid Labs' senior VP predict?")
    assert vp["refused"] is False and "12-24 hour" in vp["sentences"][0]["text"], vp["answer"]
    cfo = ask("How long a delay in test results did Orchid Labs' CFO predict?")
    assert cfo["refused"] is True, cfo["answer"]


def test_a_participle_opening_a_question_is_no_part_of_the_name_after_it(tmp_path):
    """ "Taking Orchid's account together, who…?" asks about Orchid: "Taking Orchid's" was read as one name,
    which no passage holds, and the question was refused as about "Taking Orchid"."""
    ask = _one_article_index(
        tmp_path,
        "The Lisbon blackout\n\nOrchid Power said a fault at its Porto substation cut power to Lisbon for six "
        "hours on Monday. Orchid Power's engineers traced the fault to a cooling pump that failed.\n\nThe city's "
        "mayor, Ana Lee, said hospitals ran on backup generators throughout.\n",
    )
    taking = ask("Taking Orchid's account, what failed at the Porto substation?")
    assert taking["refused"] is False and "cooling pump" in taking["answer"], taking["answer"]


def test_a_role_asked_as_a_casualty_needs_a_sentence_about_that_harm(tmp_path):
    """ "Who was the Lisbon envoy killed in the attack?" asks for a casualty: the sentence that names the envoy
    whose residence was attacked says no one died, and a false premise is refused. The wounded guard is the
    answer to the question about who was wounded."""
    ask = _one_article_index(
        tmp_path,
        "Attack on the Lisbon mission\n\nGunmen attacked the residence of Lisbon envoy Tom Roe inside the "
        "mission compound in Porto on Friday. A guard, Ana Lee, was wounded in the attack; the envoy was "
        "unhurt.\n\nThe Orchid Front claimed the attack a day later.\n",
    )
    killed = ask("Who was the Lisbon envoy killed in the attack?")
    assert killed["refused"] is True, killed["answer"]
    wounded = ask("Who was the guard wounded in the attack?")
    assert wounded["refused"] is False and "Ana Lee" in wounded["sentences"][0]["text"], wounded["answer"]


def test_a_role_before_a_participle_is_the_person_asked_for(tmp_path):
    """ "Who was the Lumen executive arrested after the collapse?" asks for an executive: the participle
    after the role was read as the role ("arrested"), and a sentence naming no one answered. A sentence that
    names the executive answers it."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank collapses\n\nRegulators took over Lumen Bank in Lisbon on Friday after depositors pulled "
        "$40 billion in a day. Close to half of the city's start-ups kept their cash at the bank.\n\nThe bank's "
        "chief executive, Tom Roe, resigned on Sunday.\n",
    )
    arrested = ask("Who was the Lumen executive arrested after the collapse?")
    assert arrested["refused"] is True, arrested["answer"]
    resigned = ask("Who was the Lumen executive who resigned on Sunday?")
    assert resigned["refused"] is False and "Tom Roe" in resigned["sentences"][0]["text"], resigned["answer"]


def test_a_right_answer_as_close_as_a_best_match_that_contradicts_the_question_still_answers(tmp_path):
    """ "Why did Lumen sue Orchid?": "In response, Orchid sued Lumen…" (the roles reversed) may score just
    above "Lumen filed a lawsuit against Orchid over…", which answers; where no sentence comes close, the
    reversed one still refuses."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Outage Lawsuits\n\nLumen Air Lines filed a lawsuit against Orchid on Oct. 25 over the outage that "
        "grounded thousands of flights and cost the airline about $500 million. Lumen accuses the software firm "
        "of negligence.\n\nIn response to this lawsuit, Orchid sued Lumen, saying it was not responsible for "
        "the mass flight cancellations.\n",
    )
    answer = ask("Why did Lumen sue Orchid?")
    assert not answer["refused"]
    assert answer["citations"][0]["quote"].startswith("Lumen Air Lines filed a lawsuit against Orchid")
    only_reversed = _one_article_index(
        tmp_path / "reversed",
        "Orchid Sues Lumen\n\nOrchid sued Lumen, saying it was not responsible for the mass flight "
        "cancellations.\n\nThe weather in Porto was mild that week.\n",
    )
    assert only_reversed("Why did Lumen sue Orchid?")["refused"]


def test_who_wrote_a_piece_and_when_is_answered_by_the_line_of_its_text_that_says_it(tmp_path):
    """ "Who wrote the article on…?" asks for the piece's writer: the line of its own text that names them (a
    byline cleaning set aside, cited verbatim), not a sentence of the piece about something else; "When was
    it published?" its dateline. A piece whose text says neither is refused."""
    ask = _articles_index(
        tmp_path,
        {
            "lumen.txt": "Lumen Bank Fails\nBy Ana Lee\nMarch 10, 2023\n\nLumen Bank failed on Friday after "
            "depositors withdrew $40 billion in a single day. Regulators took control of the bank and its deposits.\n",
            "orchid.txt": "Orchid Air Lines Cancels Flights\n\nOrchid Air Lines canceled 300 flights on Monday "
            "after a faulty software update crashed its booking systems.\n",
        },
    )
    answer = ask("Who wrote the article on Lumen Bank's failure?")
    assert not answer["refused"]
    assert answer["citations"][0]["quote"] == "By Ana Lee"
    assert answer["citations"][0]["paragraph"] == 2
    assert ask("Who wrote the article on Orchid's flight cancellations?")["refused"]
    assert ask("Who is the author of the Lumen Bank story?")["citations"][0]["quote"] == "By Ana Lee"
    # a piece of someone no source is by is one the sources may cite, not one of them
    assert ask("Who wrote the Porto Institute report on Lumen Bank's failure?")["refused"]
    # when it was published: its dateline; who published it: nothing in its text says
    assert (
        ask("When was the article on Lumen Bank's failure published?")["citations"][0]["quote"]
        == "March 10, 2023"
    )
    assert ask("When was the article on Orchid's flight cancellations published?")["refused"]
    assert ask("Which outlet published the article on Lumen Bank's failure?")["refused"]


def test_a_sentence_that_says_the_verb_leads_only_if_it_is_in_the_running(tmp_path):
    """ "Which coin lost its peg after the bank failed?": "Many shops that lost access to their deposits…"
    says "lost", but the cross-encoder scores it far below the sentence on the coin, which leads."""
    ask = _one_article_index(
        tmp_path,
        "Lumen Bank Fails\n\nRegulators closed Lumen Bank on Friday after a run on its deposits. Many shops "
        "that lost access to their Lumen deposits may be unable to pay their staff this month. One day later, "
        "the value of Orchid Coin, a stablecoin pegged to the euro, fell to a low of 0.87 euros after its "
        "issuer disclosed it had 3 billion euros stuck at the bank. Porto officials said they would meet the "
        "bank's managers on Monday.\n",
    )
    answer = ask("Which stablecoin lost its peg after Lumen Bank failed?")
    assert _leads_with(answer, "Orchid Coin")


def test_a_paragraph_that_opens_with_the_thing_named_before_it_goes_on_from_that_paragraph(tmp_path):
    """ "The score, a 9 out of 10, …" under a heading is the score the paragraph before it names, and
    whose it is: it answers for the Orchid Institute, which only that paragraph names."""
    ask = _one_article_index(
        tmp_path,
        "Understanding the Flaw\n\nRouters from many makers were checked this year.\n\nThe Orchid Institute "
        "has looked into the flaw in the Lumen router and published its assessment. The details are as grim "
        "as the score is high.\n\nWhat the Score Tells Us\n\nThe score, a 9 out of 10, shows how severe the "
        "flaw is.\n",
    )
    rated = ask("What score did the Orchid Institute give the flaw in the Lumen router?")
    assert rated["refused"] is False and "a 9 out of 10" in rated["sentences"][0]["text"]


def test_a_span_between_two_events_is_answered_by_the_date_of_each(tmp_path):
    """ "How many years passed between A and B?" is asked of two events the article dates apart; no sentence
    says the span, so each event's dated sentence answers, the first event's first, after the span between
    their dates. Where a sentence says the span ("Two days later, …"), it answers, not the two dates."""
    ask = _one_article_index(
        tmp_path,
        "The Lumen Story\n\nThe Lumen Bank was founded in Porto in 1998 by Ana Lee. It grew slowly for years.\n\n"
        "Its depositors were mostly small firms. The bank opened a branch in Lisbon in 2004.\n\n"
        "The Lumen Bank collapsed in March 2023, after a run on its deposits.\n\n"
        "On Friday, the Orchid Fund said it had money at the bank. Two days later, regulators closed the "
        "Orchid Fund.\n",
    )
    span = ask("How many years passed between the founding of the Lumen Bank and its collapse?")
    assert span["refused"] is False
    # the span leads, as a note that stands on the two dated sentences it cites
    lead, *rest = span["sentences"]
    assert (lead["text"], lead["citations"], lead["kind"]) == (
        "From 1998 to March 2023: about 25 years.",
        [1, 2],
        "span",
    )
    assert "1998" in rest[0]["text"] and "March 2023" in rest[1]["text"]
    # the earlier date's quote is cited first, whichever end the question names first
    later = ask("How many years passed between the collapse of the Lumen Bank and its founding?")
    assert later["sentences"][0]["text"] == "From 1998 to March 2023: about 25 years."
    assert later["answer"].startswith("From 1998 to March 2023: about 25 years [2][1].")
    weeks = ask("How many weeks passed between the founding of the Lumen Bank and its collapse?")
    assert weeks["refused"] is False and not any(
        s["kind"] == "span" for s in weeks["sentences"]
    )  # too coarse
    said = ask("How long after the Orchid Fund's Friday statement did regulators close the fund?")
    assert said["refused"] is False and "Two days later" in said["sentences"][0]["text"]
