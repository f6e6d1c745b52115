"""Tag Company: POST /tags with the tag's name and the companies."""

from intercom.client import InputError
from intercom.kit import Call, Action, item_port, string_list
from intercom.kit.common import tag_name


def build(v: dict) -> Call:
    return Call("POST", "/tags", json={"name": v["tagName"], "companies": [{"id": company} for company in v["companyIds"]]})


component = Action(
    label="Tag Company",
    module="tags",
    description="Puts a tag on one or more companies (up to 100); a tag name the workspace does not have yet is created.",
    inputs=[
        tag_name(required=True),
        string_list("companyIds", "Company IDs", "The companies' Intercom IDs, one per line, e.g. "
                    "6657ac356abd0166b52ae1c4.", item={"type": "string", "pattern": "^[0-9A-Za-z_-]{1,64}$"},
                    max_items=100, required=True),
    ],
    build=build,
    out=item_port("Tag", "tag"),
    not_found="Tag or company not found",
)
receive = component.receive
