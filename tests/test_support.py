"""The support scorer: fact extraction on plain strings, verdicts on small cases, and its figures on the
labelled set with the real cross-encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.support import (
    SupportScorer,
    evaluate_support,
    extract_dates,
    extract_facts,
    extract_names,
    extract_numbers,
    has_negation,
    support,
)

ROOT = Path(__file__).resolve().parent.parent
PASSAGE = (
    "The Islamic State’s Khorasan Province (ISKP) attacked the Russian embassy in Afghanistan with a suicide "
    "bomber on 5 September, killing six people, including a senior diplomat. About two-dozen people were "
    "wounded in the attack, according to Al-Naba. ISKP/Daesh has tripled in strength since the Taliban took "
    "power – now numbering some 6,000."
)


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    from assistant.retrieval.embed import CrossEncoder
    from assistant.settings import load_settings

    return SupportScorer(CrossEncoder(load_settings().retrieval.reranker_dir))


def test_numbers_are_normalised_across_formats():
    assert extract_numbers("some 6,000 fighters") == extract_numbers("some 6000 fighters") == {"6000"}
    assert extract_numbers("six people died") == {"6"}
    assert extract_numbers("about two-dozen people") == extract_numbers("roughly two dozen people") == {"24"}
    assert extract_numbers("twenty-five wounded") == {"25"}
    assert extract_numbers("it has tripled in strength") == {"x3"}
    assert extract_numbers("one of the attacks") == set()  # "one" as a pronoun is not a count


def test_dates_are_normalised_across_formats():
    full = {(2022, 12, 2)}
    assert extract_dates("On December 2, 2022, there was")[0] == full
    assert extract_dates("on 2 December 2022 an attack")[0] == full
    assert extract_dates("on Dec. 2, 2022")[0] == full
    assert extract_dates("on 5 September")[0] == {(None, 9, 5)}
    assert extract_dates("in November 2019")[0] == {(2019, 11, None)}
    assert extract_dates("since 2015, relations")[0] == {(2015, None, None)}
    assert extract_dates("at the end of July")[0] == {(None, 7, None)}


def test_date_digits_are_not_counted_as_numbers():
    facts = extract_facts("On December 2, 2022, six people died.")
    assert facts.numbers == {"6"}
    assert facts.dates == {(2022, 12, 2)}


def test_names_keep_hyphenated_names_and_skip_common_sentence_starts():
    assert extract_names("ISKP targeted Ubaid-ur-Rehman Nizamani.") == ["iskp", "ubaid", "rehman", "nizamani"]
    assert extract_names("Blaming the Taliban gave it an advantage.") == ["taliban"]
    assert extract_names("Tom West said so.") == ["tom", "west"]
    demonyms = extract_names("The Pakistani and Chinese officials met the U.S. envoy.")
    assert demonyms == ["pakistan", "china", "usa"]
    assert extract_names("DAESH and ISIS claimed it.") == [
        "daesh",
        "isis",
    ]  # no built-in aliases: corpus.toml declares them


def test_a_peoples_name_is_its_country_for_any_country_not_a_fixed_few():
    # countryinfo's demonyms, and the "-stan" rule its list misses; a person's name is left alone
    assert extract_names("The Panamanian, Egyptian and Dutch officials met Tajik and Kazakh envoys.") == [
        "panama",
        "egypt",
        "netherlands",
        "tajikistan",
        "kazakhstan",
    ]
    assert extract_names("They met Julian, Sebastian and the Afghans.") == [
        "julian",
        "sebastian",
        "afghanistan",
    ]


def test_a_country_and_its_peoples_name_support_each_other(scorer):
    passage = "Egypt's canal authority said the ship would stay until compensation was paid."
    assert scorer.score(
        "The Egyptian canal authority said the ship would stay until compensation was paid.", [passage]
    ).supported
    assert not scorer.score(
        "The Panamanian canal authority said the ship would stay until compensation was paid.", [passage]
    ).supported


def test_negation_cues():
    assert has_negation("ISIS did not claim responsibility.")
    assert has_negation("The Dushanbe administration denied the attacks.")
    assert has_negation("The attacker failed to evade security.")
    assert has_negation("It isn't safe.")
    assert has_negation("They were attacked without warning.")
    assert not has_negation("ISIS claimed responsibility for the attack.")


def test_verbatim_sentence_is_supported(scorer):
    sentence = "About two-dozen people were wounded in the attack, according to Al-Naba."
    verdict = scorer.score(sentence, [PASSAGE])
    assert verdict.supported and verdict.score > 0.8 and verdict.relevance > 3


def test_paraphrase_with_other_formats_is_supported(scorer):
    verdict = scorer.score("Roughly two dozen people were wounded, Al-Naba said.", [PASSAGE])
    assert verdict.supported, verdict.missing


def test_swapped_number_is_unsupported(scorer):
    verdict = scorer.score(
        "ISKP has tripled in strength since the Taliban took power, now numbering 9,000.", [PASSAGE]
    )
    assert not verdict.supported and "9000" in verdict.missing


def test_swapped_date_is_unsupported(scorer):
    sentence = "ISKP attacked the Russian embassy with a suicide bomber on 15 September."
    verdict = scorer.score(sentence, [PASSAGE])
    assert not verdict.supported and "15 September" in verdict.missing


def test_swapped_actor_present_in_passage_is_unsupported(scorer):
    passage = "Al-Qaeda’s emir Ayman al-Zawahiri was killed in Kabul. ISKP is thriving in the north."
    verdict = scorer.score("ISKP's emir Ayman al-Zawahiri was killed in Kabul.", [passage])
    assert not verdict.supported and any("iskp" in m for m in verdict.missing)


def test_negated_sentence_is_unsupported(scorer):
    verdict = scorer.score(
        "The Taliban did not take power.",
        ["ISKP/Daesh has tripled in strength since the Taliban took power."],
    )
    assert not verdict.supported and "negation differs from the passage" in verdict.missing


def test_unrelated_sentence_is_unsupported(scorer):
    verdict = scorer.score("Regional countries press the Kremlin to host talks on water rights.", [PASSAGE])
    assert not verdict.supported and verdict.score < 0.3


def test_score_many_matches_score_and_works_without_a_model(scorer):
    pairs = [
        ("About two-dozen people were wounded in the attack.", [PASSAGE]),
        ("Nine people were killed.", [PASSAGE, "Another passage."]),
    ]
    assert [v.supported for v in scorer.score_many(pairs)] == [scorer.score(*p).supported for p in pairs]
    assert [v.supported for v in SupportScorer(None).score_many(pairs)] == [True, False]
    assert support("Nine people were killed.", [PASSAGE]).missing == ["9"]


def test_labelled_set_meets_the_targets(scorer):
    figures = evaluate_support(ROOT / "evals" / "support.jsonl", scorer)
    assert figures["n"] >= 150
    # measured: precision 0.969, recall 0.969 (3 false positives, 3 false negatives of 211)
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.95
    assert figures["by_perturbation"]["number"] == 1.0
    assert figures["by_perturbation"]["date"] == 1.0
    assert figures["by_perturbation"]["negation"] == 1.0
    assert figures["by_perturbation"]["unrelated"] == 1.0
    assert min(figures["by_perturbation"].values()) >= 0.9


def test_pooled_cross_encoder_keeps_order_and_logits(scorer):
    """Pairs run side by side on the thread pool: each logit must be the one its pair gets alone."""
    cross_encoder = scorer.cross_encoder
    query = "Who was killed in the attack on the Russian embassy?"
    texts = [s.strip() + "." for s in PASSAGE.split(".") if s.strip()]
    together = cross_encoder.score(query, texts)
    alone = [cross_encoder.score(query, [t])[0] for t in texts]
    assert len(texts) >= 2 and together == alone
    assert together[0] > together[-1]  # the sentence about the killed diplomat beats the strength figure


def test_a_verbatim_sentence_with_a_name_and_digits_supports_itself(scorer):
    quote = "In January 2023, JiaT75 made their first commit to xz Utils."
    assert scorer.score(quote, [quote]).supported  # "JiaT75" was read as "JiaT" on one side only
    assert not scorer.score(quote.replace("JiaT75", "JiaT74"), [quote]).supported


def test_a_question_that_ends_its_chunk_is_answered_by_the_first_sentence_of_the_next_chunk():
    """Chunks end at paragraphs, and the blank line between two chunks is in neither: the reply to an FAQ
    question that closes one chunk opens the next, at its own offsets in the file."""
    from assistant.retrieval.context import CorpusContext
    from assistant.schema import Passage

    def passage(cid: str, paragraph: int, start: int, text: str) -> Passage:
        return Passage(cid, "d", "a.txt", "a.txt", "T", None, None, paragraph, start, start + len(text), text)

    first = "What does the backdoor do?\n\nIt changes sshd. Wait, how can a library change a server?"
    second = "Any library can tamper with the program it is linked against. Often that is by design."
    at = first.index("Wait")
    question = passage("c0", 3, at, first[at:])
    reply = CorpusContext.build(
        [passage("c0", 1, 0, first), passage("c1", 4, len(first) + 2, second)]
    ).reply_to(question)
    assert reply is not None
    assert reply.text == "Any library can tamper with the program it is linked against."
    assert reply.start == len(first) + 2
    far = CorpusContext.build([passage("c0", 1, 0, first), passage("c1", 9, len(first) + 40, second)])
    assert far.reply_to(question) is None  # unindexed text stands between them
