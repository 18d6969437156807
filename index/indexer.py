"""Ingest files into the index: exact incremental sync, crash-safe replacement, per-file errors.

Order of writes for one document: vectors of the new version go into the store first (under new
chunk ids), then the manifest commits the new version in one transaction, then the old vectors
are deleted. Retrieval only returns chunks the manifest knows, so readers see the old version or
the new one, never both or neither.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from core.files import sha256_file
from core.types import IngestFailure, IngestReport, SentenceVectors
from index.embedder import Embedder
from index.manifest import DocumentRecord, Manifest
from index.keyword_index import KeywordIndex
from index.retriever import keyword_text
from index.vector_store import VectorStore
from ingest.chunker import ChunkingConfig, chunk_document
from ingest.loaders import SUPPORTED_SUFFIXES, DocumentError, load_document
from ingest.schema import validate_metadata
from ingest.sentences import sentence_spans

log = logging.getLogger(__name__)

# Part of every document version: raising it re-embeds every document on the next ingest
# (3: each sentence is embedded on its own and stored with its chunk).
INDEX_SCHEME = 3

UPLOAD_ORIGIN = "upload"
FILE_ORIGIN = "file"
_REPLACED = "replaced-by-upload:"  # manifest meta key prefix: doc id → source of the replaced file


class ModelMismatchError(RuntimeError):
    """The index was built with another embedding model; vectors of two models never mix."""


@dataclass
class IngestItem:
    path: Path
    root: Path | None
    origin: str
    doc_id: str | None = None
    source: Path | None = None  # where the file will live, when it is read from a staging copy


@dataclass
class _Run:
    report: IngestReport = field(default_factory=IngestReport)
    changed: bool = False
    seen_ids: dict[str, str] = field(default_factory=dict)


ProgressCallback = Callable[[int, str], None]


def folder_origin(folder: Path) -> str:
    return f"folder:{folder.resolve()}"


def discover(folder: Path) -> list[Path]:
    """Supported files below `folder`, skipping hidden files and folders."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


class Indexer:
    def __init__(self, manifest: Manifest, store: VectorStore, keyword: KeywordIndex,
                 embedder: Callable[[], Embedder], model_id: str, chunking: ChunkingConfig,
                 embed_with_heading: bool = True) -> None:
        self.manifest = manifest
        self.store = store
        self.keyword = keyword
        self._embedder = embedder
        self.model_id = model_id
        self.chunking = chunking
        self.embed_with_heading = embed_with_heading

    def check_model(self) -> None:
        recorded = self.manifest.get_meta("model_id")
        if recorded and recorded != self.model_id:
            raise ModelMismatchError(
                f"Der Index in diesem Datenordner wurde mit dem Modell '{recorded}' gebaut, eingestellt ist "
                f"'{self.model_id}'. Vektoren zweier Modelle werden nie gemischt: `cimis ingest --rebuild` baut "
                "den Index mit dem eingestellten Modell neu auf, oder CIMIS_EMBED_MODEL zurückstellen."
            )

    def _version(self, digest: str) -> str:
        c = self.chunking
        key = (f"{digest}|{INDEX_SCHEME}|{self.model_id}|{c.target_words}|{c.max_words}|{c.overlap_sentences}|{c.min_words}|"
               f"{self.embed_with_heading}")
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def write_keyword_index(self) -> None:
        """Rebuild BM25 from the live chunks and save it for every process's readers."""
        generation = self.manifest.generation
        chunks = self.manifest.all_chunks()
        self.keyword.build(list(chunks), [keyword_text(c) for c in chunks.values()], generation)

    def keyword_index_current(self) -> bool:
        """Whether the saved BM25 index matches the manifest (a crash may have left it behind)."""
        return self.keyword.load() and self.keyword.generation == self.manifest.generation

    def collect_garbage(self) -> int:
        """Delete vectors the manifest does not know (left by an interrupted ingest)."""
        live = self.manifest.all_chunks()
        stale = [i for i in self.store.ids() if i not in live]
        if stale:
            self.store.delete(stale)
            log.info("%d verwaiste Vektoren entfernt", len(stale))
        return len(stale)

    def rebuild(self) -> None:
        """Drop every vector and manifest row (used when the embedding model changes)."""
        self.store.reset()
        self.manifest.clear()

    def ingest(self, paths: list[Path], progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest files and folders given on the command line or by the API."""
        items: list[IngestItem] = []
        folders: list[tuple[str, list[Path]]] = []
        for path in paths:
            if path.is_dir():
                files = discover(path)
                folders.append((folder_origin(path), files))
                items += [IngestItem(f, path, folder_origin(path)) for f in files]
            else:
                items.append(IngestItem(path, None, FILE_ORIGIN))
        return self.run(items, folders, progress)

    def run(self, items: list[IngestItem], folders: list[tuple[str, list[Path]]] = (),
            progress: ProgressCallback | None = None) -> IngestReport:
        self.check_model()
        self.collect_garbage()
        state = _Run(changed=not self.keyword_index_current())
        if progress:
            progress(len(items), "")
        for item in items:
            try:
                self._ingest_one(item, state)
            except DocumentError as exc:
                state.report.failed.append(IngestFailure(str(item.path), str(exc)))
            except Exception as exc:  # one broken file never stops the others
                log.exception("Unerwarteter Fehler bei %s", item.path)
                state.report.failed.append(IngestFailure(str(item.path), f"{type(exc).__name__}: {exc}"))
            if progress:
                progress(1, item.path.name)
        for origin, files in folders:
            present = {str(f.resolve()) for f in files}
            for record in self.manifest.documents():
                if record.origin == origin and record.source not in present:
                    self._delete(record.doc_id)
                    state.report.removed += 1
                    state.changed = True
        if state.changed:
            self.write_keyword_index()
        state.report.documents, state.report.chunks = self.manifest.counts()
        return state.report

    def _ingest_one(self, item: IngestItem, state: _Run) -> None:
        source = str((item.source or item.path).resolve())
        try:
            source.encode("utf-8")
        except UnicodeEncodeError:
            raise DocumentError("Dateiname ist kein gültiges UTF-8; bitte umbenennen") from None
        version = self._version(sha256_file(item.path))
        existing = self.manifest.document_by_source(source)
        if existing and existing.version == version and (item.doc_id in (None, existing.doc_id)):
            state.seen_ids[existing.doc_id] = source
            state.report.unchanged += 1
            return

        document, warnings = load_document(item.path, item.root, item.doc_id)
        document.source = source
        if document.doc_id in state.seen_ids and state.seen_ids[document.doc_id] != source:
            raise DocumentError(f"id '{document.doc_id}' kommt in diesem Lauf schon vor ({state.seen_ids[document.doc_id]})")
        state.seen_ids[document.doc_id] = source
        holder = self.manifest.document(document.doc_id)
        if holder and holder.source != source and item.origin != UPLOAD_ORIGIN:
            if self.manifest.get_meta(_REPLACED + document.doc_id) == source:
                # Staff replaced this file's document by an upload on purpose (upload with
                # replace=true): the upload stays in charge until it is deleted.
                state.report.unchanged += 1
                return
            raise DocumentError(f"id '{document.doc_id}' gehört schon zu {holder.source}; nicht überschrieben")

        chunks = chunk_document(document, version, self.chunking)
        if not chunks:
            raise DocumentError("enthält keinen lesbaren Text (leer oder nur Bilder, z. B. ein gescanntes PDF); "
                                "nicht eingelesen")
        warnings = warnings + validate_metadata(document.type, document.metadata)
        sentences: dict[str, SentenceVectors] = {}
        if chunks:
            spans = [sentence_spans(c.text) for c in chunks]
            vectors, sentence_vectors = self._embedder().embed_passages(
                [c.embedding_text(self.embed_with_heading) for c in chunks], spans)
            sentences = {c.chunk_id: SentenceVectors(s, v) for c, s, v in zip(chunks, spans, sentence_vectors)}
            self.store.upsert([c.chunk_id for c in chunks], vectors,
                              [{"doc_id": c.doc_id, "type": c.type} for c in chunks])
        record = DocumentRecord(
            doc_id=document.doc_id, title=document.title, type=document.type, source=source, origin=item.origin,
            version=version, metadata=document.metadata, warnings=warnings,
            ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        )
        if self.manifest.get_meta("model_id") is None:
            self.manifest.set_meta("model_id", self.model_id)
        replaced = self.manifest.commit_document(record, chunks, sentences)
        if existing and existing.doc_id != document.doc_id:
            replaced += self.manifest.remove_document(existing.doc_id)
        self.store.delete(replaced)
        state.changed = True
        if holder or existing:
            state.report.updated += 1
        else:
            state.report.added += 1

    def mark_replaced(self, doc_id: str, source: str) -> None:
        """Remember that an upload replaced the document of file `source` on purpose."""
        self.manifest.set_meta(_REPLACED + doc_id, source)

    def _delete(self, doc_id: str) -> None:
        self.store.delete(self.manifest.remove_document(doc_id))
        self.manifest.delete_meta(_REPLACED + doc_id)

    def delete(self, doc_id: str) -> bool:
        if self.manifest.document(doc_id) is None:
            return False
        self._delete(doc_id)
        self.write_keyword_index()
        return True
