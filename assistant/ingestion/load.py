"""Read files into Documents: exact text, content hash, metadata (sources.json, front matter, heuristics)."""

from __future__ import annotations

import errno
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputPathError
from assistant.schema import Document, DocumentMeta
from assistant.text.dates import parse_any_date, parse_date  # noqa: F401  (parse_date: re-exported)
from assistant.text.sentences import LIST_MARK, paragraphs, split_sentences

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
SOURCES_FILE = "sources.json"
CORPUS_FILE = "corpus.toml"  # optional: what a user declares about a corpus (aliases)
_CREDIT = re.compile(r"(?:image|photo|picture|illustration)s?\b", re.I)  # a caption or credit line
DATELINE = re.compile(
    r"^(?:(?:Updated|Published|Posted|Last updated)(?: on)?:?\s+)?.{0,20}\d{4}\b.{0,25}$", re.I
)
_BY = r"^(?:By|Reported by|Written by|Author|Edited by)\s*:?\s+"
BYLINE = re.compile(_BY + r"(?P<name>[^\n|,]{3,60})$", re.I)
# "By Jane Ortiz, March 3, 2023": a byline with its date (only where what follows the name is a date).
_DATED_BYLINE = re.compile(
    _BY + r"(?P<name>[^\n|,]{3,60}?)\s*[,|·•–—]\s*(?:(?:Updated|Published|Posted)(?: on)?:?\s+)?"
    r"(?P<when>[^\n]{4,40})$",
    re.I,
)


def byline(line: str) -> tuple[str, str | None] | None:
    """(author, ISO date or None) where the line is a byline: "By Jane Ortiz", "By Jane Ortiz, March 3, 2023"."""
    if match := BYLINE.match(line):
        return match.group("name").strip(), None
    if (match := _DATED_BYLINE.match(line)) and (when := parse_date(match.group("when"))):
        return match.group("name").strip(), when
    return None


class SkipFile(Exception):
    """This file cannot be ingested; the message says why (shown as a warning)."""


@dataclass
class _Extracted:
    text: str
    hints: dict[str, str | None]


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest under the given files/folders, and (path, reason) for the ones skipped."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            if path.is_symlink():
                raise InputPathError(f"{path}: {_link_problem(path)}")
            raise InputPathError(f"No such file or folder: {path}")
        candidates = (
            sorted(p for p in path.rglob("*") if not p.is_dir() or p.is_symlink())
            if path.is_dir()
            else [path]
        )
        for file in candidates:
            if any(part.startswith(".") for part in file.relative_to(path).parts) if path.is_dir() else False:
                continue
            if file.name in (SOURCES_FILE, CORPUS_FILE):
                continue
            if not file.is_file():  # nothing under the folders given disappears without a word
                why = _link_problem(file) if file.is_symlink() else "not a regular file"
                if file.is_dir():
                    why = "symbolic link to a folder (not followed)"
                skipped.append((str(file), why))
                continue
            if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append((str(file), f"unsupported file type '{file.suffix or file.name}'"))
                continue
            found.append(file.resolve())
    for folder in sorted({f.parent for f in found}):
        check_sources_json(folder / SOURCES_FILE)
    return list(dict.fromkeys(found)), skipped


def check_sources_json(listing: Path) -> None:
    """A broken sources.json would silently drop every title and date it states: one line with its line."""
    if not listing.is_file():
        return
    try:
        data = json.loads(listing.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputPathError(
            f"{listing}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputPathError(f"{listing}: unreadable ({exc})") from None
    if not isinstance(data, dict):
        raise InputPathError(
            f"{listing}:1: must be an object mapping file names to their title, author, date"
        )


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises this for a loop
        return "symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link (its target does not exist)"
    return "symbolic link"


def doc_id_for(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]


def load_document(path: Path, furniture: frozenset[str] = frozenset()) -> Document:
    """Read one file; raises SkipFile for empty, binary, undecodable or unreadable files. furniture: its
    folder's [furniture] lines (read_furniture), which decide what of it gets indexed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise SkipFile("deleted before it could be read") from exc
    except OSError as exc:
        raise SkipFile(f"unreadable ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise SkipFile("empty file")
    suffix = path.suffix.lower()
    reflowed = suffix in {".md", ".markdown", ".html", ".htm", ".pdf"}
    if suffix == ".pdf":
        extracted = _read_pdf(raw)
    else:
        if b"\x00" in raw[:8192]:
            raise SkipFile("binary file, not text")
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SkipFile(f"not UTF-8 text (bad byte at offset {exc.start})") from exc
        try:
            if suffix in {".html", ".htm"}:
                extracted = _read_html(decoded)
            elif suffix in {".md", ".markdown"}:
                extracted = _read_markdown(decoded)
            else:
                extracted = _Extracted(_unwrapped_plain(decoded), {})
                reflowed = extracted.text != decoded
        except (RecursionError, ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            # A parser's fault on one odd page (markup nested thousands deep) skips that file, not the ingest.
            raise SkipFile(f"unreadable {suffix.lstrip('.').upper()} ({type(exc).__name__})") from exc
    if not extracted.text.strip():
        raise SkipFile(
            "no text layer (a scanned PDF? run OCR first)" if suffix == ".pdf" else "no text in file"
        )
    meta = resolve_metadata(path, extracted.text, extracted.hints)
    digest = hashlib.sha256(raw)
    if reflowed:
        # An index from when Markdown was read raw, HTML a line per tag, PDF or hard-wrapped text a line per
        # laid-out line re-reads these files.
        digest.update(b"\0read as blocks of text")
    for line in sorted(furniture):  # what gets indexed depends on them: editing the list re-indexes
        digest.update(b"\0" + line.encode())
    return Document(
        doc_id_for(path), path.name, str(path.resolve()), extracted.text, digest.hexdigest(), meta, furniture
    )


def read_source_text(path: str | Path) -> str:
    """The text that citation offsets index into: the same extraction load_document does."""
    return load_document(Path(path)).text


def _read_html(html: str) -> _Extracted:
    """The page's text: each block (paragraph, heading, list entry, table row) on a line of its own, and
    inline markup (a link, bold) inside its sentence, as the reader sees it. Page furniture (scripts, menus,
    footers, forms) is left out; a list keeps its marks, as in Markdown."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    hints: dict[str, str | None] = {}
    if soup.title and soup.title.string:
        hints["title"] = soup.title.string.strip()
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        hints["title"] = h1.get_text(" ", strip=True)
    for name, key in (("author", "author"), ("article:published_time", "date"), ("date", "date")):
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag and tag.get("content"):
            hints[key] = str(tag["content"]).strip()
    for tag in soup(["script", "style", "nav", "footer", "aside", "noscript", "form", "header", "template"]):
        tag.decompose()
    page = _HtmlWalk()
    page.walk(soup)
    return _Extracted(page.text(), hints)


# Elements that start a line of their own; everything else (a link, bold, a span) stays inside its sentence.
_HTML_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})  # fmt: skip


class _Lines:
    """The text of a page read block by block, a block a line: blank lines between blocks, none between the
    entries of one list or the rows of one table (see retrieval/context.py: next_item). Markdown and HTML
    are both written through it."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.lists: list[list[int]] = []  # open lists: [entries so far, next number or 0 for bullets]
        self.rows = 0  # rows of the current table so far: each after the first on the next line
        self.broken = False  # a <br> ended the line before: the next one follows without a blank line

    def add(self, text: str, tight: bool = False) -> None:
        text = " ".join(text.split())
        if text:
            tight, self.broken = tight or self.broken, False
            self.pieces.append(("\n" if tight else "\n\n") + text if self.pieces else text)

    def add_verbatim(self, text: str) -> None:
        """Code as written, its lines and indents kept."""
        if text.strip("\n"):
            self.pieces.append(("\n\n" if self.pieces else "") + text.strip("\n"))

    def open_list(self, first_number: int = 0) -> None:
        """A list's entries are numbered from first_number, or bulleted where it is 0."""
        self.lists.append([0, first_number])

    def close_list(self) -> None:
        self.lists.pop()

    def entry_mark(self) -> tuple[str, bool]:
        """The next entry's mark ("- ", "3. ") and whether it follows the one before on the next line."""
        entries, number = self.lists[-1]
        self.lists[-1] = [entries + 1, number + 1 if number else 0]
        return (f"{number}. " if number else "- "), entries > 0

    def row(self, cells: list[str]) -> None:
        self.add(" | ".join(cell for cell in cells if cell), tight=self.rows > 0)
        self.rows += 1

    def text(self) -> str:
        return "".join(self.pieces) + "\n" if self.pieces else ""


class _HtmlWalk:
    """Writes an HTML tree's text through _Lines: a block starts a line, inline markup stays in its line."""

    def __init__(self) -> None:
        self.out = _Lines()
        self.line: list[str] = []

    def flush(self, tight: bool = False) -> None:
        self.out.add("".join(self.line), tight)
        self.line = []

    def walk(self, node) -> None:
        from bs4.element import NavigableString, PreformattedString

        out = self.out
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctypes, CDATA
                    self.line.append(str(child))
                continue
            name = child.name
            if name not in _HTML_BLOCKS:
                self.walk(child)
            elif name == "br":
                self.flush()
                out.broken = True
            elif name == "pre":
                self.flush()
                out.add_verbatim(child.get_text())
            elif name == "table":
                self.flush()
                out.rows = 0
                self.walk(child)
            elif name == "tr":
                self.flush()
                out.row([c.get_text(" ", strip=True) for c in child.find_all(["td", "th"], recursive=False)])
            elif name in {"ul", "ol"}:
                self.flush()
                start = child.get("start") if name == "ol" else None
                number = int(start) if isinstance(start, str) and start.isdigit() else 1
                out.open_list(number if name == "ol" else 0)
                self.walk(child)
                self.flush(tight=True)
                out.close_list()
            elif name == "li" and out.lists:
                mark, tight = out.entry_mark()
                self.flush(tight=tight)
                self.line.append(mark)
                self.walk(child)
                self.flush(tight=tight)
            else:
                # <li><p>…</p></li>: the entry's text joins its mark
                marked = bool(out.lists) and bool(re.fullmatch(r"- |\d+\. ", "".join(self.line)))
                if not marked:
                    self.flush()
                self.walk(child)
                self.flush(tight=marked and out.lists[-1][0] > 1)

    def text(self) -> str:
        self.flush()
        return self.out.text()


def _read_markdown(markdown: str) -> _Extracted:
    """The article's text without its markup: "**Harbor Bridge**" reads "Harbor Bridge" and a link its own
    words, in answers and in the sentences searched alike. Headings and paragraphs stay blocks apart; a list
    keeps one entry a line with its mark ("- ", "2."), so an answer can carry a list a sentence announces.
    Parsed with markdown-it-py (CommonMark, with tables); citations index into this text, as for HTML."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown[front_matter_end(markdown) :])
    out = _Lines()
    mark, tight = "", False  # the mark of a list entry whose text comes next
    row: list[str] | None = None  # the cells of a table row being read
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            out.open_list()
        elif kind == "ordered_list_open":
            out.open_list(int(token.attrGet("start") or 1))
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            out.close_list()
        elif kind == "list_item_open" and out.lists:
            mark, tight = out.entry_mark()
        elif kind == "table_open":
            out.rows = 0
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            out.row(row)
            row = None
        elif kind == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            elif mark:
                out.add(mark + text, tight=tight)
                mark = ""
            else:
                out.add(text)
        elif kind in {"fence", "code_block"}:
            out.add_verbatim(token.content)
        elif kind == "html_block":
            out.add(re.sub(r"<[^>]*>", " ", token.content))
    return _Extracted(out.text() or "\n", _front_matter(markdown))


def _inline_text(children: list) -> str:
    """An inline run's words: emphasis and link markup dropped, an image (a caption's picture) left out."""
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _read_pdf(raw: bytes) -> _Extracted:
    """Text of every page; a damaged PDF is a SkipFile with one reason, and pypdf's own warnings (it logs
    and warns about every broken object) never reach the screen."""
    import io
    import logging
    import warnings

    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    level, logger.level = logger.level, logging.CRITICAL + 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(raw))
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata or {}
            hints = {"title": info.get("/Title"), "author": info.get("/Author")}
    except Exception as exc:  # pypdf raises a dozen types (PdfReadError, KeyError, TypeError…) on bad input
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SkipFile(f"unreadable PDF ({detail})") from exc
    finally:
        logger.level = level
    hints = {k: str(v) for k, v in hints.items() if isinstance(v, str) and v.strip()}
    widths = sorted(len(line.strip()) for page in pages for line in page.splitlines() if line.strip())
    full = widths[int(len(widths) * 0.8)] if widths else 0  # a full line of the document's main text
    return _Extracted("\n\n".join(_unwrapped(p.strip(), full) for p in pages), hints)


_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$")


def _unwrapped(page: str, full: int) -> str:
    """A page's lines as laid out, with a sentence cut by a line end joined again: a line that runs near the
    full width and ends without a full stop goes on in the next one ("…after a two-year" / "rebuild that
    cost…"). A hyphen that splits a word between lowercase letters is dropped ("recon-" / "struction")."""
    lines = [line.strip() for line in page.splitlines()]
    out: list[str] = []
    for line in lines:
        last = out[-1] if out else ""
        if last and line and len(last) >= 0.6 * full and not _ENDS_SENTENCE.search(last):
            if re.search(r"[a-z]-$", last) and line[:1].islower():
                out[-1] = last[:-1] + line
            else:
                out[-1] = f"{last} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _unwrapped_plain(text: str) -> str:
    """A hard-wrapped text file (every line of a paragraph cut near one width, as mail, RFCs and e-texts
    are) with a sentence cut at a line end joined into one line again; any other file comes back unchanged.
    A line that ends a sentence stays a line end (it may end a paragraph), as do a short line, a blank
    line, a list item, a line indented past the words of the one before and a line of no words (an
    underline)."""
    lines = text.splitlines()
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(widths) < 8:
        return text
    full, top = widths[int(0.8 * (len(widths) - 1))], widths[int(0.95 * (len(widths) - 1))]
    if full > 100 or top > 1.15 * full or sum(w >= 0.6 * full for w in widths) < 0.5 * len(widths):
        return text  # lines of a paragraph each, or of every length: not wrapped at one width
    pieces: list[str] = []  # joined at the end: a paragraph of thousands of lines stays linear
    previous = ""
    for raw in lines:
        line = raw.rstrip()
        if (
            pieces
            and line.strip()
            and len(previous) >= 0.75 * full
            and not _ENDS_SENTENCE.search(previous)
            and re.search(r"\w", previous)
            and re.search(r"\w", line)
            and not LIST_MARK.match(line)
            and _indent(line) <= _text_start(previous)
        ):
            pieces.append(("" if re.search(r"\w-$", previous) else " ") + line.lstrip())
        else:
            pieces.append(("\n" if pieces else "") + line)
        previous = line
    return "".join(pieces) + ("\n" if text.endswith("\n") else "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _text_start(line: str) -> int:
    """Where a line's words start: past its indent, and past the mark of a list item (whose wrapped lines
    hang under its words)."""
    item = LIST_MARK.match(line)
    return item.end() if item else _indent(line)


def _front_matter(text: str) -> dict[str, str | None]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}
    hints: dict[str, str | None] = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key in {"title", "author", "date", "publisher", "url"} and value.strip():
            hints[key] = value.strip().strip("\"'")
    return hints


def front_matter_end(text: str) -> int:
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    return match.end() if match else 0


def _corpus_file(folder: Path) -> tuple[Path, dict]:
    """The folder's corpus.toml, parsed ({} when there is none)."""
    import tomllib

    path = Path(folder) / CORPUS_FILE
    if not path.is_file():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputPathError(f"{path}: not a valid corpus file ({exc})") from exc


def read_furniture(folder: Path) -> frozenset[str]:
    """The [furniture] lines of the folder's corpus.toml, lower-case: page furniture of the articles' sites
    (a sign-up box, a comments banner) that the general rules of clean.py don't know."""
    path, data = _corpus_file(folder)
    table = data.get("furniture", {})
    lines = table.get("lines", []) if isinstance(table, dict) else None
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise InputPathError(f'{path}: [furniture] must be lines = ["a line of page furniture", …]')
    return frozenset(furniture_key(x) for x in lines if x.strip())


def furniture_key(line: str) -> str:
    """A line as [furniture] entries are compared: case and spacing aside."""
    return " ".join(line.split()).lower()


def read_aliases(folders: Iterable[Path]) -> dict[str, list[str]]:
    """The [aliases] tables of the corpus.toml files in these folders: name -> other names for it."""
    aliases: dict[str, list[str]] = {}
    for folder in folders:
        path, data = _corpus_file(folder)
        table = data.get("aliases", {})
        if not isinstance(table, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in table.values()
        ):
            raise InputPathError(f'{path}: [aliases] must map a name to a list of names, e.g. UN = ["U.N."]')
        for name, others in table.items():
            aliases.setdefault(name, []).extend(o for o in others if o not in aliases.get(name, []))
    return aliases


def _sources_json(path: Path) -> dict | None:
    listing = path.parent / SOURCES_FILE
    if not listing.is_file():
        return None
    try:
        data = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get(path.name) if isinstance(data, dict) else None
    return entry if isinstance(entry, dict) else None


def resolve_metadata(path: Path, text: str, hints: dict[str, str | None]) -> DocumentMeta:
    """sources.json wins field by field; a null or missing field falls back to front matter / HTML, then to
    the heuristics. Dates in common formats become ISO."""
    found = guess_metadata(text)
    found.update({k: v for k, v in hints.items() if v})
    listed = _sources_json(path) or {}
    for key in ("title", "author", "date", "publisher", "url"):
        value = listed.get(key)
        if isinstance(value, str | int) and str(value).strip():
            found[key] = str(value).strip()
    if found.get("date"):
        found["date"] = listed_date(found["date"])
    title = (found.get("title") or "").strip()
    if (
        title
        and listed.get("title") is None
        and title.casefold() == (found.get("publisher") or "").casefold()
    ):
        title = ""  # a first line that is the publisher's name is not a headline
    if title:
        return DocumentMeta(
            title, found.get("author"), found.get("date"), found.get("publisher"), url=found.get("url")
        )
    return DocumentMeta(
        fallback_title(text, path),
        found.get("author"),
        found.get("date"),
        found.get("publisher"),
        title_is_fallback=True,
        url=found.get("url"),
    )


def listed_date(value: str) -> str:
    """A date as people write it ("3 Jan 2023", "January 3, 2023", "2023/01/03", "03.01.2023") as ISO;
    anything that is not a whole date ("2023", "spring 2021") is kept as written, never completed."""
    from datetime import datetime

    from dateutil import parser

    iso = parse_date(value)
    if iso:
        return iso
    try:  # a component the text leaves out would be filled from `default`: two defaults expose it
        first = parser.parse(value, default=datetime(2000, 1, 1)).date()
        second = parser.parse(value, default=datetime(2001, 2, 2)).date()
    except (ValueError, OverflowError):
        return value
    return first.isoformat() if first == second else value


def guess_metadata(text: str) -> dict[str, str | None]:
    """Headline, byline and date from the first lines of an article."""
    found: dict[str, str | None] = {}
    head = [text[s.start : s.end] for _, s in list(paragraphs(text))[:12]]
    for line in head:
        if by := byline(line):
            found.setdefault("author", by[0])
            if by[1]:
                found.setdefault("date", by[1])
        elif len(line) <= 60 and DATELINE.match(line) and parse_date(line):
            found.setdefault("date", parse_date(line))
    for index, line in enumerate(head):
        if byline(line) or (len(line) <= 60 and parse_date(line)) or _CREDIT.match(line):
            continue
        if len(line) <= 200 and len(line.split()) <= 25 and not line.endswith("."):
            found["title"] = line
            following = head[index + 1] if index + 1 < len(head) else ""
            if "author" not in found and re.fullmatch(r"(?:[A-Z][\w’'.-]+\s){1,3}[A-Z][\w’'.-]+", following):
                found["author"] = following
        break
    return found


def fallback_title(text: str, path: Path) -> str:
    """A readable stand-in when the text states no headline: its opening words."""
    for _, span in paragraphs(text):
        sentences = split_sentences(text, span.start, span.end)
        if sentences and len(text[sentences[0].start : sentences[0].end].split()) >= 5:
            first = text[sentences[0].start : sentences[0].end]
            words = first.split()
            return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return path.stem.replace("_", " ")
