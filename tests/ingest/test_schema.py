"""Front-matter schema per document type: every problem names its field."""

from __future__ import annotations

import pytest

from ingest.schema import PHASES, SCHEMAS, validate_metadata

VALID = {
    "method": {"phase": "Verstehen", "duration_min": 45, "group_size": "3-6", "difficulty": "leicht",
               "materials": ["Post-its"], "goal": "Nutzer verstehen", "tags": ["Empathie"]},
    "prototype": {"region": "Lausitz", "sector": "Handwerk", "organisation_type": "Verein",
                  "solution_type": "Website", "tools": ["WordPress"], "budget_eur": 1200, "status": "im Test"},
    "tool": {"category": "Whiteboard", "pricing": "Freemium", "data_protection": "mittel",
             "languages": ["de", "en"], "rating": 4},
    "guide": {"phase": "Testen"},
    "interview": {"region": "Erzgebirge", "role": "Geschäftsführerin"},
}


class TestSchema:
    @pytest.mark.parametrize("doc_type", sorted(VALID))
    def test_valid_metadata_has_no_problems(self, doc_type):
        assert validate_metadata(doc_type, VALID[doc_type]) == []
        assert validate_metadata(doc_type, {**VALID[doc_type], "extra": "erlaubt"}) == []

    def test_unknown_type_has_no_schema(self):
        assert validate_metadata("document", {}) == []
        assert validate_metadata("news", {"beliebig": 1}) == []

    @pytest.mark.parametrize("doc_type", sorted(SCHEMAS))
    def test_every_missing_field_named(self, doc_type):
        problems = validate_metadata(doc_type, {})
        assert problems == [f"Feld '{f.name}' fehlt" for f in SCHEMAS[doc_type]]

    @pytest.mark.parametrize("empty", [None, "", []])
    def test_empty_values_count_as_missing(self, empty):
        problems = validate_metadata("method", {**VALID["method"], "goal": empty})
        assert problems == ["Feld 'goal' fehlt"]

    @pytest.mark.parametrize(("doc_type", "field", "value", "expected"), [
        ("method", "phase", "Brainstorming", "ist keiner von Verstehen, Beobachten,"),
        ("method", "goal", 7, "ist kein Text"),
        ("method", "duration_min", "45", "ist keine ganze Zahl"),
        ("method", "duration_min", True, "ist keine ganze Zahl"),
        ("method", "group_size", "3 bis 6", "hat nicht die Form"),
        ("method", "difficulty", "schwer", "keiner von"),
        ("method", "materials", "Post-its", "ist keine Liste"),
        ("prototype", "region", "Dresden", "keiner von"),
        ("prototype", "budget_eur", 99.5, "ist keine ganze Zahl"),
        ("prototype", "status", "fertig", "keiner von"),
        ("prototype", "tools", "WordPress", "ist keine Liste"),
        ("tool", "pricing", "teuer", "keiner von"),
        ("tool", "data_protection", "schlecht", "keiner von"),
        ("tool", "languages", "de", "ist keine Liste"),
        ("tool", "rating", "gut", "ist keine ganze Zahl"),
        ("guide", "phase", "verstehen", "keiner von"),  # phases are matched exactly
    ])
    def test_wrong_value_names_the_field(self, doc_type, field, value, expected):
        problems = validate_metadata(doc_type, {**VALID[doc_type], field: value})
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"Feld '{field}': {value!r}")
        assert expected in problems[0]

    @pytest.mark.parametrize("rating", [0, 6, -1])
    def test_tool_rating_range(self, rating):
        assert validate_metadata("tool", {**VALID["tool"], "rating": rating}) == \
            [f"Feld 'rating': {rating} liegt nicht zwischen 1 und 5"]

    @pytest.mark.parametrize("rating", [1, 5])
    def test_tool_rating_bounds_ok(self, rating):
        assert validate_metadata("tool", {**VALID["tool"], "rating": rating}) == []

    def test_several_problems_reported_together(self):
        problems = validate_metadata("method", {"phase": "Prototyping", "duration_min": "lang"})
        fields = [p.split("'")[1] for p in problems]
        assert fields == ["duration_min", "group_size", "difficulty", "materials", "goal", "tags"]

    def test_phases_are_the_six_design_thinking_phases(self):
        assert PHASES == ["Verstehen", "Beobachten", "Standpunkt definieren", "Ideen generieren",
                          "Prototyping", "Testen"]
