"""Signed webhook delivery over real sockets, checked with an independent HMAC computation."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
import pytest
from sandbox_helpers import API_HEADERS, WebhookReceiver

from intercom_sandbox import SandboxConfig, SandboxServer

SECRET = "webhook-test-secret"


def expected_signature(body: bytes, secret: str = SECRET) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def wait_until(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def server(webhook_receiver: WebhookReceiver):
    config = SandboxConfig(client_secret=SECRET, webhook_url=webhook_receiver.url, webhook_retry_delay=0.05)
    with SandboxServer(config) as running:
        yield running


def api(server: SandboxServer) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers=API_HEADERS, trust_env=False)


def test_mutations_send_signed_notifications(
    server: SandboxServer, webhook_receiver: WebhookReceiver
) -> None:
    with api(server) as client:
        contact = client.post("/contacts", json={"email": "hooked@example.com"}).json()
        lead = client.post("/contacts", json={"role": "lead"}).json()
        client.put(f"/contacts/{contact['id']}", json={"name": "Hooked"})
        message = client.post(
            "/conversations", json={"from": {"type": "user", "id": contact["id"]}, "body": "hi"}
        )
        conversation_id = message.json()["conversation_id"]
        admin_id = client.get("/me").json()["id"]
        client.post(
            f"/conversations/{conversation_id}/reply",
            json={"type": "admin", "message_type": "comment", "admin_id": admin_id, "body": "hello"},
        )
        client.post(
            f"/conversations/{conversation_id}/parts",
            json={"message_type": "close", "type": "admin", "admin_id": admin_id},
        )
        tag = client.post("/tags", json={"name": "Hooked tag"}).json()
        client.post(f"/contacts/{lead['id']}/tags", json={"id": tag["id"]})
        client.post("/companies", json={"company_id": "c-1", "name": "C1"})
        client.delete(f"/contacts/{lead['id']}")

    topics = [
        "contact.user.created",
        "contact.lead.created",
        "contact.user.updated",
        "conversation.user.created",
        "conversation.admin.replied",
        "conversation.admin.closed",
        "contact.lead.tag.created",
        "company.created",
        "contact.deleted",
    ]
    server.wait_for_webhooks(len(topics))
    wait_until(lambda: len(webhook_receiver.requests) >= len(topics))
    received = webhook_receiver.requests
    payloads = [json.loads(r.body) for r in received]
    assert [p["topic"] for p in payloads] == topics

    for request, payload in zip(received, payloads, strict=True):
        assert request.path == "/hooks/intercom"
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["User-Agent"] == "intercom-parrot-service-client/1.0"
        assert hmac.compare_digest(request.headers["X-Hub-Signature"], expected_signature(request.body))
        assert payload["type"] == "notification_event"
        assert payload["app_id"] == "sbx1234"
        assert payload["id"].startswith("notif_")
        assert payload["data"]["type"] == "notification_event_data"
        assert payload["delivery_attempts"] == 1 and payload["first_sent_at"] == payload["created_at"]

    assert payloads[0]["data"]["item"]["id"] == contact["id"]
    assert payloads[3]["data"]["item"]["type"] == "conversation"
    tag_item = payloads[6]["data"]["item"]
    assert tag_item["type"] == "contact_tag" and tag_item["tag"]["id"] == tag["id"]
    assert len({p["id"] for p in payloads}) == len(payloads)
    assert all(entry["delivered"] for entry in server.store.webhook_log)


def test_signature_does_not_verify_with_another_secret(
    server: SandboxServer, webhook_receiver: WebhookReceiver
) -> None:
    with api(server) as client:
        client.post("/_sandbox/ping")
    server.wait_for_webhooks(1, topic="ping")
    wait_until(lambda: webhook_receiver.requests)
    request = webhook_receiver.requests[0]
    assert json.loads(request.body)["data"]["item"]["type"] == "ping"
    assert request.headers["X-Hub-Signature"] == expected_signature(request.body)
    assert request.headers["X-Hub-Signature"] != expected_signature(request.body, "sandbox-client-secret")
    assert request.headers["X-Hub-Signature"] != expected_signature(request.body + b" ")


def test_failed_delivery_is_retried_once(server: SandboxServer, webhook_receiver: WebhookReceiver) -> None:
    webhook_receiver.status = 500
    with api(server) as client:
        client.post("/_sandbox/ping")
    attempts = server.wait_for_webhooks(2, timeout=5)
    assert [a["attempt"] for a in attempts] == [1, 2]
    assert attempts[0]["id"] == attempts[1]["id"]
    assert json.loads(webhook_receiver.requests[1].body)["delivery_attempts"] == 2


def test_duplicates_and_drops(webhook_receiver: WebhookReceiver) -> None:
    config = SandboxConfig(webhook_url=webhook_receiver.url, duplicate_webhook_rate=1.0)
    with SandboxServer(config) as server, api(server) as client:
        client.post("/_sandbox/ping")
        first, second = server.wait_for_webhooks(2)
        assert first["id"] == second["id"] and second["duplicate"]
        assert first["body"] == second["body"]

    config = SandboxConfig(webhook_url=webhook_receiver.url, drop_webhook_rate=1.0)
    with SandboxServer(config) as server, api(server) as client:
        client.post("/contacts", json={"email": "dropped@example.com"})
        wait_until(lambda: server.store.webhook_log)
        assert server.store.webhook_log[0]["dropped"] is True
        with pytest.raises(TimeoutError):
            server.wait_for_webhooks(1, timeout=0.2)


def test_webhook_url_can_be_set_after_start(webhook_receiver: WebhookReceiver) -> None:
    with SandboxServer(SandboxConfig()) as server, api(server) as client:
        client.post("/contacts", json={"email": "silent@example.com"})
        assert server.store.webhook_log == []
        server.set_webhook_url(webhook_receiver.url)
        client.post("/contacts", json={"email": "loud@example.com"})
        (entry,) = server.wait_for_webhooks(1)
        assert entry["payload"]["data"]["item"]["email"] == "loud@example.com"


def test_slow_receiver_does_not_block_api_responses(webhook_receiver: WebhookReceiver) -> None:
    webhook_receiver.delay = 0.3
    config = SandboxConfig(webhook_url=webhook_receiver.url)
    with SandboxServer(config) as server, api(server) as client:
        started = time.perf_counter()
        for i in range(5):
            assert client.post("/contacts", json={"email": f"fast{i}@example.com"}).status_code == 200
        assert time.perf_counter() - started < 0.3
        webhook_receiver.delay = 0.0
        assert len(server.wait_for_webhooks(5)) == 5


def test_unreachable_receiver_is_logged_as_failed() -> None:
    config = SandboxConfig(webhook_url="http://127.0.0.1:9/unreachable", webhook_retry_delay=0.01)
    with SandboxServer(config) as server, api(server) as client:
        client.post("/contacts", json={"email": "nobody-listens@example.com"})
        first, retry = server.wait_for_webhooks(2)
    assert first["error"] and retry["error"] and not first["delivered"]
    assert (first["attempt"], retry["attempt"]) == (1, 2)


def test_server_starts_and_stops_quickly() -> None:
    started = time.perf_counter()
    with SandboxServer(SandboxConfig(seed=50)) as server, api(server) as client:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert client.get("/contacts").json()["total_count"] == 50
        response = client.get("/me", headers={"Authorization": ""})
        assert response.status_code == 401
    assert time.perf_counter() - started < 5.0
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False) as client:
        client.get(f"{server.base_url}/_sandbox/health", timeout=0.5)
