"""Front-matter schema per document type: what curation validates and the corpus test enforces.

A document that breaks its schema is still ingested (its text is useful); the problems show up
in the validation report. Only front matter that cannot be read at all stops a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PHASES = ["Verstehen", "Beobachten", "Standpunkt definieren", "Ideen generieren", "Prototyping", "Testen"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: type | tuple[type, ...]
    choices: tuple[str, ...] | None = None
    pattern: str | None = None


_STR, _INT, _LIST = str, int, list

SCHEMAS: dict[str, list[Field]] = {
    "method": [
        Field("phase", _STR, tuple(PHASES)),
        Field("duration_min", _INT),
        Field("group_size", _STR, pattern=r"^\d+-\d+$"),
        Field("difficulty", _STR, ("leicht", "mittel", "anspruchsvoll")),
        Field("materials", _LIST),
        Field("goal", _STR),
        Field("tags", _LIST),
    ],
    "prototype": [
        Field("region", _STR, ("Erzgebirge", "Lausitz", "Meißen")),
        Field("sector", _STR),
        Field("organisation_type", _STR, ("Unternehmen", "Verein", "Kommune")),
        Field("solution_type", _STR, ("Onlineshop", "Digitalisierter Prozess", "Website", "Social Media",
                                      "Buchungssystem", "Ehrenamts-Onboarding")),
        Field("tools", _LIST),
        Field("budget_eur", _INT),
        Field("status", _STR, ("in Betrieb", "im Test", "abgeschlossen", "pausiert")),
    ],
    "interview": [Field("region", _STR), Field("role", _STR)],
    "tool": [
        Field("category", _STR),
        Field("pricing", _STR, ("kostenlos", "Open Source", "Freemium", "Abonnement", "Lizenz")),
        Field("data_protection", _STR, ("gut", "mittel", "kritisch")),
        Field("languages", _LIST),
        Field("rating", _INT),
    ],
    "guide": [Field("phase", _STR, tuple(PHASES))],
}


def validate_metadata(doc_type: str, metadata: dict[str, Any]) -> list[str]:
    """Problems of `metadata` for `doc_type`, each naming the field; empty when valid."""
    import re

    problems = []
    for field in SCHEMAS.get(doc_type, []):
        if field.name not in metadata or metadata[field.name] in (None, "", []):
            problems.append(f"Feld '{field.name}' fehlt")
            continue
        value = metadata[field.name]
        if isinstance(value, bool) or not isinstance(value, field.kind):
            problems.append(f"Feld '{field.name}': {value!r} ist {_kind_name(field.kind)}")
        elif field.choices and value not in field.choices:
            problems.append(f"Feld '{field.name}': {value!r} ist keiner von {', '.join(field.choices)}")
        elif field.pattern and not re.match(field.pattern, value):
            problems.append(f"Feld '{field.name}': {value!r} hat nicht die Form {field.pattern}")
    if doc_type == "tool" and isinstance(metadata.get("rating"), int) and not 1 <= metadata["rating"] <= 5:
        problems.append(f"Feld 'rating': {metadata['rating']} liegt nicht zwischen 1 und 5")
    return problems


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return {str: "kein Text", int: "keine ganze Zahl", list: "keine Liste"}.get(kind, f"kein {kind}")  # type: ignore[arg-type]
