"""A real `cimis serve` on 127.0.0.1 over a copy of the bundled index, for API and browser tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import cli_env, free_port

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
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{url}/api/health", timeout=2)
            if response.status_code == 200:
                break
            if response.json().get("status") == "error":
                pytest.fail(f"cimis serve could not start: {response.json()['detail']}")
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"cimis serve exited: {(data.parent / 'server.log').read_text()[-2000:]}")
        time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("cimis serve did not become ready within 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture
def staff_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {STAFF_TOKEN}"}
