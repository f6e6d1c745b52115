"""List News Items: GET /news/news_items, page-numbered."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List News Items",
    module="news",
    description=(
        "Lists the workspace's news items, drafts and live ones, page after "
        "page up to the limit you set."
    ),
    item="news_item",
    item_label="News items",
    listing=Listing("GET", "/news/news_items", style="page"),
)
receive = component.receive
