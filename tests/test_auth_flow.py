"""OAuth over real sockets: the host's /start and /callback against a fake Intercom."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from intercom.server import ServerRuntime, create_app
from intercom.server.states import OAuthStates
from intercom.server.threaded import ThreadedServer, free_port
from intercom.storage import ConnectionStore, StateStore
from tests.fake_intercom import CLIENT_ID, CLIENT_SECRET, FakeIntercom

CONFIG = {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}


@dataclass
class World:
    fake: FakeIntercom
    store: ConnectionStore
    state: StateStore
    host_url: str


@pytest.fixture
def world(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    fake = FakeIntercom()
    with ThreadedServer(fake.app()) as intercom:
        monkeypatch.setenv("INTERCOM_APP_URL", intercom.url)
        monkeypatch.setenv("INTERCOM_BASE_URL", intercom.url)
        store = ConnectionStore(tmp_path / "connections.db")
        state = StateStore(tmp_path / "host.db")
        runtime = ServerRuntime(config=CONFIG, connections=store, state=state, public_url="")
        with ThreadedServer(create_app(runtime)) as host:
            runtime.public_url = host.url
            yield World(fake, store, state, host.url)


def login(world: World) -> httpx.Response:
    with httpx.Client(follow_redirects=True, timeout=10) as browser:
        return browser.get(world.host_url + "/auth/intercom/start")


def test_scripted_login_stores_one_connection_named_from_me(world: World) -> None:
    page = login(world)
    assert page.status_code == 200
    assert "Acme Support (ada@acme.test)" in page.text
    connections = world.store.all()
    assert len(connections) == 1
    conn = connections[0]
    assert (conn.account_name, conn.region, conn.workspace_id, conn.kind) == (
        "Acme Support (ada@acme.test)", "eu", "wsp123", "oauth")
    assert conn.access_token in world.fake.tokens
    # The token request carried Intercom's fields in the form body.
    sent = world.fake.token_requests[0]
    assert (sent["client_id"], sent["client_secret"], sent["grant_type"]) == (
        CLIENT_ID, CLIENT_SECRET, "authorization_code")
    assert sent["code"].endswith("=")  # kept intact
    assert conn.access_token not in page.text


def test_start_redirects_to_the_authorize_url_with_a_fresh_state(world: World) -> None:
    with httpx.Client(timeout=10) as browser:
        first = browser.get(world.host_url + "/auth/intercom/start")
        second = browser.get(world.host_url + "/auth/intercom/start")
    assert first.status_code == 302
    url = urlsplit(first.headers["location"])
    query = parse_qs(url.query)
    assert url.path == "/oauth"
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [world.host_url + "/auth/intercom/callback"]
    assert "scope" not in query
    assert len(query["state"][0]) >= 32
    assert parse_qs(urlsplit(second.headers["location"]).query)["state"] != query["state"]


def callback(world: World, **params: str) -> httpx.Response:
    return httpx.get(world.host_url + "/auth/intercom/callback", params=params, timeout=10)


def test_forged_state_gets_400_and_stores_nothing(world: World) -> None:
    world.fake.codes["real-code="] = world.host_url + "/auth/intercom/callback"
    page = callback(world, code="real-code=", state="forged-state")
    assert page.status_code == 400 and "not valid any more" in page.text
    assert world.store.all() == [] and world.fake.token_requests == []


def test_reused_state_gets_400_and_stores_nothing_more(world: World) -> None:
    with httpx.Client(timeout=10) as browser:
        consent = browser.get(browser.get(world.host_url + "/auth/intercom/start").headers["location"])
        back = consent.headers["location"]
        assert browser.get(back).status_code == 200
        assert browser.get(back).status_code == 400
    assert len(world.store.all()) == 1 and len(world.fake.token_requests) == 1


def test_expired_state_gets_400(world: World) -> None:
    states = OAuthStates(world.state, ttl=-1)  # already expired when issued
    state = states.issue()
    page = callback(world, code="whatever=", state=state)
    assert page.status_code == 400 and world.store.all() == []


@pytest.mark.parametrize(("status", "page_status", "message"), [
    (401, 400, "Unauthorized Code"), (503, 502, "Token service is down")], ids=["4xx", "5xx"])
def test_token_endpoint_errors_show_intercoms_message(world: World, status: int, page_status: int,
                                                      message: str) -> None:
    world.fake.token_status = status
    page = login(world)
    assert page.status_code == page_status and message in page.text
    assert world.store.all() == []


def test_me_401_stores_nothing(world: World) -> None:
    world.fake.me_status = 401
    page = login(world)
    assert page.status_code == 400 and "Access Token Invalid" in page.text
    assert world.store.all() == []


def test_reconnecting_a_workspace_replaces_its_connection(world: World) -> None:
    login(world)
    first = world.store.all()[0]
    login(world)
    connections = world.store.all()
    assert len(connections) == 1 and connections[0].id == first.id
    assert connections[0].access_token != first.access_token


def test_no_secret_reaches_any_log(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    login(world)
    conn = world.store.all()[0]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "connected Intercom account Acme Support (ada@acme.test)" in text
    for secret in (CLIENT_SECRET, conn.access_token, world.fake.token_requests[0]["code"]):
        assert secret not in text


def test_store_file_is_readable_by_its_owner_only(world: World) -> None:
    assert oct(world.store.path.stat().st_mode & 0o777) == "0o600"


def test_cli_login_waits_for_the_callback_and_prints_the_account(tmp_path, monkeypatch) -> None:
    import os
    import subprocess
    import sys

    fake = FakeIntercom()
    with ThreadedServer(fake.app()) as intercom:
        env = {**os.environ, "INTERCOM_APP_URL": intercom.url, "INTERCOM_BASE_URL": intercom.url,
               "ACME_INTERCOM_CLIENT_ID": CLIENT_ID, "ACME_INTERCOM_CLIENT_SECRET": CLIENT_SECRET,
               "INTERCOM_CONNECTOR_HOME": str(tmp_path)}
        proc = subprocess.Popen([sys.executable, "-m", "intercom", "auth", "login", "--no-browser", "--timeout", "30",
                                 "--port", str(free_port())],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Open this page")
        url = proc.stdout.readline().strip()
        assert url.startswith(intercom.url + "/oauth?")
        page = httpx.get(url, follow_redirects=True, timeout=10)  # the user's browser
        out, err = proc.communicate(timeout=30)
    assert page.status_code == 200 and proc.returncode == 0, err
    assert out == "Connected: Acme Support (ada@acme.test) (region eu, workspace wsp123)\n"
    assert CLIENT_SECRET not in out + err and "tok_" not in out + err
    assert [c.account_name for c in ConnectionStore(tmp_path / "store.db").all()] == [
        "Acme Support (ada@acme.test)"]
