"""PDF loader: pages, hyphenation, ligatures, titles, unreadable files, and the glued-words repair
on a real German PDF (the Debian reference, fetched by `make test-data`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunker import chunk_document
from ingest.loaders import DocumentError, load_document
from ingest.loaders.pdf import glued_share, is_glued_token, load_pdf
from tests.ingest.builders import make_pdf

REPO = Path(__file__).resolve().parents[2]
DEBREF = REPO / ".cache" / "test-data" / "debian-reference.de.pdf"


class TestPdfLoader:
    def test_one_block_per_page_with_1_based_numbers(self, tmp_path):
        path = make_pdf(tmp_path / "seiten.pdf", ["Erste Seite Text.", "Zweite Seite Text.", "", "Vierte Seite Text."])
        loaded = load_pdf(path)
        assert [b.page for b in loaded.blocks] == [1, 2, 4]  # the blank page 3 gives no block, numbers stay
        assert [b.text for b in loaded.blocks] == ["Erste Seite Text.", "Zweite Seite Text.", "Vierte Seite Text."]
        assert all(b.section is None for b in loaded.blocks)
        assert loaded.warnings == []

    def test_line_end_hyphenation_joined(self, tmp_path):
        path = make_pdf(tmp_path / "trennung.pdf", ["Wir wollen die Nutzer Ver-\nstehen und Design-\nThinking nutzen."])
        doc, _ = load_document(path)
        assert "Verstehen" in doc.text
        assert "Ver-" not in doc.text
        assert "Design-Thinking" in doc.text  # a real hyphen before a capital stays

    def test_ligatures_normalised(self, tmp_path):
        path = make_pdf(tmp_path / "ligatur.pdf", ["Die \ufb01nale Version im O\ufb03ce."])
        doc, _ = load_document(path)
        assert "Die finale Version im Office." in doc.text
        assert "\ufb01" not in doc.text and "\ufb03" not in doc.text

    def test_title_from_pdf_metadata(self, tmp_path):
        path = make_pdf(tmp_path / "bericht-2024.pdf", ["Nur Fließtext ohne Überschrift."], title="Jahresbericht 2024")
        doc, _ = load_document(path)
        assert doc.title == "Jahresbericht 2024"
        assert doc.doc_id == "bericht-2024"

    def test_title_falls_back_to_file_name(self, tmp_path):
        doc, _ = load_document(make_pdf(tmp_path / "ohne-titel.pdf", ["Text."]))
        assert doc.title == "ohne-titel"

    def test_pdf_without_text_warns(self, tmp_path):
        doc, warnings = load_document(make_pdf(tmp_path / "scan.pdf", ["", ""]))
        assert doc.blocks == []
        assert any("keinen extrahierbaren Text" in w for w in warnings)

    def test_encrypted_pdf_rejected(self, tmp_path):
        path = make_pdf(tmp_path / "geheim.pdf", ["Geheimer Inhalt."], encrypt=True)
        with pytest.raises(DocumentError, match="verschlüsselt"):
            load_document(path)

    @pytest.mark.parametrize("content", [b"das ist kein PDF", b"%PDF-1.4\nMuell ohne Ende"])
    def test_corrupt_pdf_rejected_with_reason(self, tmp_path, content):
        path = tmp_path / "kaputt.pdf"
        path.write_bytes(content)
        with pytest.raises(DocumentError) as err:
            load_document(path)
        message = str(err.value)
        assert message.startswith("PDF kann nicht gelesen werden: ")
        assert len(message) > len("PDF kann nicht gelesen werden: ")

    def test_truncated_pdf_rejected(self, tmp_path):
        good = make_pdf(tmp_path / "gut.pdf", ["Ein ganzer Satz auf der Seite."]).read_bytes()
        path = tmp_path / "halb.pdf"
        path.write_bytes(good[: len(good) // 2])
        with pytest.raises(DocumentError, match="PDF kann nicht gelesen werden"):
            load_document(path)

    def test_glued_token_detection(self):
        assert is_glued_token("ListevonWerkzeugen")
        assert is_glued_token("WieSiedasmachen")
        assert not is_glued_token("WieSiedas")  # under 10 characters: not counted
        assert not is_glued_token("Werkzeugliste")
        assert not is_glued_token("/usr/share/DebianReference")
        assert not is_glued_token("iPhone")
        assert glued_share("") == 0.0
        assert glued_share("DiesisteinText mitvielenWörtern") == 1.0
        assert glued_share("Dies ist ein Text mit vielen Wörtern") == 0.0


@pytest.fixture(scope="module")
def debian_reference():
    """(raw pypdf text of every page, loaded Document, chunks, page count), loaded once.

    The raw text is recorded from the loader's own pypdf pass, so the 276 pages are extracted
    only once.
    """
    if not DEBREF.exists():
        pytest.fail(f"Testdaten fehlen: {DEBREF} – bitte zuerst `make test-data` ausführen")
    from pypdf import PageObject, PdfReader

    raw_pages: list[str] = []
    original = PageObject.extract_text

    def recording(self, *args, **kwargs):
        text = original(self, *args, **kwargs)
        raw_pages.append(text or "")
        return text

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PageObject, "extract_text", recording)
        document, warnings = load_document(DEBREF)
    page_count = len(PdfReader(str(DEBREF)).pages)
    return raw_pages, document, warnings, chunk_document(document, "v1"), page_count


class TestPdfGluedWordsRepair:
    def test_raw_pypdf_text_is_glued(self, debian_reference):
        raw_pages, _, _, _, page_count = debian_reference
        assert len(raw_pages) == page_count
        share = glued_share("\n".join(raw_pages))
        assert share > 0.03, f"pypdf-Rohtext hat nur {share:.2%} verklebte Wörter – Testdatei nicht die erwartete?"

    def test_indexed_text_is_repaired(self, debian_reference):
        _, document, warnings, chunks, _ = debian_reference
        assert warnings == []
        assert document.title == "Debian-Referenz"
        assert chunks
        share = glued_share("\n".join(c.text for c in chunks))
        assert share < 0.01, f"nach dem Laden noch {share:.2%} verklebte Wörter"

    def test_repaired_pages_keep_hyphenated_words_whole(self, debian_reference):
        # pdfium marks joined line-end hyphenations with U+0002 ("heraus\x02zufinden").
        _, _, _, chunks, _ = debian_reference
        text = "\n".join(c.text for c in chunks)
        assert "\x02" not in text
        assert "herauszufinden" in text

    def test_chunk_pages_within_document(self, debian_reference):
        _, document, _, chunks, page_count = debian_reference
        pages = [c.page for c in chunks]
        assert all(isinstance(p, int) and 1 <= p <= page_count for p in pages)
        assert pages == sorted(pages)  # chunks follow the page order
        assert max(pages) == page_count  # the last page is indexed under its own number
        assert all(c.section is None for c in chunks)
