"""Tag Conversation: POST /conversations/{id}/tags, as a teammate."""

from intercom.client import endpoint
from intercom.kit import Action, Call, admin_or_acting, item_port, tag, teammate
from intercom.kit.common import conversation_id


def build(v: dict) -> Call:
    return Call("POST", endpoint("/conversations/{id}/tags", id=v["conversationId"]),
                json={"id": v["tagId"], "admin_id": admin_or_acting(v.get("adminId"))})


component = Action(
    label="Tag Conversation",
    module="tags",
    description="Puts a tag on a conversation, as a teammate. The answer is the tag.",
    inputs=[
        conversation_id(required=True),
        tag(required=True),
        teammate(tooltip="Who tags it. Left empty: the teammate who connected the account."),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Conversation or tag not found",
)
receive = component.receive
