"""The method finder: method cards that fit a challenge described in the user's own words.

A card is matched by the problems it solves: the sentences of its purpose sections („Worum es
geht“, „Wann die Methode passt“) are compared with the challenge one by one (their vectors were
stored at ingest), and that card-level evidence is combined with the best passage-level rank of
hybrid retrieval. A sentence of the card's „Wann sie nicht passt“ that fits the challenge better
than any purpose sentence counts against it. The reason shown is the card's own best sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.german import has_verb
from core.types import Citation, Chunk
from index.filters import Condition, Filters
from index.manifest import Manifest
from index.retriever import Retriever

# Section headings of a card (any heading level) that say what the method is for, or where not.
_AGAINST = re.compile(r"nicht passt|nicht geeignet|grenzen|wann nicht|ungeeignet", re.IGNORECASE)
_PURPOSE = re.compile(r"worum|wann .*passt|wofür|ziel|zweck|geeignet|einsatz|nutzen|problem", re.IGNORECASE)


@dataclass(frozen=True)
class MethodWeights:
    """How card-level and passage-level evidence combine (fitted on the tune challenges)."""

    purpose: float = 1.0  # best purpose sentence
    purpose_second: float = 0.5  # second-best purpose sentence: a card that fits in two ways
    passage: float = 0.6  # best fused rank of the card's passages (1 for the top passage)
    against: float = 0.5  # how far a „does not fit“ sentence beats the best purpose sentence


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


@dataclass
class CardEvidence:
    """What speaks for a card: its purpose sentences with their similarity to the challenge,
    the best similarity among its „does not fit“ sentences, and its best passage's fused rank."""

    doc_id: str
    purpose: list[tuple[float, Chunk, int, int]] = field(default_factory=list)  # (sim, chunk, start, end)
    against: float = -1.0
    passage: float = 0.0

    def score(self, weights: MethodWeights) -> float:
        sims = sorted((p[0] for p in self.purpose), reverse=True) or [0.0]
        second = sims[1] if len(sims) > 1 else sims[0]
        return (weights.purpose * sims[0] + weights.purpose_second * second + weights.passage * self.passage
                - weights.against * max(0.0, self.against - sims[0]))


def card_evidence(retriever: Retriever, manifest: Manifest, challenge: str, filters: Filters,
                  group_size: int | None = None) -> list[CardEvidence]:
    vector = retriever.embed_query(challenge)
    retrieval = retriever.retrieve(challenge, retriever.fusion.candidates * 2, filters, vector=vector)
    cards: dict[str, CardEvidence] = {}
    top = retrieval.hits[0].score if retrieval.hits else 1.0
    for hit in retrieval.hits:
        if group_size is not None and not group_fits(hit.chunk.metadata.get("group_size"), group_size):
            continue
        card = cards.setdefault(hit.chunk.doc_id, CardEvidence(hit.chunk.doc_id))
        card.passage = max(card.passage, hit.score / top)
    chunks = [c for c in manifest.all_chunks().values() if c.doc_id in cards]
    stored = manifest.sentences([c.chunk_id for c in chunks])
    other: dict[str, list[tuple[float, Chunk, int, int]]] = {}
    for chunk in chunks:
        sentences = stored.get(chunk.chunk_id)
        if sentences is None or not len(sentences.spans):
            continue
        sims = sentences.vectors @ vector[: sentences.vectors.shape[1]]
        card = cards[chunk.doc_id]
        if _AGAINST.search(chunk.section or ""):
            card.against = max(card.against, float(sims.max()))
            continue
        quotable = [(float(s), chunk, a, b) for s, (a, b) in zip(sims, sentences.spans) if _quotable(chunk.text[a:b])]
        if _PURPOSE.search(chunk.section or ""):
            card.purpose.extend(quotable)
        else:
            other.setdefault(chunk.doc_id, []).extend(quotable)
    for card in cards.values():  # a card without purpose sections is judged by all its sentences
        card.purpose = card.purpose or other.get(card.doc_id, [])
    return [card for card in cards.values() if card.purpose]


def find_methods(retriever: Retriever, manifest: Manifest, challenge: str, k: int = 5, phase: str | None = None,
                 max_minutes: int | None = None, group_size: int | None = None, difficulty: str | None = None,
                 weights: MethodWeights = MethodWeights()) -> list[MethodMatch]:
    cards = card_evidence(retriever, manifest, challenge, method_filters(phase, max_minutes, difficulty), group_size)
    ranked = sorted(cards, key=lambda card: card.score(weights), reverse=True)
    return [_match(card, card.score(weights)) for card in ranked[:k]]


def _quotable(sentence: str) -> bool:
    return len(sentence.split()) >= 6 and not sentence.rstrip().endswith("?") and has_verb(sentence)


def _match(card: CardEvidence, score: float) -> MethodMatch:
    _, chunk, start, end = max(card.purpose, key=lambda p: p[0])
    quote, meta = chunk.text[start:end], chunk.metadata
    why = f"Passt, weil die Karte sagt: „{' '.join(quote.split())}“ [1]"
    citation = Citation(1, chunk.doc_id, chunk.title, chunk.source, chunk.section, chunk.page, quote)
    duration = meta.get("duration_min")
    return MethodMatch(card.doc_id, chunk.title, score, meta.get("phase"),
                       duration if isinstance(duration, int) else None, meta.get("group_size"),
                       meta.get("difficulty"), why, [citation])
