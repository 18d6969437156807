"""Uploads through the Assistant: staged, published only when indexed, never over a corpus
document unless asked to, nothing left behind, no server paths in error details."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.settings import Settings
from tests.conftest import SMALL_CORPUS, write_corpus
from tests.ingest.builders import make_pdf

NOTE = "# Hofladen\n\n## Öffnungszeiten\nDer Hofladen am Deich verkauft samstags Kartoffeln, Eier und Apfelsaft.\n"
PERSONA_UPLOAD = ("---\nid: methoden/persona\ntitle: Persona (überarbeitet)\ntype: method\n---\n# Persona\n\n"
                  "Die überarbeitete Persona-Karte beschreibt Zielgruppen der Gemeindeverwaltung.\n")


@pytest.fixture
def assistant(tmp_path, mini_embedder, mini_model_dir):
    from assistant.service import Assistant
    from index.knowledge_base import KnowledgeBase

    corpus = write_corpus(tmp_path / "corpus", SMALL_CORPUS)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, embed_model=str(mini_model_dir),
                        staff_token="geheim-test-token")
    a = Assistant(settings, KnowledgeBase(settings, embedder=mini_embedder))
    assert not a.reindex().failed
    return a


def stored(a) -> list[str]:
    """Every file below the uploads folder, hidden ones included."""
    root = a.settings.uploads_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


class TestCorpusIds:
    def test_upload_with_a_corpus_id_is_refused_and_changes_nothing(self, assistant):
        from assistant.service import ConflictError

        before = assistant.document("methoden/persona")
        with pytest.raises(ConflictError, match="methoden/persona.*replace=true"):
            assistant.upload("persona-neu.md", PERSONA_UPLOAD.encode())
        assert assistant.document("methoden/persona") == before
        assert stored(assistant) == []

    def test_explicit_replace_wins_and_reindex_stays_clean(self, assistant):
        report, created = assistant.upload("persona-neu.md", PERSONA_UPLOAD.encode(), replace=True)
        assert not report.failed and not created
        assert assistant.document("methoden/persona")["title"] == "Persona (überarbeitet)"
        again = assistant.reindex()
        assert again.failed == [] and assistant.document("methoden/persona")["title"] == "Persona (überarbeitet)"
        assistant.delete("methoden/persona")  # the upload goes: the corpus card comes back
        assert assistant.reindex().failed == []
        assert assistant.document("methoden/persona")["title"] == "Persona"


class TestReplacingUploads:
    def test_same_id_from_another_file_name_does_not_come_back_after_delete(self, assistant):
        assistant.upload("twin.md", NOTE.encode())
        assistant.upload("twin.txt", b"Zwilling\n\nDer Hofladen hat jetzt auch sonntags geoeffnet, von zehn bis zwoelf Uhr.\n")
        assert stored(assistant) == ["twin.txt"]
        assistant.delete("twin")
        assert assistant.reindex().failed == []
        with pytest.raises(KeyError):
            assistant.document("twin")

    def test_replace_leaves_no_backup_or_staging_files(self, assistant):
        assistant.upload("hofladen.md", NOTE.encode())
        report, created = assistant.upload("hofladen.md", NOTE.replace("Eier", "Honig").encode())
        assert report.updated == 1 and not created
        assert stored(assistant) == ["hofladen.md"]

    def test_failed_replacement_keeps_the_old_version(self, assistant):
        assistant.upload("hofladen.md", NOTE.encode())
        report, _ = assistant.upload("hofladen.md", b"---\ntitle: [kaputt\n---\n# X\n")
        assert report.failed
        assert stored(assistant) == ["hofladen.md"]
        assert (assistant.settings.uploads_dir / "hofladen.md").read_text(encoding="utf-8") == NOTE
        assert "Eier" in " ".join(c["text"] for c in assistant.document("hofladen")["chunks"])

    def test_server_killed_during_a_replacing_upload_never_publishes_the_new_version(self, assistant, tmp_path):
        assistant.upload("hofladen.md", NOTE.encode())
        script = tmp_path / "kill_during_upload.py"
        script.write_text(KILL_SCRIPT, encoding="utf-8")
        settings = assistant.settings
        proc = subprocess.run([sys.executable, str(script), str(settings.data_dir), str(settings.corpus_dir),
                               str(settings.embed_model)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == -9, proc.stderr[-2000:]  # killed after indexing, before answering
        assert stored(assistant) != [] and (settings.uploads_dir / "hofladen.md").read_text(encoding="utf-8") == NOTE
        report = assistant.reindex()
        assert report.failed == []
        text = " ".join(c["text"] for c in assistant.document("hofladen")["chunks"])
        assert "Eier" in text and "UNBESTÄTIGT" not in text
        assert stored(assistant) == ["hofladen.md"]


# Runs an upload in its own process and kills that process (SIGKILL) right after the index has
# the new version, before the upload could answer: what `kill -9` of the server does.
KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from core.settings import Settings
from assistant.service import Assistant
settings = Settings(data_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]), embed_model=sys.argv[3])
a = Assistant(settings)
run = a.kb.indexer.run
def run_then_die(*args, **kwargs):
    run(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
a.kb.indexer.run = run_then_die
a.upload("hofladen.md", "# Hofladen\\n\\nUNBESTÄTIGT: der Hofladen schließt für immer.\\n".encode())
"""


class TestBadUploads:
    @pytest.mark.parametrize("length", [250, 300])
    def test_very_long_file_names_are_refused_before_anything_is_written(self, assistant, length):
        from assistant.service import InputError

        name = "a" * (length - 3) + ".md"
        with pytest.raises(InputError, match="Dateiname ist zu lang"):
            assistant.upload(name, NOTE.encode())
        assert stored(assistant) == [] and assistant.documents() and all(
            not d["doc_id"].startswith("aaaa") for d in assistant.documents())

    @pytest.mark.parametrize("name", ["..", ".versteckt.md", "..md", "a/../../b.md\udcff"])
    def test_odd_names_are_refused(self, assistant, name):
        from assistant.service import InputError

        with pytest.raises(InputError):
            assistant.upload(name, NOTE.encode())
        assert stored(assistant) == []

    def test_file_without_text_is_refused_with_a_reason(self, assistant, tmp_path):
        scanned = make_pdf(tmp_path / "scan.pdf", ["", ""])  # pages without any text, as a scanned PDF
        report, created = assistant.upload("scan.pdf", scanned.read_bytes())
        assert report.failed and "keinen lesbaren Text" in report.failed[0].error and not created
        report, _ = assistant.upload("leer.md", b"---\ntitle: Nur Kopf\n---\n\n")
        assert report.failed and "keinen lesbaren Text" in report.failed[0].error
        assert stored(assistant) == []
        ids = {d["doc_id"] for d in assistant.documents()}
        assert "scan" not in ids and "leer" not in ids

    def test_errors_name_the_file_not_server_paths(self, assistant):
        report, _ = assistant.upload("kaputt.md", b"---\ntitle: [x\n---\n")
        assert report.failed[0].path == "kaputt.md"
        (assistant.settings.corpus_dir / "methoden" / "kaputt.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
        (assistant.settings.corpus_dir / "doppelt.md").write_text("---\nid: methoden/persona\n---\n# P\n\nText der "
                                                                  "doppelten Karte mit einigen Worten.\n", encoding="utf-8")
        failed = assistant.reindex().failed
        assert {f.path for f in failed} == {"methoden/kaputt.md", "doppelt.md"}
        roots = [str(p.resolve()) for p in (assistant.settings.data_dir, assistant.settings.corpus_dir)]
        for f in failed:
            assert not any(root in f.error or root in f.path for root in roots), f
            assert not os.path.isabs(f.path)
