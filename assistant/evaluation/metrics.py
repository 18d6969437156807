"""Standard IR metrics at document level, in the style of sentence-transformers' evaluators:
plain dicts in (query id → ranked doc ids, query id → relevant doc ids), plain floats out."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant documents found in the first k."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def mrr_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-relevance nDCG: DCG of the ranking over DCG of the ideal ranking."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], start=1) if doc in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Iterable[float], q: float) -> float:
    data = sorted(values)
    if not data:
        return 0.0
    pos = (len(data) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return data[low] + (data[high] - data[low]) * (pos - low)


def retrieval_metrics(ranked: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]],
                      latencies_ms: Mapping[str, float] | None = None) -> dict[str, float]:
    """Mean Recall@1/5/10, MRR@10, nDCG@10 over the queries with relevant documents, and p50 latency."""
    ids = [q for q in ranked if relevant.get(q)]
    n = len(ids) or 1
    out = {
        "recall@1": sum(recall_at_k(ranked[q], relevant[q], 1) for q in ids) / n,
        "recall@5": sum(recall_at_k(ranked[q], relevant[q], 5) for q in ids) / n,
        "recall@10": sum(recall_at_k(ranked[q], relevant[q], 10) for q in ids) / n,
        "mrr@10": sum(mrr_at_k(ranked[q], relevant[q], 10) for q in ids) / n,
        "ndcg@10": sum(ndcg_at_k(ranked[q], relevant[q], 10) for q in ids) / n,
    }
    out = {k: round(v, 4) for k, v in out.items()}
    times = [latencies_ms[qid] for qid in ranked if qid in latencies_ms] if latencies_ms else []
    out["p50_ms"] = round(percentile(times, 0.5), 1)
    out["queries"] = len(ids)
    return out
