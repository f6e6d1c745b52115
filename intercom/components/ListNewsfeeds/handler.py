"""List Newsfeeds: GET /news/newsfeeds, page-numbered."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Newsfeeds",
    module="news",
    description="Lists the workspace's newsfeeds (each shows news items to its own audience).",
    item="newsfeed",
    item_label="Newsfeeds",
    listing=Listing("GET", "/news/newsfeeds", style="page"),
)
receive = component.receive
