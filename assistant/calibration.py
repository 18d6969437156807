"""Calibrated weights per embedding model: how sentence features combine into a sentence score,
and how question features combine into the probability that the passages answer the question
(abstention below a threshold). Fitted on the tune split by `cimis eval --calibrate`, shipped in
`calibration.json` for the default model; a data folder may hold its own (written there by
`--calibrate`), which wins. Read once per process and data folder.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.evidence import QUESTION_FEATURES, SENTENCE_FEATURES, vector_of

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named features: score = bias + Σ weight·feature (a logit)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float = 0.0

    def score(self, values: dict[str, float]) -> float:
        return self.bias + float(np.dot(self.weights, vector_of(values, self.features)))

    def probability(self, values: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(values)))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "weights": [round(w, 5) for w in self.weights],
                "bias": round(self.bias, 5)}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearModel":
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data.get("bias", 0.0)))


# For a model never calibrated (e.g. a small test model): sentence weights set by hand to the signs
# the calibration finds, and abstention only on a weak best passage or a missing answer type.
DEFAULT_SENTENCE = LinearModel(SENTENCE_FEATURES, (4.0, 2.0, 2.5, 0.5, 1.0, -0.3, 1.5, 0.6, -2.5, -1.5, -2.5, -0.3))
DEFAULT_ABSTENTION = LinearModel(
    QUESTION_FEATURES, tuple(10.0 if f == "dense_top" else -3.0 if f == "type_missing" else 0.0 for f in QUESTION_FEATURES),
    -3.5)  # P = 0.5 at a best cosine of 0.35, the first version's rule for an uncalibrated model
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Calibration:
    sentence: LinearModel = DEFAULT_SENTENCE
    abstention: LinearModel = DEFAULT_ABSTENTION
    threshold: float = DEFAULT_THRESHOLD  # abstain when P(answerable) is below it
    report: dict = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict:
        return {"sentence": self.sentence.to_dict(), "abstention": self.abstention.to_dict(),
                "threshold": round(self.threshold, 4), "report": self.report}

    @classmethod
    def from_dict(cls, data: dict) -> "Calibration":
        return cls(LinearModel.from_dict(data["sentence"]), LinearModel.from_dict(data["abstention"]),
                   float(data["threshold"]), dict(data.get("report", {})))


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, json.JSONDecodeError):
        return {}


@lru_cache(maxsize=16)
def _load(model_id: str, local: Path | None, local_mtime: float) -> Calibration:
    for path in (local, CALIBRATION_FILE):
        entry = _read(path).get(model_id) if path else None
        if entry and "sentence" in entry:
            return Calibration.from_dict(entry)
    return Calibration()


def calibration_for(model_id: str, local: Path | None = None, threshold: float | None = None) -> Calibration:
    """The calibration of `model_id`: the data folder's file (`local`) first, then the shipped one;
    `threshold` overrides the abstention threshold (CIMIS_ABSTAIN_THRESHOLD)."""
    mtime = local.stat().st_mtime if local is not None and local.is_file() else 0.0
    calibration = _load(model_id, local, mtime)
    if threshold is not None:
        calibration = Calibration(calibration.sentence, calibration.abstention, threshold, calibration.report)
    return calibration


def save_calibration(model_id: str, calibration: Calibration, path: Path) -> None:
    data = _read(path)
    data[model_id] = calibration.to_dict()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
