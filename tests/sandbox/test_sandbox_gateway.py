"""Headers every call needs and gets back: auth, version, request ids, rate limits, faults."""

from __future__ import annotations

import logging
import time
import uuid

import pytest
from sandbox_helpers import MIDNIGHT, SandboxFactory, assert_error

from intercom_sandbox import SandboxConfig


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer ", "Basic dXNlcjpwYXNz", "bearer"],
    ids=["missing", "empty", "blank-token", "basic-scheme", "scheme-only"],
)
async def test_missing_or_malformed_bearer_token_is_401(make_sandbox: SandboxFactory, authorization) -> None:
    sandbox = await make_sandbox()
    headers = {"Intercom-Version": "2.10"}
    if authorization is not None:
        headers["Authorization"] = authorization
    sandbox.client.headers.pop("Authorization")
    response = await sandbox.client.get("/me", headers=headers)
    body = assert_error(response, 401, "unauthorized")
    assert body["errors"][0]["message"] == "Access Token Invalid"


async def test_static_access_token_is_enforced_when_configured(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(access_token="the-only-token")
    assert_error(await sandbox.client.get("/me"), 401, "unauthorized")
    ok = await sandbox.client.get("/me", headers={"Authorization": "Bearer the-only-token"})
    assert ok.status_code == 200


async def test_any_token_is_accepted_without_static_token(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox()
    response = await sandbox.client.get("/me", headers={"Authorization": "Bearer whatever-123"})
    assert response.status_code == 200
    assert response.json()["app"]["id_code"] == "sbx1234"


async def test_missing_version_header_falls_back_to_the_app_default(make_sandbox: SandboxFactory) -> None:
    # Like Intercom, no header means "the version set for the app" (the stock SDK sends none).
    sandbox = await make_sandbox()
    del sandbox.client.headers["Intercom-Version"]
    response = await sandbox.client.get("/me")
    assert response.status_code == 200, response.text
    assert response.headers["X-Sandbox-Requested-Version"] == "2.10"
    assert response.headers["X-Sandbox-Api-Version"] == "2.10"


async def test_the_default_version_is_configurable(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(default_version="2.11")
    response = await sandbox.client.get("/me", headers={"Intercom-Version": ""})
    assert response.status_code == 200
    assert response.headers["X-Sandbox-Requested-Version"] == "2.11"
    with pytest.raises(ValueError, match="default_version must be one of"):
        SandboxConfig(default_version="3.0")


@pytest.mark.parametrize("version", ["2.9", "2.11", "2.14", "Unstable", "unstable"])
async def test_other_versions_are_served_with_2_10_shapes(
    make_sandbox: SandboxFactory, caplog: pytest.LogCaptureFixture, version: str
) -> None:
    caplog.set_level(logging.INFO, logger="intercom_sandbox")
    sandbox = await make_sandbox()
    for _ in range(2):
        response = await sandbox.client.get("/me", headers={"Intercom-Version": version})
        assert response.status_code == 200, response.text
    assert response.headers["X-Sandbox-Requested-Version"].lower() == version.lower()
    assert response.headers["X-Sandbox-Api-Version"] == "2.10"
    noted = [r.getMessage() for r in caplog.records if "answers with API 2.10 shapes" in r.getMessage()]
    assert len(noted) == 1 and version.lower() in noted[0].lower()  # said once, not on every call


@pytest.mark.parametrize("version", ["2.10.1", "3.0", "latest"])
async def test_unknown_versions_get_intercoms_error(make_sandbox: SandboxFactory, version: str) -> None:
    sandbox = await make_sandbox()
    response = await sandbox.client.get("/me", headers={"Intercom-Version": version})
    body = assert_error(response, 400, "intercom_version_invalid")
    assert body["errors"][0]["message"] == f"The requested version {version!r} could not be found"


async def test_1_x_versions_are_refused_as_not_served(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox()
    response = await sandbox.client.get("/me", headers={"Intercom-Version": "1.4"})
    body = assert_error(response, 400, "intercom_version_invalid")
    assert body["errors"][0]["message"] == "The sandbox does not serve API 1.4; use a 2.x version"


async def test_auth_is_checked_before_version(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox()
    response = await sandbox.client.get("/me", headers={"Authorization": "", "Intercom-Version": "1.0"})
    assert_error(response, 401, "unauthorized")


async def test_unknown_path_and_method_are_404_error_lists(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox()
    assert_error(await sandbox.client.get("/no/such/thing"), 404, "not_found")
    assert_error(await sandbox.client.patch("/contacts"), 404, "not_found")


async def test_invalid_json_body_is_parameter_invalid(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox()
    response = await sandbox.client.post(
        "/contacts", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "parameter_invalid")


async def test_every_response_has_request_id_and_rate_limit_headers(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(now=MIDNIGHT + 3)
    for response in (
        await sandbox.client.get("/me"),
        await sandbox.client.get("/contacts/000000000000000000000000"),
        await sandbox.client.get("/_sandbox/health"),
    ):
        uuid.UUID(response.headers["X-Request-Id"])
        assert int(response.headers["X-RateLimit-Limit"]) >= 1_000_000
        assert int(response.headers["X-RateLimit-Remaining"]) > 0
        assert response.headers["X-RateLimit-Reset"] == str(MIDNIGHT + 10)


async def test_rate_limit_returns_429_until_the_window_resets(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(rate_limit=3, now=MIDNIGHT + 2)
    remaining = []
    for _ in range(3):
        response = await sandbox.client.get("/me")
        assert response.status_code == 200
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]

    limited = await sandbox.client.get("/me")
    assert_error(limited, 429, "rate_limit_exceeded")
    assert limited.headers["X-RateLimit-Limit"] == "3"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert limited.headers["X-RateLimit-Reset"] == str(MIDNIGHT + 10)
    # Sandbox controls never count against (or get refused by) the limit.
    assert (await sandbox.client.get("/_sandbox/health")).status_code == 200

    sandbox.store.clock.advance(8)  # now MIDNIGHT + 10: a new window
    fresh = await sandbox.client.get("/me")
    assert fresh.status_code == 200
    assert fresh.headers["X-RateLimit-Remaining"] == "2"
    assert fresh.headers["X-RateLimit-Reset"] == str(MIDNIGHT + 20)


async def test_fault_injection_is_deterministic_for_a_seed(make_sandbox: SandboxFactory) -> None:
    async def statuses(random_seed: int) -> list[int]:
        sandbox = await make_sandbox(fault_rate=0.5, random_seed=random_seed)
        return [(await sandbox.client.get("/me")).status_code for _ in range(40)]

    first = await statuses(7)
    assert first == await statuses(7)
    assert set(first) == {200, 500, 503}
    assert 8 <= first.count(200) <= 32


async def test_injected_faults_are_error_lists(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(fault_rate=1.0)
    response = await sandbox.client.get("/admins")
    assert response.status_code in (500, 503)
    assert_error(
        response,
        response.status_code,
        "server_error" if response.status_code == 500 else "service_unavailable",
    )
    # OAuth and sandbox controls are not API calls and never fail on purpose.
    assert (await sandbox.client.get("/_sandbox/health")).status_code == 200


async def test_latency_is_added_to_api_calls(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(latency_ms=60)
    started = time.perf_counter()
    await sandbox.client.get("/me")
    assert time.perf_counter() - started >= 0.05
