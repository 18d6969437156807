"""Extractive answers with honest citations, no LLM.

The sentences of the best passages are scored by how well they answer the question (calibrated
weights over meaning, shared rare words, the passage's rank, the asked-for answer type and the
sentence's form). The answer is one coherent span around the best sentence, and a second span
only when another place says something different that is nearly as good; each span carries one
marker `[n]` and is quoted verbatim. Fragments, pointer sentences and repeats are never chosen.
When the question-level evidence is too weak, the assistant abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.german import has_verb
from core.types import Answer, Citation, Hit, SentenceVectors
from index.filters import Filters
from index.manifest import Manifest
from index.retriever import Retriever
from ingest.sentences import split_sentences
from assistant.answer_quality import is_repeat, starts_mid_sentence
from assistant.answer_type import expected_type
from assistant.calibration import Calibration
from assistant.corpus_stats import CorpusSnapshot
from assistant.evidence import Candidate, Evidence, gather
from assistant.intent import preferred_types

# A sentence that opens like this leans on the one before it.
_LEANS_BACK = re.compile(r"^(?:[„\"(]?)(?:das|dies|diese[rsnm]?|dafür|dabei|dazu|damit|davon|deshalb|daher|dann|"
                         r"danach|so|sie|er|es|außerdem|auch|zudem|hier|dort|trotzdem|allerdings)\b", re.IGNORECASE)


@dataclass(frozen=True)
class AnswerConfig:
    passages: int = 8
    max_span_sentences: int = 3
    max_span_chars: int = 420
    # A neighbour joins the span when its score is at most this much (logit) below the best;
    # a second span from elsewhere when it is at most `second_span_gap` below.
    neighbour_gap: float = 1.0
    second_span_gap: float = 0.6
    # The retrieved passages are re-ranked by their best sentence's similarity to the question,
    # fused with the hybrid rank (reciprocal ranks, this weight on the sentence side): the answer
    # sits in one sentence, and a passage about the topic in general often outranks it as a whole.
    sentence_weight: float = 2.0


def relevance(hits: list[Hit]) -> float:
    """The best dense similarity among the passages (logged with each question)."""
    scores = [h.dense_score for h in hits if h.dense_score is not None]
    return max(scores) if scores else 0.0


def choose(evidence: Evidence) -> Candidate | None:
    """The sentence the answer is built around: the best-scored usable one (`Candidate.score` set);
    a question for a price, number, date or duration is answered by a sentence that has one."""
    typed = bool(evidence.features.get("type_required"))
    ranked = sorted(evidence.candidates, key=lambda c: c.score, reverse=True)
    return next((c for c in ranked if usable(c) and (not typed or c.features["type"] > 0)), None)


def answer_features(evidence: Evidence, best: Candidate | None) -> dict[str, float]:
    """The question-level features plus those of the chosen sentence: whether the sentence that
    would be shown addresses the question, not only whether the passages are on its topic."""
    return {**evidence.features,
            "best_sentence": best.score if best else -10.0,
            "answer_sem": best.features["sem"] if best else 0.0,
            "answer_lex": best.features["lex"] if best else 0.0}


def usable(candidate: Candidate) -> bool:
    """Never quoted on its own: questions, pointers, fragments and sentences cut out of others."""
    f = candidate.features
    if f["question"] or f["pointer"] or f["short"]:
        return False
    return not starts_mid_sentence(candidate.text) and has_verb(candidate.text)


def compose(question: str, evidence: Evidence, calibration: Calibration, config: AnswerConfig,
            strength: float) -> Answer:
    hits = evidence.hits
    if not hits or not evidence.candidates:
        return abstain(question, hits, strength, "weak")
    for c in evidence.candidates:
        c.score = calibration.sentence.score(c.features)
    best = choose(evidence)
    if best is None:
        return abstain(question, hits, strength, "type" if evidence.features.get("type_required") else "weak")
    if calibration.abstention.probability(answer_features(evidence, best)) < calibration.threshold:
        reason = "type" if evidence.features.get("type_missing") else "weak"
        return abstain(question, hits, strength, reason)
    ranked = sorted(evidence.candidates, key=lambda c: c.score, reverse=True)
    spans = [_span(best, evidence, config)]
    for other in ranked:
        if other.score < best.score - config.second_span_gap:
            break
        if other.hit_index == best.hit_index and any(s[0] <= other.position <= s[1] for s in spans) \
                or not usable(other) or any(is_repeat(other.text, _text(s, evidence)) for s in spans):
            continue
        span = _span(other, evidence, config, [_text(s, evidence) for s in spans])
        if not any(is_repeat(_text(span, evidence), _text(s, evidence)) for s in spans):
            spans.append(span)
        break
    citations, parts = [], []
    for n, span in enumerate(spans, start=1):
        chunk = hits[span[2]].chunk
        quote = _text(span, evidence)
        citations.append(Citation(n, chunk.doc_id, chunk.title, chunk.source, chunk.section, chunk.page, quote))
        parts.append(f"{' '.join(quote.split())} [{n}]")
    return Answer(question, " ".join(parts), False, citations, strength)


def _span(best: Candidate, evidence: Evidence, config: AnswerConfig,
          quoted: list[str] = ()) -> tuple[int, int, int]:
    """(first position, last position, hit index): the best sentence with the neighbours of its
    paragraph that it leans on or that answer nearly as well; never a neighbour that repeats what
    is `quoted` already (overlapping passages share sentences)."""
    same = {c.position: c for c in evidence.candidates if c.hit_index == best.hit_index}
    text = evidence.hits[best.hit_index].chunk.text
    first = last = best.position
    chars = len(best.text)

    def joinable(a: Candidate, b: Candidate) -> bool:  # b follows a within one paragraph
        return "\n" not in text[a.end:b.start] and not any(is_repeat(c.text, q) for c in (a, b) for q in quoted)

    while first - 1 in same and last - first + 1 < config.max_span_sentences:
        previous, current = same[first - 1], same[first]
        if not (joinable(previous, current) and _LEANS_BACK.match(current.text) and usable(previous)):
            break
        first -= 1
        chars += len(previous.text)
    while last + 1 in same and last - first + 1 < config.max_span_sentences:
        current, following = same[last], same[last + 1]
        close = following.score >= best.score - config.neighbour_gap or _LEANS_BACK.match(following.text)
        if not (joinable(current, following) and close and usable(following)
                and chars + len(following.text) <= config.max_span_chars):
            break
        last += 1
        chars += len(following.text)
    return first, last, best.hit_index


def _text(span: tuple[int, int, int], evidence: Evidence) -> str:
    first, last, hit_index = span
    same = {c.position: c for c in evidence.candidates if c.hit_index == hit_index}
    text = evidence.hits[hit_index].chunk.text
    return text[same[first].start:same[last].end]


def abstain(question: str, hits: list[Hit], strength: float, reason: str) -> Answer:
    text = ("Dazu finde ich in den Unterlagen keine verlässliche Antwort. "
            "Vielleicht helfen die nächstliegenden Dokumente unten weiter, oder formulieren Sie die Frage anders.")
    citations = []
    for n, hit in enumerate(hits[:3], start=1):
        c = hit.chunk
        first = (split_sentences(c.text) or [c.text])[0]
        citations.append(Citation(n, c.doc_id, c.title, c.source, c.section, c.page, first))
    return Answer(question, text, True, citations, strength, abstain_reason=reason)


def passage_evidence(retriever: Retriever, manifest: Manifest, corpus: CorpusSnapshot, question: str,
                     config: AnswerConfig, filters: Filters = Filters(), keyword_query: str | None = None,
                     boost_docs: frozenset[str] = frozenset()) -> Evidence:
    """Retrieve and gather the evidence; the question is embedded once."""
    vector = retriever.embed_query(question)
    retrieval = retriever.retrieve(question, None, filters, preferred_types(question), vector, boost_docs,
                                   keyword_query)
    sentences = manifest.sentences([h.chunk.chunk_id for h in retrieval.hits])
    hits = by_sentences(retrieval.hits, sentences, vector, config.sentence_weight)[: config.passages]
    return gather(question, vector, hits, sentences, corpus.terms,
                  expected_type(question), [s for _, s in retrieval.dense],
                  list(dict.fromkeys(c.doc_id for c, _ in retrieval.keyword)), corpus.similarity_z)


def by_sentences(hits: list[Hit], sentences: dict[str, SentenceVectors], vector: np.ndarray,
                 weight: float, rrf_k: int = 60) -> list[Hit]:
    """`hits` in the order of their fused hybrid and best-sentence ranks; a passage without a
    sentence of its own keeps only its hybrid rank."""
    best: dict[str, float] = {}
    for hit in hits:
        stored = sentences.get(hit.chunk.chunk_id)
        if stored is not None and len(stored.spans):
            best[hit.chunk.chunk_id] = float(np.max(stored.vectors @ vector[: stored.vectors.shape[1]]))
    sentence_rank = {chunk_id: r for r, chunk_id in enumerate(sorted(best, key=best.__getitem__, reverse=True))}
    fused = {h.chunk.chunk_id: 1 / (rrf_k + r) + (weight / (rrf_k + sentence_rank[h.chunk.chunk_id])
                                                 if h.chunk.chunk_id in best else 0.0)
             for r, h in enumerate(hits)}
    return sorted(hits, key=lambda h: fused[h.chunk.chunk_id], reverse=True)


def passage_answer(retriever: Retriever, manifest: Manifest, corpus: CorpusSnapshot, question: str,
                   calibration: Calibration, config: AnswerConfig, filters: Filters = Filters(),
                   keyword_query: str | None = None, boost_docs: frozenset[str] = frozenset()) -> Answer:
    evidence = passage_evidence(retriever, manifest, corpus, question, config, filters, keyword_query, boost_docs)
    return compose(question, evidence, calibration, config, relevance(evidence.hits))
