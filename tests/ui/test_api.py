"""The REST API of CONTRACT.md against a real server on 127.0.0.1."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server, timeout=60) as c:
        yield c


class TestReadEndpoints:
    def test_health_reports_counts(self, client):
        body = client.get("/api/health").json()
        assert body["status"] == "ok" and body["documents"] > 100 and body["chunks"] > body["documents"]

    def test_search_shape_and_filter(self, client):
        body = client.get("/api/search", params={"q": "Stakeholder Map", "type": "method", "k": 3}).json()
        assert body["query"] == "Stakeholder Map" and len(body["results"]) == 3
        first = body["results"][0]
        assert set(first) == {"doc_id", "title", "type", "source", "section", "page", "score", "text"}
        assert all(r["type"] == "method" for r in body["results"])

    def test_ask_shape(self, client):
        body = client.post("/api/ask", json={"question": "How much budget did each match get?"}).json()
        assert set(body) >= {"question", "answer", "abstained", "citations"}
        if not body["abstained"]:
            markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
            assert markers == {c["n"] for c in body["citations"]}

    def test_documents_and_detail_with_slash_in_id(self, client):
        docs = client.get("/api/documents").json()["documents"]
        assert any(d["doc_id"] == "methoden/persona" for d in docs)
        detail = client.get("/api/documents/methoden/persona").json()
        assert detail["doc_id"] == "methoden/persona" and detail["metadata"]["phase"] == "Standpunkt definieren"
        assert isinstance(detail["chunks"], list) and detail["chunks"][0]["text"]

    def test_similar_and_methods(self, client):
        body = client.get("/api/similar/prototypen/weingut-buchung", params={"k": 3}).json()
        assert body["doc_id"] == "prototypen/weingut-buchung" and len(body["results"]) == 3
        assert set(body["results"][0]) >= {"doc_id", "title", "type", "score"}
        methods = client.post("/api/methods", json={"challenge": "Wir wollen Ideen sammeln", "phase": "Ideen generieren",
                                                    "max_minutes": 30}).json()
        assert methods["results"] and all(m["duration_min"] <= 30 for m in methods["results"])
        assert set(methods["results"][0]) >= {"doc_id", "title", "score", "phase", "duration_min", "why", "citations"}

    def test_document_page_for_people(self, client):
        page = client.get("/dokument/methoden/persona")
        assert page.status_code == 200 and "Persona" in page.text and 'id="passage-0"' in page.text
        similar = client.get("/api/similar/methoden/persona", params={"type": "all", "k": 5}).json()["results"]
        assert 'id="aehnlich"' in page.text and f'href="/dokument/{similar[0]["doc_id"]}"' in page.text


class TestBadInput:
    @pytest.mark.parametrize("method,url,kwargs,status", [
        ("get", "/api/search", {"params": {"q": ""}}, 422),
        ("get", "/api/search", {"params": {"q": "x", "k": 0}}, 422),
        ("get", "/api/search", {}, 422),
        ("get", "/api/search", {"params": {"q": "x", "where": "kaputt"}}, 422),
        ("post", "/api/ask", {"json": {"question": "  "}}, 422),
        ("post", "/api/ask", {"content": b"kein json", "headers": {"content-type": "application/json"}}, 422),
        ("get", "/api/similar/gibt/es/nicht", {}, 404),
        ("get", "/api/documents/gibt-es-nicht", {}, 404),
        ("post", "/api/methods", {"json": {"challenge": "x", "max_minutes": -5}}, 422),
    ])
    def test_clear_4xx_never_500(self, client, method, url, kwargs, status):
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == status
        assert "detail" in response.json()


class TestStaffEndpoints:
    def test_missing_or_wrong_token_is_401(self, client):
        assert client.delete("/api/documents/methoden/persona").status_code == 401
        wrong = client.post("/api/reindex", headers={"Authorization": "Bearer falsch"})
        assert wrong.status_code == 401 and "Token" in wrong.json()["detail"]

    def test_upload_replace_and_delete(self, client, staff_headers):
        text = "# Streuobst\n\n## Ernte\nDie Streuobstwiese des Vereins liefert jedes Jahr Äpfel für den Saft.\n"
        files = {"file": ("streuobst.md", text.encode(), "text/markdown")}
        created = client.post("/api/documents", files=files, headers=staff_headers)
        assert created.status_code == 201 and created.json()["added"] == 1
        replaced = client.post("/api/documents", files={"file": ("streuobst.md", text.replace("Äpfel", "Birnen").encode())},
                               headers=staff_headers)
        assert replaced.status_code == 200 and replaced.json()["updated"] == 1
        hits = client.get("/api/search", params={"q": "Streuobstwiese Birnen", "k": 1}).json()["results"]
        assert hits[0]["doc_id"] == "streuobst" and "Birnen" in hits[0]["text"]
        deleted = client.delete("/api/documents/streuobst", headers=staff_headers)
        assert deleted.json() == {"deleted": "streuobst"}
        assert client.get("/api/documents/streuobst").status_code == 404
        assert client.delete("/api/documents/streuobst", headers=staff_headers).status_code == 404

    def test_upload_rejects_bad_files(self, client, staff_headers):
        exe = client.post("/api/documents", files={"file": ("virus.exe", b"MZ")}, headers=staff_headers)
        assert exe.status_code == 422 and "nicht unterstützt" in exe.json()["detail"]
        broken = client.post("/api/documents", files={"file": ("kaputt.md", b"---\ntitle: [x\n---\n")},
                             headers=staff_headers)
        assert broken.status_code == 422 and "YAML" in str(broken.json()["detail"])
        assert client.get("/api/documents/kaputt").status_code == 404

    def test_feedback_and_question_log(self, client, staff_headers):
        asked = client.post("/api/ask", json={"question": "Gibt es Fördergeld für 2031?"}).json()
        ok = client.post("/api/feedback", json={"question_id": asked["question_id"], "helpful": False})
        assert ok.status_code == 200
        log = client.get("/api/questions", headers=staff_headers).json()["questions"]
        assert log[0]["question"] == "Gibt es Fördergeld für 2031?" and log[0]["feedback"] == -1
        csv = client.get("/api/questions.csv", headers=staff_headers)
        assert csv.headers["content-type"].startswith("text/csv") and "Fördergeld für 2031" in csv.text
        gaps = client.get("/api/gaps", headers=staff_headers).json()["gaps"]
        assert any("2031" in g["question"] for g in gaps)
        report = client.get("/api/validation", headers=staff_headers).json()["documents"]
        assert {d["status"] for d in report} == {"ok"}
