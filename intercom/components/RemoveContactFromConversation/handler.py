"""Remove Contact from Conversation: DELETE /conversations/{id}/customers/{contact_id}."""

from intercom.client import endpoint
from intercom.kit import Action, Call, Port, admin_or_acting, contact_id
from intercom.kit.conversation_parts import PARTICIPANTS, acting_teammate, conversation


def build(v: dict) -> Call:
    path = endpoint("/conversations/{id}/customers/{contact}", id=v["conversationId"], contact=v["contactId"])
    return Call("DELETE", path, json={"admin_id": admin_or_acting(v.get("adminId"))})


component = Action(
    label="Remove Contact from Conversation",
    module="conversations",
    description=(
        "Takes a participant out of a group conversation. Intercom refuses to remove the last contact "
        "of a conversation. The answer lists the conversation's contacts."
    ),
    inputs=[conversation("remove the contact from"),
            contact_id(tooltip="The Intercom ID of the participant to remove, e.g. 6657ac8a6abd0166b52ae266.",
                       required=True),
            acting_teammate()],
    build=build,
    out=Port("Participants", PARTICIPANTS),
    not_found="Conversation or contact not found",
)
receive = component.receive
