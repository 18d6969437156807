"""Routing by what a question asks, facets read from front matter, and follow-up resolution."""

from __future__ import annotations

import pytest

from core.types import Turn
from index.filters import Condition
from index.manifest import DocumentRecord
from assistant.conversation import is_followup, resolve
from assistant.facets import FacetCatalog
from assistant.router import route


def _doc(doc_id: str, type_: str, **metadata) -> DocumentRecord:
    return DocumentRecord(doc_id, doc_id.split("/")[-1].title(), type_, f"/x/{doc_id}.md", "folder", "v1", metadata,
                          [], "2026-12-03T09:00:00Z")


@pytest.fixture(scope="module")
def catalog() -> FacetCatalog:
    docs = [_doc(f"prototypen/p{i}", "prototype", region=region, organisation_type=org, solution_type=sol,
                 tools=["WordPress", f"Tool {i}"], budget_eur=2500)
            for i, (region, org, sol) in enumerate([("Lausitz", "Verein", "Website"), ("Lausitz", "Kommune", "Onlineshop"),
                                                    ("Meißen", "Unternehmen", "Onlineshop"),
                                                    ("Erzgebirge", "Verein", "Buchungssystem")])]
    docs += [_doc(f"methoden/m{i}", "method", phase=phase, duration_min=minutes, difficulty="leicht")
             for i, (phase, minutes) in enumerate([("Testen", 20), ("Testen", 90), ("Ideen generieren", 30),
                                                   ("Verstehen", 60)])]
    docs += [_doc(f"ki-tools/t{i}", "tool", pricing=p, data_protection=d, rating=r)
             for i, (p, d, r) in enumerate([("kostenlos", "gut", 4), ("Abonnement", "kritisch", 3),
                                            ("kostenlos", "gut", 5), ("Abonnement", "kritisch", 2)])]
    return FacetCatalog.build(docs)


class TestFacets:
    @pytest.mark.parametrize(("question", "doc_type", "conditions"), [
        ("Welche Prototypen gab es in der Lausitz?", "prototype", {Condition("region", "=", "Lausitz")}),
        ("welche projekte waren aus der gegend meißen", "prototype", {Condition("region", "=", "Meißen")}),
        ("welche vereine haben mitgemacht", "prototype", {Condition("organisation_type", "=", "Verein")}),
        ("wer hat alles nen onlineshop gebaut", "prototype", {Condition("solution_type", "=", "Onlineshop")}),
        ("Welche KI-Tools sind kostenlos?", "tool", {Condition("pricing", "=", "kostenlos")}),
        ("Welche Methoden für die Testphase unter 30 Minuten?", "method",
         {Condition("phase", "=", "Testen"), Condition("duration_min", "<", 30)}),
        ("welche methoden gehen in unter ner halben stunde", "method", {Condition("duration_min", "<", 30)}),
        ("Welche Projekte nutzen WordPress?", "prototype", {Condition("tools", "=", "WordPress")}),
        ("Gibt es Vereine aus dem Erzgebirge?", "prototype",
         {Condition("region", "=", "Erzgebirge"), Condition("organisation_type", "=", "Verein")}),
        ("welche ki tools sind datenschutzmäßig unbedenklich", "tool", {Condition("data_protection", "=", "gut")}),
        ("Welche Tools sind beim Datenschutz kritisch?", "tool", {Condition("data_protection", "=", "kritisch")}),
        ("welche methoden gibts fürs ideen finden", "method", {Condition("phase", "=", "Ideen generieren")}),
    ])
    def test_list_questions(self, catalog, question, doc_type, conditions):
        facets = catalog.parse(question)
        assert facets is not None and facets.doc_type == doc_type
        assert set(facets.conditions) == conditions
        assert route(question, catalog).name == "list"

    def test_superlative_orders_by_a_number_field(self, catalog):
        facets = catalog.parse("welches KI tool ist bei euch am besten bewertet?")
        assert facets is not None and facets.doc_type == "tool" and facets.order == ("rating", True)
        assert route("welches KI tool ist bei euch am besten bewertet?", catalog).name == "list"
        assert catalog.parse("Welche Methode geht am schnellsten?").order == ("duration_min", False)

    @pytest.mark.parametrize("question", [
        "Wie viele Testpersonen braucht ein Usability-Test?",
        "Welches KI-Tool eignet sich für Übersetzungen?",  # asks for one, not a list
        "Was hat der Verein in der Lausitz gemacht?",
        "Welche Probleme hatte die Bäckerei?",
    ])
    def test_not_list_questions(self, catalog, question):
        assert route(question, catalog).name != "list"

    def test_a_value_the_corpus_does_not_have_is_no_facet(self, catalog):
        facets = catalog.parse("Welche Prototypen gab es in Thüringen?")
        assert facets is None or not facets.conditions
        assert route("Welche Prototypen gab es in Thüringen?", catalog).name != "list" or facets.remainder == frozenset()

    @pytest.mark.parametrize("question", [
        "Welche Methode hilft, wenn in der Ideenrunde immer nur die gleichen reden?",
        "Gibt es eine Übung, mit der wir herausfinden, was unsere Kunden wirklich wollen?",
        "Welche Methoden passen, wenn keiner im Team weiß, wer eigentlich unsere Kunden sind?",
    ])
    def test_method_seeking(self, catalog, question):
        assert route(question, catalog).name == "methods"


class TestFollowUps:
    @pytest.mark.parametrize("question", ["Und wie lange dauert das?", "Gibt es dafür eine Vorlage?",
                                          "Was brauche ich dafür an Material?", "welche programme haben die benutzt?",
                                          "und ist das dsgvo konform?", "Und in der Lausitz?"])
    def test_follow_ups(self, question):
        assert is_followup(question)

    @pytest.mark.parametrize("question", ["Wie viele Mitglieder hat der Sportverein?",
                                          "Wie viele Testpersonen braucht ein Usability-Test?",
                                          "hat das mit der online buchung bei der pension geklappt?"])
    def test_standalone_questions(self, question):
        assert not is_followup(question)

    def test_topic_replaces_the_reference(self):
        history = [Turn("Was ist eine Stakeholder Map?", "…")]
        assert resolve("Gibt es dafür eine Vorlage?", history, "Stakeholder Map").text == \
            "Gibt es für „Stakeholder Map“ eine Vorlage?"
        resolved = resolve("Und wie lange dauert das?", history, "Stakeholder Map", ("methoden/stakeholder-map",))
        assert resolved.text == "Wie lange dauert das („Stakeholder Map“)?"
        assert resolved.followup and resolved.focus_docs == ("methoden/stakeholder-map",)
        assert "Stakeholder Map" in resolved.retrieval_text

    def test_without_history_nothing_changes(self):
        resolved = resolve("Und wie lange dauert das?", [])
        assert resolved.text == "Und wie lange dauert das?" and not resolved.followup
