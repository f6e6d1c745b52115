"""List Data Attributes: GET /data_attributes (the whole list in one answer)."""

from intercom.kit import ListAction, Listing, choice, toggle


def listing(v: dict) -> Listing:
    params = {"model": v["model"]} if "model" in v else {}
    if v.get("includeArchived"):
        params["include_archived"] = "true"
    return Listing("GET", "/data_attributes", style="single", params=params)


component = ListAction(
    label="List Data Attributes",
    module="data",
    description=(
        "Lists the attributes contacts, companies or conversations carry, built in and custom, with "
        "their data types: the names to use in custom attributes and searches."
    ),
    item="data_attribute",
    item_label="Data attributes",
    inputs=[
        choice("model", "Of", "Whose attributes: contacts', companies' or conversations'; all when empty.",
               [("contact", "Contacts"), ("company", "Companies"), ("conversation", "Conversations")]),
        toggle("includeArchived", "Include archived", "On: archived attributes are listed too."),
    ],
    listing=listing,
)
receive = component.receive
