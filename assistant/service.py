"""The assistant as one object: what the CLI, the REST API and the web UI call."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.settings import Settings
from core.types import Answer, Citation, Hit, IngestFailure, IngestReport, Turn
from index.filters import Filters
from index.indexer import UPLOAD_ORIGIN, IngestItem, ProgressCallback, discover, folder_origin
from index.knowledge_base import KnowledgeBase
from index.manifest import DocumentRecord
from index.retriever import Mode
from index.write_lock import WriteBusyError, WriteLock
from ingest.loaders import SUPPORTED_SUFFIXES, DocumentError, load_document
from assistant import answer as answering
from assistant.calibration import Calibration, calibration_for
from assistant.chat import ChatContext, answer_turn
from assistant.corpus_stats import CorpusStats
from assistant.curation import DocumentCheck, Gap, knowledge_gaps, validation_report
from assistant.methods import MethodMatch, find_methods
from assistant.question_log import LoggedQuestion, QuestionLog
from assistant.similar import DocumentVectors, SimilarMatch, similar_to_description, similar_to_document


class InputError(ValueError):
    """Bad input from a user: the message says what is wrong (German)."""


class NotFoundError(KeyError):
    pass


class ConflictError(ValueError):
    """The request would overwrite something it must not (German message)."""


__all__ = ["Assistant", "ConflictError", "InputError", "NotFoundError", "WriteBusyError"]

# Longest upload file name in UTF-8 bytes: the file system allows 255 per name.
MAX_NAME_BYTES = 200
STAGING = ".staging"


class Assistant:
    """The one door: every UI calls this object, never the index below it. It owns the write
    lock of the data dir, so writes from this and any other process are serialised, and before
    each read it catches up with writes other processes completed."""

    def __init__(self, settings: Settings, kb: KnowledgeBase | None = None) -> None:
        self.settings = settings
        self.kb = kb or KnowledgeBase(settings)
        self.questions = QuestionLog(settings.question_log_path)
        self.vectors = DocumentVectors(self.kb.manifest, self.kb.store)
        self.corpus = CorpusStats(self.kb.manifest, self.kb.store)
        self._writes = WriteLock(settings.data_dir, settings.write_lock_timeout_s)

    @property
    def retriever(self):
        self._read()
        return self.kb.retriever

    # --- consistency with other processes -------------------------------------------------------
    def _read(self) -> None:
        """Before a read: reload what another process wrote, unless a write is in progress
        (then the last complete state is served, never an error)."""
        if not self.kb.behind():
            return
        with self._writes.try_hold() as held:
            if held and self.kb.refresh():
                self.vectors.invalidate()

    @contextmanager
    def _writing(self, what: str, timeout_s: float | None = None) -> Iterator[None]:
        """Hold the data dir's write lock (WriteBusyError after the wait), starting from the
        latest state any process wrote."""
        with self._writes.hold(what, timeout_s):
            if self.kb.refresh():
                self.vectors.invalidate()
            try:
                yield
            finally:
                self.kb.written()

    def warm_up(self) -> None:
        """Load the model and indexes and run one query, so the first user does not wait."""
        self.kb.indexer.check_model()
        self.kb.embedder()
        self._read()
        self.kb.retriever.load_keyword_index()
        self.search("Design Thinking", k=1)

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
        doc_type, where = _optional_text(doc_type, "type"), _texts(where, "where")
        if not 1 <= k <= 100:
            raise InputError("k muss zwischen 1 und 100 liegen")
        filters = Filters.build(doc_type, where)
        return self.retriever.search(query, k=k, filters=filters, mode=mode)

    def ask(self, question: str, doc_type: str | None = None, history: list[Turn] | None = None,
            log: bool = True) -> Answer:
        question = _require_text(question, "question")
        doc_type = _optional_text(doc_type, "type")
        turns = [Turn(_require_text(t.question, "history"), _optional_text(t.answer, "history") or "",
                      tuple(_require_text(d, "history") for d in t.doc_ids)) for t in history or []]
        result = answer_turn(self.chat_context(), question, turns, doc_type)
        if log:
            result = replace(result, question_id=self.questions.record(question, result.abstained, result.top_score))
        return result

    def methods(self, challenge: str, k: int = 5, phase: str | None = None, max_minutes: int | None = None,
                group_size: int | None = None, difficulty: str | None = None) -> list[MethodMatch]:
        challenge = _require_text(challenge, "challenge")
        phase, difficulty = _optional_text(phase, "phase"), _optional_text(difficulty, "difficulty")
        return find_methods(self.retriever, self.kb.manifest, challenge, k, phase, max_minutes, group_size, difficulty)

    def similar(self, doc_id: str, k: int = 5, doc_type: str | None = "same",
                where: list[str] | None = None) -> list[SimilarMatch]:
        doc_id, doc_type, where = _doc_id(doc_id), _optional_text(doc_type, "type"), _texts(where, "where")
        record = self.kb.manifest.document(doc_id)
        if record is None:
            raise NotFoundError(doc_id)
        wanted = record.type if doc_type == "same" else (None if doc_type in (None, "", "all") else doc_type)
        return similar_to_document(self.retriever, self.vectors, doc_id, k, Filters.build(wanted, where))

    def similar_to_text(self, description: str, k: int = 5, doc_type: str | None = "prototype",
                        where: list[str] | None = None) -> list[SimilarMatch]:
        description = _require_text(description, "description")
        doc_type, where = _optional_text(doc_type, "type"), _texts(where, "where")
        return similar_to_description(self.retriever, self.kb.manifest, description, k, Filters.build(doc_type, where),
                                      self.settings.candidates)

    # --- documents ----------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return [d.summary() for d in self.kb.manifest.documents()]

    def document(self, doc_id: str) -> dict[str, Any]:
        doc_id = _doc_id(doc_id)
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
        with self._writing("Einlesen"):
            if rebuild:
                self.kb.indexer.rebuild()
            return self.kb.indexer.ingest(paths, progress)

    def upload(self, filename: str, data: bytes, replace: bool = False) -> tuple[IngestReport, bool]:
        """Index an uploaded file and keep it in the uploads folder; returns (report, created).

        The file is staged first and becomes the stored upload only when indexing succeeded, so
        a failed or interrupted upload never leaves a version that a reindex would publish. An
        id that belongs to a document of the corpus (or another ingested file) is refused with
        ConflictError unless `replace` is set.
        """
        name = _upload_name(filename)
        if len(data) > self.settings.max_upload_mb * 1024 * 1024:
            raise InputError(f"{name}: größer als {self.settings.max_upload_mb} MB")
        if not data:
            raise InputError(f"{name}: Datei ist leer")
        uploads = self.settings.uploads_dir
        staging = uploads / STAGING
        with self._writing(f"Hochladen {name}"):
            shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted upload
            staging.mkdir(parents=True)
            staged = staging / name
            staged.write_bytes(data)
            try:
                target = uploads / name
                holder = self._holder_of(staged)
                if holder is not None and holder.origin != UPLOAD_ORIGIN and not replace:
                    raise ConflictError(
                        f"{name}: Die ID '{holder.doc_id}' gehört zum Dokument „{holder.title}“ aus dem Korpus. "
                        "Zum Ersetzen erneut mit replace=true hochladen.")
                before = self.kb.manifest.counts()[0]
                report = self.kb.indexer.run([IngestItem(staged, None, UPLOAD_ORIGIN, source=target)])
                if report.failed:
                    return self._public(report, name), False
                created = self.kb.manifest.counts()[0] > before
                result = self._public(report, name), created
                # Published last: the stored upload replaces the older file of this id, if any.
                staged.replace(target)
                if holder is not None and holder.origin != UPLOAD_ORIGIN:
                    self.kb.indexer.mark_replaced(holder.doc_id, holder.source)
                elif holder is not None and Path(holder.source) != target.resolve():
                    Path(holder.source).unlink(missing_ok=True)
                return result
            finally:
                shutil.rmtree(staging, ignore_errors=True)

    def _holder_of(self, staged: Path) -> DocumentRecord | None:
        """The indexed document whose id the staged file would take, if any."""
        try:
            document, _ = load_document(staged, None)
        except DocumentError:
            return None  # the ingest reports the reason
        return self.kb.manifest.document(document.doc_id)

    def delete(self, doc_id: str) -> None:
        doc_id = _doc_id(doc_id)
        with self._writing(f"Löschen {doc_id}"):
            record = self.kb.manifest.document(doc_id)
            if record is None:
                raise NotFoundError(doc_id)
            self.kb.indexer.delete(doc_id)
            if record.origin == UPLOAD_ORIGIN:
                Path(record.source).unlink(missing_ok=True)

    def validation(self) -> list[DocumentCheck]:
        self._read()
        return validation_report(self.kb.manifest, self.vectors)

    def gaps(self) -> list[Gap]:
        return knowledge_gaps(self.questions.unanswered(), self.kb.embedder())

    def reindex(self, progress: ProgressCallback | None = None) -> IngestReport:
        """Re-ingest the corpus folder and the uploads folder, both synchronised: a document
        whose file is gone leaves the index."""
        with self._writing("Neu einlesen"):
            items: list[IngestItem] = []
            folders = []
            corpus = self.settings.corpus_dir
            if corpus.is_dir():
                files = discover(corpus)
                folders.append((folder_origin(corpus), files))
                items += [IngestItem(p, corpus, folder_origin(corpus)) for p in files]
            uploads = self.settings.uploads_dir
            shutil.rmtree(uploads / STAGING, ignore_errors=True)
            files = discover(uploads) if uploads.is_dir() else []
            folders.append((UPLOAD_ORIGIN, files))
            items += [IngestItem(p, None, UPLOAD_ORIGIN) for p in files]
            return self._public(self.kb.indexer.run(items, folders, progress))

    def _public(self, report: IngestReport, name: str | None = None) -> IngestReport:
        """The report as web users may see it: paths relative to the corpus or uploads folder
        (or the uploaded file's name), never the server's absolute paths."""
        roots = sorted({str(p.resolve()) for p in (self.settings.corpus_dir, self.settings.uploads_dir,
                                                   self.settings.data_dir)}, key=len, reverse=True)

        def strip(text: str) -> str:
            for root in roots:
                text = text.replace(root + "/", "")
            return text

        failed = [IngestFailure(name or strip(str(Path(f.path).resolve())), strip(f.error)) for f in report.failed]
        return replace(report, failed=failed)

    # --- question log -------------------------------------------------------------------------
    def feedback(self, question_id: int, helpful: bool) -> bool:
        """Thumbs up/down on a logged answer; False for an unknown id."""
        return self.questions.feedback(question_id, helpful)

    def question_log(self, limit: int | None = 500) -> list[LoggedQuestion]:
        return self.questions.entries(limit)

    def question_log_csv(self) -> str:
        return self.questions.to_csv()

    # --- facets for the web UI ----------------------------------------------------------------
    def facet_values(self, key: str, doc_type: str) -> list[str]:
        """The values of metadata `key` among documents of `doc_type`, sorted."""
        return sorted({str(d.metadata[key]) for d in self.kb.manifest.documents()
                       if d.type == doc_type and d.metadata.get(key)})

    def titles(self, doc_type: str) -> list[tuple[str, str]]:
        """(title, doc_id) of every document of `doc_type`."""
        return [(d.title, d.doc_id) for d in self.kb.manifest.documents() if d.type == doc_type]


def _require_text(value: str | None, field: str) -> str:
    if value is None or not value.strip():
        raise InputError(f"Feld '{field}' darf nicht leer sein")
    if len(value) > 2000:
        raise InputError(f"Feld '{field}' ist zu lang (höchstens 2000 Zeichen)")
    return _encodable(value, field).strip()


def _encodable(value: str, field: str) -> str:
    """Text every later stage can take: lone UTF-16 surrogates (from JSON escapes or undecodable
    command-line bytes) break the tokenizer and SQLite."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"Feld '{field}' enthält ein ungültiges Zeichen an Position {exc.start + 1} "
                         "(kein gültiges UTF-8)") from None
    if "\x00" in value:
        raise InputError(f"Feld '{field}' enthält ein Nullzeichen")
    return value


def _optional_text(value: str | None, field: str) -> str | None:
    return None if value is None else _encodable(value, field)


def _texts(values: list[str] | None, field: str) -> list[str] | None:
    return None if values is None else [_encodable(v, field) for v in values]


def _doc_id(value: str) -> str:
    value = _encodable(value or "", "doc_id")
    if len(value) > 500:
        raise InputError("Feld 'doc_id' ist zu lang (höchstens 500 Zeichen)")
    return value


def _upload_name(filename: str | None) -> str:
    """The stored name of an upload: its base name, printable, not hidden, with a known suffix."""
    name = Path(_encodable(filename or "", "file")).name
    if not name or name.startswith(".") or not re.fullmatch(r"[\w\-. äöüÄÖÜß]+", name):
        raise InputError(f"Dateiname {filename!r} ist ungültig (erlaubt: Buchstaben, Ziffern, Leerzeichen, - _ .; "
                         "nicht mit Punkt beginnend)")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise InputError(f"Dateiname ist zu lang ({len(name.encode('utf-8'))} Bytes, höchstens {MAX_NAME_BYTES}): "
                         f"{name[:40]}…")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"{name}: Format nicht unterstützt (erlaubt: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return name
