"""Create or Update Company: POST /companies, keyed on your own company ID."""

from intercom.kit import Action, item_port
from intercom.kit.companies import company_details, external_company_id

component = Action(
    label="Create or Update Company",
    module="companies",
    description=(
        "Creates a company, or updates the one that already has the same company ID (your own ID of "
        "it). Only the fields you fill in are sent. Intercom lists a company only once a contact "
        "belongs to it (Attach Contact to Company)."
    ),
    call=("POST", "/companies"),
    inputs=[external_company_id(), company_details()],
    in_schema={"anyOf": [{"required": ["companyExternalId"]}, {"required": ["name"]}]},
    out=item_port("Company", "company"),
)
receive = component.receive
