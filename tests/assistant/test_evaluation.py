"""The evaluation: metric code against hand-computed values, and a small golden run end to end."""

from __future__ import annotations

import json
import math

import pytest

from assistant.evaluation.metrics import mrr_at_k, ndcg_at_k, percentile, recall_at_k, retrieval_metrics
from assistant.evaluation.runner import SYSTEMS, calibrate, load_golden, run_eval
from tests.conftest import GOLDEN


class TestMetrics:
    def test_hand_computed_values(self):
        ranked = ["a", "x", "b", "y", "z"]
        relevant = {"a", "b", "c"}
        assert recall_at_k(ranked, relevant, 1) == pytest.approx(1 / 3)
        assert recall_at_k(ranked, relevant, 5) == pytest.approx(2 / 3)
        assert mrr_at_k(["x", "y", "b"], relevant, 10) == pytest.approx(1 / 3)
        assert mrr_at_k(["x", "y"], relevant, 10) == 0.0
        # DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal (3 relevant) = 1 + 1/log2(3) + 1/log2(4)
        assert ndcg_at_k(ranked, relevant, 10) == pytest.approx(1.5 / (1 + 1 / math.log2(3) + 0.5))
        assert percentile([10, 30, 20, 40], 0.5) == pytest.approx(25.0)

    def test_aggregate_over_queries_skips_unanswerable(self):
        ranked = {"q1": ["a", "b"], "q2": ["c", "d"], "q3": ["e"]}
        relevant = {"q1": {"b"}, "q2": {"c"}, "q3": set()}
        m = retrieval_metrics(ranked, relevant, {"q1": 10.0, "q2": 30.0, "q3": 20.0})
        assert m["queries"] == 2
        assert m["recall@1"] == 0.5 and m["recall@5"] == 1.0
        assert m["mrr@10"] == pytest.approx(0.75)
        assert m["p50_ms"] == 20.0


class TestCalibration:
    def test_threshold_keeps_false_abstention_within_budget(self):
        rows = [{"split": "tune", "relevant": ["d"], "kind": "fact", "relevance": 0.5 + i / 100, "abstain_reason": None}
                for i in range(40)]
        rows += [{"split": "tune", "relevant": [], "kind": "unanswerable", "relevance": r, "abstain_reason": None}
                 for r in (0.2, 0.3, 0.45, 0.7)]
        entry = calibrate(rows)
        assert 0.45 < entry["threshold"] <= 0.52
        assert entry["false_abstention"] <= 0.05 and entry["recall"] == 0.75
        assert entry["precision"] == pytest.approx(3 / (3 + int(entry["false_abstention"] * 40)))


class TestEvalRun:
    def test_small_golden_subset_end_to_end(self, bundled_assistant, tmp_path):
        questions = load_golden(GOLDEN)
        subset = [q for q in questions if q.kind == "unanswerable"][:2] + [q for q in questions if q.relevant][:6]
        result = run_eval(bundled_assistant, subset, tmp_path / "cache")
        assert set(result["systems"]) == set(SYSTEMS)
        for metrics in result["systems"].values():
            assert set(metrics) >= {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "p50_ms"}
            assert 0.0 <= metrics["recall@1"] <= metrics["recall@5"] <= metrics["recall@10"] <= 1.0
        assert result["answers"]["all"]["quotes_verbatim"] == 1.0
        assert len(result["details"]) == len(subset)
        json.dumps(result)  # serialisable as the CLI prints it
        # Per-question rankings agree with the aggregate recall@10 of the dense system.
        hits = [bool(set(r["ranked"]["dense"][:10]) & set(r["relevant"])) for r in result["details"] if r["relevant"]]
        assert result["by_split"] and result["by_kind"]
        if any(q.kind == "method" for q in subset):
            assert 0.0 <= result["journeys"]["method_finder"]["mrr@10"] <= 1.0
        assert any(hits)
