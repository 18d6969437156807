"""Fit the shipped answer calibration (`assistant/calibration.json`) on the tune splits of
several corpora, each indexed in its own data folder, so that it holds beyond one corpus.

    .venv/bin/python scripts/calibrate.py \\
        --set tests/golden/questions.jsonl=data --set tests/golden/users-tune.jsonl=data \\
        --set tests/golden/outside/outside.jsonl=data-outside

Only questions with `split: tune` are read. `cimis eval --calibrate` does the same for one data
folder and writes into it instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import core  # noqa: E402,F401  (offline environment first)
from core.settings import Settings  # noqa: E402
from assistant.calibration import CALIBRATION_FILE, save_calibration  # noqa: E402
from assistant.evaluation.calibrate import MAX_FALSE_ABSTENTION, collect, fit  # noqa: E402
from assistant.evaluation.golden import load_golden  # noqa: E402
from assistant.service import Assistant  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", required=True, metavar="FILE=DATA_DIR",
                        help="golden questions and the data folder whose index they are asked against")
    parser.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    parser.add_argument("--max-false-abstention", type=float, default=MAX_FALSE_ABSTENTION)
    args = parser.parse_args()
    samples, model_ids = [], set()
    assistants: dict[str, Assistant] = {}
    for pair in args.set:
        file, _, data_dir = pair.partition("=")
        assistant = assistants.setdefault(data_dir, Assistant(Settings(data_dir=Path(data_dir))))
        model_ids.add(assistant.kb.model_id)
        questions = [q for q in load_golden(Path(file)) if q.split == "tune"]
        print(f"{file}: {len(questions)} tune-Fragen auf {data_dir}", file=sys.stderr)
        samples += collect(assistant, questions)
    if len(model_ids) != 1:
        sys.exit(f"Alle Datenordner müssen mit demselben Modell gebaut sein, gefunden: {sorted(model_ids)}")
    calibration = fit(samples, args.max_false_abstention)
    save_calibration(model_ids.pop(), calibration, args.out)
    print(json.dumps(calibration.to_dict(), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
