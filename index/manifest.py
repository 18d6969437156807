"""The manifest: SQLite source of truth for which documents and chunks are live.

Vectors live in Chroma, but a document version becomes visible only when its rows commit here,
in one transaction. Retrieval drops any vector whose chunk is not in this table, so a crash
between writing vectors and committing leaves the old version fully visible, and a crash after
the commit leaves only stale vectors that the next ingest removes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.sqlite import ThreadConnections
from core.types import Chunk, SentenceVectors

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    version TEXT NOT NULL,
    metadata TEXT NOT NULL,
    warnings TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    section TEXT,
    page INTEGER,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, position);
CREATE TABLE IF NOT EXISTS sentences (
    chunk_id TEXT PRIMARY KEY REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    spans TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vectors BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class DocumentRecord:
    doc_id: str
    title: str
    type: str
    source: str
    origin: str
    version: str
    metadata: dict[str, Any]
    warnings: list[str]
    ingested_at: str
    chunks: int = 0

    def summary(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "type": self.type, "source": self.source,
                "chunks": self.chunks, "ingested_at": self.ingested_at}


class Manifest:
    def __init__(self, path: Path) -> None:
        self._connections = ThreadConnections(path, _SCHEMA, ("PRAGMA foreign_keys=ON",))
        # (generation, chunks): replaced as a whole, so a thread never sees a half-built cache.
        self._cache: tuple[int, dict[str, Chunk]] | None = None

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        self._cache = None

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    def delete_meta(self, key: str) -> None:
        with self._transaction() as tx:
            tx.execute("DELETE FROM meta WHERE key=?", (key,))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # --- documents --------------------------------------------------------------------------
    def _record(self, row: tuple) -> DocumentRecord:
        return DocumentRecord(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]),
                              json.loads(row[7]), row[8], row[9])

    _SELECT_DOCS = """SELECT d.doc_id, d.title, d.type, d.source, d.origin, d.version, d.metadata, d.warnings,
        d.ingested_at, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) FROM documents d"""

    def documents(self) -> list[DocumentRecord]:
        return [self._record(r) for r in self._conn.execute(self._SELECT_DOCS + " ORDER BY d.doc_id")]

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self._conn.execute(self._SELECT_DOCS + " WHERE d.doc_id=?", (doc_id,)).fetchone()
        return self._record(row) if row else None

    def document_by_source(self, source: str) -> DocumentRecord | None:
        row = self._conn.execute(self._SELECT_DOCS + " WHERE d.source=?", (source,)).fetchone()
        return self._record(row) if row else None

    def counts(self) -> tuple[int, int]:
        docs = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        chunks = self._conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        return docs, chunks

    def commit_document(self, record: DocumentRecord, chunks: list[Chunk],
                        sentences: dict[str, SentenceVectors] | None = None) -> list[str]:
        """Make `record` with `chunks` (and their sentence vectors) the live version atomically;
        returns replaced chunk ids."""
        with self._transaction() as tx:
            old = [r[0] for r in tx.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (record.doc_id,))]
            tx.execute("DELETE FROM chunks WHERE doc_id=?", (record.doc_id,))
            tx.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.doc_id, record.title, record.type, record.source, record.origin, record.version,
                 json.dumps(record.metadata, ensure_ascii=False), json.dumps(record.warnings, ensure_ascii=False),
                 record.ingested_at),
            )
            tx.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(c.chunk_id, c.doc_id, c.position, c.section, c.page, c.text, c.content_hash) for c in chunks],
            )
            tx.executemany(
                "INSERT INTO sentences VALUES (?, ?, ?, ?)",
                [(chunk_id, json.dumps(sv.spans), sv.vectors.shape[1], sv.vectors.astype(np.float16).tobytes())
                 for chunk_id, sv in (sentences or {}).items() if len(sv.spans)],
            )
            self._bump(tx)
        return [cid for cid in old if cid not in {c.chunk_id for c in chunks}]

    def remove_document(self, doc_id: str) -> list[str]:
        with self._transaction() as tx:
            old = [r[0] for r in tx.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,))]
            tx.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            tx.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            self._bump(tx)
        return old

    def clear(self) -> None:
        with self._transaction() as tx:
            tx.execute("DELETE FROM sentences")
            tx.execute("DELETE FROM chunks")
            tx.execute("DELETE FROM documents")
            tx.execute("DELETE FROM meta WHERE key != 'generation'")
            self._bump(tx)

    @staticmethod
    def _bump(tx: sqlite3.Connection) -> None:
        tx.execute("INSERT INTO meta(key, value) VALUES('generation', '1') "
                   "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # --- chunks -----------------------------------------------------------------------------
    def all_chunks(self) -> dict[str, Chunk]:
        """Every live chunk by id, with its document's fields; cached until any process commits."""
        cached = self._cache
        generation = self.generation
        if cached is not None and cached[0] == generation:
            return cached[1]
        conn = self._conn
        conn.execute("BEGIN")  # one snapshot: the generation, documents and chunks read together
        try:
            generation = self.generation
            docs = {d.doc_id: d for d in self.documents()}
            chunks = {}
            for row in conn.execute(
                "SELECT chunk_id, doc_id, position, section, page, text, content_hash FROM chunks ORDER BY doc_id, position"
            ):
                d = docs[row[1]]
                chunks[row[0]] = Chunk(row[0], d.doc_id, d.title, d.type, d.source, row[3], row[4], row[2],
                                       row[5], row[6], d.metadata)
        finally:
            conn.execute("COMMIT")
        self._cache = (generation, chunks)
        return chunks

    def sentences(self, chunk_ids: Iterable[str]) -> dict[str, SentenceVectors]:
        """Sentence spans and vectors of the given chunks (chunks indexed without them are absent)."""
        ids = list(dict.fromkeys(chunk_ids))
        out: dict[str, SentenceVectors] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            marks = ",".join("?" * len(batch))
            for chunk_id, spans, dim, blob in self._conn.execute(
                    f"SELECT chunk_id, spans, dim, vectors FROM sentences WHERE chunk_id IN ({marks})", batch):
                vectors = np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)
                out[chunk_id] = SentenceVectors([tuple(s) for s in json.loads(spans)], vectors)
        return out

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return [c for c in self.all_chunks().values() if c.doc_id == doc_id]

    def live_ids(self, ids: Iterable[str]) -> list[str]:
        live = self.all_chunks()
        return [i for i in ids if i in live]

    def close(self) -> None:
        self._connections.close()
