"""Assign the tune/test split of the golden question set (tests/golden/questions.jsonl).

The rule, so that anyone can reproduce it:

* Every question gets a field "split": "test" or "tune".
* The split is stratified by "kind" (fact, method, similar, tool, cross, unanswerable): within each
  kind, the questions are ordered by SHA-256 of "<SEED>:<id>" (a seeded shuffle that does not
  depend on Python's random module), and the first round(30 % of that kind) become "test" (at least
  one, and at least one stays "tune" when the kind has two or more questions); all others are "tune".
* "tune" is for tuning and calibration (e.g. `cimis eval --calibrate`); "test" is held out and only
  used to report results.

Because the split depends only on SEED, the id and the kind, editing a question's wording keeps it
in its split; renumbering the ids reshuffles the split, so do not renumber without need.

Usage:
    python scripts/split_golden.py                 # (re)assign splits in place
    python scripts/split_golden.py --check         # exit 1 if the file does not follow the rule
    python scripts/split_golden.py --merge DIR     # first merge DIR/*.jsonl (files by name, lines in
                                                   # order) into the golden file, renumbered q001…
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "questions.jsonl"
SEED = "cimis-golden-2025"
TEST_SHARE = 0.30
FIELDS = ("id", "question", "relevant", "kind")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def merge_parts(parts_dir: Path) -> list[dict]:
    """All questions of the part files, in file-name order, renumbered q001, q002, …"""
    rows = [row for part in sorted(parts_dir.glob("*.jsonl")) for row in read_jsonl(part)]
    return [{"id": f"q{n:03d}", **{k: row[k] for k in FIELDS if k != "id"}} for n, row in enumerate(rows, 1)]


def test_count(n: int) -> int:
    if n < 2:
        return 0
    return min(max(1, round(n * TEST_SHARE)), n - 1)


def assign_splits(rows: list[dict]) -> list[dict]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row["id"])
    test_ids = set()
    for ids in by_kind.values():
        ranked = sorted(ids, key=lambda qid: hashlib.sha256(f"{SEED}:{qid}".encode()).hexdigest())
        test_ids.update(ranked[: test_count(len(ids))])
    return [{**{k: row[k] for k in FIELDS}, "split": "test" if row["id"] in test_ids else "tune"} for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden", type=Path, default=GOLDEN)
    parser.add_argument("--merge", type=Path, metavar="DIR", help="merge DIR/*.jsonl into the golden file first")
    parser.add_argument("--check", action="store_true", help="only check that the splits follow the rule")
    args = parser.parse_args(argv)

    rows = merge_parts(args.merge) if args.merge else read_jsonl(args.golden)
    split = assign_splits(rows)
    if args.check:
        if split != rows:
            print(f"{args.golden}: Aufteilung weicht von der Regel ab; bitte scripts/split_golden.py ausführen")
            return 1
        return 0
    write_jsonl(args.golden, split)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in split:
        counts[row["kind"]][row["split"] == "test"] += 1
    for kind, (tune, test) in sorted(counts.items()):
        print(f"{kind:13} tune {tune:3}  test {test:3}")
    total_test = sum(test for _, test in counts.values())
    print(f"{'gesamt':13} tune {len(split) - total_test:3}  test {total_test:3}  ({total_test / len(split):.0%} test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
