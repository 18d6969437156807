"""Structure-aware chunking: passages never cross a section or a PDF page, so every chunk has
one exact citation (document, section, page). Within a section, paragraphs are packed up to a
target size; an oversized paragraph is cut at sentence boundaries; a short sentence of overlap
carries context into the next passage of the same section."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import groupby

from core.settings import default
from core.types import Block, Chunk, Document
from ingest.sentences import split_sentences


@dataclass(frozen=True)
class ChunkingConfig:
    target_words: int = default("chunk_target_words")
    max_words: int = default("chunk_max_words")
    overlap_sentences: int = default("chunk_overlap_sentences")
    min_words: int = default("chunk_min_words")


def _words(text: str) -> int:
    return len(text.split())


def _units(block: Block, max_words: int) -> list[str]:
    """Paragraphs, or sentence runs of a paragraph longer than max_words (its line breaks kept:
    headings and list items of a PDF page stay on their own lines)."""
    if _words(block.text) <= max_words:
        return [block.text]
    units, current = [], ""
    for line in block.text.split("\n"):
        for i, sentence in enumerate(split_sentences(line)):
            if current and _words(current) + _words(sentence) > max_words:
                units.append(current)
                current = ""
            separator = " " if i else "\n"  # sentences of one line stay on it
            current = f"{current}{separator}{sentence}" if current else sentence
    if current:
        units.append(current)
    return units


def _pack(units: list[str], config: ChunkingConfig) -> list[str]:
    passages: list[list[str]] = []
    current: list[str] = []
    carried = False  # whether `current` starts with an overlap sentence of the passage before
    for unit in units:
        if current and _words("\n".join(current + [unit])) > config.target_words:
            passages.append(current)
            overlap = " ".join(split_sentences(current[-1])[-config.overlap_sentences:]) if config.overlap_sentences else ""
            # The overlap never pushes a passage past max_words.
            carried = bool(overlap) and _words(overlap) < config.target_words // 3 \
                and _words(overlap) + _words(unit) <= config.max_words
            current = [overlap] if carried else []
        current.append(unit)
    if current:
        passages.append(current)
    texts = ["\n".join(p) for p in passages]
    if len(texts) > 1 and _words(texts[-1]) < config.min_words:
        # A short last passage joins the one before; only a carried overlap is dropped.
        tail = passages[-1][1:] if carried else passages[-1]
        merged = "\n".join(passages[-2] + tail)
        if _words(merged) <= config.max_words:
            texts[-2:] = [merged]
    return texts


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_document(document: Document, version: str, config: ChunkingConfig = ChunkingConfig()) -> list[Chunk]:
    chunks: list[Chunk] = []
    for (section, page), group in groupby(document.blocks, key=lambda b: (b.section, b.page)):
        units = [u for block in group for u in _units(block, config.max_words)]
        for text in _pack(units, config):
            position = len(chunks)
            chunks.append(Chunk(
                chunk_id=f"{document.doc_id}@{version}#{position}",
                doc_id=document.doc_id, title=document.title, type=document.type, source=document.source,
                section=section, page=page, position=position, text=text,
                content_hash=content_hash(f"{section}\n{page}\n{text}")[:16], metadata=dict(document.metadata),
            ))
    return chunks
