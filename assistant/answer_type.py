"""Expected answer types: a question asking "wie viele", "wann", "wie lange", "was kostet" or for
contact details is only answered by a sentence that contains such a thing.

Extractive answering has no reader model that could notice that a passage on the right topic
lacks the asked-for fact ("Wie viele Gäste kamen?" next to a report that names no number). The
type check is that reader in small: no sentence of the right type, no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.keyword_index import tokenize

_NUMBER_WORDS = (r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|"
                 r"vierzig|fünfzig|hundert|tausend|dutzend|beiden|paar|halbe[nr]?|einzige")
_NUMBER = rf"(\d|\b({_NUMBER_WORDS})\b)"
_MONTHS = r"januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
_SPAN = rf"{_NUMBER}[^.!?]{{0,25}}(minute|stunde|tag|woche|monat|jahr|sekunde)"
_SEASONS = r"frühjahr|frühling|sommer|herbst|winter|wochenende|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"


@dataclass(frozen=True)
class AnswerType:
    name: str
    question: re.Pattern[str]
    sentence: re.Pattern[str]
    focus: bool = False
    # Whether passages without such a sentence cannot answer (a count needs a number); a
    # definition may also be given in other words, so its absence is no reason to abstain.
    required: bool = True

    def focus_stems(self, question: str) -> set[str]:
        """The noun a count question asks about ("wie viele Gäste" → gast)."""
        match = re.search(r"(?i:wie viele?)\s+(?:\w+\s+)?([A-ZÄÖÜ][\wäöüß-]+)", question)
        return set(tokenize(match.group(1), decompound=False)) if match else set()

    def satisfied_by(self, sentence: str, question: str, context: str = "") -> bool:
        """Whether `sentence` can answer; for counts, when the passages (`context`) use the asked-about
        noun, the number must count that noun; when they use other words, any number may. A
        definition names the asked-about term and says what it is."""
        if not self.sentence.search(sentence):
            return False
        if self.name == "definition":
            match = _DEFINITION.search(question)
            wanted = set(tokenize(match.group(1), decompound=True)) if match else set()
            return bool(wanted) and wanted <= set(tokenize(sentence, decompound=True))
        if self.focus:
            stems = self.focus_stems(question) & set(tokenize(context, decompound=True))
            return _counted(sentence, stems) if stems else bool(_numbers(sentence))
        return True


def _counted(sentence: str, focus: set[str]) -> bool:
    """A number stands right before the asked-about noun ("fünf Testpersonen", "rund 200 Gäste")
    or right after it ("Gäste: 120"); a year is no count."""
    words = re.findall(r"[\wäöüßÄÖÜ-]+", sentence)
    nouns = [i for i, w in enumerate(words) if focus & set(tokenize(w, decompound=True))]
    return any(0 < n - i <= 4 or 0 < i - n <= 2 for i in _numbers(sentence) for n in nouns)


def _numbers(sentence: str) -> list[int]:
    """Word positions of numbers (digits or number words), years excluded."""
    words = re.findall(r"[\wäöüßÄÖÜ-]+", sentence)
    return [i for i, w in enumerate(words)
            if re.fullmatch(rf"\d+([.,]\d+)?|{_NUMBER_WORDS}", w, re.I) and not re.fullmatch(r"(19|20)\d\d", w)]


_DEFINITION = re.compile(
    r"^\s*(?:und\s+)?(?:was\s+(?:ist|sind|heißt|bedeutet|meint\s+man\s+mit)|wofür\s+steht|"
    r"was\s+versteht\s+man\s+unter)\s+(?:(?:eigentlich|denn|genau|überhaupt)\s+)*(?:ein|eine|einen|der|die|das)?\s*"
    r"([\w-]+(?:\s+[\w-]+)?)\s*(?:\?|$|,|\bund\b|\büberhaupt\b|\beigentlich\b|\bgenau\b)", re.IGNORECASE)

TYPES = [
    AnswerType("contact", re.compile(r"telefonnummer|unter welcher (nummer|adresse)|e-?mail-?adresse|mailadresse|"
                                     r"kontaktdaten|anschrift|postadresse", re.I),
               re.compile(r"@|\+?\d[\d /-]{6,}\d|\b\w+(straße|str\.|weg|platz)\s+\d", re.I)),
    AnswerType("money", re.compile(r"was kostet|wie teuer|\bpreis|wie viel geld|wie hoch (war|ist) (das|die) (budget|kosten|förder)", re.I),
               re.compile(r"€|\beuro\b|\beur\b|kostenlos|kostenfrei|gratis|\bfrei\b|open source|abo", re.I)),
    AnswerType("duration", re.compile(r"wie lange|wie viel zeit|welche dauer|dauert", re.I),
               re.compile(rf"{_SPAN}|halbe[nr]? (stunde|tag)|vormittag|nachmittag|abend", re.I)),
    AnswerType("date", re.compile(r"\bwann\b|bis zu welchem|ab welchem|welche[nm]? (datum|termin|zeitpunkt|jahr|monat)|"
                                  r"zu welchen zeiten|öffnungszeit|geöffnet|frist", re.I),
               re.compile(rf"\b(19|20)\d\d\b|\b\d{{1,2}}\.\s?\d{{1,2}}\.|\b\d{{1,2}}(\.|:)\d\d\s?uhr|\buhr\b|\b({_MONTHS})\b|"
                          rf"\b({_SEASONS})\b|\b(vor|nach|innerhalb|binnen|spätestens)\b|{_SPAN}", re.I)),
    AnswerType("count", re.compile(r"wie viele?\b|welche anzahl|wie groß (war|ist) die zahl", re.I),
               re.compile(_NUMBER, re.I), focus=True),
    AnswerType("definition", _DEFINITION,
               re.compile(r"\b(ist|sind|bezeichnet|bedeutet|heißt|meint|steht für|versteht man)\b", re.I),
               required=False),
]


def expected_type(question: str) -> AnswerType | None:
    return next((t for t in TYPES if t.question.search(question)), None)
