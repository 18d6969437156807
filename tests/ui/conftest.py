"""A real `cimis serve` on 127.0.0.1 over the bundled corpus indexed with the verified German
default model, for API and browser tests: what a user runs, and what the README screenshots show."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from index.knowledge_base import KnowledgeBase
from tests.conftest import CORPUS, cli_env, free_port, wait_until_ready

STAFF_TOKEN = "geheim-test-token"


@pytest.fixture(scope="session")
def live_server(gemma_embedder, tmp_path_factory):
    data = tmp_path_factory.mktemp("server") / "data"
    settings = Settings(data_dir=data, corpus_dir=CORPUS, embed_model=None, staff_token=STAFF_TOKEN)
    kb = KnowledgeBase(settings, embedder=gemma_embedder)
    report = kb.indexer.ingest([CORPUS])
    kb.manifest.close()
    assert not report.failed, report.failed
    port = free_port()
    log = (data.parent / "server.log").open("w")
    cimis = str(Path(sys.executable).with_name("cimis"))
    proc = subprocess.Popen([cimis, "serve", "--host", "127.0.0.1", "--port", str(port)], env=cli_env(settings),
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(proc, f"{url}/api/health", 180, "cimis serve")
    finally:
        log.flush()
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture
def staff_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {STAFF_TOKEN}"}
