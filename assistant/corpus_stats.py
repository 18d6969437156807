"""What the assistant derives from the whole index, rebuilt once per manifest generation (any
process's write bumps it): term statistics, the facet catalogue, each document's first passage."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from core.types import Chunk
from index.manifest import DocumentRecord, Manifest
from assistant.evidence import TermStatistics
from assistant.facets import FacetCatalog


@dataclass(frozen=True)
class CorpusSnapshot:
    generation: int
    documents: dict[str, DocumentRecord]
    terms: TermStatistics
    catalog: FacetCatalog
    first_chunks: dict[str, Chunk]


class CorpusStats:
    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest
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
                self._snapshot = CorpusSnapshot(generation, {d.doc_id: d for d in documents},
                                                TermStatistics([c.text for c in chunks.values()]),
                                                FacetCatalog.build(documents), first)
            return self._snapshot
