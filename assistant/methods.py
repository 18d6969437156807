"""The method finder: method cards that fit a challenge described in the user's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.types import Citation, Hit
from index.filters import Condition, Filters
from index.retriever import Retriever
from assistant.grounding import best_sentence

# Sections of a card that say what the method is for; a reason quoted from them reads best.
_PURPOSE_SECTIONS = re.compile(r"worum|wann die methode passt|ziel|zweck", re.I)


@dataclass
class MethodMatch:
    doc_id: str
    title: str
    score: float
    phase: str | None
    duration_min: int | None
    group_size: str | None
    difficulty: str | None
    why: str
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "score": round(self.score, 6), "phase": self.phase,
                "duration_min": self.duration_min, "group_size": self.group_size, "difficulty": self.difficulty,
                "why": self.why, "citations": [c.to_dict() for c in self.citations]}


def group_fits(group_size: Any, people: int) -> bool:
    match = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", str(group_size or ""))
    if not match:
        return True
    return int(match.group(1)) <= people <= int(match.group(2))


def method_filters(phase: str | None, max_minutes: int | None, difficulty: str | None) -> Filters:
    conditions = [Condition("type", "=", "method")]
    if phase:
        conditions.append(Condition("phase", "=", phase))
    if max_minutes is not None:
        conditions.append(Condition("duration_min", "<=", max_minutes))
    if difficulty:
        conditions.append(Condition("difficulty", "=", difficulty))
    return Filters(tuple(conditions))


def find_methods(retriever: Retriever, challenge: str, k: int = 5, phase: str | None = None,
                 max_minutes: int | None = None, group_size: int | None = None,
                 difficulty: str | None = None) -> list[MethodMatch]:
    hits = retriever.search(challenge, k=retriever.fusion.candidates * 2,
                            filters=method_filters(phase, max_minutes, difficulty))
    best: dict[str, Hit] = {}
    for hit in hits:
        meta = hit.chunk.metadata
        if group_size is not None and not group_fits(meta.get("group_size"), group_size):
            continue
        current = best.get(hit.chunk.doc_id)
        if current is None or hit.score > current.score:
            best[hit.chunk.doc_id] = hit
    ranked = sorted(best.values(), key=lambda h: h.score, reverse=True)[:k]
    return [_match(hit, hits, challenge) for hit in ranked]


def _match(hit: Hit, hits: list[Hit], challenge: str) -> MethodMatch:
    c, meta = hit.chunk, hit.chunk.metadata
    # Quote the reason from the card's purpose section where it was retrieved, else the best passage.
    purpose = next((h.chunk for h in hits if h.chunk.doc_id == c.doc_id and _PURPOSE_SECTIONS.search(h.chunk.section or "")), c)
    sentence = best_sentence(purpose.text, challenge)
    why = f"Passt, weil die Karte sagt: „{' '.join(sentence.split())}“ [1]"
    citation = Citation(1, purpose.doc_id, purpose.title, purpose.source, purpose.section, purpose.page, sentence)
    duration = meta.get("duration_min")
    return MethodMatch(c.doc_id, c.title, hit.score, meta.get("phase"),
                       duration if isinstance(duration, int) else None, meta.get("group_size"),
                       meta.get("difficulty"), why, [citation])
