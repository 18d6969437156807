"""Extractive answers with honest citations, no LLM.

The best passages are split into sentences; sentences are scored by how much of the question
they cover and how relevant their passage is; the best few, from distinct places, form the
answer, each followed by a marker `[n]`. Every citation's quote is a verbatim span of the cited
passage. When even the best passage is only weakly related, the assistant abstains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.types import Answer, Citation, Hit
from index.filters import Filters
from index.keyword_index import tokenize
from index.retriever import Retriever
from ingest.sentences import split_sentences
from assistant.answer_type import expected_type
from assistant.intent import preferred_types


@dataclass(frozen=True)
class AnswerConfig:
    passages: int = 5
    max_sentences: int = 3
    min_sentence_words: int = 5
    max_quote_chars: int = 400
    abstain_threshold: float = 0.35
    # A sentence's score weighs the question terms it covers, its meaning's closeness to the
    # question (embedding cosine, relative to the best sentence) and its passage's rank score; the
    # semantic share is taken half from each of the other two (docs/quality/DECISIONS.md §6).
    semantic_weight: float = 0.0

    @property
    def coverage_weight(self) -> float:
        return 0.55 - self.semantic_weight / 2

    @property
    def passage_weight(self) -> float:
        return 0.45 - self.semantic_weight / 2


@dataclass
class _Sentence:
    hit_index: int
    start: int
    end: int
    text: str
    score: float


def relevance(hits: list[Hit]) -> float:
    """The evidence strength that abstention is calibrated on: best dense similarity."""
    scores = [h.dense_score for h in hits if h.dense_score is not None]
    return max(scores) if scores else 0.0


Similarity = Callable[[str, list[str]], list[float]]


def _sentences(hits: list[Hit], question: str, config: AnswerConfig,
               similarity: Similarity | None = None) -> list[_Sentence]:
    query = set(tokenize(question))
    top = hits[0].score if hits else 1.0
    out = []
    for i, hit in enumerate(hits):
        text = hit.chunk.text
        cursor = 0
        for position, sentence in enumerate(split_sentences(text)):
            start = text.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            words = sentence.split()
            if len(words) < config.min_sentence_words:
                continue
            stems = set(tokenize(sentence))
            coverage = len(query & stems) / len(query) if query else 0.0
            passage = hit.score / top if top else 0.0
            score = config.coverage_weight * coverage + config.passage_weight * passage - 0.01 * position
            out.append(_Sentence(i, start, start + len(sentence), sentence, score))
    if similarity is not None and config.semantic_weight and out:
        cosines = similarity(question, [s.text for s in out])
        best = max(cosines) or 1.0
        for sentence, cosine in zip(out, cosines):
            sentence.score += config.semantic_weight * max(cosine, 0.0) / best
    return out


def compose(question: str, hits: list[Hit], config: AnswerConfig, similarity: Similarity | None = None) -> Answer:
    hits = hits[: config.passages]
    strength = relevance(hits)
    if not hits or strength < config.abstain_threshold:
        return _abstain(question, hits, strength, "weak")

    candidates = sorted(_sentences(hits, question, config, similarity), key=lambda s: s.score, reverse=True)
    wanted = expected_type(question)
    if wanted is not None:
        context = "\n".join(h.chunk.text for h in hits)
        typed = [s for s in candidates if wanted.satisfied_by(s.text, question, context)]
        if not typed:
            return _abstain(question, hits, strength, "type")
        # The sentence that carries the asked-for number, date or price leads the answer.
        candidates = [typed[0]] + [s for s in candidates if s is not typed[0]]
    chosen: list[_Sentence] = []
    for sentence in candidates:
        if len(chosen) == config.max_sentences:
            break
        if any(_overlap(sentence.text, c.text) > 0.6 for c in chosen):
            continue
        if chosen and sentence.score < 0.5 * chosen[0].score:
            break
        chosen.append(sentence)
    if not chosen:
        return _abstain(question, hits, strength, "weak")

    # Reading order: by passage rank, then by position; nearby sentences of one passage share a quote.
    chosen.sort(key=lambda s: (s.hit_index, s.start))
    spans: list[list[int]] = []
    for sentence in chosen:
        last = spans[-1] if spans else None
        if last and last[0] == sentence.hit_index and sentence.end - last[1] <= config.max_quote_chars:
            last[2] = sentence.end
        else:
            spans.append([sentence.hit_index, sentence.start, sentence.end])
    citations, parts = [], []
    for n, (hit_index, start, end) in enumerate(spans, start=1):
        c = hits[hit_index].chunk
        quote = c.text[start:end]
        citations.append(Citation(n, c.doc_id, c.title, c.source, c.section, c.page, quote))
        parts.append(f"{' '.join(quote.split())} [{n}]")
    return Answer(question, " ".join(parts), False, citations, strength)


def _overlap(a: str, b: str) -> float:
    ta, tb = set(tokenize(a)), set(tokenize(b))
    return len(ta & tb) / max(1, min(len(ta), len(tb)))


def _abstain(question: str, hits: list[Hit], strength: float, reason: str) -> Answer:
    text = ("Dazu finde ich in den Unterlagen keine verlässliche Antwort. "
            "Vielleicht helfen die nächstliegenden Dokumente unten weiter, oder formulieren Sie die Frage anders.")
    citations = []
    for n, hit in enumerate(hits[:3], start=1):
        c = hit.chunk
        first = (split_sentences(c.text) or [c.text])[0]
        citations.append(Citation(n, c.doc_id, c.title, c.source, c.section, c.page, first))
    return Answer(question, text, True, citations, strength, abstain_reason=reason)


def ask(retriever: Retriever, question: str, filters: Filters, config: AnswerConfig) -> Answer:
    hits = retriever.search(question, k=config.passages, filters=filters, boost_types=preferred_types(question))

    def similarity(q: str, sentences: list[str]) -> list[float]:
        embedder = retriever.embedder()
        vectors = embedder.embed_documents([("none", s) for s in sentences])
        return (vectors @ embedder.embed_queries([q])[0]).tolist()

    return compose(question, hits, config, similarity if config.semantic_weight else None)
