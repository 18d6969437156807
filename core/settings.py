"""The one settings object. Every knob is read here, from `CIMIS_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_model_cache() -> Path:
    return Path.home() / ".cache" / "cimis"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CIMIS_", extra="ignore")

    data_dir: Path = Path("./data")
    corpus_dir: Path = Path("./corpus")
    chroma_url: str | None = None
    embed_model: str | None = Field(
        default=None, description="sentence-transformers folder or name; unset: verified EmbeddingGemma"
    )
    staff_token: str | None = None

    model_cache_dir: Path = Field(default_factory=default_model_cache)
    embed_dtype: Literal["auto", "float32", "bfloat16"] = "auto"
    embed_batch_size: int = 4

    # Chunking: measured in docs/quality/DECISIONS.md.
    chunk_target_words: int = 180
    chunk_max_words: int = 260
    chunk_overlap_sentences: int = 1
    chunk_min_words: int = 40
    embed_with_heading: bool = True

    # Retrieval fusion: weights of the two retrievers in weighted reciprocal-rank fusion.
    dense_weight: float = 1.0
    keyword_weight: float = 0.5
    rrf_k: int = 60
    type_boost: float = 0.15
    # Passages of the documents the previous answer cited rank this much higher for a follow-up.
    context_boost: float = 0.1
    keyword_decompound: bool = True
    candidates: int = 40

    # Answers: the assistant abstains when the calibrated probability that the passages answer
    # the question is below this; unset: the calibrated threshold (assistant/calibration.json).
    abstain_threshold: float | None = Field(default=None, ge=0.0, le=1.0)

    max_upload_mb: int = 20
    # A writer waits this long for another writer of the same data dir (any process) to finish.
    write_lock_timeout_s: float = 30.0
    # Wrong staff tokens from one client: after this many within the window, it must wait.
    auth_max_failures: int = 5
    auth_window_s: float = 60.0

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.sqlite3"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def question_log_path(self) -> Path:
        return self.data_dir / "questions.sqlite3"

    @property
    def default_model_dir(self) -> Path:
        return self.model_cache_dir / "models" / "embeddinggemma-300m"


def default(name: str) -> Any:
    """The default of a setting, for the stage configs that derive from Settings (defaults are
    written once, here)."""
    field = Settings.model_fields[name]
    return field.get_default(call_default_factory=True)
