"""Benchmark: embedding throughput and query latency of the default model on this machine, and
end-to-end latency of search and ask on the ingested index.

Prints a table and writes bench/results/<host>-<date>.{json,md}. Needs `make ingest` first for the
end-to-end rows. Usage: .venv/bin/python bench/embedding_throughput.py [--passages 64] [--queries 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

import core  # noqa: F401
from core.settings import Settings
from index.embedder import SentenceTransformerEmbedder, resolve_model_path

QUERIES = [
    "Wie viele Testpersonen braucht ein erster Usability-Test?",
    "Welche Methode hilft, typische Kundinnen zu beschreiben?",
    "Wie hoch war das Budget pro Match?",
    "Gibt es Prototypen für die Buchung von Ferienwohnungen?",
    "Welches KI-Tool transkribiert Interviews datenschutzfreundlich?",
]


def _passages(settings: Settings, n: int) -> list[tuple[str, str]]:
    from index.manifest import Manifest

    chunks = list(Manifest(settings.manifest_path).all_chunks().values())
    if not chunks:
        raise SystemExit("Index leer: zuerst `make ingest`")
    step = max(1, len(chunks) // n)
    return [c.embedding_text() for c in chunks[::step][:n]]


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=64)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    settings = Settings()
    path, model_id = resolve_model_path(settings)
    passages = _passages(settings, args.passages)
    words = statistics.mean(len(b.split()) for _, b in passages)
    rows = []
    for dtype in ("float32", "bfloat16"):
        for batch in (4, 16):
            embedder = SentenceTransformerEmbedder(path, model_id, dtype, batch)
            embedder.embed_documents(passages[:4])  # warm-up
            start = time.perf_counter()
            embedder.embed_documents(passages)
            seconds = time.perf_counter() - start
            query_ms = _time(lambda: embedder.embed_queries([QUERIES[0]]), args.queries)
            rows.append({"variant": f"{dtype}, batch {batch}", "passages_per_s": round(len(passages) / seconds, 2),
                         "query_p50_ms": round(statistics.median(query_ms), 1)})
            print(rows[-1], flush=True)

    from assistant.service import Assistant

    assistant = Assistant(settings)
    assistant.search(QUERIES[0], k=5)
    search_ms = [t for q in QUERIES for t in _time(lambda q=q: assistant.search(q, k=10), 3)]
    ask_ms = [t for q in QUERIES for t in _time(lambda q=q: assistant.ask(q, log=False), 2)]
    e2e = {"search_p50_ms": round(statistics.median(search_ms), 1), "ask_p50_ms": round(statistics.median(ask_ms), 1),
           "embed_dtype": assistant.kb.embedder().dtype}

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    result = {"date": stamp, "machine": f"{platform.node()} {platform.processor() or platform.machine()}",
              "model": model_id, "passages": len(passages), "mean_words": round(words, 1), "embedding": rows,
              "end_to_end": e2e}
    lines = [f"# Benchmark {stamp} ({result['machine']}, {model_id})", "",
             f"{len(passages)} Passagen aus dem Index, im Mittel {words:.0f} Wörter.", "",
             "| Variante | Passagen/s | Anfrage p50 (ms) |", "|---|---:|---:|"]
    lines += [f"| {r['variant']} | {r['passages_per_s']} | {r['query_p50_ms']} |" for r in rows]
    lines += ["", f"Ende-zu-Ende ({e2e['embed_dtype']}): `search` p50 {e2e['search_p50_ms']} ms, "
              f"`ask` p50 {e2e['ask_p50_ms']} ms.", ""]
    print("\n".join(lines))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"{stamp}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (out / f"{stamp}.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
