"""Data Attribute Options: the account's data attributes of one model, for dropdowns."""

from intercom.kit import ListAction, Listing, choice

component = ListAction(
    label="Data Attribute Options",
    module="data",
    private=True,
    description=(
        "Lists the workspace's data attributes (of contacts, companies or conversations) to fill the "
        "attribute dropdowns and search fields of other components."
    ),
    item="data_attribute",
    item_label="Data attributes",
    inputs=[
        choice("model", "Of", "Whose attributes: contacts', companies' or conversations'; all when empty.",
               [("contact", "Contacts"), ("company", "Companies"), ("conversation", "Conversations")]),
    ],
    listing=lambda v: Listing(
        "GET", "/data_attributes", style="single", params={"model": v["model"]} if "model" in v else {}
    ),
)
receive = component.receive
