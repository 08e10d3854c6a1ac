"""ask: cited answers whose every quote is the source text at its offsets; honest refusals; clean errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CANONICAL, ROOT, run_cli

ANSWER_KEYS = {
    "question",
    "standalone_question",
    "answer",
    "refused",
    "sentences",
    "citations",
    "conflicts",
    "backend",
    "timings_ms",
}
CITATION_KEYS = {
    "n",
    "source",
    "title",
    "author",
    "date",
    "paragraph",
    "start",
    "end",
    "quote",
    "chunk_id",
    "score",
}


def _ask_json(index: Path, *args: str) -> dict:
    result = run_cli("--index", str(index), "ask", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_canonical_question_gets_a_cited_grounded_answer(built_index):
    answer = _ask_json(built_index, CANONICAL)
    assert answer["refused"] is False
    assert len(answer["sentences"]) >= 2
    assert all(s["citations"] for s in answer["sentences"]), "every sentence carries a citation"
    assert any(c["source"] == "000_e903f09e4eb0f2bc.txt" for c in answer["citations"])
    for c in answer["citations"]:
        text = (ROOT / "corpus" / c["source"]).read_bytes().decode("utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]
        assert c["paragraph"] >= 1 and c["title"]
    for n in {n for s in answer["sentences"] for n in s["citations"]}:
        assert f"[{n}]" in answer["answer"]


def test_answer_json_matches_the_contract(built_index):
    answer = _ask_json(built_index, "Who was killed in the attack on the Russian embassy?")
    assert set(answer) >= ANSWER_KEYS
    assert answer["standalone_question"] == answer["question"]
    assert answer["backend"] == "extractive"
    assert set(answer["timings_ms"]) >= {"retrieve", "answer", "total"}
    for c in answer["citations"]:
        assert set(c) >= CITATION_KEYS
    for s in answer["sentences"]:
        # The contract's three keys, plus "kind": "conflict" marks the system's own note on a disagreement.
        assert set(s) == {"text", "citations", "support", "kind"} and s["kind"] in {"claim", "conflict"}


def test_off_topic_question_is_refused_with_closest_passages(built_index):
    answer = _ask_json(built_index, "What is the capital of Peru?")
    assert answer["refused"] is True
    assert answer["citations"] == [] and answer["sentences"] == []
    assert "don't" in answer["answer"] or "do not" in answer["answer"]
    human = run_cli("--index", str(built_index), "ask", "What is the capital of Peru?")
    assert human.returncode == 0 and "Closest passages" in human.stdout


def test_terminal_rendering_numbers_sources_with_title_paragraph_and_quote(built_index):
    result = run_cli("--index", str(built_index), "ask", CANONICAL)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "Sources" in result.stdout
    assert "¶" in result.stdout and "“" in result.stdout


def test_source_filter_restricts_citations(built_index):
    answer = _ask_json(
        built_index, "When was the Russian embassy attacked?", "--source", "000_e903f09e4eb0f2bc.txt"
    )
    assert answer["citations"]
    assert {c["source"] for c in answer["citations"]} == {"000_e903f09e4eb0f2bc.txt"}


def test_empty_and_whitespace_questions_are_rejected(built_index):
    for question in ("", "   \t "):
        result = run_cli("--index", str(built_index), "ask", question)
        assert result.returncode == 2
        assert "empty" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_huge_question_is_rejected(built_index):
    result = run_cli("--index", str(built_index), "ask", "why " * 1001)
    assert result.returncode == 2
    assert "limit is 4,000" in result.stderr and "Traceback" not in result.stderr


def test_missing_index_for_a_non_default_location_says_what_to_do(tmp_path):
    result = run_cli("--index", str(tmp_path / "nowhere"), "ask", CANONICAL)
    assert result.returncode == 1
    assert f"assistant --index {tmp_path / 'nowhere'} ingest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere").exists(), "a failed ask must not create an index"


def test_empty_collection_is_reported_not_answered(built_index):
    result = run_cli("--index", str(built_index), "--collection", "no-such-collection", "ask", CANONICAL)
    assert result.returncode == 1
    assert f"assistant --index {built_index} --collection no-such-collection ingest" in result.stderr


def test_unknown_backend_is_one_line(built_index):
    result = run_cli("--index", str(built_index), "ask", "--backend", "nonsense", CANONICAL)
    assert result.returncode == 1 and "available: extractive" in result.stderr


def test_missing_reranker_files_are_one_line_from_the_model_thread(built_index, tmp_path, monkeypatch):
    # The models load on a thread while the store opens (retrieval/embed.ModelLoad): its error must still
    # reach the user as one line, not as a traceback from the thread or a hang.
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__RERANKER_DIR", str(tmp_path))
    result = run_cli("--index", str(built_index), "ask", CANONICAL)
    assert result.returncode != 0
    assert f"Model files not found in {tmp_path}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_python_api_answers_like_the_cli(built_index):
    from assistant import Assistant, load_settings

    answer = Assistant(load_settings(index_dir=built_index)).ask(CANONICAL)
    assert not answer.refused and answer.citations


def test_each_part_of_a_compound_question_gets_its_answer(built_index):
    """One cross-encoder score for the whole question favours the part it matches best; each part is
    ranked on its own, so the answer holds both facts."""
    from assistant import Assistant, load_settings

    assistant = Assistant(load_settings(index_dir=built_index))
    answer = assistant.ask(
        "Who attacked the Russian embassy in Kabul, and when was Pakistan's embassy attacked?"
    )
    assert "December 2, 2022" in answer.answer and "Russian Embassy" in answer.answer
    answer = assistant.ask(
        "When did the Kabul airport attack happen, and which group claimed the attack on the Russian embassy?"
    )
    assert "August 2021" in answer.answer and "Russian" in answer.answer
    assert all(f"[{c.n}]" in answer.answer for c in answer.citations)


def test_a_sentence_that_holds_a_name_only_through_its_neighbour_brings_the_neighbour(built_index):
    """ "The Kremlin hosted a dialogue with … China, India, Iran …" holds "Pakistan" only through the next
    sentence; the answer shows that sentence too, where the name stands."""
    from assistant import Assistant, load_settings

    answer = Assistant(load_settings(index_dir=built_index)).ask(
        "How did Pakistan respond to the Kremlin's security meeting?"
    )
    texts = [s.text for s in answer.sentences]
    hosted = next(i for i, t in enumerate(texts) if t.startswith("Earlier this week, the Kremlin hosted"))
    assert texts[hosted + 1].startswith("Pakistan surprisingly declined the invitation")


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from typer.testing import CliRunner; from assistant.cli import app; "
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('chromadb', 'onnxruntime', 'llama_index', 'numpy', 'pydantic_settings') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_one_article_cannot_crowd_out_the_others():
    from assistant.retrieval.retrieve import diversify
    from assistant.schema import Passage

    def chunk(doc: str, n: int) -> Passage:
        return Passage(f"{doc}{n}", doc, doc, doc, doc, None, None, n, n, n + 1, "text", 0.0)

    ranked = [chunk("a", i) for i in range(4)] + [chunk("b", 0), chunk("c", 0)]
    top = diversify(ranked, 5, 2)
    assert [p.chunk_id for p in top] == ["a0", "a1", "a2", "b0", "c0"]  # b and c get in, order kept
    assert sum(p.doc_id == "a" for p in top) == 3  # the cap yields only when no other article is left
    assert [p.chunk_id for p in diversify([chunk("a", i) for i in range(4)], 3, 2)] == ["a0", "a1", "a2"]


def test_keyword_index_follows_the_collection_after_an_ingest(tmp_path, corpus_copy):
    from assistant.api import Assistant, ingest
    from assistant.settings import load_settings

    settings = load_settings(index_dir=tmp_path / "idx")
    (corpus_copy / "004_652f748723ad7994.txt").unlink()
    ingest([corpus_copy], settings)
    retriever = Assistant(settings).retriever
    assert not retriever.keyword_index.search("Barnett Rubin Stimson Center", 5)
    shutil.copy(ROOT / "corpus" / "004_652f748723ad7994.txt", corpus_copy)
    ingest([corpus_copy], settings)  # as another process would, while this one stays open
    hits = retriever.keyword_index.search("Barnett Rubin Stimson Center", 5)
    assert hits and hits[0].source == "004_652f748723ad7994.txt"


def test_unreachable_chroma_server_is_one_line():
    result = run_cli("--chroma-url", "http://127.0.0.1:9", "ask", CANONICAL)
    assert result.returncode == 1
    assert "not reachable" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_readme_examples_show_what_the_commands_really_print(built_index):
    from assistant.render import source_markers

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    two_part = "When was the Russian embassy in Kabul attacked, and how much compensation did Russia demand?"
    for question in (CANONICAL, "How many people died at the Longan Hotel?", two_part):
        answer = _ask_json(built_index, question)
        assert " ".join(answer["answer"].split()) in readme, f"README example for {question!r} is stale"
        assert bool(answer["unanswered"]) == (question == two_part)
        for part in answer["unanswered"]:
            assert f"The sources don't answer this part: “{part}”" in readme
        for c in answer["citations"]:
            # The terminal shows an article's own reference markers ("Kabul[6]") as ⁽⁶⁾, so they never pass
            # for the answer's [n]; --json keeps the exact file text.
            assert " ".join(source_markers(c["quote"]).split()) in readme


def test_k_sets_how_many_passages_the_answer_draws_on(built_index):
    question = "What did ISKP do to diplomatic missions in Kabul?"
    answers = {}
    for k in ("1", "10"):
        result = run_cli("--index", str(built_index), "ask", "--json", "-k", k, question)
        assert result.returncode == 0, result.stderr
        answers[k] = json.loads(result.stdout)
    # -k 1: one passage and the two best sentences at most; -k 10 draws on more of the articles.
    assert 1 <= len(answers["1"]["citations"]) <= 3
    assert len(answers["10"]["citations"]) > len(answers["1"]["citations"])


def test_a_missing_index_says_which_ingest_to_run_with_the_options_given(tmp_path):
    missing = tmp_path / "none"
    result = run_cli("--index", str(missing), "--collection", "team", "ask", "Who attacked the embassy?")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"run 'assistant --index {missing} --collection team ingest' first" in result.stderr


def test_a_comparison_of_two_sources_is_answered_though_each_sentence_answers_half(built_index):
    """No one sentence says how two writers differ, and the cross-encoder scores each half low: a comparison
    may draw on sentences below the usual bar, as long as they hold the names it compares."""
    question = (
        "How do European Eye and Michael Hughes each describe the American withdrawal from Afghanistan?"
    )
    answer = _ask_json(built_index, question)
    assert answer["refused"] is False, answer["answer"]
    assert "004_652f748723ad7994.txt" in {c["source"] for c in answer["citations"]}  # Hughes's article


def test_a_question_attributed_to_a_source_searches_that_source():
    """ "According to the Kairos blog post…", "in Hughes' view", "How do CNN and TechTarget differ…": the
    pieces whose author or publisher the question names as its source are the ones searched; a name that is
    only the subject ("Whose GitHub accounts does he say…") names no source."""
    from assistant.retrieval.context import CorpusContext
    from assistant.schema import Passage

    def chunk(source: str, author: str | None, publisher: str | None) -> Passage:
        return Passage(
            chunk_id=source, doc_id=source, source=source, path=source, title="", author=author, date=None,
            paragraph=1, start=0, end=10, text="The outage grounded flights.", publisher=publisher,
        )  # fmt: skip

    context = CorpusContext.build(
        [
            chunk("kairos.txt", "Mauro Morales", "Kairos project blog (kairos.io)"),
            chunk("cnn.txt", None, "CNN"),
            chunk("techtarget.txt", None, "TechTarget"),
            chunk("hughes.txt", "Michael Hughes", "GitHub Pages"),
        ]
    )
    assert context.attributed_sources("According to the Kairos blog post, what did the file do?") == [
        "kairos.txt"
    ]
    assert context.attributed_sources("In Hughes' view, why did the talks fail?") == ["hughes.txt"]
    assert context.attributed_sources("How do CNN and TechTarget differ on the states?") == [
        "cnn.txt",
        "techtarget.txt",
    ]
    # A name joined to a cited one is cited too: "Hughes and the Kairos blog", "according to CNN and TechTarget"
    assert context.attributed_sources("How do Hughes and the Kairos blog differ on the fix?") == [
        "hughes.txt",
        "kairos.txt",
    ]
    assert context.attributed_sources("According to CNN and TechTarget, which states were hit?") == [
        "cnn.txt",
        "techtarget.txt",
    ]
    assert context.attributed_sources("Whose GitHub accounts does he say were suspended?") == []
    assert context.attributed_sources("Why did CNN cancel flights?") == []  # a subject, not a source
    # Other verbs of saying, and the writer named for the piece ("the Kairos blogger")
    assert context.attributed_sources("Why did Hughes tell readers not to panic?") == ["hughes.txt"]
    assert context.attributed_sources("What does Hughes suspect was behind it?") == ["hughes.txt"]
    assert context.attributed_sources("What did the Kairos blogger find?") == ["kairos.txt"]
    # A handle in lower case with a figure cites its piece as a name does ("the ana-99 blog" / "ana99").
    handle = CorpusContext.build([chunk("ana.txt", None, "ana-99 blog"), chunk("cnn.txt", None, "CNN")])
    assert handle.attributed_sources("What did the ana99 blogger find?") == ["ana.txt"]
    assert handle.source_names("What did the ana99 blogger find?") == {"ana99"}
    assert handle.attributed_sources("What did ana99 find?") == []  # a subject, not a source
    # The names that stand for the cited source earn a sentence nothing in the answer step.
    question = "In Michael Hughes' view, what does Hughes blame the Taliban for?"
    assert {n.rstrip("'’") for n in context.source_names(question)} == {"Michael Hughes", "Hughes"}
    assert context.source_names("What did Hughes get wrong about the Taliban?") == set()  # cites nothing


def test_a_question_naming_two_dated_pieces_of_a_publisher_searches_both():
    """ "How do Lumen Daily's March 11 and March 13 reports differ…?" names two pieces by their dates: both are
    searched, not the first date's alone, and not the same publisher's piece of another day."""
    from assistant.retrieval.context import CorpusContext
    from assistant.schema import Passage

    def chunk(source: str, date: str) -> Passage:
        return Passage(
            chunk_id=source, doc_id=source, source=source, path=source, title="", author=None, date=date,
            paragraph=1, start=0, end=10, text="The bank failed.", publisher="Lumen Daily",
        )  # fmt: skip

    context = CorpusContext.build(
        [chunk("a.txt", "2023-03-11"), chunk("b.txt", "2023-03-12"), chunk("c.txt", "2023-03-13")]
    )
    question = "How do Lumen Daily's March 11 and March 13 reports differ on the bank's depositors?"
    assert context.attributed_sources(question) == ["a.txt", "c.txt"]
    assert context.attributed_sources("Per Lumen Daily's March 12 report, who ran the bank?") == ["b.txt"]


def test_a_refusal_says_when_no_passage_mentions_a_name_the_question_gives(built_index):
    """ "What did Reuters say…" in a collection that never cites Reuters: the analyst learns the name is not in
    the index at all (misspelt, or named otherwise), not that some passage is "about" something else. An
    article's author counts as mentioned, though no passage repeats the byline."""
    answer = _ask_json(built_index, "What did Reuters say about the attack on the Pakistani embassy?")
    assert answer["refused"] is True
    assert answer["answer"].startswith("No passage in the index mentions Reuters.")
    answer = _ask_json(built_index, "What is the title of the UN report that Hughes cites on ISKP?")
    assert "mentions Hughes" not in answer["answer"]


def test_an_attributed_question_cites_the_source_it_names(built_index):
    answer = _ask_json(built_index, "In Başaran's piece, which countries does ISKP target?")
    assert answer["refused"] is False, answer["answer"]  # refused before: other articles' target lists
    assert {c["source"] for c in answer["citations"]} == {"000_e903f09e4eb0f2bc.txt"}  # Başaran's article
