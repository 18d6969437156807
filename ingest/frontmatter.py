"""YAML front matter of Markdown files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml


class FrontMatterError(ValueError):
    """Front matter that cannot be read; the message names the field or the YAML problem."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body). Text without a leading `---` block has empty front matter."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            raw = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1:])
            break
    else:
        raise FrontMatterError("Front Matter wird mit '---' geöffnet, aber nie geschlossen")
    try:
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile {mark.line + 2})" if mark is not None else ""
        raise FrontMatterError(f"Front Matter ist kein gültiges YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("Front Matter muss eine Zuordnung 'schlüssel: wert' sein")
    for key in ("id", "title", "type"):
        if key in data and not isinstance(data[key], str):
            raise FrontMatterError(f"Feld '{key}': muss Text sein, ist {data[key]!r}")
    return {str(k): _jsonable(v) for k, v in data.items()}, body


def _jsonable(value: Any) -> Any:
    """Metadata travels as JSON: YAML dates become ISO strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value
