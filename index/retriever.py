"""Hybrid retrieval: dense (our vectors in Chroma) and BM25, fused, filtered, stale-safe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

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

    def dense(self, query: str, k: int, allowed_docs: set[str] | None = None) -> list[tuple[Chunk, float]]:
        vector = self._embedder().embed_queries([query])[0]
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
               boost_types: frozenset[str] = frozenset()) -> list[Hit]:
        allowed = self._allowed(filters)
        if allowed is not None and not allowed:
            return []
        n = max(k, self.fusion.candidates)
        if mode == "dense":
            return [Hit(c, s, "dense", dense_score=s) for c, s in self.dense(query, k, allowed)]
        if mode == "bm25":
            return [Hit(c, s, "bm25", keyword_score=s) for c, s in self.bm25(query, k, allowed)]
        dense = self.dense(query, n, allowed)
        keyword = self.bm25(query, n, allowed)
        return self._fuse(dense, keyword, boost_types)[:k]

    def _fuse(self, dense: list[tuple[Chunk, float]], keyword: list[tuple[Chunk, float]],
              boost_types: frozenset[str]) -> list[Hit]:
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
        return sorted(hits.values(), key=lambda h: h.score, reverse=True)


def keyword_text(chunk: Chunk) -> str:
    """What BM25 indexes of a chunk: its title and section path, then its text."""
    heading = chunk.title if not chunk.section else f"{chunk.title} {chunk.section}"
    return f"{heading}\n{chunk.text}"
