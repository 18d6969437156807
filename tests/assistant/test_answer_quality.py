"""The answer-text defects `cimis eval` counts, on hand-made cases."""

from __future__ import annotations

import pytest

from assistant.answer_quality import answer_defects, is_fragment, is_pointer, is_repeat


class TestFragments:
    @pytest.mark.parametrize("text", [
        "Prototyp auf dem Zielgerät, ausgedruckte Testaufgaben, Beobachtungsprotokoll",
        "Arbeitsblatt zur Methode Stakeholder Map · Phase Verstehen · 60 Minuten",
        "- Haftnotizen in drei Farben",
        "und danach wird das Ergebnis an die Wand gehängt.",  # cut out of a sentence
        ", sodass acht Felder entstehen.",
        "Material",
    ])
    def test_fragments(self, text):
        assert is_fragment(text)

    @pytest.mark.parametrize("text", [
        "Erfahrungsgemäß finden schon fünf Testpersonen den größten Teil der gravierenden Probleme.",
        "Der Shop steht auf „im Test“.",
        "1. Das Team schreibt zwei bis drei realistische Aufgaben mit konkretem Anlass.",
        "„Ich dachte, Varianten sind Farben.“",
    ])
    def test_sentences(self, text):
        assert not is_fragment(text)


class TestPointers:
    @pytest.mark.parametrize("text", [
        "Den Ablauf beschreibt das Dokument Leitfaden Testen ausführlich.",
        "Details dazu finden Sie im Leitfaden Standpunkt definieren.",
        "Siehe Abschnitt 3.",
        "Wie oben beschrieben, beginnt die Phase mit einer Frage.",
        "Mehr dazu steht im Methodenheft.",
        "Die Auswertung wird im nächsten Abschnitt genauer erklärt.",
    ])
    def test_pointers(self, text):
        assert is_pointer(text)

    @pytest.mark.parametrize("text", [
        "Für vertrauliche Inhalte, etwa Mitgliederlisten, ist das Werkzeug ungeeignet (siehe Datenschutz).",
        "Die Moderatorin erklärt nichts und hilft nur, wenn die Person völlig feststeckt.",
        "Die Stakeholder Map macht sichtbar, wer von Ihrem Vorhaben betroffen ist.",
    ])
    def test_statements(self, text):
        assert not is_pointer(text)


class TestRepeats:
    def test_same_fact_twice(self):
        assert is_repeat("Für einen ersten Test genügen fünf Testpersonen.",
                         "Schon fünf Testpersonen genügen für einen ersten Test.")

    def test_different_facts(self):
        assert not is_repeat("Für einen ersten Test genügen fünf Testpersonen.",
                             "Jede Sitzung dauert etwa 15 Minuten und wird protokolliert.")


class TestAnswerDefects:
    def test_clean_answer(self):
        d = answer_defects(["Erfahrungsgemäß finden schon fünf Testpersonen den größten Teil der Probleme.",
                            "Eine Sitzung dauert 15 Minuten."])
        assert not d.any and d.to_dict() == {"fragments": 0, "pointers": 0, "repeats": 0}

    def test_each_defect_is_counted(self):
        d = answer_defects(["Haftnotizen, Stifte, Klebepunkte",
                            "Den Ablauf beschreibt das Dokument Leitfaden Testen ausführlich.",
                            "Für einen ersten Test genügen fünf Testpersonen.",
                            "Schon fünf Testpersonen genügen für einen ersten Test."])
        assert (d.fragments, d.pointers, d.repeats) == (1, 1, 1) and d.any
