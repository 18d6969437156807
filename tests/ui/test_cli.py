"""The `cimis` command line of CONTRACT.md, run as a real subprocess on a small real corpus.

Every invocation starts a fresh Python process (torch import, ~5 s), so the corpus is ingested
once per module and each test makes as few calls as it can.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.settings import Settings
from tests.conftest import cli_env

CIMIS = str(Path(sys.executable).with_name("cimis"))

SEARCH_KEYS = {"doc_id", "title", "type", "source", "section", "page", "score", "text"}
CITATION_KEYS = {"n", "doc_id", "title", "source", "section", "page", "quote"}
INGEST_KEYS = {"added", "updated", "unchanged", "removed", "failed", "documents", "chunks"}

FILES = {
    "methoden/brainstorming.md": """\
---
title: Brainstorming
type: method
phase: Ideen generieren
duration_min: 20
group_size: "3-8"
difficulty: leicht
---
# Brainstorming

## Worum es geht
Beim Brainstorming sammelt eine Gruppe in kurzer Zeit möglichst viele Ideen zu einer Frage. Kritik ist während
der Sammelphase verboten, damit auch ungewöhnliche Einfälle ausgesprochen werden.

## Ablauf
1. Die Moderation schreibt die Frage groß auf ein Flipchart.
2. Alle rufen zwanzig Minuten lang Ideen in den Raum, die Moderation notiert jede Idee auf einem Klebezettel.
3. Zum Schluss werden ähnliche Ideen gruppiert.
""",
    "methoden/nutzerinterview.md": """\
---
title: Nutzerinterview
phase: Verstehen
duration_min: 60
difficulty: mittel
---
# Nutzerinterview

## Worum es geht
Im Nutzerinterview spricht das Team eine Stunde lang mit einer Person, die das Problem aus eigener Erfahrung
kennt. Offene Fragen zeigen Bedürfnisse, Gewohnheiten und Ärgernisse im Alltag.

## Ablauf
Ein Leitfaden mit fünf offenen Fragen hilft. Eine Person fragt, eine zweite schreibt mit.
""",
    "prototypen/baeckerei.md": """\
---
title: Online-Vorbestellung für die Bäckerei Uhlig
region: Erzgebirge
budget_eur: 2500
---
# Online-Vorbestellung für die Bäckerei Uhlig

## Ausgangslage
Die Bäckerei Uhlig nahm Vorbestellungen für Stollen auf Papierzetteln an. Zwölf Prozent der Zettel enthielten
Fehler, weil Namen unleserlich waren oder Zettel verloren gingen.

## Der Prototyp
Kundinnen bestellen über ein Formular auf der Website. Ein Workflow erstellt jeden Abend die Backliste als PDF.
""",
    "kickoff-notiz.txt": "Notiz zum Kick-off\n\nDas Kick-off-Treffen findet im Rathaus Bautzen statt. "
                         "Alle Matches stellen dort ihre Ausgangsfrage vor.\n",
    "kaputt.md": """\
---
title: [nicht geschlossen
type: method
  phase: : :
---
# Kaputt

Dieser Text wird nie eingelesen.
""",
}
GOOD_IDS = {"methoden/brainstorming", "methoden/nutzerinterview", "prototypen/baeckerei", "kickoff-notiz"}


@dataclass
class Run:
    args: list[str]
    rc: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        """The whole of stdout must be exactly one JSON object (nothing before or after it)."""
        try:
            data = json.loads(self.stdout)
        except json.JSONDecodeError as exc:
            pytest.fail(f"stdout of {self.args} is not one JSON object ({exc}):\n{self.stdout[:2000]}\n"
                        f"stderr:\n{self.stderr[-2000:]}")
        assert isinstance(data, dict), f"stdout of {self.args} is JSON but not an object: {type(data)}"
        return data

    def assert_usage_error(self, *needles: str) -> str:
        """Exit 2, exactly one line on stderr (naming every needle), nothing on stdout."""
        assert self.rc == 2, f"{self.args}: expected exit 2, got {self.rc}; stderr:\n{self.stderr[-2000:]}"
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"{self.args}: expected one line on stderr, got {len(lines)}:\n{self.stderr}"
        assert "Traceback" not in self.stderr
        for needle in needles:
            assert needle in lines[0], f"{self.args}: {needle!r} missing from {lines[0]!r}"
        assert self.stdout.strip() == "", f"{self.args}: unexpected stdout on a usage error: {self.stdout!r}"
        return lines[0]


@pytest.fixture(scope="module")
def cli(tmp_path_factory, mini_model_dir):
    """Runs `cimis ARGS...` against this module's corpus and data dir."""
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    for rel, text in FILES.items():
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embed_model=str(mini_model_dir),
                        staff_token="geheim-test-token")
    env = cli_env(settings)
    env.update({"COLUMNS": "60", "NO_COLOR": "1"})  # a narrow terminal must not wrap the one-line reasons

    def run(*args: str, timeout: float = 180) -> Run:
        proc = subprocess.run([CIMIS, *args], env=env, cwd=root, capture_output=True, text=True, timeout=timeout)
        return Run(list(args), proc.returncode, proc.stdout, proc.stderr)

    run.corpus = corpus  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def first_ingest(cli) -> Run:
    """`cimis ingest --json` with no path: reads CIMIS_CORPUS_DIR."""
    return cli("ingest", "--json")


class TestIngest:
    def test_first_run_shape_failure_and_exit_code(self, cli, first_ingest):
        data = first_ingest.json()
        assert set(data) == INGEST_KEYS
        assert first_ingest.rc == 1, f"a failed file must give exit 1; stderr:\n{first_ingest.stderr[-2000:]}"
        assert (data["added"], data["updated"], data["unchanged"], data["removed"]) == (4, 0, 0, 0)
        assert all(isinstance(data[k], int) for k in INGEST_KEYS - {"failed"})
        assert data["documents"] == 4 and data["chunks"] >= data["documents"]
        [failure] = data["failed"]
        assert set(failure) == {"path", "error"}
        assert Path(failure["path"]).name == "kaputt.md"
        assert Path(failure["path"]).resolve() == (cli.corpus / "kaputt.md").resolve()
        assert "YAML" in failure["error"] and "\n" not in failure["error"].strip()
        assert "Traceback" not in first_ingest.stderr

    def test_second_run_json_before_path_is_unchanged(self, cli, first_ingest):
        first = first_ingest.json()
        again = cli("ingest", "--json", str(cli.corpus))
        data = again.json()
        assert set(data) == INGEST_KEYS
        assert (data["added"], data["updated"], data["unchanged"], data["removed"]) == (0, 0, 4, 0)
        assert [Path(f["path"]).name for f in data["failed"]] == ["kaputt.md"]
        assert again.rc == 1
        assert (data["documents"], data["chunks"]) == (first["documents"], first["chunks"])

    def test_missing_path_is_a_usage_error(self, cli, first_ingest):
        missing = cli.corpus / "gibt-es-nicht" / ("sehr-langer-ordnername-" * 4) / "datei.md"
        cli("ingest", str(missing), "--json").assert_usage_error(str(missing))


class TestSearch:
    def test_type_filter_and_k(self, first_ingest, cli):
        run = cli("search", "Ideen sammeln", "--json", "-k", "2", "--type", "method")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert set(data) == {"query", "results"} and data["query"] == "Ideen sammeln"
        results = data["results"]
        assert 1 <= len(results) <= 2
        for r in results:
            assert set(r) == SEARCH_KEYS
            assert r["type"] == "method" and r["doc_id"].startswith("methoden/")
            assert isinstance(r["score"], float) and r["text"].strip()
            assert r["page"] is None and (r["section"] is None or isinstance(r["section"], str))
            assert Path(r["source"]).suffix == ".md"
        assert results[0]["doc_id"] == "methoden/brainstorming"
        assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)

    def test_where_filters_repeat_and_compare_numbers(self, first_ingest, cli):
        # --json first, the query last: options may stand anywhere after the command name.
        run = cli("search", "--json", "--where", "phase=Verstehen", "--where", "duration_min=60", "Fragen stellen")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert data["query"] == "Fragen stellen" and data["results"]
        assert {r["doc_id"] for r in data["results"]} == {"methoden/nutzerinterview"}
        assert all(set(r) == SEARCH_KEYS for r in data["results"])

    def test_empty_query_is_a_usage_error(self, first_ingest, cli):
        cli("search", "", "--json").assert_usage_error()

    def test_unknown_option_is_a_usage_error(self, first_ingest, cli):
        cli("search", "Ideen", "--json", "--gibt-es-nicht").assert_usage_error("--gibt-es-nicht")


class TestAsk:
    def test_markers_match_citations_and_quotes_are_verbatim(self, first_ingest, cli):
        question = "Wie viele Zettel der Bäckerei Uhlig enthielten Fehler?"
        run = cli("ask", question, "--json")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert set(data) >= {"question", "answer", "abstained", "citations"}
        assert data["question"] == question and isinstance(data["abstained"], bool)
        assert not data["abstained"], data["answer"]
        assert data["citations"]
        for c in data["citations"]:
            assert set(c) >= CITATION_KEYS
            assert isinstance(c["n"], int) and c["doc_id"] in GOOD_IDS and c["quote"].strip()
        numbers = [c["n"] for c in data["citations"]]
        assert len(set(numbers)) == len(numbers)
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
        assert markers == set(numbers)
        assert any(c["doc_id"] == "prototypen/baeckerei" for c in data["citations"])

        # Every quote is a verbatim substring of the cited passage's text as `cimis search` returns it.
        passages = cli("search", question, "--json", "-k", "50").json()["results"]
        for c in data["citations"]:
            texts = [p["text"] for p in passages if (p["doc_id"], p["section"]) == (c["doc_id"], c["section"])]
            assert texts, f"cited passage {c['doc_id']} / {c['section']} not returned by search"
            assert any(c["quote"] in t for t in texts), f"quote [{c['n']}] is not verbatim: {c['quote']!r}"


    def test_follow_up_is_resolved_against_the_earlier_question(self, first_ingest, cli):
        run = cli("ask", "Und wie lange dauert das?", "--after", "Wie funktioniert ein Brainstorming?", "--json")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert data["question"] == "Und wie lange dauert das?"
        assert "Brainstorming" in data["resolved_question"]
        assert data["route"] == "passage"

class TestSimilarMethodsDocuments:
    def test_similar_shape(self, first_ingest, cli):
        run = cli("similar", "methoden/brainstorming", "--json", "-k", "3")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert set(data) >= {"doc_id", "results"} and data["doc_id"] == "methoden/brainstorming"
        assert data["results"] and len(data["results"]) <= 3
        for r in data["results"]:
            assert set(r) >= {"doc_id", "title", "type", "score"}
            assert r["doc_id"] in GOOD_IDS - {"methoden/brainstorming"} and isinstance(r["score"], float)

    def test_similar_unknown_id_is_a_usage_error(self, first_ingest, cli):
        cli("similar", "gibt/es/nicht", "--json").assert_usage_error("gibt/es/nicht")

    def test_methods_respect_max_minutes(self, first_ingest, cli):
        run = cli("methods", "Wir wollen in der Gruppe viele Ideen sammeln", "--json", "--max-minutes", "30")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert set(data) >= {"challenge", "results"}
        assert data["challenge"] == "Wir wollen in der Gruppe viele Ideen sammeln"
        assert [r["doc_id"] for r in data["results"]] == ["methoden/brainstorming"]  # the interview takes 60 min
        for r in data["results"]:
            assert set(r) >= {"doc_id", "title", "score", "phase", "duration_min", "why", "citations"}
            assert r["duration_min"] is not None and r["duration_min"] <= 30
            assert r["phase"] == "Ideen generieren" and r["why"].strip()
            for c in r["citations"]:
                assert set(c) >= CITATION_KEYS and c["doc_id"] == r["doc_id"]

    def test_documents_shape(self, first_ingest, cli):
        run = cli("documents", "--json")
        assert run.rc == 0, run.stderr[-2000:]
        data = run.json()
        assert set(data) == {"documents"}
        docs = {d["doc_id"]: d for d in data["documents"]}
        assert set(docs) == GOOD_IDS
        for d in docs.values():
            assert set(d) >= {"doc_id", "title", "type", "source", "chunks", "ingested_at"}
            assert isinstance(d["chunks"], int) and d["chunks"] >= 1
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)", d["ingested_at"]), d["ingested_at"]
            assert datetime.fromisoformat(d["ingested_at"]).utcoffset() == timedelta(0)
        assert (docs["methoden/brainstorming"]["type"], docs["methoden/brainstorming"]["title"]) == ("method", "Brainstorming")
        assert docs["methoden/nutzerinterview"]["type"] == "method"  # from the folder name
        assert docs["prototypen/baeckerei"]["type"] == "prototype"
        assert docs["kickoff-notiz"]["type"] == "document"
        assert Path(docs["kickoff-notiz"]["source"]).name == "kickoff-notiz.txt"
        assert sum(d["chunks"] for d in docs.values()) == first_ingest.json()["chunks"]


def test_unknown_command_is_a_usage_error(cli):
    cli("bogus", "--json").assert_usage_error("bogus")
