"""Get Data Export: GET /export/content/data/{job}, the status of a content export job."""

from intercom.kit import Action, item_port
from intercom.kit.content import export_job

component = Action(
    label="Get Data Export",
    module="exports",
    description=(
        "Checks a content data export job: pending, in progress, completed (with its download link and "
        "when it expires, two days on), failed, canceled or no data. An unknown job leaves through the "
        "Not found port."
    ),
    call=("GET", "/export/content/data/{jobIdentifier}"),
    inputs=[export_job(required=True)],
    out=item_port("Export job", "data_export"),
    not_found=True,
)
receive = component.receive
