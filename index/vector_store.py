"""The vector store: Chroma embedded (PersistentClient) or a Chroma server, cosine space.

Chroma never embeds anything here: every call passes vectors we computed, and the collection
has no embedding function (a default one would try to download a model).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

import numpy as np

from core.settings import Settings

COLLECTION = "cimis_chunks"


@dataclass(frozen=True)
class VectorMatch:
    chunk_id: str
    similarity: float


class VectorStore(Protocol):
    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[VectorMatch]: ...

    def ids(self) -> list[str]: ...

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def reset(self) -> None: ...


class ChromaStore:
    def __init__(self, settings: Settings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            self._client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                               ssl=url.scheme == "https", settings=chroma_settings)
            # A shared server may hold several data dirs' indexes: name the collection per data dir.
            self._name = f"{COLLECTION}_{_slug(str(settings.data_dir.resolve()))}"
        else:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
            self._name = COLLECTION
        self._collection = self._open()

    def _open(self):
        return self._client.get_or_create_collection(
            self._name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
        )

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None:
        for start in range(0, len(ids), 500):
            end = start + 500
            self._collection.upsert(ids=list(ids[start:end]), embeddings=vectors[start:end].tolist(),
                                    metadatas=list(metadatas[start:end]))

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 500):
            self._collection.delete(ids=list(ids[start:start + 500]))

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[VectorMatch]:
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        count = self._collection.count()
        if count == 0:
            return []
        result = self._collection.query(query_embeddings=[vector.tolist()], n_results=min(k, count), where=where,
                                        include=["distances"])
        return [VectorMatch(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def ids(self) -> list[str]:
        return list(self._collection.get(include=[])["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 500):
            got = self._collection.get(ids=list(ids[start:start + 500]), include=["embeddings"])
            out.update({i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"])})
        return out

    def reset(self) -> None:
        self._client.delete_collection(self._name)
        self._collection = self._open()


def _slug(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]
