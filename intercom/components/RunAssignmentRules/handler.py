"""Run Assignment Rules: POST /conversations/{id}/run_assignment_rules (no body)."""

from intercom.client import endpoint
from intercom.kit import Action, Call, item_port
from intercom.kit.conversation_parts import conversation

component = Action(
    label="Run Assignment Rules",
    module="conversations",
    description=(
        "Runs the workspace's assignment rules on a conversation again, as if it had just come in, so it "
        "lands with the teammate or team the rules pick. Intercom deprecated this from API 2.12 and "
        "plans to switch it off at the end of 2026. The answer is the updated conversation."
    ),
    inputs=[conversation("run the rules on")],
    build=lambda v: Call(
        "POST", endpoint("/conversations/{id}/run_assignment_rules", id=v["conversationId"])
    ),
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
