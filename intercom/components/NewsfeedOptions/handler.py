"""Newsfeed Options: the workspace's newsfeeds, for newsfeed dropdowns."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Newsfeed Options",
    module="news",
    private=True,
    description="Lists the workspace's newsfeeds to fill the newsfeed dropdowns of other components.",
    item="newsfeed",
    item_label="Newsfeeds",
    listing=Listing("GET", "/news/newsfeeds", style="page"),
)
receive = component.receive
