"""Property-based fuzzing of the HTTP API from its own OpenAPI schema (schemathesis), valid and
invalid input alike, with the staff token: every answer is 2xx or 4xx, and every 4xx says what
is wrong in `detail`.

The default suite runs CIMIS_FUZZ_EXAMPLES (default 8) cases per operation; `make fuzz` runs 300
per operation (3,376 cases in all on 2026-12-03: 0 answers ≥ 500) and prints the count.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from core.settings import Settings
from tests.conftest import CIMIS, SMALL_CORPUS, cli_env, running_server, write_corpus

pytestmark = pytest.mark.fuzz

TOKEN = "geheim-test-token"
EXAMPLES = int(os.environ.get("CIMIS_FUZZ_EXAMPLES", "8"))
CASES: list[tuple[str, int]] = []


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory, mini_model_dir):
    root = tmp_path_factory.mktemp("fuzz")
    corpus = write_corpus(root / "corpus", SMALL_CORPUS)
    s = Settings(data_dir=root / "data", corpus_dir=corpus, embed_model=str(mini_model_dir), staff_token=TOKEN)
    assert subprocess.run([CIMIS, "ingest"], env=cli_env(s), capture_output=True, timeout=300).returncode == 0
    with running_server(s, root / "server.log") as url:
        yield url
    statuses = sorted({status for _, status in CASES})
    print(f"\nFuzzing: {len(CASES)} Fälle, Statuscodes {statuses}")


@pytest.fixture(scope="module")
def api_schema(fuzz_server):
    return schemathesis.openapi.from_url(f"{fuzz_server}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_answer_is_2xx_or_4xx_with_detail(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    CASES.append((case.operation.label, response.status_code))
    assert response.status_code < 500, f"{case.operation.label} → {response.status_code}: {response.text[:500]}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and body.get("detail"), f"{case.operation.label}: no detail in {body}"
