"""Create News Item: POST /news/news_items, a draft or live announcement in chosen newsfeeds."""

from intercom.kit import Action, item_port
from intercom.kit.content import NEWS_SCHEMA, news_fields, news_item_call

component = Action(
    label="Create News Item",
    module="news",
    description=(
        "Writes an announcement from a teammate, as a draft or live straight away, in the newsfeeds you "
        "pick, with labels and the emoji readers can react with."
    ),
    call=("POST", "/news/news_items"),
    inputs=news_fields(creating=True),
    in_schema=NEWS_SCHEMA,
    build=lambda values: news_item_call(component.request(values), values),
    out=item_port("News item", "news_item"),
)
receive = component.receive
