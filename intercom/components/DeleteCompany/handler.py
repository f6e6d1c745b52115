"""Delete Company: DELETE /companies/{id} (Intercom archives it; its contacts stay)."""

from intercom.kit import Action, item_port
from intercom.kit.common import company_id

component = Action(
    label="Delete Company",
    module="companies",
    description=(
        "Deletes a company. Its contacts are kept and no longer belong to it; a CRM sync may bring the "
        "company back."
    ),
    call=("DELETE", "/companies/{companyId}"),
    inputs=[company_id(required=True)],
    out=item_port("Deleted company", "deleted_object"),
    not_found="Company not found",
)
receive = component.receive
