"""Ingest into a real Chroma store with a real model: incremental, exact, crash-safe."""

from __future__ import annotations

import pytest

from core.settings import Settings
from index.indexer import ModelMismatchError

CARD = """---
title: Persona
type: method
phase: Standpunkt definieren
duration_min: 60
group_size: "2-6"
difficulty: leicht
materials: [Papier]
goal: Ein greifbares Bild typischer Kundinnen entwickeln.
tags: [Zielgruppe]
---
# Persona

## Worum es geht
Eine Persona beschreibt eine erfundene, aber typische Kundin mit Namen, Alltag und Wünschen.

## Ablauf
Zuerst sammeln alle Beobachtungen aus Interviews. Dann verdichten sie die Muster zu einer Figur.
"""


class CountingEmbedder:
    """Wraps the real model and counts how many passages it embedded."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.dimension = inner.dimension
        self.documents = 0

    def embed_documents(self, items):
        self.documents += len(items)
        return self.inner.embed_documents(items)

    def embed_passages(self, items, spans):
        self.documents += len(items)
        return self.inner.embed_passages(items, spans)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


@pytest.fixture
def corpus(settings: Settings):
    folder = settings.corpus_dir / "methoden"
    folder.mkdir(parents=True)
    (folder / "persona.md").write_text(CARD, encoding="utf-8")
    (settings.corpus_dir / "notiz.txt").write_text("Die Abschlusspräsentation fand im April 2025 in Dresden statt.\n",
                                                     encoding="utf-8")
    return settings.corpus_dir


class TestIncrementalIngest:
    def test_first_ingest_adds_everything(self, settings, corpus, make_kb):
        kb = make_kb(settings)
        report = kb.indexer.ingest([corpus])
        assert (report.added, report.updated, report.unchanged, report.removed) == (2, 0, 0, 0)
        assert report.failed == []
        assert report.documents == 2 and report.chunks == len(kb.store.ids())

    def test_unchanged_files_are_not_embedded_again(self, settings, corpus, make_kb, mini_embedder):
        make_kb(settings).indexer.ingest([corpus])
        counting = CountingEmbedder(mini_embedder)
        report = make_kb(settings, embedder=counting).indexer.ingest([corpus])
        assert report.unchanged == 2 and report.added == report.updated == 0
        assert counting.documents == 0

    def test_changed_file_replaces_its_chunks(self, settings, corpus, make_kb):
        kb = make_kb(settings)
        kb.indexer.ingest([corpus])
        old_ids = {c for c, ch in kb.manifest.all_chunks().items() if ch.doc_id == "methoden/persona"}
        path = corpus / "methoden" / "persona.md"
        path.write_text(CARD.replace("typische Kundin", "typische Vereinsmitglied-Figur"), encoding="utf-8")
        report = kb.indexer.ingest([corpus])
        assert report.updated == 1 and report.unchanged == 1
        live = kb.manifest.all_chunks()
        new_ids = {c for c, ch in live.items() if ch.doc_id == "methoden/persona"}
        assert new_ids.isdisjoint(old_ids)
        assert set(kb.store.ids()) == set(live)
        assert any("Vereinsmitglied-Figur" in live[c].text for c in new_ids)

    def test_vanished_file_leaves_the_index(self, settings, corpus, make_kb):
        kb = make_kb(settings)
        kb.indexer.ingest([corpus])
        (corpus / "notiz.txt").unlink()
        report = kb.indexer.ingest([corpus])
        assert report.removed == 1
        assert kb.manifest.document("notiz") is None
        assert all(not i.startswith("notiz@") for i in kb.store.ids())
        assert kb.retriever.search("Abschlusspräsentation April Dresden", k=5, mode="bm25") == []

    def test_single_file_is_not_removed_by_folder_sync(self, settings, corpus, make_kb, tmp_path):
        kb = make_kb(settings)
        extra = tmp_path / "einzeln.md"
        extra.write_text("# Einzeln\n\nEin einzelnes Dokument über Streuobstwiesen.\n", encoding="utf-8")
        kb.indexer.ingest([extra])
        kb.indexer.ingest([corpus])
        assert kb.manifest.document("einzeln") is not None


class TestBrokenInput:
    def test_broken_file_is_reported_and_others_are_ingested(self, settings, corpus, make_kb):
        (corpus / "kaputt.md").write_text("---\ntitle: [offen\n---\n# X\n", encoding="utf-8")
        (corpus / "leer.pdf").write_bytes(b"%PDF-1.4 kein echtes pdf")
        report = make_kb(settings).indexer.ingest([corpus])
        failed = {f.path.rsplit("/", 1)[-1]: f.error for f in report.failed}
        assert set(failed) == {"kaputt.md", "leer.pdf"}
        assert "YAML" in failed["kaputt.md"]
        assert "PDF" in failed["leer.pdf"]
        assert report.added == 2

    def test_duplicate_id_from_another_path_is_an_error_for_that_file(self, settings, corpus, make_kb):
        (corpus / "zweite-persona.md").write_text(CARD.replace("title: Persona", "id: methoden/persona\ntitle: Persona 2"),
                                                  encoding="utf-8")
        kb = make_kb(settings)
        report = kb.indexer.ingest([corpus])
        assert len(report.failed) == 1 and "methoden/persona" in report.failed[0].error
        assert kb.manifest.document("methoden/persona").title in {"Persona", "Persona 2"}
        assert kb.manifest.counts()[0] == 2


class TestCrashSafety:
    def test_failure_between_vectors_and_commit_keeps_old_version(self, settings, corpus, make_kb, monkeypatch):
        kb = make_kb(settings)
        kb.indexer.ingest([corpus])
        before = dict(kb.manifest.all_chunks())
        (corpus / "methoden" / "persona.md").write_text(CARD.replace("Interviews", "Gesprächen"), encoding="utf-8")

        def crash(*args, **kwargs):
            raise RuntimeError("Stromausfall")

        monkeypatch.setattr(kb.manifest, "commit_document", crash)
        report = kb.indexer.ingest([corpus])
        assert report.failed and "Stromausfall" in report.failed[0].error
        # New vectors were written, but nothing of the new version is visible; the old one is whole.
        assert len(kb.store.ids()) > len(before)
        assert kb.manifest.all_chunks().keys() == before.keys()
        hits = kb.retriever.search("Beobachtungen aus Interviews", k=10, mode="dense")
        assert {h.chunk.chunk_id for h in hits} <= set(before)
        monkeypatch.undo()
        # The next ingest removes the orphans and commits the new version.
        kb.indexer.ingest([corpus])
        assert set(kb.store.ids()) == set(kb.manifest.all_chunks())
        assert any("Gesprächen" in c.text for c in kb.manifest.all_chunks().values())

    def test_failure_after_commit_leaves_only_new_version_visible(self, settings, corpus, make_kb, monkeypatch):
        kb = make_kb(settings)
        kb.indexer.ingest([corpus])
        old = {c for c, ch in kb.manifest.all_chunks().items() if ch.doc_id == "methoden/persona"}
        (corpus / "methoden" / "persona.md").write_text(CARD.replace("Interviews", "Gesprächen"), encoding="utf-8")
        real_delete = kb.store.delete
        monkeypatch.setattr(kb.store, "delete", lambda ids: (_ for _ in ()).throw(RuntimeError("abgestürzt")))
        kb.indexer.ingest([corpus])
        hits = kb.retriever.search("Beobachtungen aus Gesprächen verdichten", k=10, mode="dense")
        assert hits and not ({h.chunk.chunk_id for h in hits} & old)
        monkeypatch.setattr(kb.store, "delete", real_delete)
        assert kb.indexer.collect_garbage() == len(old)


class TestModelGuard:
    def test_index_refuses_vectors_of_another_model(self, settings, corpus, make_kb, mini_embedder):
        make_kb(settings).indexer.ingest([corpus])

        class OtherModel(CountingEmbedder):
            pass

        other = OtherModel(mini_embedder)
        other.model_id = "ein-anderes-modell"
        kb = make_kb(settings, embedder=other)
        with pytest.raises(ModelMismatchError, match=mini_embedder.model_id):
            kb.indexer.ingest([corpus])
        kb.indexer.rebuild()
        assert kb.indexer.ingest([corpus]).added == 2
        assert kb.manifest.get_meta("model_id") == "ein-anderes-modell"
