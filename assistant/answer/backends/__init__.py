"""Answer backends: each turns (question, passages) into a cited Answer behind one interface."""

from __future__ import annotations

from assistant.answer.backends.base import AnswerBackend, BackendResources
from assistant.errors import BackendError

AVAILABLE = ("extractive", "openai", "local")
LLM_BACKENDS = ("openai", "local")  # written by a model, then verified sentence by sentence


def get_backend(name: str, resources: BackendResources) -> AnswerBackend:
    if name == "extractive":
        from assistant.answer.backends.extractive import ExtractiveBackend

        return ExtractiveBackend(resources)
    if name == "openai":
        from assistant.answer.backends.openai import OpenAIBackend

        return OpenAIBackend(resources)
    if name == "local":
        from assistant.answer.backends.local import LocalBackend

        return LocalBackend(resources)
    raise BackendError(f"Unknown backend '{name}'; available: {', '.join(AVAILABLE)}")


__all__ = ["AVAILABLE", "LLM_BACKENDS", "AnswerBackend", "BackendResources", "get_backend"]
