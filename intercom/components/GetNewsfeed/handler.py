"""Get Newsfeed: GET /news/newsfeeds/{id}; an unknown one goes to notFound."""

from intercom.kit import Action, item_port
from intercom.kit.common import newsfeed

component = Action(
    label="Get Newsfeed",
    module="news",
    description="Fetches one newsfeed by its ID.",
    call=("GET", "/news/newsfeeds/{newsfeedId}"),
    inputs=[newsfeed(required=True)],
    out=item_port("Newsfeed", "newsfeed"),
    not_found=True,
)
receive = component.receive
