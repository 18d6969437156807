"""The problem-first question sets: well-formed, as large as promised, and labelled against the
documents as the indexer reads them (every evidence snippet occurs in a passage of a relevant
document; every list holds exactly the documents its facet selects)."""

from __future__ import annotations

from collections import Counter
import pytest

from core.types import Document
from index.filters import Condition, Filters
from ingest.chunker import chunk_document
from assistant.evaluation.golden import GoldenQuestion, contains_evidence, load_golden
from tests.conftest import REPO
from tests.corpus.test_corpus import load_corpus, report

GOLDEN_DIR = REPO / "tests" / "golden"
USERS = {"tune": GOLDEN_DIR / "users-tune.jsonl", "test": GOLDEN_DIR / "users-test.jsonl"}
OUTSIDE = GOLDEN_DIR / "outside" / "outside.jsonl"
OUTSIDE_CORPUS = REPO / ".cache" / "outside-corpus"
KINDS = {"fact", "list", "followup", "unanswerable", "method"}


def passages(documents: dict[str, Document]) -> dict[str, list[str]]:
    return {doc_id: [c.text for c in chunk_document(doc, "v")] for doc_id, doc in documents.items()}


def label_problems(questions: list[GoldenQuestion], texts: dict[str, list[str]]) -> list[str]:
    problems = []
    for q in questions:
        missing = sorted(q.relevant - set(texts))
        if missing:
            problems.append(f"{q.id}: unbekannte Dokumente {missing}")
        if q.evidence and not any(contains_evidence(t, q.evidence) for d in q.relevant for t in texts.get(d, [])):
            problems.append(f"{q.id}: kein Beleg {list(q.evidence)} in einer Passage von {sorted(q.relevant)}")
        if q.kind == "unanswerable" and q.relevant:
            problems.append(f"{q.id}: unbeantwortbar, aber mit relevanten Dokumenten")
        if q.kind in ("fact", "followup") and not (q.relevant and q.evidence):
            problems.append(f"{q.id}: beantwortbar ohne relevant/evidence")
        if q.kind == "followup" and not q.history:
            problems.append(f"{q.id}: Rückfrage ohne history")
    return problems


@pytest.fixture(scope="module")
def corpus_texts() -> tuple[dict[str, Document], dict[str, list[str]]]:
    docs, problems = load_corpus(REPO / "corpus")
    assert not problems
    by_id = {d.doc_id: d for d in docs.values()}
    return by_id, passages(by_id)


@pytest.fixture(scope="module")
def users() -> dict[str, list[GoldenQuestion]]:
    return {split: load_golden(path) for split, path in USERS.items()}


class TestUserSets:
    def test_each_file_holds_one_split_and_known_kinds(self, users):
        for split, questions in users.items():
            assert {q.split for q in questions} == {split}
            assert {q.kind for q in questions} <= KINDS

    def test_ids_unique_across_all_sets(self, users):
        ids = [q.id for qs in users.values() for q in qs] + [q.id for q in load_golden(GOLDEN_DIR / "questions.jsonl")]
        assert not [i for i, n in Counter(ids).items() if n > 1]

    def test_as_many_questions_as_the_issue_asks(self, users):
        kinds = Counter(q.kind for qs in users.values() for q in qs)
        assert kinds["fact"] + kinds["list"] + kinds["followup"] + kinds["unanswerable"] >= 60
        assert kinds["list"] >= 12 and kinds["followup"] >= 15 and kinds["unanswerable"] >= 20
        assert kinds["method"] >= 40
        for questions in users.values():  # both splits can measure every kind
            assert {q.kind for q in questions} == KINDS

    def test_labels_hold_against_the_passages(self, users, corpus_texts):
        _, texts = corpus_texts
        problems = label_problems([q for qs in users.values() for q in qs], texts)
        assert not problems, report("falsch beschriftete Fragen", problems)

    def test_lists_hold_exactly_what_the_facet_selects(self, users, corpus_texts):
        documents, _ = corpus_texts
        problems = []
        for q in (q for qs in users.values() for q in qs if q.kind == "list"):
            conditions = [Condition.parse(f"{k}{v}" if str(v)[:1] in "<>!=" else f"{k}={v}") for k, v in q.facet.items()]
            selected = {d.doc_id for d in documents.values()
                        if Filters(tuple(conditions)).matches({**d.metadata, "type": d.type})}
            if selected and selected != q.relevant:
                problems.append(f"{q.id}: Facette {q.facet} wählt {sorted(selected ^ q.relevant)} anders")
        assert not problems, report("Listenfragen passen nicht zu ihrer Facette", problems)

    def test_method_challenges_name_method_cards(self, users, corpus_texts):
        documents, _ = corpus_texts
        wrong = [q.id for qs in users.values() for q in qs if q.kind == "method"
                 if not q.relevant or any(documents[d].type != "method" for d in q.relevant)]
        assert not wrong


class TestOutsideSet:
    def test_labels_hold_against_the_passages(self):
        if not OUTSIDE_CORPUS.is_dir():
            pytest.fail(f"Testdaten fehlen: {OUTSIDE_CORPUS} – bitte zuerst `make outside-corpus` ausführen")
        docs, problems = load_corpus(OUTSIDE_CORPUS)
        assert not problems
        questions = load_golden(OUTSIDE)
        assert Counter(q.kind for q in questions)["unanswerable"] >= 20
        assert {q.split for q in questions} == {"tune", "test"}
        problems = label_problems(questions, passages({d.doc_id: d for d in docs.values()}))
        assert not problems, report("falsch beschriftete Fragen", problems)


def test_evidence_matching_ignores_what_extraction_changes():
    assert contains_evidence("Die  **Stakeholder Map** macht sicht-\nbar, wer betroffen ist.",
                             ("stakeholder map macht sichtbar",))
    assert not contains_evidence("Die Persona ist erfunden.", ("stakeholder map",))
