"""Hybrid retrieval over a real index: filters, keyword stemming, fusion, stale vectors."""

from __future__ import annotations

import pytest

from index.filters import Condition, FilterError, Filters

DOCS = {
    "methoden/persona.md": ("---\ntitle: Persona\ntype: method\nphase: Standpunkt definieren\nduration_min: 60\n"
                            "tags: [Zielgruppe, Kunden]\n---\n# Persona\n\n## Worum es geht\n"
                            "Eine Persona beschreibt eine typische Kundin mit Alltag, Zielen und Sorgen.\n"),
    "methoden/crazy-8s.md": ("---\ntitle: Crazy 8s\ntype: method\nphase: Ideen generieren\nduration_min: 20\n---\n"
                             "# Crazy 8s\n\n## Ablauf\nJede Person skizziert acht Ideen in acht Minuten auf einem gefalteten Blatt.\n"),
    "prototypen/imkerei.md": ("---\ntitle: Onlineshop der Imkerei\ntype: prototype\nregion: Lausitz\nbudget_eur: 2500\n---\n"
                              "# Onlineshop der Imkerei\n\n## Der Prototyp\nDie Imkerei verkauft Honig und Bienenwachskerzen "
                              "über einen kleinen Onlineshop mit Abholung im Hofladen.\n"),
}


@pytest.fixture
def kb(settings, make_kb):
    for rel, text in DOCS.items():
        path = settings.corpus_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    kb = make_kb(settings)
    assert not kb.indexer.ingest([settings.corpus_dir]).failed
    return kb


class TestFilters:
    def test_type_and_metadata_filters(self, kb):
        hits = kb.retriever.search("Ideen skizzieren", k=10, filters=Filters.build("method"))
        assert hits and {h.chunk.type for h in hits} == {"method"}
        hits = kb.retriever.search("Kundin", k=10, filters=Filters.build(where=["region=lausitz"]))
        assert {h.chunk.doc_id for h in hits} == {"prototypen/imkerei"}

    def test_numeric_comparison_and_lists(self, kb):
        short = kb.retriever.search("Methode", k=10, filters=Filters.build(where=["duration_min<=30"]))
        assert {h.chunk.doc_id for h in short} == {"methoden/crazy-8s"}
        tagged = kb.retriever.search("Methode", k=10, filters=Filters.build(where=["tags=kunden"]))
        assert {h.chunk.doc_id for h in tagged} == {"methoden/persona"}

    def test_filter_without_matches_returns_nothing(self, kb):
        assert kb.retriever.search("Honig", k=5, filters=Filters.build("tool")) == []

    def test_condition_parsing(self):
        assert Condition.parse("duration_min<=45") == Condition("duration_min", "<=", 45)
        assert Condition.parse("region = Meißen") == Condition("region", "=", "Meißen")
        assert Condition("budget_eur", "=", 2500).holds({"budget_eur": 2500.0})
        assert not Condition("phase", "=", "Testen").holds({})
        assert Condition("phase", "!=", "Testen").holds({})
        with pytest.raises(FilterError, match="SCHLÜSSEL=WERT"):
            Condition.parse("nur-ein-wort")


class TestKeywordSearch:
    def test_german_stemming_matches_inflected_forms(self, kb):
        hits = kb.retriever.search("Kerzen aus Bienenwachs verkaufen", k=3, mode="bm25")
        assert hits[0].chunk.doc_id == "prototypen/imkerei"

    def test_keyword_index_is_persisted_and_reloaded(self, kb, settings, make_kb):
        reopened = make_kb(settings)
        hits = reopened.retriever.search("gefaltetes Blatt", k=3, mode="bm25")
        assert hits and hits[0].chunk.doc_id == "methoden/crazy-8s"
        assert reopened.keyword.generation == kb.manifest.generation


class TestHybrid:
    def test_fused_results_are_ranked_and_carry_both_scores(self, kb):
        hits = kb.retriever.search("acht Ideen in acht Minuten", k=3)
        assert hits[0].chunk.doc_id == "methoden/crazy-8s"
        assert hits[0].dense_score is not None and hits[0].keyword_score is not None
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    def test_type_boost_lifts_preferred_type(self, kb):
        plain = kb.retriever.search("Kundin Alltag Onlineshop Honig", k=3)
        boosted = kb.retriever.search("Kundin Alltag Onlineshop Honig", k=3, boost_types=frozenset({"method"}))
        rank = lambda hits: [h.chunk.doc_id for h in hits].index("methoden/persona")
        assert rank(boosted) <= rank(plain)
        assert next(h for h in boosted if h.chunk.doc_id == "methoden/persona").score > \
            next(h for h in plain if h.chunk.doc_id == "methoden/persona").score
