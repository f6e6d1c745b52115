"""Untag Company: POST /tags with the tag's name and the companies marked untag."""

from intercom.kit import Action, Call, item_port
from intercom.kit.common import tag_name
from intercom.kit.companies import company_ids


def build(v: dict) -> Call:
    companies = [{"id": c, "untag": True} for c in v["companyIds"]]
    return Call("POST", "/tags", json={"name": v["tagName"], "companies": companies})


component = Action(
    label="Untag Company",
    module="tags",
    description="Takes a tag off one or more companies (up to 100).",
    inputs=[
        tag_name(required=True),
        company_ids(required=True),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Tag or company not found",
)
receive = component.receive
