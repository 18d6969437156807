"""Extractive answers: markers match citations, quotes are verbatim, weak evidence abstains."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.answer import AnswerConfig, by_sentences, compose
from assistant.calibration import Calibration, LinearModel
from assistant.evidence import Candidate, Evidence
from assistant.service import Assistant, InputError
from core.settings import Settings
from core.types import Chunk, Hit, SentenceVectors

GUIDE = """---
title: Leitfaden Testen
type: guide
phase: Testen
---
# Leitfaden Testen

## Wie viele Testpersonen
Für einen ersten Usability-Test genügen fünf Testpersonen. Schon nach dem dritten Gespräch wiederholen sich die meisten Probleme.

## Dauer
Ein einzelner Test dauert etwa 30 Minuten. Planen Sie danach zehn Minuten für Notizen ein.
"""


def _markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


@pytest.fixture
def assistant(settings, make_kb):
    folder = settings.corpus_dir / "leitfaeden"
    folder.mkdir(parents=True)
    (folder / "testen.md").write_text(GUIDE, encoding="utf-8")
    kb = make_kb(settings)
    kb.indexer.ingest([settings.corpus_dir])
    return Assistant(settings, kb)


class TestAnswers:
    def test_answer_cites_the_passage_verbatim(self, assistant):
        answer = assistant.ask("How many test persons are enough for a usability test?")  # small English model
        assert not answer.abstained
        assert _markers(answer.answer) == {c.n for c in answer.citations}
        for citation in answer.citations:
            passages = [c.text for c in assistant.kb.manifest.chunks_of(citation.doc_id)]
            assert any(citation.quote in p for p in passages), citation.quote
            assert citation.section in {"Wie viele Testpersonen", "Dauer"}

    def test_every_quote_is_in_the_search_text(self, assistant):
        answer = assistant.ask("Wie lange dauert ein Test?")
        results = {(h.chunk.doc_id, h.chunk.section): h.chunk.text for h in assistant.search("Wie lange dauert ein Test?", k=10)}
        for c in answer.citations:
            assert c.quote in results[(c.doc_id, c.section)]

    def test_weak_evidence_abstains_without_markers(self, settings, make_kb):
        s = settings.model_copy(update={"abstain_threshold": 0.99})
        folder = s.corpus_dir
        folder.mkdir(parents=True)
        (folder / "notiz.txt").write_text("Die Kaffeemaschine steht im zweiten Stock.\n", encoding="utf-8")
        kb = make_kb(s)
        kb.indexer.ingest([folder])
        answer = Assistant(s, kb).ask("Welche Förderprogramme gibt es 2027?")
        assert answer.abstained
        assert not _markers(answer.answer)
        assert "keine verlässliche Antwort" in answer.answer

    def test_questions_are_logged(self, assistant):
        answer = assistant.ask("Wie viele Testpersonen braucht man?")
        entry = assistant.questions.entries(1)[0]
        assert entry.id == answer.question_id and entry.question == "Wie viele Testpersonen braucht man?"
        assert assistant.questions.feedback(answer.question_id, helpful=False)
        assert assistant.questions.entries(1)[0].feedback == -1

    def test_empty_question_is_rejected(self, assistant):
        with pytest.raises(InputError, match="question"):
            assistant.ask("   ")


@pytest.mark.slow
class TestGermanDefaultModel:
    def test_german_question_answered_from_german_document(self, tmp_path, gemma_embedder, make_kb):
        s = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", embed_model=None)
        folder = s.corpus_dir / "leitfaeden"
        folder.mkdir(parents=True)
        (folder / "testen.md").write_text(GUIDE, encoding="utf-8")
        (s.corpus_dir / "budget.md").write_text(
            "# Budget\n\n## Höhe\nJedes Match erhielt ein Budget von 2.500 Euro für Honorare und Sachkosten.\n",
            encoding="utf-8")
        kb = make_kb(s, embedder=gemma_embedder)
        assert kb.model_id == "embeddinggemma-300m"
        kb.indexer.ingest([s.corpus_dir])
        answer = Assistant(s, kb).ask("Mit wie vielen Leuten sollte man einen ersten Nutzertest machen?")
        assert not answer.abstained
        assert "fünf Testpersonen" in answer.answer
        first = answer.citations[0]
        assert (first.doc_id, first.section) == ("leitfaeden/testen", "Wie viele Testpersonen")
        assert "fünf Testpersonen" in first.quote


class TestSentenceOrder:
    """The passage whose best sentence answers moves up; one without sentences keeps its rank."""

    @staticmethod
    def _hit(chunk_id: str) -> Hit:
        return Hit(Chunk(chunk_id, chunk_id, chunk_id, "method", f"{chunk_id}.md", None, None, 0, "x", "h"), 1.0, "hybrid")

    def test_best_sentence_lifts_a_passage(self):
        question = np.array([1.0, 0.0])
        hits = [self._hit("general"), self._hit("heading-only"), self._hit("answer")]
        sentences = {
            "general": SentenceVectors([(0, 1)], np.array([[0.0, 1.0]])),
            "answer": SentenceVectors([(0, 1), (1, 2)], np.array([[0.0, 1.0], [1.0, 0.0]])),
        }
        order = [h.chunk.chunk_id for h in by_sentences(hits, sentences, question, weight=2.0)]
        assert order[0] == "answer"
        assert order.index("general") < order.index("heading-only")  # no sentences: hybrid rank only
        assert [h.chunk.chunk_id for h in by_sentences(hits, sentences, question, weight=0.0)] == \
            ["general", "heading-only", "answer"]


class TestOverlappingPassages:
    """Neighbouring chunks share a sentence; the second span must not quote it again."""

    SHARED = "Die Interviews mit sechs Landwirten ergaben als Kernjob eine schnelle Auskunft über Ersatzteile."
    BEFORE = "Die Werkstatt in Riesa plante mit einem Entwickler aus Dresden einen Onlineshop für Ersatzteile."
    AFTER = "Der Prototyp zeigte den Lagerbestand jedes Teils direkt auf dem Smartphone an."

    def _evidence(self):
        first = f"{self.SHARED} {self.AFTER}"
        second = f"{self.BEFORE} {self.SHARED}"
        hits = [Hit(Chunk(f"c{i}", "prototypen/werkstatt", "Werkstatt", "prototype", "w.md", None, None, i, text, "h"),
                    1.0, "hybrid") for i, text in enumerate((first, second))]
        scores = {(0, 0): 3.0, (0, 1): 1.0, (1, 0): 2.8, (1, 1): 3.0}
        candidates = []
        for (h, position), score in scores.items():
            text = hits[h].chunk.text
            sentence = (self.SHARED, self.AFTER)[position] if h == 0 else (self.BEFORE, self.SHARED)[position]
            start = text.index(sentence)
            candidates.append(Candidate(h, position, start, start + len(sentence), sentence,
                                        {"question": 0.0, "pointer": 0.0, "short": 0.0, "sem": 0.5, "lex": 0.5, "score": score}))
        return Evidence(hits, candidates, {})

    def test_second_span_never_repeats_the_first(self):
        calibration = Calibration(LinearModel(("score",), (1.0,)), LinearModel((), ()), threshold=0.0)
        answer = compose("Was ergaben die Interviews?", self._evidence(), calibration, AnswerConfig(), 0.5)
        assert answer.answer.count("Kernjob") == 1
        assert [c.quote for c in answer.citations] == [self.SHARED, self.BEFORE]


class TestAnswerType:
    """A question for a price is answered by a sentence with a price, or not at all."""

    DESCRIPTION = "Das Werkzeug schreibt Beiträge für soziale Netzwerke und plant sie für die ganze Woche."
    PRICE = "Die Bezahlversion kostet 12 Euro im Monat."

    def _answer(self, sentences: list[tuple[str, float, float]]):
        text = " ".join(s for s, _, _ in sentences)
        hit = Hit(Chunk("c0", "ki-tools/planer", "Planer", "tool", "p.md", "Kosten", None, 0, text, "h"), 1.0, "hybrid")
        candidates = [Candidate(0, i, text.index(s), text.index(s) + len(s), s,
                                {"question": 0.0, "pointer": 0.0, "short": 0.0, "sem": 0.5, "lex": 0.5, "score": score, "type": kind})
                      for i, (s, score, kind) in enumerate(sentences)]
        calibration = Calibration(LinearModel(("score",), (1.0,)), LinearModel((), ()), threshold=0.0)
        evidence = Evidence([hit], candidates, {"type_required": 1.0})
        return compose("Was kostet der Planer?", evidence, calibration, AnswerConfig(), 0.5)

    def test_the_price_sentence_answers_although_another_scores_higher(self):
        answer = self._answer([(self.DESCRIPTION, 3.0, -1.0), (self.PRICE, 1.0, 1.0)])
        assert not answer.abstained and answer.citations[0].quote == self.PRICE

    def test_no_price_sentence_abstains_for_the_type(self):
        answer = self._answer([(self.DESCRIPTION, 3.0, -1.0)])
        assert answer.abstained and answer.abstain_reason == "type"
