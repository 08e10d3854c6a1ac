"""Grounded, cited question answering over your articles.

from assistant import Assistant, ingest
ingest()                       # the bundled corpus into index/
Assistant().ask("Who claimed the attack?")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Assistant", "ask", "ingest", "load_settings"]

if TYPE_CHECKING:
    from assistant.api import Assistant, ask, ingest
    from assistant.settings import load_settings


def __getattr__(name: str) -> Any:
    # Lazy, so 'assistant --help' never pays for chromadb, onnxruntime or pydantic.
    if name in {"Assistant", "ask", "ingest"}:
        from assistant import api

        return getattr(api, name)
    if name == "load_settings":
        from assistant.settings import load_settings

        return load_settings
    raise AttributeError(name)
