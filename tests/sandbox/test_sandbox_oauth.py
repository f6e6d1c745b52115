"""OAuth: instant consent redirect, single-use code exchange, uninstall revoking the token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sandbox_helpers import Sandbox, assert_error

REDIRECT = "https://connector.example/oauth/callback"


async def authorize(sandbox: Sandbox, **params: str) -> str:
    query = {"client_id": "sandbox-client-id", "state": "st-123", "redirect_uri": REDIRECT, **params}
    response = await sandbox.client.get("/oauth", params=query)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    returned = parse_qs(urlsplit(location).query)
    assert returned["state"] == [query["state"]]
    return returned["code"][0]


async def exchange(sandbox: Sandbox, code: str, secret: str = "sandbox-client-secret", *, form: bool = True):
    payload = {"code": code, "client_id": "sandbox-client-id", "client_secret": secret}
    if form:
        return await sandbox.client.post("/auth/eagle/token", data=payload, headers={"Authorization": ""})
    return await sandbox.client.post("/auth/eagle/token", json=payload, headers={"Authorization": ""})


@pytest.mark.parametrize("form", [True, False], ids=["form-encoded", "json"])
async def test_code_exchange_issues_a_working_token_once(make_sandbox, form: bool) -> None:
    sandbox = await make_sandbox(access_token="static-token")  # OAuth tokens work alongside it
    code = await authorize(sandbox)
    response = await exchange(sandbox, code, form=form)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["token"] == token["access_token"] and token["token"]

    me = await sandbox.client.get("/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200

    replay = await exchange(sandbox, code, form=form)
    assert assert_error(replay, 401, "unauthorized")["errors"][0]["message"] == "Unauthorized Code"


async def test_codes_look_like_intercoms_padded_base64(sandbox: Sandbox) -> None:
    assert (await authorize(sandbox)).endswith("=")


async def test_wrong_secret_or_unknown_code_is_unauthorized(sandbox: Sandbox) -> None:
    code = await authorize(sandbox)
    assert_error(await exchange(sandbox, code, secret="nope"), 401, "unauthorized")
    assert_error(await exchange(sandbox, "made-up-code"), 401, "unauthorized")
    # A failed attempt with the wrong secret does not burn the code.
    assert (await exchange(sandbox, code)).status_code == 200


async def test_code_expires(sandbox: Sandbox) -> None:
    code = await authorize(sandbox)
    sandbox.store.clock.advance(601)
    assert_error(await exchange(sandbox, code), 401, "unauthorized")


async def test_unknown_client_or_missing_redirect_gets_an_error_page(sandbox: Sandbox) -> None:
    unknown = await sandbox.client.get("/oauth", params={"client_id": "other", "redirect_uri": REDIRECT})
    assert unknown.status_code == 400 and "text/html" in unknown.headers["content-type"]
    no_redirect = await sandbox.client.get("/oauth", params={"client_id": "sandbox-client-id"})
    assert no_redirect.status_code == 400


async def test_redirect_keeps_existing_query_parameters(sandbox: Sandbox) -> None:
    response = await sandbox.client.get(
        "/oauth", params={"client_id": "sandbox-client-id", "redirect_uri": REDIRECT + "?tenant=7"}
    )
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["tenant"] == ["7"] and "code" in query and "state" not in query


async def test_uninstall_revokes_the_token(sandbox: Sandbox) -> None:
    token = (await exchange(sandbox, await authorize(sandbox))).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await sandbox.client.post("/auth/uninstall", headers=auth)).status_code == 200
    assert_error(await sandbox.client.get("/me", headers=auth), 401, "unauthorized")
    assert_error(await sandbox.client.post("/auth/uninstall", headers=auth), 401, "unauthorized")
