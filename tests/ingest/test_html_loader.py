"""HTML loader: boilerplate dropped, main content with heading sections, title from h1 or <title>."""

from __future__ import annotations

from ingest.loaders import load_document
from ingest.loaders.html import load_html
from tests.ingest.builders import write

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Seitentitel | CIMIS</title>
<style>.hinweis { color: red }</style><script>var tracking = "SKRIPTINHALT";</script></head>
<body>
<header><a href="/">CIMIS Portal</a><p>Kopfzeile mit Logo</p></header>
<nav><ul><li>Startseite</li><li>Methodenkoffer</li></ul></nav>
<main>
  <h1>Design Thinking kompakt</h1>
  <p>Einführung in das <strong>Thema</strong>.</p>
  <script>document.write("EINGEBETTETES SKRIPT")</script>
  <h2>Ablauf</h2>
  <p>Zuerst das Problem verstehen.</p>
  <ul><li>Interviews führen</li><li><p>Beobachten</p></li></ul>
  <h3>Werkzeuge</h3>
  <table><tr><th>Werkzeug</th></tr><tr><td>Miro</td></tr></table>
  <h2>Tipps</h2>
  <p>Viel üben.</p>
</main>
<aside><p>Werbung in der Seitenleiste</p></aside>
<footer><p>Impressum und Datenschutz</p></footer>
</body></html>
"""


class TestHtmlLoader:
    def test_boilerplate_dropped(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "seite.html", PAGE))
        text = doc.text
        for dropped in ("CIMIS Portal", "Kopfzeile", "Startseite", "Methodenkoffer", "SKRIPTINHALT",
                        "EINGEBETTETES SKRIPT", "color: red", "Werbung", "Impressum"):
            assert dropped not in text, dropped

    def test_main_content_with_sections(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "seite.html", PAGE))
        assert [(b.section, b.text) for b in doc.blocks] == [
            (None, "Einführung in das Thema."),
            ("Ablauf", "Zuerst das Problem verstehen."),
            ("Ablauf", "- Interviews führen\n- Beobachten"),
            ("Ablauf > Werkzeuge", "Werkzeug"),
            ("Ablauf > Werkzeuge", "Miro"),
            ("Tipps", "Viel üben."),
        ]
        assert all(b.page is None for b in doc.blocks)

    def test_title_from_h1(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "seite.html", PAGE))
        assert doc.title == "Design Thinking kompakt"
        assert doc.doc_id == "seite"

    def test_title_from_title_tag_without_h1(self, tmp_path):
        html = "<html><head><title>Nur der Titel</title></head><body><h2>Teil</h2><p>Absatz.</p></body></html>"
        path = write(tmp_path / "ohne-h1.htm", html)
        loaded = load_html(path)
        assert loaded.heading_title is None
        assert loaded.embedded_title == "Nur der Titel"
        doc, _ = load_document(path)
        assert doc.title == "Nur der Titel"
        assert [(b.section, b.text) for b in doc.blocks] == [("Teil", "Absatz.")]

    def test_title_from_file_name_without_any(self, tmp_path):
        doc, _ = load_document(write(tmp_path / "leer-titel.html", "<html><body><p>Text.</p></body></html>"))
        assert doc.title == "leer-titel"

    def test_body_used_without_main(self, tmp_path):
        html = ("<html><body><nav><p>Menü</p></nav><h1>Titel</h1><p>Inhalt im Body.</p>"
                "<footer><p>Fuß</p></footer></body></html>")
        doc, _ = load_document(write(tmp_path / "body.html", html))
        assert doc.title == "Titel"
        assert doc.text == "Inhalt im Body."

    def test_declared_charset_respected(self, tmp_path):
        path = tmp_path / "latin.html"
        path.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Größe übergeben</p></body></html>'
                         .encode("latin-1"))
        doc, _ = load_document(path)
        assert doc.text == "Größe übergeben"

    def test_inline_tags_and_source_wrapping(self, tmp_path):
        html = ("<html><body><main><h2>Design <em>Thinking</em>-Phasen</h2>\n"
                "<p>Wir wollen Nutzer <b>ver</b>stehen, <a href='/x'>hier</a>.\n   Der Satz geht weiter.</p>"
                "<p>Zeile eins<br>Zeile zwei</p>"
                "<table><tr><td><div>Zelle A</div><div>Zelle B</div></td></tr></table>"
                "<pre>code  mit\n  einrückung</pre></main></body></html>")
        doc, _ = load_document(write(tmp_path / "inline.html", html))
        assert [(b.section, b.text) for b in doc.blocks] == [
            ("Design Thinking-Phasen", "Wir wollen Nutzer verstehen, hier. Der Satz geht weiter."),
            ("Design Thinking-Phasen", "Zeile eins\nZeile zwei"),
            ("Design Thinking-Phasen", "Zelle A Zelle B"),
            ("Design Thinking-Phasen", "code mit\neinrückung"),
        ]
