"""Find Contact: one contact by external ID or email, through POST /contacts/search."""

from typing import Any

from intercom.client import IntercomClient, NotFoundError
from intercom.kit import Action, item_port
from intercom.kit.contacts import email_input, external_id_input, find_contact


async def find(context: Any, intercom: IntercomClient, values: dict[str, Any]) -> dict[str, Any]:
    found = await find_contact(intercom, values)
    if found is None:
        raise NotFoundError(404, [])
    return found


component = Action(
    label="Find Contact",
    module="contacts",
    description=(
        "Finds a contact by your external ID or by email; with both, the external ID decides. A "
        "contact created a moment ago can take a few minutes to be found. No match leaves through "
        "the Not found port."
    ),
    inputs=[
        external_id_input(tooltip="Your own ID of the contact, e.g. crm-42."),
        email_input(tooltip="The contact's email address, e.g. ada@example.com (used when no external "
                    "ID is given; several leads may share one, the first is returned)."),
    ],
    in_schema={"anyOf": [{"required": ["externalId"]}, {"required": ["email"]}]},
    run=find,
    out=item_port("Contact", "contact"),
    not_found=True,
)
receive = component.receive
