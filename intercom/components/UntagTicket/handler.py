"""Untag Ticket: DELETE /tickets/{id}/tags/{tag_id}, with the teammate in the body."""

from intercom.client import endpoint
from intercom.kit import Action, Call, admin_or_acting, item_port, tag, teammate
from intercom.kit.common import ticket_id


def build(v: dict) -> Call:
    return Call("DELETE", endpoint("/tickets/{id}/tags/{tag}", id=v["ticketId"], tag=v["tagId"]),
                json={"admin_id": admin_or_acting(v.get("adminId"))})


component = Action(
    label="Untag Ticket",
    module="tags",
    description="Takes a tag off a ticket, as a teammate. The answer is the tag.",
    inputs=[
        ticket_id(required=True),
        tag(required=True),
        teammate(tooltip="Who removes the tag. Left empty: the teammate who connected the account."),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Ticket or tag not found",
)
receive = component.receive
