"""Ingest: idempotent, replaces exactly an edited file's chunks, prunes, survives bad input and Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import CORPUS, ROOT, run_cli

from assistant.ingestion.load import read_source_text
from assistant.retrieval.store import Store
from assistant.settings import load_settings


def _chunk_ids_by_source(index) -> dict[str, set[str]]:
    settings = load_settings(index_dir=index)
    store = Store(settings.index_dir, settings.collection)
    out: dict[str, set[str]] = {}
    got = store.collection.get(include=["metadatas"])
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def test_first_ingest_indexes_all_five_articles(built_index):
    ids = _chunk_ids_by_source(built_index)
    assert sorted(ids) == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_reingest_of_unchanged_files_writes_nothing(built_index):
    before = _chunk_ids_by_source(built_index)
    result = run_cli("--index", str(built_index), "ingest")
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stdout.lower()
    assert _chunk_ids_by_source(built_index) == before


def test_editing_a_file_replaces_only_its_chunks(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    before = _chunk_ids_by_source(index)
    edited = corpus_copy / "003_306954d01b6b8d0f.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("power tussle", "power struggle", 1), encoding="utf-8")

    result = run_cli("--index", str(index), "ingest", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    after = _chunk_ids_by_source(index)
    for source in before:
        if source != edited.name:
            assert after[source] == before[source], f"{source} changed"
    assert after[edited.name] != before[edited.name]
    assert after[edited.name] & before[edited.name], "unchanged chunks of the edited file were rewritten"


def test_prune_removes_documents_whose_files_are_gone(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    (corpus_copy / "004_652f748723ad7994.txt").unlink()
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    assert "004_652f748723ad7994.txt" in _chunk_ids_by_source(index), "without --prune nothing is removed"
    result = run_cli("--index", str(index), "ingest", "--prune", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    assert "004_652f748723ad7994.txt" not in _chunk_ids_by_source(index)
    assert len(_chunk_ids_by_source(index)) == 4


def test_the_same_text_at_another_path_is_indexed_once_and_a_moved_folder_replaces_the_old_one(
    tmp_path, corpus_copy
):
    """A copy of an indexed article (another folder, the same text) is not indexed again: its passages would
    come back twice in every answer's top k and push the other articles out. A folder that moved takes the
    place of the old one, whose files are gone."""
    import shutil

    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    before = _chunk_ids_by_source(index)
    copy = shutil.copytree(corpus_copy, tmp_path / "copy")
    result = run_cli("--index", str(index), "ingest", str(copy))
    assert result.returncode == 0, result.stderr
    assert _chunk_ids_by_source(index) == before
    assert result.stdout.count("not indexed again") == 5
    assert f"the same text as {corpus_copy / '004_652f748723ad7994.txt'}" in result.stdout
    shutil.rmtree(copy)
    moved = corpus_copy.rename(tmp_path / "moved")
    result = run_cli("--index", str(index), "ingest", str(moved))
    assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("--index", str(index), "sources", "--json").stdout)
    assert len(listed) == 5 and all(s["path"].startswith(str(moved)) for s in listed)
    assert "still indexed" not in result.stdout


def test_changing_the_chunk_settings_recuts_the_documents_on_the_next_ingest(
    tmp_path, corpus_copy, monkeypatch
):
    """The chunk settings a document was cut with are kept on its records: an ingest with others cuts it
    again (it said "All documents unchanged" and kept the old chunks), and one with the same does nothing."""
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    before = _chunk_ids_by_source(index)
    monkeypatch.setenv("ASSISTANT_CHUNKING__TARGET_WORDS", "80")
    result = run_cli("--index", str(index), "ingest", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    smaller = _chunk_ids_by_source(index)
    assert sum(map(len, smaller.values())) > sum(map(len, before.values()))
    assert "All documents unchanged" in run_cli("--index", str(index), "ingest", str(corpus_copy)).stdout
    monkeypatch.delenv("ASSISTANT_CHUNKING__TARGET_WORDS")
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    assert _chunk_ids_by_source(index) == before  # the same settings cut the same chunks


def test_reset_rebuilds_the_same_index(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    before = _chunk_ids_by_source(index)
    result = run_cli("--index", str(index), "ingest", "--reset", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    assert _chunk_ids_by_source(index) == before  # stable ids: same content, same offsets


def test_sources_shows_the_titles_and_authors_that_sources_json_states(built_index):
    result = run_cli("--index", str(built_index), "sources", "--json")
    assert result.returncode == 0, result.stderr
    listed = {s["source"]: s for s in json.loads(result.stdout)}
    stated = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    for name, meta in stated.items():
        if name.startswith("_"):
            continue
        assert listed[name]["chunks"] > 0
        if meta["title"]:
            assert listed[name]["title"] == meta["title"]
        else:
            assert listed[name]["title"].strip(), "a document without a headline still gets a readable title"
        assert listed[name]["author"] == meta["author"]
        assert listed[name]["date"] == meta["date"]
    human = run_cli("--index", str(built_index), "sources")
    assert "Michael Hughes" in human.stdout and "Yuvraj Tyagi" in human.stdout


def test_other_formats_and_bad_files_in_one_folder(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "note.md").write_text(
        "---\ntitle: Field note on Kabul\nauthor: A. Analyst\ndate: 2023-03-01\n---\n"
        "The Kabul field office reported three checkpoints near the airport road.\n",
        encoding="utf-8",
    )
    (folder / "page.html").write_text(
        "<html><head><title>Embassy security</title><meta name='author' content='B. Writer'></head><body>"
        "<nav>Home | Share</nav><h1>Embassy security in Kabul</h1><p>Guards at the Italian mission doubled "
        "their patrols in March.</p><script>var x=1;</script></body></html>",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "latin1.txt").write_bytes("Caf\xe9 attack in Kabul".encode("latin-1"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    (folder / "deep.html").write_text("<div>" * 5000 + "Nested past any reader." + "</div>" * 5000)
    index = tmp_path / "idx"
    result = run_cli("--index", str(index), "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    for name, why in (
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("image.png", "unsupported"),
        ("deep.html", "unreadable HTML"),
    ):
        assert name in out and why in out, f"{name} not reported as {why}"
    assert "Traceback" not in out
    listed = {s["source"]: s for s in json.loads(run_cli("--index", str(index), "sources", "--json").stdout)}
    assert set(listed) == {"note.md", "page.html"}
    assert listed["note.md"]["title"] == "Field note on Kabul" and listed["note.md"]["date"] == "2023-03-01"
    assert listed["page.html"]["title"] == "Embassy security in Kabul"
    assert listed["page.html"]["author"] == "B. Writer"


_BRIDGE_CHANGES = [
    "A wider deck with four lanes instead of two.",
    "A protected bike path on the north side.",
    "Steel cables replacing the old concrete piers.",
]


def _bridge_answers(tmp_path, name: str, content: str) -> tuple[dict, dict, str, Path]:
    """One article on the Harbor Bridge ingested through the CLI: the answers on its cost and on the changes
    its list gives, the text citations index into, and the index."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(folder)).returncode == 0

    def ask(question: str) -> dict:
        return json.loads(run_cli("--index", str(index), "ask", "--json", question).stdout)

    cost = ask("How much did the rebuild of the Harbor Bridge cost?")
    changes = ask("Which changes did the city's engineers make to the bridge during the rebuild?")
    texts = [s["text"] for s in changes["sentences"]]
    at = next(i for i, t in enumerate(texts) if t.startswith("The city's engineers listed"))
    assert texts[at + 1 : at + 4] == _BRIDGE_CHANGES, "the announced list, whole, right after its sentence"
    text = read_source_text(folder / name)
    for answer in (cost, changes):
        assert answer["citations"]
        assert all(text[c["start"] : c["end"]] == c["quote"] for c in answer["citations"])
    return cost, changes, text, index


def test_a_markdown_article_is_read_as_its_text_not_its_markup(tmp_path):
    """A blog post in Markdown: answers quote "Harbor Bridge" and "$412 million", not "**Harbor Bridge**" or
    "[$412 million](https://…)"; its byline gives author and date; the list a sentence announces is answered
    whole; every quote is verified against the file (citations index into the text read from it)."""
    cost, changes, _, index = _bridge_answers(
        tmp_path,
        "bridge.md",
        "# How the Harbor Bridge Was Rebuilt\n\n*By Jane Ortiz, March 3, 2023*\n\n"
        "![The new deck](deck.jpg)\n\n"
        "The **Harbor Bridge** reopened on Monday after a rebuild that cost "
        "[$412 million](https://example.com/cost).\n\n## What changed\n\n"
        "The city's engineers listed the changes made to the bridge during the rebuild:\n\n"
        + "".join(f"* {change}\n" for change in _BRIDGE_CHANGES)
        + "\n## Why it took so long\n\n"
        "Work stopped for five months in 2022 because a supplier of steel cables went bankrupt.\n",
    )
    listed = json.loads(run_cli("--index", str(index), "sources", "--json").stdout)
    assert [(s["title"], s["author"], s["date"]) for s in listed] == [
        ("How the Harbor Bridge Was Rebuilt", "Jane Ortiz", "2023-03-03")
    ]
    assert cost["refused"] is False
    assert cost["sentences"][0]["text"] == (
        "The Harbor Bridge reopened on Monday after a rebuild that cost $412 million."
    )
    for answer in (cost, changes):
        assert not any(mark in answer["answer"] for mark in ("**", "](", "![", "#"))


def test_an_html_page_keeps_each_sentence_whole_across_its_links_and_bold(tmp_path):
    """A web page's sentence with a link or bold in it is one sentence, not a line per tag ("The" / "Harbor
    Bridge" / "reopened after…"); its list entries are lines with their marks; menus and scripts stay out."""
    cost, _, text, _ = _bridge_answers(
        tmp_path,
        "bridge.html",
        "<html><head><title>Harbor Bridge</title></head><body><nav><a href='/'>Home</a> | Share</nav>"
        "<article><h1>How the Harbor Bridge Was Rebuilt</h1>"
        "<p>The <b>Harbor Bridge</b> reopened on Monday after a rebuild that cost <a href='https://x.y/c'>$412 "
        "million</a>, the <em>city</em> said.</p>"
        "<p>The city's engineers listed the changes made to the bridge during the rebuild:</p>"
        "<ul><li>A wider deck with <a href='/d'>four lanes</a> instead of two.</li>"
        "<li><p>A protected bike path on the north side.</p></li>"
        "<li>Steel cables replacing the old concrete piers.</li></ul>"
        "<p>Work stopped for five months in 2022 because a supplier of steel cables went bankrupt.</p>"
        "</article><div>- <div>Subscribe</div></div><script>var tracking = 1;</script></body></html>",
    )
    assert cost["refused"] is False
    assert cost["sentences"][0]["text"] == (
        "The Harbor Bridge reopened on Monday after a rebuild that cost $412 million, the city said."
    )
    assert "tracking" not in text and "Home" not in text


def _minimal_pdf(*lines: str) -> bytes:
    """A one-page PDF with these lines of text, written by hand (no PDF writer needed)."""
    shown = " 0 -14 Td ".join(f"({line}) Tj" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {shown} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_is_ingested_and_answerable(tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(_minimal_pdf("The convoy reached Jalalabad on the fourth of May."))
    index = tmp_path / "idx"
    result = run_cli("--index", str(index), "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("--index", str(index), "sources", "--json").stdout)
    assert [s["source"] for s in listed] == ["report.pdf"]


_COST_SENTENCE = (
    "The Harbor Bridge reopened to traffic on Monday after a two-year rebuild that cost 412 million dollars, "
    "the city engineers said in a statement"
)


def _cost_answer(folder: Path, tmp_path: Path) -> dict:
    """Ingest the folder into a new index and ask what the bridge's rebuild cost: answered, as JSON."""
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(folder)).returncode == 0
    answer = json.loads(
        run_cli("--index", str(index), "ask", "--json", "How much did the rebuild of the bridge cost?").stdout
    )
    assert answer["refused"] is False
    return answer


def test_a_pdf_sentence_cut_by_a_line_end_is_answered_whole(tmp_path):
    """A PDF's text comes a laid-out line at a time: "…reopened on Monday after a two-year" / "rebuild that
    cost…" is one sentence, and a word hyphenated at the line end is one word again."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "bridge.pdf").write_bytes(
        _minimal_pdf(
            "Harbor Bridge Report",
            "The Harbor Bridge reopened to traffic on Monday after a two-year",
            "rebuild that cost 412 million dollars, the city engineers said in a",
            "statement. Work stopped for five months in 2022 because the recon-",
            "struction ran out of steel cables when a supplier went bankrupt.",
            "Page 1",
        )
    )
    answer = _cost_answer(folder, tmp_path)
    assert answer["sentences"][0]["text"] == _COST_SENTENCE + "."
    text = read_source_text(folder / "bridge.pdf")
    assert "the reconstruction ran out of steel cables" in text
    assert "Harbor Bridge Report\n" in text and "bankrupt.\nPage 1" in text


def test_a_hard_wrapped_text_file_is_read_as_whole_sentences(tmp_path):
    """Mail, RFCs and e-texts cut every line near one width: a sentence that runs over a line end is one
    sentence again (cited whole), while a line that ends a sentence, a short line and a list item stay line
    ends, and the citation's quote still equals the text at its offsets."""
    folder = tmp_path / "mail"
    folder.mkdir()
    lines = [
        "Harbor Bridge update",
        "",
        "The Harbor Bridge reopened to traffic on Monday after a two-year",
        "rebuild that cost 412 million dollars, the city engineers said in a",
        "statement on Sunday evening. Work stopped for five months in 2022",
        "because the main supplier of steel cables went bankrupt in the spring.",
        "The new deck is wider than the old one.",
        "",
        "What changed:",
        "- a protected bike path on the north side of the bridge deck, next to",
        "  the two lanes for cars in each direction",
        "- steel cables replacing the old concrete piers that had cracked",
        "",
        "Tolls will stay at two dollars a crossing until the end of next year,",
        "the transport office said, and rise to three dollars after that.",
    ]
    (folder / "bridge.txt").write_text("\n".join(lines) + "\n")
    answer = _cost_answer(folder, tmp_path)
    assert answer["sentences"][0]["text"] == _COST_SENTENCE + " on Sunday evening."
    text = read_source_text(folder / "bridge.txt")
    for citation in answer["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["quote"]
    assert "Harbor Bridge update\n\nThe Harbor" in text
    assert "in the spring.\nThe new deck" in text
    assert (
        "What changed:\n- a protected bike path on the north side of the bridge deck, next to the two" in text
    )
    assert "in each direction\n- steel cables" in text


def test_nonexistent_path_is_one_line_and_exit_2(tmp_path):
    result = run_cli("--index", str(tmp_path / "idx"), "ingest", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "No such file or folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_folder_with_only_bad_files_fails_clearly(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    result = run_cli("--index", str(tmp_path / "idx"), "ingest", str(folder))
    assert result.returncode != 0
    assert "No document could be ingested" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_during_ingest_keeps_the_index_usable_and_a_rerun_completes(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--index", str(index), "ingest", str(corpus_copy)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait until the store exists and embedding is under way, then interrupt.
    deadline = time.time() + 60
    while time.time() < deadline and not (index / "chroma.sqlite3").exists():
        time.sleep(0.05)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 130), err  # 0 only if it had already finished
    assert "Traceback" not in err
    listing = run_cli("--index", str(index), "sources", "--json")
    assert listing.returncode in (0, 1) and "Traceback" not in listing.stderr
    result = run_cli("--index", str(index), "ingest", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    full = _chunk_ids_by_source(index)
    assert len(full) == 5
    fresh = tmp_path / "fresh"
    assert run_cli("--index", str(fresh), "ingest", str(corpus_copy)).returncode == 0
    assert _chunk_ids_by_source(fresh) == full, (
        "the interrupted-then-resumed index differs from a clean build"
    )


def _indexed_text(index) -> str:
    return " ".join(p.text for p in Store.open(load_settings(index_dir=str(index))).all_passages())


def test_furniture_declared_in_corpus_toml_is_not_indexed_and_editing_it_reindexes(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    body = "The river authority closed the lock at Anderten for repairs on 4 May 2023, officials said."
    (folder / "lock.txt").write_text(
        f"Lock closed\n\n{body}\n\nJoin the Riverwatch panel today.\n", encoding="utf-8"
    )
    (folder / "corpus.toml").write_text(
        '[furniture]\nlines = ["join the  riverwatch panel today."]\n', encoding="utf-8"
    )
    index = tmp_path / "idx"
    result = run_cli("--index", str(index), "ingest", "-v", str(folder))
    assert result.returncode == 0, result.stderr
    assert "page furniture (corpus.toml)" in result.stdout
    indexed = _indexed_text(index)
    assert body in indexed and "Riverwatch" not in indexed
    # the list decides what is indexed, so editing it re-indexes the folder's articles
    (folder / "corpus.toml").write_text("[furniture]\nlines = []\n", encoding="utf-8")
    assert run_cli("--index", str(index), "ingest", str(folder)).returncode == 0
    indexed = _indexed_text(index)
    assert "Riverwatch" in indexed
    (folder / "corpus.toml").write_text('[furniture]\nlines = "not a list"\n', encoding="utf-8")
    bad = run_cli("--index", str(index), "ingest", str(folder))
    assert bad.returncode != 0 and "corpus.toml: [furniture] must be lines" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr
