"""`auth login` against a real Intercom app: a fixed redirect URL, said up front; refusals at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from intercom.cli import main
from intercom.server.threaded import ThreadedServer, free_port
from intercom.storage import ConnectionStore
from tests.fake_intercom import CLIENT_ID, CLIENT_SECRET, FakeIntercom


def test_print_redirect_url_prints_the_fixed_loopback_url_and_needs_no_config() -> None:
    result = CliRunner().invoke(main, ["auth", "login", "--print-redirect-url"])
    assert result.exit_code == 0
    assert result.stdout == "http://127.0.0.1:8000/auth/intercom/callback\n"
    assert result.stderr.startswith("note: Intercom accepts only https redirect URLs;")


def test_print_redirect_url_follows_the_public_url() -> None:
    result = CliRunner().invoke(main, ["auth", "login", "--print-redirect-url",
                                       "--public-url", "https://connector.example.test/"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "https://connector.example.test/auth/intercom/callback\n"


@pytest.fixture
def intercom() -> Iterator[tuple[FakeIntercom, str]]:
    fake = FakeIntercom()
    with ThreadedServer(fake.app()) as server:
        yield fake, server.url


def start_login(url: str, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "INTERCOM_APP_URL": url, "INTERCOM_BASE_URL": url, "ACME_INTERCOM_CLIENT_ID": CLIENT_ID,
           "ACME_INTERCOM_CLIENT_SECRET": CLIENT_SECRET, "INTERCOM_CONNECTOR_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "intercom", "auth", "login", "--no-browser", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_a_refused_code_exchange_ends_the_login_at_once_with_intercoms_message(
        intercom: tuple[FakeIntercom, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCOM_CONNECTOR_HOME", str(tmp_path))  # this test reads the login's store
    fake, url = intercom
    fake.token_status = 401
    port = free_port()
    proc = start_login(url, tmp_path, "--port", str(port), "--timeout", "300")
    assert proc.stdout is not None and proc.stdout.readline().startswith("Open this page")
    authorize = proc.stdout.readline().strip()
    assert f"redirect_uri=http%3A%2F%2F127.0.0.1%3A{port}%2Fauth%2Fintercom%2Fcallback" in authorize
    page = httpx.get(authorize, follow_redirects=True, timeout=10)  # the user's browser
    out, err = proc.communicate(timeout=5)  # not the 300 s of --timeout
    assert page.status_code == 400 and proc.returncode == 1
    assert out == ""
    assert err.splitlines()[-1] == ("error: Intercom refused the connection: Unauthorized Code (401 unauthorized, "
                                    "request id fake-req-1); nothing was stored")
    assert err.splitlines()[0] == (f"Redirect URL (register it in the Developer Hub): "
                                   f"http://127.0.0.1:{port}/auth/intercom/callback")
    assert CLIENT_SECRET not in out + err
    assert fake.token_requests and ConnectionStore().all() == []


def test_a_port_already_in_use_is_one_line_saying_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = start_login("http://127.0.0.1:9", tmp_path, "--port", str(port))
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and out == ""
    assert err.startswith(f"error: cannot receive the callback on 127.0.0.1:{port} (")
    assert "is `serve` running there?" in err and err.count("\n") == 1
