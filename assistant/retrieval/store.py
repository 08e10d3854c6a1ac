"""The Chroma collection: opened embedded (PersistentClient) or remote (HttpClient); read and written
straight through chromadb (importing llama_index costs ~1 s, and its nodes cost memory per record).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from assistant.errors import (
    AssistantError,
    IndexMismatchError,
    IndexMissingError,
    IngestRunningError,
    StoreAuthError,
    StoreUnavailableError,
)
from assistant.retrieval import sentence_vectors
from assistant.schema import Chunk, Document, Passage

if TYPE_CHECKING:
    from assistant.settings import Settings

KEYWORD_KEY = "keyword_key"  # collection metadata: the content key of the saved BM25 (retrieval/keyword.py)
READ_PAGE = 2000  # records per `get` when reading a whole collection
LAYOUT_KEY = "layout"  # collection metadata: how records are laid out in collections
LAYOUT = "chunks+sentence-vectors"  # one collection of chunks, each with its sentences' vectors
LEGACY_SENTENCES = ".sentences"  # the sentence collection of the previous layout, deleted by a reset


@dataclass
class DocState:
    doc_id: str
    source: str
    path: str
    sha: str
    n_records: int
    record_ids: list[str]
    chunks: int
    meta: dict[str, Any]
    chunk_ids: set[str] = field(default_factory=set)


def _client(
    index_dir: Path,
    chroma_url: str | None,
    create: bool,
    *,
    headers: dict[str, str] | None = None,
    tenant: str = "default_tenant",
    database: str = "default_database",
):
    from assistant.retrieval.chroma_import import import_chromadb

    chromadb = import_chromadb()
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if create and database != "default_database":
            _ensure_database(url, headers, tenant, database)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                headers=headers or None,
                settings=settings,
                tenant=tenant,
                database=database,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants here
            raise _server_error(
                chroma_url, exc, tenant=tenant, database=database, token_sent=bool(headers)
            ) from None
        return client
    if not create and not (index_dir / "chroma.sqlite3").is_file():
        raise IndexMissingError(f"No index at {index_dir}: run 'assistant ingest' first")
    from assistant.retrieval.embedded import open_client  # damaged / read-only folders, Rust panics held

    return open_client(index_dir, create)


def _ensure_database(url: Any, headers: dict[str, str] | None, tenant: str, database: str) -> None:
    """ingest into a database the server does not have yet creates it (asking never does). Failures are
    left to the connection that follows, which reports them in one line."""
    from assistant.retrieval.chroma_import import import_chromadb

    chromadb = import_chromadb()
    from chromadb.config import Settings as ChromaSettings

    with contextlib.suppress(Exception):
        admin = chromadb.AdminClient(
            ChromaSettings(
                chroma_api_impl="chromadb.api.fastapi.FastAPI",
                chroma_server_host=url.hostname or "localhost",
                chroma_server_http_port=url.port or (443 if url.scheme == "https" else 8000),
                chroma_server_ssl_enabled=url.scheme == "https",
                chroma_server_headers=headers or None,
                anonymized_telemetry=False,
            )
        )
        try:
            admin.get_database(database, tenant)
        except Exception:
            admin.create_database(database, tenant)


# What a query says when this process's cached vector index holds ids another process deleted.
_STALE_SEGMENT = re.compile(r"Error finding id|Error executing plan", re.I)
_HTTP_STATUS = re.compile(r"\b(40[13]|50[234])\b")
_AUTH_WORDS = re.compile(r"unauthori[sz]ed|forbidden|authorization required", re.I)


def _status(exc: BaseException) -> int | None:
    """The HTTP status behind a chromadb error: from the response, or from a proxy's error page, which
    chromadb raises as a ValueError holding the page."""
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if isinstance(status, int):
        return status
    text = str(exc)
    found = _HTTP_STATUS.search(text) if ("<html" in text.lower() or _AUTH_WORDS.search(text)) else None
    return int(found.group(1)) if found else None


def _server_error(
    chroma_url: str, exc: BaseException, *, tenant: str = "", database: str = "", token_sent: bool = True
) -> AssistantError:
    """One line for what went wrong talking to a server. The text never holds the token: chromadb's and
    httpx's messages carry the status and the URL, not the request's headers."""
    status = _status(exc)
    if status in (401, 403) or _AUTH_WORDS.search(str(exc)):
        hint = (
            "check ASSISTANT_CHROMA_TOKEN and ASSISTANT_CHROMA_AUTH_HEADER"
            if token_sent
            else "no token was sent: set ASSISTANT_CHROMA_TOKEN"
        )
        return StoreAuthError(
            f"The Chroma server at {chroma_url} refused the credentials (HTTP {status or 401}): {hint}"
        )
    if re.search(
        r"(database|tenant) .*(not found|does not exist)|could not connect to tenant", str(exc), re.I
    ):
        return IndexMissingError(
            f"The Chroma server at {chroma_url} has no database '{database}' for tenant '{tenant}': "
            "check ASSISTANT_CHROMA_TENANT and ASSISTANT_CHROMA_DATABASE"
        )
    return StoreUnavailableError(f"Chroma server at {chroma_url} is not reachable ({_short(exc)})")


def _is_transport_error(exc: BaseException) -> bool:
    """Connection refused/reset, timeouts, a proxy's 401/403 or 5xx page: the server, not the request,
    failed."""
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    module = type(exc).__module__ or ""
    if module.startswith(("httpx", "httpcore")):
        return True
    status = _status(exc)
    return status is not None and (status in (401, 403) or status >= 500)


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """On a server, a dropped connection mid-ask or mid-ingest becomes one line, not a traceback."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except AssistantError:
            raise
        except Exception as exc:
            if self.chroma_url and _is_transport_error(exc):
                err = _server_error(self.chroma_url, exc)
                if isinstance(err, StoreUnavailableError):
                    err = StoreUnavailableError(
                        f"Lost the Chroma server at {self.chroma_url} ({_short(exc)}): "
                        "run the same command again once it is back"
                    )
                raise err from None
            raise

    return wrapper  # type: ignore[return-value]


def _short(exc: BaseException) -> str:
    text = str(exc)
    title = re.search(r"<title>(.*?)</title>", text, re.I | re.S)
    if title:  # a proxy's error page: its title says it ("502 Bad Gateway")
        return title.group(1).strip()[:160]
    return text.splitlines()[0][:160] if text.strip() else type(exc).__name__


class Store:
    def __init__(
        self,
        index_dir: Path,
        collection: str,
        chroma_url: str | None = None,
        *,
        model_id: str | None = None,
        create: bool = False,
        headers: dict[str, str] | None = None,
        tenant: str = "default_tenant",
        database: str = "default_database",
        cache_dir: Path | None = None,
        reset: bool = False,
    ):
        """cache_dir: where a client of a server keeps its keyword snapshots (an embedded index keeps them
        inside the index folder). reset: delete the collection (any layout) and start empty.

        One collection of chunks; each chunk's metadata carries its sentences' vectors
        (retrieval/sentence_vectors.py), so the only vector index is the chunks'. Collection-level metadata:
        embedding model, keyword key, aliases, layout."""
        self.location = chroma_url or str(index_dir)
        self.chroma_url = chroma_url
        self._index_dir = Path(index_dir)
        self.client = _client(
            Path(index_dir), chroma_url, create, headers=headers, tenant=tenant, database=database
        )
        self.name = collection
        if chroma_url:
            where = hashlib.sha256(f"{chroma_url}|{tenant}|{database}|{collection}".encode()).hexdigest()[:16]
            self.keyword_dir: Path | None = cache_dir / "keyword-cache" / where if cache_dir else None
        else:
            self.keyword_dir = Path(index_dir) / "keyword" / collection
        try:
            if reset:
                for name in (collection, collection + LEGACY_SENTENCES):
                    with contextlib.suppress(Exception):
                        self.client.delete_collection(name)
            if create:
                self.collection = self.client.get_or_create_collection(
                    collection,
                    metadata={"embedding_model": model_id or "unknown", LAYOUT_KEY: LAYOUT},
                    configuration={"hnsw": {"space": "cosine"}},
                    embedding_function=None,
                )
            else:
                self.collection = self.client.get_collection(collection, embedding_function=None)
            self._check_layout(create)
        except AssistantError:
            raise
        except Exception as exc:
            if type(exc).__name__ == "NotFoundError":
                raise IndexMissingError(
                    f"No collection '{collection}' in {self.location}: run 'assistant ingest' first"
                ) from exc
            if chroma_url and _is_transport_error(exc):
                raise _server_error(chroma_url, exc, tenant=tenant, database=database) from None
            raise StoreUnavailableError(f"Cannot open the index at {self.location} ({_short(exc)})") from exc
        stored_model = (self.collection.metadata or {}).get("embedding_model")
        if model_id and stored_model and stored_model != model_id:
            raise IndexMismatchError(
                f"Index was built with embedding model {stored_model}, not {model_id}: "
                "re-run 'assistant ingest --reset' or use another --collection"
            )
        self.model_id = stored_model

    def _check_layout(self, create: bool) -> None:
        """An index written in an earlier layout (sentence records beside the chunks) is rebuilt, not read:
        one line that says how. An empty one is simply adopted by ingest."""
        metadata = dict(self.collection.metadata or {})
        if metadata.get(LAYOUT_KEY) == LAYOUT:
            return
        if create and self.collection.count() == 0:
            metadata[LAYOUT_KEY] = LAYOUT
            self.collection.modify(metadata=metadata)
            return
        raise IndexMismatchError(
            f"The index at {self.location} (collection '{self.name}') was built by an earlier version of the "
            "assistant: rebuild it with 'assistant ingest --reset' (add the folders you had indexed)"
        )

    @classmethod
    def open(
        cls, settings: Settings, *, model_id: str | None = None, create: bool = False, reset: bool = False
    ) -> Store:
        """The store the settings name: embedded folder or server (with its token, tenant, database)."""
        return cls(
            settings.index_dir,
            settings.collection,
            settings.chroma_url,
            model_id=model_id,
            create=create,
            headers=settings.chroma_headers(),
            tenant=settings.chroma_tenant,
            database=settings.chroma_database,
            cache_dir=settings.home,
            reset=reset,
        )

    def reopen(self) -> None:
        """Embedded: drop this process's copy of the collection and open it again from disk.

        Chroma keeps each collection's vector index in memory per process and never sees another process's
        writes to it: after an ingest elsewhere deletes records, this process's index still returns their
        ids and the query fails ("Error finding id"). A running chat calls this when the collection's
        version changes; a query that hits a stale id calls it once and retries."""
        if self.chroma_url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(getattr(self.client, "_identifier", ""), None)
        self.client = _client(self._index_dir, None, False)
        self.collection = self.client.get_collection(self.name, embedding_function=None)

    # -- the keyword side's version (retrieval/keyword.py) -----------------------------------------------------
    @_guarded
    def keyword_key(self, refresh: bool = True) -> str:
        """The content key of the collection's saved keyword snapshot ('' while an ingest is writing).
        refresh re-reads the collection's metadata (~1 ms embedded, one request on a server), so a
        long-running chat sees another process's ingest; a collection re-created by `ingest --reset`
        is followed to its new id."""
        if refresh:
            try:
                fresh = self.client.get_collection(self.name, embedding_function=None)
            except Exception as exc:
                if type(exc).__name__ == "NotFoundError":
                    raise IndexMissingError(
                        f"No collection '{self.name}' in {self.location}: run 'assistant ingest' first"
                    ) from None
                raise
            self.collection = fresh
        return str((self.collection.metadata or {}).get(KEYWORD_KEY, ""))

    @_guarded
    def set_keyword_key(self, key: str) -> None:
        """'' before an ingest's first write, the new key after its last: readers never trust a key that
        no longer matches the records."""
        metadata = dict(self.client.get_collection(self.name, embedding_function=None).metadata or {})
        if metadata.get(KEYWORD_KEY, "") != key:
            metadata[KEYWORD_KEY] = key
            self.collection.modify(metadata=metadata)
            self.collection = self.client.get_collection(self.name, embedding_function=None)

    def chunk_records(
        self, page: int | None = None
    ) -> Iterator[tuple[list[str], list[str], list[dict[str, Any]]]]:
        """Every chunk's id, text and metadata (without the sentence vectors), in the collection's order, a
        page at a time: one `get` of a whole large collection costs Chroma memory far beyond the records it
        returns."""
        for ids, texts, metas in self._pages(self.collection, ["metadatas", "documents"], page or READ_PAGE):
            for meta in metas:
                meta.pop(sentence_vectors.KEY, None)
            yield ids, texts, metas

    @_guarded
    def _get_page(self, collection: Any, include: list[str], limit: int, offset: int) -> dict[str, Any]:
        got = collection.get(include=include, limit=limit, offset=offset)
        release_memory()
        return dict(got)

    def _pages(
        self, collection: Any, include: list[str], page: int
    ) -> Iterator[tuple[list[str], list[str], list[dict[str, Any]]]]:
        offset = 0
        while True:
            got = self._get_page(collection, include, page, offset)
            ids = list(got["ids"])
            if not ids:
                return
            texts = list(got.get("documents") or [""] * len(ids))
            metas = [dict(m) for m in (got.get("metadatas") or [{}] * len(ids))]
            yield ids, texts, metas
            if len(ids) < page:
                return
            offset += len(ids)

    @staticmethod
    def passages_from(ids: list[str], texts: list[str], metas: list[dict[str, Any]]) -> list[Passage]:
        return [to_passage(c, t, m, 0.0) for c, t, m in zip(ids, texts, metas, strict=True)]

    def aliases(self) -> dict[str, list[str]]:
        """Names declared equivalent in the corpus's corpus.toml, stored with the collection at ingest."""
        raw = (self.collection.metadata or {}).get("aliases")
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            return {}
        return {str(k): [str(v) for v in vs] for k, vs in data.items() if isinstance(vs, list)}

    @_guarded
    def set_aliases(self, aliases: dict[str, list[str]]) -> None:
        metadata = dict(self.collection.metadata or {})
        encoded = json.dumps(aliases, sort_keys=True, ensure_ascii=False)
        if metadata.get("aliases", "{}") != encoded:
            metadata["aliases"] = encoded
            self.collection.modify(metadata=metadata)

    @_guarded
    def count(self) -> int:
        """Chunks in the collection."""
        return self.collection.count()

    def doc_states(self) -> dict[str, DocState]:
        states: dict[str, DocState] = {}
        for ids, _, metas in self._pages(self.collection, ["metadatas"], READ_PAGE):
            self._add_states(states, ids, metas)
        return states

    @staticmethod
    def _add_states(states: dict[str, DocState], ids: list[str], metas: list[dict[str, Any]]) -> None:
        for cid, meta in zip(ids, metas, strict=True):
            doc_id = str(meta.get("document_id", ""))
            state = states.get(doc_id)
            if state is None:
                state = states[doc_id] = DocState(
                    doc_id,
                    str(meta.get("source", "")),
                    str(meta.get("path", "")),
                    str(meta.get("sha", "")),
                    int(meta.get("n_records", 0)),
                    [],
                    0,
                    meta,
                )
            elif meta.get("sha") != state.sha or meta.get("chunking") != state.meta.get("chunking"):
                state.sha = "mixed"  # an interrupted update: the next ingest redoes this document
            state.record_ids.append(cid)
            if meta.get("kind") == "chunk":
                state.chunks += 1
                state.chunk_ids.add(cid)

    @_guarded
    def add_records(
        self,
        items: list[tuple[Document, Chunk, int]],
        embeddings: list[list[float]],
        sentence_embeddings: list[list[list[float]]],
        chunking: str = "",
    ) -> None:
        """(document, chunk, the document's n_records) per chunk, of one or several documents, with each
        chunk's vector and its candidate sentences' vectors (text/sentences.candidate_spans order): one call
        to Chroma however many documents the batch spans. Written directly, not through LlamaIndex's
        ChromaVectorStore: its nodes cost CPU per record and a JSON copy of every record's metadata
        (`_node_content`) in the index, which nothing reads."""
        if not items:
            return
        shared: dict[str, dict[str, Any]] = {}  # per document, built once per batch
        metadatas = []
        for (doc, c, n), vectors in zip(items, sentence_embeddings, strict=True):
            common = shared.get(doc.doc_id)
            if common is None:
                common = shared[doc.doc_id] = _record_meta(doc, n, chunking)
            metadatas.append(
                {
                    "kind": c.kind,
                    "paragraph": c.paragraph,
                    "start": c.start,
                    "end": c.end,
                    sentence_vectors.KEY: sentence_vectors.pack(vectors),
                    **common,
                }
            )
        self.collection.add(
            ids=[c.chunk_id for _, c, _ in items],
            embeddings=embeddings,
            documents=[c.text for _, c, _ in items],
            metadatas=metadatas,
        )
        release_memory()

    @_guarded
    def packed_sentence_vectors(self, chunk_ids: list[str]) -> dict[str, str]:
        """Chunk id -> its packed sentence vectors, read by id (for chunks found by BM25, not by vector)."""
        if not chunk_ids:
            return {}
        got = self.collection.get(ids=list(dict.fromkeys(chunk_ids)), include=["metadatas"])
        return {
            cid: str((meta or {}).get(sentence_vectors.KEY) or "")
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    @_guarded
    def update_records_meta(self, ids: list[str], doc: Document, n_records: int, chunking: str = "") -> None:
        """Chunks kept across an edit still need the new document hash, or the doc looks half-updated."""
        if not ids:
            return
        got = self.collection.get(ids=ids, include=["metadatas"])
        if not got["ids"]:
            return
        metas = []
        for meta in got["metadatas"]:
            meta = dict(meta)
            meta.update(_record_meta(doc, n_records, chunking))
            metas.append(meta)
        self.collection.update(ids=got["ids"], metadatas=metas)

    @_guarded
    def path_of(self, record_id: str) -> str | None:
        """The file a chunk was read from, as recorded at ingest."""
        metas = self.collection.get(ids=[record_id], include=["metadatas"]).get("metadatas") or []
        if metas and metas[0].get("path"):
            return str(metas[0]["path"])
        return None

    @_guarded
    def delete_ids(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    @_guarded
    def query(
        self,
        embedding: list[float],
        k: int,
        *,
        sources: list[str] | None = None,
        doc_ids: list[str] | None = None,
    ) -> list[Passage]:
        return self.query_with_sentence_vectors(embedding, k, sources=sources, doc_ids=doc_ids)[0]

    @_guarded
    def query_with_sentence_vectors(
        self,
        embedding: list[float],
        k: int,
        *,
        sources: list[str] | None = None,
        doc_ids: list[str] | None = None,
    ) -> tuple[list[Passage], dict[str, str]]:
        """The k nearest chunks, and each one's packed sentence vectors (retrieval/sentence_vectors.py),
        which the query's metadata already holds: no second read for them."""
        where = _filter(sources, doc_ids)

        def run() -> Any:
            return self.collection.query(
                query_embeddings=[embedding],
                n_results=k,
                where=where,
                include=["metadatas", "documents", "distances"],
            )

        try:
            result = run()
        except Exception as exc:
            if self.chroma_url or not _STALE_SEGMENT.search(str(exc)):
                raise
            self.reopen()  # another process changed the index under this one's cached vectors
            result = run()
        rows = list(
            zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        )
        passages = [to_passage(cid, doc, meta, 1.0 - dist) for cid, doc, meta, dist in rows]
        packed = {cid: str(meta.get(sentence_vectors.KEY) or "") for cid, _, meta, _ in rows}
        return passages, packed

    @_guarded
    def all_passages(self, sources: list[str] | None = None) -> list[Passage]:
        got = self.collection.get(where=_filter(sources, None), include=["metadatas", "documents"])
        return [
            to_passage(cid, doc, meta, 0.0)
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]


def _filter(sources: list[str] | None, doc_ids: list[str] | None) -> dict | None:
    """None without a restriction: an unfiltered query searches the HNSW index directly."""
    clauses: list[dict] = []
    if sources:
        clauses.append({"source": {"$in": list(sources)}})
    if doc_ids:
        clauses.append({"document_id": {"$in": list(doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


_LIBC: Any = None


def release_memory() -> None:
    """Hand freed heap back to the kernel (glibc's malloc_trim; nothing elsewhere). Chroma's Rust core frees
    the buffers of each write and of each page it reads, but glibc keeps them in its arenas: without this,
    reading a large collection's chunks grows the process by ~30 MB a page."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes

            _LIBC = ctypes.CDLL("libc.so.6")
            _LIBC.malloc_trim.argtypes = [ctypes.c_size_t]
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


def to_passage(chunk_id: str, text: str, meta: dict[str, Any], score: float) -> Passage:
    return Passage(
        chunk_id=chunk_id,
        doc_id=str(meta.get("document_id", "")),
        source=str(meta.get("source", "")),
        path=str(meta.get("path", "")),
        title=str(meta.get("title", "")),
        author=meta.get("author") or None,
        date=meta.get("date") or None,
        paragraph=int(meta.get("paragraph", 0)),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        text=text,
        score=float(score),
        publisher=meta.get("publisher") or None,
        url=meta.get("url") or None,
    )


@contextlib.contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    """One ingest at a time on an embedded index: an advisory lock (fcntl.flock) on `<index>/.ingest.lock`.

    The kernel drops it when the process ends, even by kill -9, so a crashed ingest never leaves a stale
    lock. Readers take no lock: Chroma's SQLite gives them a consistent view while a writer works. A server
    has its own concurrency control; there is nothing to lock locally.
    """
    if settings.chroma_url:
        yield
        return
    import fcntl

    path = Path(settings.index_dir) / ".ingest.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")  # noqa: SIM115 (held for the whole ingest)
    except OSError:  # a read-only index: the write itself reports what is wrong
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "?"
            raise IngestRunningError(
                f"another ingest is running (pid {pid}) on {settings.index_dir}: "
                "wait for it to finish, then run this again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _record_meta(doc: Document, n_records: int, chunking: str = "") -> dict[str, Any]:
    """What every record of a document carries besides its own kind and offsets: written at ingest,
    refreshed after an edit. chunking: the chunk settings it was cut with (indexer.chunking_key)."""
    return {
        "chunking": chunking,
        "source": doc.source,
        "path": doc.path,
        "sha": doc.sha,
        "n_records": n_records,
        "document_id": doc.doc_id,
        "title": doc.meta.title,
        "author": doc.meta.author or "",
        "date": doc.meta.date or "",
        "publisher": doc.meta.publisher or "",
        "title_is_fallback": doc.meta.title_is_fallback,
        "url": doc.meta.url or "",
    }
