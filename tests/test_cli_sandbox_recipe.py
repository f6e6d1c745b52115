"""The sandbox recipe, followed to the letter: the `export` lines it prints are all `run` and
`serve` need; `serve` then logs which trigger emitted what, without the payload.

Every process is a real `python -m intercom` over loopback, as a user would start them.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

from intercom.server.threaded import free_port

SECRET_ATTRIBUTE = "s3cr3t-plan-value"


class Process:
    """A child process whose stdout and stderr lines are read as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "intercom", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env)
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
        assert stream is not None
        for line in stream:
            lines.put(line.rstrip("\n"))

    def line(self, lines: queue.Queue[str], matching: str, timeout: float = 30) -> str:
        while True:
            line = lines.get(timeout=timeout)
            if matching in line:
                return line

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERCOM_", "ACME_INTERCOM_"))}
    return {**env, "INTERCOM_CONNECTOR_HOME": str(home)}


@pytest.fixture
def started() -> Iterator[list[Process]]:
    processes: list[Process] = []
    yield processes
    for process in reversed(processes):
        process.stop()


def exports_of(sandbox: Process) -> dict[str, str]:
    sandbox.line(sandbox.out, "Point the connector at it")
    exports = {}
    while True:
        line = sandbox.out.get(timeout=30)
        if not line.startswith("export "):
            return exports
        name, _, value = line.removeprefix("export ").partition("=")
        exports[name] = value


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intercom", *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def wait_until_up(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            threading.Event().wait(0.05)
    raise AssertionError(f"{url} never answered")


def test_the_printed_exports_point_run_at_the_sandbox(tmp_path: Path, started: list[Process]) -> None:
    port = free_port()
    sandbox = Process(["sandbox", "--port", str(port), "--seed", "4"], base_env(tmp_path))
    started.append(sandbox)
    exports = exports_of(sandbox)
    assert exports == {
        "INTERCOM_BASE_URL": f"http://127.0.0.1:{port}", "INTERCOM_APP_URL": f"http://127.0.0.1:{port}",
        "INTERCOM_ACCESS_TOKEN": "sandbox-token", "ACME_INTERCOM_CLIENT_ID": "sandbox-client-id",
        "ACME_INTERCOM_CLIENT_SECRET": "sandbox-client-secret",
    }
    wait_until_up(f"http://127.0.0.1:{port}/_sandbox/health")
    done = cli(["run", "ListContacts", "--input", '{"limit": 3}'], {**base_env(tmp_path), **exports})
    assert done.returncode == 0, done.stderr
    message = json.loads(done.stdout)
    assert message["data"]["count"] == 3 and len(message["data"]["result"]) == 3


def test_a_sandbox_with_its_own_token_refuses_others(tmp_path: Path, started: list[Process]) -> None:
    port = free_port()
    sandbox = Process(["sandbox", "--port", str(port), "--access-token", "only-this-one"], base_env(tmp_path))
    started.append(sandbox)
    exports = exports_of(sandbox)
    assert exports["INTERCOM_ACCESS_TOKEN"] == "only-this-one"
    wait_until_up(f"http://127.0.0.1:{port}/_sandbox/health")
    env = {**base_env(tmp_path), **exports}
    assert cli(["run", "ListContacts", "--input", '{"limit": 1}'], env).returncode == 0
    refused = cli(["run", "ListContacts", "--input", '{"limit": 1}'], {**env, "INTERCOM_ACCESS_TOKEN": "another"})
    assert refused.returncode == 1 and refused.stderr.startswith("error: Intercom 401 ")


def test_serve_logs_which_trigger_emitted_what_and_no_payload(tmp_path: Path, started: list[Process]) -> None:
    sandbox_port, serve_port = free_port(), free_port()
    sandbox = Process(["sandbox", "--port", str(sandbox_port), "--seed", "0", "--webhook-url",
                       f"http://127.0.0.1:{serve_port}/webhooks/intercom"], base_env(tmp_path))
    started.append(sandbox)
    env = {**base_env(tmp_path), **exports_of(sandbox)}
    wait_until_up(f"http://127.0.0.1:{sandbox_port}/_sandbox/health")

    connected = cli(["auth", "token"], env)
    assert connected.returncode == 0, connected.stderr
    trigger = cli(["triggers", "start", "NewContact"], env)
    assert trigger.returncode == 0, trigger.stderr
    instance = trigger.stdout.strip()

    serve = Process(["serve", "--port", str(serve_port)], env)
    started.append(serve)
    serve.line(serve.err, "Serving on")
    created = httpx.post(f"http://127.0.0.1:{sandbox_port}/contacts", timeout=10,
                         headers={"Authorization": f"Bearer {env['INTERCOM_ACCESS_TOKEN']}",
                                  "Intercom-Version": "2.10"},
                         json={"role": "user", "email": "ada@example.test",
                               "custom_attributes": {"plan": SECRET_ATTRIBUTE}})
    assert created.status_code == 200, created.text
    contact_id = created.json()["id"]

    emitted = json.loads(serve.line(serve.out, contact_id))
    assert emitted["port"] == "out" and emitted["data"]["event_topic"] == "contact.user.created"
    log = serve.line(serve.err, "emitted by")
    assert log == (f"emitted by NewContact ({instance}) on out: topic contact.user.created, "
                   f"event {emitted['data']['event_id']}, record {contact_id}, via webhook")
    assert "ada@example.test" not in log and SECRET_ATTRIBUTE not in log
