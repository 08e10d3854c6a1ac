"""Bad input of every kind: one clear line and the right exit code, never a traceback, and the index intact.

Each kind runs the real CLI in a subprocess against a copy of the bundled corpus's index (or its own
index where the input is meant to be indexed) and states the one line it must print. Unreadable files and
read-only folders are made so with file modes; as root, whose capabilities ignore modes, the CLI runs
under `setpriv` without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, which is what an ordinary user is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from assistant.errors import AssistantError

QUESTION = "Who attacked the Russian embassy in Kabul?"
_DROP_OVERRIDES = "-dac_override,-dac_read_search"


def record_ids(index: Path) -> set[str]:
    """Every record id in the index, read with sqlite (no Chroma cache between the runs)."""
    con = sqlite3.connect(f"{(index / 'chroma.sqlite3').resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT embedding_id FROM embeddings")}
    finally:
        con.close()


def as_ordinary_user() -> list[str]:
    """The command prefix that makes file modes bite (empty when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to bite")
    return [setpriv, f"--inh-caps={_DROP_OVERRIDES}", f"--bounding-set={_DROP_OVERRIDES}"]


def cli(*args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None, timeout: float = 600):
    """run_cli with extra environment variables and an optional command prefix."""
    if env is None and prefix is None:
        return run_cli(*args, timeout=timeout)
    full_env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )


def minimal_pdf(stream: bytes) -> bytes:
    """A one-page PDF whose page content is `stream` (empty: a page with no text layer, like a scan)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
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


@dataclass
class Kind:
    """One bad input: how to run it, the line it must print (a regex over stderr, or stdout when it
    succeeds), its exit code; `own_index` kinds are meant to index something, so they get a fresh index."""

    name: str
    run: Callable[[Path, Path], subprocess.CompletedProcess]
    line: str
    code: int
    own_index: bool = False
    check: Callable[[Path, Path], None] | None = None


def ask(*args: str, env: dict[str, str] | None = None):
    return lambda tmp, index: cli("--index", str(index), "ask", *args, env=env)


def ingest_files(files: dict[str, bytes | str], *extra: str, prefix: Callable[[], list[str]] | None = None):
    """Ingest a folder holding `files` (the folder itself is the argument)."""

    def run(tmp: Path, index: Path):
        folder = tmp / "docs"
        folder.mkdir()
        for name, content in files.items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return cli("--index", str(index), "ingest", *extra, str(folder), prefix=prefix() if prefix else None)

    return run


def with_config(text: str | None, *args: str):
    """ASSISTANT_CONFIG pointing at a file holding `text` (None: at a file that does not exist)."""

    def run(tmp: Path, index: Path):
        config = tmp / "config.toml"
        if text is not None:
            config.write_text(text, encoding="utf-8")
        return cli("--index", str(index), *args, env={"ASSISTANT_CONFIG": str(config)})

    return run


# -- kinds that need more than one file or a step in between -----------------------------------------------------
def one_megabyte_line(tmp: Path, index: Path):
    paragraphs = [
        line.strip()
        for path in sorted((ROOT / "corpus").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 12
    ]
    text, i = "", 0
    while len(text) < 1_000_000:
        text += paragraphs[i % len(paragraphs)] + " "
        i += 1
    folder = tmp / "docs"
    folder.mkdir()
    (folder / "oneline.txt").write_text(text[:1_000_000], encoding="utf-8")
    return cli("--index", str(index), "ingest", str(folder))


def check_one_megabyte_line(tmp: Path, index: Path) -> None:
    import chromadb

    from assistant.ingestion.indexer import _MAX_WRITE_BATCH

    client = chromadb.PersistentClient(path=str(index))
    chunks = client.get_collection("articles").get(include=["metadatas"])["metadatas"]
    assert len(chunks) > 5 * _MAX_WRITE_BATCH, "the line should need many write batches"
    covered = sum(m["end"] - m["start"] for m in chunks)
    assert covered >= 1_000_000, "the whole line is in the chunks (they overlap by a sentence)"


def two_thousand_files(tmp: Path, index: Path):
    folder = tmp / "docs"
    folder.mkdir()
    for n in range(2000):
        (folder / f"note_{n:04d}.txt").write_text(f"Checkpoint {n} reported.\n", encoding="utf-8")
    return cli("--index", str(index), "ingest", str(folder))


def check_two_thousand_files(tmp: Path, index: Path) -> None:
    listed = json.loads(cli("--index", str(index), "sources", "--json").stdout)
    assert len(listed) == 2000


def symlink_loop(tmp: Path, index: Path):
    (tmp / "loop.txt").symlink_to(tmp / "loop.txt")
    return cli("--index", str(index), "ingest", str(tmp / "loop.txt"))


def unreadable_file(tmp: Path, index: Path):
    folder = tmp / "docs"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("The embassy guard was injured in the attack on Friday morning.\n", encoding="utf-8")
    secret.chmod(0)
    for part in (tmp, folder):
        part.chmod(0o755)
    # The ordinary user must reach the index too: a private copy, open to it.
    return cli("--index", str(index), "ingest", str(folder), prefix=as_ordinary_user())


def deleted_during_ingest(tmp: Path, index: Path):
    """The file is found, then deleted before it is read: the real loader meets a real missing file."""
    folder = tmp / "docs"
    folder.mkdir()
    doomed = folder / "doomed.txt"
    doomed.write_text("The embassy guard was injured in the attack on Friday morning.\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import assistant.ingestion.indexer as indexer\n"
        "real = indexer.load_document\n"
        "def load(path, *args):\n"
        "    Path(path).unlink(missing_ok=True)\n"
        "    return real(path, *args)\n"
        "indexer.load_document = load\n"
        "from assistant.cli import app\n"
        "sys.argv = ['assistant', *sys.argv[1:]]\n"
        "app()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, "--index", str(index), "ingest", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        cwd=ROOT,
    )


def read_only_index(tmp: Path, index: Path, *command: str):
    copy = tmp / "ro-index"
    shutil.copytree(index, copy)
    for path in [copy, *copy.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(stat.S_IMODE(mode) & ~0o222 | 0o444 | (0o111 if path.is_dir() else 0))
    tmp.chmod(0o755)
    try:
        return cli("--index", str(copy), *command, prefix=as_ordinary_user())
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


def broken_sources_json(tmp: Path, index: Path):
    folder = tmp / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("The Kabul office reported three checkpoints.\n", encoding="utf-8")
    (folder / "sources.json").write_text(
        '{\n  "note.txt": {"title": "Note"},\n  "x": \n}\n', encoding="utf-8"
    )
    return cli("--index", str(index), "ingest", str(folder))


def eval_set(text: str | None):
    def run(tmp: Path, index: Path):
        path = tmp / "cases.jsonl"
        if text is not None:
            path.write_text(text, encoding="utf-8")
        return cli("--index", str(index), "eval", "--set", str(path), "--report", str(tmp / "report.json"))

    return run


CORRUPT_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\nxref\n0 2\ngarbage\ntrailer\n<<>>\n"
)

KINDS = [
    # questions
    Kind("question: empty", ask(""), r"question is empty", 2),
    Kind("question: whitespace", ask(" \t  "), r"question is empty", 2),
    Kind("question: 100,000 characters", ask("w" * 100_000), r"100,000 characters long; the limit", 2),
    Kind("question: control characters", ask(f"\x07\x1b{QUESTION}\x08"), r"Russian embassy", 0),
    Kind("question: only punctuation", ask("?!…;—"), r"question has no words", 2),
    Kind(
        "question: Arabic",
        ask("لماذا هاجم تنظيم داعش السفارة الروسية في كابول؟"),
        r"written in Arabic script; the indexed articles are in English.*ask in English",
        2,
    ),
    # files
    Kind("file: empty", ingest_files({"empty.txt": ""}), r"empty\.txt: empty file", 1),
    Kind("file: binary renamed .txt", ingest_files({"photo.txt": b"\x89PNG\r\n\x00\x00" * 64}), r"binary", 1),
    Kind("file: Latin-1", ingest_files({"cafe.txt": "Café attack".encode("latin-1")}), r"not UTF-8 text", 1),
    Kind(
        "file: one 1 MB line",
        one_megabyte_line,
        r"Ingest summary",
        0,
        own_index=True,
        check=check_one_megabyte_line,
    ),
    Kind(
        "file: 2,000 small files",
        two_thousand_files,
        r"Ingest summary",
        0,
        own_index=True,
        check=check_two_thousand_files,
    ),
    Kind("file: symlink loop", symlink_loop, r"loop\.txt: symbolic link loop", 2),
    Kind("file: unreadable", unreadable_file, r"secret\.txt: unreadable \(Permission denied\)", 1),
    Kind("file: deleted during the ingest", deleted_during_ingest, r"doomed\.txt: deleted before it", 1),
    Kind(
        "file: malformed HTML",
        ingest_files(
            {
                "page.html": "<html><body><p>Guards at the <b>Italian mission doubled <div>their patrols in March."
            }
        ),
        r"Ingest summary",
        0,
        own_index=True,
    ),
    Kind("file: PDF without a text layer", ingest_files({"scan.pdf": minimal_pdf(b"")}), r"no text layer", 1),
    Kind("file: corrupt PDF", ingest_files({"broken.pdf": CORRUPT_PDF}), r"broken\.pdf: unreadable PDF", 1),
    Kind(
        "file: .docx",
        ingest_files({"report.docx": b"PK\x03\x04" + b"\x00" * 64}),
        r"report\.docx: unsupported file type '\.docx'",
        1,
    ),
    Kind(
        "file: missing path",
        lambda tmp, index: cli("--index", str(index), "ingest", str(tmp / "nope")),
        r"No such file or folder",
        2,
    ),
    Kind(
        "file: folder with nothing to index",
        ingest_files({"data.csv": "a,b\n1,2\n", "logo.png": b"\x89PNG"}),
        r"No supported files \(\.txt, \.md, \.html, \.pdf\) found in .*data\.csv: unsupported file type",
        1,
    ),
    Kind("file: broken sources.json", broken_sources_json, r"sources\.json:4: not valid JSON", 2),
    # settings
    Kind(
        "settings: malformed config file",
        with_config("[retrieval\ntop_k = 3\n", "sources"),
        r"config\.toml: not valid TOML",
        2,
    ),
    Kind(
        "settings: missing ASSISTANT_CONFIG file",
        with_config(None, "sources"),
        r"ASSISTANT_CONFIG names .*config\.toml, which does not exist",
        2,
    ),
    Kind(
        "settings: misspelt key",
        with_config("[retrieval]\ntopk = 3\n", "sources"),
        r"config\.toml: unknown setting 'retrieval\.topk' \(did you mean 'top_k'\?\)",
        2,
    ),
    Kind(
        "settings: misspelt environment variable",
        ask(QUESTION, env={"ASSISTANT_CHUNK__TARGET_WORDS": "80"}),
        r"environment variable ASSISTANT_CHUNK__TARGET_WORDS: unknown setting 'chunk' \(did you mean "
        r"'chunking'\?\)",
        2,
    ),
    Kind(
        "settings: wrong value type",
        with_config('[retrieval]\ntop_k = "five"\n', "sources"),
        r"config\.toml: retrieval\.top_k: Input should be a valid integer",
        2,
    ),
    Kind("settings: -k 0", ask("-k", "0", QUESTION), r"-k must be between 1 and 50 \(got 0\)", 2),
    Kind("settings: -k -5", ask("-k", "-5", QUESTION), r"-k must be between 1 and 50 \(got -5\)", 2),
    Kind(
        "settings: ASSISTANT_RETRIEVAL__TOP_K=0",
        ask(QUESTION, env={"ASSISTANT_RETRIEVAL__TOP_K": "0"}),
        r"ASSISTANT_RETRIEVAL__TOP_K: retrieval\.top_k: Input should be greater than or equal to 1",
        2,
    ),
    Kind(
        "settings: ASSISTANT_RETRIEVAL__TOP_K=-5",
        ask(QUESTION, env={"ASSISTANT_RETRIEVAL__TOP_K": "-5"}),
        r"ASSISTANT_RETRIEVAL__TOP_K: retrieval\.top_k: Input should be greater than or equal to 1",
        2,
    ),
    Kind(
        "settings: read-only --index is queried",
        lambda tmp, index: read_only_index(tmp, index, "ask", QUESTION),
        r"Russian embassy",
        0,
    ),
    Kind(
        "settings: read-only --index refuses an ingest",
        lambda tmp, index: read_only_index(tmp, index, "ingest"),
        r"is read-only: ingest needs a folder it can write",
        1,
    ),
    Kind(
        "settings: odd collection name",
        lambda tmp, index: cli("--index", str(index), "--collection", "my articles!", "sources"),
        r"option --collection: collection: a collection name is 3-512 letters",
        2,
    ),
    Kind(
        "settings: unknown --source",
        ask(QUESTION, "--source", "nosuch.txt"),
        r"Unknown source 'nosuch\.txt'",
        2,
    ),
    # eval case files
    Kind("eval: missing case file", eval_set(None), r"No such eval set: .*cases\.jsonl", 2),
    Kind("eval: empty case file", eval_set(""), r"cases\.jsonl:1: no cases", 2),
    Kind(
        "eval: malformed case file",
        eval_set('{"id": "a", "question": "Who?"}\n{"id": "b", "question": \n'),
        r"cases\.jsonl:2: not valid JSON",
        2,
    ),
    Kind(
        "eval: case file that does not match the index",
        eval_set(
            '{"id": "a", "question": "Who?", "evidence": ["x"], "evidence_sources": ["000_e903f09e4eb0f2bc.txt"]}\n'
            '{"id": "b", "question": "Who?", "evidence": ["x"], "evidence_sources": ["nosuch.txt"]}\n'
        ),
        r"cases\.jsonl:2: 1 of the 2 documents its cases cite are not in the index",
        2,
    ),
]


@pytest.fixture(scope="module")
def shared_index(built_index, tmp_path_factory) -> Path:
    """A copy of the bundled corpus's index that every kind runs against."""
    target = tmp_path_factory.mktemp("shared") / "index"
    shutil.copytree(built_index, target)
    return target


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_bad_input_gets_one_line_and_its_exit_code(kind: Kind, shared_index: Path, tmp_path: Path):
    before = record_ids(shared_index)
    index = tmp_path / "own-index" if kind.own_index else shared_index
    work = tmp_path / "work"
    work.mkdir()
    result = kind.run(work, index)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-2000:]
    assert "panicked" not in result.stderr
    assert result.returncode == kind.code, (result.returncode, result.stdout[-1500:], result.stderr[-1500:])
    if kind.code == 0:
        assert re.search(kind.line, result.stdout), result.stdout[-1500:]
    else:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr}"
        assert re.search(kind.line, lines[0]), lines[0]
    if kind.check:
        kind.check(work, index)
    assert record_ids(shared_index) == before, "the index changed"


def test_kinds_cover_the_issue():
    assert len(KINDS) >= 25
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_the_api_raises_one_line_errors_too():
    """The same checks hold for notebook users: an AssistantError whose message is one line."""
    from assistant.query import Query

    for question in ("", "?!", "ما هو؟"):
        with pytest.raises(AssistantError) as caught:
            Query.parse(question, 4000)
        assert "\n" not in str(caught.value)
