"""The search query language: operators, nesting limits, day-granular contact dates, sorting."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory, assert_error

DAY = 86_400


async def search(sandbox: Sandbox, query: dict[str, Any], **extra: Any) -> list[dict[str, Any]]:
    response = await sandbox.client.post("/contacts/search", json={"query": query, **extra})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def emails(contacts: list[dict[str, Any]]) -> list[str]:
    # A contact without an email has email null (as live); "" stands for it here.
    return sorted(c["email"] or "" for c in contacts)


@pytest.fixture
async def people(make_sandbox: SandboxFactory) -> Sandbox:
    sandbox = await make_sandbox(now=MIDNIGHT + 9 * 3600)  # 09:00 UTC
    await sandbox.create_contact(email="ann@alpha.io", name="Ann Able", role="user", owner_id=5)
    await sandbox.create_contact(email="bob@beta.io", name="Bob Baker", role="lead", owner_id=10)
    await sandbox.create_contact(
        email="cat@alpha.io", name="Cat Cole", role="user", owner_id=15, unsubscribed_from_emails=True
    )
    await sandbox.create_contact(external_id="no-email", role="user", custom_attributes={"tier": "gold"})
    return sandbox


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"field": "email", "operator": "=", "value": "ann@alpha.io"}, ["ann@alpha.io"]),
        ({"field": "email", "operator": "=", "value": "ANN@ALPHA.IO"}, ["ann@alpha.io"]),
        ({"field": "role", "operator": "!=", "value": "user"}, ["bob@beta.io"]),
        (
            {"field": "email", "operator": "IN", "value": ["ann@alpha.io", "bob@beta.io"]},
            ["ann@alpha.io", "bob@beta.io"],
        ),
        ({"field": "role", "operator": "NIN", "value": ["lead"]}, ["", "ann@alpha.io", "cat@alpha.io"]),
        ({"field": "owner_id", "operator": ">", "value": 5}, ["bob@beta.io", "cat@alpha.io"]),
        ({"field": "owner_id", "operator": ">=", "value": 10}, ["bob@beta.io", "cat@alpha.io"]),
        ({"field": "owner_id", "operator": "<", "value": "10"}, ["ann@alpha.io"]),
        ({"field": "owner_id", "operator": "<=", "value": 10}, ["ann@alpha.io", "bob@beta.io"]),
        ({"field": "name", "operator": "~", "value": "ba"}, ["bob@beta.io"]),
        ({"field": "name", "operator": "!~", "value": "a"}, [""]),
        ({"field": "email", "operator": "^", "value": "cat"}, ["cat@alpha.io"]),
        ({"field": "email", "operator": "$", "value": "@alpha.io"}, ["ann@alpha.io", "cat@alpha.io"]),
        ({"field": "email_domain", "operator": "=", "value": "beta.io"}, ["bob@beta.io"]),
        ({"field": "email", "operator": "=", "value": None}, [""]),
        ({"field": "unsubscribed_from_emails", "operator": "=", "value": True}, ["cat@alpha.io"]),
        ({"field": "custom_attributes.tier", "operator": "=", "value": "gold"}, [""]),
    ],
)
async def test_single_filter_operators(people: Sandbox, query: dict[str, Any], expected: list[str]) -> None:
    assert emails(await search(people, query)) == expected


async def test_nested_and_or_groups(people: Sandbox) -> None:
    query = {
        "operator": "AND",
        "value": [
            {"field": "role", "operator": "=", "value": "user"},
            {
                "operator": "OR",
                "value": [
                    {"field": "name", "operator": "^", "value": "ann"},
                    {"field": "owner_id", "operator": ">", "value": 12},
                ],
            },
        ],
    }
    assert emails(await search(people, query)) == ["ann@alpha.io", "cat@alpha.io"]


async def test_three_levels_of_nesting_are_refused(people: Sandbox) -> None:
    leaf = {"field": "role", "operator": "=", "value": "user"}
    query = {
        "operator": "AND",
        "value": [{"operator": "OR", "value": [{"operator": "AND", "value": [leaf]}]}],
    }
    response = await people.client.post("/contacts/search", json={"query": query})
    assert_error(response, 400, "parameter_invalid")


async def test_at_most_15_filters_per_group(people: Sandbox) -> None:
    leaf = {"field": "role", "operator": "=", "value": "user"}
    ok = await people.client.post(
        "/contacts/search", json={"query": {"operator": "OR", "value": [leaf] * 15}}
    )
    assert ok.status_code == 200
    too_many = await people.client.post(
        "/contacts/search", json={"query": {"operator": "OR", "value": [leaf] * 16}}
    )
    assert_error(too_many, 400, "parameter_invalid")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": {"field": "nope", "operator": "=", "value": "x"}},
        {"query": {"field": "email", "operator": "LIKE", "value": "x"}},
        {"query": {"field": "email", "operator": ">", "value": "x"}},
        {"query": {"field": "owner_id", "operator": "=", "value": "ten"}},
        {"query": {"field": "email", "operator": "IN", "value": "not-a-list"}},
        {"query": {"field": "tag_id", "operator": "IN", "value": ["1"]}},
        {
            "query": {"field": "email", "operator": "=", "value": "x"},
            "sort": {"field": "email", "order": "up"},
        },
    ],
    ids=[
        "no-query",
        "unknown-field",
        "unknown-op",
        "gt-on-string",
        "bad-int",
        "in-scalar",
        "in-tag",
        "bad-sort",
    ],
)
async def test_invalid_queries_are_400(people: Sandbox, body: dict[str, Any]) -> None:
    response = await people.client.post("/contacts/search", json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] in ("parameter_invalid", "parameter_not_found")


async def test_tag_id_filter(people: Sandbox) -> None:
    ann = (await search(people, {"field": "email", "operator": "=", "value": "ann@alpha.io"}))[0]
    vip = next(t for t in (await people.client.get("/tags")).json()["data"] if t["name"] == "VIP")
    await people.client.post(f"/contacts/{ann['id']}/tags", json={"id": vip["id"]})
    assert emails(await search(people, {"field": "tag_id", "operator": "=", "value": vip["id"]})) == [
        "ann@alpha.io"
    ]
    assert len(await search(people, {"field": "tag_id", "operator": "!=", "value": vip["id"]})) == 3


# ---- day-granular dates ----------------------------------------------------------------------


async def test_contact_dates_compare_by_utc_day(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(now=MIDNIGHT + 9 * 3600)  # 09:00
    morning = await sandbox.create_contact(email="morning@example.com")
    sandbox.store.clock.advance(8 * 3600)  # 17:00, same day
    evening = await sandbox.create_contact(email="evening@example.com")
    sandbox.store.clock.advance(10 * 3600)  # 03:00 the next day
    tomorrow = await sandbox.create_contact(email="tomorrow@example.com")
    created = morning["created_at"]

    # "=" covers the whole day, whatever second of it the value names.
    same_day = await search(sandbox, {"field": "created_at", "operator": "=", "value": created})
    assert emails(same_day) == ["evening@example.com", "morning@example.com"]
    # ">" starts at the next midnight: a record created later the same day does not match.
    later = await search(sandbox, {"field": "created_at", "operator": ">", "value": created})
    assert emails(later) == ["tomorrow@example.com"]
    assert evening["created_at"] > created
    # "<" ends at that day's midnight.
    before = await search(sandbox, {"field": "created_at", "operator": "<", "value": tomorrow["created_at"]})
    assert emails(before) == ["evening@example.com", "morning@example.com"]
    assert await search(sandbox, {"field": "created_at", "operator": "<", "value": str(created)}) == []


@pytest.mark.parametrize("operator", ["!=", ">=", "<=", "IN", "NIN"])
async def test_unsupported_operators_on_contact_dates_are_400(sandbox: Sandbox, operator: str) -> None:
    value = [MIDNIGHT] if operator in ("IN", "NIN") else MIDNIGHT
    response = await sandbox.client.post(
        "/contacts/search", json={"query": {"field": "updated_at", "operator": operator, "value": value}}
    )
    assert_error(response, 400, "parameter_invalid")


async def test_date_value_must_be_a_timestamp(sandbox: Sandbox) -> None:
    query = {"field": "created_at", "operator": ">", "value": "foobar"}
    assert_error(
        await sandbox.client.post("/contacts/search", json={"query": query}), 400, "parameter_invalid"
    )


# ---- sort and pagination ----------------------------------------------------------------------


async def test_sort_and_search_pagination(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(now=MIDNIGHT)
    for i in range(7):
        await sandbox.create_contact(email=f"p{i}@example.com", owner_id=100 - i)
    query = {"field": "email", "operator": "$", "value": "@example.com"}
    sort = {"field": "owner_id", "order": "ascending"}
    collected: list[str] = []
    pagination: dict[str, Any] = {"per_page": 3}
    pages = 0
    while True:
        response = await sandbox.client.post(
            "/contacts/search", json={"query": query, "sort": sort, "pagination": pagination}
        )
        body = response.json()
        pages += 1
        assert body["total_count"] == 7
        collected.extend(c["email"] for c in body["data"])
        if "next" not in body["pages"]:
            break
        pagination = {"per_page": 3, "starting_after": body["pages"]["next"]["starting_after"]}
    assert pages == 3
    assert collected == [f"p{i}@example.com" for i in reversed(range(7))]

    descending = await search(sandbox, query, sort={"field": "owner_id", "order": "descending"})
    assert [c["email"] for c in descending] == [f"p{i}@example.com" for i in range(7)]


# ---- conversations and tickets use the same grammar --------------------------------------------


async def test_conversation_search(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(now=MIDNIGHT + 3600)
    contact = await sandbox.create_contact(email="talker@example.com")
    other = await sandbox.create_contact(email="quiet@example.com")
    for text, who in (("I need support with billing", contact), ("Where is my parcel", other)):
        await sandbox.client.post(
            "/conversations", json={"from": {"type": "user", "id": who["id"]}, "body": text}
        )

    async def conversations(query: dict[str, Any]) -> list[dict[str, Any]]:
        response = await sandbox.client.post("/conversations/search", json={"query": query})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["type"] == "conversation.list"
        return body["conversations"]

    found = await conversations({"field": "source.body", "operator": "=", "value": "support"})
    assert [c["contacts"]["contacts"][0]["id"] for c in found] == [contact["id"]]
    assert await conversations({"field": "source.body", "operator": "=", "value": "need support"}) == []
    by_contact = await conversations({"field": "contact_ids", "operator": "=", "value": other["id"]})
    assert len(by_contact) == 1 and "conversation_parts" not in by_contact[0]
    assert len(await conversations({"field": "open", "operator": "=", "value": True})) == 2
    # Conversation dates compare to the second (and allow >=), unlike contact dates.
    created = found[0]["created_at"]
    assert len(await conversations({"field": "created_at", "operator": ">=", "value": created})) == 2
    assert await conversations({"field": "created_at", "operator": ">", "value": created}) == []
