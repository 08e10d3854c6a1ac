"""Answer backends: each turns (question, passages) into a cited Answer behind one interface."""

from __future__ import annotations

from assistant.answer.backends.base import AnswerBackend, BackendResources
from assistant.errors import BackendError

AVAILABLE = ("extractive",)


def get_backend(name: str, resources: BackendResources) -> AnswerBackend:
    if name == "extractive":
        from assistant.answer.backends.extractive import ExtractiveBackend

        return ExtractiveBackend(resources)
    raise BackendError(f"Unknown backend '{name}'; available: {', '.join(AVAILABLE)}")


__all__ = ["AVAILABLE", "AnswerBackend", "BackendResources", "get_backend"]
