"""Update Company: PUT /companies/{id} with the fields the user filled in."""

from intercom.kit import Action, item_port
from intercom.kit.common import company_id
from intercom.kit.companies import COMPANY_DETAILS, company_details

component = Action(
    label="Update Company",
    module="companies",
    description=(
        "Changes the fields you fill in on one company, found by its Intercom ID; the others keep "
        "their values. Your own company ID cannot be changed once set."
    ),
    call=("PUT", "/companies/{companyId}"),
    inputs=[company_id(required=True), company_details()],
    in_schema={"anyOf": [{"required": [key]} for key in COMPANY_DETAILS]},
    out=item_port("Company", "company"),
    not_found="Company not found",
)
receive = component.receive
