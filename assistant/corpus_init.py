"""`assistant init DIR`: a corpus folder ready for your own articles.

Writes `sources.json` (an entry per article already in the folder, every field null until you fill it in;
a null falls back to what the article itself shows) and `corpus.toml` (empty [aliases] and [furniture] tables). Files
that exist are never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import InputPathError
from assistant.ingestion.load import CORPUS_FILE, SOURCES_FILE, SUPPORTED_SUFFIXES

SOURCES_ABOUT = (
    "One entry per article file name. title, author, publisher: as the article states them; date: any "
    "common form (2023-01-03, 3 Jan 2023, January 3, 2023), stored as ISO; url: where it was published, "
    "shown in citations and in 'assistant sources'. null (or a missing field) = taken from the article "
    "itself (front matter, HTML meta tags, headline/byline/date lines). Keys starting with '_' are comments."
)
CORPUS_TOML = """\
# What the assistant cannot tell from the articles themselves.
# [aliases]: names the articles use for the same thing; a question about one may be answered by a
# sentence that uses another. One line per name, e.g.
#   UN = ["U.N.", "United Nations"]
[aliases]

# [furniture]: lines of page furniture the articles' sites add (a sign-up box, a comments banner) that
# the general rules don't catch; a paragraph equal to one of them is not indexed, e.g.
#   lines = ["Sign in to read more", "Your Voice. Now Direct."]
[furniture]
lines = []
"""


EXAMPLE = "example-article.txt"


@dataclass
class InitReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    added_entries: list[str] = field(default_factory=list)  # entries added to an existing sources.json


def init_corpus(folder: Path) -> InitReport:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputPathError(f"{folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputPathError(f"Cannot create {folder}: {exc.strerror or exc}") from None
    report = InitReport(folder)
    report.articles = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
    )
    sources = folder / SOURCES_FILE
    blank = {"title": None, "author": None, "publisher": None, "date": None, "url": None}
    if sources.exists():
        try:
            entries = json.loads(sources.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InputPathError(f"{sources}: not valid JSON ({exc}); fix or remove it") from None
        if not isinstance(entries, dict):
            raise InputPathError(f"{sources}: must be a JSON object keyed by file name")
        new = [name for name in report.articles if name not in entries]
        if new:  # articles added since: an entry each, nothing already there changed
            if entries.get(EXAMPLE) == blank and not (folder / EXAMPLE).exists():
                entries.pop(EXAMPLE)
                entries.pop("_example", None)
            entries.update({name: dict(blank) for name in new})
            _write_json(sources, entries)
            report.added_entries = new
        report.kept.append(sources)
    else:
        entries = {"_about": SOURCES_ABOUT}
        for name in report.articles or [EXAMPLE]:
            entries[name] = dict(blank)
        if not report.articles:
            entries["_example"] = f"rename '{EXAMPLE}' to your first article's file name, one entry per file"
        _write_json(sources, entries)
        report.written.append(sources)
    corpus = folder / CORPUS_FILE
    if corpus.exists():
        report.kept.append(corpus)
    else:
        corpus.write_text(CORPUS_TOML, encoding="utf-8")
        report.written.append(corpus)
    return report


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
