"""The attack on a fresh install (issue 11), rerun item by item against a real `cimis serve` on
127.0.0.1 with the small model: another process's ingest, hostile input, uploads, Gradio's
upload route and wrong-token floods."""

from __future__ import annotations

import json
import stat
import subprocess
import threading

import httpx
import pytest

from core.settings import Settings
from tests.conftest import CIMIS, SMALL_CORPUS, cli_env, running_server, write_corpus

TOKEN = "geheim-test-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
NOTE = "# Hofladen\n\n## Öffnungszeiten\nDer Hofladen am Deich verkauft samstags Kartoffeln, Eier und Apfelsaft.\n"
CHANGED = ("---\nid: methoden/persona\ntitle: Persona\ntype: method\nphase: Standpunkt definieren\n---\n# Persona\n\n"
           "## Worum es geht\nDer Traktor der Genossenschaft braucht jeden Winter neuen Diesel und eine Inspektion.\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory, mini_model_dir):
    root = tmp_path_factory.mktemp("hardening")
    corpus = write_corpus(root / "corpus", SMALL_CORPUS)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embed_model=str(mini_model_dir), staff_token=TOKEN)
    ingest = subprocess.run([CIMIS, "ingest", "--json"], env=cli_env(settings), capture_output=True, text=True,
                            timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    # A short window for wrong tokens, so the flood test does not lock out the tests after it.
    with running_server(settings, root / "server.log", {"CIMIS_AUTH_WINDOW_S": "3"}) as url:
        yield url, settings


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server[0], timeout=120) as c:
        yield c


def json_body(text: str) -> dict:
    return {"content": text.encode("ascii"), "headers": {"content-type": "application/json"}}


class TestAnotherProcessIngests:
    def test_server_sees_the_new_version_and_never_answers_5xx_meanwhile(self, server, client):
        url, settings = server
        (settings.corpus_dir / "methoden/persona.md").write_text(CHANGED, encoding="utf-8")
        proc = subprocess.Popen([CIMIS, "ingest", str(settings.corpus_dir / "methoden/persona.md"), "--json"],
                                env=cli_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        statuses = []
        while proc.poll() is None:
            statuses.append(client.get("/api/search", params={"q": "Traktor", "where": "doc_id=methoden/persona"})
                            .status_code)
        assert proc.wait() == 0, proc.stderr.read()
        assert all(s == 200 for s in statuses), statuses

        filtered = client.get("/api/search", params={"q": "Traktor Diesel", "where": "type=method", "k": 3})
        assert filtered.status_code == 200
        assert filtered.json()["results"][0]["doc_id"] == "methoden/persona"
        assert "Traktor" in filtered.json()["results"][0]["text"]
        answer = client.post("/api/ask", json={"question": "Was braucht der Traktor der Genossenschaft?"})
        assert answer.status_code == 200
        assert any(c["doc_id"] == "methoden/persona" for c in answer.json()["citations"])


class TestHostileInput:
    @pytest.mark.parametrize("method,path,body", [
        ("post", "/api/ask", '{"question": "Test \\ud800"}'),
        ("post", "/api/ask", '{"question": "Persona", "type": "\\udcff"}'),
        ("post", "/api/methods", '{"challenge": "Test \\ud800"}'),
        ("post", "/api/similar", '{"description": "Test \\ud800"}'),
        ("post", "/api/similar", '{"description": "Imkerei", "region": "\\ud800"}'),
    ])
    def test_lone_surrogates_are_a_clear_422(self, client, method, path, body):
        response = client.request(method.upper(), path, **json_body(body))
        assert response.status_code == 422, response.text
        assert "ungültiges Zeichen" in json.dumps(response.json()["detail"], ensure_ascii=False)

    @pytest.mark.parametrize("question_id", [2**63, 2**64 + 5, -1, 0])
    def test_feedback_with_an_impossible_question_id_is_422(self, client, question_id):
        response = client.post("/api/feedback", **json_body(f'{{"question_id": {question_id}, "helpful": true}}'))
        assert response.status_code == 422 and "question_id" in json.dumps(response.json()["detail"])

    def test_unknown_but_possible_question_id_is_404(self, client):
        response = client.post("/api/feedback", json={"question_id": 2**63 - 1, "helpful": True})
        assert response.status_code == 404 and "detail" in response.json()


class TestUploads:
    def test_corpus_id_is_409_unless_replace(self, client):
        upload = ("---\nid: methoden/brainstorming\ntitle: Brainstorming neu\n---\n# Brainstorming neu\n\n"
                  "Die neue Karte erklärt Brainwriting mit sechs Personen und drei Ideen.\n")
        refused = client.post("/api/documents", files={"file": ("brainstorming-neu.md", upload.encode())}, headers=STAFF)
        assert refused.status_code == 409 and "replace=true" in refused.json()["detail"]
        assert client.get("/api/documents/methoden/brainstorming").json()["title"] == "Brainstorming"
        replaced = client.post("/api/documents", params={"replace": "true"},
                               files={"file": ("brainstorming-neu.md", upload.encode())}, headers=STAFF)
        assert replaced.status_code == 200, replaced.text
        assert client.get("/api/documents/methoden/brainstorming").json()["title"] == "Brainstorming neu"
        reindex = client.post("/api/reindex", headers=STAFF)
        assert reindex.status_code == 200 and reindex.json()["failed"] == []

    @pytest.mark.parametrize("length", [250, 300])
    def test_long_file_name_is_422_and_nothing_is_indexed(self, client, length):
        name = "b" * (length - 3) + ".md"
        response = client.post("/api/documents", files={"file": (name, NOTE.encode())}, headers=STAFF)
        assert response.status_code == 422 and "zu lang" in response.json()["detail"]
        assert client.get(f"/api/documents/{name[:-3]}").status_code == 404

    def test_failed_upload_names_the_file_not_the_server_path(self, server, client):
        response = client.post("/api/documents", files={"file": ("kaputt.md", b"---\ntitle: [x\n---\n")}, headers=STAFF)
        assert response.status_code == 422
        text = json.dumps(response.json(), ensure_ascii=False)
        assert "kaputt.md" in text and str(server[1].data_dir.resolve()) not in text and "/tmp/" not in text

    def test_text_less_upload_is_422(self, client):
        response = client.post("/api/documents", files={"file": ("leer.md", b"---\ntitle: Nur Kopf\n---\n")},
                               headers=STAFF)
        assert response.status_code == 422 and "keinen lesbaren Text" in json.dumps(response.json(), ensure_ascii=False)


class TestGradio:
    def test_gradio_upload_route_needs_a_staff_session(self, client):
        files = {"files": ("x.md", NOTE.encode(), "text/markdown")}
        anonymous = httpx.post(f"{client.base_url}/gradio_api/upload", files=files)
        assert anonymous.status_code == 403 and "Staff" in anonymous.json()["detail"]
        with httpx.Client(base_url=str(client.base_url), timeout=60) as browser:
            assert browser.post("/api/staff/session", headers=STAFF).status_code == 200
            allowed = browser.post("/gradio_api/upload", files=files)
            assert allowed.status_code == 200, allowed.text

    def test_gradio_file_cache_is_private_to_the_server_user(self, server):
        cache = server[1].data_dir / ".gradio"
        assert cache.is_dir() and stat.S_IMODE(cache.stat().st_mode) == 0o700


class TestWrongTokenFlood:
    def test_after_five_wrong_tokens_even_the_right_one_waits(self, client):
        import time

        statuses = [client.post("/api/reindex", headers={"Authorization": f"Bearer falsch-{i}"}).status_code
                    for i in range(8)]
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
        locked = client.get("/api/questions", headers=STAFF)
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
        time.sleep(3.5)  # CIMIS_AUTH_WINDOW_S=3 for this server
        assert client.get("/api/questions", headers=STAFF).status_code == 200

    def test_parallel_flood_is_cut_off(self, client):
        import time

        time.sleep(3.5)
        statuses: list[int] = []

        def guess(n: int) -> None:
            with httpx.Client(base_url=str(client.base_url), timeout=60) as c:
                statuses.extend(c.get("/api/questions", headers={"Authorization": f"Bearer x{n}-{i}"}).status_code
                                for i in range(10))

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert statuses.count(401) <= 5 and statuses.count(429) >= 45
