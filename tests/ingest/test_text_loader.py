"""Plain-text loader: paragraphs, no sections, UTF-8 only."""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentError, load_document
from ingest.loaders.text import load_text
from tests.ingest.builders import write


class TestTextLoader:
    def test_paragraphs_without_sections(self, tmp_path):
        path = write(tmp_path / "notiz.txt", "Erster Absatz\nzweite Zeile.\n\n  \n\nZweiter   Absatz.\r\n\r\nDritter.")
        loaded = load_text(path)
        assert [b.text for b in loaded.blocks] == ["Erster Absatz\nzweite Zeile.", "Zweiter Absatz.", "Dritter."]
        assert all(b.section is None and b.page is None for b in loaded.blocks)
        assert loaded.heading_title is None and loaded.metadata == {}

    def test_document_fields(self, tmp_path):
        doc, warnings = load_document(write(tmp_path / "plain-notiz.txt", "Ein Text."), root=tmp_path)
        assert (doc.doc_id, doc.title, doc.type) == ("plain-notiz", "plain-notiz", "document")
        assert doc.source == str(tmp_path / "plain-notiz.txt")
        assert warnings == []

    def test_no_front_matter_in_text_files(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "a.txt", "---\nid: anders\n---\nText"))
        assert doc.doc_id == "a"
        assert doc.metadata == {}

    def test_non_utf8_rejected(self, tmp_path):
        path = tmp_path / "latin.txt"
        path.write_bytes("Größe und Maße".encode("latin-1"))
        with pytest.raises(DocumentError, match="nicht UTF-8-kodiert"):
            load_document(path)

    def test_byte_order_mark_dropped(self, tmp_path):
        path = tmp_path / "bom.txt"
        path.write_bytes("\ufeffMit BOM.".encode("utf-8"))
        doc, _ = load_document(path)
        assert doc.text == "Mit BOM."

    def test_empty_file_warns(self, tmp_path):
        doc, warnings = load_document(write(tmp_path / "leer.txt", "\n\n  \n"))
        assert doc.blocks == []
        assert warnings == ["Dokument enthält keinen Text"]
