"""`--backend openai`: answers written through any OpenAI-compatible endpoint, then verified (generate.py).

Works with OpenAI, Ollama, vLLM and llama.cpp's server (OPENAI_BASE_URL). The `openai` SDK is imported
here only, so the extractive path never pays for it. Each endpoint failure becomes one line (BackendError)
and the API key never appears in it.
"""

from __future__ import annotations

import time
from typing import Any

from assistant.answer.backends.base import BackendResources
from assistant.answer.generate import GenerationStats, LLMBackend, Messages, OnToken
from assistant.errors import BackendError
from assistant.settings import OpenAISettings

# Servers word "prompt too long" in many ways (OpenAI: context_length_exceeded; llama.cpp: "Requested
# tokens (…) exceed context window"; vLLM: "maximum context length").
_CONTEXT_WORDS = ("context_length", "context length", "context window", "too long", "maximum context")


def make_client(cfg: OpenAISettings, http_client: Any = None):
    """An OpenAI client for these settings; http_client lets tests put a fake transport underneath."""
    import openai

    key = cfg.api_key.get_secret_value() if cfg.api_key else None
    if not key and not cfg.base_url:
        raise BackendError(
            "The openai backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as "
            "Ollama, vLLM or llama.cpp's)."
        )
    return openai.OpenAI(
        api_key=key or "not-needed",  # local servers take any key; the SDK insists on one
        base_url=cfg.base_url or None,
        timeout=cfg.timeout_s,
        max_retries=cfg.max_retries,
        http_client=http_client,
    )


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def _server_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(getattr(exc, "message", "") or exc)


def endpoint_error(exc: Exception, cfg: OpenAISettings) -> BackendError:
    """One line per kind of endpoint failure, saying what to check; the key is never in it."""
    import openai

    where = cfg.base_url or "api.openai.com"
    key = cfg.api_key.get_secret_value() if cfg.api_key else None
    retried = f" after {cfg.max_retries} retries" if cfg.max_retries else ""
    if isinstance(exc, openai.APITimeoutError):
        msg = (
            f"The endpoint at {where} did not answer within {cfg.timeout_s:g} s{retried} "
            "(ASSISTANT_OPENAI__TIMEOUT_S)."
        )
    elif isinstance(exc, openai.APIConnectionError):
        msg = f"Cannot connect to the endpoint at {where}{retried}: is the server running? (OPENAI_BASE_URL)"
    elif isinstance(exc, openai.AuthenticationError):
        msg = f"The endpoint at {where} rejected the API key (HTTP 401): check OPENAI_API_KEY."
    elif isinstance(exc, openai.PermissionDeniedError):
        msg = f"The endpoint at {where} refused access (HTTP 403): check the API key's permissions."
    elif isinstance(exc, openai.RateLimitError):
        msg = f"The endpoint at {where} is rate-limiting requests (HTTP 429){retried}: try again later."
    elif isinstance(exc, openai.APIStatusError):
        status, detail = exc.status_code, " ".join(_server_message(exc).split())
        lowered = detail.lower()
        if status in (400, 413, 422) and any(w in lowered for w in _CONTEXT_WORDS):
            msg = (
                f"The prompt is too long for model '{cfg.model}' at {where} (HTTP {status}): lower -k or "
                "ASSISTANT_LLM__PASSAGES, or use a model with a longer context."
            )
        elif "model" in lowered and (
            status == 404 or any(w in lowered for w in ("not found", "does not exist", "unknown"))
        ):
            msg = f"The endpoint at {where} has no model '{cfg.model}' (HTTP {status}): set ASSISTANT_OPENAI__MODEL."
        elif status == 404:
            msg = (
                f"No chat completions at {where} (HTTP 404): check OPENAI_BASE_URL (it usually ends in /v1)."
            )
        elif status >= 500:
            msg = f"The endpoint at {where} failed (HTTP {status}){retried}: {detail[:160]}"
        else:
            msg = f"The endpoint at {where} refused the request (HTTP {status}): {detail[:160]}"
    else:
        msg = f"The endpoint at {where} failed: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
    return BackendError(_redact(msg, key))


class OpenAIBackend(LLMBackend):
    name = "openai"

    def __init__(self, resources: BackendResources, *, http_client: Any = None):
        super().__init__(resources)
        self.cfg = resources.settings.openai
        self.client = make_client(self.cfg, http_client)

    def complete(
        self, messages: Messages, *, max_tokens: int, on_token: OnToken | None = None
    ) -> tuple[str, GenerationStats]:
        """One streamed chat completion; tokens go to on_token as they arrive. Ctrl-C closes the stream."""
        import openai

        stats = GenerationStats()
        t0 = time.perf_counter()
        parts: list[str] = []
        stream = None
        try:
            stream = self.client.chat.completions.create(
                model=self.cfg.model,
                messages=messages,
                temperature=self.cfg.temperature,
                max_tokens=max_tokens,
                stream=True,
                stream_options={"include_usage": True},
            )
            for chunk in stream:
                usage = getattr(chunk, "usage", None)
                if usage is not None:
                    stats.prompt_tokens = usage.prompt_tokens
                    stats.completion_tokens = usage.completion_tokens
                for choice in chunk.choices or []:
                    piece = getattr(choice.delta, "content", None) if choice.delta else None
                    if piece:
                        if stats.first_token_s is None:
                            stats.first_token_s = time.perf_counter() - t0
                        parts.append(piece)
                        if on_token:
                            on_token(piece)
        except openai.OpenAIError as exc:
            raise endpoint_error(exc, self.cfg) from None
        finally:
            if stream is not None:
                stream.close()  # on Ctrl-C too: the server stops generating for a closed connection
        stats.total_s = time.perf_counter() - t0
        return "".join(parts), stats
