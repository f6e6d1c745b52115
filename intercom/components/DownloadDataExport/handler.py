"""Download Data Export: GET /download/content/data/{job}, streamed into a CSV file of the host."""

from typing import Any

from intercom.client import IntercomClient
from intercom.kit import Action
from intercom.kit.content import export_job
from intercom.kit.exports import file_port, save_download


async def download(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> dict[str, Any]:
    return {**await save_download(context, intercom, v["jobIdentifier"]), "jobIdentifier": v["jobIdentifier"]}


component = Action(
    label="Download Data Export",
    module="exports",
    description=(
        "Fetches a completed content data export as a CSV file (one row per message received). "
        "Intercom sends it gzipped; the file is stored decompressed, as plain CSV, and streamed "
        "to disk as it arrives. An unknown job leaves through the Not found port."
    ),
    inputs=[export_job(required=True)],
    run=download,
    out=file_port(),
    not_found=True,
)
receive = component.receive
