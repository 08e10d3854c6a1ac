"""Load → clean → chunk → embed → upsert, idempotently, one document at a time so an interrupt loses nothing."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.chunk import chunk_document, sentence_units
from assistant.errors import AssistantError
from assistant.load import SkipFile, discover, load_document
from assistant.schema import Chunk, Document, IngestReport
from assistant.settings import Settings

ProgressFn = Callable[[str, int], None]  # (event, amount): "total" sets the work, "advance" adds to it


@dataclass
class _Plan:
    doc: Document
    chunks: list[Chunk]
    to_add: list[Chunk]
    to_keep: list[str]
    to_delete: list[str]
    is_new: bool
    chunks_deleted: int = 0


class NothingIngestedError(AssistantError):
    pass


def ingest(
    paths: list[Path] | None,
    settings: Settings,
    *,
    prune: bool = False,
    reset: bool = False,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    from assistant.embed import Embedder, model_id_for
    from assistant.store import Store

    started = time.perf_counter()
    report = IngestReport()
    files, report.skipped = discover(paths or [settings.corpus_dir])
    model_id = model_id_for(settings.embedding.model_dir)
    store = Store(
        settings.index_dir, settings.collection, settings.chroma_url, model_id=model_id, create=True
    )
    if reset:
        with _deferred_interrupt():
            store.client.delete_collection(settings.collection)
        store = Store(
            settings.index_dir, settings.collection, settings.chroma_url, model_id=model_id, create=True
        )
    states = store.doc_states()

    plans: list[_Plan] = []
    for file in files:
        try:
            doc = load_document(file)
        except SkipFile as why:
            report.skipped.append((str(file), str(why)))
            continue
        state = states.get(doc.doc_id)
        if state and state.sha == doc.sha and len(state.record_ids) == state.n_records:
            report.unchanged.append(doc.source)
            continue
        chunks = chunk_document(doc, settings.chunking.target_words, settings.chunking.overlap_sentences)
        chunks += sentence_units(doc)
        existing = set(state.record_ids) if state else set()
        wanted = {c.chunk_id for c in chunks}
        stale = sorted(existing - wanted)
        plans.append(
            _Plan(
                doc,
                chunks,
                [c for c in chunks if c.chunk_id not in existing],
                sorted(existing & wanted),
                stale,
                state is None,
                len(set(stale) & state.chunk_ids) if state else 0,
            )
        )

    if on_progress:
        on_progress("total", sum(len(p.to_add) for p in plans))
    embedder = None
    try:
        for plan in plans:
            if plan.to_add and embedder is None:
                embedder = Embedder(
                    settings.embedding.model_dir,
                    settings.embedding.query_prefix,
                    settings.embedding.batch_size,
                    settings.embedding.max_tokens,
                )
            vectors: list[list[float]] = []
            for i in range(0, len(plan.to_add), embedder.batch_size if embedder else 1):
                batch = plan.to_add[i : i + (embedder.batch_size if embedder else 1)]
                t0 = time.perf_counter()
                vectors.extend(embedder.embed_passages([c.text for c in batch]))
                report.embed_seconds += time.perf_counter() - t0
                if on_progress:
                    on_progress("advance", len(batch))
            with _deferred_interrupt():
                store.add_records(plan.doc, plan.to_add, vectors, len(plan.chunks))
                store.update_records_meta(plan.to_keep, plan.doc, len(plan.chunks))
                store.delete_ids(plan.to_delete)
            report.chunks_written += sum(c.kind == "chunk" for c in plan.to_add)
            report.chunks_deleted += plan.chunks_deleted
            (report.added if plan.is_new else report.updated).append(plan.doc.source)
        if prune:
            seen = {str(f) for f in files}
            for state in states.values():
                if state.path not in seen and not Path(state.path).exists():
                    with _deferred_interrupt():
                        store.delete_ids(state.record_ids)
                    report.removed.append(state.source)
                    report.chunks_deleted += state.chunks
    except KeyboardInterrupt:
        report.interrupted = True
    report.chunks_total = store.count(kind="chunk")
    report.seconds = time.perf_counter() - started
    if not report.interrupted and files and not (report.added or report.updated or report.unchanged):
        raise NothingIngestedError(
            "No document could be ingested: "
            + "; ".join(f"{Path(p).name}: {why}" for p, why in report.skipped)
        )
    if not files and not report.removed and not report.unchanged:
        raise NothingIngestedError(
            "No supported files (.txt, .md, .html, .pdf) found in "
            + ", ".join(str(p) for p in (paths or [settings.corpus_dir]))
        )
    return report


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
