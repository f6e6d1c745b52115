"""Find Company: GET /companies?company_id=... or ?name=...; none goes to the notFound port."""

from typing import Any

from intercom.client import IntercomClient, NotFoundError
from intercom.kit import Action, item_port, text
from intercom.kit.common import first_of


async def find(context: Any, intercom: IntercomClient, values: dict[str, Any]) -> dict[str, Any]:
    query = {"company_id": values["companyExternalId"]} if "companyExternalId" in values else {
        "name": values["name"]}
    found = await intercom.get("/companies", params=query)
    # Intercom answers one company; be ready for the list wrapper its description promises.
    if isinstance(found, dict) and found.get("type") == "list":
        records = found.get("data") or []
        if not records:
            raise NotFoundError(404, [])
        return records[0]
    return found


component = Action(
    label="Find Company",
    module="companies",
    description=(
        "Finds a company by your own company ID or by its exact name. No match leaves through the "
        "Not found port."
    ),
    inputs=[
        text("companyExternalId", "Your company ID", "Your own ID of the company (its company_id), e.g. "
             "acme-ltd.", min_length=1, max_length=255),
        text("name", "Name", "Or the company's name, exactly as in Intercom, e.g. Acme Ltd.",
             min_length=1, max_length=255, pattern="\\S", form="a name that is not blank"),
    ],
    in_schema=first_of("companyExternalId", "name"),
    run=find,
    out=item_port("Company", "company"),
    not_found=True,
)
receive = component.receive
