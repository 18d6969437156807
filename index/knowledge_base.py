"""Opens the index of one data dir: manifest, vector store, keyword index, retriever, indexer.

Created once per process and injected; the embedding model loads on first use only, so listing
documents or re-ingesting unchanged files never pays for it.
"""

from __future__ import annotations

import threading
from functools import cached_property

from core.settings import Settings
from index.embedder import Embedder, load_embedder, resolve_model_path
from index.indexer import Indexer
from index.keyword_index import KeywordIndex
from index.manifest import Manifest
from index.retriever import FusionConfig, Retriever
from index.vector_store import ChromaStore, VectorStore
from ingest.chunker import ChunkingConfig


class KnowledgeBase:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(settings.manifest_path)
        self.store: VectorStore = store or ChromaStore(settings)
        self.keyword = KeywordIndex(settings.keyword_dir, settings.keyword_decompound)
        self._embedder = embedder
        self._lock = threading.Lock()
        self.retriever = Retriever(self.manifest, self.store, self.keyword, self.embedder, self.fusion_config)
        # The manifest generation the vector store and keyword index reflect (see `refresh`).
        self._generation = self.manifest.generation

    def behind(self) -> bool:
        """Whether another process committed a write this process has not caught up with."""
        return self.manifest.generation != self._generation

    def refresh(self) -> bool:
        """Catch up with another process's writes: reopen the vector store (an embedded Chroma
        client never sees them) and reload the keyword index. The caller holds the write lock,
        so no write is half done. Returns whether anything was reloaded."""
        generation = self.manifest.generation
        if generation == self._generation:
            return False
        self.store.reopen()
        self.retriever.load_keyword_index()
        self._generation = generation
        return True

    def written(self) -> None:
        """This process wrote (through its own store and keyword index, so both are current)."""
        self._generation = self.manifest.generation

    @property
    def fusion_config(self) -> FusionConfig:
        s = self.settings
        return FusionConfig(dense_weight=s.dense_weight, keyword_weight=s.keyword_weight, rrf_k=s.rrf_k,
                            candidates=s.candidates, type_boost=s.type_boost, context_boost=s.context_boost)

    @property
    def chunking_config(self) -> ChunkingConfig:
        s = self.settings
        return ChunkingConfig(target_words=s.chunk_target_words, max_words=s.chunk_max_words,
                              overlap_sentences=s.chunk_overlap_sentences, min_words=s.chunk_min_words)

    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(self.settings)
            return self._embedder

    @cached_property
    def model_id(self) -> str:
        return self._embedder.model_id if self._embedder is not None else resolve_model_path(self.settings)[1]

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.manifest, self.store, self.keyword, self.embedder, self.model_id, self.chunking_config,
                       self.settings.embed_with_heading)
