"""Catalog III beyond single recorded calls: dropdown transformers, waiting for an export with
backoff, and the streamed, decompressed download."""

from __future__ import annotations

import asyncio
import gzip
import logging
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from intercom.client import ClientPool, InputError, IntercomClient, InvalidResponseError
from intercom.host import Bundle, CancelError, Host
from intercom.host.runner import InvalidInputError
from intercom.kit import transformers
from intercom.kit.exports import DownloadReader
from intercom.storage import FileStore
from tests.fakes import FakeClock
from tests.replay import BASE_URL, TOKEN

JOB = "k2w9x7c4v1b8n5m3"
CSV = "user_id,email,content_title\n6657ad000000000000000001,ada@example.test,Dark mode\n"


# -- dropdowns ---------------------------------------------------------------------------------


def test_dropdown_transformers_turn_the_private_listings_into_options() -> None:
    centers = {"result": [{"id": "123", "display_name": "Acme Help", "identifier": "acme"},
                          {"id": 124, "display_name": None, "identifier": "partners"}], "count": 2}
    assert transformers.help_centers_to_options(centers) == [
        {"label": "Acme Help", "value": "123"}, {"label": "partners", "value": "124"}]
    collections = {"result": [{"id": "6871118", "name": "Getting started"}, {"name": "no id"}]}
    assert transformers.collections_to_options(collections) == [{"label": "Getting started", "value": "6871118"}]
    feeds = {"result": [{"id": "53", "type": "newsfeed", "name": "Product updates"}]}
    assert transformers.newsfeeds_to_options(feeds) == [{"label": "Product updates", "value": "53"}]


def test_article_and_news_dropdowns_call_the_private_components() -> None:
    bundle = Bundle.load()
    inputs = bundle.find("CreateArticle").in_port()["inspector"]["inputs"]
    assert inputs["parentId"]["source"]["url"] == "/component/acme/intercom/helpcenter/CollectionOptions?outPort=out"
    news = bundle.find("CreateNewsItem").in_port()["inspector"]["inputs"]
    assert news["newsfeedIds"]["type"] == "multiselect"
    assert news["newsfeedIds"]["source"]["data"]["transform"].endswith("#newsfeeds_to_options")
    search = bundle.find("SearchArticles").in_port()["inspector"]["inputs"]
    assert search["helpCenterId"]["source"]["url"].startswith("/component/acme/intercom/helpcenter/HelpCenterOptions")


# -- bad input, refused before any request -----------------------------------------------------


async def test_update_article_with_nothing_to_change_is_refused(host: Host, intercom_api: respx.MockRouter) -> None:
    with pytest.raises(InvalidInputError) as refused:
        await host.run("UpdateArticle", {"articleId": "6871119"})
    assert "title" in str(refused.value)


async def test_a_publication_date_needs_its_newsfeeds(host: Host, intercom_api: respx.MockRouter) -> None:
    with pytest.raises(InvalidInputError) as refused:
        await host.run("CreateNewsItem", {"title": "T", "senderId": "991267801", "publishedAt": 1716950000})
    assert "newsfeedIds" in str(refused.value)


async def test_export_dates_in_either_order_make_the_same_range(host: Host, intercom_api: respx.MockRouter) -> None:
    route = intercom_api.post("/export/content/data").respond(200, json={"job_identifier": JOB, "status": "pending"})
    await host.run("StartDataExport", {"createdAfter": "2024-05-31T00:00:00Z", "createdBefore": "2024-05-01T00:00:00Z"})
    assert route.calls.last.request.content == b'{"created_at_after":1714521600,"created_at_before":1717113600}'


# -- waiting for the export ------------------------------------------------------------------


def timed_host(tmp_path, clock: FakeClock) -> Host:
    """A host whose client waits on ``clock``: the backoff is checked without sleeping."""
    return Host(Bundle.load(), connection={"accessToken": TOKEN}, clients=ClientPool(clock=clock),
                files=FileStore(tmp_path / "files"))


def job(status: str) -> dict:
    done = status == "completed"
    return {"job_identifier": JOB, "status": status, "download_expires_at": "1717209600" if done else "",
            "download_url": f"{BASE_URL}/download/content/data/{JOB}" if done else ""}


async def test_export_waits_with_growing_pauses_then_saves_the_csv(tmp_path, intercom_api: respx.MockRouter,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="intercom.host")
    clock = FakeClock()
    intercom_api.post("/export/content/data").respond(200, json=job("pending"))
    status = intercom_api.get(f"/export/content/data/{JOB}").mock(side_effect=[
        httpx.Response(200, json=job("pending")), httpx.Response(200, json=job("in_progress")),
        httpx.Response(200, json=job("completed"))])
    download = intercom_api.get(f"/download/content/data/{JOB}").respond(
        200, content=gzip.compress(CSV.encode()), headers={"Content-Type": "application/octet-stream"})
    host = timed_host(tmp_path, clock)
    (message,) = await host.run("ExportContentData", {"createdAfter": 1716940000, "createdBefore": 1716960000})
    assert clock.sleeps == [2.0, 4.0, 8.0] and status.call_count == 3
    assert download.calls.last.request.headers["Accept"] == "application/octet-stream"
    assert message.port == "out"
    assert {k: message.data[k] for k in ("filename", "length", "jobIdentifier", "status")} == {
        "filename": f"content-data-{JOB}.csv", "length": len(CSV), "jobIdentifier": JOB, "status": "completed"}
    assert host.files.path_of(message.data["fileId"]).read_text() == CSV
    progress = [r.getMessage() for r in caplog.records if JOB in r.getMessage()]
    assert progress[1].startswith(f"content export {JOB} is pending after 0 check(s) and 0 s; checking again in 2 s")
    assert any("is completed after 3 check(s) and 14 s" in line for line in progress)
    await host.aclose()


async def test_export_gives_up_at_the_limit_and_can_cancel_the_job(tmp_path, intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    intercom_api.post("/export/content/data").respond(200, json=job("pending"))
    intercom_api.get(f"/export/content/data/{JOB}").respond(200, json=job("in_progress"))
    cancel = intercom_api.post(f"/export/cancel/{JOB}").respond(200, json=job("canceled"))
    host = timed_host(tmp_path, clock)
    with pytest.raises(CancelError) as late:
        await host.run("ExportContentData", {"createdAfter": 1716940000, "createdBefore": 1716960000,
                                             "maxWaitMinutes": 1, "cancelOnTimeout": True})
    # 2 + 4 + 8 + 16 s, then the 30 s left of the minute: never a pause past the limit.
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0, 30.0] and sum(clock.sleeps) == 60
    assert str(late.value) == (f"maxWaitMinutes: content export {JOB} was still in_progress after 60 s (5 checks); "
                               "it was canceled, or allow more minutes")
    assert cancel.call_count == 1 and cancel.calls.last.request.content == b""
    await host.aclose()


async def test_a_failed_export_is_reported_and_nothing_is_downloaded(tmp_path, intercom_api: respx.MockRouter) -> None:
    intercom_api.post("/export/content/data").respond(200, json=job("pending"))
    intercom_api.get(f"/export/content/data/{JOB}").respond(200, json=job("failed"))
    host = timed_host(tmp_path, FakeClock())
    with pytest.raises(CancelError, match=f"content export {JOB} ended failed at Intercom"):
        await host.run("ExportContentData", {"createdAfter": 1716940000, "createdBefore": 1716960000})
    await host.aclose()


# -- the streamed download -------------------------------------------------------------------


async def _chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        await asyncio.sleep(0)
        yield data[start:start + size]


async def read_all(data: bytes, size: int, read_size: int = 7) -> bytes:
    reader = DownloadReader(_chunks(data, size), asyncio.get_running_loop(), where="GET /download")

    def copy() -> bytes:
        out = b""
        while part := reader.read(read_size):
            out += part
        return out

    return await asyncio.to_thread(copy)


@pytest.mark.parametrize("chunk", [1, 3, 1 << 16])
async def test_gzip_is_inflated_whatever_the_chunking(chunk: int) -> None:
    text = ("row,of,data\n" * 5000).encode()
    assert await read_all(gzip.compress(text), chunk) == text


async def test_several_gzip_members_and_plain_bodies_come_out_whole() -> None:
    assert await read_all(gzip.compress(b"a,b\n") + gzip.compress(b"1,2\n"), 5) == b"a,b\n1,2\n"
    assert await read_all(CSV.encode(), 4) == CSV.encode()  # already decoded on the way: kept as it is
    assert await read_all(b"x", 1) == b"x"
    assert await read_all(b"", 1) == b""


async def test_a_cut_off_gzip_is_an_error_not_a_short_file() -> None:
    data = gzip.compress(("row\n" * 1000).encode())
    with pytest.raises(InvalidResponseError, match="ended in the middle of its gzip data"):
        await read_all(data[: len(data) // 2], 64)


async def test_the_reader_refuses_to_block_the_event_loop() -> None:
    reader = DownloadReader(_chunks(b"abc", 1), asyncio.get_running_loop(), where="GET /download")
    with pytest.raises(RuntimeError, match="worker thread"):
        reader.read(10)


async def test_the_download_is_not_held_in_memory(tmp_path, intercom_api: respx.MockRouter) -> None:
    # 40 MiB of CSV: more than the client's 32 MiB cap on an answer it reads whole.
    row = b"6657ad000000000000000001,ada@example.test,1716950000\n"
    rows = 800_000
    intercom_api.get(f"/download/content/data/{JOB}").respond(200, content=gzip.compress(row * rows, compresslevel=1))
    host = timed_host(tmp_path, FakeClock())
    tracemalloc.start()
    try:
        (message,) = await host.run("DownloadDataExport", {"jobIdentifier": JOB})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.data["length"] == len(row) * rows > 32 * 1024 * 1024
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MiB held at once"
    with host.files.path_of(message.data["fileId"]).open("rb") as saved:
        assert saved.read(len(row)) == row
    await host.aclose()


async def test_a_download_is_retried_when_intercom_fails_before_the_body(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.get(f"/download/content/data/{JOB}").mock(side_effect=[
        httpx.Response(503, json={"type": "error.list", "errors": [{"code": "service_unavailable"}]}),
        httpx.Response(200, content=b"a,b\n")])
    async with (IntercomClient(TOKEN, clock=clock) as intercom,
                intercom.stream("GET", f"/download/content/data/{JOB}") as response):
        assert b"".join([chunk async for chunk in response.aiter_bytes()]) == b"a,b\n"
    assert route.call_count == 2 and len(clock.sleeps) == 1


async def test_a_download_url_on_another_host_is_refused_before_sending(intercom_api: respx.MockRouter) -> None:
    async with IntercomClient(TOKEN) as intercom:
        with pytest.raises(InputError, match=r"only URLs on https://api\.intercom\.io"):
            async with intercom.stream("GET", "https://files.example.test/export.csv.gz"):
                pass
