"""Get Segment: GET /segments/{id}; a missing segment goes to the notFound port."""

from intercom.kit import Action, item_port
from intercom.kit.common import segment

component = Action(
    label="Get Segment",
    module="segments",
    description="Fetches one segment by its ID. A segment that does not exist leaves through the Not found "
                "port.",
    call=("GET", "/segments/{segmentId}"),
    inputs=[segment(required=True)],
    out=item_port("Segment", "segment"),
    not_found=True,
)
receive = component.receive
