"""Cancel Data Export: POST /export/cancel/{job} (no body); answered with the canceled job."""

from intercom.client import endpoint
from intercom.kit import Action, Call, item_port
from intercom.kit.content import export_job

component = Action(
    label="Cancel Data Export",
    module="exports",
    description=(
        "Stops a content data export job that is still running, so another one can start. An unknown "
        "job leaves through the Not found port."
    ),
    inputs=[export_job(required=True)],
    build=lambda v: Call("POST", endpoint("/export/cancel/{job}", job=v["jobIdentifier"])),
    out=item_port("Export job", "data_export"),
    not_found=True,
)
receive = component.receive
