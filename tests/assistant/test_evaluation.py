"""The evaluation: metric code against hand-computed values, and a small golden run end to end."""

from __future__ import annotations

import json
import math

import pytest

from assistant.evaluation.metrics import mrr_at_k, ndcg_at_k, percentile, recall_at_k, retrieval_metrics
from assistant.evaluation.runner import SYSTEMS, load_golden, run_eval
from tests.conftest import GOLDEN, REPO

USERS_TUNE = REPO / "tests" / "golden" / "users-tune.jsonl"


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
    def _samples(self, answerable_p: list[float], unanswerable_p: list[float], question_set: str = "golden"):
        """Samples whose only question feature is a score that the fit turns into a probability."""
        from assistant.evidence import Evidence
        from assistant.evaluation.calibrate import Sample
        from assistant.evaluation.golden import GoldenQuestion

        def sample(i: int, p: float, ok: bool) -> Sample:
            q = GoldenQuestion(f"{question_set}-{i}", "?", frozenset({"d"} if ok else set()),
                               "fact" if ok else "unanswerable", "tune", question_set)
            return Sample(q, Evidence([], [], {"dense_top": p}), ok, [])
        return [sample(i, p, True) for i, p in enumerate(answerable_p)] + \
            [sample(100 + i, p, False) for i, p in enumerate(unanswerable_p)]

    def test_threshold_keeps_false_abstention_within_budget(self):
        from assistant.calibration import DEFAULT_SENTENCE
        from assistant.evaluation.calibrate import fit_abstention

        samples = self._samples([0.5 + i / 100 for i in range(40)], [0.2, 0.3, 0.45, 0.7])
        model, threshold, report = fit_abstention(samples, DEFAULT_SENTENCE)
        assert model.weights[model.features.index("dense_top")] > 0  # more similar, more answerable
        assert report["false_abstention"] <= 0.05
        assert report["recall"] == 0.75  # 0.2, 0.3 and 0.45 lie below every answerable question
        probabilities = sorted(model.probability(s.evidence.features | {"best_sentence": -10.0}) for s in samples[:40])
        assert sum(p < threshold for p in probabilities) <= 2

    def test_every_question_set_keeps_its_own_budget(self):
        """Pooled, the 5 % budget would be spent on the one weak question of the small set."""
        from assistant.calibration import DEFAULT_SENTENCE
        from assistant.evaluation.calibrate import fit_abstention

        large = self._samples([0.6 + i / 200 for i in range(40)], [0.2, 0.3], "authors")
        small = self._samples([0.42] + [0.6 + i / 100 for i in range(9)], [0.25, 0.45], "users")
        model, threshold, report = fit_abstention(large + small, DEFAULT_SENTENCE)
        weak = model.probability({"dense_top": 0.42, "best_sentence": -10.0})
        assert weak >= threshold  # answered: the small set may lose none of its 10
        assert report["false_abstention"] == 0.0
        assert model.probability({"dense_top": 0.25, "best_sentence": -10.0}) < threshold

    def test_standardised_fit_is_expressed_on_raw_features(self):
        """Fitted on z-scores, the weights returned apply to the raw values: the same predictions."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        from assistant.evaluation.calibrate import _logistic

        rng = np.random.default_rng(0)
        x = np.column_stack([rng.normal(0.5, 0.05, 200), rng.integers(0, 4, 200).astype(float)])
        y = (x[:, 0] - 0.5) * 20 - x[:, 1] + rng.normal(0, 1, 200) > -1.5
        coef, bias = _logistic(x, y, np.ones(200), 1.0, standardise=True)
        z = (x - x.mean(axis=0)) / x.std(axis=0)
        reference = LogisticRegression(C=1.0, max_iter=5000).fit(z, y).decision_function(z)
        assert np.allclose(x @ coef + bias, reference, atol=1e-6)
        assert coef[0] > 0 > coef[1]

    def test_needs_both_classes(self):
        from assistant.calibration import DEFAULT_SENTENCE
        from assistant.evaluation.calibrate import fit_abstention

        with pytest.raises(ValueError, match="unbeantwortbare"):
            fit_abstention(self._samples([0.5, 0.6], []), DEFAULT_SENTENCE)


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
        hits = [bool(set(r["ranked"]["dense"][:10]) & set(r["relevant"])) for r in result["details"] if r["relevant"]]
        assert result["by_split"] and result["by_kind"]
        assert any(hits)

    def test_every_kind_of_user_question(self, bundled_assistant, tmp_path):
        """Lists, follow-ups, unanswerable questions and method challenges, each measured as users meet them."""
        questions = load_golden(USERS_TUNE)
        subset = [next(q for q in questions if q.kind == kind)
                  for kind in ("fact", "list", "followup", "unanswerable", "method")]
        result = run_eval(bundled_assistant, subset, tmp_path / "cache")
        figures = result["sets"]["users-tune"]["tune"]
        rows = {r["kind"]: r for r in result["details"]}
        assert rows["list"]["route"] == "list" and figures["lists"]["questions"] == 1
        assert figures["lists"]["listed_recall"] == rows["list"]["listed_recall"] == 1.0
        assert rows["followup"]["resolved_question"] != subset[2].question  # resolved against the first turn
        assert figures["followups"]["questions"] == 1
        assert figures["methods"]["questions"] == 1 and len(result["method_details"][0]["ranked"]) == 10
        assert figures["ask"]["answerable"] == 2 and figures["ask"]["unanswerable"] == 1
        assert figures["ask"]["quotes_verbatim"] == 1.0
        json.dumps(result)
