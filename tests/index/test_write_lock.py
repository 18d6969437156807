"""The data dir's write lock: one writer at a time across threads and processes, with a clear
message when busy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from index.write_lock import WriteBusyError, WriteLock

HOLD_SCRIPT = """
import sys, time
from pathlib import Path
from index.write_lock import WriteLock
lock = WriteLock(Path(sys.argv[1]), 5)
with lock.hold("Einlesen"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_other_process(data_dir, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_SCRIPT, str(data_dir), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


class TestWriteLock:
    def test_second_process_is_refused_with_the_holder_named(self, tmp_path):
        other = hold_in_other_process(tmp_path, 3)
        try:
            lock = WriteLock(tmp_path, timeout_s=0.3)
            with pytest.raises(WriteBusyError) as busy:
                with lock.hold("Hochladen"):
                    pass
            message = str(busy.value)
            assert "Einlesen" in message and f"PID {other.pid}" in message and "erneut versuchen" in message
        finally:
            other.wait(timeout=30)
        with WriteLock(tmp_path, timeout_s=0.3).hold("Hochladen"):  # free again once the holder is done
            pass

    def test_waiting_writer_gets_the_lock_when_the_holder_finishes(self, tmp_path):
        other = hold_in_other_process(tmp_path, 1)
        start = time.monotonic()
        with WriteLock(tmp_path, timeout_s=30).hold("Löschen"):
            assert other.poll() is not None or time.monotonic() - start >= 0.5
        other.wait(timeout=30)

    def test_threads_of_one_process_are_serialised_and_reentrant(self, tmp_path):
        lock = WriteLock(tmp_path, timeout_s=5)
        inside, overlaps = [], []

        def write(n: int) -> None:
            with lock.hold(f"schreiben {n}"):
                with lock.hold("verschachtelt"):  # re-entrant in one thread
                    if inside:
                        overlaps.append(n)
                    inside.append(n)
                    time.sleep(0.05)
                    inside.remove(n)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert overlaps == []

    def test_try_hold_never_waits_for_a_writer(self, tmp_path):
        other = hold_in_other_process(tmp_path, 2)
        try:
            lock = WriteLock(tmp_path, timeout_s=5)
            start = time.monotonic()
            with lock.try_hold() as held:
                assert held is False
            assert time.monotonic() - start < 0.5
        finally:
            other.wait(timeout=30)
        with WriteLock(tmp_path, timeout_s=5).try_hold() as held:
            assert held is True
