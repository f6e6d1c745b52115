"""Get Contact: GET /contacts/{id}; a missing contact goes to the notFound port."""

from intercom.kit import Action, contact_id, item_port

component = Action(
    label="Get Contact",
    module="contacts",
    description=(
        "Fetches one contact (user or lead) by its Intercom ID. A contact that does not exist, or was "
        "merged into another, leaves through the Not found port."
    ),
    call=("GET", "/contacts/{contactId}"),
    inputs=[contact_id(required=True)],
    out=item_port("Contact", "contact"),
    not_found=True,
)
receive = component.receive
