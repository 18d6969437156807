"""German sentence splitting: abbreviations, list lines, verbatim sentences."""

from __future__ import annotations

import pytest

from ingest.sentences import split_sentences


class TestSentences:
    @pytest.mark.parametrize(("text", "expected"), [
        ("Wir nutzen z. B. Karteikarten. Das hilft.", ["Wir nutzen z. B. Karteikarten.", "Das hilft."]),
        ("Das Team testet, d. h. Nutzer probieren es aus. Dann folgt die Auswertung.",
         ["Das Team testet, d. h. Nutzer probieren es aus.", "Dann folgt die Auswertung."]),
        ("Es dauert ca. 20 Minuten. Danach ist Pause.", ["Es dauert ca. 20 Minuten.", "Danach ist Pause."]),
        ("Siehe Nr. 5 der Liste. Ende.", ["Siehe Nr. 5 der Liste.", "Ende."]),
        ("Der Heimatverein Muster e. V. Aue hat 20 Mitglieder. Er ist aktiv.",
         ["Der Heimatverein Muster e. V. Aue hat 20 Mitglieder.", "Er ist aktiv."]),
        ("Dr. Müller kommt, bzw. Prof. Schmidt. Gut.", ["Dr. Müller kommt, bzw. Prof. Schmidt.", "Gut."]),
        ("Am 5. Mai beginnt es. Wirklich!", ["Am 5. Mai beginnt es.", "Wirklich!"]),
    ])
    def test_abbreviations_do_not_split(self, text, expected):
        assert split_sentences(text) == expected

    def test_sentence_ends(self):
        assert split_sentences("Wer? Wir! Jetzt. 2024 war gut… Oder nicht.") == \
            ["Wer?", "Wir!", "Jetzt.", "2024 war gut…", "Oder nicht."]

    def test_quotes_stay_with_their_sentence(self):
        assert split_sentences("Sie sagte: „Das passt.“ Dann ging sie. (Siehe oben.) Weiter.") == \
            ["Sie sagte: „Das passt.“", "Dann ging sie.", "(Siehe oben.)", "Weiter."]

    def test_no_split_before_lowercase(self):
        assert split_sentences("Die Version 2.0 ist da. und so weiter.") == ["Die Version 2.0 ist da. und so weiter."]

    def test_list_lines_are_separate(self):
        text = "Materialien:\n- Post-its\n- Stifte und Papier\n1. Erst das\n2. Dann das\nText danach. Noch einer."
        assert split_sentences(text) == ["Materialien:", "- Post-its", "- Stifte und Papier", "1. Erst das",
                                         "2. Dann das", "Text danach.", "Noch einer."]

    def test_empty(self):
        assert split_sentences("") == []
        assert split_sentences(" \n\n  ") == []

    def test_sentences_are_verbatim_substrings(self):
        text = ("Design Thinking (DT) ist ein Ansatz, z. B. für Vereine.  Er hat ca. 6 Phasen!\n"
                "- Verstehen: Nutzer „wirklich“ kennen.\n\n"
                "Laut Abb. 3 dauert es d. h. ca. 2 Std. Fragen? Ja: »Immer.« Ende…")
        sentences = split_sentences(text)
        assert len(sentences) >= 5
        for sentence in sentences:
            assert sentence and sentence == sentence.strip()
            assert sentence in text, sentence
        # nothing is lost: the sentences cover every non-space character
        assert "".join(sentences).replace(" ", "") == text.replace(" ", "").replace("\n", "")
