"""The one interface every answer backend implements (extractive now; openai and local later)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.query import Query
from assistant.retrieval.embed import CrossEncoder
from assistant.schema import Answer, Retrieval
from assistant.settings import Settings


@dataclass
class BackendResources:
    """Loaded once per process and shared by every backend and every question."""

    settings: Settings
    cross_encoder: CrossEncoder


class AnswerBackend(Protocol):
    name: str

    def answer(self, query: Query, retrieval: Retrieval) -> Answer:
        """A cited answer from these passages only, or a refusal; never a claim without a passage."""
        ...
