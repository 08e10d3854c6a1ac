"""Each chunk carries its candidate sentences' vectors: packed small, in the splitter's order, and read back
as the vectors the model gives those sentences."""

from __future__ import annotations

import numpy as np

from assistant.retrieval import sentence_vectors
from assistant.retrieval.retrieve import sentences_of
from assistant.retrieval.store import Store


def test_packing_keeps_the_order_of_cosine_similarities():
    rng = np.random.default_rng(7)
    rows = rng.normal(size=(12, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    query = rng.normal(size=384).astype(np.float32)
    query /= np.linalg.norm(query)
    packed = sentence_vectors.pack(rows.tolist())
    assert len(packed) < 12 * 384 * 1.4 + 8, "one byte a dimension (base64), not a float"
    back = sentence_vectors.unpack(packed)
    assert back is not None and back.shape == (12, 384)
    assert np.allclose(back @ query, rows @ query, atol=0.01)
    assert list(np.argsort(back @ query)) == list(np.argsort(rows @ query))


def test_a_missing_or_malformed_field_reads_as_none():
    assert sentence_vectors.pack([]) == ""
    for bad in (None, "", "384", "384:not base64!", "5:" + "AAAA", 42):
        assert sentence_vectors.unpack(bad) is None


def test_every_chunk_holds_its_own_sentences_vectors(built_index):
    from assistant.retrieval.embed import Embedder
    from assistant.settings import load_settings

    settings = load_settings(index_dir=built_index)
    store = Store(built_index, "articles")
    chunks = store.all_passages()
    packed = store.packed_sentence_vectors([c.chunk_id for c in chunks])
    stored = {cid: rows for cid, p in packed.items() if (rows := sentence_vectors.unpack(p)) is not None}
    assert set(stored) == {c.chunk_id for c in chunks if sentences_of(c)}
    embedder = Embedder(settings.embedding.model_dir, settings.embedding.query_prefix)
    for chunk in chunks[::7]:
        sentences = sentences_of(chunk)
        rows = stored[chunk.chunk_id]
        assert len(rows) == len(sentences)
        fresh = np.asarray(embedder.embed_passages([s.text for s in sentences]), dtype=np.float32)
        similarity = rows @ fresh.T  # row i against every sentence of the chunk, embedded now
        assert (np.diag(similarity) > 0.99).all(), chunk.chunk_id
        assert (similarity.argmax(axis=1) == np.arange(len(sentences))).all(), "rows follow sentence order"
