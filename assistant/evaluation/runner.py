"""Runs our pipeline and three baselines over the golden questions on one index, in one process.

- `cimis`: the full pipeline (hybrid retrieval with compound splitting and type boosts).
- `bm25`: keyword search only (bm25s, German stemming, no compound splitting) over our chunks.
- `dense`: the embedding model alone over our chunks.
- `naive-chunks`: fixed 1,000-character chunks with 200 overlap, embedding only, as tutorials do.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.types import Hit
from index.keyword_index import KeywordIndex
from index.retriever import keyword_text
from ingest.loaders import load_document
from assistant.evaluation.answers import ask_metrics, ask_row, followup_metrics, list_metrics, method_metrics, method_rows
from assistant.evaluation.golden import GoldenQuestion, load_golden, load_sets  # noqa: F401  (re-exported)
from assistant.evaluation.metrics import retrieval_metrics
from assistant.intent import preferred_types
from assistant.service import Assistant

SYSTEMS = ("cimis", "bm25", "dense", "naive-chunks")
CANDIDATE_CHUNKS = 40


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


def run_eval(assistant: Assistant, questions: list[GoldenQuestion], cache_dir: Path,
             progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    systems = _systems(assistant, cache_dir)
    # Retrieval is compared on questions that stand alone and name what they look for.
    retrievable = [q for q in questions if q.relevant and not q.history and q.kind != "list"]
    ranked: dict[str, dict[str, list[str]]] = {name: {} for name in systems}
    latency: dict[str, dict[str, float]] = {name: {} for name in systems}
    rows = []
    for question in questions:
        if progress:
            progress(question.id)
        if question in retrievable:
            for name, rank in systems.items():
                start = time.perf_counter()
                ranked[name][question.id] = rank(question.question)
                latency[name][question.id] = (time.perf_counter() - start) * 1000
        row = ask_row(assistant, question)
        row["ranked"] = {name: ranked[name][question.id] for name in systems if question.id in ranked[name]}
        rows.append(row)
    finder = method_rows(lambda text: [m.doc_id for m in assistant.methods(text, k=10)],
                         [q for q in questions if q.kind == "method"])

    def metrics_for(subset: list[GoldenQuestion]) -> dict[str, dict[str, float]]:
        ids = {q.id for q in subset if q in retrievable}
        relevant = {q.id: set(q.relevant) for q in subset if q.id in ids}
        return {name: retrieval_metrics({q: r for q, r in ranked[name].items() if q in ids}, relevant,
                                        {q: t for q, t in latency[name].items() if q in ids}) for name in systems}

    def select(group: list[dict[str, Any]], subset: list[GoldenQuestion]) -> list[dict[str, Any]]:
        ids = {q.id for q in subset}
        return [r for r in group if r["id"] in ids]

    def figures(subset: list[GoldenQuestion]) -> dict[str, Any]:
        chosen = select(rows, subset)
        return {"systems": metrics_for(subset), "answers": _answer_metrics(chosen), "ask": ask_metrics(chosen),
                "lists": list_metrics(chosen), "followups": followup_metrics(chosen),
                "methods": method_metrics(select(finder, subset))}

    splits = sorted({q.split for q in questions})
    by_set = {name: {split: figures([q for q in questions if q.set == name and q.split == split]) for split in splits}
              for name in dict.fromkeys(q.set for q in questions)}
    by_split = {split: metrics_for([q for q in questions if q.split == split]) for split in splits}
    by_kind = {kind: metrics_for([q for q in questions if q.kind == kind])
               for kind in sorted({q.kind for q in retrievable})}
    test = [q for q in questions if q.split == "test"] or questions
    journeys = _journeys(assistant, questions)
    if finder:
        journeys["method_finder"] = retrieval_metrics({r["id"]: r["ranked"] for r in finder},
                                                      {r["id"]: set(r["relevant"]) for r in finder})
    return {
        "journeys": journeys,
        "systems": metrics_for(test),
        "answers": {"all": _answer_metrics(rows),
                    **{split: _answer_metrics([r for r in rows if r["split"] == split]) for split in splits}},
        "sets": by_set,
        "by_kind": by_kind,
        "by_split": by_split,
        "model": assistant.kb.model_id,
        "questions": len(questions),
        "details": rows,
        "method_details": finder,
    }


def _answer_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The first version's answer figures, over every question with relevant documents."""
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


def _journeys(assistant: Assistant, questions: list[GoldenQuestion]) -> dict[str, dict[str, float]]:
    """Similar-prototype search on `similar` questions, called as the UI calls it (all splits)."""
    subset = [q for q in questions if q.kind == "similar"]
    if not subset:
        return {}
    ranked = {q.id: [m.doc_id for m in assistant.similar_to_text(q.question, k=10)] for q in subset}
    return {"similar_prototypes": retrieval_metrics(ranked, {q.id: set(q.relevant) for q in subset})}
