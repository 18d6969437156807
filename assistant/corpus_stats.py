"""What the assistant derives from the whole index, rebuilt once per manifest generation (any
process's write bumps it): term statistics, the facet catalogue, each document's first passage,
and the mean and covariance of the passage vectors, which turn a question's best similarity into
a score relative to this corpus (how far it stands above what the question scores on average)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from core.types import Chunk
from index.manifest import DocumentRecord, Manifest
from index.vector_store import VectorStore
from assistant.evidence import TermStatistics
from assistant.facets import FacetCatalog


@dataclass(frozen=True)
class CorpusSnapshot:
    generation: int
    documents: dict[str, DocumentRecord]
    terms: TermStatistics
    catalog: FacetCatalog
    first_chunks: dict[str, Chunk]
    vector_mean: np.ndarray
    vector_cov: np.ndarray

    def similarity_z(self, vector: np.ndarray, similarity: float) -> float:
        """How many standard deviations `similarity` lies above the question's mean similarity to
        the corpus's passages (computed from their mean and covariance, not passage by passage)."""
        if not self.vector_mean.size:
            return 0.0
        mean = float(self.vector_mean @ vector)
        spread = float(vector @ self.vector_cov @ vector) ** 0.5
        return (similarity - mean) / spread if spread > 1e-9 else 0.0


# The moments need no more passages than this to be stable; larger indexes are sampled evenly.
MOMENT_SAMPLE = 5000


class CorpusStats:
    def __init__(self, manifest: Manifest, store: VectorStore) -> None:
        self._manifest = manifest
        self._store = store
        self._snapshot: CorpusSnapshot | None = None
        self._lock = threading.Lock()

    def current(self) -> CorpusSnapshot:
        generation = self._manifest.generation
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                documents = self._manifest.documents()
                chunks = self._manifest.all_chunks()
                first: dict[str, Chunk] = {}
                for chunk in chunks.values():
                    if chunk.doc_id not in first or chunk.position < first[chunk.doc_id].position:
                        first[chunk.doc_id] = chunk
                mean, cov = self._moments(list(chunks))
                self._snapshot = CorpusSnapshot(generation, {d.doc_id: d for d in documents},
                                                TermStatistics([c.text for c in chunks.values()]),
                                                FacetCatalog.build(documents), first, mean, cov)
            return self._snapshot

    def _moments(self, chunk_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        step = max(1, len(chunk_ids) // MOMENT_SAMPLE)
        vectors = list(self._store.vectors(chunk_ids[::step]).values())
        if len(vectors) < 2:
            return np.zeros(0, dtype=np.float32), np.zeros((0, 0), dtype=np.float32)
        matrix = np.vstack(vectors).astype(np.float64)
        return matrix.mean(axis=0), np.cov(matrix, rowvar=False)
