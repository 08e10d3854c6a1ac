"""Numbers in words: one list serves question analysis, the support scorer and the briefing's figures."""

from __future__ import annotations

from assistant.answer.facts import fits
from assistant.answer.question import analyse
from assistant.answer.support import extract_numbers
from assistant.brief.disagreements import figures
from assistant.text.numbers import counts, number_value


def test_every_number_word_has_its_value():
    assert number_value("fourteen") == 14 and number_value("sixty-two") == 62
    assert number_value("two hundred") == 200 and number_value("three dozen") == 36
    assert number_value("1,300") == 1300 and number_value("no figure here") is None


def test_a_count_in_words_answers_a_how_many_question():
    question = analyse("How many people died in the attack?")
    assert fits(question, "Fourteen people died in the attack on the hotel.")
    assert fits(question, "Sixty people died in the attack on the hotel.")
    assert "14" in extract_numbers("fourteen people died")


def test_a_number_word_inside_another_word_is_not_a_figure():
    # "often" holds "ten", "someone" holds "one": neither is a figure of anything.
    assert [f.value for f in figures("It often carries cargo that someone insured.")] == []
    assert [f.value for f in figures("It carries ten ships.")] == [10.0]


def test_counts_are_figures_with_the_things_they_count():
    found = counts(
        "It killed 15 people and six civilians; 1,208 flights and two dozen ships; in 2022 attacks."
    )
    assert [(v, t) for _, v, t in found] == [
        (15, "people"),
        (6, "civilians"),
        (1208, "flights"),
        (24, "ships"),
    ]
    assert counts("It lasted 3 years and cost $5 billion.") == []  # a stretch of time and a sum count nothing
