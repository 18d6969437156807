"""Runs our pipeline and three baselines over the golden questions on one index, in one process.

- `cimis`: the full pipeline (hybrid retrieval with compound splitting and type boosts).
- `bm25`: keyword search only (bm25s, German stemming, no compound splitting) over our chunks.
- `dense`: the embedding model alone over our chunks.
- `naive-chunks`: fixed 1,000-character chunks with 200 overlap, embedding only, as tutorials do.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.types import Hit
from index.keyword_index import KeywordIndex
from index.retriever import keyword_text
from ingest.loaders import load_document
from assistant.evaluation.metrics import retrieval_metrics
from assistant.intent import preferred_types
from assistant.service import Assistant

SYSTEMS = ("cimis", "bm25", "dense", "naive-chunks")
CANDIDATE_CHUNKS = 40


@dataclass(frozen=True)
class GoldenQuestion:
    id: str
    question: str
    relevant: frozenset[str]
    kind: str
    split: str


def load_golden(path: Path) -> list[GoldenQuestion]:
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            questions.append(GoldenQuestion(d["id"], d["question"], frozenset(d.get("relevant", [])), d["kind"],
                                            d.get("split", "tune")))
        except (json.JSONDecodeError, KeyError) as exc:
            raise ValueError(f"{path}:{n}: keine gültige Golden-Frage ({exc})") from exc
    return questions


def doc_ranking(doc_ids: Sequence[str], k: int = 10) -> list[str]:
    return list(dict.fromkeys(doc_ids))[:k]


class NaiveChunks:
    """The tutorial baseline: 1,000-character windows with 200 overlap, no structure, no title."""

    size, overlap = 1000, 200

    def __init__(self, assistant: Assistant, cache_dir: Path) -> None:
        kb = assistant.kb
        records = kb.manifest.documents()
        key = hashlib.sha256(("|".join(f"{d.doc_id}:{d.version}" for d in records) + kb.model_id).encode()).hexdigest()[:16]
        cache = cache_dir / f"naive-{key}.npz"
        self._embedder = kb.embedder
        if cache.is_file():
            data = np.load(cache, allow_pickle=False)
            self.doc_ids, self.matrix = list(data["doc_ids"]), data["matrix"]
            return
        doc_ids, texts = [], []
        for record in records:
            document, _ = load_document(Path(record.source), doc_id=record.doc_id)
            text = document.text
            step = self.size - self.overlap
            for start in range(0, max(1, len(text) - self.overlap), step):
                doc_ids.append(record.doc_id)
                texts.append(text[start:start + self.size])
        self.doc_ids = doc_ids
        self.matrix = kb.embedder().embed_documents([("none", t) for t in texts])
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.savez(cache, doc_ids=np.array(doc_ids), matrix=self.matrix)

    def rank(self, question: str) -> list[str]:
        scores = self.matrix @ self._embedder().embed_queries([question])[0]
        top = np.argsort(-scores)[:CANDIDATE_CHUNKS]
        return doc_ranking([self.doc_ids[i] for i in top])


def _systems(assistant: Assistant, cache_dir: Path) -> dict[str, Callable[[str], list[str]]]:
    retriever = assistant.retriever
    chunks = assistant.kb.manifest.all_chunks()
    plain = KeywordIndex(cache_dir / "bm25-plain", decompound=False)
    plain.build(list(chunks), [keyword_text(c) for c in chunks.values()], -1)
    naive = NaiveChunks(assistant, cache_dir)

    def hits_to_docs(hits: list[Hit]) -> list[str]:
        return doc_ranking([h.chunk.doc_id for h in hits])

    return {
        "cimis": lambda q: hits_to_docs(retriever.search(q, k=CANDIDATE_CHUNKS, boost_types=preferred_types(q))),
        "bm25": lambda q: doc_ranking([chunks[cid].doc_id for cid, _ in plain.search(q, CANDIDATE_CHUNKS)]),
        "dense": lambda q: hits_to_docs(retriever.search(q, k=CANDIDATE_CHUNKS, mode="dense")),
        "naive-chunks": naive.rank,
    }


def _answer_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["relevant"]]
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    quotes = [q for r in rows if not r["abstained"] for q in r["quotes_verbatim"]]
    share = lambda part, whole: round(len(part) / len(whole), 4) if whole else 0.0
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "citation_hit": share([r for r in answerable if not r["abstained"] and r["cites_relevant"]], answerable),
        "quotes_verbatim": round(sum(quotes) / len(quotes), 4) if quotes else 0.0,
        "abstained_unanswerable": share([r for r in unanswerable if r["abstained"]], unanswerable),
        "false_abstention": share([r for r in answerable if r["abstained"]], answerable),
    }


def run_eval(assistant: Assistant, questions: list[GoldenQuestion], cache_dir: Path,
             progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    systems = _systems(assistant, cache_dir)
    ranked: dict[str, dict[str, list[str]]] = {name: {} for name in systems}
    latency: dict[str, dict[str, float]] = {name: {} for name in systems}
    rows = []
    live = assistant.kb.manifest.all_chunks()
    for question in questions:
        if progress:
            progress(question.id)
        for name, rank in systems.items():
            start = time.perf_counter()
            ranked[name][question.id] = rank(question.question)
            latency[name][question.id] = (time.perf_counter() - start) * 1000
        answer = assistant.ask(question.question, log=False)
        passages = [c for c in live.values() if c.doc_id in {x.doc_id for x in answer.citations}]
        rows.append({
            "id": question.id, "kind": question.kind, "split": question.split, "relevant": sorted(question.relevant),
            "abstained": answer.abstained, "abstain_reason": answer.abstain_reason,
            "relevance": round(answer.top_score, 4),
            "cites_relevant": bool({c.doc_id for c in answer.citations} & question.relevant),
            "quotes_verbatim": [any(c.quote in p.text for p in passages
                                    if (p.doc_id, p.section, p.page) == (c.doc_id, c.section, c.page))
                                for c in answer.citations],
            "ranked": {name: ranked[name][question.id] for name in systems},
        })

    def metrics_for(ids: set[str]) -> dict[str, dict[str, float]]:
        relevant = {q.id: set(q.relevant) for q in questions if q.id in ids}
        return {name: retrieval_metrics({q: r for q, r in ranked[name].items() if q in ids}, relevant,
                                        {q: t for q, t in latency[name].items() if q in ids}) for name in systems}

    by_split = {split: metrics_for({q.id for q in questions if q.split == split})
                for split in sorted({q.split for q in questions})}
    by_kind = {kind: metrics_for({q.id for q in questions if q.kind == kind})
               for kind in sorted({q.kind for q in questions}) if kind != "unanswerable"}
    test_ids = {q.id for q in questions if q.split == "test"} or {q.id for q in questions}
    return {
        "journeys": _journeys(assistant, questions),
        "systems": metrics_for(test_ids),
        "answers": {
            "all": _answer_metrics(rows),
            **{split: _answer_metrics([r for r in rows if r["split"] == split]) for split in by_split},
        },
        "by_kind": by_kind,
        "by_split": by_split,
        "model": assistant.kb.model_id,
        "questions": len(questions),
        "details": rows,
    }


def _journeys(assistant: Assistant, questions: list[GoldenQuestion]) -> dict[str, dict[str, float]]:
    """The method finder on `method` questions and similar-prototype search on `similar` ones,
    called as the UI calls them (all splits)."""
    finders = {
        "method": lambda q: [m.doc_id for m in assistant.methods(q, k=10)],
        "similar": lambda q: [m.doc_id for m in assistant.similar_to_text(q, k=10)],
    }
    out = {}
    for kind, find in finders.items():
        subset = [q for q in questions if q.kind == kind]
        if subset:
            ranked = {q.id: find(q.question) for q in subset}
            out[{"method": "method_finder", "similar": "similar_prototypes"}[kind]] = retrieval_metrics(
                ranked, {q.id: set(q.relevant) for q in subset})
    return out


def calibrate(rows: list[dict[str, Any]], max_false_abstention: float = 0.05) -> dict[str, Any]:
    """Abstention threshold on the relevance score, from the tune split alone.

    Answerable questions already lost to the answer-type check use up the false-abstention budget
    first; the threshold is then the highest that loses at most the rest, placed halfway to the
    next lower score so that it does not sit on a question.
    """
    tune = [r for r in rows if r["split"] == "tune"]
    answerable = [r for r in tune if r["relevant"]]
    unanswerable = [r for r in tune if r["kind"] == "unanswerable"]
    if not answerable or not unanswerable:
        raise ValueError("Kalibrierung braucht beantwortbare und unbeantwortbare Fragen im tune-Split")
    by_type = lambda group: [r for r in group if r["abstain_reason"] == "type"]
    scores = sorted(r["relevance"] for r in answerable if r["abstain_reason"] != "type")
    allowed = max(0, int(max_false_abstention * len(answerable)) - len(by_type(answerable)))
    upper = scores[min(allowed, len(scores) - 1)]  # the lowest answerable score that stays above
    below = [r["relevance"] for r in tune if r["relevance"] < upper]
    threshold = round((upper + max(below)) / 2, 4) if below else round(upper - 1e-3, 4)
    lost = lambda group: [r for r in group if r["abstain_reason"] == "type" or r["relevance"] < threshold]
    abstained_u, abstained_a = len(lost(unanswerable)), len(lost(answerable))
    return {
        "threshold": threshold,
        "tune_answerable": len(answerable),
        "tune_unanswerable": len(unanswerable),
        "recall": round(abstained_u / len(unanswerable), 4),
        "precision": round(abstained_u / (abstained_u + abstained_a), 4) if abstained_u + abstained_a else 0.0,
        "false_abstention": round(abstained_a / len(answerable), 4),
    }
