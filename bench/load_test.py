"""Bounded load test of a real `cimis serve` on 127.0.0.1.

N clients send a fixed mix of read requests (ask, search, methods, similar, documents) in rounds
of a fixed request count, each under a time cap. The first round warms up; the later rounds are
equal, so the server's RSS after each tells whether memory stays flat. Reports req/s, latency
p50/p95/p99, errors (any status other than 200, or a timeout) and RSS before/after per round.

    .venv/bin/python bench/load_test.py                      # server on CIMIS_DATA_DIR (./data), 3 rounds
    .venv/bin/python bench/load_test.py --clients 4 --requests 300 --rounds 4 --time-cap 600

The data dir must be ingested (`make ingest`). Results: bench/results/load-<date>.{json,md}.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]

QUESTIONS = ["Wie viele Testpersonen braucht ein erster Usability-Test?", "Wie viel Budget bekam jedes Match?",
             "Wie lange dauert eine Stakeholder Map?", "Was ist eine Persona?",
             "Welche KI-Tools helfen beim Transkribieren von Interviews?"]
QUERIES = ["Budget pro Match", "Prototyp testen", "Interviewleitfaden", "Kundenreise", "Methode Verstehen"]
CHALLENGES = ["Wir wissen nicht, warum Gäste nach dem ersten Besuch nicht wiederkommen",
              "Wir wollen im Team schnell viele Ideen sammeln"]


def requests_mix(similar_id: str):
    """An endless, fixed sequence of read requests, as users send them."""
    cycle = [("POST", "/api/ask", {"json": {"question": q}}) for q in QUESTIONS]
    cycle += [("GET", "/api/search", {"params": {"q": q, "k": 5}}) for q in QUERIES]
    cycle += [("POST", "/api/methods", {"json": {"challenge": c, "max_minutes": 60}}) for c in CHALLENGES]
    cycle += [("GET", f"/api/similar/{similar_id}", {"params": {"k": 5}}), ("GET", "/api/documents", {}),
              ("GET", "/api/health", {})]
    return itertools.cycle(cycle)


@dataclass
class Round:
    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rss_before_mb: float
    rss_after_mb: float


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20


def run_round(name: str, url: str, pid: int, clients: int, total: int, time_cap: float, similar_id: str) -> Round:
    work = requests_mix(similar_id)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    sent = 0
    deadline = time.monotonic() + time_cap

    def client() -> None:
        nonlocal sent
        with httpx.Client(base_url=url, timeout=max(1.0, deadline - time.monotonic())) as http:
            while True:
                with lock:
                    if sent >= total or time.monotonic() > deadline:
                        return
                    sent += 1
                    method, path, kwargs = next(work)
                start = time.perf_counter()
                try:
                    status = http.request(method, path, **kwargs).status_code
                    problem = None if status == 200 else f"{method} {path}: {status}"
                except httpx.HTTPError as exc:
                    problem = f"{method} {path}: {type(exc).__name__}"
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)

    before = rss_mb(pid)
    start = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    after = rss_mb(pid)
    done = len(latencies)
    if errors:
        print(f"  {name}: {len(errors)} Fehler, z. B. {errors[:3]}", file=sys.stderr)
    if done < total:
        errors += [f"nicht gesendet (Zeitgrenze {time_cap:.0f} s)"] * (total - done)
    return Round(name, done, len(errors), round(seconds, 1), round(done / seconds, 2) if seconds else 0.0,
                 round(percentile(latencies, 0.50), 1), round(percentile(latencies, 0.95), 1),
                 round(percentile(latencies, 0.99), 1), round(before, 1), round(after, 1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cimis = Path(sys.executable).with_name("cimis")
    log = log_path.open("w")
    proc = subprocess.Popen([str(cimis), "serve", "--host", "127.0.0.1", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"cimis serve endete mit {proc.returncode}; siehe {log_path}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    sys.exit(f"cimis serve wurde nicht bereit; siehe {log_path}")


def markdown(rounds: list[Round], growth: float, args: argparse.Namespace) -> str:
    lines = [f"# Lasttest {date.today().isoformat()}", "",
             f"`bench/load_test.py --clients {args.clients} --requests {args.requests} --rounds {args.rounds} "
             f"--time-cap {args.time_cap:.0f}` gegen `cimis serve` auf 127.0.0.1 ({os.cpu_count()} Kerne).", "",
             "| Runde | Anfragen | Fehler | s | req/s | p50 ms | p95 ms | p99 ms | RSS vorher MB | RSS nachher MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.name} | {r.requests} | {r.errors} | {r.seconds} | {r.rps} | {r.p50_ms} | {r.p95_ms} | "
              f"{r.p99_ms} | {r.rss_before_mb} | {r.rss_after_mb} |" for r in rounds]
    lines += ["", f"RSS-Wachstum zwischen den beiden letzten gleichen Runden: {growth:+.2f} %"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="laufenden Server nutzen (dann --pid angeben) statt einen zu starten")
    parser.add_argument("--pid", type=int, help="Prozess-ID des laufenden Servers (für RSS)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200, help="Anfragen je Runde")
    parser.add_argument("--rounds", type=int, default=3, help="Runden; die erste wärmt auf")
    parser.add_argument("--time-cap", type=float, default=600, help="Höchstdauer je Runde in Sekunden")
    parser.add_argument("--similar-id", default="prototypen/weingut-buchung")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    proc = None
    if args.url:
        if not args.pid:
            parser.error("--url braucht --pid (für die RSS-Messung)")
        url, pid = args.url.rstrip("/"), args.pid
    else:
        proc, url = start_server(Path(tempfile.mkdtemp(prefix="cimis-load-")) / "server.log")
        pid = proc.pid
    try:
        rounds = []
        for n in range(args.rounds):
            name = "Aufwärmen" if n == 0 else f"Runde {n}"
            rounds.append(run_round(name, url, pid, args.clients, args.requests, args.time_cap, args.similar_id))
            print(json.dumps(asdict(rounds[-1]), ensure_ascii=False), file=sys.stderr)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    last, previous = rounds[-1], rounds[-2] if len(rounds) > 1 else rounds[-1]
    growth = (last.rss_after_mb - previous.rss_after_mb) / previous.rss_after_mb * 100
    report = markdown(rounds, growth, args)
    print(report)
    stamp = date.today().isoformat()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"load-{stamp}.md").write_text(report, encoding="utf-8")
    (args.out / f"load-{stamp}.json").write_text(json.dumps({"rounds": [asdict(r) for r in rounds],
                                                            "rss_growth_percent": round(growth, 2)}, indent=1))
    errors = sum(r.errors for r in rounds)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
