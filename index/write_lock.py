"""One writer per data dir: ingests, uploads, deletes and reindexes from any thread or process
are serialised by a file lock in the data dir (plus a thread lock, because a file lock is held
per process).

The holder writes who it is next to the lock, so a second writer that gives up can say which
command is busy and since when.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".write.lock"
HOLDER_NAME = ".write.lock.holder"


class WriteBusyError(RuntimeError):
    """Another writer holds the data dir's write lock (the message says who, in German)."""


def _command() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    args = [a for a in sys.argv[1:2] if not a.startswith("-")]
    return " ".join([name, *args])


class WriteLock:
    def __init__(self, data_dir: Path, timeout_s: float) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.timeout_s = timeout_s
        self._thread = threading.RLock()
        # thread_local=False: the RLock above already decides which thread may hold it.
        self._file = FileLock(str(data_dir / LOCK_NAME), thread_local=False)
        self._holder = data_dir / HOLDER_NAME
        self._depth = 0

    @contextmanager
    def hold(self, what: str, timeout_s: float | None = None) -> Iterator[None]:
        """Hold the lock for a write (re-entrant in one thread); raise WriteBusyError after the wait."""
        wait = self.timeout_s if timeout_s is None else timeout_s
        if not self._thread.acquire(timeout=wait if wait >= 0 else -1):
            raise WriteBusyError(self._busy_message())
        try:
            if self._depth == 0:
                try:
                    self._file.acquire(timeout=wait)
                except Timeout:
                    raise WriteBusyError(self._busy_message()) from None
                self._write_holder(what)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._holder.unlink(missing_ok=True)
                    self._file.release()
        finally:
            self._thread.release()

    @contextmanager
    def try_hold(self) -> Iterator[bool]:
        """Hold the lock only if nobody (no thread of ours, no other process) writes now; yields
        whether it is held. Readers use it to reload without waiting for a long write."""
        if not self._thread.acquire(blocking=False):
            yield False
            return
        try:
            if self._depth:  # this thread is writing: it holds the lock already
                yield True
                return
            try:
                self._file.acquire(timeout=0)
            except Timeout:
                yield False
                return
            try:
                yield True
            finally:
                self._file.release()
        finally:
            self._thread.release()

    def _write_holder(self, what: str) -> None:
        since = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        tmp = self._holder.with_name(self._holder.name + ".tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "what": what, "command": _command(), "since": since}))
        tmp.replace(self._holder)

    def _busy_message(self) -> str:
        try:
            holder = json.loads(self._holder.read_text())
            who = f" ({holder['what']}, {holder['command']}, PID {holder['pid']}, seit {holder['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            who = ""
        return (f"Der Datenordner wird gerade von einem anderen Vorgang beschrieben{who}. "
                "Bitte warten, bis er fertig ist, und dann erneut versuchen.")
