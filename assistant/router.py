"""Which kind of answer a question wants: a list from front matter, method cards, or a passage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.facets import FacetCatalog, FacetQuery

RouteName = Literal["passage", "list", "methods"]

# Asking for a way of working, not for a fact: "Welche Methode hilft, wenn …", "Gibt es eine
# Übung, mit der …", "Wie gehen wir am besten vor, um …".
_METHOD_SEEKING = re.compile(
    r"\b(?:welche[sn]?|eine?|passende[n]?|gute[n]?|geeignete[n]?|empfehl\w*)\s+(?:\w+\s+)?"
    r"(?:methode|übung|workshop-?format|vorgehen|technik|ansatz)\b"
    r"|\b(?:methode|übung|technik)\s+(?:gegen|bei|um|damit|die|mit der)\b"
    r"|\bwie\s+(?:gehen|fangen|packen)\s+wir\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    name: RouteName
    facets: FacetQuery | None = None


# A list question whose other words describe a problem („Welche Methoden helfen, wenn …“) asks
# for the method finder, not for every card of a facet.
PROBLEM_WORDS = 2


def route(question: str, catalog: FacetCatalog) -> Route:
    facets = catalog.parse(question)
    seeks_method = bool(_METHOD_SEEKING.search(question)) or (
        facets is not None and facets.doc_type == "method" and not facets.order
        and len(facets.remainder) >= PROBLEM_WORDS)
    if seeks_method:
        return Route("methods", facets)
    if facets is not None and facets.asks_list:
        return Route("list", facets)
    return Route("passage")
