"""List Contacts: GET /contacts, cursor-paged, emitted in the chosen output mode."""

from intercom.kit import Listing, list_action

receive = list_action(
    lambda _: Listing("GET", "/contacts", style="cursor"),
    item_schema="contact",
    item_label="Contacts",
)
