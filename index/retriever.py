"""Hybrid retrieval: dense (our vectors in Chroma) and BM25, fused, filtered, stale-safe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from core.settings import default
from core.types import Chunk, Hit
from index.embedder import Embedder
from index.filters import Filters
from index.keyword_index import KeywordIndex
from index.manifest import Manifest
from index.vector_store import VectorStore

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class FusionConfig:
    dense_weight: float = default("dense_weight")
    keyword_weight: float = default("keyword_weight")
    rrf_k: int = default("rrf_k")
    candidates: int = default("candidates")
    type_boost: float = default("type_boost")
    context_boost: float = default("context_boost")


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]  # fused, best first
    dense: list[tuple[Chunk, float]]  # the dense candidates with their cosine, best first
    keyword: list[tuple[Chunk, float]]  # the BM25 candidates with their score, best first


class Retriever:
    def __init__(self, manifest: Manifest, store: VectorStore, keyword: KeywordIndex,
                 embedder: Callable[[], Embedder], fusion: FusionConfig = FusionConfig()) -> None:
        self.manifest = manifest
        self.store = store
        self.keyword = keyword
        self._embedder = embedder
        self.fusion = fusion

    def embedder(self) -> Embedder:
        return self._embedder()

    def load_keyword_index(self) -> None:
        """Load the writer's BM25 index; if it is behind the manifest (a writer crashed before
        saving it), build one in memory. Readers never write it: the Indexer does."""
        generation = self.manifest.generation
        if self.keyword.load() and self.keyword.generation == generation:
            return
        chunks = self.manifest.all_chunks()
        self.keyword.build(list(chunks), [keyword_text(c) for c in chunks.values()], generation, save=False)

    def _allowed(self, filters: Filters) -> set[str] | None:
        if not filters:
            return None
        return {d.doc_id for d in self.manifest.documents()
                if filters.matches({**d.metadata, "type": d.type, "doc_id": d.doc_id, "title": d.title})}

    def embed_query(self, query: str) -> np.ndarray:
        return self._embedder().embed_queries([query])[0]

    def dense(self, query: str, k: int, allowed_docs: set[str] | None = None,
              vector: np.ndarray | None = None) -> list[tuple[Chunk, float]]:
        vector = self.embed_query(query) if vector is None else vector
        matches = self.store.query(vector, k, sorted(allowed_docs) if allowed_docs is not None else None)
        live = self.manifest.all_chunks()
        return [(live[m.chunk_id], m.similarity) for m in matches if m.chunk_id in live]

    def bm25(self, query: str, k: int, allowed_docs: set[str] | None = None) -> list[tuple[Chunk, float]]:
        if self.keyword.generation < 0:  # first keyword search of this process
            self.load_keyword_index()
        live = self.manifest.all_chunks()
        allowed = None if allowed_docs is None else {cid for cid, c in live.items() if c.doc_id in allowed_docs}
        return [(live[cid], s) for cid, s in self.keyword.search(query, k, allowed) if cid in live]

    def search(self, query: str, k: int = 10, filters: Filters = Filters(), mode: Mode = "hybrid",
               boost_types: frozenset[str] = frozenset(), vector: np.ndarray | None = None,
               boost_docs: frozenset[str] = frozenset(), keyword_query: str | None = None) -> list[Hit]:
        """Best chunks for `query`; `vector` is its embedding when the caller has it already,
        `keyword_query` what BM25 searches for (default: the query), and chunks of `boost_types`
        or `boost_docs` (a conversation's documents) rank higher."""
        allowed = self._allowed(filters)
        if allowed is not None and not allowed:
            return []
        n = max(k, self.fusion.candidates)
        if mode == "dense":
            return [Hit(c, s, "dense", dense_score=s) for c, s in self.dense(query, k, allowed, vector)]
        if mode == "bm25":
            return [Hit(c, s, "bm25", keyword_score=s) for c, s in self.bm25(keyword_query or query, k, allowed)]
        return self.retrieve(query, n, filters, boost_types, vector, boost_docs, keyword_query).hits[:k]

    def retrieve(self, query: str, n: int | None = None, filters: Filters = Filters(),
                 boost_types: frozenset[str] = frozenset(), vector: np.ndarray | None = None,
                 boost_docs: frozenset[str] = frozenset(), keyword_query: str | None = None) -> Retrieval:
        """Hybrid retrieval with both candidate lists kept: what the answer's abstention weighs
        (how far the best passage stands out, whether both retrievers agree) and what staff see
        when they ask why a passage ranked where it did."""
        n = n or self.fusion.candidates
        allowed = self._allowed(filters)
        if allowed is not None and not allowed:
            return Retrieval([], [], [])
        dense = self.dense(query, n, allowed, vector)
        keyword = self.bm25(keyword_query or query, n, allowed)
        return Retrieval(self._fuse(dense, keyword, boost_types, boost_docs), dense, keyword)

    def _fuse(self, dense: list[tuple[Chunk, float]], keyword: list[tuple[Chunk, float]],
              boost_types: frozenset[str], boost_docs: frozenset[str] = frozenset()) -> list[Hit]:
        f = self.fusion
        hits: dict[str, Hit] = {}
        for rank, (chunk, sim) in enumerate(dense, start=1):
            hits[chunk.chunk_id] = Hit(chunk, f.dense_weight / (f.rrf_k + rank), "hybrid", dense_score=sim)
        for rank, (chunk, score) in enumerate(keyword, start=1):
            hit = hits.setdefault(chunk.chunk_id, Hit(chunk, 0.0, "hybrid"))
            hit.score += f.keyword_weight / (f.rrf_k + rank)
            hit.keyword_score = score
        norm = (f.dense_weight + f.keyword_weight) / (f.rrf_k + 1)
        for hit in hits.values():
            hit.score /= norm
            if hit.chunk.type in boost_types:
                hit.score *= 1.0 + f.type_boost
            if hit.chunk.doc_id in boost_docs:
                hit.score *= 1.0 + f.context_boost
        return sorted(hits.values(), key=lambda h: h.score, reverse=True)


def keyword_text(chunk: Chunk) -> str:
    """What BM25 indexes of a chunk: its title and section path, then its text."""
    heading = chunk.title if not chunk.section else f"{chunk.title} {chunk.section}"
    return f"{heading}\n{chunk.text}"
