"""Open Conversation: POST /conversations/{id}/parts with message_type open."""

from intercom.kit import Action, item_port
from intercom.kit.conversation_parts import acting_teammate, conversation, part_call

component = Action(
    label="Open Conversation",
    module="conversations",
    description=(
        "Opens a closed or snoozed conversation again, as a teammate, so it is back in the inbox. The "
        "answer is the updated conversation."
    ),
    inputs=[conversation("open"), acting_teammate()],
    build=lambda v: part_call("open", v),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
