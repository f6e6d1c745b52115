"""Assign Conversation: POST /conversations/{id}/parts with message_type assignment."""

from intercom.kit import Action, item_port
from intercom.kit.conversation_parts import (
    ASSIGNEE_RULES,
    acting_teammate,
    assignee_inputs,
    conversation,
    part_call,
    part_note,
)

component = Action(
    label="Assign Conversation",
    module="conversations",
    description=(
        "Assigns a conversation to a teammate or a team (or, with ID 0, takes the assignment away), "
        "optionally with a note for teammates. The answer is the updated conversation."
    ),
    inputs=[conversation("assign"), *assignee_inputs(), part_note("Note"), acting_teammate()],
    in_schema={"allOf": ASSIGNEE_RULES},
    build=lambda v: part_call("assignment", v),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation, teammate or team not found",
)
receive = component.receive
