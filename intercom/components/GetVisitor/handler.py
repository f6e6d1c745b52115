"""Get Visitor: GET /visitors?user_id=...; a missing visitor goes to the notFound port."""

from intercom.kit import Action, item_port
from intercom.kit.visitors import visitor_user_id

component = Action(
    label="Get Visitor",
    module="visitors",
    description=(
        "Fetches a visitor (someone on your site who has not identified themself) by the user ID the "
        "Messenger gave them. A visitor that does not exist leaves through the Not found port."
    ),
    call=("GET", "/visitors"),
    inputs=[visitor_user_id(required=True, api="query.user_id")],
    out=item_port("Visitor", "visitor"),
    not_found=True,
)
receive = component.receive
