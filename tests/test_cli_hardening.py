"""`watch` cleans up on SIGTERM; port and bind errors are one line, exit 2 (issue 13, items 10-11)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from intercom.server.threaded import free_port
from intercom.storage import Connection, ConnectionStore, default_home
from tests.trigger_support import ALPHA, SECRET


@pytest.fixture
def home() -> Path:
    """The test's own home folder (conftest sets it), holding one connected account."""
    store = ConnectionStore()
    store.save(Connection(access_token="tok-not-a-secret", workspace_id=ALPHA, account_name="Acme (ada@acme.test)"))
    store.close()
    return default_home()


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERCOM_", "ACME_"))}
    return {**env, "INTERCOM_CONNECTOR_HOME": str(home), "ACME_INTERCOM_CLIENT_SECRET": SECRET}


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intercom", *args], capture_output=True, text=True,
                          env=env_for(home), timeout=60)


def running_triggers(home: Path) -> list:
    return json.loads(cli(home, "triggers", "list", "--json").stdout)


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock.getsockname()[1]


def test_watch_stopped_by_sigterm_removes_its_trigger(home: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "intercom", "watch", "ConversationClosed", "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(home))
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("watching "):
            instance = line.split(" as ")[1].split(";")[0]
            break
    else:
        pytest.fail(f"watch did not start: {seen} {proc.communicate(timeout=10)}")
    assert [t["id"] for t in running_triggers(home)] == [instance]
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert f"stopped {instance}" in err
    assert running_triggers(home) == []  # the next watch does not get every event twice


@pytest.mark.parametrize("command", [["serve"], ["watch", "ConversationClosed"]])
@pytest.mark.parametrize("port", ["70000", "-1"])
def test_a_port_out_of_range_is_one_line_exit_2(home: Path, command: list[str], port: str) -> None:
    result = cli(home, *command, "--port", port)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: --port {port} is not a TCP port; give one from 1 to 65535"]
    assert running_triggers(home) == []


@pytest.mark.parametrize("command", [["serve"], ["watch", "ConversationClosed"]])
def test_a_port_in_use_is_one_line_exit_2_before_serving(home: Path, command: list[str], taken_port: int) -> None:
    result = cli(home, *command, "--port", str(taken_port))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot listen on 127.0.0.1:{taken_port}: "), lines
    assert "in use" in lines[0] and "Serving on" not in result.stderr
    assert running_triggers(home) == []


def test_an_unknown_bind_host_is_one_line_exit_2(home: Path) -> None:
    result = cli(home, "serve", "--host", "no-such-host.invalid", "--port", str(free_port()))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot listen on no-such-host.invalid:"), lines
