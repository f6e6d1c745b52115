"""Manage Conversation: close, snooze, open or assign, chosen by the Action input."""

from intercom.kit import Action, choice, item_port
from intercom.kit.conversation_parts import (
    ACTIONS,
    ASSIGNEE_RULES,
    acting_teammate,
    assignee_inputs,
    conversation,
    part_call,
    part_note,
    snoozed_until,
)


def _if_action(action: str, then: dict) -> dict:
    return {"if": {"required": ["action"], "properties": {"action": {"const": action}}}, "then": then}


component = Action(
    label="Manage Conversation",
    module="conversations",
    description=(
        "Changes a conversation's state in one step whose action a flow can choose: close, snooze until "
        "a time, open again, or assign to a teammate or team. The answer is the updated conversation."
    ),
    inputs=[
        conversation("change"),
        choice("action", "Action", "What to do with the conversation.", ACTIONS, required=True),
        snoozed_until(when={"eq": {"./action": "snoozed"}}),
        *assignee_inputs({"./action": "assignment"}),
        part_note("Note (close or assign)"),
        acting_teammate(),
    ],
    in_schema={"allOf": [
        _if_action("snoozed", {"required": ["snoozedUntil"]}),
        _if_action("assignment", {"allOf": ASSIGNEE_RULES}),
    ]},
    build=lambda v: part_call(v["action"], v),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation, teammate or team not found",
)
receive = component.receive
