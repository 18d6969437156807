"""The assistant as one object: what the CLI, the REST API and the web UI call."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.settings import Settings
from core.types import Answer, Citation, Hit, IngestReport, Turn
from index.filters import Filters
from index.indexer import UPLOAD_ORIGIN, IngestItem, ProgressCallback, discover, folder_origin
from index.knowledge_base import KnowledgeBase
from index.retriever import Mode
from ingest.loaders import SUPPORTED_SUFFIXES
from assistant import answer as answering
from assistant.calibration import Calibration, calibration_for
from assistant.chat import ChatContext, answer_turn
from assistant.corpus_stats import CorpusStats
from assistant.curation import DocumentCheck, Gap, knowledge_gaps, validation_report
from assistant.methods import MethodMatch, find_methods
from assistant.question_log import QuestionLog
from assistant.similar import DocumentVectors, SimilarMatch, similar_to_description, similar_to_document


class InputError(ValueError):
    """Bad input from a user: the message says what is wrong (German)."""


class NotFoundError(KeyError):
    pass


class Assistant:
    def __init__(self, settings: Settings, kb: KnowledgeBase | None = None) -> None:
        self.settings = settings
        self.kb = kb or KnowledgeBase(settings)
        self.questions = QuestionLog(settings.question_log_path)
        self.vectors = DocumentVectors(self.kb.manifest, self.kb.store)
        self.corpus = CorpusStats(self.kb.manifest, self.kb.store)

    @property
    def retriever(self):
        return self.kb.retriever

    @property
    def calibration_path(self) -> Path:
        """Where `cimis eval --calibrate` writes, and what wins over the shipped calibration."""
        return self.settings.data_dir / "calibration.json"

    def calibration(self) -> Calibration:
        return calibration_for(self.kb.model_id, self.calibration_path, self.settings.abstain_threshold)

    def chat_context(self, calibration: Calibration | None = None) -> ChatContext:
        return ChatContext(self.retriever, self.kb.manifest, self.corpus.current(),
                           calibration or self.calibration(), answering.AnswerConfig())

    # --- questions --------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, doc_type: str | None = None, where: list[str] | None = None,
               mode: Mode = "hybrid") -> list[Hit]:
        query = _require_text(query, "query")
        if not 1 <= k <= 100:
            raise InputError("k muss zwischen 1 und 100 liegen")
        filters = Filters.build(doc_type, where)
        return self.retriever.search(query, k=k, filters=filters, mode=mode)

    def ask(self, question: str, doc_type: str | None = None, history: list[Turn] | None = None,
            log: bool = True) -> Answer:
        question = _require_text(question, "question")
        result = answer_turn(self.chat_context(), question, list(history or []), doc_type)
        if log:
            result = replace(result, question_id=self.questions.record(question, result.abstained, result.top_score))
        return result

    def methods(self, challenge: str, k: int = 5, phase: str | None = None, max_minutes: int | None = None,
                group_size: int | None = None, difficulty: str | None = None) -> list[MethodMatch]:
        challenge = _require_text(challenge, "challenge")
        return find_methods(self.retriever, self.kb.manifest, challenge, k, phase, max_minutes, group_size, difficulty)

    def similar(self, doc_id: str, k: int = 5, doc_type: str | None = "same",
                where: list[str] | None = None) -> list[SimilarMatch]:
        record = self.kb.manifest.document(doc_id)
        if record is None:
            raise NotFoundError(doc_id)
        wanted = record.type if doc_type == "same" else (None if doc_type in (None, "", "all") else doc_type)
        return similar_to_document(self.retriever, self.vectors, doc_id, k, Filters.build(wanted, where))

    def similar_to_text(self, description: str, k: int = 5, doc_type: str | None = "prototype",
                        where: list[str] | None = None) -> list[SimilarMatch]:
        description = _require_text(description, "description")
        return similar_to_description(self.retriever, description, k, Filters.build(doc_type, where))

    # --- documents ----------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return [d.summary() for d in self.kb.manifest.documents()]

    def document(self, doc_id: str) -> dict[str, Any]:
        record = self.kb.manifest.document(doc_id)
        if record is None:
            raise NotFoundError(doc_id)
        chunks = [{"chunk_id": c.chunk_id, "position": c.position, "section": c.section, "page": c.page,
                   "text": c.text} for c in self.kb.manifest.chunks_of(doc_id)]
        summary = record.summary()
        return {**summary, "chunk_count": summary["chunks"], "chunks": chunks, "metadata": record.metadata,
                "warnings": record.warnings,
                "origin": "upload" if record.origin == UPLOAD_ORIGIN else record.origin.split(":", 1)[0]}

    def passage(self, citation: Citation) -> tuple[str, int] | None:
        """The full passage a citation quotes, and its position in the document."""
        for chunk in self.kb.manifest.chunks_of(citation.doc_id):
            if citation.quote in chunk.text and (chunk.section, chunk.page) == (citation.section, citation.page):
                return chunk.text, chunk.position
        return None

    def health(self) -> dict[str, Any]:
        documents, chunks = self.kb.manifest.counts()
        return {"status": "ok", "documents": documents, "chunks": chunks}

    # --- curation -----------------------------------------------------------------------------
    def ingest(self, paths: list[Path], progress: ProgressCallback | None = None, rebuild: bool = False) -> IngestReport:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise InputError(f"Pfad existiert nicht: {', '.join(missing)}")
        if rebuild:
            self.kb.indexer.rebuild()
        return self.kb.indexer.ingest(paths, progress)

    def upload(self, filename: str, data: bytes) -> tuple[IngestReport, bool]:
        """Store an uploaded file and index it at once; returns (report, created)."""
        name = Path(filename or "").name
        if not name or not re.fullmatch(r"[\w\-. äöüÄÖÜß]+", name):
            raise InputError(f"Dateiname {filename!r} ist ungültig")
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise InputError(f"{name}: Format nicht unterstützt (erlaubt: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
        if len(data) > self.settings.max_upload_mb * 1024 * 1024:
            raise InputError(f"{name}: größer als {self.settings.max_upload_mb} MB")
        if not data:
            raise InputError(f"{name}: Datei ist leer")
        uploads = self.settings.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        target = uploads / name
        backup = target.with_name(f".{name}.previous")
        if target.exists():
            shutil.copy2(target, backup)
        target.write_bytes(data)
        before = self.kb.manifest.counts()[0]
        report = self.kb.indexer.run([IngestItem(target, None, UPLOAD_ORIGIN)])
        if report.failed:
            if backup.exists():
                backup.replace(target)
            else:
                target.unlink()
        backup.unlink(missing_ok=True)
        return report, self.kb.manifest.counts()[0] > before

    def delete(self, doc_id: str) -> None:
        record = self.kb.manifest.document(doc_id)
        if record is None:
            raise NotFoundError(doc_id)
        self.kb.indexer.delete(doc_id)
        if record.origin == UPLOAD_ORIGIN:
            Path(record.source).unlink(missing_ok=True)

    def validation(self) -> list[DocumentCheck]:
        return validation_report(self.kb.manifest, self.vectors)

    def gaps(self) -> list[Gap]:
        return knowledge_gaps(self.questions.unanswered(), self.kb.embedder())

    def reindex(self, progress: ProgressCallback | None = None) -> IngestReport:
        """Re-ingest the corpus folder (synchronised) and every stored upload."""
        items: list[IngestItem] = []
        folders = []
        corpus = self.settings.corpus_dir
        if corpus.is_dir():
            files = discover(corpus)
            folders.append((folder_origin(corpus), files))
            items += [IngestItem(p, corpus, folder_origin(corpus)) for p in files]
        uploads = self.settings.uploads_dir
        if uploads.is_dir():
            items += [IngestItem(p, None, UPLOAD_ORIGIN) for p in discover(uploads)]
        return self.kb.indexer.run(items, folders, progress)


def _require_text(value: str | None, field: str) -> str:
    if value is None or not value.strip():
        raise InputError(f"Feld '{field}' darf nicht leer sein")
    if len(value) > 2000:
        raise InputError(f"Feld '{field}' ist zu lang (höchstens 2000 Zeichen)")
    return value.strip()
