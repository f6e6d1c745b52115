"""Detach Contact from Company: DELETE /contacts/{contact_id}/companies/{id}."""

from intercom.kit import Action, contact_id, item_port
from intercom.kit.common import company_id

component = Action(
    label="Detach Contact from Company",
    module="companies",
    description="Removes a contact from a company; both remain. The answer is the company.",
    call=("DELETE", "/contacts/{contactId}/companies/{companyId}"),
    inputs=[contact_id(required=True), company_id(required=True)],
    out=item_port("Company", "company"),
    not_found="Contact or company not found",
)
receive = component.receive
