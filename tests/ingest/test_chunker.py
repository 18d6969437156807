"""Chunker: passages within one section and page, full citation fields, size limits, overlap,
stable ids, content hashes, and no text lost."""

from __future__ import annotations

import re

import pytest

from core.types import Block, Document
from ingest.chunker import ChunkingConfig, chunk_document, content_hash
from ingest.sentences import split_sentences

SMALL = ChunkingConfig(target_words=30, max_words=45, overlap_sentences=1, min_words=8)


def sentence(tag: str, words: int) -> str:
    """A sentence of exactly `words` unique words: "Satz a1 ... a1w7." """
    return " ".join([f"Satz{tag}"] + [f"{tag}w{j}" for j in range(1, words)]) + "."


def paragraph(tag: str, sentences: int, words: int = 8) -> str:
    return " ".join(sentence(f"{tag}s{i}", words) for i in range(sentences))


def document(blocks: list[Block], doc_id: str = "methoden/persona") -> Document:
    return Document(doc_id=doc_id, title="Persona", type="method", source="/korpus/methoden/persona.md",
                    blocks=blocks, metadata={"phase": "Verstehen", "duration_min": 45})


def words(text: str) -> int:
    return len(text.split())


def sentences_of(doc: Document) -> list[str]:
    return [s for b in doc.blocks for s in split_sentences(b.text)]


MIXED = [
    Block(paragraph("a", 3), None, None),
    Block(paragraph("b", 5), "Ablauf", None),
    Block(paragraph("c", 4), "Ablauf", None),
    Block(paragraph("d", 2), "Ablauf > Schritt 1", None),
    Block(paragraph("e", 9), "Tipps", None),
    Block(paragraph("f", 1), "Ablauf", None),  # the same section again later: a new run
]

PAGES = [Block(paragraph(f"p{n}", k), None, n) for n, k in [(1, 2), (2, 7), (3, 1), (5, 4)]]


class TestChunker:
    @pytest.mark.parametrize("blocks", [MIXED, PAGES], ids=["sections", "pages"])
    @pytest.mark.parametrize("config", [SMALL, ChunkingConfig()], ids=["small", "default"])
    def test_chunks_never_cross_sections_or_pages(self, blocks, config):
        doc = document(blocks)
        chunks = chunk_document(doc, "v1", config)
        origin = {}  # each sentence -> (section, page) of its block
        for b in blocks:
            for s in split_sentences(b.text):
                origin[s] = (b.section, b.page)
        for chunk in chunks:
            for s in split_sentences(chunk.text):
                assert origin[s] == (chunk.section, chunk.page), (s, chunk.section, chunk.page)

    @pytest.mark.parametrize("blocks", [MIXED, PAGES], ids=["sections", "pages"])
    def test_no_text_lost_and_order_kept(self, blocks):
        doc = document(blocks)
        chunks = chunk_document(doc, "v1", SMALL)
        seen = [s for c in chunks for s in split_sentences(c.text)]
        assert set(seen) == set(sentences_of(doc))
        firsts = [seen.index(s) for s in sentences_of(doc)]
        assert firsts == sorted(firsts)

    def test_every_chunk_carries_its_citation_fields(self):
        doc = document(MIXED + PAGES)
        chunks = chunk_document(doc, "v1", SMALL)
        assert len(chunks) > 6
        for position, chunk in enumerate(chunks):
            assert chunk.doc_id == "methoden/persona"
            assert chunk.title == "Persona"
            assert chunk.type == "method"
            assert chunk.source == "/korpus/methoden/persona.md"
            assert chunk.position == position
            assert chunk.metadata == {"phase": "Verstehen", "duration_min": 45}
            assert re.fullmatch(r"[0-9a-f]{16}", chunk.content_hash)
            assert chunk.text.strip()
        assert {c.section for c in chunks} == {None, "Ablauf", "Ablauf > Schritt 1", "Tipps"}
        assert {c.page for c in chunks} == {None, 1, 2, 3, 5}
        # metadata is a copy per chunk, not the document's dict
        chunks[0].metadata["phase"] = "Testen"
        assert doc.metadata["phase"] == "Verstehen" and chunks[1].metadata["phase"] == "Verstehen"

    def test_embedding_text_has_title_and_section(self):
        chunks = chunk_document(document(MIXED), "v1", SMALL)
        assert chunks[0].embedding_text()[0] == "Persona"
        ablauf = next(c for c in chunks if c.section == "Ablauf")
        assert ablauf.embedding_text() == ("Persona > Ablauf", ablauf.text)

    @pytest.mark.parametrize("config", [SMALL, ChunkingConfig(), ChunkingConfig(overlap_sentences=0),
                                        ChunkingConfig(overlap_sentences=2)])
    def test_max_words_respected(self, config):
        blocks = [
            Block(paragraph("a", 40, 9), "Lang", None),        # one long paragraph: cut at sentences
            Block(paragraph("b", 2, 5), "Lang", None),
            Block(sentence("riesig", config.max_words + 20), "Lang", None),  # one sentence over the limit
            Block(paragraph("c", 3, 7), "Lang", None),
            Block(paragraph("d", 25, 11), None, 4),
        ]
        chunks = chunk_document(document(blocks), "v1", config)
        for chunk in chunks:
            if words(chunk.text) > config.max_words:
                assert split_sentences(chunk.text) == [sentence("riesig", config.max_words + 20)]
        assert sum(words(c.text) > config.max_words for c in chunks) == 1

    def test_long_block_keeps_its_lines(self):
        """A PDF page over max_words is cut at sentences; its headings and list items stay lines."""
        lines = []
        for k in range(6):
            lines += [f"Abschnitt{k}", paragraph(f"t{k}", 3, 9), f"- Punkt{k} eins", f"- Punkt{k} zwei"]
        page = "\n".join(lines)
        chunks = chunk_document(document([Block(page, None, 7)]), "v1", SMALL)
        assert len(chunks) > 3
        for chunk in chunks:
            assert chunk.page == 7 and words(chunk.text) <= SMALL.max_words
            for line in chunk.text.split("\n"):
                assert any(line in source for source in lines), line
        heading_lines = [ln for c in chunks for ln in c.text.split("\n") if ln.startswith("Abschnitt")]
        assert sorted(set(heading_lines)) == [f"Abschnitt{k}" for k in range(6)]

    def test_overlap_never_pushes_past_max_words(self):
        """A paragraph just under max_words after a passage: the overlap sentence must not be
        prepended when passage + overlap would exceed max_words."""
        config = ChunkingConfig(target_words=180, max_words=260, overlap_sentences=1, min_words=40)
        blocks = [Block(paragraph("a", 10, 10), "S", None), Block(paragraph("b", 17, 15), "S", None)]  # 100 + 255
        chunks = chunk_document(document(blocks), "v1", config)
        assert [words(c.text) for c in chunks] == [100, 255]

    def test_short_tail_merge_keeps_all_text(self):
        """Regression: a short last passage that carries no overlap is merged whole."""
        config = ChunkingConfig(target_words=180, max_words=260, overlap_sentences=1, min_words=40)
        first = paragraph("a", 7, 15) + " " + sentence("lang", 70)   # 175 words, last sentence too long to carry
        blocks = [Block(first, "S", None), Block(paragraph("b", 1, 10), "S", None),
                  Block(paragraph("c", 1, 10), "S", None)]
        chunks = chunk_document(document(blocks), "v1", config)
        joined = "\n".join(c.text for c in chunks)
        assert "Satzbs0" in joined and "Satzcs0" in joined
        assert words(joined) == 195

    def test_overlap_sentence_carried_within_section(self):
        blocks = [Block(paragraph("a", 3), "S", None), Block(paragraph("b", 3), "S", None),
                  Block(paragraph("c", 3), "S", None), Block(paragraph("d", 3), "T", None)]
        chunks = chunk_document(document(blocks), "v1", SMALL)
        in_s = [c for c in chunks if c.section == "S"]
        assert len(in_s) >= 2
        for before, after in zip(in_s, in_s[1:]):
            last = split_sentences(before.text)[-1]
            assert split_sentences(after.text)[0] == last
        # no overlap across a section boundary
        first_t = next(c for c in chunks if c.section == "T")
        assert split_sentences(first_t.text)[0] == sentence("ds0", 8)

    def test_no_overlap_when_disabled(self):
        blocks = [Block(paragraph(t, 3), "S", None) for t in "abcd"]
        chunks = chunk_document(document(blocks), "v1", ChunkingConfig(30, 45, 0, 8))
        seen = [s for c in chunks for s in split_sentences(c.text)]
        assert len(seen) == len(set(seen)) == 12

    def test_short_tail_joins_previous_passage(self):
        blocks = [Block(paragraph("a", 3), "S", None), Block(paragraph("b", 1, 5), "S", None)]  # 24 + 5 words
        chunks = chunk_document(document(blocks), "v1", ChunkingConfig(20, 45, 1, 8))
        assert len(chunks) == 1
        assert chunks[0].text == blocks[0].text + "\n" + blocks[1].text

    def test_chunk_ids_unique_and_stable(self):
        doc = document(MIXED + PAGES)
        first = chunk_document(doc, "v1", SMALL)
        again = chunk_document(document(MIXED + PAGES), "v1", SMALL)
        ids = [c.chunk_id for c in first]
        assert len(ids) == len(set(ids))
        assert ids == [c.chunk_id for c in again]
        assert [c.content_hash for c in first] == [c.content_hash for c in again]
        assert all(c.chunk_id.startswith("methoden/persona@v1#") for c in first)
        other = chunk_document(doc, "v2", SMALL)
        assert not set(ids) & {c.chunk_id for c in other}
        assert [c.content_hash for c in first] == [c.content_hash for c in other]  # version is not content

    def test_content_hash_changes_with_text(self):
        blocks = [Block("Erster Satz über Personas.", "A", None), Block("Zweiter Abschnitt.", "B", None)]
        before = chunk_document(document(blocks), "v1")
        changed = [Block("Erster Satz über Prototypen.", "A", None), blocks[1]]
        after = chunk_document(document(changed), "v1")
        assert before[0].content_hash != after[0].content_hash
        assert before[1].content_hash == after[1].content_hash
        # the same text under another section or page is another passage
        moved = chunk_document(document([Block(blocks[0].text, "Z", None)]), "v1")
        paged = chunk_document(document([Block(blocks[0].text, "A", 3)]), "v1")
        assert len({before[0].content_hash, moved[0].content_hash, paged[0].content_hash}) == 3
        assert content_hash("x") != content_hash("y") and len(content_hash("x")) == 64

    def test_empty_document(self):
        assert chunk_document(document([]), "v1") == []
