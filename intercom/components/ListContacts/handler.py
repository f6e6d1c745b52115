"""List Contacts: GET /contacts, cursor-paged, emitted in the chosen output mode."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Contacts",
    module="contacts",
    description=(
        "Lists the workspace's contacts (users and leads), newest first, page after page up to the "
        "limit you set; the output says whether the limit cut the listing."
    ),
    item="contact",
    item_label="Contacts",
    listing=Listing("GET", "/contacts"),
)
receive = component.receive
