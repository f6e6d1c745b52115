"""Close Conversation: POST /conversations/{id}/parts with message_type close."""

from intercom.kit import Action, item_port
from intercom.kit.conversation_parts import acting_teammate, conversation, part_call, part_note

component = Action(
    label="Close Conversation",
    module="conversations",
    description=(
        "Closes a conversation as a teammate, optionally with a closing note. A reply from the contact "
        "opens it again. The answer is the updated conversation."
    ),
    inputs=[conversation("close"), part_note("Closing note"), acting_teammate()],
    build=lambda v: part_call("close", v),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
