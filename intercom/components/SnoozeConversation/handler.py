"""Snooze Conversation: POST /conversations/{id}/parts with message_type snoozed."""

from intercom.kit import Action, item_port
from intercom.kit.conversation_parts import acting_teammate, conversation, part_call, snoozed_until

component = Action(
    label="Snooze Conversation",
    module="conversations",
    description=(
        "Snoozes a conversation until the time you give: it leaves the open inbox and comes back then, "
        "or sooner if the contact replies. The answer is the updated conversation."
    ),
    inputs=[conversation("snooze"), snoozed_until(required=True), acting_teammate()],
    build=lambda v: part_call("snoozed", v),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
