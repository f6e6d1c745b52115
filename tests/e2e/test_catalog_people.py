"""Catalog I end to end: every contact, company, tag, note, segment, subscription, data and
visitor component through the Host, over real sockets, against the (stateful) sandbox.

Each run also checks what went over the wire: every answer 2xx, except the ones a case names
(the 409 a create-or-update turns into an update, the 404 behind a Not found port).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from intercom.host import Bundle, Host
from intercom.kit import transformers
from intercom_sandbox import SandboxConfig, SandboxServer

STATUS = re.compile(r'"HTTP/1\.1 (\d{3})')


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(seed=20)) as server:
        yield server


@pytest.fixture
async def host(sandbox: SandboxServer) -> AsyncIterator[Host]:
    async with Host(Bundle.load(), connection={"accessToken": "sandbox-token", "baseUrl": sandbox.base_url}) as h:
        yield h


@pytest.fixture
def run(host: Host, caplog: pytest.LogCaptureFixture):
    """Run a component; return its one message's data after checking the port and the statuses."""
    caplog.set_level(logging.INFO, logger="httpx")

    async def one(name: str, content: dict[str, Any], port: str = "out", *, allow: tuple[int, ...] = ()) -> Any:
        start = len(caplog.records)
        messages = await host.run(name, content)
        statuses = [int(m.group(1)) for r in caplog.records[start:] if r.name == "httpx"
                    and (m := STATUS.search(r.getMessage()))]
        assert statuses, f"{name} sent nothing"
        assert all(200 <= s < 300 or s in allow for s in statuses), (name, statuses)
        assert [m.port for m in messages] == [port], (name, messages)
        return messages[0].data

    return one


def tag_named(sandbox: SandboxServer, name: str) -> str:
    return next(t["id"] for t in sandbox.store.tags.values() if t["name"] == name)


async def test_contacts(sandbox: SandboxServer, run) -> None:
    created = await run("CreateOrUpdateContact", {"email": "ada@example.test", "name": "Ada", "role": "user"})
    again = await run("CreateOrUpdateContact", {"email": "ada@example.test", "phone": "+353871234567"},
                      allow=(409,))
    assert again["id"] == created["id"] and (again["name"], again["phone"]) == ("Ada", "+353871234567")
    found = await run("FindContact", {"email": "ada@example.test"})
    assert found["id"] == created["id"]
    assert await run("FindContact", {"externalId": "nobody"}, "notFound") == {"externalId": "nobody"}

    updated = await run("UpdateContact", {"contactId": created["id"], "externalId": "crm-1",
                                          "customAttributes": {"ADD": [{"key": "plan_tier", "value": "pro"}]}})
    assert (updated["external_id"], updated["custom_attributes"]["plan_tier"]) == ("crm-1", "pro")
    segments = await run("ListContactSegments", {"contactId": created["id"], "outputType": "array"})
    assert "Active users" in [s["name"] for s in segments["result"]]

    vip = tag_named(sandbox, "VIP")
    assert (await run("TagContact", {"contactId": created["id"], "tagId": vip}))["applied_by"]["type"] == "admin"
    tags = await run("ListContactTags", {"contactId": created["id"], "outputType": "array"})
    assert [t["name"] for t in tags["result"]] == ["VIP"]
    assert (await run("UntagContact", {"contactId": created["id"], "tagId": vip}))["id"] == vip
    assert await run("ListContactTags", {"contactId": created["id"], "outputType": "first"}, "notFound") == {}

    archived = await run("ArchiveContact", {"contactId": created["id"]})
    assert archived["archived"] is True
    assert await run("GetContact", {"contactId": created["id"]}, "notFound", allow=(404,))
    assert (await run("UnarchiveContact", {"contactId": created["id"]}))["archived"] is False
    assert (await run("GetContact", {"contactId": created["id"]}))["external_id"] == "crm-1"

    lead = await run("CreateContact", {"role": "lead", "email": "lena@example.test"})
    sandbox.store.contact_tags.setdefault(lead["id"], {})[vip] = {"applied_at": 1, "applied_by": "991267001"}
    merged = await run("MergeContacts", {"leadId": lead["id"], "userId": created["id"]})
    assert merged["id"] == created["id"] and merged["tags"]["data"][0]["id"] == vip
    assert await run("GetContact", {"contactId": lead["id"]}, "notFound", allow=(404,))

    deleted = await run("DeleteContact", {"contactId": created["id"]})
    assert (deleted["id"], deleted["deleted"]) == (created["id"], True)
    assert await run("UpdateContact", {"contactId": created["id"], "name": "x"}, "notFound", allow=(404,))


async def test_find_or_create_turns_a_conflict_into_an_update(sandbox: SandboxServer, run) -> None:
    # The contact exists by email but has no external ID yet: the search by external ID misses it.
    existing = await run("CreateContact", {"email": "grace@example.test", "name": "Grace"})
    contact = await run("FindOrCreateContact", {"externalId": "crm-9", "email": "grace@example.test",
                                                "name": "Grace Hopper"}, allow=(409,))
    assert (contact["id"], contact["external_id"], contact["name"]) == (existing["id"], "crm-9", "Grace Hopper")
    assert [c["id"] for c in sandbox.store.contacts.values() if c["email"] == "grace@example.test"] == [existing["id"]]
    # Now the search finds it, and nothing is written.
    again = await run("FindOrCreateContact", {"externalId": "crm-9", "name": "Someone Else"})
    assert (again["id"], again["name"]) == (existing["id"], "Grace Hopper")
    fresh = await run("FindOrCreateContact", {"email": "new@example.test", "role": "lead"})
    assert fresh["role"] == "lead" and fresh["id"] in sandbox.store.contacts


async def test_companies(sandbox: SandboxServer, run) -> None:
    company = await run("CreateOrUpdateCompany", {"companyExternalId": "acme", "name": "Acme", "plan": "Enterprise",
                                                  "customAttributes": {"ADD": [{"key": "seats", "value": 40}]}})
    assert (company["company_id"], company["custom_attributes"]) == ("acme", {"seats": "40"})
    same = await run("CreateOrUpdateCompany", {"companyExternalId": "acme", "size": 50})
    assert (same["id"], same["size"], same["name"]) == (company["id"], 50, "Acme")
    assert (await run("GetCompany", {"companyId": company["id"]}))["plan"]["name"] == "Enterprise"
    assert (await run("FindCompany", {"name": "acme"}))["id"] == company["id"]
    assert await run("FindCompany", {"companyExternalId": "nope"}, "notFound", allow=(404,))
    assert (await run("UpdateCompany", {"companyId": company["id"], "industry": "Logistics"}))["industry"] == "Logistics"
    segments = await run("ListCompanySegments", {"companyId": company["id"], "outputType": "array"})
    assert [s["name"] for s in segments["result"]] == ["Enterprise companies"]

    contact = next(iter(sandbox.store.contacts))
    assert (await run("AttachContactToCompany", {"contactId": contact, "companyId": company["id"]}))["user_count"] == 1
    members = await run("ListCompanyContacts", {"companyId": company["id"], "outputType": "array"})
    assert [c["id"] for c in members["result"]] == [contact]
    theirs = await run("ListContactCompanies", {"contactId": contact, "outputType": "array"})
    assert company["id"] in [c["id"] for c in theirs["result"]]

    await run("TagCompany", {"tagName": "Key account", "companyIds": [company["id"]]})
    key_account = tag_named(sandbox, "Key account")
    tagged = await run("ListCompanies", {"tagId": key_account, "outputType": "array"})
    assert [c["id"] for c in tagged["result"]] == [company["id"]]
    await run("UntagCompany", {"tagName": "Key account", "companyIds": company["id"]})
    assert await run("ListCompanies", {"tagId": key_account, "outputType": "first"}, "notFound") == {}
    in_segment = await run("ListCompanies", {"segmentId": segments["result"][0]["id"], "outputType": "array"})
    assert company["id"] in [c["id"] for c in in_segment["result"]]

    listed = await run("ListCompanies", {"outputType": "array", "order": "asc"})
    everything = await run("ListAllCompanies", {"outputType": "array"})
    assert listed["count"] == everything["count"] == len(sandbox.store.companies) == 21
    assert len({c["id"] for c in everything["result"]}) == 21  # two scroll pages of 15, then the end

    detached = await run("DetachContactFromCompany", {"contactId": contact, "companyId": company["id"]})
    assert detached["user_count"] == 0
    assert (await run("DeleteCompany", {"companyId": company["id"]}))["deleted"] is True
    assert await run("GetCompany", {"companyId": company["id"]}, "notFound", allow=(404,))


async def test_tags(sandbox: SandboxServer, run) -> None:
    tag = await run("CreateTag", {"name": "Churn risk"})
    options = transformers.tags_to_options(await run("TagOptions", {"outputType": "array"}))
    assert {"label": "Churn risk", "value": tag["id"]} in options
    assert "Churn risk" in [o["value"] for o in transformers.tag_names_to_options(
        await run("TagOptions", {"outputType": "array"}))]
    renamed = await run("RenameTag", {"tagId": tag["id"], "name": "At risk"})
    assert (await run("GetTag", {"tagId": tag["id"]}))["name"] == renamed["name"] == "At risk"
    assert "At risk" in [t["name"] for t in (await run("ListTags", {"outputType": "array"}))["result"]]

    conversation = next(iter(sandbox.store.conversations))
    on_conversation = await run("TagConversation", {"conversationId": conversation, "tagId": tag["id"]})
    assert on_conversation["applied_by"]["id"] == sandbox.store.default_admin()["id"]
    assert tag["id"] in sandbox.store.conversations[conversation]["_tags"]
    await run("UntagConversation", {"conversationId": conversation, "tagId": tag["id"]})
    assert tag["id"] not in sandbox.store.conversations[conversation]["_tags"]

    ticket_type = next(iter(sandbox.store.ticket_types))
    ticket = await run("CreateTicket", {"ticketTypeId": ticket_type, "contactId": next(iter(sandbox.store.contacts))})
    assert (await run("TagTicket", {"ticketId": ticket["id"], "tagId": tag["id"]}))["name"] == "At risk"
    assert (await run("UntagTicket", {"ticketId": ticket["id"], "tagId": tag["id"]}))["id"] == tag["id"]

    assert await run("DeleteTag", {"tagId": tag["id"]}) == {"type": "tag", "id": tag["id"], "deleted": True}
    assert await run("GetTag", {"tagId": tag["id"]}, "notFound", allow=(404,)) == {"tagId": tag["id"]}


async def test_notes_segments_and_subscriptions(sandbox: SandboxServer, run) -> None:
    contact = await run("CreateContact", {"email": "nora@example.test", "role": "user"})
    note = await run("CreateNote", {"contactId": contact["id"], "body": "Wants the annual plan"})
    assert note["body"] == "<p>Wants the annual plan</p>"
    assert (await run("GetNote", {"noteId": note["id"]}))["contact"]["id"] == contact["id"]
    notes = await run("ListNotes", {"contactId": contact["id"], "outputType": "array"})
    assert [n["id"] for n in notes["result"]] == [note["id"]]

    options = transformers.segments_to_options(await run("SegmentOptions", {"outputType": "array"}))
    users = next(o["value"] for o in options if o["label"] == "Active users")
    counted = await run("ListSegments", {"includeCount": True, "outputType": "array"})
    active = next(s for s in counted["result"] if s["id"] == users)
    assert active["count"] == sum(c["role"] == "user" for c in sandbox.store.contacts.values())
    assert (await run("GetSegment", {"segmentId": users}))["name"] == "Active users"

    kinds = (await run("ListSubscriptionTypes", {"outputType": "array"}))["result"]
    newsletter = next(k for k in kinds if k["consent_type"] == "opt_in")
    updates = next(k for k in kinds if k["consent_type"] == "opt_out")
    labels = transformers.subscription_types_to_options(await run("SubscriptionTypeOptions", {"outputType": "array"}))
    assert {"label": "Newsletter (opt-in)", "value": newsletter["id"]} in labels

    async def chosen() -> dict[str, str]:
        listed = await run("ListContactSubscriptions", {"contactId": contact["id"], "outputType": "array"})
        return {k["id"]: k["consent_type"] for k in listed["result"]}

    who = {"contactId": contact["id"]}
    await run("SubscribeContact", {**who, "subscriptionTypeId": newsletter["id"]})
    await run("UnsubscribeContact", {**who, "subscriptionTypeId": updates["id"]})
    assert await chosen() == {newsletter["id"]: "opt_in", updates["id"]: "opt_out"}
    await run("UnsubscribeContact", {**who, "subscriptionTypeId": newsletter["id"]})
    await run("SubscribeContact", {**who, "subscriptionTypeId": updates["id"]})
    assert await run("ListContactSubscriptions", {**who, "outputType": "first"}, "notFound") == {}
    # Already subscribed to an opt-out type it never refused: nothing to change, the type comes back.
    assert (await run("SubscribeContact", {**who, "subscriptionTypeId": updates["id"]}))["id"] == updates["id"]


async def test_data_attributes_and_events(sandbox: SandboxServer, run) -> None:
    created = await run("CreateDataAttribute", {"name": "Support tier", "model": "contact", "dataType": "string",
                                                "options": ["gold", "silver"]})
    assert (created["full_name"], created["custom"]) == ("custom_attributes.Support tier", True)
    options = await run("DataAttributeOptions", {"model": "contact", "outputType": "array"})
    assert {"label": "Support tier", "value": "Support tier"} in transformers.custom_attributes_to_options(options)
    fields = transformers.searchable_attributes_to_options(options)
    assert {"label": "Support tier", "value": "custom_attributes.Support tier"} in fields
    assert {"label": "Email", "value": "email"} in fields
    archived = await run("UpdateDataAttribute", {"attributeId": str(created["id"]), "archived": True})
    assert archived["archived"] is True
    listed = await run("ListDataAttributes", {"model": "contact", "outputType": "array"})
    assert "Support tier" not in [a["name"] for a in listed["result"]]
    with_archived = await run("ListDataAttributes", {"model": "contact", "includeArchived": True,
                                                     "outputType": "array"})
    assert "Support tier" in [a["name"] for a in with_archived["result"]]

    user = next(c for c in sandbox.store.contacts.values() if c["role"] == "user")
    now = sandbox.store.now()
    for n in range(3):
        tracked = await run("TrackEvent", {"eventName": "ordered-item", "occurredAt": now - 60 * n,
                                           "externalId": user["external_id"], "metadata": {"items": n + 1}})
        assert tracked["metadata"] == {"items": str(n + 1)}
    events = await run("ListEvents", {"contactId": user["id"], "outputType": "array"})
    assert [e["created_at"] for e in events["result"]] == [now, now - 60, now - 120]
    await run("SubmitEventSummaries", {"externalId": user["external_id"], "eventName": "logged-in", "count": 12,
                                       "firstAt": now - 86_400, "lastAt": now})
    summary = await run("GetEventSummaries", {"email": user["email"]})
    totals = {e["name"]: e["count"] for e in summary["events"]}
    assert totals == {"ordered-item": 3, "logged-in": 12}


async def test_visitors(sandbox: SandboxServer, run) -> None:
    first, second = sandbox.store.people.visitors.values()
    visitor = await run("GetVisitor", {"visitorUserId": first["user_id"]})
    assert visitor["pseudonym"] == "Teal Heron from Porto"
    renamed = await run("UpdateVisitor", {"visitorUserId": first["user_id"], "name": "Porto Visitor",
                                          "customAttributes": {"source": "ads"}})
    assert (renamed["name"], renamed["custom_attributes"]) == ("Porto Visitor", {"source": "ads"})
    user = await run("ConvertVisitor", {"convertTo": "user", "visitorId": first["id"], "externalId": "crm-501",
                                        "email": "porto@example.test"})
    assert (user["role"], user["external_id"], user["name"]) == ("user", "crm-501", "Porto Visitor")
    assert await run("GetVisitor", {"visitorUserId": first["user_id"]}, "notFound", allow=(404,))
    existing = next(iter(sandbox.store.contacts))
    merged = await run("ConvertVisitor", {"convertTo": "lead", "visitorUserId": second["user_id"],
                                          "contactId": existing})
    assert merged["id"] == existing and second["id"] not in sandbox.store.people.visitors
