"""The question log: what users asked, whether the corpus could answer, and their feedback."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from core.sqlite import ThreadConnections

MIN_ID, MAX_ID = 1, 2**63 - 1  # question ids are SQLite INTEGER PRIMARY KEYs

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    top_score REAL NOT NULL,
    feedback INTEGER
);
"""


@dataclass
class LoggedQuestion:
    id: int
    asked_at: str
    question: str
    abstained: bool
    top_score: float
    feedback: int | None

    def to_dict(self) -> dict:
        return asdict(self)


class QuestionLog:
    def __init__(self, path: Path) -> None:
        self._connections = ThreadConnections(path, _SCHEMA)

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def record(self, question: str, abstained: bool, top_score: float) -> int:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        cur = self._conn.execute(
            "INSERT INTO questions(asked_at, question, abstained, top_score) VALUES (?, ?, ?, ?)",
            (now, question, int(abstained), float(top_score)))
        return int(cur.lastrowid)

    def feedback(self, question_id: int, helpful: bool) -> bool:
        """Store a thumbs up/down; False for an id that was never logged (ids are SQLite
        integers: anything outside their range cannot be one)."""
        if not MIN_ID <= question_id <= MAX_ID:
            return False
        cur = self._conn.execute("UPDATE questions SET feedback=? WHERE id=?", (1 if helpful else -1, question_id))
        return cur.rowcount == 1

    def entries(self, limit: int | None = None) -> list[LoggedQuestion]:
        sql = "SELECT id, asked_at, question, abstained, top_score, feedback FROM questions ORDER BY id DESC"
        rows = self._conn.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [LoggedQuestion(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]

    def unanswered(self) -> list[LoggedQuestion]:
        """Questions the corpus could not answer: abstained on, or marked unhelpful."""
        return [e for e in self.entries() if e.abstained or e.feedback == -1]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "zeitpunkt", "frage", "abgelehnt", "top_score", "feedback"])
        for e in reversed(self.entries()):
            writer.writerow([e.id, e.asked_at, e.question, int(e.abstained), f"{e.top_score:.4f}",
                             "" if e.feedback is None else e.feedback])
        return out.getvalue()

    def close(self) -> None:
        self._connections.close()
