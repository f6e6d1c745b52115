"""The sandbox's help center, news and content export: live-shaped answers and stateful behaviour."""

from __future__ import annotations

import csv
import gzip
import io
import json
from typing import Any

import jsonschema
import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory, assert_error
from test_sandbox_spec_conformance import SCHEMA_DIR, definitions, response_schema, spec, validate

__all__ = ["definitions", "spec"]  # fixtures used here, defined with the spec checks

OCTET = {"Accept": "application/octet-stream"}


@pytest.fixture
async def world(make_sandbox: SandboxFactory) -> dict[str, Any]:
    sandbox = await make_sandbox(seed=3, now=MIDNIGHT + 3600)
    client = sandbox.client
    admin = int((await client.get("/me")).json()["id"])
    center = (await client.get("/help_center/help_centers")).json()["data"][0]["id"]
    feed = (await client.get("/news/newsfeeds")).json()["data"][0]["id"]
    collection = (await client.post("/help_center/collections", json={
        "name": "Billing", "help_center_id": int(center),
        "translated_content": {"fr": {"name": "Facturation"}}})).json()
    article = (await client.post("/articles", json={
        "title": "Refunds", "body": "<p>How refunds work</p>", "author_id": admin, "state": "published",
        "parent_id": int(collection["id"]), "parent_type": "collection",
        "translated_content": {"fr": {"title": "Remboursements", "state": "draft"}}})).json()
    news = (await client.post("/news/news_items", json={
        "title": "Refunds are faster", "sender_id": admin, "state": "live",
        "newsfeed_assignments": [{"newsfeed_id": int(feed)}]})).json()
    return {"sandbox": sandbox, "admin": admin, "help_center": center, "newsfeed": feed,
            "collection": collection["id"], "article": article["id"], "news_item": news["id"]}


# (method, spec path template, concrete path, JSON body builder, our item schema or None)
CASES: list[tuple[str, str, str, Any, str | None]] = [
    ("GET", "/articles", "/articles", None, None),
    ("POST", "/articles", "/articles", lambda w: {"title": "New", "author_id": w["admin"]}, "article"),
    ("GET", "/articles/{id}", "/articles/{article}", None, "article"),
    ("PUT", "/articles/{id}", "/articles/{article}", lambda w: {"state": "draft", "parent_id": str(w["collection"])},
     "article"),
    ("GET", "/articles/search", "/articles/search?phrase=refund", None, None),
    ("GET", "/help_center/help_centers", "/help_center/help_centers", None, None),
    ("GET", "/help_center/help_centers/{id}", "/help_center/help_centers/{help_center}", None, "help_center"),
    ("GET", "/help_center/collections", "/help_center/collections", None, None),
    ("POST", "/help_center/collections", "/help_center/collections",
     lambda w: {"name": "Nested", "parent_id": w["collection"]}, "collection"),
    ("GET", "/help_center/collections/{id}", "/help_center/collections/{collection}", None, "collection"),
    ("PUT", "/help_center/collections/{id}", "/help_center/collections/{collection}",
     lambda w: {"name": "Billing and refunds"}, "collection"),
    ("GET", "/news/news_items", "/news/news_items", None, None),
    ("POST", "/news/news_items", "/news/news_items",
     lambda w: {"title": "Draft", "sender_id": w["admin"], "labels": ["Ops"], "reactions": ["👍"],
                "newsfeed_assignments": [{"newsfeed_id": int(w["newsfeed"])}]}, "news_item"),
    ("GET", "/news/news_items/{id}", "/news/news_items/{news_item}", None, "news_item"),
    ("PUT", "/news/news_items/{id}", "/news/news_items/{news_item}",
     lambda w: {"title": "Refunds are fast", "sender_id": w["admin"], "deliver_silently": True}, "news_item"),
    ("GET", "/news/newsfeeds", "/news/newsfeeds", None, None),
    ("GET", "/news/newsfeeds/{id}", "/news/newsfeeds/{newsfeed}", None, "newsfeed"),
    ("GET", "/news/newsfeeds/{id}/items", "/news/newsfeeds/{newsfeed}/items", None, None),
    ("POST", "/export/content/data", "/export/content/data",
     lambda w: {"created_at_after": MIDNIGHT, "created_at_before": MIDNIGHT + 7200}, "data_export"),
    ("DELETE", "/articles/{id}", "/articles/{article}", None, "deleted_object"),
    ("DELETE", "/help_center/collections/{id}", "/help_center/collections/{collection}", None, "deleted_object"),
    ("DELETE", "/news/news_items/{id}", "/news/news_items/{news_item}", None, "deleted_object"),
]


def _item_problems(schema: str, record: Any) -> list[str]:
    item = json.loads((SCHEMA_DIR / f"{schema}.json").read_text(encoding="utf-8"))
    return [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(item).iter_errors(record)]


@pytest.mark.parametrize(("method", "template", "path", "body", "item"), CASES,
                         ids=[f"{c[0]} {c[1]}" for c in CASES])
async def test_answers_match_the_spec_and_our_item_schemas(spec, definitions, world, method, template, path, body,
                                                           item) -> None:
    response = await world["sandbox"].client.request(method, path.format(**world), json=body(world) if body else None)
    assert response.status_code == 200, response.text
    validate(definitions, response_schema(spec, method, template, 200), response.json())
    if item:
        assert _item_problems(item, response.json()) == []


async def test_listed_records_fit_our_item_schemas(world) -> None:
    client = world["sandbox"].client
    for path, key, schema in [("/articles", "data", "article"), ("/help_center/help_centers", "data", "help_center"),
                              ("/help_center/collections", "data", "collection"),
                              ("/news/news_items", "data", "news_item"), ("/news/newsfeeds", "data", "newsfeed")]:
        records = (await client.get(path)).json()[key]
        assert records and [p for r in records for p in _item_problems(schema, r)] == [], path


# -- help center ----------------------------------------------------------------------------


async def test_articles_are_searched_by_phrase_state_and_help_center(world) -> None:
    client = world["sandbox"].client

    async def titles(**query: Any) -> list[str]:
        body = (await client.get("/articles/search", params=query)).json()
        return [a["title"] for a in body["data"]["articles"]]

    assert await titles(phrase="REFUND") == ["Refunds"]
    assert await titles(state="draft") == ["Draft notes"]
    # Most recently updated first; the sandbox clock is stopped, so creation order breaks the tie.
    assert await titles(help_center_id=world["help_center"], state="published") == ["Welcome to the sandbox", "Refunds"]
    assert await titles(help_center_id=999) == []


async def test_an_article_lives_in_its_collection_until_deleted(world) -> None:
    client = world["sandbox"].client
    article = (await client.get(f"/articles/{world['article']}")).json()
    assert article["parent_id"] == int(world["collection"]) and article["parent_ids"] == [int(world["collection"])]
    assert article["translated_content"]["fr"]["title"] == "Remboursements"
    assert article["url"].endswith(f"/articles/{world['article']}-refunds")
    await client.delete(f"/help_center/collections/{world['collection']}")
    assert (await client.get(f"/articles/{world['article']}")).json()["parent_id"] is None
    await client.delete(f"/articles/{world['article']}")
    assert_error(await client.get(f"/articles/{world['article']}"), 404, "not_found")


async def test_bad_article_and_collection_bodies_are_refused(world) -> None:
    client = world["sandbox"].client
    assert_error(await client.post("/articles", json={"title": "No author"}), 400, "parameter_not_found")
    assert_error(await client.post("/articles", json={"title": "T", "author_id": 1}), 400, "parameter_invalid")
    assert_error(await client.post("/articles", json={"title": "T", "author_id": world["admin"], "parent_id": 5}),
                 400, "parameter_invalid")
    assert_error(await client.put(f"/help_center/collections/{world['collection']}",
                                  json={"parent_id": world["collection"]}), 400, "parameter_invalid")


# -- news -----------------------------------------------------------------------------------


async def test_only_live_items_show_in_a_newsfeed(world) -> None:
    client = world["sandbox"].client
    feed = world["newsfeed"]
    draft = (await client.post("/news/news_items", json={
        "title": "Not yet", "sender_id": world["admin"], "newsfeed_assignments": [{"newsfeed_id": int(feed)}]})).json()
    assert draft["state"] == "draft" and draft["newsfeed_assignments"] == [{"newsfeed_id": int(feed)}]

    async def live_titles() -> list[str]:
        return [i["title"] for i in (await client.get(f"/news/newsfeeds/{feed}/items")).json()["data"]]

    assert "Not yet" not in await live_titles()
    live = (await client.put(f"/news/news_items/{draft['id']}", json={
        "title": "Not yet", "sender_id": world["admin"], "state": "live"})).json()
    assert live["newsfeed_assignments"] == [{"newsfeed_id": int(feed), "published_at": MIDNIGHT + 3600}]
    assert "Not yet" in await live_titles()
    assert_error(await client.put(f"/news/news_items/{draft['id']}", json={"title": "No sender"}),
                 400, "parameter_not_found")


# -- content data export --------------------------------------------------------------------


async def test_an_export_completes_on_the_third_check_and_downloads_as_gzip_csv(world) -> None:
    sandbox: Sandbox = world["sandbox"]
    client = sandbox.client
    started = (await client.post("/export/content/data", json={
        "created_at_after": MIDNIGHT, "created_at_before": MIDNIGHT + 7200})).json()
    job = started["job_identifier"]
    assert started["status"] == "pending"
    assert_error(await client.post("/export/content/data", json={
        "created_at_after": MIDNIGHT, "created_at_before": MIDNIGHT + 7200}), 429, "rate_limit_exceeded")
    assert_error(await client.get(f"/download/content/data/{job}", headers=OCTET), 400, "parameter_invalid")
    statuses = [(await client.get(f"/export/content/data/{job}")).json() for _ in range(3)]
    assert [s["status"] for s in statuses] == ["in_progress", "in_progress", "completed"]
    assert statuses[-1]["download_url"] == f"http://sandbox.test/download/content/data/{job}"
    assert statuses[-1]["download_expires_at"] == str(MIDNIGHT + 3600 + 2 * 86400)
    assert_error(await client.get(f"/download/content/data/{job}", headers={"Accept": "application/json"}),
                 406, "not_acceptable")

    download = await client.get(f"/download/content/data/{job}", headers=OCTET)
    assert download.headers["content-type"] == "application/octet-stream"
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(download.content).decode())))
    contacts = sorted(sandbox.store.contacts.values(), key=lambda c: c["_seq"])
    assert [(r["user_id"], r["email"], r["content_id"], r["content_title"], r["received_at"]) for r in rows] == [
        (c["id"], c["email"], world["news_item"], "Refunds are faster", str(MIDNIGHT + 3600)) for c in contacts]
    assert len(rows) == 3


async def test_an_export_can_be_canceled_and_an_empty_range_has_no_data(world) -> None:
    client = world["sandbox"].client
    job = (await client.post("/export/content/data", json={
        "created_at_after": MIDNIGHT, "created_at_before": MIDNIGHT + 7200})).json()["job_identifier"]
    assert (await client.post(f"/export/cancel/{job}")).json()["status"] == "canceled"
    assert (await client.get(f"/export/content/data/{job}")).json()["status"] == "canceled"
    empty = (await client.post("/export/content/data", json={"created_at_after": 1, "created_at_before": 2})).json()
    statuses = [(await client.get(f"/export/content/data/{empty['job_identifier']}")).json()["status"] for _ in range(3)]
    assert statuses == ["in_progress", "in_progress", "no_data"]
    assert_error(await client.get("/export/content/data/unknown"), 404, "not_found")
    assert_error(await client.post("/export/content/data", json={"created_at_after": 5, "created_at_before": 1}),
                 400, "parameter_invalid")
