"""Attach Contact to Company: POST /contacts/{id}/companies."""

from intercom.kit import Action, contact_id, item_port
from intercom.kit.common import company_id

component = Action(
    label="Attach Contact to Company",
    module="companies",
    description="Makes a contact belong to a company (a contact can belong to several). The answer is the "
                "company.",
    call=("POST", "/contacts/{contactId}/companies"),
    inputs=[contact_id(required=True), company_id(required=True, api="body.id")],
    out=item_port("Company", "company"),
    not_found="Contact or company not found",
)
receive = component.receive
