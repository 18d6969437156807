"""Keeping the server's resident memory flat under load (glibc only; elsewhere these are no-ops).

The server answers on a pool of threads, and glibc gives each thread that allocates its own
malloc arena; the model's short-lived tensors of ever-different shapes then leave freed memory
scattered over many arenas that is never handed back to the system, so RSS creeps up request
after request. Two arenas are enough for a 2-core CPU, and trimming after a burst of requests
returns what was freed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter number from <malloc.h>


def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    libc = ctypes.CDLL(name)
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def limit_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas (call before the worker threads start allocating)."""
    if _LIBC is not None and _LIBC.mallopt(_M_ARENA_MAX, arenas) != 1:
        log.warning("mallopt(M_ARENA_MAX) abgelehnt")


class Trimmer:
    """Calls malloc_trim at most every `interval_s` seconds, from `after_request`."""

    def __init__(self, interval_s: float = 5.0) -> None:
        self.interval_s = interval_s
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def after_request(self) -> None:
        if _LIBC is None:
            return
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.interval_s:
                return
            self._last = now
        _LIBC.malloc_trim(0)
