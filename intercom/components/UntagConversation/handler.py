"""Untag Conversation: DELETE /conversations/{id}/tags/{tag_id}, with the teammate in the body."""

from intercom.client import endpoint
from intercom.kit import Action, Call, admin_or_acting, item_port, tag, teammate
from intercom.kit.common import conversation_id


def build(v: dict) -> Call:
    return Call("DELETE", endpoint("/conversations/{id}/tags/{tag}", id=v["conversationId"], tag=v["tagId"]),
                json={"admin_id": admin_or_acting(v.get("adminId"))})


component = Action(
    label="Untag Conversation",
    module="tags",
    description="Takes a tag off a conversation, as a teammate. The answer is the tag.",
    inputs=[
        conversation_id(required=True),
        tag(required=True),
        teammate(tooltip="Who removes the tag. Left empty: the teammate who connected the account."),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Conversation or tag not found",
)
receive = component.receive
