"""load_document: document ids, types from folders, unsupported and unreadable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.ids import FOLDER_TYPES, check_doc_id, doc_id_for, type_for_folder
from ingest.loaders import SUPPORTED_SUFFIXES, DocumentError, load_document
from tests.ingest.builders import write


class TestLoadDocument:
    def test_id_is_relative_path_without_extension(self, tmp_path):
        root = tmp_path / "korpus"
        path = write(root / "methoden" / "persona.md", "# Persona\n\nText.")
        doc, _ = load_document(path, root=root)
        assert doc.doc_id == "methoden/persona"
        deep = write(root / "prototypen" / "lausitz" / "shop.v2.txt", "Text.")
        assert load_document(deep, root=root)[0].doc_id == "prototypen/lausitz/shop.v2"

    def test_single_file_id_is_its_name(self, tmp_path):
        path = write(tmp_path / "methoden" / "persona.md", "Text.")
        assert load_document(path)[0].doc_id == "persona"

    def test_explicit_id_for_uploads(self, tmp_path):
        path = write(tmp_path / "tmp123.md", "Text.")
        assert load_document(path, doc_id="mein-upload")[0].doc_id == "mein-upload"

    def test_front_matter_id_wins(self, tmp_path):
        root = tmp_path / "korpus"
        path = write(root / "methoden" / "persona.md", "---\nid: karten/persona-karte\n---\nText.")
        assert load_document(path, root=root)[0].doc_id == "karten/persona-karte"
        assert load_document(path, doc_id="upload")[0].doc_id == "karten/persona-karte"

    @pytest.mark.parametrize(("folder", "expected"), [
        ("methoden", "method"), ("Methoden", "method"), ("prototypen", "prototype"), ("werkzeuge", "tool"),
        ("leitfaeden", "guide"), ("interviews", "interview"), ("irgendwas", "document"),
    ])
    def test_type_from_folder(self, tmp_path, folder, expected):
        root = tmp_path / "korpus"
        doc, _ = load_document(write(root / folder / "x.md", "Text."), root=root)
        assert doc.type == expected

    def test_file_at_root_is_document(self, tmp_path):
        root = tmp_path / "korpus"
        assert load_document(write(root / "plain-notiz.md", "Text."), root=root)[0].type == "document"

    def test_front_matter_type_wins(self, tmp_path):
        root = tmp_path / "korpus"
        doc, _ = load_document(write(root / "methoden" / "x.md", "---\ntype: guide\n---\nText."), root=root)
        assert doc.type == "guide"

    @pytest.mark.parametrize("name", ["bild.png", "tabelle.xlsx", "ohne-endung", "alt.doc"])
    def test_unsupported_suffix(self, tmp_path, name):
        path = tmp_path / name
        path.write_bytes(b"irgendwas")
        with pytest.raises(DocumentError, match="wird nicht unterstützt"):
            load_document(path)

    def test_supported_suffixes(self):
        assert {".md", ".pdf", ".html", ".htm", ".docx", ".txt"} <= SUPPORTED_SUFFIXES

    def test_suffix_case_insensitive(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "GROSS.TXT", "Text."))
        assert (doc.doc_id, doc.text) == ("GROSS", "Text.")

    def test_missing_file(self, tmp_path):
        with pytest.raises(DocumentError, match="kann nicht gelesen werden"):
            load_document(tmp_path / "gibt-es-nicht.md")

    def test_non_utf8_markdown(self, tmp_path):
        path = tmp_path / "alt.md"
        path.write_bytes("# Überschrift\n\nMaße".encode("cp1252"))
        with pytest.raises(DocumentError, match="UTF-8"):
            load_document(path)


class TestIds:
    def test_doc_id_for(self):
        assert doc_id_for(Path("/k/methoden/persona.md"), Path("/k")) == "methoden/persona"
        assert doc_id_for(Path("/k/methoden/persona.md"), None) == "persona"

    @pytest.mark.parametrize("good", ["persona", "methoden/persona", "prototypen/shop-v1.2", "über_uns"])
    def test_valid_ids(self, good):
        assert check_doc_id(good) == good

    @pytest.mark.parametrize("bad", ["", "  ", "..", "a/../b", "/absolut", "a/", "mit leer", "a\\b"])
    def test_invalid_ids(self, bad):
        with pytest.raises(ValueError, match="'id'"):
            check_doc_id(bad)

    def test_folder_types(self):
        assert FOLDER_TYPES["methoden"] == "method"
        assert FOLDER_TYPES["prototypen"] == "prototype"
        assert type_for_folder(Path("x/unbekannt/a.md")) == "document"
