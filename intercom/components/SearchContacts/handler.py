"""Search Contacts: POST /contacts/search, the cursor in the body, emitted in the chosen mode."""

from intercom.kit import Listing, list_action

receive = list_action(
    lambda data: Listing("POST", "/contacts/search", style="search", json={"query": data["query"]}),
    item_schema="contact",
    item_label="Contacts",
)
