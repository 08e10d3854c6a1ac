"""A chunk's sentence vectors, packed into one string of the chunk's metadata.

The sentences are ranked against the question by these vectors. Kept as their own collection, they were
85% of an index's records: at 100k chunks their HNSW index took 2 s to load on every cold `ask`, and a
50 MB ingest held it in memory (1.8 KB a sentence). Packed beside the chunk they cost nothing until a chunk
is a candidate, and a server shares them like any metadata. int8 with one scale per vector: cosine is
scale-free, and the ranking of a chunk's few sentences does not move at that precision.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

KEY = "sentence_vectors"  # the chunk metadata field


def pack(vectors: list[list[float]]) -> str:
    """'<dimension>:<base64 int8 rows>'; '' for a chunk without candidate sentences."""
    import numpy as np

    if not vectors:
        return ""
    rows = np.asarray(vectors, dtype=np.float32)
    peak = np.maximum(np.abs(rows).max(axis=1, keepdims=True), 1e-12)
    quantized = np.rint(rows / peak * 127).astype(np.int8)
    return f"{rows.shape[1]}:{base64.b64encode(quantized.tobytes()).decode('ascii')}"


def unpack(packed: object) -> np.ndarray | None:
    """Unit-length float32 rows, or None when the field is missing or malformed."""
    import numpy as np

    if not isinstance(packed, str) or ":" not in packed:
        return None
    head, _, body = packed.partition(":")
    try:
        dimension = int(head)
        raw = np.frombuffer(base64.b64decode(body, validate=True), dtype=np.int8)
    except ValueError:
        return None
    if dimension <= 0 or raw.size % dimension:
        return None
    rows = raw.reshape(-1, dimension).astype(np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
