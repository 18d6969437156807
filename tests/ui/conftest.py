"""A real `cimis serve` on 127.0.0.1 over a copy of the bundled index, for API and browser tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli_env, free_port, wait_until_ready

STAFF_TOKEN = "geheim-test-token"


@pytest.fixture(scope="session")
def live_server(bundled_assistant, tmp_path_factory):
    data = tmp_path_factory.mktemp("server") / "data"
    shutil.copytree(bundled_assistant.settings.data_dir, data)
    settings = bundled_assistant.settings.model_copy(update={"data_dir": data})
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
