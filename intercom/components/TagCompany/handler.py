"""Tag Company: POST /tags with the tag's name and the companies."""

from intercom.kit import Action, Call, item_port
from intercom.kit.common import tag_name
from intercom.kit.companies import company_ids


def build(v: dict) -> Call:
    companies = [{"id": c} for c in v["companyIds"]]
    return Call("POST", "/tags", json={"name": v["tagName"], "companies": companies})


component = Action(
    label="Tag Company",
    module="tags",
    description=(
        "Puts a tag on one or more companies (up to 100); a tag name the workspace does not have yet "
        "is created."
    ),
    inputs=[
        tag_name(required=True),
        company_ids(required=True),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Tag or company not found",
)
receive = component.receive
