"""Add Note to Conversation: POST /conversations/{id}/reply with message_type note."""

from intercom.client import endpoint
from intercom.kit import Action, Call, admin_or_acting, item_port, textarea
from intercom.kit.common import attachment_urls
from intercom.kit.conversation_parts import acting_teammate, conversation


def build(v: dict) -> Call:
    body = {"message_type": "note", "type": "admin", "admin_id": admin_or_acting(v.get("adminId")),
            "body": v["body"], **({"attachment_urls": v["attachmentUrls"]} if "attachmentUrls" in v else {})}
    return Call("POST", endpoint("/conversations/{id}/reply", id=v["conversationId"]), json=body)


component = Action(
    label="Add Note to Conversation",
    module="conversations",
    description=(
        "Leaves an internal note in a conversation: teammates see it, the contact does not. The answer "
        "is the updated conversation."
    ),
    inputs=[
        conversation("add the note to"),
        textarea("body", "Note", "The note's text; simple HTML such as <b> and <a> is kept.",
                 max_length=65535, not_blank=True, required=True),
        attachment_urls(),
        acting_teammate(),
    ],
    build=build,
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
