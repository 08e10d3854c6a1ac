"""Every file accounted for, any size: what is indexed, what is skipped and why, what cleaning leaves out.

The 1 MB single line and 2,000 small files are kinds in test_bad_input.py; the 50 MB run is
bench/ingest_large.py (rate and peak RSS).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CORPUS, run_cli

from assistant.ingestion.chunk import chunk_document, sentence_units
from assistant.ingestion.clean import dropped_paragraphs, residue_reason
from assistant.ingestion.load import load_document

TABLE = "Province | Attacks 2021 | Attacks 2022 | Deaths 2021 | Deaths 2022 | Change | Kabul | 14 | 22 | 61 | 94 | up"
LIST = (
    "Kabul, Kandahar, Herat, Mazar-i-Sharif, Jalalabad, Kunduz, Ghazni, Bamyan, Khost, Paktia, Nangarhar, "
    "Helmand, Badakhshan and Balkh reported incidents."
)
UPDATED_PARAGRAPH = (
    "Updated casualty figures released by the ministry in March 2023 show that the attack killed six people, "
    "including two members of the embassy staff, and wounded about two dozen others waiting outside."
)
# The author biography at the end of a bundled article: Turkish prose.
TURKISH_BIO = (CORPUS / "000_e903f09e4eb0f2bc.txt").read_text(encoding="utf-8").strip().splitlines()[-1]


def _doc(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_english_tables_and_lists_are_not_taken_for_another_language():
    assert residue_reason(TABLE) is None
    assert residue_reason(LIST) is None
    assert residue_reason(TURKISH_BIO) == "not English"


def test_a_date_residue_pattern_never_swallows_a_paragraph():
    assert residue_reason(UPDATED_PARAGRAPH) is None
    assert residue_reason("Published January 3rd, 2023 at 17:27 IST") is not None
    assert (
        residue_reason("Related to the attack, the ministry said guards had been doubled at every gate.")
        is None
    )


def test_a_one_paragraph_file_keeps_its_paragraph(tmp_path):
    doc = _doc(tmp_path, "snippet.txt", "Taliban officials said the embassy guard was injured on Friday\n")
    assert dropped_paragraphs(doc) == []
    chunks = chunk_document(doc)
    assert [doc.text[c.start : c.end] for c in chunks] == [doc.text.strip()]
    assert sentence_units(doc), "its sentence is an answer candidate too"


def test_a_headline_alone_with_furniture_is_still_indexed(tmp_path):
    doc = _doc(tmp_path, "short.txt", "Embassy guard injured in Kabul attack\nShare on Facebook\n")
    assert dropped_paragraphs(doc) == [(2, "page furniture")]


def test_bundled_articles_lose_the_same_paragraphs_as_before(tmp_path):
    """The paragraphs left out of the bundled corpus. The unsigned analysis's bibliography (its paragraphs
    8-18) is indexed since reference-list entries answer questions about the pieces they cite."""
    dropped = {p.name: dropped_paragraphs(load_document(p)) for p in sorted(CORPUS.glob("*.txt"))}
    assert dropped["000_e903f09e4eb0f2bc.txt"] == [(1, "headline"), (12, "not English")]
    assert dropped["002_68bb592874c3ed1c.txt"] == []
    assert dropped["001_6dacae7491cc1e77.txt"] == []
    assert dropped["004_652f748723ad7994.txt"] == [(1, "headline"), (2, "byline"), (3, "dateline")]


def test_ingest_accounts_for_every_file_and_verbose_lists_what_was_left_out(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "snippet.txt").write_text(
        "Taliban officials said the embassy guard was injured on Friday\n", encoding="utf-8"
    )
    (folder / "table.txt").write_text(f"Attacks by province\n{TABLE}\n{LIST}\n", encoding="utf-8")
    (folder / "updated.txt").write_text(f"Casualties revised\n{UPDATED_PARAGRAPH}\n", encoding="utf-8")
    (folder / "furniture.txt").write_text("Share on Facebook\nAdvertisement\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "sheet.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    index = tmp_path / "idx"

    result = run_cli("--index", str(index), "ingest", "--verbose", str(folder))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for name, why in (
        ("furniture.txt", "no text after cleaning"),
        ("empty.txt", "empty file"),
        ("sheet.csv", "unsupported file type"),
        ("gone.txt", "broken symbolic link"),
    ):
        assert f"{name}: {why}" in out, f"{name} not reported as {why}:\n{out}"
    assert "not indexed furniture.txt ¶1: page furniture" in out
    assert "not indexed table.txt ¶1: headline" in out
    listed = {s["source"] for s in json.loads(run_cli("--index", str(index), "sources", "--json").stdout)}
    assert listed == {"snippet.txt", "table.txt", "updated.txt"}, "every other file must be indexed"
    # The summary counts them: 3 added, 4 skipped (columns: added updated unchanged removed skipped …).
    row = next(line for line in out.splitlines() if line.startswith("│") and "added" not in line)
    assert [cell.strip() for cell in row.strip("│").split("│")][:5] == ["3", "0", "0", "0", "4"]

    quiet = run_cli("--index", str(index), "ingest", str(folder))
    assert quiet.returncode == 0, quiet.stderr
    assert "not indexed furniture.txt ¶1" not in quiet.stdout and "--verbose lists them" in quiet.stdout
