"""Add Contact to Conversation: POST /conversations/{id}/customers, the contact by any identifier."""

from intercom.client import endpoint
from intercom.kit import Action, Call, Port, admin_or_acting
from intercom.kit.common import CONTACT_IDENTIFIERS, contact_identifiers, first_of
from intercom.kit.conversation_parts import PARTICIPANTS, acting_teammate, conversation

# Intercom's names for the three ways of naming the contact.
CUSTOMER_KEYS = {"contactId": "intercom_user_id", "contactEmail": "email", "contactExternalId": "user_id"}


def build(v: dict) -> Call:
    customer = {api: v[ours] for ours, api in CUSTOMER_KEYS.items() if ours in v}
    return Call("POST", endpoint("/conversations/{id}/customers", id=v["conversationId"]),
                json={"admin_id": admin_or_acting(v.get("adminId")), "customer": customer})


component = Action(
    label="Add Contact to Conversation",
    module="conversations",
    description=(
        "Adds a contact to a conversation as another participant (a group conversation), named by "
        "Intercom ID, email or your external ID. The answer lists the conversation's contacts."
    ),
    inputs=[conversation("add the contact to"), *contact_identifiers("joins the conversation"),
            acting_teammate()],
    in_schema=first_of(*CONTACT_IDENTIFIERS),
    build=build,
    out=Port("Participants", PARTICIPANTS),
    not_found="Conversation or contact not found",
)
receive = component.receive
