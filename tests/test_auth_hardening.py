"""OAuth against a bad provider and a stranger: a page that says what happened, never an account
that was not asked for (issue 13, items 4 and 5)."""

from __future__ import annotations

import base64
import os
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from intercom import auth
from intercom.cli import main
from intercom.server import ServerRuntime, create_app
from intercom.server.states import OAuthStates
from intercom.server.threaded import ThreadedServer, free_port
from intercom.storage import Connection, ConnectionStore, StateStore
from tests.fake_intercom import CLIENT_ID, CLIENT_SECRET, FakeIntercom

CONFIG = {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}


@dataclass
class Host:
    fake: FakeIntercom
    store: ConnectionStore
    state: StateStore
    runtime: ServerRuntime
    url: str
    failures: list[str] = field(default_factory=list)

    def browser(self) -> httpx.Client:
        return httpx.Client(timeout=15, trust_env=False)

    def login(self, browser: httpx.Client | None = None) -> httpx.Response:
        browser = browser or self.browser()
        return browser.get(self.url + "/auth/intercom/start", follow_redirects=True)


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Host]:
    fake = FakeIntercom()
    with ThreadedServer(fake.app()) as intercom:
        monkeypatch.setenv("INTERCOM_APP_URL", intercom.url)
        monkeypatch.setenv("INTERCOM_BASE_URL", intercom.url)
        store = ConnectionStore(tmp_path / "connections.db")
        state = StateStore(tmp_path / "host.db")
        failures: list[str] = []
        runtime = ServerRuntime(config=CONFIG, connections=store, state=state, public_url="",
                                on_failed=failures.append)
        with ThreadedServer(create_app(runtime)) as server:
            runtime.public_url = server.url
            yield Host(fake, store, state, runtime, server.url, failures)


# -- item 4: a bad provider gives a page that says what went wrong ----------------------------

BAD_TOKEN_ANSWERS = {
    "html": (b"<html><body>Bad gateway</body></html>", "text/html", "not JSON"),
    "empty": (b"", "application/json", "not JSON"),
    "truncated": (b'{"token_type": "Bearer", "tok', "application/json", "not JSON"),
    "list": (b'["tok_1"]', "application/json", "not a JSON object"),
    "error": (b'{"error": "invalid_grant", "error_description": "Code expired"}', "application/json",
              "Code expired"),
    "no-token": (b'{"token_type": "Bearer"}', "application/json", "no access token"),
}


@pytest.mark.parametrize(("body", "kind", "words"), BAD_TOKEN_ANSWERS.values(), ids=BAD_TOKEN_ANSWERS.keys())
def test_a_bad_token_answer_gives_a_page_not_a_traceback(host: Host, body: bytes, kind: str, words: str) -> None:
    host.fake.token_body, host.fake.content_type = body, kind
    page = host.login()
    assert page.status_code in (400, 502), page.text
    assert "Could not connect Intercom" in page.text and words in page.text
    assert "Traceback" not in page.text and CLIENT_SECRET not in page.text
    assert host.store.all() == []
    assert len(host.failures) == 1 and words in host.failures[0]


class ResettingServer:
    """Accepts each connection and resets it at once, as a crashed proxy does."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.recv(65536)
            conn.close()


def test_a_reset_token_endpoint_gives_a_page(host: Host, monkeypatch: pytest.MonkeyPatch) -> None:
    resetting = ResettingServer()
    with host.browser() as browser:
        consent = browser.get(browser.get(host.url + "/auth/intercom/start").headers["location"])
        monkeypatch.setenv("INTERCOM_BASE_URL", resetting.url)  # the token endpoint lives on the API host
        page = browser.get(consent.headers["location"])
    resetting.sock.close()
    assert page.status_code == 502 and "could not be reached" in page.text
    assert host.store.all() == [] and len(host.failures) == 1


def test_a_stalled_token_endpoint_gives_a_page(host: Host, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "TIMEOUT", httpx.Timeout(0.3))
    monkeypatch.setattr(auth, "EXCHANGE_DEADLINE", 0.5)
    host.fake.token_stall = 3.0
    page = host.login()
    assert page.status_code == 502 and "did not answer" in page.text
    assert host.store.all() == [] and len(host.failures) == 1


@pytest.mark.parametrize("body", [b"<html>maintenance</html>", b'[{"id": "1"}]'], ids=["html", "list"])
def test_a_bad_me_answer_gives_a_page(host: Host, body: bytes) -> None:
    host.fake.me_body = body
    page = host.login()
    assert page.status_code == 502 and "Could not connect Intercom" in page.text and "/me" in page.text
    assert host.store.all() == [] and len(host.failures) == 1


def test_auth_login_reports_a_bad_provider_at_once(tmp_path: Path) -> None:
    fake = FakeIntercom(token_body=b"<html>oops</html>", content_type="text/html")
    with ThreadedServer(fake.app()) as intercom:
        env = {**os.environ, "INTERCOM_APP_URL": intercom.url, "INTERCOM_BASE_URL": intercom.url,
               "ACME_INTERCOM_CLIENT_ID": CLIENT_ID, "ACME_INTERCOM_CLIENT_SECRET": CLIENT_SECRET,
               "INTERCOM_CONNECTOR_HOME": str(tmp_path)}
        proc = subprocess.Popen([sys.executable, "-m", "intercom", "auth", "login", "--no-browser",
                                 "--timeout", "120", "--port", str(free_port())],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Open this page")
        page = httpx.get(proc.stdout.readline().strip(), follow_redirects=True, timeout=10, trust_env=False)
        _out, err = proc.communicate(timeout=60)
    assert page.status_code == 502
    assert proc.returncode == 1
    assert err.splitlines()[-1].startswith("error: ") and "not JSON" in err and "nothing was stored" in err
    assert "no callback from Intercom within" not in err


# -- item 5: the state is bound to the browser that started the flow --------------------------


def test_a_callback_opened_in_another_browser_is_refused(host: Host) -> None:
    """Login CSRF: a stranger starts the flow, then has someone else's browser finish it."""
    with host.browser() as stranger:
        consent = stranger.get(stranger.get(host.url + "/auth/intercom/start").headers["location"])
        finish = consent.headers["location"]
    with host.browser() as victim:
        page = victim.get(finish)
    assert page.status_code == 400 and "another browser" in page.text
    assert host.store.all() == [] and host.fake.token_requests == []


def test_the_binding_cookie_is_httponly_samesite_and_signed(host: Host) -> None:
    with host.browser() as browser:
        start = browser.get(host.url + "/auth/intercom/start")
        cookie = start.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
        assert "path=/auth/intercom" in cookie.lower()
        consent = browser.get(start.headers["location"])
        name, value = cookie.split(";")[0].split("=", 1)
        browser.cookies.clear()
        browser.cookies.set(name, value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
        page = browser.get(consent.headers["location"])
    assert page.status_code == 400 and host.store.all() == []


def test_the_same_browser_completes_the_flow(host: Host) -> None:
    with host.browser() as browser:
        page = host.login(browser)
    assert page.status_code == 200 and [c.workspace_id for c in host.store.all()] == ["wsp123"]


def test_expired_states_are_pruned(host: Host) -> None:
    old = OAuthStates(host.state, ttl=-1)
    stale = old.issue()
    OAuthStates(host.state).issue()  # issuing prunes what has expired
    assert old.take(stale) is None
    rows = host.state.db.run_sync(_count_states)
    assert rows == 1


async def _count_states(tx) -> int:  # type: ignore[no-untyped-def]
    row = await tx.fetchone("SELECT COUNT(*) FROM oauth_states")
    return int(row[0])


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"operator:{password}".encode()).decode()}


def test_start_on_a_network_serve_without_an_operator_password_is_off(host: Host) -> None:
    host.runtime.open_to_network = True
    page = httpx.get(host.url + "/auth/intercom/start", timeout=10, trust_env=False)
    assert page.status_code == 403 and "INTERCOM_CONNECTOR_OPERATOR_PASSWORD" in page.text
    assert "location" not in page.headers


def test_start_on_a_network_serve_asks_for_the_operator_password(host: Host) -> None:
    host.runtime.open_to_network = True
    host.runtime.operator_password = "correct horse battery"
    anonymous = httpx.get(host.url + "/auth/intercom/start", timeout=10, trust_env=False)
    wrong = httpx.get(host.url + "/auth/intercom/start", headers=basic("guess"), timeout=10, trust_env=False)
    right = httpx.get(host.url + "/auth/intercom/start", headers=basic("correct horse battery"), timeout=10,
                      trust_env=False)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Basic ")
    assert wrong.status_code == 401
    assert right.status_code == 302 and right.headers["location"].startswith(os.environ["INTERCOM_APP_URL"])


@pytest.mark.parametrize(("bind", "public", "exposed"), [
    ("127.0.0.1", "http://127.0.0.1:8000", False),
    ("::1", None, False),
    ("localhost", "http://localhost:8000", False),
    ("0.0.0.0", None, True),
    ("127.0.0.1", "https://hooks.acme.test", True),  # a tunnel makes a loopback serve public
])
def test_which_serve_is_open_to_the_network(bind: str, public: str | None, exposed: bool) -> None:
    from intercom.server.operator import network_exposed

    assert network_exposed(bind, public) is exposed


def test_a_new_connection_does_not_replace_the_default_account(host: Host) -> None:
    first = host.store.save(Connection(access_token="tok_first", workspace_id="wsfirst", account_name="First"))
    page = host.login()
    assert page.status_code == 200 and "not the default account" in page.text
    assert {c.workspace_id for c in host.store.all()} == {"wsfirst", "wsp123"}
    assert host.store.default().id == first.id  # type: ignore[union-attr]


def test_auth_use_makes_a_connection_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    store = ConnectionStore()
    first = store.save(Connection(access_token="tok_a", workspace_id="wsa", account_name="A"))
    second = store.save(Connection(access_token="tok_b", workspace_id="wsb", account_name="B"))
    assert store.default().id == first.id  # type: ignore[union-attr]
    result = CliRunner().invoke(main, ["auth", "use", second.id], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == f"Default account: B ({second.id})\n"
    assert ConnectionStore().default().id == second.id  # type: ignore[union-attr]
    missing = CliRunner().invoke(main, ["auth", "use", "nope"], catch_exceptions=False)
    assert missing.exit_code == 2 and missing.stderr.startswith("error: no connection 'nope'")
