"""New Company by polling, over a workspace with 12,000 companies (beyond the list's 10,000 cap).

The feed scrolls: each check reads at most its cap of pages and resumes there at the next
check, so a check's cost does not grow with the workspace, and every new company is found once.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from intercom.components.NewCompany.handler import SCROLL_PAGES_PER_CHECK
from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.storage import Store
from intercom_sandbox import SandboxConfig, SandboxServer, routes_companies
from tests.trigger_support import Accounts, Outbox, account

T = 1_717_000_000
EXISTING = 12_000
PAGE_SIZE = 200


async def test_new_company_polling_finds_each_new_company_once_with_12000_companies(
    bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    requests: Counter[str] = Counter()
    send = httpx.AsyncHTTPTransport.handle_async_request

    async def counting(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        requests[request.url.path] += 1
        return await send(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", counting)
    # Pages of 100 (Intercom's are smaller) keep the test quick; the cap counts requests, whatever their size.
    monkeypatch.setattr(routes_companies, "SCROLL_PAGE_SIZE", PAGE_SIZE)
    with SandboxServer(SandboxConfig(now=T)) as sandbox:
        monkeypatch.setenv("INTERCOM_BASE_URL", sandbox.base_url)
        store, clock = sandbox.store, sandbox.store.clock
        for n in range(EXISTING):
            store.add_company({"company_id": f"old-{n}", "name": f"Old {n}"}, created_at=T - 86_400 - n)
        connection = account(store.app["id_code"], "conn-sandbox")
        outbox = Outbox()
        runtime = TriggerRuntime(bundle, store=Store.in_memory(), accounts=Accounts(connection),
                                 config={"clientSecret": "unused"}, on_emit=outbox, clock=clock.time)
        instance = await runtime.start("NewCompany", {"receiveBy": "polling"}, account=connection)
        new = []
        per_check: list[int] = []
        for check in range(4):  # two passes of two checks each
            if check in (1, 3):  # created while a pass is under way
                new += [store.add_company({"company_id": f"new-{check}-{n}"})["id"] for n in range(2)]
            if check == 2:  # between two passes
                new.append(store.add_company({"company_id": "new-between"})["id"])
            before = requests["/companies/scroll"]
            clock.advance(30)  # checks closer together than the scroll's one-minute expiry
            await runtime.tick_all()
            per_check.append(requests["/companies/scroll"] - before)
        await runtime.aclose()
    emitted = [m["id"] for m in outbox.of(instance)]
    assert sorted(emitted) == sorted(new) and len(emitted) == len(set(emitted))
    assert {m["event_source"] for m in outbox.of(instance)} == {"poll"}
    # A pass over 12,000 companies takes two checks: the cap, not the workspace, sets a check's cost.
    first = -(-(EXISTING + 2) // PAGE_SIZE) + 1  # and the empty page that ends the scroll
    second = -(-(EXISTING + 5) // PAGE_SIZE) + 1
    assert per_check == [SCROLL_PAGES_PER_CHECK, first - SCROLL_PAGES_PER_CHECK,
                         SCROLL_PAGES_PER_CHECK, second - SCROLL_PAGES_PER_CHECK]
    assert requests["/companies/list"] == 0
