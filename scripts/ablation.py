"""Retrieval ablations on the golden *tune* split (never the test split): which choice of the
pipeline earns its place. Prints a table and writes docs/quality/ablation.md.

Usage (index ingested with the default model): .venv/bin/python scripts/ablation.py
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import core  # noqa: F401,E402
from core.settings import Settings  # noqa: E402
from assistant.evaluation.metrics import retrieval_metrics  # noqa: E402
from assistant.evaluation.runner import doc_ranking, load_golden  # noqa: E402
from assistant.intent import preferred_types  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from index.keyword_index import KeywordIndex  # noqa: E402
from index.retriever import keyword_text  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    assistant = Assistant(Settings())
    retriever = assistant.retriever
    retriever.ensure_keyword_index()
    questions = [q for q in load_golden(REPO / "tests/golden/questions.jsonl") if q.split == "tune" and q.relevant]
    relevant = {q.id: set(q.relevant) for q in questions}
    embed = retriever.embedder()
    vectors = {q.id: embed.embed_queries([q.question])[0] for q in questions}

    class CachedQueries:
        """Same model, query vectors computed once for all variants."""
        model_id, dimension = embed.model_id, embed.dimension

        def embed_queries(self, texts):
            import numpy as np
            return np.vstack([vectors[by_text[t]] for t in texts])

    by_text = {q.question: q.id for q in questions}
    retriever._embedder = lambda: CachedQueries()
    decompounded = retriever.keyword
    plain = KeywordIndex(assistant.settings.data_dir / "eval-cache" / "bm25-plain-ablation", decompound=False)
    chunks = assistant.kb.manifest.all_chunks()
    plain.build(list(chunks), [keyword_text(c) for c in chunks.values()], decompounded.generation)
    base = retriever.fusion

    variants = [
        ("dense only", dict(mode="dense"), base, decompounded, False),
        ("bm25 only (compounds split)", dict(mode="bm25"), base, decompounded, False),
        ("hybrid RRF, keyword weight 1.0 (equal)", {}, dataclasses.replace(base, keyword_weight=1.0, type_boost=0), decompounded, False),
        ("hybrid RRF, keyword weight 0.5", {}, dataclasses.replace(base, type_boost=0), decompounded, False),
        ("hybrid RRF, keyword weight 0.3", {}, dataclasses.replace(base, keyword_weight=0.3, type_boost=0), decompounded, False),
        ("hybrid 0.5, no compound splitting", {}, dataclasses.replace(base, type_boost=0), plain, False),
        ("hybrid 0.5 + type boost 0.15 (shipped)", {}, base, decompounded, True),
        ("hybrid 0.5 + type boost 0.3", {}, dataclasses.replace(base, type_boost=0.3), decompounded, True),
    ]
    lines = ["# Ablationen (tune-Split)", "", f"{len(questions)} beantwortbare tune-Fragen, Modell `{assistant.kb.model_id}`.",
             "Erzeugt mit `.venv/bin/python scripts/ablation.py`.", "",
             "| Variante | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 |", "|---|---:|---:|---:|---:|---:|"]
    for name, kwargs, fusion, keyword, boost in variants:
        retriever.fusion, retriever.keyword = fusion, keyword
        ranked = {}
        for q in questions:
            hits = retriever.search(q.question, k=40, boost_types=preferred_types(q.question) if boost else frozenset(),
                                    **kwargs)
            ranked[q.id] = doc_ranking([h.chunk.doc_id for h in hits])
        m = retrieval_metrics(ranked, relevant)
        lines.append(f"| {name} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['recall@10']:.3f} | {m['mrr@10']:.3f} | {m['ndcg@10']:.3f} |")
        print(lines[-1], flush=True)
    (REPO / "docs/quality/ablation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
