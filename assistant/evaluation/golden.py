"""Golden question sets: JSON Lines, one question per line (format: tests/golden/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.text import normalise

KINDS_WITHOUT_ANSWER = {"unanswerable"}


@dataclass(frozen=True)
class GoldenQuestion:
    id: str
    question: str
    relevant: frozenset[str]
    kind: str
    split: str
    set: str = "golden"
    history: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    facet: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def answerable(self) -> bool:
        return self.kind not in KINDS_WITHOUT_ANSWER


def load_golden(path: Path) -> list[GoldenQuestion]:
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            questions.append(GoldenQuestion(
                id=d["id"], question=d["question"], relevant=frozenset(d.get("relevant", [])), kind=d["kind"],
                split=d.get("split", "tune"), set=path.stem,
                history=tuple(t["question"] for t in d.get("history", [])),
                evidence=tuple(d.get("evidence", [])), facet=dict(d.get("facet", {}))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: keine gültige Golden-Frage ({exc!r})") from exc
    return questions


def load_sets(paths: list[Path]) -> list[GoldenQuestion]:
    """All questions of several files; ids must be unique across them."""
    questions = [q for path in paths for q in load_golden(path)]
    seen: dict[str, str] = {}
    for q in questions:
        if q.id in seen:
            raise ValueError(f"Frage-ID {q.id!r} kommt doppelt vor ({seen[q.id]}, {q.set})")
        seen[q.id] = q.set
    return questions


def contains_evidence(text: str, evidence: tuple[str, ...]) -> bool:
    haystack = normalise(text)
    return any(normalise(e) in haystack for e in evidence)
