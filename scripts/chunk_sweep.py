"""Chunk size and embedding text, measured on the golden *tune* split: each variant is ingested
into its own data dir with the default model, then ranked by the full pipeline and by dense
retrieval alone. Writes docs/quality/chunking.md. Takes a few minutes per variant on 2 cores.

Usage: .venv/bin/python scripts/chunk_sweep.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import core  # noqa: F401,E402
from core.settings import Settings  # noqa: E402
from assistant.evaluation.metrics import retrieval_metrics  # noqa: E402
from assistant.evaluation.runner import doc_ranking, load_golden  # noqa: E402
from assistant.intent import preferred_types  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from index.embedder import load_embedder  # noqa: E402
from index.knowledge_base import KnowledgeBase  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VARIANTS = [  # (label, target words, max words, embed heading)
    ("100 Wörter, mit Titel/Abschnitt", 100, 150, True),
    ("180 Wörter, mit Titel/Abschnitt", 180, 260, True),
    ("300 Wörter, mit Titel/Abschnitt", 300, 420, True),
    ("180 Wörter, nur Text", 180, 260, False),
]


def main() -> None:
    embedder = load_embedder(Settings())
    questions = [q for q in load_golden(REPO / "tests/golden/questions.jsonl") if q.split == "tune" and q.relevant]
    relevant = {q.id: set(q.relevant) for q in questions}
    lines = ["# Chunkgröße und Embedding-Text (tune-Split)", "",
             f"{len(questions)} beantwortbare tune-Fragen, Modell `{embedder.model_id}`; erzeugt mit "
             "`.venv/bin/python scripts/chunk_sweep.py`.", "",
             "| Variante | Passagen | cimis R@1 | cimis R@5 | cimis MRR@10 | dense R@5 | dense MRR@10 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, target, maximum, heading in VARIANTS:
        data = REPO / "data-sweep" / f"{target}-{int(heading)}"
        settings = Settings(data_dir=data, chunk_target_words=target, chunk_max_words=maximum,
                            embed_with_heading=heading)
        kb = KnowledgeBase(settings, embedder=embedder)
        kb.indexer.ingest([REPO / "corpus"])
        assistant = Assistant(settings, kb)
        ranked = {"cimis": {}, "dense": {}}
        for q in questions:
            hits = assistant.retriever.search(q.question, k=40, boost_types=preferred_types(q.question))
            ranked["cimis"][q.id] = doc_ranking([h.chunk.doc_id for h in hits])
            hits = assistant.retriever.search(q.question, k=40, mode="dense")
            ranked["dense"][q.id] = doc_ranking([h.chunk.doc_id for h in hits])
        c, d = (retrieval_metrics(ranked[n], relevant) for n in ("cimis", "dense"))
        lines.append(f"| {label} | {kb.manifest.counts()[1]} | {c['recall@1']:.3f} | {c['recall@5']:.3f} | "
                     f"{c['mrr@10']:.3f} | {d['recall@5']:.3f} | {d['mrr@10']:.3f} |")
        print(lines[-1], flush=True)
    (REPO / "docs/quality/chunking.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
