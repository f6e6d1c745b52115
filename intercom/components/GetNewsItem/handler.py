"""Get News Item: GET /news/news_items/{id}; an unknown one goes to notFound."""

from intercom.kit import Action, item_port
from intercom.kit.content import news_item_id

component = Action(
    label="Get News Item",
    module="news",
    description="Fetches one news item with its newsfeeds, labels and reactions.",
    call=("GET", "/news/news_items/{newsItemId}"),
    inputs=[news_item_id(required=True)],
    out=item_port("News item", "news_item"),
    not_found=True,
)
receive = component.receive
