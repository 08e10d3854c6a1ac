"""The Chroma collection: opened embedded (PersistentClient) or remote (HttpClient); written via LlamaIndex.

Reads go straight to chromadb: importing llama_index costs ~1 s, which the query path cannot afford.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.errors import IndexMismatchError, IndexMissingError, StoreUnavailableError
from assistant.schema import Chunk, Document, Passage


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


def _client(index_dir: Path, chroma_url: str | None, create: bool):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants here
            raise StoreUnavailableError(
                f"Chroma server at {chroma_url} is not reachable ({_short(exc)})"
            ) from exc
        return client
    if not create and not (index_dir / "chroma.sqlite3").is_file():
        raise IndexMissingError(f"No index at {index_dir}: run 'assistant ingest' first")
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir), settings=settings)


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


class Store:
    def __init__(
        self,
        index_dir: Path,
        collection: str,
        chroma_url: str | None = None,
        *,
        model_id: str | None = None,
        create: bool = False,
    ):
        self.location = chroma_url or str(index_dir)
        self.client = _client(Path(index_dir), chroma_url, create)
        self.name = collection
        try:
            if create:
                self.collection = self.client.get_or_create_collection(
                    collection,
                    metadata={"embedding_model": model_id or "unknown"},
                    configuration={"hnsw": {"space": "cosine"}},
                    embedding_function=None,
                )
            else:
                self.collection = self.client.get_collection(collection, embedding_function=None)
        except StoreUnavailableError:
            raise
        except Exception as exc:
            if type(exc).__name__ == "NotFoundError":
                raise IndexMissingError(
                    f"No collection '{collection}' in {self.location}: run 'assistant ingest' first"
                ) from exc
            raise StoreUnavailableError(f"Cannot open the index at {self.location} ({_short(exc)})") from exc
        stored_model = (self.collection.metadata or {}).get("embedding_model")
        if model_id and stored_model and stored_model != model_id:
            raise IndexMismatchError(
                f"Index was built with embedding model {stored_model}, not {model_id}: "
                "re-run 'assistant ingest --reset' or use another --collection"
            )
        self.model_id = stored_model

    def aliases(self) -> dict[str, list[str]]:
        """Names declared equivalent in the corpus's corpus.toml, stored with the collection at ingest."""
        raw = (self.collection.metadata or {}).get("aliases")
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            return {}
        return {str(k): [str(v) for v in vs] for k, vs in data.items() if isinstance(vs, list)}

    def set_aliases(self, aliases: dict[str, list[str]]) -> None:
        metadata = dict(self.collection.metadata or {})
        encoded = json.dumps(aliases, sort_keys=True, ensure_ascii=False)
        if metadata.get("aliases", "{}") != encoded:
            metadata["aliases"] = encoded
            self.collection.modify(metadata=metadata)

    def count(self, kind: str | None = None) -> int:
        if kind is None:
            return self.collection.count()
        return len(self.collection.get(where={"kind": kind}, include=[])["ids"])

    def doc_states(self) -> dict[str, DocState]:
        got = self.collection.get(include=["metadatas"])
        states: dict[str, DocState] = {}
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
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
            elif meta.get("sha") != state.sha:
                state.sha = "mixed"  # an interrupted update: the next ingest redoes this document
            state.record_ids.append(cid)
            if meta.get("kind") == "chunk":
                state.chunks += 1
                state.chunk_ids.add(cid)
        return states

    @staticmethod
    def prepare_writes() -> None:
        """Import the LlamaIndex writer (~0.9 s) before the model starts, not inside the first write, where
        it would compete with the embedding runs for the interpreter."""
        import llama_index.vector_stores.chroma  # noqa: F401

    def add_records(
        self, doc: Document, records: list[Chunk], embeddings: list[list[float]], n_records: int
    ) -> None:
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        nodes = []
        for chunk, vector in zip(records, embeddings, strict=True):
            meta = {
                "kind": chunk.kind,
                "source": doc.source,
                "path": doc.path,
                "sha": doc.sha,
                "n_records": n_records,
                "paragraph": chunk.paragraph,
                "start": chunk.start,
                "end": chunk.end,
                "title": doc.meta.title,
                "author": doc.meta.author or "",
                "date": doc.meta.date or "",
                "publisher": doc.meta.publisher or "",
                "title_is_fallback": doc.meta.title_is_fallback,
            }
            node = TextNode(
                id_=chunk.chunk_id,
                text=chunk.text,
                metadata=meta,
                embedding=vector,
                start_char_idx=chunk.start,
                end_char_idx=chunk.end,
            )
            node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=doc.doc_id)
            nodes.append(node)
        if nodes:
            ChromaVectorStore(chroma_collection=self.collection).add(nodes)

    def update_records_meta(self, ids: list[str], doc: Document, n_records: int) -> None:
        """Chunks kept across an edit still need the new document hash, or the doc looks half-updated."""
        if not ids:
            return
        got = self.collection.get(ids=ids, include=["metadatas"])
        metas = []
        for meta in got["metadatas"]:
            meta = dict(meta)
            meta.update(
                {
                    "sha": doc.sha,
                    "n_records": n_records,
                    "title": doc.meta.title,
                    "author": doc.meta.author or "",
                    "date": doc.meta.date or "",
                    "publisher": doc.meta.publisher or "",
                    "title_is_fallback": doc.meta.title_is_fallback,
                }
            )
            metas.append(meta)
        self.collection.update(ids=got["ids"], metadatas=metas)

    def delete_ids(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    def query(
        self,
        embedding: list[float],
        k: int,
        *,
        kind: str = "chunk",
        sources: list[str] | None = None,
        doc_ids: list[str] | None = None,
    ) -> list[Passage]:
        where = _filter(kind, sources, doc_ids)
        result = self.collection.query(
            query_embeddings=[embedding],
            n_results=k,
            where=where,
            include=["metadatas", "documents", "distances"],
        )
        return [
            to_passage(cid, doc, meta, 1.0 - dist)
            for cid, doc, meta, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        ]

    def all_passages(self, kind: str = "chunk", sources: list[str] | None = None) -> list[Passage]:
        got = self.collection.get(where=_filter(kind, sources, None), include=["metadatas", "documents"])
        return [
            to_passage(cid, doc, meta, 0.0)
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]


def _filter(kind: str, sources: list[str] | None, doc_ids: list[str] | None) -> dict:
    clauses: list[dict] = [{"kind": kind}]
    if sources:
        clauses.append({"source": {"$in": list(sources)}})
    if doc_ids:
        clauses.append({"document_id": {"$in": list(doc_ids)}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


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
    )
