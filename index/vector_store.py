"""The vector store: Chroma embedded (PersistentClient) or a Chroma server, cosine space.

Chroma never embeds anything here: every call passes vectors we computed, and the collection
has no embedding function (a default one would try to download a model).

An embedded client keeps the vector index in memory and never sees what another process writes
to the same folder; worse, its queries then fail ("Error finding id") because the metadata on
disk names vectors its memory lacks. So the knowledge base `reopen`s the store after another
process's write, and a read that fails while that process is still writing reopens it at once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlparse

import numpy as np

from core.settings import Settings

log = logging.getLogger(__name__)

COLLECTION = "cimis_chunks"
T = TypeVar("T")


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

    def reopen(self) -> None: ...


class _SharedExclusive:
    """Many users or one reopener: reopening the client must not pull it from under a query."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._users = 0
        self._exclusive = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._exclusive = True
            self._cond.wait_for(lambda: self._users == 0)
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


class ChromaStore:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._gate = _SharedExclusive()
        self._client, self._name = self._connect()
        self._collection = self._open()

    def _connect(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = self._settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                         ssl=url.scheme == "https", settings=chroma_settings)
            # A shared server may hold several data dirs' indexes: name the collection per data dir.
            return client, f"{COLLECTION}_{_slug(str(settings.data_dir.resolve()))}"
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings), COLLECTION

    def _open(self):
        return self._client.get_or_create_collection(
            self._name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
        )

    def reopen(self) -> None:
        """Drop the client and open the folder again, to see another process's writes."""
        with self._gate.exclusive():
            # chromadb shares one embedded client per folder inside the process: close it first.
            self._client.close()
            self._client, self._name = self._connect()
            self._collection = self._open()

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None:
        with self._gate.shared():
            for start in range(0, len(ids), 500):
                end = start + 500
                self._collection.upsert(ids=list(ids[start:end]), embeddings=vectors[start:end].tolist(),
                                        metadatas=list(metadatas[start:end]))

    def delete(self, ids: Sequence[str]) -> None:
        with self._gate.shared():
            for start in range(0, len(ids), 500):
                self._collection.delete(ids=list(ids[start:start + 500]))

    def _read(self, call: Callable[[], T], fallback: T) -> T:
        """Run a read; if the client fails because another process wrote meanwhile, reopen the
        folder and try once more; if that fails too, log it and answer `fallback` (retrieval
        then rests on the keyword index) rather than an error."""
        from chromadb.errors import ChromaError

        for attempt in range(2):
            with self._gate.shared():
                try:
                    return call()
                except ChromaError as exc:
                    error = exc
            if attempt == 0:
                log.info("Vektorspeicher wird neu geöffnet (%s)", error)
                self.reopen()
        log.warning("Vektorspeicher nicht lesbar (%s); Ergebnis ohne Vektoren", error)
        return fallback

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[VectorMatch]:
        if doc_ids is not None and not doc_ids:
            return []

        def run() -> list[VectorMatch]:
            where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
            count = self._collection.count()
            if count == 0:
                return []
            result = self._collection.query(query_embeddings=[vector.tolist()], n_results=min(k, count),
                                            where=where, include=["distances"])
            return [VectorMatch(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

        return self._read(run, [])

    def ids(self) -> list[str]:
        with self._gate.shared():
            return list(self._collection.get(include=[])["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        def run() -> dict[str, np.ndarray]:
            out: dict[str, np.ndarray] = {}
            for start in range(0, len(ids), 500):
                got = self._collection.get(ids=list(ids[start:start + 500]), include=["embeddings"])
                out.update({i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"])})
            return out

        return self._read(run, {})

    def reset(self) -> None:
        with self._gate.exclusive():
            self._client.delete_collection(self._name)
            self._collection = self._open()


def _slug(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]
