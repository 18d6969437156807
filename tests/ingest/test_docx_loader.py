"""DOCX loader: heading styles as title and sections, list paragraphs, tables, unreadable files."""

from __future__ import annotations

import zipfile

import docx
import pytest

from ingest.loaders import DocumentError, load_document
from ingest.loaders.docx import load_docx


def _build(path):
    d = docx.Document()
    d.add_heading("Leitfaden Interviews", 1)
    d.add_paragraph("Dieser Leitfaden hilft beim Einstieg.")
    d.add_heading("Vorbereitung", 2)
    d.add_paragraph("Fragen vorher sammeln.")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Frage", (0, 1): "Ziel", (1, 0): "Was stört Sie?", (1, 1): "Schmerzpunkte"}.items():
        table.cell(r, c).text = text
    d.add_heading("Durchführung", 2)
    d.add_heading("Gesprächsbeginn", 3)
    d.add_paragraph("Offene Fragen stellen", style="List Bullet")
    d.add_paragraph("Zuhören statt reden", style="List Bullet")
    d.add_paragraph("Danach gemeinsam auswerten.")
    d.add_heading("Nachbereitung", 2)
    d.add_paragraph("Notizen am selben Tag ordnen.")
    d.save(str(path))
    return path


class TestDocxLoader:
    def test_heading_1_is_title(self, tmp_path):
        doc, warnings = load_document(_build(tmp_path / "leitfaden.docx"))
        assert doc.title == "Leitfaden Interviews"
        assert doc.doc_id == "leitfaden"
        assert warnings == []
        assert all(b.section is None or "Leitfaden Interviews" not in b.section for b in doc.blocks)

    def test_sections_lists_and_tables_in_order(self, tmp_path):
        doc, _ = load_document(_build(tmp_path / "leitfaden.docx"))
        assert [(b.section, b.text) for b in doc.blocks] == [
            (None, "Dieser Leitfaden hilft beim Einstieg."),
            ("Vorbereitung", "Fragen vorher sammeln."),
            ("Vorbereitung", "Frage | Ziel\nWas stört Sie? | Schmerzpunkte"),
            ("Durchführung > Gesprächsbeginn", "- Offene Fragen stellen\n- Zuhören statt reden"),
            ("Durchführung > Gesprächsbeginn", "Danach gemeinsam auswerten."),
            ("Nachbereitung", "Notizen am selben Tag ordnen."),
        ]
        assert all(b.page is None for b in doc.blocks)

    def test_title_style_and_core_properties(self, tmp_path):
        d = docx.Document()
        d.add_heading("Aus Titelformat", 0)  # style "Title"
        d.add_paragraph("Text.")
        d.save(str(tmp_path / "a.docx"))
        assert load_docx(tmp_path / "a.docx").heading_title == "Aus Titelformat"

        d = docx.Document()
        d.core_properties.title = "Aus Eigenschaften"
        d.add_paragraph("Nur Text ohne Überschrift.")
        d.save(str(tmp_path / "b.docx"))
        doc, _ = load_document(tmp_path / "b.docx")
        assert doc.title == "Aus Eigenschaften"

    def test_german_heading_style_names(self, tmp_path):
        d = docx.Document()
        d.add_paragraph("Einleitung.")
        para = d.add_paragraph("Abschnitt X")
        para.style = d.styles.add_style("Überschrift 2", 1)  # WD_STYLE_TYPE.PARAGRAPH
        d.add_paragraph("Inhalt von X.")
        d.save(str(tmp_path / "de.docx"))
        loaded = load_docx(tmp_path / "de.docx")
        assert [(b.section, b.text) for b in loaded.blocks] == [(None, "Einleitung."), ("Abschnitt X", "Inhalt von X.")]

    @pytest.mark.parametrize("kind", ["kein-zip", "kaputtes-zip", "zip-ohne-docx"])
    def test_corrupt_docx_rejected(self, tmp_path, kind):
        path = tmp_path / f"{kind}.docx"
        if kind == "kein-zip":
            path.write_bytes(b"Das ist kein Word-Dokument.")
        elif kind == "kaputtes-zip":
            good = _build(tmp_path / "gut.docx").read_bytes()
            path.write_bytes(good[: len(good) // 3])
        else:
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("hallo.txt", "kein docx")
        with pytest.raises(DocumentError, match="DOCX kann nicht gelesen werden"):
            load_document(path)
