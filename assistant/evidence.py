"""The evidence for one question, as numbers: its candidate sentences with the features that say
how well each answers the question, and the question-level features that say whether the
passages answer it at all. Both are scored by weights calibrated on the tune split
(`assistant/calibration.py`); nothing here embeds anything, the question's vector comes in and
the sentence vectors were stored at ingest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from core.types import Hit, SentenceVectors
from index.keyword_index import compound_parts, tokenize
from assistant.answer_quality import is_pointer, starts_mid_sentence
from assistant.answer_type import AnswerType

_TERMINAL = re.compile(r"[.!?…][\"'“”»«)]*$")
_LABEL = re.compile(r"^[\w äöüÄÖÜß/-]{1,30}:\s")  # "Dauer: …", "Material: …"

SENTENCE_FEATURES = ("sem", "sem_gap", "lex", "lex_heading", "passage", "rank", "type", "complete",
                     "question", "short", "pointer", "label")
QUESTION_FEATURES = ("dense_top", "dense_gap", "dense_z", "sent_z", "sent_top", "sent_gap", "lex_best", "focus_missing",
                     "unknown_terms", "foreign_terms", "numbers_missing", "agreement", "type_missing",
                     "best_sentence", "answer_sem", "answer_lex")
_SPECIFIC = re.compile(r"\b(?:\d+(?:[.,]\d+)*|[ivx]{2,4})\b", re.IGNORECASE)


@dataclass
class Candidate:
    hit_index: int
    position: int  # the sentence's index within its chunk
    start: int
    end: int
    text: str
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


@dataclass
class Evidence:
    hits: list[Hit]
    candidates: list[Candidate]
    features: dict[str, float]


class TermStatistics:
    """Document frequencies of stems over the live chunks, for IDF weights and unknown terms."""

    def __init__(self, texts: list[str]) -> None:
        self.n = max(1, len(texts))
        self.df: dict[str, int] = {}
        for text in texts:
            for stem in set(tokenize(text)):
                self.df[stem] = self.df.get(stem, 0) + 1

    def idf(self, stem: str) -> float:
        return math.log((self.n + 1) / (self.df.get(stem, 0) + 0.5))

    def known(self, stem: str) -> bool:
        return stem in self.df


def _coverage(query: set[str], stems: set[str], terms: TermStatistics) -> float:
    total = sum(terms.idf(t) for t in query)
    return sum(terms.idf(t) for t in query & stems) / total if total else 0.0


def gather(question: str, vector: np.ndarray, hits: list[Hit], sentences: dict[str, SentenceVectors],
           terms: TermStatistics, wanted: AnswerType | None, dense_pool: list[float],
           keyword_docs: list[str], relative: Callable[[np.ndarray, float], float] = lambda v, s: 0.0) -> Evidence:
    """Candidates from `hits` and the question-level features.

    `dense_pool`: dense similarities of the dense retriever's candidates (best first), whose
    spread says how much the best passage stands out in this corpus; `keyword_docs`: the keyword
    retriever's best documents, for agreement with the dense side.
    """
    query = set(tokenize(question))
    top_score = hits[0].score if hits else 1.0
    candidates: list[Candidate] = []
    context = "\n".join(h.chunk.text for h in hits)
    for i, hit in enumerate(hits):
        stored = sentences.get(hit.chunk.chunk_id)
        if stored is None:
            continue
        heading = set(tokenize(f"{hit.chunk.title} {hit.chunk.section or ''}"))
        sims = stored.vectors @ vector[: stored.vectors.shape[1]] if len(stored.spans) else []
        for position, ((start, end), sim) in enumerate(zip(stored.spans, sims)):
            text = hit.chunk.text[start:end]
            words = text.split()
            stems = set(tokenize(text))
            candidates.append(Candidate(i, position, start, end, text, {
                "sem": float(sim),
                "lex": _coverage(query, stems, terms),
                "lex_heading": _coverage(query, heading, terms),
                "passage": hit.score / top_score if top_score else 0.0,
                "rank": math.log1p(i),
                "type": 0.0 if wanted is None else (1.0 if wanted.satisfied_by(text, question, context) else -1.0),
                "complete": 1.0 if _TERMINAL.search(text) and not starts_mid_sentence(text) else 0.0,
                "question": 1.0 if text.rstrip("\"'“”»«) ").endswith("?") else 0.0,
                "short": 1.0 if len(words) < 5 else 0.0,
                "pointer": 1.0 if is_pointer(text) else 0.0,
                "label": 1.0 if _LABEL.match(text) else 0.0,
            }))
    best_sem = max((c.features["sem"] for c in candidates), default=0.0)
    for c in candidates:
        c.features["sem_gap"] = c.features["sem"] - best_sem
    features = _question_features(question, query, hits, candidates, terms, wanted, dense_pool, keyword_docs)
    features["dense_z"] = relative(vector, features["dense_top"])
    features["sent_z"] = relative(vector, features["sent_top"])
    return Evidence(hits, candidates, features)


def _question_features(question: str, query: set[str], hits: list[Hit], candidates: list[Candidate],
                       terms: TermStatistics, wanted: AnswerType | None, dense_pool: list[float],
                       keyword_docs: list[str]) -> dict[str, float]:
    dense_top = dense_pool[0] if dense_pool else 0.0
    spread = float(np.std(dense_pool)) if len(dense_pool) > 1 else 0.0
    sems = sorted((c.features["sem"] for c in candidates), reverse=True)
    passages_text = " ".join(f"{h.chunk.title} {h.chunk.section or ''} {h.chunk.text}" for h in hits)
    passages_stems = set(tokenize(passages_text))
    passages_text = passages_text.casefold()
    weighted = sorted(query, key=terms.idf, reverse=True)
    # The rarest words of the question carry its focus ("Stundensatz", "Öffnungszeiten").
    focus = [t for t in weighted[:2] if terms.idf(t) > 0]
    idf_total = sum(terms.idf(t) for t in query) or 1.0
    dense_docs = [h.chunk.doc_id for h in hits[:5]]
    return {
        "dense_top": dense_top,
        "dense_gap": (dense_top - float(np.mean(dense_pool))) / spread if spread else 0.0,
        "sent_top": sems[0] if sems else 0.0,
        "sent_gap": (sems[0] - float(np.mean(sems[:20]))) if sems else 0.0,
        "lex_best": max((c.features["lex"] for c in candidates), default=0.0),
        "focus_missing": sum(terms.idf(t) for t in focus if t not in passages_stems) / idf_total,
        "unknown_terms": sum(1.0 for t in query if not terms.known(t)) / max(1, len(query)),
        "foreign_terms": float(len(foreign_terms(question, terms))),
        # A year, number or numeral the question names ("2026", "CIMIS III") that no passage has.
        "numbers_missing": 1.0 if any(n.casefold() not in passages_text for n in _SPECIFIC.findall(question)) else 0.0,
        "agreement": 1.0 if set(dense_docs[:3]) & set(keyword_docs[:3]) else 0.0,
        "type_missing": 1.0 if wanted is not None and wanted.required
        and not any(c.features["type"] > 0 for c in candidates) else 0.0,
        "type_required": 1.0 if wanted is not None and wanted.required else 0.0,
    }


def foreign_terms(question: str, terms: TermStatistics) -> list[str]:
    """Words of the question that this corpus never uses and that are no common German word
    either: product and place names, brands, coined words („Shopify“, „Nextcloud“,
    „Nachfolgeprogramm“). A question built on one is rarely answered by passages without it."""
    import simplemma

    out = []
    for word in re.findall(r"[a-zäöüß][a-zäöüß-]{2,}", question.casefold()):
        stems = tokenize(word)
        if not stems or terms.known(stems[0]) or simplemma.is_known(word, lang="de"):
            continue
        parts = compound_parts(word)
        if parts and all(terms.known(p) for p in tokenize(" ".join(parts))):
            continue  # a compound of words the corpus uses („Vereinshomepage“)
        out.append(word)
    return out


def vector_of(features: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    return np.array([features.get(n, 0.0) for n in names], dtype=np.float64)
