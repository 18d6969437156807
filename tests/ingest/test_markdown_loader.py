"""Markdown loader: front matter, section paths, titles, inline Markdown, fences, front-matter errors."""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentError, load_document
from ingest.loaders.markdown import load_markdown, strip_inline
from tests.ingest.builders import write

FULL = """---
id: methoden/persona
title: Persona-Methode
type: method
phase: Verstehen
duration_min: 45
tags: [Nutzer, Empathie]
datum: 2024-05-01
---
# Persona erstellen

Eine **Persona** ist eine [fiktive Person](https://example.org/persona) mit `Zielen`.

## Ablauf

### Schritt 1

Daten aus Interviews *sammeln*.

```
# Kein Heading im Code
print("hallo")
```

### Schritt 2

- Merkmale notieren
* Bild zeichnen

## Tipps

Nicht __übertreiben__.
"""


class TestMarkdownLoader:
    def test_front_matter_becomes_metadata_without_id_title_type(self, tmp_path):
        doc, warnings = load_document(write(tmp_path / "persona.md", FULL), root=tmp_path)
        assert doc.doc_id == "methoden/persona"
        assert doc.title == "Persona-Methode"
        assert doc.type == "method"
        assert doc.metadata == {"phase": "Verstehen", "duration_min": 45, "tags": ["Nutzer", "Empathie"],
                                "datum": "2024-05-01"}
        assert warnings == []

    def test_section_paths_below_the_title(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "persona.md", FULL))
        sections = [b.section for b in doc.blocks]
        assert sections[0] is None  # text before the first sub-heading
        assert "Ablauf > Schritt 1" in sections
        assert "Ablauf > Schritt 2" in sections
        assert sections[-1] == "Tipps"  # a new H2 closes "Ablauf > Schritt 2"
        by_section: dict = {}
        for b in doc.blocks:
            by_section[b.section] = by_section.get(b.section, "") + b.text + "\n"
        assert "Daten aus Interviews sammeln." in by_section["Ablauf > Schritt 1"]
        assert by_section["Ablauf > Schritt 2"] == "- Merkmale notieren\n- Bild zeichnen\n"
        assert all(b.page is None for b in doc.blocks)

    def test_h1_is_title_not_section(self, tmp_path):
        loaded = load_markdown(write(tmp_path / "persona.md", FULL))
        assert loaded.heading_title == "Persona erstellen"
        assert all(b.section is None or "Persona erstellen" not in b.section for b in loaded.blocks)

    def test_inline_markdown_stripped(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "persona.md", FULL))
        text = doc.text
        assert "Eine Persona ist eine fiktive Person mit Zielen." in text
        assert "Nicht übertreiben." in text
        for marker in ("**", "__", "](", "https://example.org", "`"):
            assert marker not in text

    def test_strip_inline_units(self):
        assert strip_inline("**fett** und *kursiv* und [Text](http://x.de) und ![Bild](a.png)") == \
            "fett und kursiv und Text und Bild"

    def test_code_fence_does_not_produce_heading(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "persona.md", FULL))
        sections = {b.section for b in doc.blocks}
        assert not any(s and "Kein Heading" in s for s in sections)
        code = next(b for b in doc.blocks if "print(" in b.text)
        assert code.section == "Ablauf > Schritt 1"
        assert "# Kein Heading im Code" in code.text
        # the heading after the fence is a heading again
        assert any(b.section == "Ablauf > Schritt 2" for b in doc.blocks)

    def test_title_from_first_h1_without_front_matter(self, tmp_path):
        path = write(tmp_path / "notiz.md", "Vorspann.\n\n# Echte Überschrift\n\nText.\n\n# Zweite H1\n\nMehr.\n")
        doc, _ = load_document(path)
        assert doc.title == "Echte Überschrift"
        assert doc.doc_id == "notiz"
        assert doc.type == "document"
        assert doc.metadata == {}
        assert [b.section for b in doc.blocks] == [None, None, "Zweite H1"]

    def test_title_from_first_heading_of_any_level(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "meine-notiz.md", "## Nur Abschnitt\n\nText hier.\n"))
        assert doc.title == "Nur Abschnitt"
        assert doc.blocks[0].section == "Nur Abschnitt"

    def test_title_falls_back_to_file_name(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "meine-notiz.md", "Nur Text ohne Überschrift.\n"))
        assert doc.title == "meine-notiz"

    def test_front_matter_title_beats_h1(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "a.md", "---\ntitle: Aus Front Matter\n---\n# Aus H1\n\nText.\n"))
        assert doc.title == "Aus Front Matter"

    def test_crlf_and_byte_order_mark(self, tmp_path):
        path = tmp_path / "win.md"
        path.write_bytes("\ufeff---\r\ntitle: Windows\r\nphase: Testen\r\n---\r\n## Teil\r\n\r\nText.\r\n".encode("utf-8"))
        doc, _ = load_document(path)
        assert doc.title == "Windows"
        assert doc.metadata == {"phase": "Testen"}
        assert [(b.text, b.section) for b in doc.blocks] == [("Text.", "Teil")]

    def test_invalid_yaml_names_the_line(self, tmp_path):
        # line 1 '---', line 2 title, line 3 is broken
        path = write(tmp_path / "kaputt.md", "---\ntitle: Gut\nphase: Verstehen: doppelt\n---\nText\n")
        with pytest.raises(DocumentError) as err:
            load_document(path)
        assert "YAML" in str(err.value)
        assert "Zeile 3" in str(err.value)

    def test_non_mapping_front_matter(self, tmp_path):
        path = write(tmp_path / "liste.md", "---\n- eins\n- zwei\n---\nText\n")
        with pytest.raises(DocumentError, match="Zuordnung"):
            load_document(path)

    def test_non_text_title(self, tmp_path):
        with pytest.raises(DocumentError, match="'title'"):
            load_document(write(tmp_path / "t.md", "---\ntitle: 42\n---\nText\n"))

    @pytest.mark.parametrize("bad_id", ["../geheim", "methoden/../../etc", "a//b", "mit leerzeichen"])
    def test_bad_id_rejected(self, tmp_path, bad_id):
        path = write(tmp_path / "x.md", f"---\nid: \"{bad_id}\"\n---\nText\n")
        with pytest.raises(DocumentError, match="'id'"):
            load_document(path)

    def test_unclosed_front_matter(self, tmp_path):
        path = write(tmp_path / "offen.md", "---\ntitle: Offen\n\n# Überschrift\n\nText\n")
        with pytest.raises(DocumentError, match="nie geschlossen"):
            load_document(path)

    def test_empty_front_matter_is_fine(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "leer.md", "---\n---\nNur Text.\n"))
        assert doc.metadata == {}
        assert doc.text == "Nur Text."

    def test_table_separator_dropped(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "tab.md", "| a | b |\n|---|:--|\n| 1 | 2 |\n"))
        assert doc.text == "| a | b |\n| 1 | 2 |"
