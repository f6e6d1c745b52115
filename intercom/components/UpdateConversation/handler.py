"""Update Conversation: PUT /conversations/{id} (read state, custom attributes)."""

from intercom.kit import Action, choice, conversation_id, item_port
from intercom.kit.common import custom_attributes

component = Action(
    label="Update Conversation",
    module="conversations",
    description=(
        "Marks a conversation as read or unread and sets its custom attributes (Settings, Data, "
        "Conversations in Intercom). The answer is the updated conversation."
    ),
    call=("PUT", "/conversations/{conversationId}"),
    inputs=[
        conversation_id(required=True),
        choice("read", "Read", "Mark the conversation as read or as unread; left empty, it stays as it is.",
               [("read", "Read"), ("unread", "Unread")], convert=lambda v, _: v == "read"),
        custom_attributes("conversation", tooltip="One row per conversation attribute, e.g. order_number "
                          "= 10452; the attribute must already exist in Intercom (Settings, Data, "
                          "Conversations)."),
    ],
    in_schema={"anyOf": [{"required": ["read"]}, {"required": ["customAttributes"]}]},
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
