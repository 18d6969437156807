"""A real `cimis serve` on 127.0.0.1 over the bundled corpus indexed with the verified German
default model, for API and browser tests: what a user runs, and what the README screenshots show."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from index.knowledge_base import KnowledgeBase
from tests.conftest import CORPUS, REPO, cli_env, free_port, wait_until_ready

STAFF_TOKEN = "geheim-test-token"


# The bundled corpus indexed with the default model, kept between runs (ignored by git): the
# next run copies it and ingests incrementally, which embeds only what changed (nothing, usually).
INDEX_CACHE = REPO / ".cache" / "test-index" / "embeddinggemma"


def indexed_bundled_corpus(data: Path) -> Settings:
    settings = Settings(data_dir=data, corpus_dir=CORPUS, embed_model=None, staff_token=STAFF_TOKEN)
    if INDEX_CACHE.is_dir():
        shutil.copytree(INDEX_CACHE, data)
    kb = KnowledgeBase(settings)  # loads the model only if something must be embedded
    report = kb.indexer.ingest([CORPUS])
    kb.manifest.close()
    assert not report.failed, report.failed
    if report.added or report.updated or report.removed or not INDEX_CACHE.is_dir():
        fresh = INDEX_CACHE.with_name(INDEX_CACHE.name + f".{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(data, fresh, ignore=shutil.ignore_patterns("questions.sqlite3*", ".write.lock*"))
        shutil.rmtree(INDEX_CACHE, ignore_errors=True)
        fresh.rename(INDEX_CACHE)
    return settings


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("server") / "data"
    settings = indexed_bundled_corpus(data)
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
