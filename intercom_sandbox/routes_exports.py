"""Content data exports: start a job, check it (it completes after a few checks), cancel, download.

The download is the gzipped CSV Intercom streams, and like Intercom it is served only to a
client that accepts ``application/octet-stream``.
"""

from __future__ import annotations

import csv
import gzip
import io
import string
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.routing import Route

from . import content as c
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing

if TYPE_CHECKING:
    from .store import SandboxStore

# A job answers "in progress" to this many status checks, then "completed".
EXPORT_CHECKS_TO_COMPLETE = 3
EXPORT_DOWNLOAD_DAYS = 2
# The columns of a content data export, in Intercom's order (2.10 names them in data_export_csv).
EXPORT_COLUMNS = (
    "user_id", "user_external_id", "company_id", "email", "name", "ruleset_id", "content_id",
    "content_type", "content_title", "ruleset_version_id", "receipt_id", "received_at", "series_id",
    "series_title", "node_id", "first_reply", "first_completion", "first_series_completion",
    "first_series_disengagement", "first_series_exit", "first_goal_success", "first_open", "first_click",
    "first_dismisall", "first_unsubscribe", "first_hard_bounce",
)  # fmt: skip


_JOB_CHARS = string.ascii_lowercase + string.digits


def start_export(store: SandboxStore, after: int, before: int) -> dict[str, Any]:
    pending = [j for j in store.content.exports.values() if j["status"] in ("pending", "in_progress")]
    if pending:
        # Intercom runs one export at a time per workspace, and says so with a 429.
        raise ApiError(429, "rate_limit_exceeded",
                       "Exceeded rate limit of 1 pending message data export jobs")
    job = {
        "id": "".join(store.rng.choice(_JOB_CHARS) for _ in range(16)),
        "status": "pending", "checks": 0, "download_url": "", "download_expires_at": "",
        "rows": [r for r in store.content.receipts if after <= r["received_at"] <= before],
    }
    store.content.exports[job["id"]] = job
    return job


def check_export(store: SandboxStore, job: dict[str, Any], base_url: str) -> None:
    """One status check: the job runs for a few checks, then completes (or finds no data)."""
    if job["status"] not in ("pending", "in_progress"):
        return
    job["checks"] += 1
    if job["checks"] < EXPORT_CHECKS_TO_COMPLETE:
        job["status"] = "in_progress"
        return
    if not job["rows"]:
        job["status"] = "no_data"
        return
    job["status"] = "completed"
    job["download_url"] = f"{base_url.rstrip('/')}/download/content/data/{job['id']}"
    job["download_expires_at"] = str(store.now() + EXPORT_DOWNLOAD_DAYS * 86_400)


def export_csv_gzip(job: dict[str, Any]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=EXPORT_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(job["rows"])
    return gzip.compress(text.getvalue().encode("utf-8"), mtime=0)


@endpoint
def create_data_export(call: Call) -> dict[str, Any]:
    body = call.json()
    bounds = {}
    for name in ("created_at_after", "created_at_before"):
        if body.get(name) is None:
            raise missing(name)
        value = body[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(f"{name} must be an integer (Unix seconds)", name)
        bounds[name] = value
    if bounds["created_at_after"] > bounds["created_at_before"]:
        raise invalid("created_at_after must not be later than created_at_before", "created_at_after")
    job = start_export(call.store, bounds["created_at_after"], bounds["created_at_before"])
    return c.render_export(job)


@endpoint
def get_data_export(call: Call) -> dict[str, Any]:
    job = c.get_export(call.store, call.path("job_identifier"))
    check_export(call.store, job, str(call.request.base_url))
    return c.render_export(job)


@endpoint
def cancel_data_export(call: Call) -> dict[str, Any]:
    job = c.get_export(call.store, call.path("job_identifier"))
    if job["status"] in ("pending", "in_progress"):
        job["status"] = "canceled"
    return c.render_export(job)


@endpoint
def download_data_export(call: Call) -> Response:
    job = c.get_export(call.store, call.path("job_identifier"))
    accept = call.request.headers.get("accept", "")
    if "application/octet-stream" not in accept and "*/*" not in accept:
        raise ApiError(406, "not_acceptable", "Send Accept: application/octet-stream to download an export")
    if job["status"] != "completed":
        raise invalid(f"The export job is {job['status']}; download it once it has completed")
    return Response(
        export_csv_gzip(job),
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{job["id"]}.csv.gz"'},
    )


routes = [
    Route("/export/content/data", create_data_export, methods=["POST"]),
    Route("/export/content/data/{job_identifier}", get_data_export, methods=["GET"]),
    Route("/export/cancel/{job_identifier}", cancel_data_export, methods=["POST"]),
    Route("/download/content/data/{job_identifier}", download_data_export, methods=["GET"]),
]
