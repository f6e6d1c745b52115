"""Contacts: create/read/update/delete, conflicts, cursor pages, tags and notes."""

from __future__ import annotations

import pytest
from sandbox_helpers import Sandbox, SandboxFactory, assert_error


async def test_contact_crud_round_trip(sandbox: Sandbox) -> None:
    created = await sandbox.create_contact(
        email="grace@example.com", name="Grace", external_id="u-1", custom_attributes={"plan": "pro"}
    )
    assert created["type"] == "contact"
    assert len(created["id"]) == 24 and int(created["id"], 16) >= 0
    assert created["role"] == "user"  # Intercom's default role
    assert created["email_domain"] == "example.com"
    assert created["workspace_id"] == "sbx1234"
    assert created["custom_attributes"] == {"plan": "pro"}

    fetched = (await sandbox.client.get(f"/contacts/{created['id']}")).json()
    assert fetched == created

    sandbox.store.clock.freeze(created["created_at"] + 60)
    updated = await sandbox.client.put(
        f"/contacts/{created['id']}", json={"name": "Grace Hopper", "custom_attributes": {"seats": 3}}
    )
    assert updated.status_code == 200
    body = updated.json()
    assert body["name"] == "Grace Hopper"
    assert body["custom_attributes"] == {"plan": "pro", "seats": 3}
    assert body["updated_at"] == created["created_at"] + 60

    deleted = await sandbox.client.delete(f"/contacts/{created['id']}")
    assert deleted.json() == {
        "type": "contact",
        "object": "contact",
        "id": created["id"],
        "external_id": "u-1",
        "deleted": True,
    }
    assert_error(await sandbox.client.get(f"/contacts/{created['id']}"), 404, "not_found")
    assert_error(await sandbox.client.delete(f"/contacts/{created['id']}"), 404, "not_found")


async def test_lead_can_be_created_with_role_only(sandbox: Sandbox) -> None:
    lead = await sandbox.create_contact(role="lead")
    assert lead["role"] == "lead"
    assert lead["email"] is None  # live sends null for a lead without email, not ""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"email": "dup@example.com"}, {"email": "DUP@example.com", "name": "Other"}),
        (
            {"external_id": "ext-7", "email": "a@example.com"},
            {"external_id": "ext-7", "email": "b@example.com"},
        ),
    ],
    ids=["same-email", "same-external-id"],
)
async def test_duplicate_contact_is_409_naming_the_existing_id(sandbox: Sandbox, first, second) -> None:
    existing = await sandbox.create_contact(**first)
    response = await sandbox.client.post("/contacts", json=second)
    body = assert_error(response, 409, "conflict")
    assert body["errors"][0]["message"] == (
        f"A contact matching those details already exists with id={existing['id']}"
    )


async def test_update_to_someone_elses_email_conflicts(sandbox: Sandbox) -> None:
    first = await sandbox.create_contact(email="one@example.com")
    second = await sandbox.create_contact(email="two@example.com")
    response = await sandbox.client.put(f"/contacts/{second['id']}", json={"email": "one@example.com"})
    assert first["id"] in assert_error(response, 409, "conflict")["errors"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [{}, {"name": "No identifier"}, {"email": ""}],
    ids=["empty", "name-only", "blank-email"],
)
async def test_create_needs_email_external_id_or_role(sandbox: Sandbox, body) -> None:
    assert_error(await sandbox.client.post("/contacts", json=body), 400, "parameter_not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "visitor"}, "role"),
        ({"email": 42}, "email"),
        ({"role": "user", "owner_id": "x"}, "owner_id"),
    ],
)
async def test_invalid_contact_fields_are_refused(sandbox: Sandbox, body, field) -> None:
    error = assert_error(await sandbox.client.post("/contacts", json=body), 400, "parameter_invalid")
    assert error["errors"][0]["field"] == field


async def test_cursor_pagination_walks_450_contacts_in_exactly_three_pages(
    make_sandbox: SandboxFactory,
) -> None:
    sandbox = await make_sandbox(seed=450)
    seen: list[str] = []
    params: dict[str, str | int] = {"per_page": 150}
    pages = []
    while True:
        body = (await sandbox.client.get("/contacts", params=params)).json()
        pages.append(body["pages"])
        seen.extend(contact["id"] for contact in body["data"])
        assert body["total_count"] == 450
        next_page = body["pages"].get("next")
        if not next_page:
            break
        params = {"per_page": 150, "starting_after": next_page["starting_after"]}
    assert len(pages) == 3
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert all(p["per_page"] == 150 and p["total_pages"] == 3 and p["type"] == "pages" for p in pages)
    assert pages[0]["next"]["page"] == 2
    assert "next" not in pages[2]
    assert len(seen) == len(set(seen)) == 450


async def test_per_page_defaults_to_50_and_is_capped_at_150(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=200)
    default = (await sandbox.client.get("/contacts")).json()
    assert len(default["data"]) == 50 and default["pages"]["per_page"] == 50
    capped = (await sandbox.client.get("/contacts", params={"per_page": 1000})).json()
    assert len(capped["data"]) == 150 and capped["pages"]["per_page"] == 150
    assert_error(await sandbox.client.get("/contacts", params={"per_page": "many"}), 400, "parameter_invalid")


async def test_cursor_survives_deleting_the_last_item_served(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=5)
    first = (await sandbox.client.get("/contacts", params={"per_page": 2})).json()
    await sandbox.client.delete(f"/contacts/{first['data'][-1]['id']}")
    cursor = first["pages"]["next"]["starting_after"]
    second = (await sandbox.client.get("/contacts", params={"per_page": 2, "starting_after": cursor})).json()
    all_ids = list(sandbox.store.contacts)
    assert [c["id"] for c in second["data"]] == all_ids[1:3]


async def test_garbage_cursor_is_400(sandbox: Sandbox) -> None:
    response = await sandbox.client.get("/contacts", params={"starting_after": "not-a-cursor!"})
    assert_error(response, 400, "parameter_invalid")


async def test_empty_workspace_lists_no_contacts(sandbox: Sandbox) -> None:
    body = (await sandbox.client.get("/contacts")).json()
    assert body == {
        "type": "list",
        "data": [],
        "total_count": 0,
        "pages": {"type": "pages", "page": 1, "per_page": 50, "total_pages": 0},
    }


async def test_tagging_a_contact(sandbox: Sandbox) -> None:
    contact = await sandbox.create_contact(email="tagged@example.com")
    tag = (await sandbox.client.post("/tags", json={"name": "Churn risk"})).json()
    again = (await sandbox.client.post("/tags", json={"name": "churn risk"})).json()
    assert again["id"] == tag["id"]  # create-or-return by name

    applied = await sandbox.client.post(f"/contacts/{contact['id']}/tags", json={"id": tag["id"]})
    assert applied.status_code == 200
    assert applied.json()["name"] == "Churn risk"
    assert applied.json()["applied_by"]["type"] == "admin"

    shown = (await sandbox.client.get(f"/contacts/{contact['id']}")).json()
    assert shown["tags"]["total_count"] == 1
    assert shown["tags"]["data"][0]["id"] == tag["id"]

    listed = (await sandbox.client.get(f"/contacts/{contact['id']}/tags")).json()
    assert [t["id"] for t in listed["data"]] == [tag["id"]]

    removed = await sandbox.client.delete(f"/contacts/{contact['id']}/tags/{tag['id']}")
    assert removed.json()["id"] == tag["id"]
    assert (await sandbox.client.get(f"/contacts/{contact['id']}")).json()["tags"]["total_count"] == 0
    again_removed = await sandbox.client.delete(f"/contacts/{contact['id']}/tags/{tag['id']}")
    assert_error(again_removed, 404, "tag_not_found")
    unknown = await sandbox.client.post(f"/contacts/{contact['id']}/tags", json={"id": "999999"})
    assert_error(unknown, 404, "tag_not_found")


async def test_notes_on_a_contact(sandbox: Sandbox) -> None:
    contact = await sandbox.create_contact(email="noted@example.com")
    admin_id = (await sandbox.client.get("/me")).json()["id"]
    for text in ("first", "second"):
        response = await sandbox.client.post(
            f"/contacts/{contact['id']}/notes", json={"body": text, "admin_id": admin_id}
        )
        assert response.status_code == 200
    note = response.json()
    assert note["type"] == "note"
    assert note["body"] == "<p>second</p>"
    assert note["author"]["id"] == admin_id
    assert note["contact"] == {"type": "contact", "id": contact["id"]}
    assert (await sandbox.client.get(f"/notes/{note['id']}")).json() == note

    listed = (await sandbox.client.get(f"/contacts/{contact['id']}/notes")).json()
    assert [n["body"] for n in listed["data"]] == ["<p>second</p>", "<p>first</p>"]
    assert listed["pages"]["next"] is None

    bad_admin = await sandbox.client.post(
        f"/contacts/{contact['id']}/notes", json={"body": "x", "admin_id": "1"}
    )
    assert_error(bad_admin, 404, "admin_not_found")
    assert_error(
        await sandbox.client.post(f"/contacts/{contact['id']}/notes", json={}), 400, "parameter_not_found"
    )
    assert_error(await sandbox.client.get("/notes/424242"), 404, "not_found")


async def test_workspace_reads(sandbox: Sandbox) -> None:
    me = (await sandbox.client.get("/me")).json()
    assert me["name"] == "Ada Admin" and me["email"] == "ada@sandbox.test"
    assert me["app"]["region"] == "US" and me["app"]["id_code"] == "sbx1234"
    admins = (await sandbox.client.get("/admins")).json()
    assert admins["type"] == "admin.list" and admins["admins"][0]["id"] == me["id"]
    assert (await sandbox.client.get(f"/admins/{me['id']}")).json()["email"] == "ada@sandbox.test"
    assert_error(await sandbox.client.get("/admins/1"), 404, "admin_not_found")
    teams = (await sandbox.client.get("/teams")).json()
    assert teams["type"] == "team.list" and teams["teams"][0]["admin_ids"] == [int(me["id"])]
    tags = (await sandbox.client.get("/tags")).json()
    assert {t["name"] for t in tags["data"]} >= {"VIP", "Beta tester"}


async def test_seeding_is_deterministic(make_sandbox: SandboxFactory) -> None:
    one = await make_sandbox(seed=20, random_seed=99, now=1_710_000_000)
    two = await make_sandbox(seed=20, random_seed=99, now=1_710_000_000)
    other = await make_sandbox(seed=20, random_seed=100, now=1_710_000_000)
    first = (await one.client.get("/contacts")).json()
    assert first == (await two.client.get("/contacts")).json()
    assert first != (await other.client.get("/contacts")).json()
    assert len(one.store.companies) == len(one.store.conversations) == 20


async def test_a_contacts_companies_are_paged_by_number(sandbox: Sandbox) -> None:
    contact = await sandbox.create_contact(email="many-companies@example.com")
    for n in range(3):
        company = (await sandbox.client.post("/companies", json={"company_id": f"pc-{n}", "name": f"P{n}"})).json()
        await sandbox.client.post(f"/contacts/{contact['id']}/companies", json={"id": company["id"]})
    url = f"/contacts/{contact['id']}/companies"

    # A pager asking for page + 1 until a page comes back empty (the official SDK does) ends.
    seen, page = [], 1
    while True:
        body = (await sandbox.client.get(url, params={"page": page, "per_page": 2})).json()
        if not body["companies"]:
            break
        seen.extend(c["company_id"] for c in body["companies"])
        page += 1
    assert seen == ["pc-0", "pc-1", "pc-2"] and page == 3

    first = (await sandbox.client.get(url, params={"per_page": 2})).json()
    assert first["total_count"] == 3 and first["pages"]["total_pages"] == 2
    assert first["pages"]["next"] == f"http://sandbox.test{url}?page=2&per_page=2"
    last = (await sandbox.client.get(url, params={"page": 2, "per_page": 2})).json()
    assert last["pages"]["next"] is None


async def test_a_companys_contacts_are_paged_by_number(sandbox: Sandbox) -> None:
    company = (await sandbox.client.post("/companies", json={"company_id": "crowd", "name": "Crowd"})).json()
    for n in range(3):
        contact = await sandbox.create_contact(email=f"member{n}@example.com")
        await sandbox.client.post(f"/contacts/{contact['id']}/companies", json={"id": company["id"]})
    url = f"/companies/{company['id']}/contacts"
    pages = [(await sandbox.client.get(url, params={"page": p, "per_page": 2})).json() for p in (1, 2, 3)]
    assert [[c["email"] for c in body["data"]] for body in pages] == [
        ["member0@example.com", "member1@example.com"],
        ["member2@example.com"],
        [],
    ]
    assert_error(await sandbox.client.get("/companies/nope/contacts"), 404, "company_not_found")
