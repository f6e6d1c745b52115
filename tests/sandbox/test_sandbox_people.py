"""Segments, subscriptions, data attributes, events, visitors, archiving and merging contacts,
tagging companies and tickets: stateful where Intercom is, and answered in the 2.10 shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory, assert_error
from test_sandbox_spec_conformance import definitions, response_schema, spec, validate  # noqa: F401

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "intercom" / "schemas"


def fits_item_schema(name: str, record: dict[str, Any]) -> None:
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    problems = [f"{list(e.absolute_path)}: {e.message}"
                for e in jsonschema.Draft202012Validator(schema).iter_errors(record)]
    assert problems == []


@pytest.fixture
async def people(make_sandbox: SandboxFactory) -> Sandbox:
    return await make_sandbox(seed=6, now=MIDNIGHT + 3600)


def ids(body: dict[str, Any], key: str = "data") -> list[str]:
    return [r["id"] for r in body[key]]


async def test_segments_follow_the_records(people: Sandbox) -> None:
    client = people.client
    segments = (await client.get("/segments", params={"include_count": "true"})).json()["segments"]
    vip = next(s for s in segments if s["name"] == "VIP customers")
    assert vip["count"] == 0
    contact = await people.create_contact(email="v@example.test")
    vip_tag = next(t for t in people.store.tags.values() if t["name"] == "VIP")
    await client.post(f"/contacts/{contact['id']}/tags", json={"id": vip_tag["id"]})
    assert vip["id"] in ids((await client.get(f"/contacts/{contact['id']}/segments")).json())
    counted = (await client.get("/segments", params={"include_count": "true"})).json()["segments"]
    assert next(s for s in counted if s["id"] == vip["id"])["count"] == 1
    assert "count" not in (await client.get(f"/segments/{vip['id']}")).json()
    assert_error(await client.get("/segments/nope"), 404, "not_found")

    company = (await client.post("/companies", json={"company_id": "e1", "name": "E", "plan": "Enterprise"})).json()
    enterprise = next(s for s in segments if s["name"] == "Enterprise companies")
    assert ids((await client.get(f"/companies/{company['id']}/segments")).json()) == [enterprise["id"]]
    assert company["segments"]["segments"][0]["id"] == enterprise["id"]
    listed = (await client.get("/companies", params={"segment_id": enterprise["id"]})).json()
    assert company["id"] in ids(listed)


async def test_subscription_choices_must_match_the_type(people: Sandbox) -> None:
    client = people.client
    kinds = (await client.get("/subscription_types")).json()["data"]
    opt_in = next(k for k in kinds if k["consent_type"] == "opt_in")
    contact = await people.create_contact(email="s@example.test")
    path = f"/contacts/{contact['id']}/subscriptions"
    assert_error(await client.post(path, json={"id": opt_in["id"], "consent_type": "opt_out"}), 400,
                 "parameter_invalid")
    assert (await client.post(path, json={"id": opt_in["id"], "consent_type": "opt_in"})).status_code == 200
    assert ids((await client.get(path)).json()) == [opt_in["id"]]
    assert (await client.delete(f"{path}/{opt_in['id']}")).json()["id"] == opt_in["id"]
    assert_error(await client.delete(f"{path}/{opt_in['id']}"), 404, "not_found")
    assert (await client.get(path)).json()["data"] == []


async def test_data_attributes_are_created_listed_and_archived(people: Sandbox) -> None:
    client = people.client
    created = (await client.post("/data_attributes", json={"name": "Seats", "model": "company",
                                                           "data_type": "integer"})).json()
    assert (created["full_name"], created["custom"], created["model"]) == ("custom_attributes.Seats", True, "company")
    again = await client.post("/data_attributes", json={"name": "seats", "model": "company", "data_type": "string"})
    assert_error(again, 400, "parameter_invalid")
    bad = await client.post("/data_attributes", json={"name": "!bad!", "model": "company", "data_type": "string"})
    assert_error(bad, 400, "parameter_invalid")
    await client.put(f"/data_attributes/{created['id']}", json={"archived": True})
    company_names = [a["name"] for a in (await client.get("/data_attributes?model=company")).json()["data"]]
    assert "Seats" not in company_names and "plan.name" in company_names
    archived = (await client.get("/data_attributes?model=company&include_archived=true")).json()["data"]
    assert "Seats" in [a["name"] for a in archived]
    assert_error(await client.put("/data_attributes/999999", json={"archived": True}), 404, "field_not_found")


async def test_events_are_deduplicated_paged_by_url_and_summarised(people: Sandbox) -> None:
    client = people.client
    contact = await people.create_contact(email="e@example.test", external_id="e-1")
    for at in (MIDNIGHT, MIDNIGHT, MIDNIGHT + 60, MIDNIGHT + 120):
        answer = await client.post("/events", json={"event_name": "clicked", "created_at": at, "user_id": "e-1"})
        assert (answer.status_code, answer.content) == (202, b"")
    first = (await client.get("/events", params={"type": "user", "email": "e@example.test", "per_page": 2})).json()
    assert [e["created_at"] for e in first["events"]] == [MIDNIGHT + 120, MIDNIGHT + 60]
    second = (await client.get(first["pages"]["next"].replace("http://sandbox.test", ""))).json()
    assert [e["created_at"] for e in second["events"]] == [MIDNIGHT] and "next" not in second["pages"]
    await client.post("/events/summaries", json={"user_id": "e-1", "event_summaries": {
        "event_name": "imported", "count": 5, "first": MIDNIGHT - 86_400, "last": MIDNIGHT - 3600}})
    summary = (await client.get("/events", params={"type": "user", "intercom_user_id": contact["id"],
                                                    "summary": "true"})).json()
    assert {e["name"]: e["count"] for e in summary["events"]} == {"clicked": 3, "imported": 5}
    fits_item_schema("data_event_summary", summary)
    fits_item_schema("event", first["events"][0])
    assert_error(await client.get("/events", params={"type": "lead", "email": "e@example.test"}), 400,
                 "parameter_invalid")
    assert_error(await client.post("/events", json={"event_name": "x", "created_at": 1, "email": "no@x.test"}),
                 404, "not_found")


async def test_archived_contacts_leave_lists_and_still_conflict(people: Sandbox) -> None:
    client = people.client
    contact = await people.create_contact(email="a@example.test")
    answer = (await client.post(f"/contacts/{contact['id']}/archive")).json()
    assert answer == {"type": "contact", "id": contact["id"], "external_id": None, "archived": True}
    assert_error(await client.get(f"/contacts/{contact['id']}"), 404, "not_found")
    assert contact["id"] not in ids((await client.get("/contacts", params={"per_page": 150})).json())
    assert_error(await client.post("/contacts", json={"email": "a@example.test"}), 409, "conflict")
    assert (await client.post(f"/contacts/{contact['id']}/unarchive")).json()["archived"] is False
    assert (await client.get(f"/contacts/{contact['id']}")).status_code == 200


async def test_merging_moves_the_lead_onto_the_user(people: Sandbox) -> None:
    client = people.client
    lead = await people.create_contact(role="lead", email="l@example.test")
    user = await people.create_contact(role="user", email="u@example.test")
    note = (await client.post(f"/contacts/{lead['id']}/notes", json={"body": "from the lead"})).json()
    company = (await client.post("/companies", json={"company_id": "m1", "name": "M"})).json()
    await client.post(f"/contacts/{lead['id']}/companies", json={"id": company["id"]})
    assert_error(await client.post("/contacts/merge", json={"from": user["id"], "into": lead["id"]}), 400,
                 "parameter_invalid")
    merged = (await client.post("/contacts/merge", json={"from": lead["id"], "into": user["id"]})).json()
    assert merged["id"] == user["id"] and merged["companies"]["data"][0]["id"] == company["id"]
    assert (await client.get(f"/notes/{note['id']}")).json()["contact"]["id"] == user["id"]
    assert (await client.get(f"/companies/{company['id']}")).json()["user_count"] == 1
    assert_error(await client.get(f"/contacts/{lead['id']}"), 404, "not_found")


async def test_companies_and_tickets_are_tagged(people: Sandbox) -> None:
    client = people.client
    company = next(iter(people.store.companies.values()))
    tagged = await client.post("/tags", json={"name": "Key", "companies": [{"company_id": company["company_id"]}]})
    tag = tagged.json()
    assert [t["name"] for t in (await client.get(f"/companies/{company['id']}")).json()["tags"]["tags"]] == ["Key"]
    await client.post("/tags", json={"name": "Key", "companies": [{"id": company["id"], "untag": True}]})
    assert (await client.get(f"/companies/{company['id']}")).json()["tags"]["tags"] == []
    contact = next(iter(people.store.contacts))
    await client.post("/tags", json={"name": "Key", "users": [{"id": contact}]})
    assert ids((await client.get(f"/contacts/{contact}/tags")).json()) == [tag["id"]]

    ticket_type = next(iter(people.store.ticket_types))
    ticket = (await client.post("/tickets", json={"ticket_type_id": ticket_type,
                                                  "contacts": [{"id": contact}]})).json()
    admin = next(iter(people.store.admins))
    assert_error(await client.post(f"/tickets/{ticket['id']}/tags", json={"id": tag["id"]}), 400,
                 "parameter_not_found")
    on = (await client.post(f"/tickets/{ticket['id']}/tags", json={"id": tag["id"], "admin_id": admin})).json()
    assert on["applied_by"]["id"] == admin
    off = await client.request("DELETE", f"/tickets/{ticket['id']}/tags/{tag['id']}", json={"admin_id": admin})
    assert off.json()["id"] == tag["id"]
    assert_error(await client.request("DELETE", f"/tickets/{ticket['id']}/tags/{tag['id']}",
                                      json={"admin_id": admin}), 404, "tag_not_found")


async def test_visitors_are_updated_and_converted(people: Sandbox) -> None:
    client = people.client
    visitor = next(iter(people.store.people.visitors.values()))
    got = (await client.get("/visitors", params={"user_id": visitor["user_id"]})).json()
    fits_item_schema("visitor", got)
    updated = (await client.put("/visitors", json={"id": visitor["id"], "name": "V"})).json()
    assert updated["name"] == "V"
    lead = (await client.post("/visitors/convert", json={"type": "lead", "user": {"email": "v@example.test"},
                                                         "visitor": {"user_id": visitor["user_id"]}})).json()
    assert (lead["role"], lead["email"], lead["name"]) == ("lead", "v@example.test", "V")
    assert_error(await client.get("/visitors", params={"user_id": visitor["user_id"]}), 404, "not_found")


CASES = [
    ("GET", "/segments", "/segments"),
    ("GET", "/segments/{id}", "/segments/{segment}"),
    ("GET", "/contacts/{contact_id}/segments", "/contacts/{contact}/segments"),
    ("GET", "/companies/{id}/segments", "/companies/{company}/segments"),
    ("GET", "/subscription_types", "/subscription_types"),
    ("GET", "/contacts/{contact_id}/subscriptions", "/contacts/{contact}/subscriptions"),
    ("GET", "/data_attributes", "/data_attributes"),
    ("GET", "/visitors", "/visitors?user_id={visitor}"),
    ("POST", "/contacts/{id}/archive", "/contacts/{contact}/archive"),
    ("DELETE", "/contacts/{contact_id}/companies/{id}", "/contacts/{contact}/companies/{company}"),
]


@pytest.fixture
def live_definitions(definitions: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """As live (and tests/test_live_shapes.py): a visitor who never signed up has these null."""
    relaxed = dict(definitions)
    visitor = json.loads(json.dumps(relaxed["visitor"]))
    for name in ("remote_created_at", "signed_up_at"):
        visitor["anyOf"][0]["properties"][name] = {"type": ["integer", "null"]}
    relaxed["visitor"] = visitor
    return relaxed


@pytest.mark.parametrize(("method", "template", "path"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
async def test_answers_match_the_spec(spec, live_definitions, people, method, template, path) -> None:  # noqa: F811
    client = people.client
    contact = await people.create_contact(email="spec@example.test")
    company = next(iter(people.store.companies.values()))
    await client.post(f"/contacts/{contact['id']}/companies", json={"id": company["id"]})
    kind = next(iter(people.store.people.subscription_types.values()))
    await client.post(f"/contacts/{contact['id']}/subscriptions", json={"id": kind["id"],
                                                                         "consent_type": kind["consent_type"]})
    world = {"contact": contact["id"], "company": company["id"], "segment": next(iter(people.store.people.segments)),
             "visitor": next(iter(people.store.people.visitors.values()))["user_id"]}
    response = await client.request(method, path.format(**world))
    assert response.status_code == 200, response.text
    validate(live_definitions, response_schema(spec, method, template, 200), response.json())
