"""What kind of document a question asks for, from its wording (German)."""

from __future__ import annotations

import re

_TYPE_CUES: dict[str, re.Pattern[str]] = {
    "method": re.compile(r"\b(methode\w*|übung\w*|workshop\w*|vorgehen|format\w*|wie (gehen|fangen|können) wir)", re.I),
    "tool": re.compile(r"\b(tools?|ki\b|ki-\w+|künstliche\w* intelligenz|software|apps?\b|programm\w*|werkzeug\w*|anbieter\w*|datenschutz\w*|dsgvo)", re.I),
    "prototype": re.compile(r"\b(prototyp\w*|projekte?\b|ähnlich\w*|andere\w* (vereine|betriebe|firmen|gemeinden|teams))", re.I),
}


def preferred_types(question: str) -> frozenset[str]:
    return frozenset(t for t, cue in _TYPE_CUES.items() if cue.search(question))
