"""Export Content Data: start an export, wait for it with backoff, and hand back the CSV file."""

from typing import Any

from intercom.client import IntercomClient, endpoint
from intercom.kit import Action, Port, number, toggle
from intercom.kit.exports import (
    ExportTimeout,
    file_port,
    job_identifier,
    ordered_range,
    save_download,
    time_range,
    wait_for_export,
)

NO_DATA = Port("No data", {
    "type": "object",
    "required": ["jobIdentifier", "status"],
    "properties": {
        "jobIdentifier": {"type": "string", "title": "Export job ID"},
        "status": {"type": "string", "title": "Job status"},
        "createdAfter": {"type": "integer", "title": "Sent from"},
        "createdBefore": {"type": "integer", "title": "Sent until"},
    },
}, name="noData")


async def export(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> dict[str, Any] | None:
    v = ordered_range(v)
    job = await intercom.post("/export/content/data", {"created_at_after": v["createdAfter"],
                                                       "created_at_before": v["createdBefore"]})
    job_id = job_identifier(job)
    context.log(f"started content export {job_id} for {v['createdAfter']}..{v['createdBefore']}")
    try:
        job = await wait_for_export(context, intercom, job, max_wait=v["maxWaitMinutes"] * 60)
    except ExportTimeout as late:
        if v.get("cancelOnTimeout"):
            await intercom.post(endpoint("/export/cancel/{job}", job=job_id))
            then = "it was canceled"
        else:
            then = f"it goes on at Intercom: fetch it later with Download Data Export (job {job_id})"
        raise context.CancelError(f"maxWaitMinutes: {late}; {then}, or allow more minutes") from None
    status = str(job.get("status"))
    if status == "no_data":
        await context.send_json({"jobIdentifier": job_id, "status": status, "createdAfter": v["createdAfter"],
                                 "createdBefore": v["createdBefore"]}, "noData")
        return None
    if status != "completed":
        raise context.CancelError(f"content export {job_id} ended {status} at Intercom, so there is nothing "
                                  "to download; run the step again")
    saved = await save_download(context, intercom, job_id)
    return {**saved, "jobIdentifier": job_id, "status": status,
            "downloadExpiresAt": job.get("download_expires_at")}


component = Action(
    label="Export Content Data",
    module="exports",
    description=(
        "Exports who received your outbound messages (emails, posts, news, tours...) sent in a time "
        "range and how they engaged, as a CSV file: starts the export, checks it with growing pauses "
        "(2 s, 4 s, 8 s... up to a minute) until it is ready or the time you allow runs out, then "
        "downloads it. Intercom sends it gzipped; the file is stored decompressed, as plain CSV, "
        "streamed to disk. A range with nothing in it leaves through the No data port."
    ),
    inputs=[
        *time_range(),
        number("maxWaitMinutes", "Wait at most (minutes)", "How long to wait for Intercom to build the "
               "export, 1 to 120 minutes. A large range can take a while.", minimum=1, maximum=120,
               default=5, api=None),
        toggle("cancelOnTimeout", "Cancel if it takes longer", "On: an export still running when the time "
               "is up is canceled, so another can start. Off: it goes on at Intercom and can be fetched "
               "later with Download Data Export.", default=False, api=None),
    ],
    run=export,
    out=file_port(),
    extra_ports=[NO_DATA],
)
receive = component.receive
