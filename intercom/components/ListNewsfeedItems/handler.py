"""List Newsfeed Items: GET /news/newsfeeds/{id}/items, the live items of one feed, page-numbered."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing
from intercom.kit.common import newsfeed

component = ListAction(
    label="List Newsfeed Items",
    module="news",
    description=(
        "Lists the news items live in one newsfeed right now, page after page "
        "up to the limit you set."
    ),
    item="news_item",
    item_label="News items",
    inputs=[newsfeed(required=True)],
    listing=lambda v: Listing(
        "GET", endpoint("/news/newsfeeds/{id}/items", id=v["newsfeedId"]), style="page"
    ),
)
receive = component.receive
