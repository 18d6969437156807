"""SQLite connections per thread: a connection shared across threads interleaves their
transactions and cursors (the server answers requests on a pool of threads)."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from pathlib import Path


class _Connection(sqlite3.Connection):
    """Weakly referenceable, so a finished thread's connection is freed with the thread."""


class ThreadConnections:
    """One autocommit connection per thread to one database file, with WAL and a busy timeout
    (another process may hold the write lock of the file for a moment)."""

    def __init__(self, path: Path, schema: str, pragmas: tuple[str, ...] = ()) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._pragmas = ("PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=30000", *pragmas)
        self._local = threading.local()
        self._all: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.get().executescript(schema)

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, factory=_Connection)
            for pragma in self._pragmas:
                conn.execute(pragma)
            self._local.conn = conn
            with self._lock:
                self._all.add(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in list(self._all):
                conn.close()
            self._all.clear()
        self._local = threading.local()
