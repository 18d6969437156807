"""Document ids and types, derived as CONTRACT.md specifies."""

from __future__ import annotations

import re
from pathlib import Path

# Folder names of the platform (German) mapped to canonical document types.
FOLDER_TYPES = {
    "methoden": "method",
    "methode": "method",
    "prototypen": "prototype",
    "prototyp": "prototype",
    "interviews": "interview",
    "erfahrungsberichte": "interview",
    "leitfaeden": "guide",
    "anleitungen": "guide",
    "phasen": "phase",
    "ki-tools": "tool",
    "tools": "tool",
    "werkzeuge": "tool",
    "arbeitsblaetter": "worksheet",
    "ueberblick": "overview",
    "aktuelles": "news",
    "vorlagen": "template",
}

_VALID_ID = re.compile(r"^[\w\-.äöüÄÖÜß]+(/[\w\-.äöüÄÖÜß]+)*$")


class InvalidDocIdError(ValueError):
    pass


def doc_id_for(path: Path, root: Path | None) -> str:
    """Path relative to the ingested folder without extension, or the bare file name."""
    rel = path.relative_to(root) if root is not None else Path(path.name)
    return rel.with_suffix("").as_posix()


def check_doc_id(doc_id: str) -> str:
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InvalidDocIdError("Feld 'id': darf nicht leer sein")
    if ".." in doc_id.split("/") or not _VALID_ID.match(doc_id):
        raise InvalidDocIdError(
            f"Feld 'id': {doc_id!r} ist ungültig (erlaubt: Buchstaben, Ziffern, '-', '_', '.', '/' als Trenner)"
        )
    return doc_id


def type_for_folder(path: Path) -> str:
    return FOLDER_TYPES.get(path.parent.name.lower(), "document")
