"""Start Data Export: POST /export/content/data for a time range; answered with the pending job."""

from intercom.kit import Action, item_port
from intercom.kit.exports import ordered_range, time_range

component = Action(
    label="Start Data Export",
    module="exports",
    description=(
        "Starts a content data export: who received your outbound messages (emails, posts, news, "
        "tours...) sent in a time range, and how they engaged. Intercom builds it in the background; "
        "check it with Get Data Export and fetch it with Download Data Export, or use Export Content "
        "Data to do all three. A workspace runs one export at a time."
    ),
    call=("POST", "/export/content/data"),
    inputs=time_range(),
    build=lambda values: component.request(ordered_range(values)),
    out=item_port("Export job", "data_export"),
)
receive = component.receive
