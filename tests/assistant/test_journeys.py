"""Method finder, similar prototypes and curation on the bundled corpus (small model)."""

from __future__ import annotations

import pytest

from assistant.methods import group_fits
from assistant.service import NotFoundError


class TestMethodFinder:
    def test_constraints_are_never_violated(self, bundled_assistant):
        results = bundled_assistant.methods("Wir wollen schnell viele Ideen sammeln", k=10,
                                            phase="ideen generieren", max_minutes=45, group_size=4)
        assert results
        for m in results:
            assert m.phase == "Ideen generieren"
            assert m.duration_min is not None and m.duration_min <= 45
            assert group_fits(m.group_size, 4)

    def test_reason_is_quoted_from_the_card(self, bundled_assistant):
        results = bundled_assistant.methods("Kundinnen besser verstehen", k=3)
        for m in results:
            assert m.citations and m.citations[0].doc_id == m.doc_id
            quote = m.citations[0].quote
            assert quote in " ".join(c.text for c in bundled_assistant.kb.manifest.chunks_of(m.doc_id))
            assert " ".join(quote.split()) in m.why and m.why.endswith("[1]")

    def test_impossible_constraints_give_no_results(self, bundled_assistant):
        assert bundled_assistant.methods("Ideen sammeln", max_minutes=1) == []

    def test_group_size_parsing(self):
        assert group_fits("2-6", 4) and not group_fits("2-6", 8) and group_fits(None, 99)


class TestSimilarPrototypes:
    def test_similar_to_prototype_returns_other_prototypes(self, bundled_assistant):
        results = bundled_assistant.similar("prototypen/drechslerei-onlineshop", k=5)
        assert len(results) == 5
        assert all(r.type == "prototype" and r.doc_id != "prototypen/drechslerei-onlineshop" for r in results)
        assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
        for r in results:
            source = bundled_assistant.kb.manifest.document("prototypen/drechslerei-onlineshop").metadata
            assert all(source[k] == v for k, v in r.shared.items())
            assert r.citations and r.citations[0].doc_id == r.doc_id

    def test_facets_narrow_results(self, bundled_assistant):
        results = bundled_assistant.similar("prototypen/drechslerei-onlineshop", k=10, doc_type="prototype",
                                            where=["region=Lausitz"])
        assert results and all(r.facets["region"] == "Lausitz" for r in results)

    def test_document_vectors_are_one_per_document(self, bundled_assistant):
        ids, matrix = bundled_assistant.vectors.get()
        assert len(ids) == len(set(ids)) == len(bundled_assistant.documents())
        assert matrix.shape[0] == len(ids)

    def test_unknown_document(self, bundled_assistant):
        with pytest.raises(NotFoundError):
            bundled_assistant.similar("gibt-es/nicht")

    def test_description_search_returns_prototypes_with_excerpt(self, bundled_assistant):
        results = bundled_assistant.similar_to_text("online shop for handmade wooden toys", k=3)
        assert results and all(r.type == "prototype" for r in results)
        assert all(r.citations[0].doc_id == r.doc_id for r in results)


class TestCuration:
    def test_bundled_corpus_validates_clean(self, bundled_assistant):
        problems = {c.doc_id: c.problems for c in bundled_assistant.validation() if c.problems}
        assert problems == {}

    def test_knowledge_gaps_group_similar_unanswered_questions(self, bundled_assistant):
        log = bundled_assistant.questions
        for q in ("Gibt es Fördergeld für 2027?", "Gibt es 2027 wieder Fördergeld?", "Wie ist das Wetter in Zittau?"):
            log.record(q, abstained=True, top_score=0.1)
        log.record("Was ist eine Persona?", abstained=False, top_score=0.8)
        gaps = bundled_assistant.gaps()
        assert gaps[0].count == 2 and "2027" in gaps[0].question
        assert sum(g.count for g in gaps) == 3
