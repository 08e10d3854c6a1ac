"""Opening an embedded index folder safely.

A damaged index (a truncated or garbage `chroma.sqlite3`, a vector segment folder gone) is one line that
says what to run, found before Chroma reads it where that is cheap; Chroma's Rust core prints its panics
straight to file descriptor 2, so every call into it runs with fd 2 held, and a panic becomes that same
line instead of a backtrace. A folder that cannot be written (a read-only mount, a shared folder) is
queried from a private copy: Chroma 1.x has no read-only mode and writes to its sqlite file on open.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import IndexDamagedError, IndexReadOnlyError

DB_FILE = "chroma.sqlite3"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# What Chroma says when its files are broken: sqlite's corrupt / not-a-database codes, and the errors a
# query gets after a panic in the Rust core or with a segment's files gone.
_DAMAGE = re.compile(
    r"code: (?:11|26)\b|malformed|not a database|panicked|Failed to receive response|Error finding id|"
    r"compactor|hnsw|segment",
    re.I,
)
_SEGMENT_FILES = ("header.bin", "data_level0.bin", "index_metadata.pickle")  # a persisted HNSW segment
_READ_ONLY = re.compile(r"readonly database|read-only file system|code: 8\b", re.I)


def damaged_message(index_dir: Path, detail: str) -> str:
    return (
        f"The index at {index_dir} is damaged ({detail}): rebuild it with "
        f"'assistant --index {index_dir} ingest --reset' (add the folders you had indexed)"
    )


def check_files(index_dir: Path, *, deep: bool = False) -> None:
    """Raise IndexDamagedError when the folder's Chroma files cannot be right: a bad sqlite header, a
    file shorter than its header says, tables sqlite cannot read, a persisted vector segment whose folder
    is gone. Cheap (the header and two small tables); deep adds sqlite's quick_check (reads every page)."""
    db = index_dir / DB_FILE
    if not db.is_file():
        return
    try:
        with db.open("rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise IndexDamagedError(damaged_message(index_dir, f"{DB_FILE} unreadable: {exc.strerror}")) from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise IndexDamagedError(damaged_message(index_dir, f"{DB_FILE} is not a database"))
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        raise IndexDamagedError(damaged_message(index_dir, str(exc))) from None
    try:
        # Under a shared lock no writer is half-way through a commit, so the size is the committed one.
        con.execute("BEGIN")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check_size(db, index_dir)
        persisted = con.execute(
            "SELECT s.id FROM segments s JOIN max_seq_id m ON m.segment_id = s.id "
            "WHERE s.scope = 'VECTOR' AND m.seq_id > 0"
        ).fetchall()
        if deep:
            verdict = con.execute("PRAGMA quick_check").fetchone()
            if not verdict or verdict[0] != "ok":
                raise IndexDamagedError(damaged_message(index_dir, "database disk image is malformed"))
    except sqlite3.OperationalError as exc:
        # A writer holds it, a hot journal waits for the next writer to roll it back, or a new index has
        # no tables yet: none of these is damage, and Chroma deals with each when it opens the file.
        if re.search(r"locked|readonly|read-only|unable to open|no such table", str(exc), re.I):
            return
        raise IndexDamagedError(damaged_message(index_dir, str(exc))) from None
    except sqlite3.DatabaseError as exc:
        raise IndexDamagedError(damaged_message(index_dir, str(exc))) from None
    finally:
        con.close()
    for (segment,) in persisted:  # Chroma re-creates a missing folder nearly empty: check its files too
        folder = index_dir / str(segment)
        if not all((folder / name).is_file() for name in _SEGMENT_FILES):
            raise IndexDamagedError(
                damaged_message(index_dir, f"vector segment folder {segment} is missing or incomplete")
            )


def _check_size(db: Path, index_dir: Path) -> None:
    """A file shorter than the page count its header states was cut short."""
    with db.open("rb") as f:
        header = f.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[92:96] == header[24:28] and db.stat().st_size < page_size * pages:
        raise IndexDamagedError(damaged_message(index_dir, f"{DB_FILE} is truncated"))


def discard_damaged(index_dir: Path) -> bool:
    """For `ingest --reset`: when the folder's Chroma files are damaged, delete them (the sqlite file and
    the segment folders, nothing else) so a fresh index can be built. True if they were deleted."""
    try:
        check_files(index_dir, deep=True)
        return False
    except IndexDamagedError:
        pass
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (index_dir / f"{DB_FILE}{suffix}").unlink()
    for child in index_dir.iterdir():
        if child.is_dir() and _UUID.match(child.name):
            shutil.rmtree(child, ignore_errors=True)
    _forget_system(index_dir)
    return True


def writable(index_dir: Path) -> bool:
    """Can Chroma write here? A read-only mount or an immutable folder says no even to root."""
    db = index_dir / DB_FILE
    targets = [index_dir, db] + [p for p in index_dir.iterdir() if p.is_dir() and _UUID.match(p.name)]
    return all(os.access(p, os.W_OK) for p in targets if p.exists())


def open_client(index_dir: Path, create: bool):
    """A PersistentClient for the folder, checked first, and guarded so no Rust panic reaches the screen.
    An index that cannot be written is opened from a private copy for reading; writing it is an error."""
    from assistant.retrieval.chroma_import import import_chromadb

    chromadb = import_chromadb()
    from chromadb.config import Settings as ChromaSettings

    check_files(index_dir)
    path = index_dir
    if (index_dir / DB_FILE).is_file() and not writable(index_dir):
        if create:
            raise IndexReadOnlyError(
                f"The index at {index_dir} is read-only: ingest needs a folder it can write "
                "(asking questions works as it is)"
            )
        path = _private_copy(index_dir)
    else:
        index_dir.mkdir(parents=True, exist_ok=True)
    error: BaseException | None = None
    with held_stderr() as held:
        try:
            client = chromadb.PersistentClient(
                path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
            )
        except BaseException as exc:  # pyo3's PanicException is no Exception
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            error = exc
    if error is not None:
        _forget_system(path)  # chromadb caches the system before starting it, failed or not
        raise _translated(error, held, index_dir) or error
    _guard(client, index_dir)
    return client


def _private_copy(index_dir: Path) -> Path:
    copy = Path(tempfile.mkdtemp(prefix="assistant-readonly-index-"))
    atexit.register(shutil.rmtree, copy, True)
    try:
        shutil.copy2(index_dir / DB_FILE, copy / DB_FILE)
        for child in index_dir.iterdir():
            if child.is_dir() and _UUID.match(child.name):
                shutil.copytree(child, copy / child.name)
        for path in [copy, *copy.rglob("*")]:  # the copy keeps the originals' modes: make it ours to write
            path.chmod(path.stat().st_mode | (0o700 if path.is_dir() else 0o600))
    except OSError as exc:
        raise IndexReadOnlyError(
            f"The index at {index_dir} is read-only and could not be copied to read it ({exc.strerror})"
        ) from None
    return copy


def _forget_system(index_dir: Path) -> None:
    """chromadb caches one client system per path; a deleted index must not be served from it."""
    with contextlib.suppress(Exception):
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(index_dir), None)


# -- fd 2 held around every call into the Rust core --------------------------------------------------------
_state_lock = threading.Lock()
_state: dict[str, Any] = {"depth": 0, "saved": None, "file": None}


@contextlib.contextmanager
def held_stderr() -> Iterator[list[bytes]]:
    """Route fd 2 to a temporary file while Chroma runs; yields a list that receives what was written
    (filled on exit). Output other than a panic is passed on to the real stderr afterwards."""
    captured: list[bytes] = []
    import sys

    with _state_lock:
        outer = _state["depth"] == 0
        if outer:
            with contextlib.suppress(Exception):
                sys.stderr.flush()
            if _state["file"] is None:
                _state["file"] = tempfile.TemporaryFile()  # noqa: SIM115 - kept for the process
            _state["file"].seek(0)
            _state["file"].truncate()
            _state["saved"] = os.dup(2)
            os.dup2(_state["file"].fileno(), 2)
        _state["depth"] += 1
    try:
        yield captured
    finally:
        with _state_lock:
            _state["depth"] -= 1
            holder = _state["file"]
            holder.flush()
            holder.seek(0)
            text = holder.read()
            captured.append(text)
            if _state["depth"] == 0:
                os.dup2(_state["saved"], 2)
                os.close(_state["saved"])
                _state["saved"] = None
                if text and b"panicked" not in text:
                    with contextlib.suppress(OSError):
                        os.write(2, text)


def _translated(exc: BaseException, held: list[bytes], index_dir: Path) -> Exception | None:
    """The one-line error for a failure inside Chroma, or None when it is not about the files."""
    from assistant.errors import AssistantError

    if isinstance(exc, AssistantError):
        return exc
    text = str(exc)
    panic = b"panicked" in b"".join(held) or type(exc).__name__ == "PanicException"
    if _READ_ONLY.search(text):
        return IndexReadOnlyError(
            f"The index at {index_dir} is read-only: ingest needs a folder it can write "
            "(asking questions works as it is)"
        )
    if panic or (type(exc).__name__ == "InternalError" and _DAMAGE.search(text)):
        detail = text.splitlines()[0][:120] if text.strip() else type(exc).__name__
        return IndexDamagedError(damaged_message(index_dir, detail))
    return None


class _GuardedBindings:
    """Stands in for chromadb's Rust bindings object: every method runs with fd 2 held, and a failure
    that means damaged files becomes IndexDamagedError."""

    def __init__(self, inner: Any, index_dir: Path):
        self._inner = inner
        self._index_dir = index_dir

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with held_stderr() as held:
                try:
                    return attr(*args, **kwargs)
                except BaseException as exc:  # pyo3's PanicException is no Exception
                    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                        raise
                    error = exc
            raise _translated(error, held, self._index_dir) or error

        return call


def _guard(client: Any, index_dir: Path) -> None:
    server = getattr(client, "_server", None)
    bindings = getattr(server, "bindings", None)
    if bindings is not None and not isinstance(bindings, _GuardedBindings):
        server.bindings = _GuardedBindings(bindings, index_dir)
