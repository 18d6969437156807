"""Abstention thresholds per embedding model, derived from the golden tune split by `cimis eval
--calibrate` and committed in `calibration.json`; `CIMIS_ABSTAIN_THRESHOLD` overrides."""

from __future__ import annotations

import json
from pathlib import Path

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
# For a model never calibrated: below this cosine, passages rarely answer anything.
UNCALIBRATED_THRESHOLD = 0.35


def load_calibration(path: Path = CALIBRATION_FILE) -> dict[str, dict]:
    return json.loads(path.read_text()) if path.is_file() else {}


def threshold_for(model_id: str, override: float | None = None, path: Path = CALIBRATION_FILE) -> float:
    if override is not None:
        return override
    entry = load_calibration(path).get(model_id)
    return float(entry["threshold"]) if entry else UNCALIBRATED_THRESHOLD


def save_calibration(model_id: str, entry: dict, path: Path = CALIBRATION_FILE) -> None:
    data = load_calibration(path)
    data[model_id] = entry
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
