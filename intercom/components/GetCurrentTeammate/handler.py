"""Get Current Teammate: GET /me, the teammate behind the connection and their workspace."""

from intercom.kit import Action, item_port

component = Action(
    label="Get Current Teammate",
    module="teammates",
    description=(
        "Tells who the connected account is: the teammate who connected it, and their workspace (ID, "
        "name, region, time zone)."
    ),
    call=("GET", "/me"),
    out=item_port("Teammate", "admin"),
)
receive = component.receive
