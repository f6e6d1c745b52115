"""Reply to Conversation: POST /conversations/{id}/reply, as a teammate or as the contact."""

from intercom.client import endpoint
from intercom.kit import Action, Call, conversation_id, item_port
from intercom.kit.replies import REPLY_RULES, reply_body, reply_inputs

component = Action(
    label="Reply to Conversation",
    module="conversations",
    description=(
        "Adds a reply to a conversation: a message or an internal note from a teammate, or a message "
        "from the contact, with up to 10 images attached by URL. The answer is the updated conversation."
    ),
    inputs=[
        conversation_id(
            tooltip="The conversation to reply to, e.g. the conversation ID output of Create Conversation. "
                    "For a contact's reply, 'last' means their most recent conversation.",
            pattern="^([0-9]{1,20}|last)$", what="a conversation ID (digits), or 'last' for the contact's "
            "latest conversation", required=True,
        ),
        *reply_inputs("Message"),
    ],
    in_schema=REPLY_RULES,
    build=lambda v: Call("POST", endpoint("/conversations/{id}/reply", id=v["conversationId"]),
                         json=reply_body(v)),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
