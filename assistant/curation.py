"""What staff need to keep the corpus healthy: a validation report and the knowledge gaps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from index.embedder import Embedder
from index.manifest import Manifest
from ingest.loaders.pdf import glued_share
from assistant.question_log import LoggedQuestion
from assistant.similar import DocumentVectors

NEAR_DUPLICATE_COSINE = 0.97
SHORT_DOCUMENT_WORDS = 80
GARBLED_SHARE = 0.01
GAP_COSINE = 0.75


@dataclass
class DocumentCheck:
    doc_id: str
    title: str
    type: str
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "ok" if not self.problems else f"{len(self.problems)} Hinweis(e)"


def validation_report(manifest: Manifest, vectors: DocumentVectors) -> list[DocumentCheck]:
    records = {d.doc_id: d for d in manifest.documents()}
    checks = {d.doc_id: DocumentCheck(d.doc_id, d.title, d.type, list(d.warnings)) for d in records.values()}
    texts: dict[str, list[str]] = {}
    for chunk in manifest.all_chunks().values():
        texts.setdefault(chunk.doc_id, []).append(chunk.text)
    for doc_id, check in checks.items():
        body = "\n".join(texts.get(doc_id, []))
        words = len(body.split())
        if 0 < words < SHORT_DOCUMENT_WORDS:
            check.problems.append(f"Sehr kurz: nur {words} Wörter")
        if records[doc_id].source.lower().endswith(".pdf") and body:
            share = glued_share(body)
            if share > GARBLED_SHARE:
                check.problems.append(f"PDF-Text wirkt verstümmelt: {share:.1%} verklebte Wörter")
    ids, matrix = vectors.get()
    if len(ids) > 1:
        sims = matrix @ matrix.T
        np.fill_diagonal(sims, 0)
        for i, j in zip(*np.where(np.triu(sims) >= NEAR_DUPLICATE_COSINE)):
            a, b = ids[int(i)], ids[int(j)]
            checks[a].problems.append(f"Fast gleich wie {b} (Ähnlichkeit {sims[i, j]:.2f})")
            checks[b].problems.append(f"Fast gleich wie {a} (Ähnlichkeit {sims[i, j]:.2f})")
    return sorted(checks.values(), key=lambda c: (not c.problems, c.doc_id))


@dataclass
class Gap:
    question: str
    count: int
    last_asked: str
    examples: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def knowledge_gaps(unanswered: list[LoggedQuestion], embedder: Embedder, threshold: float = GAP_COSINE) -> list[Gap]:
    """Unanswered questions grouped by meaning, most frequent first."""
    if not unanswered:
        return []
    vectors = embedder.embed_queries([q.question for q in unanswered])
    clusters: list[tuple[np.ndarray, list[LoggedQuestion]]] = []
    for question, vector in zip(unanswered, vectors):
        best = max(range(len(clusters)), key=lambda c: float(clusters[c][0] @ vector), default=None)
        if best is not None and float(clusters[best][0] @ vector) >= threshold:
            members = clusters[best][1]
            members.append(question)
            centroid = clusters[best][0] * (len(members) - 1) + vector
            clusters[best] = (centroid / np.linalg.norm(centroid), members)
        else:
            clusters.append((vector, [question]))
    gaps = []
    for _, members in clusters:
        latest = max(members, key=lambda q: q.asked_at)
        distinct = list(dict.fromkeys(q.question for q in members))
        gaps.append(Gap(latest.question, len(members), latest.asked_at, distinct[:5]))
    return sorted(gaps, key=lambda g: (-g.count, g.question))
