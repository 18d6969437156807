"""Dataclasses at the seams between stages. Their `to_dict` forms are the JSON of CONTRACT.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A run of text from a source with its position: heading path and PDF page."""

    text: str
    section: str | None = None
    page: int | None = None


@dataclass
class Document:
    doc_id: str
    title: str
    type: str
    source: str
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


@dataclass
class Chunk:
    chunk_id: str
    doc_id: str
    title: str
    type: str
    source: str
    section: str | None
    page: int | None
    position: int
    text: str
    content_hash: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def embedding_text(self, with_heading: bool = True) -> tuple[str, str]:
        """(heading, body) to embed: the title and section path give a passage its context
        ("none" is EmbeddingGemma's own word for a passage without a title)."""
        if not with_heading:
            return "none", self.text
        heading = self.title if not self.section else f"{self.title} > {self.section}"
        return heading, self.text


@dataclass(frozen=True)
class SentenceVectors:
    """The sentences of a chunk as (start, end) offsets into its text, and one unit vector each."""

    spans: list[tuple[int, int]]
    vectors: Any  # np.ndarray of shape (len(spans), dim)


@dataclass
class Hit:
    chunk: Chunk
    score: float
    retriever: str
    dense_score: float | None = None
    keyword_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "doc_id": c.doc_id,
            "title": c.title,
            "type": c.type,
            "source": c.source,
            "section": c.section,
            "page": c.page,
            "score": round(float(self.score), 6),
            "text": c.text,
        }


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    source: str
    section: str | None
    page: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Turn:
    """An earlier turn of a conversation: the question, the answer text, and (where the caller
    knows them) the documents that answer cited."""

    question: str
    answer: str = ""
    doc_ids: tuple[str, ...] = ()


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    top_score: float = 0.0
    question_id: int | None = None
    abstain_reason: str | None = None  # why it abstained: "weak" evidence, "type", "focus", …
    resolved_question: str | None = None  # a follow-up spelled out with its context
    route: str = "passage"  # "passage", "list" or "methods"
    mode: str = "extractive"

    def to_dict(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "route": self.route,
            "mode": self.mode,
        }
        if self.resolved_question and self.resolved_question != self.question:
            out["resolved_question"] = self.resolved_question
        if self.question_id is not None:
            out["question_id"] = self.question_id
        return out


@dataclass
class IngestFailure:
    path: str
    error: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[IngestFailure] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
