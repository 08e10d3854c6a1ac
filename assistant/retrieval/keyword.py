"""The keyword side: BM25 over the collection's chunks, built at ingest and persisted, keyed to the content.

A cold `ask` used to read every chunk and rebuild BM25 and the CorpusContext in each new process: O(N) on
every question. Now ingest builds both once and saves them in a folder named by a hash over every chunk's
id, text and metadata plus the collection's aliases (the *content key*). The key is written into the
collection's metadata last, after the files, and cleared before the first write of an ingest, so a reader
either finds the key of a complete build or none (then it builds from the collection, as before).

Where the files live: an embedded index keeps them in `<index>/keyword/<key>/`; a client of a Chroma
server keeps them in its own cache (`<home>/keyword-cache/<server+collection>/<key>/`), filled the first
time it sees a key. Either way the key is the collection's version: a running chat re-reads it (one cheap
metadata call) before each question and reloads when it changed, even when the chunk count did not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.retrieval import chunk_table
from assistant.retrieval.chunk_table import ChunkTable
from assistant.retrieval.context import CorpusContext
from assistant.retrieval.store import to_passage
from assistant.schema import Passage
from assistant.text.lexical import content_terms

if TYPE_CHECKING:
    from assistant.retrieval.store import Store

# KEY_VERSION: bump when what the content key covers changes (every index then builds its snapshot again).
# FORMAT: bump when the saved files change, or what is derived into them (CorpusContext.build: 6 reads "P&I"
# as one name word, 7 keeps runs of capitalised words); a folder in another format is rebuilt from the store,
# once, under the same key.
KEY_VERSION = "2"
FORMAT = "7"
_BM25 = "bm25"
_CHUNKS = "chunks"  # retrieval/chunk_table.py: every chunk, memory-mapped
_FORMAT = "format"  # FORMAT, written last: its absence or another value means "build again"
_CONTEXT = "context.pickle"  # the CorpusContext without its chunks
_EMPTY = "empty"  # stands for bm25/ when the collection has no chunks


class KeywordIndex:
    """BM25 (bm25s) over the chunks, with the same stemmed tokens as the rest of the lexical code."""

    def __init__(self, chunks: Sequence[Passage], bm25: Any = None):
        self.chunks = chunks
        self._sources: Any = None
        if bm25 is None:
            import bm25s

            bm25 = bm25s.BM25()
            if chunks:
                # Token ids in compact arrays, not lists of strings: ~4 bytes a token instead of ~60, so a
                # 50k-chunk build holds megabytes. Same vocabulary, same scores as indexing the strings.
                vocab: dict[str, int] = {}
                ids = [
                    array("i", [vocab.setdefault(t, len(vocab)) for t in content_terms(c.text) or ["_"]])
                    for c in chunks
                ]
                bm25.index((ids, vocab), show_progress=False)
        self._bm25 = bm25

    def search(self, question: str, k: int, sources: list[str] | None = None) -> list[Passage]:
        """The k best chunks with a positive score; ties keep the collection's order (a stable sort)."""
        import numpy as np

        terms = content_terms(question)
        if not self.chunks or not terms:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=np.float64)
        if sources:
            scores = np.where(self._source_mask(sources), scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if len(positive) > k:  # only the candidates at or above the k-th best score need sorting
            threshold = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
            positive = positive[scores[positive] >= threshold]
        order = positive[np.argsort(-scores[positive], kind="stable")]
        return [self.chunks[i] for i in order[:k]]

    def _source_mask(self, sources: list[str]):
        import numpy as np

        if self._sources is None:
            if isinstance(self.chunks, ChunkTable):
                self._sources = self.chunks.source_array()
            else:
                self._sources = np.array([c.source for c in self.chunks], dtype=object)
        return np.isin(self._sources, list(sources))

    def save(self, folder: Path) -> None:
        if self.chunks:  # bm25s cannot save an index of nothing
            self._bm25.save(str(folder / _BM25), show_progress=False)
        else:
            (folder / _EMPTY).touch()


def record_digest(chunk_id: str, text: str, meta: dict) -> bytes:
    """One record's share of the content key."""
    digest = hashlib.sha256(b"\0" + chunk_id.encode() + b"\0" + text.encode() + b"\0")
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.digest()


def content_key(digests: list[bytes], aliases: dict[str, list[str]]) -> str:
    """A hash over everything BM25 and the CorpusContext read: same content, same key, on any machine, in
    any record order. Built from per-record digests, so the records are read a page at a time."""
    digest = hashlib.sha256(f"keyword-v{KEY_VERSION}\n".encode())
    digest.update(json.dumps(aliases, sort_keys=True, ensure_ascii=False).encode())
    for record in sorted(digests):
        digest.update(record)
    return digest.hexdigest()[:32]


def read_chunks(store: Store) -> tuple[list[Passage], list[bytes]]:
    """The collection's chunks as passages (collection order) and their digests, read page by page."""
    chunks: list[Passage] = []
    digests: list[bytes] = []
    for ids, texts, metas in store.chunk_records():
        for cid, text, meta in zip(ids, texts, metas, strict=True):
            digests.append(record_digest(cid, text, meta))
            chunks.append(to_passage(cid, text, meta, 0.0))
    return chunks, digests


class Snapshot:
    """BM25 and the CorpusContext for one version of the collection."""

    def __init__(self, key: str, index: KeywordIndex, context: CorpusContext):
        self.key = key
        self.index = index
        self.context = context

    @classmethod
    def build(cls, key: str, chunks: list[Passage], aliases: dict[str, list[str]]) -> Snapshot:
        return cls(key, KeywordIndex(chunks), CorpusContext.build(chunks, aliases))

    def save(self, root: Path) -> bool:
        """Write to a temporary folder, then rename: a reader never sees half a snapshot. False when the
        folder can't be written (a read-only index): the snapshot then lives in memory only."""
        target = root / self.key
        if self.exists(root, self.key):
            return True
        tmp = root / f".tmp-{self.key}-{os.getpid()}"
        try:
            if target.exists():  # an incomplete folder (files lost): replaced whole
                shutil.rmtree(target)
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            self.index.save(tmp)
            (tmp / _CHUNKS).mkdir()
            chunk_table.write(tmp / _CHUNKS, self.index.chunks)
            context = dataclasses.replace(self.context, chunks_by_doc={})  # the chunk table holds them
            with open(tmp / _CONTEXT, "wb") as fh:
                pickle.dump((FORMAT, context), fh, protocol=pickle.HIGHEST_PROTOCOL)
            (tmp / _FORMAT).write_text(FORMAT, encoding="utf-8")
            try:
                os.rename(tmp, target)
            except OSError:  # another process saved the same key first: same content
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return False
        return True

    @staticmethod
    def exists(root: Path, key: str) -> bool:
        """Complete and in this FORMAT: a folder of another format is replaced by the next save."""
        folder = root / key
        try:
            current_format = (folder / _FORMAT).read_text(encoding="utf-8").strip() == FORMAT
        except OSError:
            return False
        return (
            current_format
            and (folder / _CONTEXT).is_file()
            and chunk_table.exists(folder / _CHUNKS)
            and ((folder / _BM25 / "params.index.json").is_file() or (folder / _EMPTY).is_file())
        )

    @classmethod
    def load(cls, root: Path, key: str) -> Snapshot | None:
        """The saved snapshot for this key, BM25 and the chunks memory-mapped; None when absent or unreadable."""
        folder = root / key
        if not cls.exists(root, key):
            return None
        try:
            with open(folder / _CONTEXT, "rb") as fh:
                version, context = pickle.load(fh)
            if version != FORMAT:
                return None
            chunks = ChunkTable(folder / _CHUNKS)
            context.chunks_by_doc = chunks.by_doc()
            if not chunks:
                return cls(key, KeywordIndex([]), context)
            import bm25s

            bm25 = bm25s.BM25.load(str(folder / _BM25), mmap=True, show_progress=False)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
        ):
            return None
        return cls(key, KeywordIndex(chunks, bm25), context)


def prune(root: Path, keep: set[str]) -> None:
    """Remove snapshots of older versions (a reader that still maps one keeps its open files)."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and entry.name not in keep and not entry.name.startswith(".tmp-"):
            shutil.rmtree(entry, ignore_errors=True)


def current(store: Store, key: str | None) -> Snapshot:
    """The snapshot for the collection's recorded key: loaded from disk when saved, else built from the
    collection (and saved for the next process when the key is known)."""
    root = store.keyword_dir
    if key and root is not None:
        snap = Snapshot.load(root, key)
        if snap is not None:
            return snap
    chunks, digests = read_chunks(store)
    aliases = store.aliases()
    if key and content_key(digests, aliases) == key:
        snap = Snapshot.build(key, chunks, aliases)
        if root is not None:
            snap.save(root)
        return snap
    # No key (an ingest is running, or was killed) or the content moved on since the key was read:
    # correct for what was read, kept in memory only.
    return Snapshot.build("", chunks, aliases)


def rebuild_after_ingest(store: Store) -> str:
    """Called by ingest once its writes are done: build, save, then record the key (in that order)."""
    chunks, digests = read_chunks(store)
    aliases = store.aliases()
    key = content_key(digests, aliases)
    del digests
    root = store.keyword_dir
    previous = store.keyword_key(refresh=True)
    if root is not None and not Snapshot.exists(root, key):
        Snapshot.build(key, chunks, aliases).save(root)
    del chunks
    if previous != key:
        store.set_keyword_key(key)
    if root is not None:
        prune(root, {key})
    return key
