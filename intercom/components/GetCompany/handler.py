"""Get Company: GET /companies/{id}; a missing company goes to the notFound port."""

from intercom.kit import Action, item_port
from intercom.kit.common import company_id

component = Action(
    label="Get Company",
    module="companies",
    description="Fetches one company by its Intercom ID. A company that does not exist leaves through the "
                "Not found port.",
    call=("GET", "/companies/{companyId}"),
    inputs=[company_id(required=True)],
    out=item_port("Company", "company"),
    not_found=True,
)
receive = component.receive
