"""The CLI's human-readable output with hostile strings in titles, ids, errors and arguments:
markup-like text, undecodable bytes, control characters. Never a traceback; exit codes as in
CONTRACT.md."""

from __future__ import annotations

import os
import subprocess

import pytest

from core.settings import Settings
from tests.conftest import CIMIS, cli_env

HOSTILE = ["[/bold]", "[bold red]laut", "[link=javascript:alert(1)]x[/link]", "\\[/]", "%s %d {0}", "[/]"]


def doc(title: str, n: int) -> str:
    return (f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\nid: feind/{n}\n---\n# Abschnitt [/bold] {n}\n\n"
            f"Die Feindtext-Karte {n} mit {title} erklärt, wie Markup in Titeln [/dim] nie die Ausgabe bricht.\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, mini_model_dir):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, title in enumerate(HOSTILE):
        (corpus / f"feind-{n}.md").write_text(doc(title, n), encoding="utf-8")
    # A broken file whose error text and name carry markup and an undecodable byte.
    (corpus / "[red]kaputt[bold].md").write_text("---\ntitle: [/bold\n---\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(corpus), b"roh-\xff.md"), "wb") as f:
        f.write("# Roh\n\nEine Datei mit einem Namen, der kein UTF-8 ist, wird trotzdem eingelesen.\n".encode())
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embed_model=str(mini_model_dir))
    env = cli_env(settings)
    env.update({"COLUMNS": "80", "NO_COLOR": "1"})

    def run(*args: str | bytes) -> subprocess.CompletedProcess:
        return subprocess.run([CIMIS, *args], env=env, capture_output=True, timeout=300)

    return run


def no_traceback(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "MarkupError" not in err, err[-3000:]
    return err


class TestHostileStrings:
    def test_ingest_reports_the_broken_file_and_prints_every_name(self, hostile):
        proc = hostile("ingest")
        no_traceback(proc)
        assert proc.returncode == 1  # the broken files failed, the others were ingested
        out = proc.stdout.decode("utf-8", "surrogateescape")
        assert "[red]kaputt[bold].md" in out and "neu: 6" in out
        assert "roh-\udcff.md: Dateiname ist kein gültiges UTF-8" in out

    def test_documents_lists_markup_titles_verbatim(self, hostile):
        proc = hostile("documents")
        no_traceback(proc)
        assert proc.returncode == 0
        out = proc.stdout.decode("utf-8")
        for title in HOSTILE:
            assert title in out, title

    def test_search_and_ask_print_markup_in_titles_and_text(self, hostile):
        search = hostile("search", "Feindtext Karte Markup", "-k", "10")
        no_traceback(search)
        assert search.returncode == 0 and "[/bold]" in search.stdout.decode()
        ask = hostile("ask", "Was erklärt die Feindtext-Karte über Markup in Titeln?")
        no_traceback(ask)
        assert ask.returncode == 0

    @pytest.mark.parametrize("query", [b"Persona \xff", b"\xed\xa0\x80", b"[/bold] \xff"])
    def test_undecodable_argument_is_a_usage_error(self, hostile, query):
        proc = hostile("search", query)
        err = no_traceback(proc)
        assert proc.returncode == 2 and len(err.strip().splitlines()) == 1 and "query" in err
        assert proc.stdout == b""

    def test_json_output_stays_one_object_with_hostile_titles(self, hostile):
        import json

        proc = hostile("documents", "--json")
        no_traceback(proc)
        titles = {d["title"] for d in json.loads(proc.stdout)["documents"]}
        assert set(HOSTILE) <= titles
