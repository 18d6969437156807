"""Similar documents: one vector per document (the normalised mean of its chunk vectors), so a
long document's many chunks never outvote a short one; free descriptions are matched against the
same document vectors and against passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.settings import default
from core.types import Citation
from index.filters import Filters
from index.manifest import Manifest
from index.retriever import Retriever
from index.vector_store import VectorStore
from assistant.grounding import best_sentence

FACETS = ("region", "sector", "solution_type", "organisation_type")


@dataclass
class SimilarMatch:
    doc_id: str
    title: str
    type: str
    score: float
    shared: dict[str, Any] = field(default_factory=dict)
    facets: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "type": self.type, "score": round(self.score, 6),
                "shared": self.shared, "facets": self.facets, "citations": [c.to_dict() for c in self.citations]}


class DocumentVectors:
    """Per-document centroid vectors, recomputed when the manifest's generation changes."""

    def __init__(self, manifest: Manifest, store: VectorStore) -> None:
        self.manifest = manifest
        self.store = store
        self._generation = -1
        self._ids: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    def invalidate(self) -> None:
        """Forget the vectors (the store was reopened and may hold more than before)."""
        self._generation = -1

    def get(self) -> tuple[list[str], np.ndarray]:
        generation = self.manifest.generation
        if generation != self._generation:
            chunks = self.manifest.all_chunks()
            vectors = self.store.vectors(list(chunks))
            by_doc: dict[str, list[np.ndarray]] = {}
            for chunk_id, vector in vectors.items():
                by_doc.setdefault(chunks[chunk_id].doc_id, []).append(vector)
            self._ids = sorted(by_doc)
            rows = [np.mean(by_doc[d], axis=0) for d in self._ids]
            matrix = np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            self._matrix = matrix / np.where(norms == 0, 1, norms)
            self._generation = generation
        return self._ids, self._matrix


def _facets(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: metadata[k] for k in FACETS if metadata.get(k)}


def _excerpt(retriever: Retriever, manifest: Manifest, doc_id: str, query: str) -> list[Citation]:
    chunks = manifest.chunks_of(doc_id)
    if not chunks:
        return []
    # The profile's opening passage says what was built; for a description, the passage that fits it.
    chunk = chunks[0]
    if query:
        hits = retriever.search(query, k=1, filters=Filters.build(where=[f"doc_id={doc_id}"]))
        chunk = hits[0].chunk if hits else chunk
    quote = best_sentence(chunk.text, query)
    return [Citation(1, chunk.doc_id, chunk.title, chunk.source, chunk.section, chunk.page, quote)]


def similar_to_document(retriever: Retriever, vectors: DocumentVectors, doc_id: str, k: int = 5,
                        filters: Filters = Filters()) -> list[SimilarMatch]:
    """Documents most like `doc_id`; raises KeyError for an unknown id."""
    manifest = vectors.manifest
    source = manifest.document(doc_id)
    if source is None:
        raise KeyError(doc_id)
    ids, matrix = vectors.get()
    if doc_id not in ids:
        return []
    scores = matrix @ matrix[ids.index(doc_id)]
    records = {d.doc_id: d for d in manifest.documents()}
    source_facets = _facets(source.metadata)
    out = []
    for i in np.argsort(-scores):
        other = records.get(ids[i])
        if other is None or other.doc_id == doc_id:
            continue
        if filters and not filters.matches({**other.metadata, "type": other.type, "doc_id": other.doc_id}):
            continue
        facets = _facets(other.metadata)
        shared = {k: v for k, v in facets.items() if source_facets.get(k) == v}
        out.append(SimilarMatch(other.doc_id, other.title, other.type, float(scores[i]), shared, facets,
                                _excerpt(retriever, manifest, other.doc_id, "")))
        if len(out) == k:
            break
    return out


def similar_to_description(retriever: Retriever, manifest: Manifest, description: str, k: int = 5,
                           filters: Filters = Filters(), candidates: int = default("candidates")) -> list[SimilarMatch]:
    hits = retriever.search(description, k=candidates, filters=filters)
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.chunk.doc_id] = max(best.get(hit.chunk.doc_id, 0.0), hit.score)
    out = []
    for doc_id, score in sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:k]:
        record = manifest.document(doc_id)
        if record is not None:
            out.append(SimilarMatch(doc_id, record.title, record.type, score, {}, _facets(record.metadata),
                                    _excerpt(retriever, manifest, doc_id, description)))
    return out
