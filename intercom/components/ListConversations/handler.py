"""List Conversations: GET /conversations, cursor-paged, newest activity first."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Conversations",
    module="conversations",
    description=(
        "Lists the workspace's conversations page after page up to the limit you set. Listed "
        "conversations carry no messages after the first; use Get Conversation for those."
    ),
    item="conversation",
    item_label="Conversations",
    listing=Listing("GET", "/conversations", items_key="conversations"),
    per_page=150,
)
receive = component.receive
