"""Staff authentication shared by the REST API and the web UI: token check with a limit on wrong
attempts per client, and short-lived browser sessions for Gradio's file upload route (the
browser cannot send a bearer token with Gradio's own requests)."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

SESSION_COOKIE = "cimis_staff"
SESSION_TTL_S = 8 * 3600


class TooManyAttempts(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"Zu viele falsche Token-Versuche. Bitte in {retry_after_s} s erneut versuchen.")
        self.retry_after_s = retry_after_s


@dataclass
class StaffAuth:
    token: str | None
    max_failures: int
    window_s: float
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _sessions: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def check(self, given: str | None, client: str) -> bool:
        """Whether `given` is the staff token; raises TooManyAttempts while `client` has used up
        its wrong attempts in the window (then even the right token waits: no guessing race).
        No token at all is no guess and is not counted."""
        if given is None:
            return False
        now = time.monotonic()
        with self._lock:
            recent = self._failures.setdefault(client, deque())
            while recent and recent[0] <= now - self.window_s:
                recent.popleft()
            if len(recent) >= self.max_failures:
                raise TooManyAttempts(max(1, int(recent[0] + self.window_s - now) + 1))
            ok = bool(self.token) and secrets.compare_digest((given or "").encode("utf-8", "surrogatepass"),
                                                            self.token.encode("utf-8", "surrogatepass"))
            if not ok:
                recent.append(now)
            elif not recent:
                del self._failures[client]
            if len(self._failures) > 10_000:  # bounded memory under a flood of clients
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - self.window_s}
            return ok

    def open_session(self) -> str:
        secret = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            self._sessions = {s: t for s, t in self._sessions.items() if t > now}
            self._sessions[secret] = now + SESSION_TTL_S
        return secret

    def session_valid(self, secret: str | None) -> bool:
        if not secret:
            return False
        with self._lock:
            expires = self._sessions.get(secret)
        return expires is not None and expires > time.monotonic()
