"""Server mode: a real `chroma run` on 127.0.0.1, selected by CIMIS_CHROMA_URL."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from tests.conftest import free_port, wait_until_ready

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{url}/api/v2/heartbeat", 60, "chroma run")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


class TestChromaServerMode:
    def test_ingest_and_search_through_server(self, chroma_url, tmp_path, make_kb, mini_model_dir):
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "imkerei.md").write_text("# Imkerei\n\n## Prototyp\nDer Onlineshop verkauft Honig aus der Lausitz.\n",
                                           encoding="utf-8")
        settings = Settings(data_dir=tmp_path / "data", embed_model=str(mini_model_dir), chroma_url=chroma_url)
        kb = make_kb(settings)
        assert type(kb.store._client).__name__ != "PersistentClient"
        report = kb.indexer.ingest([corpus])
        assert report.added == 1 and not report.failed
        hits = kb.retriever.search("Honig online kaufen", k=3, mode="dense")
        assert hits[0].chunk.doc_id == "imkerei"
        assert not (settings.data_dir / "chroma").exists()

    def test_two_data_dirs_do_not_interfere_on_one_server(self, chroma_url, tmp_path, make_kb, mini_model_dir):
        kbs = []
        for name in ("a", "b"):
            corpus = tmp_path / name / "corpus"
            corpus.mkdir(parents=True)
            (corpus / f"dok-{name}.txt").write_text(f"Dokument {name} über Streuobstwiesen.\n", encoding="utf-8")
            kb = make_kb(Settings(data_dir=tmp_path / name / "data", embed_model=str(mini_model_dir),
                                  chroma_url=chroma_url))
            kb.indexer.ingest([corpus])
            kbs.append(kb)
        assert [len(kb.store.ids()) for kb in kbs] == [1, 1]
        assert kbs[0].store.ids()[0].startswith("dok-a@")
