"""Load → clean → chunk → embed → upsert, idempotently, in batches written whole so an interrupt loses nothing."""

from __future__ import annotations

import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.ingestion.chunk import iter_chunks
from assistant.ingestion.clean import dropped_paragraphs
from assistant.ingestion.load import SkipFile, discover, load_document, read_aliases, read_furniture
from assistant.schema import Chunk, Document, IngestReport
from assistant.settings import Settings
from assistant.text.sentences import candidate_spans

if TYPE_CHECKING:
    from concurrent.futures import Future

    from assistant.retrieval.embed import Embedder
    from assistant.retrieval.store import DocState

ProgressFn = Callable[[str, int], None]  # (event, amount): "total" sets the work, "advance" adds to it
_PROGRESS_STEP = 4  # chunks embedded per progress update


@dataclass
class _Plan:
    """A document to write. Its records are not held: they are generated again, batch by batch, while
    it is written (iter_chunks is deterministic), so memory never holds a document's records."""

    doc: Document
    n_records: int  # all its records, written into each one's metadata (a resumed ingest checks it)
    n_add: int
    to_keep: list[str]
    to_delete: list[str]
    is_new: bool
    existing: set[str] = field(default_factory=set)
    chunks_deleted: int = 0


class NothingIngestedError(AssistantError):
    pass


# Bump when what load/clean/chunk make of a file changes: every document is cut again on its next ingest.
CUTTING = "2"  # 2: reference-list entries are indexed, each one sentence


def chunking_key(settings: Settings) -> str:
    """How a document was cut (this code's CUTTING and the chunk settings), kept on its records: an ingest
    that would cut it otherwise cuts it again."""
    return f"{CUTTING}:{settings.chunking.target_words}/{settings.chunking.overlap_sentences}"


def cut_otherwise(state: DocState, chunking: str) -> bool:
    """The document's records were cut with another chunking_key; an index from before the key was recorded
    is taken as cut with today's."""
    return state.meta.get("chunking", chunking) not in ("", chunking)


def ingest(
    paths: list[Path] | None,
    settings: Settings,
    *,
    prune: bool = False,
    reset: bool = False,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    """One writer per embedded index: a second ingest exits with "another ingest is running (pid N)"."""
    from assistant.retrieval.store import writer_lock

    with writer_lock(settings):
        return _ingest_locked(paths, settings, prune=prune, reset=reset, on_progress=on_progress)


def _ingest_locked(
    paths: list[Path] | None,
    settings: Settings,
    *,
    prune: bool = False,
    reset: bool = False,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    from assistant.retrieval.embed import Embedder, model_id_for
    from assistant.retrieval.store import Store

    started = time.perf_counter()
    report = IngestReport()
    files, report.skipped = discover(paths or [settings.corpus_dir])
    model_id = model_id_for(settings.embedding.model_dir)
    if reset and not settings.chroma_url and settings.index_dir.is_dir():
        from assistant.retrieval.embedded import discard_damaged

        discard_damaged(settings.index_dir)  # files Chroma cannot open are deleted, then built afresh
    if reset:
        with _deferred_interrupt():
            store = Store.open(settings, model_id=model_id, create=True, reset=True)
    else:
        store = Store.open(settings, model_id=model_id, create=True)
    states = store.doc_states()
    folders = {f.parent for f in files} | {
        Path(p) for p in (paths or [settings.corpus_dir]) if Path(p).is_dir()
    }
    store.set_aliases(read_aliases(sorted(folders)))
    furniture = {folder: read_furniture(folder) for folder in folders}  # each corpus.toml read once

    plans: list[_Plan] = []
    chunking = chunking_key(settings)
    # The same text at another path (a copy, or the folder moved): indexed twice, every passage would come
    # back twice and push other articles out of the top k. A copy is left out; a move replaces the old path.
    indexed_as = {state.sha: state for state in states.values()}
    taken: dict[str, str] = {}  # text sha -> the path that holds it in this run
    moved: list[DocState] = []
    for file in files:
        try:
            doc = load_document(file, furniture[file.parent])
        except SkipFile as why:
            report.skipped.append((str(file), str(why)))
            continue
        state = states.get(doc.doc_id)
        twin = indexed_as.get(doc.sha) if state is None and doc.sha not in taken else None
        if twin is not None and not Path(twin.path).exists():
            moved.append(twin)  # its file is gone: this is where it went
            twin = None
        holder = taken.get(doc.sha) or (twin.path if twin is not None else None)
        if holder:
            report.duplicates.append((str(file), holder))
            continue
        taken[doc.sha] = str(file)
        if (
            state
            and state.sha == doc.sha
            and len(state.record_ids) == state.n_records
            and not cut_otherwise(state, chunking)  # other chunk settings (ASSISTANT_CHUNKING__*): cut again
        ):
            report.unchanged.append(doc.source)
            continue
        target, overlap = settings.chunking.target_words, settings.chunking.overlap_sentences
        existing = set(state.record_ids) if state else set()
        n_records, kept = 0, set()
        for record in iter_chunks(doc, target, overlap):  # counted, not kept
            n_records += 1
            if record.chunk_id in existing:
                kept.add(record.chunk_id)
        report.dropped += [(doc.source, number, why) for number, why in dropped_paragraphs(doc)]
        if not n_records and state is None:
            report.skipped.append((str(file), "no text after cleaning"))
            continue
        stale = sorted(existing - kept)
        plans.append(
            _Plan(
                doc,
                n_records,
                n_records - len(kept),
                sorted(kept),
                stale,
                state is None,
                existing,
                len(set(stale) & state.chunk_ids) if state else 0,
            )
        )

    if on_progress:
        on_progress("total", sum(p.n_add for p in plans))
    embedder: Embedder | None = None

    def start_embedding(step: tuple[list[tuple[_Plan, Chunk]], list[_Plan]] | None) -> _Embedding:
        records = [r for _, r in step[0]] if step and embedder else []
        return _Embedding.start(embedder, records) if records else _Embedding([], [])

    embedding = _Embedding([], [])
    try:
        if any(plan.n_add for plan in plans):
            emb = settings.embedding
            embedder = Embedder(emb.model_dir, emb.query_prefix, emb.max_tokens)
        # Pipelined: the next batch's vectors are computed on the thread pool while this one is
        # written, so Chroma's write time hides behind the model's. Writes stay on the main thread, inside
        # _deferred_interrupt, so a batch is written whole or not at all.
        if plans or prune:  # readers stop trusting the saved keyword index until it is rebuilt below
            store.set_keyword_key("")
        # Records are written in batches below the store's limit (Chroma refuses more than
        # get_max_batch_size() records per call), filled across documents (see _work), so memory holds one
        # batch of vectors, not a document's.
        size = _write_batch_size(store)
        target, overlap = settings.chunking.target_words, settings.chunking.overlap_sentences
        work = _work(plans, size, target, overlap)
        step = next(work, None)
        submitted = time.perf_counter()
        embedding = start_embedding(step)
        while step is not None:
            batch, finished = step
            vectors, sentence_vectors = embedding.results(on_progress)
            report.embed_seconds += time.perf_counter() - submitted if embedding.futures else 0.0
            submitted = time.perf_counter()
            step = next(work, None)
            embedding = start_embedding(step)
            with _deferred_interrupt():
                store.add_records(
                    [(p.doc, r, p.n_records) for p, r in batch], vectors, sentence_vectors, chunking
                )
                for plan in finished:  # a document cut short by a kill is completed by the next ingest
                    for ids in _slices(plan.to_keep, size):
                        store.update_records_meta(ids, plan.doc, plan.n_records, chunking)
                    for ids in _slices(plan.to_delete, size):
                        store.delete_ids(ids)
            report.chunks_written += sum(r.kind == "chunk" for _, r in batch)
            for plan in finished:
                report.chunks_deleted += plan.chunks_deleted
                (report.added if plan.is_new else report.updated).append(plan.doc.source)
        seen = {str(f) for f in files}
        gone = [s for s in states.values() if s.path not in seen and not Path(s.path).exists()]
        for state in gone if prune else moved:
            with _deferred_interrupt():
                store.delete_ids(state.record_ids)
            report.removed.append(state.source)
            report.chunks_deleted += state.chunks
        if not prune:
            report.gone = sorted(s.source for s in gone if s not in moved)
    except KeyboardInterrupt:
        report.interrupted = True
        for future in embedding.futures:
            future.cancel()
    if not report.interrupted:  # BM25 + CorpusContext saved for the new content (retrieval/keyword.py)
        from assistant.retrieval.keyword import rebuild_after_ingest
        from assistant.retrieval.store import release_memory

        if embedder is not None:  # drop Chroma's in-memory vector indexes of the writes (the sentences'
            store.reopen()  # is most of the process after a large document); reading chunks reloads theirs
            gc.collect()
            release_memory()
        rebuild_after_ingest(store)
    report.chunks_total = store.count()
    report.seconds = time.perf_counter() - started
    indexed = report.added or report.updated or report.unchanged or report.duplicates
    if not report.interrupted and files and not indexed:
        raise NothingIngestedError(
            "No document could be ingested: "
            + "; ".join(f"{Path(p).name}: {why}" for p, why in report.skipped)
        )
    if not files and not report.removed and not report.unchanged:
        raise NothingIngestedError(
            "No supported files (.txt, .md, .html, .pdf) found in "
            + ", ".join(str(p) for p in (paths or [settings.corpus_dir]))
            + "".join(f"; {Path(p).name}: {why}" for p, why in report.skipped[:5])
            + (f"; and {len(report.skipped) - 5} more" if len(report.skipped) > 5 else "")
        )
    return report


_MAX_WRITE_BATCH = 64  # chunks embedded and written per step (~500 texts with their sentences): bounded
# memory, frequent progress


@dataclass
class _Embedding:
    """The vectors of a batch of chunks and of their candidate sentences, computing on the thread pool.

    plan[i] = (future index of chunk i's own vector, future indexes of its sentences'). A sentence that two
    neighbouring chunks share (the chunk overlap) is embedded once per batch."""

    futures: list[Future]
    plan: list[tuple[int, list[int]]]

    @classmethod
    def start(cls, embedder: Embedder, records: list[Chunk]) -> _Embedding:
        texts: dict[str, int] = {}
        plan = []
        for record in records:
            own = texts.setdefault(record.text, len(texts))
            spans = candidate_spans(record.text)
            plan.append((own, [texts.setdefault(record.text[s.start : s.end], len(texts)) for s in spans]))
        return cls(embedder.submit_passages(list(texts)), plan)

    def results(self, on_progress: ProgressFn | None) -> tuple[list[list[float]], list[list[list[float]]]]:
        """(each chunk's vector, each chunk's sentence vectors), in the batch's order; progress per chunk."""
        done: dict[int, list[float]] = {}

        def vector(i: int) -> list[float]:
            if i not in done:
                done[i] = self.futures[i].result()
            return done[i]

        chunks, sentences = [], []
        for n, (own, parts) in enumerate(self.plan, 1):
            chunks.append(vector(own))
            sentences.append([vector(i) for i in parts])
            if on_progress and (n % _PROGRESS_STEP == 0 or n == len(self.plan)):
                on_progress("advance", (n - 1) % _PROGRESS_STEP + 1)
        return chunks, sentences


def _write_batch_size(store) -> int:
    try:
        return max(1, min(_MAX_WRITE_BATCH, int(store.client.get_max_batch_size())))
    except Exception:  # an older server without the endpoint: its documented default is far above ours
        return _MAX_WRITE_BATCH


def _work(
    plans: list[_Plan], size: int, target: int, overlap: int
) -> Iterator[tuple[list[tuple[_Plan, Chunk]], list[_Plan]]]:
    """(batch, finished) over every document's new records, generated as they are written.

    A batch fills across documents: Chroma pays a fixed cost per write call on top of its cost per record
    (~50 ms a call measured at 12k records), and a typical article has ~75 records, so one call per
    document made that fixed cost most of an ingest. `finished` lists the documents whose last new record
    is in this batch (or that have none: their metadata updates and deletions still run), so each
    document's bookkeeping happens after its last record is written, as before."""
    batch: list[tuple[_Plan, Chunk]] = []
    finished: list[_Plan] = []
    for plan in plans:
        for record in iter_chunks(plan.doc, target, overlap):
            if record.chunk_id in plan.existing:
                continue
            if len(batch) == size:
                yield batch, finished
                batch, finished = [], []
            batch.append((plan, record))
        finished.append(plan)
    if batch or finished:
        yield batch, finished


def _slices(ids: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


@contextlib.contextmanager
def _deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C while a document's chunks are written, then raise it: no half-written document."""
    received: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda sig, frame: received.append(sig))
    except ValueError:  # not the main thread: nothing to defer
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt
