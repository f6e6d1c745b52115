"""Keeping a stored connection usable: refresh (where tokens expire), validation, region, CLI."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from intercom.auth import ReauthorizationRequired, TokenManager, connect_with_token
from intercom.cli import main
from intercom.storage import Connection, ConnectionStore
from tests.fake_intercom import CLIENT_ID, CLIENT_SECRET

CONFIG = {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}
ME = {"type": "admin", "id": "7", "name": "Bo", "email": "bo@acme.test",
      "app": {"type": "app", "id_code": "ws9", "name": "Acme EU", "region": "Europe"}}


@pytest.fixture
def store(tmp_path: Path) -> ConnectionStore:
    return ConnectionStore(tmp_path / "c.db")


async def test_expiring_token_is_refreshed_once_under_concurrency(store: ConnectionStore) -> None:
    conn = store.save(Connection(access_token="old", refresh_token="r1", expires_at=time.time() + 10,
                                 account_name="A"))
    manager = TokenManager(store, CONFIG)
    with respx.mock(base_url="https://api.intercom.io", assert_all_called=True) as api:
        route = api.post("/auth/eagle/token").respond(
            json={"access_token": "new", "refresh_token": "r2", "expires_in": 3600, "token_type": "Bearer"})
        results = await asyncio.gather(*(manager.active(conn) for _ in range(5)))
    assert route.call_count == 1
    form = dict(httpx.QueryParams(route.calls.last.request.content.decode()))
    assert form == {"grant_type": "refresh_token", "refresh_token": "r1",
                    "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    assert {r.access_token for r in results} == {"new"}
    saved = store.get(conn.id)
    assert (saved.access_token, saved.refresh_token) == ("new", "r2")
    assert saved.expires_at == pytest.approx(time.time() + 3600, abs=5)


async def test_fresh_or_non_expiring_tokens_are_left_alone(store: ConnectionStore) -> None:
    manager = TokenManager(store, CONFIG)
    intercom_style = store.save(Connection(access_token="forever"))
    fresh = store.save(Connection(access_token="t", refresh_token="r", expires_at=time.time() + 3600))
    with respx.mock(assert_all_mocked=True) as api:
        assert (await manager.active(intercom_style)).access_token == "forever"
        assert (await manager.active(fresh)).access_token == "t"
    assert api.calls.call_count == 0


async def test_refused_refresh_marks_the_connection_for_reauthorization(store: ConnectionStore) -> None:
    conn = store.save(Connection(access_token="old", refresh_token="bad", expires_at=time.time() - 1,
                                 account_name="Acme"))
    with respx.mock(base_url="https://api.intercom.io") as api:
        api.post("/auth/eagle/token").respond(401, json={"type": "error.list", "errors": [
            {"code": "unauthorized", "message": "Refresh token revoked"}]})
        with pytest.raises(ReauthorizationRequired, match="connect it again with `intercom-connector auth login`"):
            await TokenManager(store, CONFIG).active(conn)
    assert store.get(conn.id).needs_reauth is True


async def test_validate_401_marks_needs_reauth_and_says_so(store: ConnectionStore) -> None:
    conn = store.save(Connection(access_token="revoked", account_name="Acme Support (ada@acme.test)"))
    with respx.mock(base_url="https://api.intercom.io") as api:
        api.get("/me").respond(401, json={"type": "error.list", "errors": [{"code": "token_revoked"}]})
        with pytest.raises(ReauthorizationRequired) as caught:
            await TokenManager(store, CONFIG).validate(conn)
    assert "Acme Support (ada@acme.test) is no longer authorized" in str(caught.value)
    assert store.get(conn.id).needs_reauth
    with pytest.raises(ReauthorizationRequired):  # refused before any request from now on
        await TokenManager(store, CONFIG).active(store.get(conn.id))


async def test_private_app_token_connection(store: ConnectionStore) -> None:
    with respx.mock(base_url="https://api.intercom.io", assert_all_called=True) as api:
        route = api.get("/me").respond(json=ME)
        conn = await connect_with_token("  pat-123  ", store)
    assert route.calls.last.request.headers["Authorization"] == "Bearer pat-123"
    assert (conn.kind, conn.region, conn.workspace_id, conn.account_name) == ("token", "eu", "ws9", "Acme EU (bo@acme.test)")


def cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_stored_eu_connection_routes_run_to_the_eu_host() -> None:
    store = ConnectionStore()
    store.save(Connection(access_token="eu-token", region="eu", account_name="Acme EU (bo@acme.test)"))
    with respx.mock(base_url="https://api.eu.intercom.io", assert_all_called=True) as api:
        route = api.get("/contacts/6657ad000000000000000abc").respond(json={"type": "contact", "id": "abc"})
        code, out, _ = cli("run", "GetContact", "--input", '{"contactId": "6657ad000000000000000abc"}')
    assert code == 0 and json.loads(out)["data"]["id"] == "abc"
    assert route.calls.last.request.headers["Authorization"] == "Bearer eu-token"


def test_run_401_with_stored_connection_asks_to_reconnect() -> None:
    store = ConnectionStore()
    conn = store.save(Connection(access_token="gone", account_name="Acme"))
    with respx.mock(base_url="https://api.intercom.io") as api:
        api.get("/contacts/6657ad000000000000000abc").respond(401, json={"type": "error.list", "errors": [{"code": "unauthorized"}]})
        code, _, err = cli("run", "GetContact", "--input", '{"contactId": "6657ad000000000000000abc"}')
    assert code == 1 and "connect it again with `intercom-connector auth login`" in err
    assert ConnectionStore().get(conn.id).needs_reauth


def test_auth_status_shows_account_and_region_never_the_token() -> None:
    ConnectionStore().save(Connection(access_token="super-secret-token", region="au", workspace_id="w1",
                                      account_name="Acme AU (ada@acme.test)"))
    code, out, _ = cli("auth", "status")
    assert code == 0 and "Acme AU (ada@acme.test)  region=au  kind=oauth  workspace=w1" in out
    code, out, _ = cli("auth", "status", "--json")
    assert json.loads(out)[0]["region"] == "au"
    assert "super-secret-token" not in out


def test_auth_logout_revokes_then_deletes() -> None:
    store = ConnectionStore()
    store.save(Connection(access_token="to-revoke", account_name="Acme"))
    with respx.mock(base_url="https://api.intercom.io", assert_all_called=True) as api:
        route = api.post("/auth/uninstall").respond(json={})
        code, out, _ = cli("auth", "logout")
    assert code == 0 and out == "Disconnected: Acme\n"
    assert route.calls.last.request.headers["Authorization"] == "Bearer to-revoke"
    assert route.calls.last.request.headers["Intercom-Version"] == "2.10"
    assert ConnectionStore().all() == []


def test_auth_logout_keeps_the_token_when_intercom_is_down() -> None:
    ConnectionStore().save(Connection(access_token="t", account_name="Acme"))
    with respx.mock(base_url="https://api.intercom.io") as api:
        api.post("/auth/uninstall").respond(500, json={"type": "error.list", "errors": [{"code": "server_error"}]})
        code, _, err = cli("auth", "logout")
    assert code == 1 and "so it was kept" in err
    assert len(ConnectionStore().all()) == 1


def test_auth_token_command_reads_stdin() -> None:
    with respx.mock(base_url="https://api.intercom.io", assert_all_called=True) as api:
        api.get("/me").respond(json=ME)
        result = CliRunner().invoke(main, ["auth", "token", "--token-stdin"], input="pat-9\n")
    assert result.exit_code == 0 and "Connected: Acme EU (bo@acme.test) (region eu, kind token)" in result.stdout


def test_login_without_client_id_names_the_key_and_where_to_set_it() -> None:
    code, _, err = cli("auth", "login", "--no-browser")
    assert code == 2
    assert "clientId: is not set: add it to the 'acme:intercom' service configuration" in err
    assert "ACME_INTERCOM_CLIENT_ID" in err
