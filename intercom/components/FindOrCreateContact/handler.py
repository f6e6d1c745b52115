"""Find or Create Contact: search by external ID or email; create when none (409: update it)."""

from typing import Any

from intercom.client import IntercomClient
from intercom.kit import Action, item_port
from intercom.kit.contacts import contact_body, contact_fields, create_or_update, find_contact


async def find_or_create(context: Any, intercom: IntercomClient, values: dict[str, Any]) -> dict[str, Any]:
    found = await find_contact(intercom, values)
    if found is not None:
        return found
    # Search lags behind writes: a contact it missed makes the create fail with 409, and the
    # conflict names it, so the fields given are written to that contact instead.
    return await create_or_update(intercom, contact_body(values))


component = Action(
    label="Find or Create Contact",
    module="contacts",
    description=(
        "Looks the contact up by external ID (or email) and hands it back as it is; when there is "
        "none, creates it with the fields you fill in. If Intercom reports that it exists after all "
        "(search lags a few minutes behind), that contact is updated with those fields instead."
    ),
    inputs=contact_fields(),
    in_schema={"anyOf": [{"required": ["externalId"]}, {"required": ["email"]}]},
    run=find_or_create,
    out=item_port("Contact", "contact"),
)
receive = component.receive
