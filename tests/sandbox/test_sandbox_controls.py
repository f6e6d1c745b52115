"""The package surface, the `/_sandbox/` test controls, and keeping secrets out of logs."""

from __future__ import annotations

import logging

import httpx
import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory, WebhookReceiver

import intercom_sandbox
from intercom_sandbox import SandboxConfig, SandboxServer


def test_public_names() -> None:
    assert intercom_sandbox.__all__ == sorted(intercom_sandbox.__all__)
    for name in ("SandboxConfig", "SandboxServer", "create_app", "run_sandbox"):
        assert name in intercom_sandbox.__all__
        assert getattr(intercom_sandbox, name)


def test_config_validates_and_hides_secrets() -> None:
    config = SandboxConfig(client_secret="s3cret-value", access_token="tok-value")
    assert "s3cret-value" not in repr(config) and "tok-value" not in repr(config)
    with pytest.raises(ValueError):
        SandboxConfig(fault_rate=1.5)
    with pytest.raises(ValueError):
        SandboxConfig(rate_limit=0)


async def test_clock_control(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(now=MIDNIGHT)
    assert (await sandbox.client.get("/_sandbox/clock")).json() == {"now": MIDNIGHT, "frozen": True}
    moved = await sandbox.client.post("/_sandbox/clock", json={"advance": 90})
    assert moved.json()["now"] == MIDNIGHT + 90
    contact = await sandbox.create_contact(email="timed@example.com")
    assert contact["created_at"] == MIDNIGHT + 90
    refrozen = await sandbox.client.post("/_sandbox/clock", json={"freeze_at": MIDNIGHT + 86_400})
    assert refrozen.json()["now"] == MIDNIGHT + 86_400


async def test_webhook_controls_need_no_api_headers(sandbox: Sandbox) -> None:
    bare = {"Authorization": "", "Intercom-Version": ""}
    assert (await sandbox.client.get("/_sandbox/webhook", headers=bare)).json() == {"url": None}
    ping = await sandbox.client.post("/_sandbox/ping", headers=bare)
    assert ping.json() == {"queued": False, "id": None}  # no URL yet
    updated = await sandbox.client.put(
        "/_sandbox/webhook", json={"url": "http://127.0.0.1:9/x"}, headers=bare
    )
    assert updated.json() == {"url": "http://127.0.0.1:9/x"}
    assert (await sandbox.client.get("/_sandbox/webhooks", headers=bare)).json()["type"] == "list"


def test_secrets_never_reach_the_logs(
    webhook_receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    secret, static_token = "very-secret-client-secret", "very-secret-static-token"
    caplog.set_level(logging.DEBUG)
    config = SandboxConfig(client_secret=secret, access_token=static_token, webhook_url=webhook_receiver.url)
    with SandboxServer(config) as server, httpx.Client(base_url=server.base_url, trust_env=False) as client:
        headers = {"Authorization": f"Bearer {static_token}", "Intercom-Version": "2.10"}
        client.post("/contacts", json={"email": "logged@example.com"}, headers=headers)
        location = client.get(
            "/oauth", params={"client_id": "sandbox-client-id", "redirect_uri": "https://cb.example/x"}
        ).headers["location"]
        code = httpx.URL(location).params["code"]
        token = client.post(
            "/auth/eagle/token",
            data={"code": code, "client_id": "sandbox-client-id", "client_secret": secret},
        ).json()["token"]
        server.wait_for_webhooks(1)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in (secret, static_token, token, code):
        assert value not in logged
