"""Fitting the answer weights on the tune split: a logistic model that scores sentences (is this
the sentence that holds the labelled evidence?) and one that says whether the passages answer
the question at all, with the abstention threshold set so that at most a given share of the
answerable tune questions is lost. Questions of several corpora (each on its own index) can be
pooled, which is how the shipped calibration is made to hold beyond our own corpus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.types import Turn
from assistant.answer import answer_features, choose
from assistant.calibration import Calibration, LinearModel
from assistant.chat import passage_evidence, plan_turn
from assistant.evaluation.golden import GoldenQuestion, contains_evidence
from assistant.evidence import QUESTION_FEATURES, SENTENCE_FEATURES, Evidence, vector_of
from assistant.service import Assistant

ANSWERABLE_KINDS = {"fact", "followup", "tool", "cross", "method", "similar"}


# A little under the 5 % target: a threshold holds less well on new questions than on those it was
# fitted on (cross-validated on tune: docs/quality/DECISIONS.md §9.2).
MAX_FALSE_ABSTENTION = 0.04


@dataclass
class Sample:
    question: GoldenQuestion
    evidence: Evidence
    answerable: bool
    labels: list[bool]  # per candidate: holds the evidence (empty when the question has none)


def collect(assistant: Assistant, questions: list[GoldenQuestion]) -> list[Sample]:
    """Evidence for every tune question that the passage route would answer."""
    ctx = assistant.chat_context()
    samples = []
    for q in questions:
        if q.split != "tune" or q.kind == "list" or (q.kind not in ANSWERABLE_KINDS and q.kind != "unanswerable"):
            continue
        history = []
        for earlier in q.history:
            history.append(Turn(earlier, assistant.ask(earlier, history=history, log=False).answer))
        plan = plan_turn(ctx, q.question, history)
        if plan.route.name != "passage" or (q.kind == "method" and q.set != "questions"):
            continue
        evidence = passage_evidence(ctx, plan)
        labels = [bool(q.evidence) and contains_evidence(c.text, q.evidence) for c in evidence.candidates]
        samples.append(Sample(q, evidence, q.kind != "unanswerable" and bool(q.relevant), labels))
    return samples


def _logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float,
              standardise: bool = False) -> tuple[np.ndarray, float]:
    """Weights and bias on the raw features. `standardise` fits on z-scored features (so that the
    regularisation treats a count and a cosine alike) and folds the scaling back into the weights."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = (x.mean(axis=0), x.std(axis=0)) if standardise else (np.zeros(x.shape[1]), np.ones(x.shape[1]))
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    # Weights only balance questions and classes; scaled to mean 1 the regularisation stays as strong
    # as for plain samples.
    model.fit((x - mean) / scale, y, sample_weight=weights * len(weights) / weights.sum())
    coef = model.coef_[0] / scale
    return coef, float(model.intercept_[0] - coef @ mean)


def fit_sentence_model(samples: list[Sample], c: float = 1.0) -> LinearModel:
    """Each question with evidence weighs the same, however many candidates it has."""
    rows, labels, weights = [], [], []
    for s in samples:
        if not any(s.labels):
            continue
        for candidate, label in zip(s.evidence.candidates, s.labels):
            rows.append(vector_of(candidate.features, SENTENCE_FEATURES))
            labels.append(label)
            weights.append(1.0 / len(s.labels))
    coef, bias = _logistic(np.array(rows), np.array(labels), np.array(weights), c)
    return LinearModel(SENTENCE_FEATURES, tuple(float(w) for w in coef), bias)


def question_features(sample: Sample, sentence: LinearModel) -> dict[str, float]:
    """What `compose` weighs to abstain, with the sentence model being fitted."""
    for c in sample.evidence.candidates:
        c.score = sentence.score(c.features)
    return answer_features(sample.evidence, choose(sample.evidence))


def fit_abstention(samples: list[Sample], sentence: LinearModel, max_false_abstention: float = MAX_FALSE_ABSTENTION,
                   c: float = 1.0) -> tuple[LinearModel, float, dict]:
    """The abstention model, balanced between the classes, and the highest threshold that loses at
    most `max_false_abstention` of the answerable tune questions of *every* question set on its own:
    a budget met only on the pooled questions was spent on one kind of writer or corpus and, in
    cross-validation, did not hold on new questions of that kind."""
    x = np.array([vector_of(question_features(s, sentence), QUESTION_FEATURES) for s in samples])
    y = np.array([s.answerable for s in samples])
    if y.all() or not y.any():
        raise ValueError("Kalibrierung braucht beantwortbare und unbeantwortbare Fragen im tune-Split")
    balance = np.where(y, 0.5 / y.sum(), 0.5 / (~y).sum())
    coef, bias = _logistic(x, y, balance, c, standardise=True)
    model = LinearModel(QUESTION_FEATURES, tuple(float(w) for w in coef), bias)
    p = np.array([model.probability(question_features(s, sentence)) for s in samples])
    sets = np.array([s.question.set for s in samples])
    threshold = min(_threshold(p[sets == name], y[sets == name], max_false_abstention)
                    for name in sorted(set(sets)) if y[sets == name].any())
    lost_u, lost_a = int((p[~y] < threshold).sum()), int((p[y] < threshold).sum())
    report = {"tune_answerable": int(y.sum()), "tune_unanswerable": int((~y).sum()),
              "recall": round(lost_u / int((~y).sum()), 4),
              "precision": round(lost_u / (lost_u + lost_a), 4) if lost_u + lost_a else 0.0,
              "false_abstention": round(lost_a / int(y.sum()), 4)}
    return model, threshold, report


def _threshold(p: np.ndarray, answerable: np.ndarray, max_false_abstention: float) -> float:
    """The highest threshold that loses at most that share of the answerable questions, halfway
    between two observed probabilities."""
    kept = np.sort(p[answerable])
    upper = kept[int(max_false_abstention * len(kept))]  # the lowest probability that must stay answered
    below = p[p < upper]
    return float((upper + below.max()) / 2) if len(below) else float(upper - 1e-3)


def fit(samples: list[Sample], max_false_abstention: float = MAX_FALSE_ABSTENTION) -> Calibration:
    sentence = fit_sentence_model(samples)
    abstention, threshold, report = fit_abstention(samples, sentence, max_false_abstention)
    report["questions_with_evidence"] = sum(1 for s in samples if any(s.labels))
    return Calibration(sentence, abstention, threshold, report)
