"""Create Ticket: POST /tickets for one contact, the chosen ticket type's attributes as inputs."""

from typing import Any

from intercom.client import IntercomClient
from intercom.kit import Action, item_port
from intercom.kit.common import (
    CONTACT_IDENTIFIERS,
    company_id,
    contact_identifiers,
    first_of,
    ticket_type,
)
from intercom.kit.declare import input_message
from intercom.kit.ticket_attributes import (
    answered_inspector_call,
    inspector_source,
    other_attributes,
    pattern_properties,
    ticket_attributes,
    title_and_description,
)

# Intercom's names for the three ways of naming the ticket's contact.
CONTACT_KEYS = {"contactId": "id", "contactEmail": "email", "contactExternalId": "external_id"}


async def create(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> Any:
    if await answered_inspector_call(context, intercom, component, v):
        return None
    contact = {api: v[ours] for ours, api in CONTACT_KEYS.items() if ours in v}
    body: dict[str, Any] = {"ticket_type_id": v["ticketTypeId"], "contacts": [contact]}
    if "companyId" in v:
        body["company_id"] = v["companyId"]
    attributes = ticket_attributes(v, input_message(context))
    if attributes:
        body["ticket_attributes"] = attributes
    return await intercom.post("/tickets", body)


component = Action(
    label="Create Ticket",
    module="tickets",
    description=(
        "Creates a ticket of the type you pick for one contact (named by Intercom ID, email or external "
        "ID; an unknown email becomes a new contact). Picking the type shows its attributes as inputs. "
        "The answer is the new ticket."
    ),
    inputs=[
        ticket_type(required=True),
        *contact_identifiers("the ticket is for"),
        *title_and_description(),
        company_id(tooltip="Optional: the Intercom ID of the contact's company the ticket is about, e.g. "
                   "6657ac356abd0166b52ae1c4."),
        other_attributes(),
    ],
    in_schema={**first_of(*CONTACT_IDENTIFIERS), **pattern_properties()},
    inspector_source=inspector_source("tickets", "CreateTicket"),
    run=create,
    out=item_port("Ticket", "ticket"),
    not_found="Ticket type or contact not found",
)
receive = component.receive
