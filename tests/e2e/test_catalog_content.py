"""Catalog III end to end: every help center, article, news and export component through the Host,
over real sockets, against the sandbox Intercom."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from intercom.client import ClientPool
from intercom.host import Bundle, Host
from intercom.kit import transformers
from intercom.storage import FileStore
from intercom_sandbox import SandboxConfig, SandboxServer
from tests.e2e.test_e2e_sandbox import SandboxTime

SEEDED_CONTACTS = 12


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(seed=SEEDED_CONTACTS)) as server:
        yield server


@pytest.fixture
def clock(sandbox: SandboxServer) -> SandboxTime:
    """The client's clock: waiting for an export moves the sandbox's time instead of sleeping."""
    return SandboxTime(sandbox.store.clock)


@pytest.fixture
async def host(sandbox: SandboxServer, clock: SandboxTime, tmp_path: Path) -> AsyncIterator[Host]:
    async with Host(Bundle.load(), connection={"accessToken": "sandbox-token", "baseUrl": sandbox.base_url},
                    clients=ClientPool(clock=clock), files=FileStore(tmp_path / "files")) as running:
        yield running


async def one(host: Host, name: str, content: dict[str, Any], port: str = "out") -> dict[str, Any]:
    (message,) = await host.run(name, content)
    assert message.port == port, (name, message)
    return message.data


def admin_id(sandbox: SandboxServer) -> str:
    return str(sandbox.store.default_admin()["id"])


async def test_help_center_and_articles(sandbox: SandboxServer, host: Host) -> None:
    centers = await one(host, "HelpCenterOptions", {"outputType": "array"})
    (center,) = transformers.help_centers_to_options(centers)
    assert center["label"] == "Sandbox Help"
    assert (await one(host, "ListHelpCenters", {"outputType": "first"}))["display_name"] == "Sandbox Help"
    assert (await one(host, "GetHelpCenter", {"helpCenterId": center["value"]}))["identifier"] == "sandbox"
    assert await one(host, "GetHelpCenter", {"helpCenterId": "9"}, "notFound") == {"helpCenterId": "9"}

    billing = await one(host, "CreateCollection", {"name": "Billing", "helpCenterId": center["value"],
                                                   "translations": {"fr": {"name": "Facturation"}}})
    assert billing["help_center_id"] == int(center["value"])
    assert billing["translated_content"]["fr"]["name"] == "Facturation"
    nested = await one(host, "CreateCollection", {"name": "Invoices", "parentId": billing["id"]})
    assert nested["parent_id"] == billing["id"]
    options = transformers.collections_to_options(await one(host, "CollectionOptions", {"outputType": "array"}))
    assert {"label": "Billing", "value": billing["id"]} in options
    listed = await one(host, "ListCollections", {"outputType": "array"})
    assert [c["name"] for c in listed["result"]] == ["Getting started", "Billing", "Invoices"]
    assert (await one(host, "GetCollection", {"collectionId": billing["id"]}))["name"] == "Billing"
    renamed = await one(host, "UpdateCollection", {"collectionId": billing["id"], "name": "Billing and refunds"})
    assert renamed["name"] == "Billing and refunds"

    # Timestamps are whole seconds: without this step a fast run writes the draft in the second the
    # seeded articles were written, and "most recently updated first" has nothing to order by.
    sandbox.store.clock.advance(1)
    draft = await one(host, "CreateArticle", {"title": "Refunds", "body": "<p>How refunds work</p>",
                                              "authorId": admin_id(sandbox), "parentId": nested["id"]})
    assert (draft["state"], draft["parent_ids"], draft["url"]) == ("draft", [int(nested["id"]), int(billing["id"])], None)
    published = await one(host, "UpdateArticle", {"articleId": draft["id"], "state": "published"})
    assert published["state"] == "published" and published["url"].endswith(f"/articles/{draft['id']}-refunds")
    assert (await one(host, "GetArticle", {"articleId": draft["id"]}))["statistics"]["views"] == 1
    found = await one(host, "SearchArticles", {"phrase": "refunds", "helpCenterId": center["value"],
                                               "state": "published", "outputType": "array"})
    assert [a["id"] for a in found["result"]] == [draft["id"]]
    assert await one(host, "SearchArticles", {"phrase": "warp drive", "outputType": "first"}, "notFound") == {}
    everything = await one(host, "ListArticles", {"outputType": "array"})
    assert everything["count"] == 3 and everything["result"][0]["id"] == draft["id"]

    assert await one(host, "DeleteArticle", {"articleId": draft["id"]}) == {
        "id": draft["id"], "object": "article", "deleted": True}
    assert await one(host, "GetArticle", {"articleId": draft["id"]}, "notFound") == {"articleId": draft["id"]}
    assert (await one(host, "DeleteCollection", {"collectionId": nested["id"]}))["deleted"] is True
    assert await one(host, "UpdateCollection", {"collectionId": nested["id"], "name": "x"}, "notFound")


async def test_news_items_and_newsfeeds(sandbox: SandboxServer, host: Host) -> None:
    feeds = transformers.newsfeeds_to_options(await one(host, "NewsfeedOptions", {"outputType": "array"}))
    assert [f["label"] for f in feeds] == ["Product updates", "Release notes"]
    updates, notes = feeds[0]["value"], feeds[1]["value"]
    assert (await one(host, "ListNewsfeeds", {"outputType": "array"}))["count"] == 2
    assert (await one(host, "GetNewsfeed", {"newsfeedId": notes}))["name"] == "Release notes"

    item = await one(host, "CreateNewsItem", {"title": "Dark mode", "body": "<p>Easy on the eyes</p>",
                                              "senderId": admin_id(sandbox), "newsfeedIds": [updates, notes],
                                              "labels": "Product\nDesign", "reactions": ["👍", "🎉"]})
    assert item["state"] == "draft" and item["labels"] == ["Product", "Design"]
    assert [a["newsfeed_id"] for a in item["newsfeed_assignments"]] == [int(updates), int(notes)]
    assert await one(host, "ListNewsfeedItems", {"newsfeedId": notes, "outputType": "first"}, "notFound") == {}

    live = await one(host, "UpdateNewsItem", {"newsItemId": item["id"], "title": "Dark mode is here",
                                              "senderId": admin_id(sandbox), "state": "live"})
    assert live["state"] == "live" and all(a["published_at"] for a in live["newsfeed_assignments"])
    in_feed = await one(host, "ListNewsfeedItems", {"newsfeedId": notes, "outputType": "array"})
    assert [i["title"] for i in in_feed["result"]] == ["Dark mode is here"]
    assert (await one(host, "GetNewsItem", {"newsItemId": item["id"]}))["reactions"] == ["👍", "🎉"]
    assert (await one(host, "ListNewsItems", {"outputType": "array"}))["count"] == 2
    assert await one(host, "DeleteNewsItem", {"newsItemId": item["id"]}) == {
        "id": item["id"], "object": "news-item", "deleted": True}
    assert await one(host, "GetNewsItem", {"newsItemId": item["id"]}, "notFound") == {"newsItemId": item["id"]}


def rows_of(host: Host, file_id: str) -> list[dict[str, str]]:
    with host.files.path_of(file_id).open(newline="", encoding="utf-8") as saved:
        return list(csv.DictReader(saved))


async def test_export_content_data_hands_back_the_sandbox_receipts_as_csv(sandbox: SandboxServer, host: Host,
                                                                         clock: SandboxTime) -> None:
    feed = (await one(host, "NewsfeedOptions", {"outputType": "array"}))["result"][0]["id"]
    news = await one(host, "CreateNewsItem", {"title": "Faster refunds", "senderId": admin_id(sandbox),
                                              "state": "live", "newsfeedIds": feed})
    now = int(sandbox.store.clock.time())
    window = {"createdAfter": now - 3600, "createdBefore": now + 3600}

    exported = await one(host, "ExportContentData", window)
    # The sandbox finishes on the third status check: pauses of 2, 4 and 8 seconds.
    assert clock.sleeps == [2.0, 4.0, 8.0]
    assert exported["status"] == "completed" and exported["filename"].endswith(".csv")
    rows = rows_of(host, exported["fileId"])
    contacts = sorted(sandbox.store.contacts.values(), key=lambda c: c["_seq"])
    assert len(contacts) == SEEDED_CONTACTS
    assert [(r["user_id"], r["email"], r["name"], r["user_external_id"]) for r in rows] == [
        (c["id"], c["email"], c["name"], c["external_id"] or "") for c in contacts]
    assert {(r["content_id"], r["content_title"], r["content_type"]) for r in rows} == {
        (news["id"], "Faster refunds", "News Item")}
    assert exported["length"] == host.files.path_of(exported["fileId"]).stat().st_size

    # The same job step by step: start, check until done, download.
    job = await one(host, "StartDataExport", window)
    job_id = job["job_identifier"]
    assert job["status"] == "pending"
    checks = [(await one(host, "GetDataExport", {"jobIdentifier": job_id}))["status"] for _ in range(3)]
    assert checks == ["in_progress", "in_progress", "completed"]
    downloaded = await one(host, "DownloadDataExport", {"jobIdentifier": job_id})
    assert rows_of(host, downloaded["fileId"]) == rows
    assert await one(host, "DownloadDataExport", {"jobIdentifier": "nosuchjob"}, "notFound") == {
        "jobIdentifier": "nosuchjob"}

    another = await one(host, "StartDataExport", window)
    canceled = await one(host, "CancelDataExport", {"jobIdentifier": another["job_identifier"]})
    assert canceled["status"] == "canceled"
    nothing = await one(host, "ExportContentData", {"createdAfter": 1, "createdBefore": 2}, "noData")
    assert nothing["status"] == "no_data"
