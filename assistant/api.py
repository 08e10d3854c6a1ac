"""The Python API the CLI wraps: ingest(), Assistant.ask(), Assistant.sources()."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from assistant.errors import IndexMissingError, UnknownSourceError
from assistant.ingestion.indexer import ProgressFn
from assistant.ingestion.indexer import ingest as _ingest
from assistant.query import Query
from assistant.schema import Answer, IngestReport, Retrieval, SourceInfo
from assistant.settings import Settings, load_settings

NAMES_NOTHING = (
    "This question refers to something it does not name: ask it in full (say what happened, or whom it is "
    "about)."
)

Notify = Callable[[str], None]


def ingest(
    paths: list[Path] | None = None,
    settings: Settings | None = None,
    *,
    prune: bool = False,
    reset: bool = False,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    return _ingest(paths, settings or load_settings(), prune=prune, reset=reset, on_progress=on_progress)


class Assistant:
    """Holds the loaded models and the open store, so a chat session pays for them once."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        notify: Notify | None = None,
        on_progress: ProgressFn | None = None,
    ):
        self.settings = settings or load_settings()
        self._notify = notify
        self._on_progress = on_progress
        self._retriever = None
        self._store = None
        self._resources = None
        self._models = None  # retrieval.embed.ModelLoad, started by the first question
        self._backends: dict[str, object] = {}
        self.last_retrieval: Retrieval | None = None
        self.wrote_index = False  # this process built the default index (the first `ask` of a checkout)
        self.last_verification = None  # answer.generate.Verification of the last LLM answer

    # -- loading ---------------------------------------------------------------------------------------------
    def _open_store(self):
        from assistant.retrieval.embed import model_id_for
        from assistant.retrieval.store import Store

        model_id = model_id_for(self.settings.embedding.model_dir)
        try:
            store = Store.open(self.settings, model_id=model_id)
            if store.count() > 0:
                return store
            empty = f"The index at {store.location} is empty: run 'assistant ingest' first"
        except IndexMissingError as exc:
            empty = str(exc)
        # The command to run, with the --index / --corpus / --collection the user passed.
        empty = empty.replace("'assistant ingest'", f"'{self.settings.ingest_command()}'")
        if not self.settings.is_default_index:
            raise IndexMissingError(empty)
        if self._notify:
            self._notify(f"No index yet: building it from {self.settings.corpus_dir} (first run only)…")
        _ingest(None, self.settings, on_progress=self._on_progress)
        self.wrote_index = True
        return Store.open(self.settings, model_id=model_id)

    @property
    def store(self):
        """The open collection; listing sources needs only this, not the models."""
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def _start_models(self):
        """Start loading the embedder and the cross-encoder on a thread, so they load while the store opens:
        chromadb's import is Python and holds the GIL, building an onnxruntime session is C++ and does not,
        so on 2 cores the two overlap (~0.4 s of a cold `ask`; bench/startup.py)."""
        if self._models is None:
            from assistant.retrieval.embed import ModelLoad

            emb = self.settings.embedding
            self._models = ModelLoad(
                emb.model_dir, emb.query_prefix, emb.max_tokens, self.settings.retrieval.reranker_dir
            )
        return self._models

    @property
    def retriever(self):
        if self._retriever is None:
            from assistant.retrieval.retrieve import Retriever

            models = self._start_models()
            store = self.store
            ret = self.settings.retrieval
            self._retriever = Retriever(
                store,
                models.embedder(),
                self.resources.cross_encoder,
                candidates=ret.candidates,
                sentence_pool=ret.sentence_pool,
                sentence_chunks=ret.sentence_chunks,
                context_chunks=ret.context_chunks,
                rerank_sentences=ret.rerank_sentences,
                part_rerank_sentences=ret.part_rerank_sentences,
                max_per_source=ret.max_per_source,
            )
        return self._retriever

    @property
    def resources(self):
        if self._resources is None:
            from assistant.answer.backends import BackendResources

            self._resources = BackendResources(self.settings, self._start_models().cross_encoder())
        return self._resources

    def backend(self, name: str | None = None):
        from assistant.answer.backends import get_backend

        name = name or self.settings.answer.backend
        if name not in self._backends:
            self._backends[name] = get_backend(name, self.resources)
        return self._backends[name]

    # -- questions -------------------------------------------------------------------------------------------
    def ask(
        self,
        question: str | Query,
        *,
        k: int | None = None,
        sources: list[str] | None = None,
        backend: str | None = None,
        on_token: Callable[[str], None] | None = None,
        show_unsupported: bool = False,
    ) -> Answer:
        """on_token: an LLM backend's tokens as they arrive, before verification (the CLI streams them)."""
        return self.ask_with_evidence(
            question,
            k=k,
            sources=sources,
            backend=backend,
            on_token=on_token,
            show_unsupported=show_unsupported,
        )[0]

    def ask_with_evidence(
        self,
        question: str | Query,
        *,
        k: int | None = None,
        sources: list[str] | None = None,
        backend: str | None = None,
        on_token: Callable[[str], None] | None = None,
        show_unsupported: bool = False,
    ) -> tuple[Answer, Retrieval]:
        """The answer and what retrieval handed the backend (the eval scores both). A str is validated here;
        a Query (a chat's follow-up, with its carried topic) was validated when it was made."""
        from assistant.answer.verify import drop_unverifiable

        query = (
            Query.parse(question, self.settings.answer.max_question_chars)
            if isinstance(question, str)
            else question
        )
        if query.names_nothing:
            return Answer(
                question=query.asked,
                standalone_question=query.standalone,
                answer=NAMES_NOTHING,
                refused=True,
                backend=backend or self.settings.answer.backend,
            ), Retrieval(passages=[], sentences=[])
        self._start_models()
        if sources:
            self.check_sources(sources)
        if (backend or self.settings.answer.backend) == "extractive":
            # Opened while the models load. An LLM backend is built first instead: a missing key or model
            # file is reported before a first run builds the index.
            self.store  # noqa: B018
        answerer = self.backend(backend)
        t0 = time.perf_counter()
        retrieval = self.retriever.retrieve(query, k or self.settings.retrieval.top_k, sources)
        retrieval.limit = k
        t1 = time.perf_counter()
        from assistant.answer.generate import LLMBackend

        if isinstance(answerer, LLMBackend):
            # An LLM backend: its sentences are checked against their cited spans (answer/generate.py).
            answer = answerer.answer(query, retrieval, on_token=on_token, show_unsupported=show_unsupported)
            self.last_verification = answerer.last_verification
        else:
            answer = answerer.answer(query, retrieval)
            self.last_verification = None
        answer = drop_unverifiable(
            answer, {p.source: p.path for p in retrieval.passages + retrieval.sentences}
        )
        t2 = time.perf_counter()
        answer.timings_ms = {
            "retrieve": round((t1 - t0) * 1000, 1),
            "answer": round((t2 - t1) * 1000, 1),
            "total": round((t2 - t0) * 1000, 1),
        }
        self.last_retrieval = retrieval
        return answer, retrieval

    def check_sources(self, names: list[str]) -> None:
        """An unknown --source is an error, not a silent "the sources don't answer"."""
        known = {s.source for s in self.store.doc_states().values()}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise UnknownSourceError(
                f"Unknown source {', '.join(repr(u) for u in unknown)}: the index holds "
                + ", ".join(sorted(known))
            )

    def sources(self) -> list[SourceInfo]:
        states = self.store.doc_states()
        infos = [
            SourceInfo(
                source=s.source,
                path=s.path,
                title=str(s.meta.get("title", "")),
                author=s.meta.get("author") or None,
                date=s.meta.get("date") or None,
                publisher=s.meta.get("publisher") or None,
                chunks=len(s.chunk_ids),
                url=s.meta.get("url") or None,
            )
            for s in states.values()
        ]
        return sorted(infos, key=lambda i: i.source)


def ask(question: str, settings: Settings | None = None, **kwargs) -> Answer:
    """One-shot convenience for notebooks: Assistant(settings).ask(question)."""
    return Assistant(settings).ask(question, **kwargs)
