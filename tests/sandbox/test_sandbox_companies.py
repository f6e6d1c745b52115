"""Companies: upsert on company_id, page-number listing, and the one-at-a-time scroll."""

from __future__ import annotations

import httpx
from sandbox_helpers import Sandbox, SandboxFactory, assert_error


async def test_upsert_on_company_id(sandbox: Sandbox) -> None:
    created = await sandbox.client.post(
        "/companies", json={"company_id": "acme-1", "name": "Acme", "plan": "Pro", "monthly_spend": 99.7}
    )
    assert created.status_code == 200
    company = created.json()
    assert company["type"] == "company" and company["plan"]["name"] == "Pro"
    assert company["monthly_spend"] == 99

    updated = (
        await sandbox.client.post("/companies", json={"company_id": "acme-1", "industry": "Anvils"})
    ).json()
    assert updated["id"] == company["id"] and updated["industry"] == "Anvils" and updated["name"] == "Acme"
    assert len(sandbox.store.companies) == 1

    assert (await sandbox.client.get(f"/companies/{company['id']}")).json()["industry"] == "Anvils"
    assert (await sandbox.client.get("/companies", params={"company_id": "acme-1"})).json()["id"] == company[
        "id"
    ]
    assert_error(await sandbox.client.get("/companies/0000"), 404, "company_not_found")
    assert_error(await sandbox.client.post("/companies", json={}), 400, "bad_request")


async def test_companies_list_by_page_number(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=40)
    first = (await sandbox.client.post("/companies/list", params={"per_page": 15})).json()
    assert first["total_count"] == 40 and len(first["data"]) == 15
    assert first["pages"]["total_pages"] == 3
    # Page-numbered lists put the next page's URL in `next`, not a cursor object.
    next_url = httpx.URL(first["pages"]["next"])
    assert next_url.path == "/companies/list"
    assert dict(next_url.params) == {"page": "2", "per_page": "15"}
    spend = [c["last_request_at"] for c in first["data"]]
    assert spend == sorted(spend, reverse=True)  # newest activity first by default
    last = (await sandbox.client.post("/companies/list", params={"per_page": 15, "page": 3})).json()
    assert len(last["data"]) == 10 and last["pages"]["next"] is None


async def test_scroll_until_empty_then_a_new_scroll_may_start(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=20)
    seen: list[str] = []
    first = (await sandbox.client.get("/companies/scroll")).json()
    param = first["scroll_param"]
    seen.extend(c["id"] for c in first["data"])
    # Only one scroll may be open per workspace.
    assert_error(await sandbox.client.get("/companies/scroll"), 400, "scroll_exists")
    while True:
        page = (await sandbox.client.get("/companies/scroll", params={"scroll_param": param})).json()
        if not page["data"]:
            break
        seen.extend(c["id"] for c in page["data"])
    assert sorted(seen) == sorted(sandbox.store.companies)
    assert (await sandbox.client.get("/companies/scroll")).status_code == 200


async def test_idle_scroll_expires_after_a_minute(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=20, now=1_710_000_000)
    param = (await sandbox.client.get("/companies/scroll")).json()["scroll_param"]
    sandbox.store.clock.advance(61)
    assert_error(
        await sandbox.client.get("/companies/scroll", params={"scroll_param": param}), 404, "not_found"
    )
    assert (await sandbox.client.get("/companies/scroll")).status_code == 200
