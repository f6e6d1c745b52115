"""Create or Update Contact: POST /contacts; when it exists (409), PUT the fields on it."""

from typing import Any

from intercom.client import IntercomClient
from intercom.kit import Action, item_port
from intercom.kit.contacts import contact_body, contact_fields, create_or_update


async def upsert(context: Any, intercom: IntercomClient, values: dict[str, Any]) -> dict[str, Any]:
    return await create_or_update(intercom, contact_body(values))


component = Action(
    label="Create or Update Contact",
    module="contacts",
    description=(
        "Creates the contact, or, when one with the same email or external ID exists, updates that "
        "one with the fields you fill in. The answer is the contact either way."
    ),
    inputs=contact_fields(),
    in_schema={"anyOf": [{"required": ["externalId"]}, {"required": ["email"]}]},
    run=upsert,
    out=item_port("Contact", "contact"),
)
receive = component.receive
