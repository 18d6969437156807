"""Processes sharing a data folder (CONTRACT.md): a long-running Assistant (what `cimis serve`
holds) sees another process's completed `cimis ingest` without a restart, and never fails while
that process writes."""

from __future__ import annotations

import subprocess
import threading

import pytest

from core.settings import Settings
from tests.conftest import CIMIS, SMALL_CORPUS, cli_env, write_corpus
from tests.index.test_write_lock import hold_in_other_process

CHANGED = ("---\nid: methoden/persona\ntitle: Persona\ntype: method\nphase: Standpunkt definieren\n---\n# Persona\n\n"
           "## Worum es geht\nDer Traktor der Genossenschaft braucht jeden Winter neuen Diesel und eine Inspektion.\n")


def more_documents(n: int) -> dict[str, str]:
    """Enough documents that another process's ingest takes a while."""
    return {f"notizen/notiz-{i}.md": f"# Notiz {i}\n\nDie Werkstatt Nummer {i} repariert Fahrräder, Nähmaschinen "
                                     f"und Radios für die Nachbarschaft, jeden Dienstag ab {i % 12 + 8} Uhr.\n"
            for i in range(n)}


@pytest.fixture
def served(tmp_path, mini_embedder, mini_model_dir):
    """An Assistant over a small ingested corpus, as a running server holds it."""
    from assistant.service import Assistant
    from index.knowledge_base import KnowledgeBase

    corpus = write_corpus(tmp_path / "corpus", SMALL_CORPUS)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, embed_model=str(mini_model_dir),
                        staff_token="geheim-test-token", write_lock_timeout_s=2)
    assistant = Assistant(settings, KnowledgeBase(settings, embedder=mini_embedder))
    assert not assistant.ingest([corpus]).failed
    assistant.search("Persona", k=3, where=["doc_id=methoden/persona"])  # the store is open and warm
    return assistant


def cimis(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CIMIS, *args], env=cli_env(settings), capture_output=True, text=True, timeout=300)


class TestAnotherProcessWrites:
    def test_changed_file_ingested_elsewhere_is_found_dense_and_filtered(self, served):
        settings = served.settings
        (settings.corpus_dir / "methoden/persona.md").write_text(CHANGED, encoding="utf-8")
        run = cimis(settings, "ingest", str(settings.corpus_dir / "methoden/persona.md"), "--json")
        assert run.returncode == 0, run.stderr

        dense = served.search("Traktor Diesel Inspektion", k=3, mode="dense")
        assert dense[0].chunk.doc_id == "methoden/persona" and "Traktor" in dense[0].chunk.text
        filtered = served.search("Traktor", k=3, where=["doc_id=methoden/persona"])
        assert [h.chunk.doc_id for h in filtered] == ["methoden/persona"] and "Traktor" in filtered[0].chunk.text
        keyword = served.search("Genossenschaft Inspektion", k=1, mode="bm25")
        assert keyword and keyword[0].chunk.doc_id == "methoden/persona"
        similar = served.similar("methoden/persona", k=2, doc_type="all")
        assert similar

    def test_reads_never_fail_while_another_process_ingests(self, served):
        settings = served.settings
        write_corpus(settings.corpus_dir, more_documents(40))
        (settings.corpus_dir / "methoden/persona.md").write_text(CHANGED, encoding="utf-8")
        proc = subprocess.Popen([CIMIS, "ingest", str(settings.corpus_dir), "--json"], env=cli_env(settings),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        errors: list[str] = []
        reads = 0
        while proc.poll() is None:
            for call in (lambda: served.search("Traktor", k=3, where=["doc_id=methoden/persona"]),
                         lambda: served.search("Werkstatt Fahrräder", k=5, where=["type=document"]),
                         lambda: served.ask("Was repariert die Werkstatt?"),
                         lambda: served.similar("methoden/persona", k=2, doc_type="all")):
                try:
                    call()
                    reads += 1
                except Exception as exc:  # noqa: BLE001  (any failure is the finding)
                    errors.append(f"{type(exc).__name__}: {exc}")
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert errors == [], errors[:3]
        assert reads > 0
        hits = served.search("Werkstatt Nummer 39 Nähmaschinen", k=40, where=["type=document"], mode="dense")
        assert "notizen/notiz-39" in {h.chunk.doc_id for h in hits}  # the completed write is visible

    def test_readers_never_write_the_keyword_index(self, served):
        settings = served.settings
        (settings.corpus_dir / "methoden/persona.md").write_text(CHANGED, encoding="utf-8")
        assert cimis(settings, "ingest", str(settings.corpus_dir)).returncode == 0
        saved = {p: p.stat().st_mtime_ns for p in settings.keyword_dir.iterdir()}
        served.search("Traktor", k=3)
        assert {p: p.stat().st_mtime_ns for p in settings.keyword_dir.iterdir()} == saved


class TestOneWriter:
    def test_upload_while_another_process_writes_is_refused_clearly(self, served, tmp_path):
        from assistant.service import WriteBusyError

        other = hold_in_other_process(served.settings.data_dir, 60)
        try:
            with pytest.raises(WriteBusyError, match=r"Einlesen.*PID"):
                served.upload("notiz.md", b"# Notiz\n\nEin Satz mit genug Worten, damit er eingelesen wird.\n")
            with pytest.raises(WriteBusyError):
                served.delete("methoden/persona")
            assert served.search("Persona", k=1)  # reading goes on meanwhile
        finally:
            other.kill()
            other.wait()
        assert served.document("methoden/persona")["doc_id"] == "methoden/persona"

    def test_cli_ingest_waits_and_reports_a_busy_data_dir(self, served):
        other = hold_in_other_process(served.settings.data_dir, 20)
        try:
            env = cli_env(served.settings)
            env["CIMIS_WRITE_LOCK_TIMEOUT_S"] = "0.5"
            run = subprocess.run([CIMIS, "ingest", str(served.settings.corpus_dir)], env=env, capture_output=True,
                                 text=True, timeout=300)
        finally:
            other.kill()
            other.wait()
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert "anderen Vorgang" in run.stderr and "Einlesen" in run.stderr


def test_threads_read_while_a_thread_writes(served):
    """The server answers on a pool of threads while one of them uploads: every read sees a
    consistent state and the question log keeps every entry."""
    errors: list[str] = []
    done = threading.Event()

    def write() -> None:
        try:
            for n in range(4):
                served.upload(f"notiz-{n}.md", f"# Notiz {n}\n\nDie Werkstatt {n} repariert Fahrräder und Radios.\n".encode())
                served.delete(f"notiz-{n}")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"schreiben: {type(exc).__name__}: {exc}")
        finally:
            done.set()

    def read(n: int) -> None:
        try:
            while not done.is_set():
                ids = {d["doc_id"] for d in served.documents()}
                assert {"methoden/persona", "methoden/brainstorming", "prototypen/imkerei"} <= ids
                served.search("Werkstatt Fahrräder", k=3)
                served.ask(f"Wie lange dauert Brainstorming? ({n})")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"lesen: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    logged = served.question_log(None)
    assert len({q.id for q in logged}) == len(logged) > 0
