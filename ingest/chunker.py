"""Structure-aware chunking: passages never cross a section or a PDF page, so every chunk has
one exact citation (document, section, page). Within a section, paragraphs are packed up to a
target size; an oversized paragraph is cut at sentence boundaries; a short sentence of overlap
carries context into the next passage of the same section."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import groupby

from core.types import Block, Chunk, Document
from ingest.sentences import split_sentences


@dataclass(frozen=True)
class ChunkingConfig:
    target_words: int = 180
    max_words: int = 260
    overlap_sentences: int = 1
    min_words: int = 40


def _words(text: str) -> int:
    return len(text.split())


def _units(block: Block, max_words: int) -> list[str]:
    """Paragraphs, or sentence runs of a paragraph longer than max_words."""
    if _words(block.text) <= max_words:
        return [block.text]
    units, current = [], []
    for sentence in split_sentences(block.text):
        if current and _words(" ".join(current + [sentence])) > max_words:
            units.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        units.append(" ".join(current))
    return units


def _pack(units: list[str], config: ChunkingConfig) -> list[str]:
    passages: list[list[str]] = []
    current: list[str] = []
    for unit in units:
        if current and _words("\n".join(current + [unit])) > config.target_words:
            passages.append(current)
            overlap = split_sentences(current[-1])[-config.overlap_sentences:] if config.overlap_sentences else []
            current = [" ".join(overlap)] if overlap and _words(" ".join(overlap)) < config.target_words // 3 else []
        current.append(unit)
    if current:
        passages.append(current)
    texts = ["\n".join(p) for p in passages]
    if len(texts) > 1 and _words(texts[-1]) < config.min_words and _words(texts[-2] + texts[-1]) <= config.max_words:
        tail = passages[-1][1:] if config.overlap_sentences and len(passages[-1]) > 1 else passages[-1]
        texts[-2:] = ["\n".join(passages[-2] + tail)]
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
