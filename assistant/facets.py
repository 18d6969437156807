"""List questions: "Welche Prototypen gab es in der Lausitz?", "Welche Methoden für die Testphase
unter 30 Minuten?", "Welches KI-Tool ist am besten bewertet?" are answered from front matter,
not from passages.

The catalogue of facets is read from the index (every categorical front-matter value that
documents actually carry), so it follows the corpus. The fixed vocabulary is German everyday
language only: words for the document types, for some fields and values, for numbers with units,
for good and bad, and for "the most/least".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.filters import Condition, Filters
from index.keyword_index import tokenize
from index.manifest import DocumentRecord

# Plural and singular nouns users say for a document type.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "prototype": ("prototyp", "prototypen", "projekt", "projekte", "match", "matches", "beispiele", "lösungen"),
    "method": ("methode", "methoden", "übung", "übungen", "methodenkarte", "methodenkarten", "workshopformate"),
    "tool": ("tool", "tools", "ki-tool", "ki-tools", "werkzeug", "werkzeuge", "software", "programme", "apps",
             "anwendungen", "dienste"),
    "interview": ("interview", "interviews", "erfahrungsbericht", "erfahrungsberichte", "gespräche"),
    "guide": ("leitfaden", "leitfäden", "anleitung", "anleitungen"),
    "worksheet": ("arbeitsblatt", "arbeitsblätter", "arbeitsblättern"),
    "template": ("vorlage", "vorlagen", "checkliste", "checklisten"),
    "news": ("nachricht", "nachrichten", "neuigkeiten", "rückblick", "rückblicke", "veranstaltungsberichte"),
}

# Everyday words for categorical values; a value counts only where the index has it.
VALUE_WORDS: dict[str, tuple[str, ...]] = {
    "Verein": ("verein", "vereine", "vereinen", "club", "clubs"),
    "Kommune": ("gemeinde", "gemeinden", "kommune", "kommunen", "verwaltung", "verwaltungen", "ämter", "amt",
                "stadt", "städte", "rathaus"),
    "Unternehmen": ("unternehmen", "firma", "firmen", "betrieb", "betriebe", "betrieben", "läden", "laden",
                    "geschäfte", "handwerksbetriebe"),
    "leicht": ("leicht", "leichte", "einfach", "einfache", "simpel", "anfänger"),
}

# Words users say for a field, and their German label in answers.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "data_protection": ("datenschutz", "dsgvo", "datenschutzmäßig", "datenschutzrechtlich"),
    "pricing": ("kosten", "preis", "preismodell", "bezahlen", "gebühren"),
    "rating": ("bewertung", "bewertet", "bewerteten", "sterne", "punkte", "note"),
    "difficulty": ("schwierigkeit", "schwierig", "anspruch"),
    "duration_min": ("dauer", "lange", "zeit", "schnell", "schnellste", "kürzeste", "längste"),
    "budget_eur": ("budget", "geld", "günstigste", "teuerste"),
}
FIELD_LABELS = {"region": "Region", "organisation_type": "Organisationsform", "solution_type": "Lösungsart",
                "sector": "Branche", "status": "Status", "phase": "Phase", "difficulty": "Schwierigkeit",
                "duration_min": "Dauer in Minuten", "group_size": "Gruppengröße", "pricing": "Preismodell",
                "data_protection": "Datenschutz", "category": "Kategorie", "rating": "Bewertung",
                "languages": "Sprachen", "tools": "Werkzeuge", "role": "Rolle", "budget_eur": "Budget in Euro",
                "materials": "Material"}

_GOOD = ("gut", "gute", "guten", "unbedenklich", "unbedenkliche", "sicher", "sichere", "datenschutzfreundlich",
         "konform", "unkritisch", "empfehlenswert", "sauber", "ok", "okay", "leicht", "einfach")
_BAD = ("kritisch", "kritische", "bedenklich", "bedenkliche", "problematisch", "unsicher", "schlecht", "heikel",
        "schwer", "schwierig", "anspruchsvoll")

# "am besten bewertet", "die kürzeste", "am günstigsten": one field, ordered.
_SUPERLATIVES = [
    (re.compile(r"am\s+besten\s+bewertet|beste[n]?\s+bewertung|höchste[n]?\s+bewertung|bestbewertet|"
                r"(?:die|das|der)\s+beste[n]?\b", re.I), "rating", True),
    (re.compile(r"am\s+(?:schnellsten|kürzesten)|schnellste[n]?\b|kürzeste[n]?\b|wenigste[n]?\s+zeit", re.I),
     "duration_min", False),
    (re.compile(r"am\s+längsten|längste[n]?\b|meiste[n]?\s+zeit", re.I), "duration_min", True),
    (re.compile(r"am\s+(?:günstigsten|billigsten)|günstigste[n]?\b|billigste[n]?\b", re.I), "budget_eur", False),
]

_LIST_CUE = re.compile(
    r"^\s*(?:und\s+)?(?:welche\b|wer\s+(?:hat|haben|hatte|hatten|war|waren|ist|sind)\b"
    r"|was\s+(?:gibt(?:'|’)?s|gibt\s+es|gab\s+es)\s+(?:(?:denn|eigentlich|so|alles|noch)\s+)*(?:an|für)\b"
    r"|(?:gibt(?:'|’)?s|gibt\s+es|gab\s+es)\s+(?:(?:noch|auch|denn|eigentlich|so)\s+)*(?:andere\s+|weitere\s+|mehr\s+)?"
    r"(?=\S+\s+(?:in|im|aus|mit|für|ohne|unter|über)\b)"
    r"|zeig\w*\s+(?:mir\s+)?(?:alle|eine\s+liste)|liste\w*\s+(?:mir\s+)?(?:alle|auf)|nenn\w*\s+(?:mir\s+)?(?:alle)"
    r"|alle\s+\w+\s+(?:in|im|aus|mit|für|unter|über)\b)"
    r"|\b(?:alle|sämtliche|übersicht\s+(?:über|der|aller))\b",
    re.IGNORECASE,
)
_SINGLE_CUE = re.compile(r"\b(?:welche[rsnm]?|was\s+ist|wer\s+ist|welches)\b", re.IGNORECASE)

_NUMBER_WORDS = {"eine": 1, "einer": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
                 "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40,
                 "fünfzig": 50, "sechzig": 60, "neunzig": 90, "hundert": 100}
_COMPARATORS = [
    (r"unter|weniger\s+als|kürzer\s+als|billiger\s+als|günstiger\s+als|<", "<"),
    (r"höchstens|maximal|max\.?|bis\s+(?:zu|maximal)?|nicht\s+mehr\s+als|innerhalb\s+von|<=", "<="),
    (r"über|mehr\s+als|länger\s+als|teurer\s+als|>", ">"),
    (r"mindestens|ab|wenigstens|>=", ">="),
]
# A number with a unit, and the front-matter field it constrains (by the field's name).
_UNITS = [
    (r"(?:minuten|min\.?)\b", 1, re.compile(r"dauer|duration|minut|min$|_min")),
    (r"(?:stunden?|std\.?)\b", 60, re.compile(r"dauer|duration|minut|min$|_min")),
    (r"(?:euro|eur|€)", 1, re.compile(r"budget|eur|preis|price|kosten")),
    (r"(?:sterne|punkte|punkten)\b", 1, re.compile(r"rating|bewertung|sterne")),
]
_HALF_HOUR = re.compile(r"(?:ne[rn]?|eine[rn]?)?\s*halbe[nr]?\s+stunde", re.IGNORECASE)


@dataclass(frozen=True)
class FacetQuery:
    """What a list question asks for: a document type, front-matter conditions, and for "the best"
    or "the shortest" the field to order by (descending or not)."""

    doc_type: str | None
    conditions: tuple[Condition, ...]
    remainder: frozenset[str] = frozenset()  # content stems of the question that no facet explains
    order: tuple[str, bool] | None = None

    @property
    def filters(self) -> Filters:
        typed = (Condition("type", "=", self.doc_type),) if self.doc_type else ()
        return Filters(typed + self.conditions)

    @property
    def asks_list(self) -> bool:
        """Whether this is a list to answer from front matter (not a problem to solve)."""
        return bool(self.conditions or self.order) or not self.remainder


@dataclass
class FacetCatalog:
    """Categorical front-matter values per field, and which document types carry each field."""

    values: dict[str, set[str]] = field(default_factory=dict)  # field → its values that recur
    categorical: set[str] = field(default_factory=set)  # fields with few values, matched loosely
    numeric: dict[str, set[str]] = field(default_factory=dict)  # numeric field → types having it
    types: set[str] = field(default_factory=set)
    field_types: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: list[DocumentRecord], max_values: int = 40, max_listed: int = 200) -> "FacetCatalog":
        catalog = cls()
        seen: dict[str, dict[str, int]] = {}
        for d in documents:
            catalog.types.add(d.type)
            for key, value in d.metadata.items():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, bool):
                        continue
                    if isinstance(v, (int, float)):
                        catalog.numeric.setdefault(key, set()).add(d.type)
                    elif isinstance(v, str) and 0 < len(v) <= 40 and "/" not in v:
                        seen.setdefault(key, {})
                        seen[key][v] = seen[key].get(v, 0) + 1
                        catalog.field_types.setdefault(key, set()).add(d.type)
        for key, counts in seen.items():
            # A facet is a field whose values recur; free text (goals, titles) and ids do not. Of a
            # field with many values (tools used, tags) only values that several documents share count.
            if len(counts) <= max_values and sum(counts.values()) > len(counts):
                catalog.values[key] = set(counts)
                catalog.categorical.add(key)
            elif len(counts) <= max_listed:
                recurring = {v for v, n in counts.items() if n > 1}
                if recurring:
                    catalog.values[key] = recurring
        return catalog

    def parse(self, question: str) -> FacetQuery | None:
        """The facet query of a list question; None when the question does not ask for a list."""
        order = self._order(question)
        if not _LIST_CUE.search(question) and not (order and _SINGLE_CUE.search(question)):
            return None
        words = _words(question)
        doc_type = self._type(words)
        conditions, number_text = self._conditions(question, doc_type)
        if doc_type is None and not conditions:
            return None
        if doc_type is None:
            owners = set.intersection(*(self._owners(c.key) for c in conditions))
            doc_type = next(iter(owners)) if len(owners) == 1 else None
        if order and doc_type not in self.numeric.get(order[0], set()):
            order = None
        explained = set(tokenize(" ".join(
            [*TYPE_WORDS.get(doc_type or "", ()), *(str(c.value) for c in conditions),
             *(w for c in conditions for w in (*VALUE_WORDS.get(str(c.value), ()), *FIELD_WORDS.get(c.key, ()))),
             *(FIELD_WORDS.get(order[0], ()) if order else ()), *number_text, *_GOOD, *_BAD]), decompound=True))
        remainder = frozenset(
            stem for word in words for stem in tokenize(word)[:1]
            if stem not in _FILLER and not set(tokenize(word, decompound=True)) & explained)
        return FacetQuery(doc_type, tuple(conditions), remainder, order)

    def conditions_in(self, question: str, doc_type: str | None) -> list[Condition]:
        """The facet values and number limits a text names („und in der Lausitz?“)."""
        return self._conditions(question, doc_type)[0]

    def _conditions(self, question: str, doc_type: str | None) -> tuple[list[Condition], list[str]]:
        stems = set(tokenize(question, decompound=True))
        words = _words(question)
        conditions = list(self._values(stems, words, doc_type))
        named = {c.key for c in conditions}
        conditions += [c for c in self._polar(stems, words, doc_type) if c.key not in named]
        numbers, number_text = self._numbers(question, doc_type)
        return conditions + numbers, number_text

    def _owners(self, key: str) -> set[str]:
        return self.field_types.get(key, set()) | self.numeric.get(key, set())

    def _type(self, words: set[str]) -> str | None:
        for doc_type, nouns in TYPE_WORDS.items():
            if doc_type in self.types and any(n in words for n in nouns):
                return doc_type
        return None

    def _order(self, question: str) -> tuple[str, bool] | None:
        for pattern, key, descending in _SUPERLATIVES:
            if key in self.numeric and pattern.search(question):
                return key, descending
        return None

    def _values(self, stems: set[str], words: set[str], doc_type: str | None):
        for key, values in self.values.items():
            if doc_type and doc_type not in self.field_types.get(key, set()):
                continue
            best, best_share = None, 0.0
            for value in values:
                value_stems = set(tokenize(value, decompound=True))
                if any(s in words for s in VALUE_WORDS.get(value, ())):
                    share = 1.0
                elif value_stems:
                    # Every word of a short value, or the distinctive first word of a longer one.
                    share = len(value_stems & stems) / len(value_stems)
                    head = tokenize(value)[:1]
                    if share < 1.0 and key in self.categorical and head and head[0] in stems and len(head[0]) >= 3:
                        share = max(share, 0.75)
                else:
                    share = 0.0
                if share > best_share:
                    best, best_share = value, share
            if best is not None and best_share >= (0.75 if key in self.categorical else 1.0):
                yield Condition(key, "=", best)

    def _polar(self, stems: set[str], words: set[str], doc_type: str | None):
        """„datenschutzmäßig unbedenklich“: a field named by its everyday word, and a good or bad
        word that picks the field's good or bad value („gut“, „kritisch“)."""
        polarity = ("good" if words & set(_GOOD) else None) or ("bad" if words & set(_BAD) else None)
        if polarity is None:
            return
        for key, field_words in FIELD_WORDS.items():
            if key not in self.categorical or (doc_type and doc_type not in self.field_types.get(key, set())):
                continue
            if not set(tokenize(" ".join(field_words), decompound=True)) & stems:
                continue
            lexicon = set(_GOOD if polarity == "good" else _BAD)
            value = next((v for v in sorted(self.values[key]) if v.casefold() in lexicon), None)
            if value is not None:
                yield Condition(key, "=", value)

    def _numbers(self, question: str, doc_type: str | None) -> tuple[list[Condition], list[str]]:
        """Number conditions, and the words of the question they explain."""
        text = question.casefold()
        half = _HALF_HOUR.search(text)
        explained = [half.group(0)] if half else []
        text = _HALF_HOUR.sub("30 minuten", text)
        out = []
        number = r"(\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
        for unit, factor, field_name in _UNITS:
            for comparator, op in _COMPARATORS:
                match = re.search(rf"(?:{comparator})\s+(?:ca\.?\s+|etwa\s+)?{number}\s*{unit}", text)
                if not match:
                    continue
                raw = match.group(1)
                value = _NUMBER_WORDS.get(raw) or float(raw.replace(",", "."))
                keys = [k for k, types in self.numeric.items() if field_name.search(k)
                        and (doc_type is None or doc_type in types)]
                if keys:
                    amount = value * factor
                    out.append(Condition(keys[0], op, int(amount) if float(amount).is_integer() else amount))
                    explained.append(match.group(0))
                    break
        return out, explained


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\wäöüß-]+", text, re.IGNORECASE)}


_FILLER = set(tokenize(
    "welche welcher welches wer was gibt gab gibts alles alle denn eigentlich so mal nen ner ne fürs zum zur beim "
    "haben hat hatte hatten war waren sind ist gemacht mitgemacht dabei gebaut entwickelt bisher schon noch andere "
    "weitere liste übersicht zeig zeige nenne mir uns euch es gegend region raum bereich land kreis landkreis "
    "gehen geht dauern dauert machen macht brauchen braucht nehmen kommen kommt laufen läuft stehen steht kann "
    "können finden findet gefunden suchen sucht am besten meisten insgesamt ganz bei euch"))
